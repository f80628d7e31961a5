/**
 * The root lists that are not paged — signals, referrals, handovers, the break-glass review — give
 * the newest NEWEST_AT_MOST and say so in their descriptions: past it the oldest are left out,
 * never an arbitrary few, and a reader of the schema knows there can be more.
 */
import { buildSchema } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { NEWEST_AT_MOST } from '../../src/common/pagination';
import { DEMO, demoId } from '../../src/db/demo/seed';
import { sql } from '../helpers/audit';
import { startGateway, type TestGateway } from '../helpers/gateway';

const HER = DEMO.client(14);
const IRISZORG_CASE_MANAGER = demoId(3, 1);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
}, 120000);
afterAll(() => gw.close());

/** `n` rows a minute apart, the newest a minute ago: newer than anything of the demo chain. */
const recent = (n: number) => `from generate_series(1, ${n}) g`;

it('signals: the newest of more than the bound, newest first, the oldest left out', async () => {
  await sql(
    gw,
    `insert into signal (client_id, raised_by_id, raised_by_organisation_id, category, text, raised_at)
     select ?, ?, ?, 'BASIC', 'bound ' || g, now() - g * interval '1 minute' ${recent(NEWEST_AT_MOST + 1)}`,
    [HER, IRISZORG_CASE_MANAGER, DEMO.org.iriszorg],
  );
  const newest = await sql<{ id: string }[]>(gw, `select id from signal where text like 'bound %' order by raised_at desc limit ?`, [NEWEST_AT_MOST]);
  const res = await (await gw.as('casemanager@iriszorg.example')).query('{ signals { id } }');
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.signals).toEqual(newest.map(({ id }) => ({ id })));
});

it('the break-glass review: the newest of more than the bound, newest first, the oldest left out', async () => {
  await sql(
    gw,
    `insert into break_glass_grant (client_id, professional_id, organisation_id, reason, started_at, expires_at)
     select ?, ?, ?, 'bound of the review ' || g, now() - g * interval '1 minute' - interval '1 day', now() - g * interval '1 minute' - interval '20 hours' ${recent(NEWEST_AT_MOST + 1)}`,
    [HER, IRISZORG_CASE_MANAGER, DEMO.org.iriszorg],
  );
  const newest = await sql<{ id: string }[]>(gw, `select id from break_glass_grant where reason like 'bound of the review %' order by started_at desc limit ?`, [NEWEST_AT_MOST]);
  const res = await (await gw.as('procesregie@zvh.example')).query('{ breakGlassReview { id } }');
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.breakGlassReview).toEqual(newest.map(({ id }) => ({ id })));
});

it('every such list says in the schema that it gives the newest, and how many at most', () => {
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  const fields = schema.getQueryType()!.getFields();
  for (const name of ['signals', 'referrals', 'handovers', 'breakGlassReview']) {
    expect(fields[name].description).toMatch(new RegExp(`newest first, at most ${NEWEST_AT_MOST}\\.$`));
  }
});
