import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MigrationObject } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../src/config';
import { ensureDatabase, migrate } from '../src/db/database';
import { DEMO } from '../src/db/demo/seed';
import { ormOptions } from '../src/db/orm.config';
import { primaryReader } from '../src/db/read-replica';
import { verifyChain } from '../src/modules/audit/audit-chain';
import { monitoringFigures } from '../src/modules/monitoring/monitoring-figures';
import { migrationsList } from '../migrations';
import { REPO_ROOT } from '../src/common/paths';
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

describe('a landed migration', () => {
  // A database runs each migration once. One edited after it ran is not run again: the database
  // keeps what it ran, out of step with the code and with every fresh database (011586e did that,
  // mended by a migration of its own). So each migration's SQL is pinned, by hash, in
  // migrations/landed.json when it lands; a change to what a landed migration runs fails here and
  // belongs in a new migration. Whitespace counts: it is part of a function's stored body.
  const LANDED = path.join(REPO_ROOT, 'migrations', 'landed.json');
  const landed: Record<string, string> = JSON.parse(fs.readFileSync(LANDED, 'utf8'));

  /** What the migration runs up and down, by hash: its statements as MikroORM would send them. */
  async function sqlHash(migration: MigrationObject): Promise<string> {
    const sql: Record<string, string[]> = {};
    for (const direction of ['up', 'down'] as const) {
      // None of them reads the database to decide what to run; one that did would fail here, not pass.
      const instance = new migration.class(undefined as never, undefined as never) as Migration;
      await instance[direction]();
      sql[direction] = instance.getQueries().map(String);
    }
    return createHash('sha256').update(JSON.stringify(sql)).digest('hex');
  }

  it.each(migrationsList.map((m) => [m.name, m] as const))('%s still runs what it ran when it landed', async (name, migration) => {
    const hash = await sqlHash(migration);
    if (!(name in landed)) throw new Error(`${name} is not pinned: once it lands, add "${name}": "${hash}" to migrations/landed.json`);
    expect({ name, hash }).toEqual({ name, hash: landed[name] });
  });

  it('has every pinned migration still in the list', () => {
    expect(Object.keys(landed).filter((name) => !migrationsList.some((m) => m.name === name))).toEqual([]);
  });
});

describe('upgrading a database with a history', () => {
  const BEFORE_THE_CHAIN = 'Migration20261123024435_audit_append_only';
  // The same database twice: as the test prepares and checks it, and as a deployment upgrades it
  // with a statement timeout far below what the upgrade needs.
  let setup: MikroORM;
  let deployment: MikroORM;
  let url: string;

  beforeAll(async () => {
    const server = process.env.KETENPOORT_TEST_SERVER!;
    url = `${server}/t_upgrade_${randomBytes(6).toString('hex')}`;
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

  it('gives a database that ran chain_at_the_time before its refresh was split the refresh of women who never moved', async () => {
    // chain_at_the_time once created the split itself, but only after databases had run it: as they
    // have it, one refresh by chain for every woman. Down to there runs the split's own down() too.
    const BEFORE_THE_SPLIT = 'Migration20261203090000_break_glass_review_newest_first';
    const refreshes = async () =>
      (await setup.em.getConnection().execute<{ proname: string }[]>(`select proname from pg_proc where proname like 'activity_summary_refresh%' order by 1`)).map((r) => r.proname);
    await setup.getMigrator().down({ to: BEFORE_THE_SPLIT });
    expect(await refreshes()).toEqual(['activity_summary_refresh']);
    await migrate(deployment);
    expect(await setup.getMigrator().getPendingMigrations()).toEqual([]);
    expect(await refreshes()).toEqual(['activity_summary_refresh', 'activity_summary_refresh_as_registered', 'activity_summary_refresh_by_chain']);

    // An hour logged for a woman who never moved is refreshed as registered, one for KP-005 (handed
    // over to Arnhem in 2023) by chain: counted by PostgreSQL in the transaction that logs them.
    const [{ id: neverMoved }] = await setup.em.getConnection().execute(
      `select c.id from client c where c.municipality_id = ? and not exists (select 1 from handover h where h.client_id = c.id and h.status = 'COMPLETED' and h.destination = 'OTHER_MUNICIPALITY') order by c.id limit 1`,
      [DEMO.org.nijmegen],
    );
    const activity = async (municipalityId: string, [from, to]: [string, string]) =>
      (await monitoringFigures(primaryReader(setup.em.fork()), municipalityId, from, to)).activity;
    // A week before the demo chain's first log, in Nijmegen, before KP-005 left it; and one after she left, which the demo's logs run through up to today.
    const BEFORE: [string, string] = ['2020-03-02', '2020-03-08'];
    const AFTER: [string, string] = ['2024-03-04', '2024-03-10'];
    const untilNow = { nijmegen: await activity(DEMO.org.nijmegen, AFTER), arnhem: await activity(DEMO.org.arnhem, AFTER) };

    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    const refreshedBy = async (client: string, days: string[]) => {
      await pg.query('begin');
      try {
        await pg.query(`set local track_functions = 'pl'`);
        // Counts a transaction before had not yet reported are in them too (PostgreSQL 15 on): what this insert adds.
        const calls = async () =>
          (
            await pg.query(`select coalesce(pg_stat_get_xact_function_calls('activity_summary_refresh_as_registered(uuid[])'::regprocedure), 0)::int as "asRegistered",
                                   coalesce(pg_stat_get_xact_function_calls('activity_summary_refresh_by_chain(uuid[])'::regprocedure), 0)::int as "byChain"`)
          ).rows[0];
        const before = await calls();
        await pg.query(
          `insert into activity_log (client_id, professional_id, day, minutes) select $1, (select id from professional order by id limit 1), d::date, 60 from unnest($2::text[]) d`,
          [client, days],
        );
        const after = await calls();
        await pg.query('commit');
        return { asRegistered: after.asRegistered - before.asRegistered, byChain: after.byChain - before.byChain };
      } catch (err) {
        await pg.query('rollback');
        throw err;
      }
    };
    try {
      expect(await refreshedBy(neverMoved, ['2020-03-03'])).toEqual({ asRegistered: 1, byChain: 0 });
      expect(await refreshedBy(DEMO.client(5), ['2020-03-05', '2024-03-05'])).toEqual({ asRegistered: 0, byChain: 1 });
    } finally {
      await pg.end();
    }
    // The figures are those of the logged hours, each in the chain of its day.
    expect(await activity(DEMO.org.nijmegen, BEFORE)).toEqual({ minutes: 120, clientWeeks: 2, clients: 2 });
    expect(await activity(DEMO.org.arnhem, BEFORE)).toEqual({ minutes: 0, clientWeeks: 0, clients: 0 });
    expect(await activity(DEMO.org.nijmegen, AFTER)).toEqual(untilNow.nijmegen);
    expect((await activity(DEMO.org.arnhem, AFTER)).minutes).toBe(untilNow.arnhem.minutes + 60);
  });
});
