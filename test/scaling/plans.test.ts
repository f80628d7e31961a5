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
 *
 * One client's involvement, which every write and every read by key asks (`is_involved`), is planned
 * once per connection without the organisation being known: that plan reads the client's own rows,
 * not the organisation's, whatever the organisation holds for other women.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { generateChain } from '../../bench/dataset';
import type { Context } from '../../src/common/context';
import { NotFoundError } from '../../src/common/errors';
import { involvedClientForUpdate, involvedRecord } from '../../src/common/write';
import { DEMO } from '../../src/db/demo/seed';
import { Consent } from '../../src/modules/consents/consent.entity';
import { Handover } from '../../src/modules/handovers/handover.entity';
import { Referral } from '../../src/modules/referrals/referral.entity';
import { Signal } from '../../src/modules/signals/signal.entity';
import { Trajectory } from '../../src/modules/trajectories/trajectory.entity';
import { ZoneRegistration } from '../../src/modules/zone-registrations/zone-registration.entity';
import { addProfessional, startGateway, type TestGateway } from '../helpers/gateway';

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
  // Three completed handovers a woman, to organisations across the chain: beside them, those still proposed are few.
  await pg.query(`insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, proposed_by_id, proposed_at, decided_at, completed_at)
    select w.id, w.org, o.ids[1 + (w.j + k * 7) % cardinality(o.ids)], 'REGULAR_CARE', 'COMPLETED', w.cm, timestamptz '2022-01-01' + k * interval '200 days' + (w.j % 150) * interval '1 day',
           timestamptz '2022-01-08' + k * interval '200 days' + (w.j % 150) * interval '1 day', timestamptz '2022-02-01' + k * interval '200 days' + (w.j % 150) * interval '1 day'
      from w cross join generate_series(0, 2) k cross join (select array_agg(id order by id) as ids from organisation) o
     where o.ids[1 + (w.j + k * 7) % cardinality(o.ids)] <> w.org`);
  await pg.query(
    `insert into break_glass_grant (client_id, professional_id, organisation_id, reason, started_at, expires_at, reviewed_at, reviewed_by_id)
       select id, (select id from professional where email = 'psychiatrist@propersona.example'), $1, 'Crisis buiten kantoortijd ' || j,
              timestamptz '2024-01-01' + (j % 300) * interval '1 day', timestamptz '2024-01-01 04:00' + (j % 300) * interval '1 day', timestamptz '2024-01-02' + (j % 300) * interval '1 day',
              (select id from professional where email = 'procesregie@zvh.example')
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
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** Every node of the plan of `explainable` (a statement, or `execute` of a prepared one); `analyze` runs it. */
async function planNodes(explainable: string, analyze = false): Promise<PlanNode[]> {
  const { rows } = await pg.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json${analyze ? ', analyze' : ''}) ${explainable}`);
  const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
  return nodes(rows[0]['QUERY PLAN'][0].Plan);
}

const readWhole = (nodes: PlanNode[]) => nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name']).map((n) => n['Relation Name']!);

/** The tables a statement's plan reads whole. */
async function tablesReadWhole(statement: string): Promise<string[]> {
  return readWhole(await planNodes(statement));
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
const GROWN = ['client', 'signal', 'referral', 'consent', 'case_assignment', 'handover', 'trajectory', 'zone_registration', 'break_glass_grant', 'audit_event', 'activity_log'];
const grown = (plans: [string, string[]][]) => plans.map(([s, tables]) => [s, tables.filter((t) => GROWN.includes(t))]);

it.each([
  ['referrals', 'query { referrals { id } }'],
  ['signals', 'query { signals { id } }'],
  ['clients', 'query { clients(first: 10) { totalCount edges { node { id } } } }'],
])('answers %s to an organisation that knows three women of ten thousand without reading every woman\'s rows', async (_name, document) => {
  const plans = await listStatements('psychiatrist@propersona.example', document);
  expect(grown(plans)).toEqual(plans.map(([s]) => [s, []]));
});

/**
 * A write finds the row it changes by its key, with her client row locked, and asks `is_involved` of
 * that row alone (src/common/write.ts): the primary key's Index Scan, the call in its filter, once. What
 * a plan that read the table whole, or looked the row up after the call, would cost grows with the
 * chain. The lookup is asked of each organisation whether or not a role in it may send the mutation:
 * the plan is the statement's. MikroORM sends it as text with its values in it, so it is planned for
 * them; the generic plan, with any values, is checked too — what PostgreSQL would keep of a prepared one.
 */
type Lookup = (tx: EntityManager, ctx: Context, id: string) => Promise<unknown>;
const LOOKUPS: [string, string, Lookup][] = [
  ['client', 'client', (tx, ctx, id) => involvedClientForUpdate(tx, ctx, id)],
  ['client beyond break-glass', 'client', (tx, ctx, id) => involvedClientForUpdate(tx, ctx, id, { beyondBreakGlass: true })],
  ['signal', 'signal', (tx, ctx, id) => involvedRecord(tx, ctx, Signal, id, 'Signal')],
  ['referral', 'referral', (tx, ctx, id) => involvedRecord(tx, ctx, Referral, id, 'Referral')],
  ['handover', 'handover', (tx, ctx, id) => involvedRecord(tx, ctx, Handover, id, 'Handover')],
  ['consent', 'consent', (tx, ctx, id) => involvedRecord(tx, ctx, Consent, id, 'Consent', { beyondBreakGlass: true })],
  ['trajectory', 'trajectory', (tx, ctx, id) => involvedRecord(tx, ctx, Trajectory, id, 'Trajectory')],
  ['zone registration', 'zone_registration', (tx, ctx, id) => involvedRecord(tx, ctx, ZoneRegistration, id, 'Zone registration')],
];

/**
 * The statements `lookup` sends to find `id` for the organisation: the one that locks her row, and,
 * when it found one, the same lookup again under that lock (src/common/write.ts says why).
 */
async function lookupStatements(organisationId: string, lookup: Lookup, id: string): Promise<string[]> {
  const ctx = { actor: { organisationId } } as Context;
  let found = true;
  const { statements } = await gw.countStatements(() =>
    lookup(gw.orm.em.fork(), ctx, id).catch((err) => {
      if (!(err instanceof NotFoundError)) throw err;
      found = false;
    }),
  );
  expect(statements).toHaveLength(found ? 2 : 1);
  if (found) expect(statements[1]).toBe(statements[0].replace(/ for update of \w+$/, ''));
  return statements;
}

/** The generic plan of `statement`, its literals made parameters. */
async function genericPlanNodes(statement: string): Promise<PlanNode[]> {
  const values: string[] = [];
  const text = statement.replace(/'([^']*)'/g, (_literal, value: string) => `$${values.push(value)}`);
  await pg.query(`prepare lookup as ${text}`);
  await pg.query('set plan_cache_mode = force_generic_plan');
  try {
    return await planNodes(`execute lookup(${values.map((v) => `'${v}'`).join(', ')})`);
  } finally {
    await pg.query('reset plan_cache_mode');
    await pg.query('deallocate lookup');
  }
}

it.each([
  ['Pro Persona, which knows three women', DEMO.org.proPersona],
  ['Iriszorg, with a caseload of a thousand', DEMO.org.iriszorg],
  ['procesregie, which knows every woman', DEMO.org.zvh],
])('finds the row a write changes by its key, and asks involvement of that row alone, for %s', async (_name, organisationId) => {
  const asked: [string, string, string[], string[]][] = [];
  const byKey: typeof asked = [];
  for (const [what, table, lookup] of LOOKUPS) {
    const clientId = table === 'client' ? 'r.id' : 'r.client_id';
    // One of hers when the organisation knows a woman with such a row, else another organisation's.
    const { rows } = await pg.query<{ id: string }>(
      `(select r.id from ${table} r where exists (select 1 from client_involvement ci where ci.client_id = ${clientId} and ci.organisation_id = $1) limit 1)
       union all (select id from ${table} limit 1) limit 1`,
      [organisationId],
    );
    for (const statement of await lookupStatements(organisationId, lookup, rows[0].id)) {
      for (const [plan, nodes] of [['custom', await planNodes(statement)], ['generic', await genericPlanNodes(statement)]] as const) {
        const involvementAsked = nodes.filter((n) => n.Filter?.includes('is_involved(')).map((n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name']}`);
        asked.push([what, plan, readWhole(nodes).filter((t) => GROWN.includes(t)), involvementAsked]);
        byKey.push([what, plan, [], [`Index Scan ${table}_pkey`]]);
      }
    }
  }
  expect(asked).toEqual(byKey);
});

/**
 * The functions that ask involvement for one client keep one generic plan per connection, made
 * without the organisation: the REFERRAL branch read all of the organisation's open referrals by
 * (referred_by_id, status) and then looked for her among them, and the HANDOVER branch ANDed her
 * handovers with every one proposed to the organisation — on every write, for as many as the
 * organisation had. Each is checked as its statement, its arguments made parameters: what the
 * function runs, as the generic plan it keeps.
 */
const INVOLVEMENT_OF_ONE_CLIENT = ['is_involved', 'is_involved_beyond_break_glass', 'policy_facts'];

/** The statement `fn` runs, its arguments `$1`…, and their types. */
async function statementOf(fn: string): Promise<{ statement: string; types: string }> {
  const { rows } = await pg.query<{ src: string; args: string[]; types: string }>(
    `select prosrc as src, (proargnames)[1:pronargs] as args, oidvectortypes(proargtypes) as types from pg_proc where proname = $1`,
    [fn],
  );
  expect(rows).toHaveLength(1);
  const [, query, expression] = /^\s*begin\s+return\s+(query\s+)?([\s\S]*?);\s*end\s*$/.exec(rows[0].src)!;
  const statement = rows[0].args.reduce((sql, arg, i) => sql.replace(new RegExp(`\\b${arg}\\b`, 'g'), () => `$${i + 1}`), query ? expression : `select ${expression}`);
  return { statement, types: rows[0].types };
}

/** The generic plan of `fn`'s statement for `args`; run when `analyze`. */
async function involvementPlan(fn: string, args: unknown[], analyze: boolean): Promise<PlanNode[]> {
  const { statement, types } = await statementOf(fn);
  await pg.query(`prepare involvement(${types}) as ${statement}`);
  await pg.query('set plan_cache_mode = force_generic_plan');
  try {
    return await planNodes(`execute involvement(${args.map((a) => pg.escapeLiteral(String(a))).join(', ')})`, analyze);
  } finally {
    await pg.query('reset plan_cache_mode');
    await pg.query('deallocate involvement');
  }
}

/** Pro Persona, and women it does not know — so that every branch is asked, none answering first. */
async function organisationAndStrangers(): Promise<{ organisationId: string; clientIds: string[] }> {
  const organisationId = DEMO.org.proPersona;
  const { rows } = await pg.query<{ id: string }>(
    `select c.id from client c
      where c.code like 'B-%' and not exists (select 1 from client_involvement ci where ci.client_id = c.id and ci.organisation_id = $1)
      order by c.code limit 10`,
    [organisationId],
  );
  return { organisationId, clientIds: rows.map((r) => r.id) };
}

const argsFor = (fn: string, organisationId: string, clientIds: string[]) =>
  fn === 'policy_facts' ? [organisationId, `{${clientIds.join(',')}}`, new Date().toISOString()] : [organisationId, clientIds[0]];

it.each(INVOLVEMENT_OF_ONE_CLIENT)('plans %s to read one client by her rows, not by the organisation', async (fn) => {
  const { organisationId, clientIds } = await organisationAndStrangers();
  const nodes = await involvementPlan(fn, argsFor(fn, organisationId, clientIds), false);
  // $1 is the organisation; she is $2, or in policy_facts each of $2 in turn (c.id).
  const byOrganisation = nodes
    .filter((n) => n['Index Cond'] && /\$1\b/.test(n['Index Cond']) && !/\$2\b|\bc\.id\b/.test(n['Index Cond']))
    .map((n) => `${n['Index Name']}: ${n['Index Cond']}`);
  // A break-glass grant runs for hours (BREAK_GLASS_HOURS): the organisation's grants not yet expired
  // are a few whatever its history, and an index on either key reads only those.
  const grantsNotExpired = /^break_glass_grant_\w+: .*\(expires_at > /;
  expect(byOrganisation.filter((n) => !grantsNotExpired.test(n))).toEqual([]);
  expect(readWhole(nodes).filter((t) => GROWN.includes(t))).toEqual([]);
});

it.each(INVOLVEMENT_OF_ONE_CLIENT)(
  'reads in %s only her own referrals and handovers, for an organisation given 500 open referrals and 500 proposed handovers of other women',
  async (fn) => {
    const { organisationId, clientIds } = await organisationAndStrangers();
    const asked = fn === 'policy_facts' ? clientIds : clientIds.slice(0, 1);
    const indexTables = new Map(
      (await pg.query<{ index: string; table: string }>(`select indexrelid::regclass::text as index, indrelid::regclass::text as table from pg_index`)).rows.map((r) => [r.index, r.table]),
    );
    await pg.query('begin');
    try {
      await pg.query(
        `with others as (
           select c.id, c.team_id, a.organisation_id, a.professional_id, row_number() over (order by c.code) as j
             from client c join case_assignment a on a.client_id = c.id and a.ended_on is null and a.professional_id is not null
            where c.code like 'B-%' and c.id <> all($2::uuid[])),
         referred as (
           insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, status, reason_category, reason)
           select id, $1, (select id from professional where email = 'psychiatrist@propersona.example'), team_id, 'OPEN', 'HOUSING', 'Aanmelding ' || j
             from others where j % 20 = 3)
         insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, proposed_by_id)
         select id, organisation_id, $1, 'REGULAR_CARE', 'PROPOSED', professional_id from others where j % 20 = 7`,
        [organisationId, clientIds],
      );
      // A plan a connection kept from before them is the one the test above holds to her key; this is
      // the plan made once the statistics know them.
      await pg.query('analyze referral, handover');
      // The rows each table gave the plan, over every loop: what a scan found (a bitmap heap scan
      // fetches only what its index scans found) and what it then left out.
      const read: Record<string, number> = { referral: 0, handover: 0 };
      for (const n of await involvementPlan(fn, argsFor(fn, organisationId, clientIds), true)) {
        const table = n['Relation Name'] ?? indexTables.get(n['Index Name'] ?? '');
        if ((table !== 'referral' && table !== 'handover') || n['Node Type'] === 'Bitmap Heap Scan') continue;
        read[table] += ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 1);
      }
      const { rows: [hers] } = await pg.query<Record<string, number>>(
        `select (select count(*) from referral where client_id = any($1))::int as referral, (select count(*) from handover where client_id = any($1))::int as handover`,
        [asked],
      );
      const beyondHers = Object.entries(read).filter(([table, rows]) => rows > hers[table]);
      expect(beyondHers.map(([table, rows]) => `${table}: ${rows} rows read, ${hers[table]} hers`)).toEqual([]);
    } finally {
      await pg.query('rollback');
    }
  },
);

/**
 * The directory's changes are a handful of the log's lines: read back by the organisations that made
 * them, never by walking the log, nor through the lines under no client, which a flood of refused
 * sign-ins (no organisation, no client) can make many.
 */
it('reads the directory’s changes back by organisation, not through the whole log or every line under no client', async () => {
  await pg.query(`insert into audit_event (occurred_at, event_type, action, outcome, roles, categories, fields, reason)
    select timestamptz '2024-01-01' + k * interval '1 minute', 'auth.failure', 'E', 'DENIED', '{}', '{}', '{}', 'INVALID_TOKEN' from generate_series(1, 20000) k`);
  await pg.query('analyze audit_event');
  // The chain's administrator, and an organisation's, who reads the chain's changes of her people too.
  await addProfessional(gw, 97, 'admin@iriszorg.example', 'Iriszorg’s administrator', DEMO.org.iriszorg, ['ADMIN']);
  for (const email of ['admin@nijmegen.example', 'admin@iriszorg.example']) {
    const admin = await gw.as(email);
    const { result, statements } = await gw.countStatements(() => admin.query('{ directoryChanges(first: 10) { totalCount edges { node { eventType } } } }'));
    expect(result.body.errors).toBeUndefined();
    const reads = statements.filter((s) => s.includes('audit_event'));
    expect(reads).toHaveLength(2);
    for (const statement of reads) {
      const nodes = await planNodes(statement);
      expect(readWhole(nodes)).not.toContain('audit_event');
      // Each index of the log it reads is entered by the organisations, not by "no client" alone.
      const entered = nodes.filter((n) => n['Index Name']?.startsWith('audit_event')).map((n) => /organisation_id/.test(n['Index Cond'] ?? ''));
      expect(entered.length).toBeGreaterThan(0);
      expect(entered).toEqual(entered.map(() => true));
    }
  }
});

/**
 * A caseload out of an organisation that knows a thousand women or more: her own women, found from
 * her assignments or her organisation's, not by reading every assignment of the chain.
 */
it.each([
  ['a case manager’s caseload', (id: string) => `query { clients(first: 10, filter: { caseManagerId: "${id}" }) { totalCount edges { node { id } } } }`],
  ['the women her organisation carries unnamed', () => 'query { clients(first: 10, filter: { withoutCaseManager: true }) { totalCount edges { node { id } } } }'],
])('answers %s to Iriszorg without reading every woman’s rows', async (_name, document) => {
  const [{ id }] = await gw.orm.em.getConnection().execute<{ id: string }[]>(`select id from professional where email = 'casemanager@iriszorg.example'`);
  const plans = await listStatements('casemanager@iriszorg.example', document(id));
  expect(grown(plans)).toEqual(plans.map(([s]) => [s, []]));
});
