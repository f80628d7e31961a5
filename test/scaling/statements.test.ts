/**
 * Issue #8's first target for the whole API, not only for the benchmark's six requests: what a
 * request costs in SQL statements depends on what it asks for, never on how many rows answer it.
 *
 * Every root query, asked for every field it can reach (generated from the schema, so a field added
 * later is asked too), by every demo professional, once on the demo chain and once on the same chain
 * grown to thousands of women, one of whom carries dozens of consents, trajectories, handovers,
 * referrals, signals, grants, logged hours and audit lines. A relation read row by row would repeat
 * its statement for each row of the grown chain.
 */
import { Client as PgClient } from 'pg';
import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { generateChain } from '../../bench/dataset';
import { DEMO_EMAILS } from '../../src/db/demo/personas';
import { DEMO } from '../../src/db/demo/seed';
import { buildBareSchema } from '../../src/server/schema';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { countByShape } from '../helpers/statements';

const HER = DEMO.client(12);
const MANY = 12;

/**
 * Values for the arguments a field needs, by its coordinate: one request per entry. A field with a
 * required argument that is not named here fails the test, so a new root field is never left out.
 */
const ARGUMENTS: Record<string, string[]> = {
  'Query.auditTrail': [`clientId: "${HER}", first: 100`],
  'Query.budget': [`programmeId: "${DEMO.programme}"`],
  'Query.client': [`id: "${HER}"`],
  'Query.clients': ['first: 100'],
  'Query.handovers': ['direction: INCOMING', 'direction: OUTGOING'],
  'Query.monitoring': [`municipalityId: "${DEMO.org.nijmegen}", from: "2024-01-01", to: "2024-12-31"`],
  'Query.organisation': [`id: "${DEMO.org.iriszorg}"`],
  'AuditEvent.data': ['language: NL'],
  'AuditEvent.sentence': ['language: NL'],
};

/** How many object levels below the root a generated query reaches. */
const LEVELS = 6;

function call(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, args = ARGUMENTS[`${parent.name}.${field.name}`]?.[0]): string {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  if (required.length && !args) throw new Error(`name values for ${parent.name}.${field.name}(${required.map((a) => a.name).join(', ')}) in ARGUMENTS`);
  return args ? `${field.name}(${args})` : field.name;
}

/**
 * Every field of `type`, and below it every field of each type the document has not yet gone into:
 * each relation is read once per document, under the first list that reaches it, so a document
 * stays the size of the schema rather than of its paths.
 */
function selection(type: GraphQLObjectType, entered: Set<string>, level = 0): string {
  const deeper = level < LEVELS && !entered.has(type.name);
  entered.add(type.name);
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const named = getNamedType(field.type);
    if (isLeafType(named)) return [call(type, field)];
    if (!deeper) return [];
    return [`${call(type, field)} ${isObjectType(named) ? selection(named, entered, level + 1) : '{ __typename }'}`];
  });
  return `{ ${fields.join(' ') || '__typename'} }`;
}

/** One document per root field and set of arguments. */
async function documents(): Promise<[string, string][]> {
  const query = (await buildBareSchema()).getQueryType()!;
  return Object.values(query.getFields()).flatMap((field) => {
    const named = getNamedType(field.type);
    const below = isObjectType(named) ? ` ${selection(named, new Set())}` : '';
    return (ARGUMENTS[`Query.${field.name}`] ?? [undefined]).map((args): [string, string] => [
      `${field.name}${args ? `(${args})` : ''}`,
      `query { ${call(query, field, args)}${below} }`,
    ]);
  });
}

/** How many list items an answer holds, at any depth. */
function itemsIn(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce((n: number, v) => n + itemsIn(v), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + itemsIn(v), 0);
  return 0;
}

/** The demo chain's Stapteam grown to thousands of women, and one of them carrying dozens of everything. */
async function grow(gw: TestGateway): Promise<void> {
  const pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  try {
    await generateChain(pg, 3_000);
    const { rows } = await pg.query<{ email: string; id: string }>(`select email, id from professional where email like '%.example'`);
    const who = Object.fromEntries(rows.map((r) => [r.email, r.id]));
    const cm = who['casemanager@iriszorg.example'];
    const [iriszorg, ldh] = [DEMO.org.iriszorg, DEMO.org.legerDesHeils];
    // Past consents and stays, cancelled handovers, declined referrals, resolved signals, grants
    // that ran out: rows under her that change nothing of who may see her now.
    await pg.query(
      `insert into consent (client_id, effect, organisation_id, purpose, valid_from, valid_until, recorded_by_id)
         select $1, 'PERMIT', case k % 2 when 0 then $3::uuid else $4::uuid end, 'CARE',
                timestamptz '2020-01-01' + k * interval '1 day', timestamptz '2020-01-02' + k * interval '1 day', $2
           from generate_series(1, $5) k`,
      [HER, cm, iriszorg, ldh, MANY],
    );
    await pg.query(
      `insert into trajectory (client_id, kind, provider_id, status, started_on, ended_on, outcome, notes)
         select $1, 'TIME_OUT', case k % 2 when 0 then $2::uuid else $3::uuid end, 'ENDED', date '2020-01-01' + k, date '2020-01-02' + k, 'rest', 'stay ' || k
           from generate_series(1, $4) k`,
      [HER, iriszorg, ldh, MANY],
    );
    await pg.query(
      `insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, notes, proposed_by_id, decided_by_id, proposed_at, decided_at)
         select $1, $3, $4, 'MONITORING', 'CANCELLED', 'proposal ' || k, $2, $2,
                timestamptz '2020-01-01' + k * interval '1 day', timestamptz '2020-01-02' + k * interval '1 day'
           from generate_series(1, $5) k`,
      [HER, cm, iriszorg, DEMO.org.zvh, MANY],
    );
    await pg.query(
      `insert into signal (client_id, raised_by_id, raised_by_organisation_id, category, text, status, raised_at, resolved_at, resolved_by_id)
         select $1, $2, $3, 'HOUSING', 'signal ' || k, 'RESOLVED', timestamptz '2020-01-01' + k * interval '1 day', timestamptz '2020-01-02' + k * interval '1 day', $2
           from generate_series(1, $4) k`,
      [HER, cm, DEMO.org.iriszorg, MANY],
    );
    await pg.query(
      `insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, status, reason_category, reason, created_at, decided_at)
         select $1, $2, $3, $4, 'DECLINED', 'BASIC', 'referral ' || k, timestamptz '2020-01-01' + k * interval '1 day', timestamptz '2020-01-02' + k * interval '1 day'
           from generate_series(1, $5) k`,
      [HER, DEMO.org.wijkteam, who['casemanager@wijkteam.example'], DEMO.stapteam, MANY],
    );
    await pg.query(
      `insert into break_glass_grant (client_id, professional_id, organisation_id, reason, started_at, expires_at)
         select $1, $2, $3, 'crisis outside office hours ' || k, timestamptz '2020-01-01' + k * interval '1 day', timestamptz '2020-01-01 04:00' + k * interval '1 day'
           from generate_series(1, $4) k`,
      [HER, who['psychiatrist@propersona.example'], DEMO.org.proPersona, MANY],
    );
    await pg.query(
      `insert into activity_log (client_id, professional_id, day, minutes)
         select $1, $2, chain_today() - k, 30 from generate_series(1, $3) k`,
      [HER, cm, MANY],
    );
    await pg.query('analyze');
  } finally {
    await pg.end();
  }
  // Her audit trail: read as often as a busy month reads her.
  const me = await gw.as('casemanager@iriszorg.example');
  for (let i = 0; i < MANY; i++) expect((await me.query(`query { client(id: "${HER}") { code } }`)).body.errors).toBeUndefined();
}

let small: TestGateway;
let large: TestGateway;
beforeAll(async () => {
  // The generated documents ask for everything at once, far past what a dashboard may send.
  const limits = { LIMIT_DEPTH: '30', LIMIT_TOKENS: '100000', LIMIT_COST: '10000000', LIMIT_DEFAULT_LIST_SIZE: '1', LIMIT_BODY_BYTES: '1000000' };
  [small, large] = await Promise.all([startGateway(limits), startGateway(limits)]);
  await grow(large);
}, 180_000);
afterAll(() => Promise.all([small?.close(), large?.close()]));

it('asks the same statements of a grown chain as of a small one, for every root query, field and professional', async () => {
  const growth = new Map<string, number>();
  const repeated: string[] = [];
  for (const [name, document] of await documents()) {
    for (const email of DEMO_EMAILS) {
      const [before, after] = await Promise.all([small, large].map(async (gw) => {
        const caller = await gw.as(email);
        const { result, statements } = await gw.countStatements(() => caller.query(document));
        // Refusals are answers here; anything else (a crash, a limit) would hide what is counted.
        const unexpected = (result.body.errors ?? []).filter((e) => !['FORBIDDEN', 'NOT_FOUND'].includes(e.extensions?.code as string));
        expect([name, email, unexpected]).toEqual([name, email, []]);
        return { items: itemsIn(result.body.data), shapes: countByShape(statements) };
      }));
      growth.set(name, Math.max(growth.get(name) ?? 0, after.items - before.items));
      // DataLoader batches per tick, so a loader serving several paths may run up to four times
      // however many rows there are; a statement per row would repeat hundreds of times.
      for (const [shape, n] of Object.entries(after.shapes)) {
        if (n > (before.shapes[shape] ?? 0) + 3) repeated.push(`${email} ${name}: ${before.shapes[shape] ?? 0} → ${n} × ${shape.slice(0, 160)}`);
      }
    }
  }
  expect(repeated).toEqual([]);
  // The grown chain did answer with more rows where the chain grew (the check above is not empty).
  for (const name of ['clients(first: 100)', `client(id: "${HER}")`, `auditTrail(clientId: "${HER}", first: 100)`, 'handovers(direction: OUTGOING)', 'breakGlassReview', 'referrals', 'signals', 'teams']) {
    expect([name, (growth.get(name) ?? 0) >= MANY]).toEqual([name, true]);
  }
}, 600_000);
