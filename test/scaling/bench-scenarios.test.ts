/**
 * The benchmark's scenarios send what the gateway accepts. The tests do not run `npm run bench`, so
 * a document it reads that was renamed or removed, or one the schema no longer answers, would
 * otherwise show only as a failed row of the next full run, an hour later.
 */
import { parse, specifiedRules, validate } from 'graphql';
import { Client as PgClient } from 'pg';
import { generateChain } from '../../bench/dataset';
import { SCENARIOS } from '../../bench/scenarios';
import { loadConfig } from '../../src/config';
import { limitRules } from '../../src/server/limits';
import { buildGatewaySchema } from '../../src/server/schema';
import { MINUTES_A_DAY } from '../../src/modules/activity/activity-log.entity';
import { startGateway } from '../helpers/gateway';

const limits = loadConfig({ NODE_ENV: 'test' }).limits;

it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s sends documents the schema and the limits accept', async (_name, scenario) => {
  const schema = await buildGatewaySchema();
  const bodies = scenario.bodies(['00000000-0000-4000-8000-000000000000']);
  expect(bodies.length).toBeGreaterThan(0);
  for (const { query } of bodies) expect(validate(schema, parse(query, { maxTokens: limits.tokens }), [...specifiedRules, ...limitRules(limits)]).map((e) => e.message)).toEqual([]);
});

// The chain the scenarios run on holds only what the gateway would take: hours a professional could
// not have worked would price figures the chain never produces (the scenarios' own writes stay within
// the day, bench/scenarios.ts).
it('generates a chain whose professionals log at most 24 hours on a day', async () => {
  const gw = await startGateway();
  const pg = new PgClient({ connectionString: gw.config.databaseUrl });
  try {
    await pg.connect();
    await generateChain(pg, 1_000);
    const { rows } = await pg.query<{ entries: number; longest: number }>(
      `select count(*)::int as entries, max(minutes)::int as longest
         from (select sum(minutes) as minutes from activity_log group by professional_id, day) d`,
    );
    expect(rows[0].entries).toBeGreaterThan(0);
    expect(rows[0].longest).toBeLessThanOrEqual(MINUTES_A_DAY);
  } finally {
    await pg.end();
    await gw.close();
  }
});
