/**
 * Issue #8 for each statement rather than for their number: a list answered to an organisation that
 * knows a few women reads those women's rows, not every row of the chain.
 *
 * The lists reach the database through the involvement view (src/modules/clients/involved-clients.ts).
 * Asked as a semi-join (`exists (…)`), PostgreSQL guessed how many clients the view's six branches hold
 * for the organisation — 200, for every organisation — and on a chain of 10k women with a signal,
 * referral and grant history it read every referral and every signal (Seq Scan) to answer Pro Persona,
 * which knows three of them. What is asserted is which tables the plan reads whole: a plan's shape, not
 * a time, and only where the chain is large enough for the shape to matter (the demo chain's twenty women
 * fit in a page, where a Seq Scan is the right plan). The time and buffers, and breakGlassReview's
 * index on started_at (whose plan turns only past tens of thousands of women), are in bench/ and in the
 * commit messages.
 */
import { Client as PgClient } from 'pg';
import { generateChain } from '../../bench/dataset';
import { DEMO } from '../../src/db/demo/seed';
import { startGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
let pg: PgClient;
beforeAll(async () => {
  gw = await startGateway();
  pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  await generateChain(pg, 10_000);
  // What the benchmark's chain lacks: a history of signals, referrals and grants under every team's women.
  await pg.query(`create temporary table w as
    select c.id, c.team_id, (row_number() over (partition by c.team_id order by c.code) - 1)::int as j, a.professional_id as cm, a.organisation_id as org
      from client c join case_assignment a on a.client_id = c.id and a.ended_on is null
     where c.code like 'B-%' and a.professional_id is not null`);
  await pg.query(`insert into signal (client_id, raised_by_id, raised_by_organisation_id, category, text, status, raised_at, resolved_at, resolved_by_id)
    select id, cm, org, 'HOUSING', 'Signaal ' || j, 'RESOLVED', timestamptz '2024-01-01' + (j % 300) * interval '1 day', timestamptz '2024-02-01' + (j % 300) * interval '1 day', cm
      from w where j % 2 = 0`);
  await pg.query(
    `insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, status, reason_category, reason, created_at, decided_at)
       select id, $1, (select id from professional where email = 'procesregie@zvh.example'), team_id, 'ACCEPTED', 'HOUSING', 'Verwijzing ' || j,
              timestamptz '2022-01-01' + (j % 700) * interval '1 day', timestamptz '2022-01-05' + (j % 700) * interval '1 day'
         from w where j % 5 = 0`,
    [DEMO.org.zvh],
  );
  await pg.query(
    `insert into break_glass_grant (client_id, professional_id, organisation_id, reason, started_at, expires_at, reviewed_at)
       select id, (select id from professional where email = 'psychiatrist@propersona.example'), $1, 'Crisis buiten kantoortijd ' || j,
              timestamptz '2024-01-01' + (j % 300) * interval '1 day', timestamptz '2024-01-01 04:00' + (j % 300) * interval '1 day', timestamptz '2024-01-02' + (j % 300) * interval '1 day'
         from w where j % 20 = 0`,
    [DEMO.org.proPersona],
  );
  await pg.query('drop table w');
  await pg.query('analyze');
}, 180_000);
afterAll(async () => {
  await pg?.end();
  await gw?.close();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The tables a statement's plan reads whole. */
async function tablesReadWhole(statement: string): Promise<string[]> {
  const { rows } = await pg.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${statement}`);
  const whole: string[] = [];
  const walk = (n: PlanNode) => {
    if (n['Node Type'] === 'Seq Scan' && n['Relation Name']) whole.push(n['Relation Name']);
    n.Plans?.forEach(walk);
  };
  walk(rows[0]['QUERY PLAN'][0].Plan);
  return whole;
}

/** The statements a request sends that read through the involvement view, each with the tables its plan reads whole. */
async function listStatements(email: string, document: string): Promise<[string, string[]][]> {
  const caller = await gw.as(email);
  const { result, statements } = await gw.countStatements(() => caller.query(document));
  expect(result.body.errors).toBeUndefined();
  const lists = statements.filter((s) => s.includes('client_involvement') && !s.includes('is_involved('));
  expect(lists.length).toBeGreaterThan(0);
  return Promise.all(lists.map(async (s): Promise<[string, string[]]> => [s.slice(0, 40), await tablesReadWhole(s)]));
}

// The chain's big tables; team_member (eight rows a team) and the organisation's own few rows may be read whole.
const GROWN = ['client', 'signal', 'referral', 'consent', 'case_assignment', 'handover', 'break_glass_grant', 'audit_event', 'activity_log'];
const grown = (plans: [string, string[]][]) => plans.map(([s, tables]) => [s, tables.filter((t) => GROWN.includes(t))]);

it.each([
  ['referrals', 'query { referrals { id } }'],
  ['signals', 'query { signals { id } }'],
  ['clients', 'query { clients(first: 10) { totalCount edges { node { id } } } }'],
])('answers %s to an organisation that knows three women of ten thousand without reading every woman\'s rows', async (_name, document) => {
  const plans = await listStatements('psychiatrist@propersona.example', document);
  expect(grown(plans)).toEqual(plans.map(([s]) => [s, []]));
});
