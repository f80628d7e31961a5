/**
 * The root lists that are not paged — signals, referrals, handovers, the break-glass review — give
 * the newest NEWEST_AT_MOST, or the newest `first`, and say so in their descriptions: past it the
 * oldest are left out, never an arbitrary few, and a reader of the schema knows there can be more.
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
  // The demo's Iriszorg made one referral; three more, a day apart, give `first` a head to take.
  await sql(
    gw,
    `insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, reason_category, reason, created_at)
     select ?, ?, ?, ?, 'BASIC', 'one of three', now() - g * interval '1 day' from generate_series(1, 3) g`,
    [HER, DEMO.org.iriszorg, IRISZORG_CASE_MANAGER, DEMO.stapteam],
  );
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

/** Each list as one of its readers asks for it, with `first` where given. */
const LISTS = [
  { name: 'signals', reader: 'casemanager@iriszorg.example', ask: (first: string) => `signals${first}` },
  { name: 'referrals', reader: 'casemanager@iriszorg.example', ask: (first: string) => `referrals${first}` },
  { name: 'handovers', reader: 'casemanager@iriszorg.example', ask: (first: string) => `handovers(direction: OUTGOING${first.replace('(', ', ').replace(')', '')})` },
  { name: 'breakGlassReview', reader: 'procesregie@zvh.example', ask: (first: string) => `breakGlassReview${first}` },
];

describe.each(LISTS)('$name with `first`', ({ name, reader, ask }) => {
  it('gives the newest that many: the head of the whole list, in its order', async () => {
    const caller = await gw.as(reader);
    const whole = await caller.query(`{ ${ask('')} { id } }`);
    expect(whole.body.errors).toBeUndefined();
    const all = whole.body.data[name] as { id: string }[];
    expect(all.length).toBeGreaterThan(2);
    for (const first of [1, 2, all.length, NEWEST_AT_MOST]) {
      const res = await caller.query(`query($first: Int) { ${ask('(first: $first)')} { id } }`, { first });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data[name]).toEqual(all.slice(0, first));
    }
  });

  it.each([0, -1, NEWEST_AT_MOST + 1, 2 ** 31 - 1])('refuses first: %p as bad input, naming it, and answers no rows', async (first) => {
    const res = await (await gw.as(reader)).query(`query($first: Int) { ${ask('(first: $first)')} { id } }`, { first });
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([expect.objectContaining({ message: `first: must be from 1 to ${NEWEST_AT_MOST}`, path: [name], extensions: { code: 'BAD_USER_INPUT', field: 'first' } })]);
  });
});

it('every such list says in the schema that it gives the newest, how many at most, and takes `first`', () => {
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  const fields = schema.getQueryType()!.getFields();
  for (const { name } of LISTS) {
    expect(fields[name].description).toMatch(new RegExp(`newest first, at most ${NEWEST_AT_MOST} \\(fewer with \`first\`\\)\\.$`));
    expect(fields[name].args.find((a) => a.name === 'first')?.type.toString()).toBe('Int');
  }
});
