import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config';
import { ensureDatabase, migrate } from '../src/db/database';
import { ormOptions } from '../src/db/orm.config';
import { verifyChain } from '../src/modules/audit/audit-chain';
import { startGateway, type TestGateway } from './helpers/gateway';
import { TEMPLATE, ensureTemplate } from './helpers/template';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

it('keeps the migrations in step with the entities: a migrated database needs no further change', async () => {
  const pending = await gw.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  expect(pending.trim()).toBe('');
});

describe('upgrading a database with a history', () => {
  const BEFORE_THE_CHAIN = 'Migration20261123024435_audit_append_only';
  // The same database twice: as the test prepares and checks it, and as a deployment upgrades it
  // with a statement timeout far below what the upgrade needs.
  let setup: MikroORM;
  let deployment: MikroORM;

  beforeAll(async () => {
    const server = process.env.KETENPOORT_TEST_SERVER!;
    const url = `${server}/t_upgrade_${randomBytes(6).toString('hex')}`;
    const { db } = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url });
    await ensureTemplate(server, db);
    await ensureDatabase(server, new URL(url).pathname.slice(1), TEMPLATE);
    setup = await MikroORM.init(ormOptions(url, db));
    deployment = await MikroORM.init(ormOptions(url, loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: '250' }).db));
  });
  afterAll(async () => {
    await deployment?.close(true);
    await setup?.close(true);
  });

  it("runs each migration to its end, however longer than a request's statement timeout it takes", async () => {
    // Back to a log without its hash chain, as a deployment of that time kept it, and a year of it.
    await setup.getMigrator().down({ to: BEFORE_THE_CHAIN });
    await setup.em.getConnection().execute(
      `insert into audit_event (occurred_at, event_type, action, outcome, roles, categories, fields, client_id)
       select now() - interval '1 year' + n * interval '1 hour', 'client.read', 'R', 'GRANTED', '{CASE_MANAGER}', '{IDENTITY}', '{}', null
         from generate_series(1, 10000) n`,
    );
    await migrate(deployment);
    expect(await setup.getMigrator().getPendingMigrations()).toEqual([]);
    // The migration chained every entry, in the order they were written.
    const report = await verifyChain(setup.em.fork());
    expect(report.broken).toBeNull();
    expect(report.checked).toBeGreaterThanOrEqual(10000);
  }, 120_000);
});
