/**
 * Not involved = not found (policy.md §1), generated over the schema: every root field that names a
 * client, or something that hangs under one, by its id (or her code) is asked, by a professional of
 * every role and organisation, about something that exists but her organisation is not involved
 * with — at its current version and at a stale one — and about an id of nothing. Everything the
 * caller can see of the two answers (HTTP status, data, each error's message, path and extensions,
 * the headers) is the same. Nothing changes either way.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { encodeCursor } from '../../src/common/pagination';
import { today } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { PROFESSIONALS } from '../../src/db/demo/personas';
import { buildGatewaySchema } from '../../src/server/schema';
import { addProfessional, startGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { fingerprint } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

/**
 * Ids of what is no client's data, each with a value that exists: the chain's directory
 * (organisations, teams, professionals) and a municipality's programmes. Any other id argument of
 * the schema must name a client or something of hers, or this list must say why it does not.
 */
const DIRECTORY_IDS: Record<string, string | undefined> = {
  'Query.organisation.id': undefined,
  'Query.budget.programmeId': DEMO.programme,
  'Query.monitoring.municipalityId': DEMO.org.nijmegen,
  'RecordConsentInput.organisationId': DEMO.org.zvh,
  'ReferClientInput.teamId': DEMO.stapteam,
  'ProposeHandoverInput.toOrganisationId': undefined,
  'StartTrajectoryInput.providerId': undefined,
  'AcceptHandoverInput.caseManagerId': undefined,
  // Sanne Hofstede, Iriszorg's case manager: the client is looked up first.
  'ReassignCaseManagerInput.caseManagerId': '00000000-0000-4000-8003-000000000001',
  // A professional: narrows the list of women the organisation knows, and adds none.
  'ClientFilter.caseManagerId': undefined,
};

/**
 * The fields that, by design, answer by her chain, not by involvement, so differently for someone who
 * exists: break-glass opens her record to an organisation of her chain not involved with her, in an
 * emergency, always audited with the professional's reason; and procesregie marks reviewed the grants
 * of its chain that `breakGlassReview` lists to it, whether or not its organisation knows her (policy
 * §4). Outside her chain each answers as for nothing (test/policy/nested-and-break-glass.test.ts,
 * test/workflows/break-glass-review.test.ts).
 */
const BY_HER_CHAIN = new Set(['Mutation.breakGlass', 'Mutation.reviewBreakGlass']);

/** Values an input needs to get past its own checks (they hold whoever she is), where the first enum value or a plain text would not. */
const VALID: Record<string, unknown> = {
  'RecordConsentInput.effect': 'PERMIT',
  'RecordConsentInput.purpose': 'CARE_COORDINATION',
  'ProposeHandoverInput.destination': 'CLOSED',
};

const TEXT = 'Probe-2026-000001'; // a reason, an outcome, a permit number: valid as any of them
const UNKNOWN = '00000000-0000-4000-8000-999999999999';
const UNKNOWN_CODE = 'KP-999';
/** Headers that differ between any two requests. */
const PER_REQUEST = new Set(['date', 'x-request-id', 'traceparent', 'etag', 'keep-alive', 'connection']);

type Target = { kind: 'id'; entity: string } | { kind: 'code' };
interface Probe {
  /** `Query.client`, … */
  name: string;
  /** Where in the arguments the id (or code) goes: `id`, `input.clientId`, `filter.code`. */
  at: string[];
  target: Target;
  document: string;
  /** The arguments with `value` where the target goes and `version` for a version the caller loaded. */
  variables(value: string, version: number): Record<string, unknown>;
}

let gw: TestGateway;
let schema: GraphQLSchema;
let probes: Probe[];
let before: Record<string, string>;
beforeAll(async () => {
  gw = await startGateway();
  schema = await buildGatewaySchema();
  probes = probesOf(schema);
  before = await fingerprint(gw);
});
afterAll(() => gw.close());

function probesOf(s: GraphQLSchema): Probe[] {
  const out: Probe[] = [];
  for (const [root, type] of [
    ['query', s.getQueryType()!],
    ['mutation', s.getMutationType()!],
  ] as const) {
    for (const field of Object.values(type.getFields())) {
      const name = `${type.name}.${field.name}`;
      for (const { at, target } of targetsOf(name, field)) out.push(probe(root, name, field, at, target));
    }
  }
  return out;
}

/** What the directory's own fields answer and name, its administrators' (test/workflows/directory.test.ts): no client's data. */
const DIRECTORY_TYPES = new Set(['Organisation', 'Team', 'Professional']);

/** The places in a field's arguments that name a client or something of hers. */
function targetsOf(name: string, field: GraphQLField<unknown, unknown>): { at: string[]; target: Target }[] {
  const found: { at: string[]; target: Target }[] = [];
  if (DIRECTORY_TYPES.has(getNamedType(field.type).name)) return found;
  const visit = (owner: string, arg: GraphQLArgument | GraphQLInputField, at: string[]) => {
    const named = getNamedType(arg.type);
    if (isInputObjectType(named)) {
      for (const f of Object.values(named.getFields())) visit(named.name, f, [...at, f.name]);
      return;
    }
    const where = `${owner}.${arg.name}`;
    if (named.name === 'ID') {
      if (where in DIRECTORY_IDS) return;
      if (arg.name === 'clientId') found.push({ at, target: { kind: 'id', entity: 'Client' } });
      // `id`, or `ids` of a list of them (`handovers(ids:)`; one value is a list of one): the field's own type.
      else if (arg.name === 'id' || arg.name === 'ids') found.push({ at, target: { kind: 'id', entity: getNamedType(field.type).name } });
      else throw new Error(`${name}: ${where} names something this test does not know; say in DIRECTORY_IDS what it is`);
    }
    if (owner === 'ClientFilter' && arg.name === 'code') found.push({ at, target: { kind: 'code' } });
  };
  for (const arg of field.args) visit(name, arg, [arg.name]);
  return found;
}

function probe(root: 'query' | 'mutation', name: string, field: GraphQLField<unknown, unknown>, at: string[], target: Target): Probe {
  const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const passed = field.args.map((a) => `${a.name}: $${a.name}`);
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  const document = `${root} Probe${declared.length ? `(${declared.join(', ')})` : ''} { ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
  return {
    name,
    at,
    target,
    document,
    variables: (value, version) => {
      const vars: Record<string, unknown> = {};
      for (const arg of field.args) {
        const v = valueOf(name, arg, arg.type, [arg.name], { at, value, version });
        if (v !== undefined) vars[arg.name] = v;
      }
      return vars;
    },
  };
}

/** A valid value for an argument: required ones and those `VALID` names, the target where it goes. */
function valueOf(owner: string, arg: GraphQLArgument | GraphQLInputField, type: GraphQLInputType, path: string[], p: { at: string[]; value: string; version: number }): unknown {
  const where = `${owner}.${arg.name}`;
  const here = path.join('.') === p.at.join('.');
  const onTheWay = p.at.join('.').startsWith(`${path.join('.')}.`);
  if (!here && !onTheWay && !isNonNullType(type) && !(where in VALID) && DIRECTORY_IDS[where] === undefined) return undefined;
  if (here) return p.value;
  if (where in VALID) return VALID[where];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [valueOf(owner, arg, inner.ofType as GraphQLInputType, path, p)];
  if (isInputObjectType(inner)) {
    const obj: Record<string, unknown> = {};
    for (const f of Object.values(inner.getFields())) {
      const v = valueOf(inner.name, f, f.type, [...path, f.name], p);
      if (v !== undefined) obj[f.name] = v;
    }
    return obj;
  }
  if (isEnumType(inner)) return inner.getValues()[0].value;
  switch (inner.name) {
    case 'ID':
      return DIRECTORY_IDS[where];
    case 'Int':
      return arg.name === 'version' ? p.version : 60;
    case 'Boolean':
      return false;
    case 'Date':
      return today();
    case 'DateTime':
      return new Date().toISOString();
    default:
      return TEXT;
  }
}

/** Professionals of every role and organisation of the demo, one of each pair. */
const CALLERS = PROFESSIONALS.filter(([, , org, roles], i) => PROFESSIONALS.findIndex(([, , o, r]) => o === org && r.join() === roles.join()) === i).map(([email, , org]) => ({
  email,
  organisationId: DEMO.org[org],
}));

/**
 * Something of `entity` whose client `organisationId` is not involved with: first what names the
 * organisation itself (a handover it sent, a consent for it, a signal it raised), the nearest thing
 * to a path that tells the two apart.
 */
async function foreign(entity: string, organisationId: string): Promise<{ id: string; code?: string; version: number }[]> {
  const meta = gw.orm.getMetadata().find(entity);
  if (!meta) return [];
  const isClient = entity === 'Client';
  if (!isClient && !meta.properties.client) return [];
  const clientColumn = isClient ? 't.id' : 't.client_id';
  const own = meta.props
    .filter((p) => p.kind === 'm:1' && p.type === 'Organisation')
    .map((p) => `t.${p.fieldNames[0]} = ?`)
    .join(' or ');
  const versioned = Boolean(meta.versionProperty);
  const rows = await gw.orm.em.fork().getConnection().execute<{ id: string; code?: string; version: number }[]>(
    `select t.id${isClient ? ', t.code' : ''}, ${versioned ? 't.version' : '1'} as version from ${meta.tableName} t
      where not is_involved(?, ${clientColumn}) order by ${own ? `(${own}) desc, ` : ''}t.id limit 2`,
    [organisationId, ...(own ? meta.props.filter((p) => p.kind === 'm:1' && p.type === 'Organisation').map(() => organisationId) : [])],
  );
  return rows;
}

/** All a caller sees of an answer, but for what differs between any two requests. */
function seen(res: GraphQLResponse) {
  const headers: string[] = [];
  res.headers.forEach((value, name) => {
    if (!PER_REQUEST.has(name)) headers.push(`${name}: ${value}`);
  });
  headers.sort();
  return { status: res.status, headers, body: res.body };
}

it('asks every root field that names a client or something of hers', () => {
  // Every client-hung id argument the schema has: a new one is asked without anyone listing it.
  const named = new Set(probes.map((p) => p.name));
  for (const f of ['Query.client', 'Query.auditTrail', 'Query.clients', 'Mutation.revokeConsent', 'Mutation.acceptHandover', 'Mutation.issueZoneRegistration']) expect(named).toContain(f);
});

it('answers something that exists but is not known to the caller’s organisation exactly as nothing', async () => {
  const differences: string[] = [];
  const reachedLookup = new Set<string>();
  // Which probes compared something that exists with nothing: one whose `foreign()` found no
  // record would otherwise compare nothing and pass.
  const compared = new Set<string>();
  const probeName = (p: Probe) => `${p.name}(${p.at.join('.')})`;
  for (const p of probes) {
    if (BY_HER_CHAIN.has(p.name)) continue;
    for (const caller of CALLERS) {
      const as = await gw.as(caller.email);
      const things = p.target.kind === 'code' ? await foreign('Client', caller.organisationId) : await foreign(p.target.entity, caller.organisationId);
      const nothing = await as.query(p.document, p.variables(p.target.kind === 'code' ? UNKNOWN_CODE : UNKNOWN, 1));
      const answer = nothing.body.errors?.[0];
      if (answer?.extensions?.code === 'NOT_FOUND' || (!nothing.body.errors && nothing.status === 200)) reachedLookup.add(p.name);
      for (const thing of things) {
        compared.add(probeName(p));
        const value = p.target.kind === 'code' ? thing.code! : thing.id;
        for (const version of [thing.version, thing.version + 7]) {
          const probeNothing = await as.query(p.document, p.variables(p.target.kind === 'code' ? UNKNOWN_CODE : UNKNOWN, version));
          const res = await as.query(p.document, p.variables(value, version));
          try {
            expect(seen(res)).toEqual(seen(probeNothing));
          } catch {
            differences.push(`${caller.email} · ${p.name}(${p.at.join('.')}) · ${value} v${version}: ${JSON.stringify(seen(res).body)} — nothing: ${JSON.stringify(seen(probeNothing).body)}`);
          }
        }
      }
    }
  }
  expect(differences).toEqual([]);
  // Not vacuous: each probe got past roles and input checks to the lookup, for someone.
  expect(probes.filter((p) => !BY_HER_CHAIN.has(p.name) && !reachedLookup.has(p.name)).map((p) => p.name)).toEqual([]);
  // Not vacuous either: each probe was asked about at least one record that exists.
  expect(probes.filter((p) => !BY_HER_CHAIN.has(p.name) && !compared.has(probeName(p))).map(probeName)).toEqual([]);
  expect(compared.size).toBeGreaterThan(0);
});

it('changed nothing', async () => {
  expect(await fingerprint(gw)).toEqual(before);
});

it('pages on from a cursor made of a code it does not know exactly as from the code it knows before it', async () => {
  const me = await gw.as('casemanager@iriszorg.example');
  const page = 'query ($after: String) { clients(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code } } } }';
  const rows = await gw.orm.em.fork().getConnection().execute<{ code: string; involved: boolean }[]>('select code, is_involved(?, id) as involved from client order by code', [DEMO.org.iriszorg]);
  // A code of someone Iriszorg does not know, after one it does: between the two lies no one it knows.
  const i = rows.findIndex((r, n) => !r.involved && n > 0 && rows[n - 1].involved);
  expect(i).toBeGreaterThan(0);
  const crafted = await me.query(page, { after: encodeCursor([rows[i].code]) });
  const known = await me.query(page, { after: encodeCursor([rows[i - 1].code]) });
  expect(crafted.body.errors).toBeUndefined();
  expect(seen(crafted)).toEqual(seen(known));
});

/** One id a query finds, of a client or a record. */
async function one(sql: string, params: unknown[]): Promise<string> {
  const [row] = await gw.orm.em.fork().getConnection().execute<{ id: string }[]>(sql, params);
  if (!row) throw new Error(`the demo has no row for: ${sql}`);
  return row.id;
}

describe('what must be unique across the chain', () => {
  it('answers a permit number another municipality issued to a woman yours does not know as one nobody holds', async () => {
    await addProfessional(gw, 90, 'permits@arnhem.example', 'Iris Lemmens', DEMO.org.arnhem, ['PERMIT_OFFICER']);
    // A woman of Arnhem's own chain, in its care alone.
    const theirs = await one(
      `with c as (insert into client (code, status, municipality_id) values ('KP-ARN-1', 'ACTIVE', ?) returning id)
       insert into case_assignment (client_id, organisation_id, started_on) select id, ?, '2026-01-01' from c returning client_id as id`,
      [DEMO.org.arnhem, DEMO.org.arnhem],
    );
    // Shared with Arnhem for its permit, as a registration needs.
    await gw.orm.em.fork().getConnection().execute(
      `insert into consent (client_id, effect, organisation_id, categories, purpose, legal_basis, valid_from, recorded_by_id)
       select ?, 'PERMIT', ?, array['SEX_WORK'], 'PERMITTING', 'PUBLIC_TASK', now() - interval '1 day', id from professional where email = 'permits@arnhem.example'`,
      [theirs, DEMO.org.arnhem],
    );
    const issued = await (await gw.as('permits@arnhem.example')).query(operation('IssueZoneRegistration'), { input: { clientId: theirs, number: 'TZ-2026-900' } });
    expect(issued.body.errors).toBeUndefined();
    expect(await one(`select id from zone_registration where number = 'TZ-2026-900' and client_id = ?`, [theirs])).toBeTruthy();

    // A woman Nijmegen knows who holds its registration already: whatever the number, she gets no second one.
    const ours = await one('select client_id as id from zone_registration where municipality_id = ? and revoked_on is null and is_involved(?, client_id) order by id limit 1', [DEMO.org.nijmegen, DEMO.org.nijmegen]);
    const nijmegen = await gw.as('permits@nijmegen.example');
    const held = await nijmegen.query(operation('IssueZoneRegistration'), { input: { clientId: ours, number: 'TZ-2026-900' } });
    const free = await nijmegen.query(operation('IssueZoneRegistration'), { input: { clientId: ours, number: 'TZ-2026-901' } });
    expect(seen(held)).toEqual(seen(free));
  });
});

describe('the codes of someone new', () => {
  const ASK = { teamId: DEMO.stapteam, reasonCategory: 'BASIC', reason: 'Asked for help at the night shelter' };
  const referNew = async (email: string, name: string) => {
    const res = await (await gw.as(email)).query(operation('ReferClient'), { input: { ...ASK, newClient: { name } } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.referClient as { id: string; version: number; client: { id: string; code: string } };
  };
  /** What a curious reader of her own list asks of two codes: did no one get one in between? */
  const consecutive = (a: string, b: string) => {
    const [m, n] = [a, b].map((code) => /^KP-(\d+)$/.exec(code)?.[1]);
    return m !== undefined && n !== undefined && Number(n) === Number(m) + 1;
  };

  it('tell the referrer nothing of a woman someone else referred in between, whom she never sees', async () => {
    const IRISZORG = 'casemanager@iriszorg.example';
    // Someone referred in between: Pro Persona's, declined by the team, so Iriszorg never knows her.
    const first = await referNew(IRISZORG, 'Anna B.');
    const theirs = await referNew('psychiatrist@propersona.example', 'Bea C.');
    const declined = await (await gw.as('casemanager@legerdesheils.example')).query(operation('DeclineReferral'), { input: { id: theirs.id, version: theirs.version } });
    expect(declined.body.errors).toBeUndefined();
    const second = await referNew(IRISZORG, 'Cora D.');
    expect((await (await gw.as(IRISZORG)).query('query ($id: ID!) { client(id: $id) { id } }', { id: theirs.client.id })).body.data).toEqual({ client: null });

    // And no one in between.
    const third = await referNew(IRISZORG, 'Dana E.');
    const fourth = await referNew(IRISZORG, 'Eva F.');

    expect(consecutive(first.client.code, second.client.code)).toBe(consecutive(third.client.code, fourth.client.code));
  });
});
