/**
 * The benchmark's scenarios send what the gateway accepts. The tests do not run `npm run bench`, so
 * a document it reads that was renamed or removed, or one the schema no longer answers, would
 * otherwise show only as a failed row of the next full run, an hour later.
 */
import { parse, specifiedRules, validate } from 'graphql';
import { Client as PgClient } from 'pg';
import { SCALES, generateChain } from '../../bench/dataset';
import { SCENARIOS } from '../../bench/scenarios';
import { loadConfig } from '../../src/config';
import { DEMO } from '../../src/db/demo/seed';
import { limitRules } from '../../src/server/limits';
import { buildGatewaySchema } from '../../src/server/schema';
import { MINUTES_A_DAY } from '../../src/modules/activity/activity-log.entity';
import { startGateway, type TestGateway } from '../helpers/gateway';

const limits = loadConfig({ NODE_ENV: 'test' }).limits;

/** The scale the chain is generated at: the benchmark's smallest. */
const WOMEN = SCALES['1k'];

/**
 * `count` is "one in `n`" of `of` (bench/dataset.ts's words): whole rows, so `of / n` rounded either
 * way, whichever rows the generator's rule happens to pick.
 */
function expectOneIn(count: number, n: number, of: number) {
  expect({ count, atLeast: count >= Math.floor(of / n), atMost: count <= Math.ceil(of / n) }).toEqual({ count, atLeast: true, atMost: true });
}

it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s sends documents the schema and the limits accept', async (_name, scenario) => {
  const schema = await buildGatewaySchema();
  const bodies = scenario.bodies(['00000000-0000-4000-8000-000000000000']);
  expect(bodies.length).toBeGreaterThan(0);
  for (const { query } of bodies) expect(validate(schema, parse(query, { maxTokens: limits.tokens }), [...specifiedRules, ...limitRules(limits)]).map((e) => e.message)).toEqual([]);
});

describe('the chain the scenarios run on', () => {
  let gw: TestGateway;
  let pg: PgClient;
  beforeAll(async () => {
    // Every aggregate role's threshold 1, so the figures come back exact (policy §5).
    gw = await startGateway({ DISCLOSURE_K_ANALYST: '1', DISCLOSURE_K_POLICY_OFFICER: '1', DISCLOSURE_K_PROCESS_DIRECTOR: '1' });
    pg = new PgClient({ connectionString: gw.config.databaseUrl });
    await pg.connect();
    await generateChain(pg, WOMEN);
  });
  afterAll(async () => {
    await pg.end();
    await gw.close();
  });

  // It holds only what the gateway would take: hours a professional could not have worked would
  // price figures the chain never produces (the scenarios' own writes stay within the day,
  // bench/scenarios.ts).
  it('has professionals log at most 24 hours on a day', async () => {
    const { rows } = await pg.query<{ entries: number; longest: number }>(
      `select count(*)::int as entries, max(minutes)::int as longest
         from (select sum(minutes) as minutes from activity_log group by professional_id, day) d`,
    );
    expect(rows[0].entries).toBeGreaterThan(0);
    expect(rows[0].longest).toBeLessThanOrEqual(MINUTES_A_DAY);
  });

  // Open referrals keep their organisation involved (policy §1): a chain without them would price
  // the involvement view's referral branch, and the monitoring's referrals, on no rows at all.
  it('brought every woman in by an accepted referral, and has one in a hundred referred again and waiting', async () => {
    const { rows } = await pg.query<{ women: number; accepted: number; open: number; by_outreach: number }>(
      `select count(distinct c.id)::int as women,
              count(*) filter (where r.status = 'ACCEPTED')::int as accepted,
              count(*) filter (where r.status = 'OPEN')::int as open,
              count(*) filter (where r.status = 'ACCEPTED' and o.kind = 'MENTAL_HEALTH_PROVIDER')::int as by_outreach
         from client c join referral r on r.client_id = c.id join organisation o on o.id = r.referred_by_id
        where c.code like 'B-%'`,
    );
    // bench/dataset.ts: "Each woman came to her team by a referral of procesregie or, one in five,
    // of the psychiatric outreach, accepted within the week; one in a hundred was referred again
    // after a relapse and waits."
    const { women, accepted, open, by_outreach } = rows[0];
    expect({ women, accepted }).toEqual({ women: WOMEN, accepted: WOMEN });
    expectOneIn(by_outreach, 5, WOMEN);
    expectOneIn(open, 100, WOMEN);
  });

  it('counts in the monitoring of a year the women with a signal and those referred in it', async () => {
    const { rows: generated } = await pg.query<{ signalled: number; open: number }>(
      `select count(distinct s.client_id)::int as signalled, count(*) filter (where s.status = 'OPEN')::int as open
         from signal s join client c on c.id = s.client_id where c.code like 'B-%'`,
    );
    // bench/dataset.ts: "a signal a year for every third woman (one in ten of them still open)".
    expectOneIn(generated[0].signalled, 3, WOMEN);
    expectOneIn(generated[0].open, 10, generated[0].signalled);
    const { rows } = await pg.query<{ signalled: number; referred: number }>(
      `select (select count(distinct client_id)::int from signal where chain_day(raised_at) between '2024-01-01' and '2024-12-31') as signalled,
              (select count(distinct client_id)::int from referral where chain_day(created_at) between '2024-01-01' and '2024-12-31') as referred`,
    );
    expect(rows[0].signalled).toBeGreaterThanOrEqual(generated[0].signalled);
    expect(rows[0].referred).toBeGreaterThan(0);
    const policy = await gw.as('policy@nijmegen.example');
    const res = await policy.query(
      `query ($m: ID!) { monitoring(municipalityId: $m, from: "2024-01-01", to: "2024-12-31") { roundingBase signals { value } referrals { value } } }`,
      { m: DEMO.org.nijmegen },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.monitoring).toEqual({ roundingBase: 1, signals: { value: rows[0].signalled }, referrals: { value: rows[0].referred } });
  });
});
