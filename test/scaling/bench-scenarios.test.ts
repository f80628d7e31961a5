/**
 * The benchmark's scenarios send what the gateway accepts. The tests do not run `npm run bench`, so
 * a document it reads that was renamed or removed, or one the schema no longer answers, would
 * otherwise show only as a failed row of the next full run, an hour later.
 */
import { parse, specifiedRules, validate } from 'graphql';
import { SCENARIOS } from '../../bench/scenarios';
import { loadConfig } from '../../src/config';
import { limitRules } from '../../src/server/limits';
import { buildGatewaySchema } from '../../src/server/schema';

const limits = loadConfig({ NODE_ENV: 'test' }).limits;

it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s sends documents the schema and the limits accept', async (_name, scenario) => {
  const schema = await buildGatewaySchema();
  const bodies = scenario.bodies(['00000000-0000-4000-8000-000000000000']);
  expect(bodies.length).toBeGreaterThan(0);
  for (const { query } of bodies) expect(validate(schema, parse(query, { maxTokens: limits.tokens }), [...specifiedRules, ...limitRules(limits)]).map((e) => e.message)).toEqual([]);
});
