/**
 * Hostile input: whatever arrives, the gateway answers with a contract code and a 4xx (never a 500,
 * a stack trace or SQL), and a refused write leaves the database exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLField,
} from 'graphql';
import { generateKeyPair, SignJWT } from 'jose';
import { devKeyPair } from '../../src/auth/keys';
import { demoSubject } from '../../src/db/demo/personas';
import { DEMO, demoId } from '../../src/db/demo/seed';
import { ENTITIES } from '../../src/modules';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { MONITORING_SUMMARY_TABLES } from '../../src/modules/monitoring/summary-tables';
import { createLogger } from '../../src/server/logger';
import { buildBareSchema } from '../../src/server/schema';
import { entriesDuring } from '../helpers/audit';
import { addProfessional, startGateway, type Caller, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { fingerprint } from '../helpers/workflow-db';
import { made as madeThrough, operation } from '../helpers/workflow-operations';

/** What the gateway logged at warn or above: a caller's mistake is none of it. */
const logged: { level: number; msg: string }[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
    done();
  },
});

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({}, { logger: createLogger('warn', sink) });
});
afterAll(() => gw?.close());

const ALLOWED_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'QUERY_TOO_COMPLEX'];

function expectRefusedCleanly(res: GraphQLResponse, codes = ALLOWED_CODES) {
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(500);
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/stacktrace|\bat [\w.]+ \(|\.ts:\d+|select .* from|insert into|syntax error at or near|violates/i);
  for (const e of res.body.errors ?? []) expect(codes).toContain(e.extensions?.code);
}

/** Rows per table, the audit trail aside (a refused attempt may be audited, as NEN 7513 asks). */
async function snapshot(): Promise<Record<string, number>> {
  const em = gw.orm.em.fork();
  const counts: Record<string, number> = {};
  for (const entity of ENTITIES) {
    if (entity === AuditEvent) continue;
    counts[(entity as { name: string }).name] = await em.count(entity as never, {});
  }
  return counts;
}

describe('query bombs and malformed documents', () => {
  let cm: Caller;
  beforeAll(async () => {
    cm = await gw.as('casemanager@iriszorg.example');
  });

  it.each([
    ['deep', `{ me { ${'organisation { teams { members { '.repeat(6)} id ${'} } } '.repeat(6)} } }`],
    ['wide', `{ me { ${Array.from({ length: 40 }, (_, i) => `f${i}: name`).join(' ')} } }`],
    ['an alias bomb on a client', `{ ${Array.from({ length: 100 }, (_, i) => `c${i}: clients(first: 100) { totalCount }`).join(' ')} }`],
    ['fragment cycles', 'query { me { ...A } } fragment A on Professional { organisation { id } ...B } fragment B on Professional { ...A }'],
    ['a fragment spread into itself', 'query { me { ...A } } fragment A on Professional { ...A }'],
    ['a document that is not GraphQL', '}}}{{{ DROP TABLE client; --'],
    ['an empty document', ''],
    ['an unknown operation name', '{ me { id } }'],
  ])('refuses %s with a 4xx and a contract code', async (what, document) => {
    const res = what === 'an unknown operation name' ? await gw.post({ query: document, operationName: 'Nope' }, { authorization: `Bearer ${cm.token}` }) : await cm.query(document);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectRefusedCleanly(res);
    expect(res.body.errors?.length).toBeGreaterThan(0);
  });

  // Legal names that are also the names of Object.prototype's members. An executor that writes
  // answers onto plain objects (graphql-jit does) would set a prototype instead of a key and drop
  // the field; a rule that kept names in a plain object would read the prototype's member.
  it('answers an alias, a fragment and a variable named like a prototype member as ordinary names', async () => {
    const me = (await cm.query('{ me { id name } }')).body.data?.me;
    const res = await gw.post(
      {
        query: `query Q($__proto__: Int!) {
          __proto__: me { __proto__: name ...hasOwnProperty }
          clients(first: $__proto__) { edges { node { id } } }
        }
        fragment hasOwnProperty on Professional { constructor: id }`,
        variables: JSON.parse('{"__proto__": 2}'),
      },
      { authorization: `Bearer ${cm.token}` },
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data as Record<string, any>;
    expect(Object.keys(data)).toEqual(['__proto__', 'clients']);
    expect(Object.entries(Object.getOwnPropertyDescriptor(data, '__proto__')?.value)).toEqual([
      ['__proto__', me.name],
      ['constructor', me.id],
    ]);
    expect(data.clients.edges).toHaveLength(2);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('answers a huge string argument as an id nobody has: not found, no error from the database', async () => {
    const res = await cm.query(`{ client(id: "${'A'.repeat(60_000)}") { id } }`);
    expectRefusedCleanly(res);
    expect(res.body.data).toEqual({ client: null });
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['XML', 'application/xml'],
    ['no content type', ''],
  ])('refuses a body sent as %s', async (_what, type) => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { ...(type ? { 'content-type': type } : {}), authorization: `Bearer ${cm.token}` }, body: JSON.stringify({ query: '{ me { id } }' }) });
    expect(res.status).toBe(415);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['broken JSON', '{"query": "{ me { id } }"'],
    ['a JSON string', '"{ me { id } }"'],
    ['a JSON number', '42'],
    ['a query that is not a string', '{"query": {"a": 1}}'],
    ['variables that are not an object', '{"query": "{ me { id } }", "variables": [1]}'],
  ])('refuses %s as JSON', async (_what, body) => {
    const res = await gw.post(body, { authorization: `Bearer ${cm.token}` });
    expect(res.status).toBe(400);
    expectRefusedCleanly(res);
  });

  it('refuses a mutation sent as GET, with or without the preflight header, and runs nothing', async () => {
    const before = await snapshot();
    const query = `mutation { breakGlass(clientId: "${randomUUID()}", reason: "x") { id } }`;
    for (const headers of [{}, { 'apollo-require-preflight': 'true' }] as Record<string, string>[]) {
      const res = await fetch(`${gw.url}/graphql?${new URLSearchParams({ query })}`, { headers: { authorization: `Bearer ${cm.token}`, ...headers } });
      expect([400, 405]).toContain(res.status);
      const body = await res.json();
      expect(body.data ?? undefined).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('forged tokens', () => {
  const ME = { query: '{ me { id } }' };
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = () => ({ sub: demoSubject('admin@nijmegen.example'), iss: gw.config.auth.devIssuer, aud: gw.config.auth.audience, exp: Math.floor(Date.now() / 1000) + 3600 });

  it.each([
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
    ['signed by another key', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign((await generateKeyPair('ES256')).privateKey)],
    ['an HMAC token using the public key as secret', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JSON.stringify(claims())))],
    ['for another audience', async () => new SignJWT({ ...claims(), aud: 'another-api' }).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    ['from another issuer', async () => new SignJWT({ ...claims(), iss: 'https://evil.example' }).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    ['expired', async () => new SignJWT({ ...claims(), exp: Math.floor(Date.now() / 1000) - 3600 }).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    ['without an expiry', async () => new SignJWT((({ exp: _e, ...c }) => c)(claims())).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    ['for a subject nobody has', async () => new SignJWT({ ...claims(), sub: 'demo|nobody@evil.example' }).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    // RFC 7519 makes `sub` a string; jose 5 checks only that it is there. A number reached the
    // database as one (500), a list holding her subject was taken for her.
    ['whose subject is a number', async () => new SignJWT({ ...claims(), sub: 5 as never }).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    ['whose subject is a list holding a real one', async () => new SignJWT({ ...claims(), sub: [claims().sub] as never }).setProtectedHeader({ alg: 'ES256' }).sign((await devKeyPair(gw.config.dataDir)).privateKey)],
    ['with a tampered payload', async () => {
      const real = await (await gw.as('casemanager@iriszorg.example')).token;
      const [h, , s] = real.split('.');
      return `${h}.${b64(claims())}.${s}`;
    }],
  ])('refuses a token %s with 401 UNAUTHENTICATED', async (_what, make) => {
    const res = await gw.post(ME, { authorization: `Bearer ${await make()}` });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.data ?? undefined).toBeUndefined();
  });

  it('takes the scheme in any case, as RFC 7235 has it', async () => {
    const { token } = await gw.as('casemanager@iriszorg.example');
    for (const scheme of ['bearer', 'BEARER']) {
      const res = await gw.post(ME, { authorization: `${scheme} ${token}` });
      expect([res.status, (res.body.data as { me?: { id: string } } | undefined)?.me?.id]).toEqual([200, expect.any(String)]);
    }
  });
});

describe('injection strings in every text input of every mutation', () => {
  /** Each kind of hostile text, sent to every text field of every mutation. */
  const HOSTILE: [kind: string, value: string][] = [
    ['an SQL tautology', "' OR '1'='1"],
    ['an SQL statement after a closed string', "'; DROP TABLE client; --"],
    ['an SQL statement after a closed double-quoted string', '"); DELETE FROM consent; --'],
    ['markup', '<script>alert(1)</script>'],
    ['a query operator', '{"$gt": ""}'],
    ['a template expression', '${7*7}{{7*7}}'],
    ['a path out of a directory', '../../etc/passwd'],
    ['a NUL', 'a\u0000b'],
    ['a high surrogate alone', 'a\ud83db'],
    ['a low surrogate alone', 'a\ude00b'],
    ['a right-to-left override', 'report\u202etxt.exe'],
    ['a huge string', 'x'.repeat(20_000)],
  ];
  /** An id is no free text: a few kinds show it is refused cleanly wherever it is looked up. */
  const HOSTILE_IDS = HOSTILE.filter(([kind]) => ['an SQL statement after a closed string', 'a NUL', 'a high surrogate alone', 'a huge string'].includes(kind));

  const SAMPLE: Record<string, unknown> = { ID: '00000000-0000-4000-8fff-000000000001', String: 'note', Int: 1, Float: 1, Boolean: true, Date: '2024-01-01', DateTime: '2024-01-01T00:00:00Z' };

  /** A plausible value for an input type, and the paths of its free texts (String) and ids (ID). */
  function sample(type: GraphQLInputType, path: string[], leaves: { texts: string[][]; ids: string[][] }): unknown {
    const t = getNullableType(type) as GraphQLInputType;
    if (isListType(t)) return [sample(t.ofType, [...path, '0'], leaves)];
    if (isInputObjectType(t)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(t.getFields())) out[f.name] = sample(f.type, [...path, f.name], leaves);
      return out;
    }
    if (isEnumType(t)) return t.getValues()[0].value;
    if (isScalarType(t)) {
      if (t.name === 'String') leaves.texts.push(path);
      if (t.name === 'ID') leaves.ids.push(path);
      return SAMPLE[t.name] ?? 'x';
    }
    return null;
  }

  function setAt(obj: Record<string, any>, path: string[], value: unknown): Record<string, any> {
    const copy = structuredClone(obj);
    let at: any = copy;
    for (const key of path.slice(0, -1)) at = at[key] ??= {};
    at[path[path.length - 1]] = value;
    return copy;
  }

  function typeString(type: GraphQLInputType): string {
    if (isNonNullType(type)) return `${typeString(type.ofType)}!`;
    if (isListType(type)) return `[${typeString(type.ofType)}]`;
    return getNamedType(type).name;
  }

  async function row(sql: string, ...params: string[]): Promise<Record<string, any>> {
    const [found] = await gw.orm.em.fork().getConnection().execute(sql, params);
    return found;
  }

  const CM = 'casemanager@iriszorg.example';
  const ADMIN = 'admin@nijmegen.example';
  const HER = DEMO.client(14);
  /** A client Nijmegen knows who holds no registration of it: it may register her (below). */
  let unregistered = '';
  const TARGET = demoId(3, 96);
  const made = (who: string, op: string, input: Record<string, unknown>) => madeThrough(gw, who, op, input);
  const versionOf = async (table: string, id: string) => (await row(`select version from ${table} where id = ?`, id)).version as number;

  /**
   * How each mutation with free text gets a call through: who may make it, the variables of a call
   * that goes through (fresh for every call where names, keys and numbers are unique, on a record
   * in a state where it may: made through the API first where it needs one), and so the hostile
   * string in one field is what is read or stored. `stored` reads back the row a call made or
   * changed, to hold it to `meant`: what it sent. `writes` are the tables a call that goes through
   * changes, and how many rows each gains; `after` sets things back so the next call goes through too.
   */
  interface Target {
    who: string;
    valid: (n: number) => Promise<Record<string, any>>;
    stored: (id: string) => Promise<Record<string, unknown>>;
    meant: (sent: Record<string, any>) => Record<string, unknown>;
    writes: Record<string, number>;
    after?: (id: string) => Promise<void>;
  }
  /** The trajectory and the consent the next call ends: made once, and again only after a call ended it. */
  let trajectory: { id: string; version: number } | null = null;
  let consent: { id: string; version: number } | null = null;
  const TARGETS: Record<string, Target> = {
    addOrganisation: {
      who: ADMIN,
      valid: async (n) => ({ input: { name: `Hostile organisation ${n}`, kind: 'CARE_PROVIDER' } }),
      stored: (id) => row('select name, kind, municipality_id from organisation where id = ?', id),
      meant: ({ input }) => ({ name: input.name, kind: input.kind, municipality_id: DEMO.org.nijmegen }),
      writes: { organisation: 1 },
    },
    addTeam: {
      who: ADMIN,
      valid: async (n) => ({ input: { name: `Hostile team ${n}` } }),
      stored: (id) => row('select name, municipality_id from team where id = ?', id),
      meant: ({ input }) => ({ name: input.name, municipality_id: DEMO.org.nijmegen }),
      writes: { team: 1 },
    },
    addProfessional: {
      who: ADMIN,
      valid: async (n) => ({ input: { organisationId: DEMO.org.iriszorg, name: `Hostile ${n}`, email: `hostile-${n}@iriszorg.example`, subject: `hostile|${n}`, roles: ['CASE_MANAGER'] } }),
      stored: (id) => row('select organisation_id, name, email, subject, roles, active from professional where id = ?', id),
      meant: ({ input }) => ({ organisation_id: input.organisationId, name: input.name, email: input.email, subject: input.subject, roles: input.roles, active: true }),
      writes: { professional: 1 },
    },
    changeProfessional: {
      who: ADMIN,
      valid: async (n) => ({ input: { id: TARGET, version: await versionOf('professional', TARGET), name: `Target ${n}`, email: `target-${n}@iriszorg.example`, subject: `target|${n}`, roles: null } }),
      stored: (id) => row('select organisation_id, name, email, subject, roles, active from professional where id = ?', id),
      meant: ({ input }) => ({ organisation_id: DEMO.org.iriszorg, name: input.name, email: input.email, subject: input.subject, roles: ['CASE_MANAGER'], active: true }),
      writes: { professional: 0 },
    },
    breakGlass: {
      who: 'casemanager@wijkteam.example',
      valid: async (n) => ({ clientId: HER, reason: `She collapsed at the station (${n})` }),
      stored: (id) => row('select client_id, organisation_id, reason from break_glass_grant where id = ?', id),
      meant: (sent) => ({ client_id: sent.clientId, organisation_id: DEMO.org.wijkteam, reason: sent.reason }),
      writes: { break_glass_grant: 1 },
    },
    endTrajectory: {
      who: CM,
      valid: async (n) => {
        trajectory ??= await made(CM, 'StartTrajectory', { clientId: HER, kind: 'TIME_OUT' });
        return { input: { id: trajectory.id, version: trajectory.version, outcome: `Found rest (${n})` } };
      },
      stored: (id) => row('select status, outcome from trajectory where id = ?', id),
      meant: ({ input }) => ({ status: 'ENDED', outcome: input.outcome }),
      writes: { trajectory: 0 },
      after: async () => {
        trajectory = null;
      },
    },
    issueZoneRegistration: {
      who: 'permits@nijmegen.example',
      valid: async (n) => ({ input: { clientId: unregistered, number: `TZ-HOSTILE-${n}` } }),
      stored: (id) => row('select client_id, municipality_id, number, revoked_on from zone_registration where id = ?', id),
      meant: ({ input }) => ({ client_id: input.clientId, municipality_id: DEMO.org.nijmegen, number: input.number, revoked_on: null }),
      writes: { zone_registration: 1 },
      after: async (id) => void (await made('permits@nijmegen.example', 'RevokeZoneRegistration', { id, version: await versionOf('zone_registration', id) })),
    },
    logActivity: {
      who: CM,
      valid: async () => ({ input: { clientId: HER, minutes: 1, idempotencyKey: randomUUID() } }),
      stored: (id) => row('select client_id, minutes, idempotency_key from activity_log where id = ?', id),
      meant: ({ input }) => ({ client_id: input.clientId, minutes: input.minutes, idempotency_key: input.idempotencyKey }),
      writes: { activity_log: 1 },
    },
    proposeHandover: {
      who: CM,
      valid: async (n) => ({ input: { clientId: HER, destination: 'MONITORING', toOrganisationId: DEMO.org.zvh, notes: `Weekly contact (${n})` } }),
      stored: (id) => row('select client_id, destination, to_organisation_id, status, notes from handover where id = ?', id),
      meant: ({ input }) => ({ client_id: input.clientId, destination: input.destination, to_organisation_id: input.toOrganisationId, status: 'PROPOSED', notes: input.notes }),
      writes: { handover: 1 },
      // One open handover per client: the next proposal follows this one's cancellation.
      after: async (id) => void (await made(CM, 'CancelHandover', { id, version: await versionOf('handover', id) })),
    },
    raiseSignal: {
      who: CM,
      valid: async (n) => ({ input: { clientId: HER, category: 'BASIC', text: `Not seen for a week (${n})`, idempotencyKey: randomUUID() } }),
      stored: (id) => row('select client_id, category, text, idempotency_key from signal where id = ?', id),
      meant: ({ input }) => ({ client_id: input.clientId, category: input.category, text: input.text, idempotency_key: input.idempotencyKey }),
      writes: { signal: 1 },
    },
    recordConsent: {
      who: CM,
      valid: async () => ({ input: { clientId: HER, effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION', idempotencyKey: randomUUID() } }),
      stored: (id) => row('select client_id, effect, organisation_id, purpose, idempotency_key from consent where id = ?', id),
      meant: ({ input }) => ({ client_id: input.clientId, effect: input.effect, organisation_id: input.organisationId, purpose: input.purpose, idempotency_key: input.idempotencyKey }),
      writes: { consent: 1 },
    },
    referClient: {
      who: CM,
      valid: async (n) => ({ input: { teamId: DEMO.stapteam, newClient: { name: `Yara Q. (${n})` }, reasonCategory: 'BASIC', reason: `Asked for help (${n})`, idempotencyKey: randomUUID() } }),
      stored: (id) => row('select r.team_id, r.reason, r.idempotency_key, cr.name from referral r join client_record cr on cr.client_id = r.client_id where r.id = ?', id),
      meant: ({ input }) => ({ team_id: input.teamId, reason: input.reason, idempotency_key: input.idempotencyKey, name: input.newClient.name }),
      writes: { client: 1, client_record: 1, referral: 1 },
    },
    revokeConsent: {
      who: CM,
      valid: async (n) => {
        consent ??= await made(CM, 'RecordConsent', { clientId: HER, effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION' });
        return { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: `She asked us to (${n})` } };
      },
      stored: (id) => row('select revoked_at is not null as revoked, revocation_reason_category, revocation_reason from consent where id = ?', id),
      meant: ({ input }) => ({ revoked: true, revocation_reason_category: input.reasonCategory, revocation_reason: input.reason }),
      writes: { consent: 0 },
      after: async () => {
        consent = null;
      },
    },
    startTrajectory: {
      who: CM,
      valid: async (n) => ({ input: { clientId: HER, kind: 'TIME_OUT', notes: `Needs rest (${n})` } }),
      stored: (id) => row('select client_id, kind, status, provider_id, notes from trajectory where id = ?', id),
      meant: ({ input }) => ({ client_id: input.clientId, kind: input.kind, status: 'ACTIVE', provider_id: DEMO.org.iriszorg, notes: input.notes }),
      writes: { trajectory: 1 },
      // One active trajectory of a kind at a time: the next start follows this one's end.
      after: async (id) => void (await made(CM, 'EndTrajectory', { id, version: await versionOf('trajectory', id), outcome: 'Rested' })),
    },
  };

  beforeAll(async () => {
    // Whom the administrator changes: not a persona another test signs in as.
    await addProfessional(gw, 96, 'target@iriszorg.example', 'Target', DEMO.org.iriszorg, ['CASE_MANAGER']);
    // A woman Nijmegen knows, whose registration it revokes: it may then register her again.
    const held = await row('select id, client_id, version from zone_registration where municipality_id = ? and revoked_on is null and is_involved(?, client_id) order by id limit 1', DEMO.org.nijmegen, DEMO.org.nijmegen);
    await made('permits@nijmegen.example', 'RevokeZoneRegistration', { id: held.id, version: held.version });
    unregistered = held.client_id;
  });

  /** Every table a mutation may write (the fingerprint), and the rows of every other table. */
  async function state(): Promise<Record<string, string>> {
    const [tables, counts] = await Promise.all([fingerprint(gw), snapshot()]);
    for (const [entity, n] of Object.entries(counts)) tables[gw.orm.getMetadata().find(entity)!.tableName] ??= String(n);
    return tables;
  }
  const rows = (of: string) => Number(of.split('/')[0]);

  it('reads every free text of every mutation on a call that would otherwise go through: stored exactly as sent, or refused naming it', async () => {
    const schema = await buildBareSchema();
    // A sign-in subject is unique in the gateway: the professional is changed to each hostile
    // subject (and back to an ordinary one, below) before another is added with it.
    // A mutation without arguments (`signOut`) takes no input to be hostile with.
    const mutations = (Object.values(schema.getMutationType()!.getFields()) as GraphQLField<unknown, unknown>[]).filter((m) => m.args.length > 0).sort(
      (a, b) => Number(b.name === 'changeProfessional') - Number(a.name === 'changeProfessional'),
    );
    const callers = await Promise.all([CM, 'permits@nijmegen.example', 'procesregie@zvh.example', ADMIN].map((e) => gw.as(e)));
    /** The free texts of the schema's mutations, and for each the kinds of hostile text it was reached with. */
    const everyText: string[] = [];
    const reached = new Map<string, Set<string>>();
    /** Where a hostile text went in as sent. */
    const stored = new Set<string>();
    let fresh = 0;
    logged.length = 0;
    for (const m of mutations) {
      const leaves = { texts: [] as string[][], ids: [] as string[][] };
      const sampled: Record<string, any> = {};
      for (const a of m.args) sampled[a.name] = sample(a.type, [a.name], leaves);
      everyText.push(...leaves.texts.map((p) => `${m.name} ${p.join('.')}`));
      const target = TARGETS[m.name];
      const document = `mutation Hostile(${m.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ')}) { ${m.name}(${m.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { __typename ${target ? 'id' : ''} } }`;

      /**
       * One call with `value` at `path` (none: an ordinary one). Taken: a free text stored exactly
       * as sent, the row as meant, and only the rows meant changed. Refused: a contract code —
       * naming the field, for a free text on a call that would otherwise go through — and nothing changed.
       */
      const send = async (caller: Caller, path: string[] | null, kind?: string, value?: string) => {
        const variables = target ? await target.valid(++fresh) : sampled;
        const asSent = path ? setAt(variables, path, value) : variables;
        const before = await state();
        const res = await caller.query(document, asSent);
        const field = path?.join('.');
        const what = `${m.name} ${field ?? '(no hostile text)'} = ${kind ?? ''} ${JSON.stringify(value?.slice(0, 40))}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        try {
          expectRefusedCleanly(res);
          const taken = !res.body.errors && (res.body.data as Record<string, any> | null)?.[m.name];
          const isText = Boolean(path && leaves.texts.some((p) => p.join('.') === field));
          if (!taken) {
            expect(res.body.errors?.length).toBeGreaterThan(0);
            if (target && path) {
              // Refused for what it is, naming its field (as sent, or as the variable holding it);
              // an id may instead be one nobody has.
              const named = { code: 'BAD_USER_INPUT', field: expect.stringMatching(new RegExp(`^\\$?${field!.replace(/\./g, '\\.')}$`)) };
              const [only, ...more] = res.body.errors!.map((e) => e.extensions);
              expect(more).toEqual([]);
              expect(only).toEqual(expect.objectContaining(!isText && only?.code === 'NOT_FOUND' ? { code: 'NOT_FOUND' } : named));
            }
            expect(await state()).toEqual(before);
            if (target && isText) reached.get(`${m.name} ${field}`)!.add(kind!);
            return res;
          }
          expect(target).toBeDefined();
          expect(path === null || isText).toBe(true);
          expect(await target!.stored(taken.id)).toEqual(target!.meant(asSent));
          const after = await state();
          const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
          // Beyond the rows meant, only the monitoring summaries its triggers keep from them.
          expect(changed.filter((t) => !(t in target!.writes) && !(MONITORING_SUMMARY_TABLES as readonly string[]).includes(t))).toEqual([]);
          expect(Object.fromEntries(Object.keys(target!.writes).map((t) => [t, rows(after[t]) - rows(before[t])]))).toEqual(target!.writes);
          if (path) {
            reached.get(`${m.name} ${field}`)!.add(kind!);
            stored.add(`${m.name} ${field}`);
          }
          await target!.after?.(taken.id);
          return res;
        } catch (err) {
          throw new Error(`${what}\n${err}`);
        }
      };

      if (target) {
        for (const p of leaves.texts) reached.set(`${m.name} ${p.join('.')}`, new Set());
        const caller = callers.find((c) => c.email === target.who) ?? (await gw.as(target.who));
        // The ordinary call goes through, before the hostile ones and after them: each of those
        // differed from one that would have gone through in its hostile text alone.
        expect((await send(caller, null)).body.errors).toBeUndefined();
        for (const path of leaves.texts) for (const [kind, value] of HOSTILE) await send(caller, path, kind, value);
        for (const path of leaves.ids) for (const [kind, value] of HOSTILE_IDS) await send(caller, path, kind, value);
        expect((await send(caller, null)).body.errors).toBeUndefined();
        continue;
      }
      // A mutation without free text, on ids nobody has: someone whose role may call it, so its ids are read.
      let caller: Caller | undefined;
      for (const c of callers) {
        const probe = await send(c, null);
        if (probe.body.errors?.[0]?.extensions?.code !== 'FORBIDDEN') {
          caller = c;
          break;
        }
      }
      if (!caller) throw new Error(`nobody of ${callers.length} callers gets past the role check of ${m.name}: its input is never read`);
      for (const path of leaves.ids) for (const [kind, value] of HOSTILE_IDS) await send(caller, path, kind, value);
    }
    // Every free text the schema has was reached with every kind of hostile text.
    const kinds = HOSTILE.map(([kind]) => kind).sort();
    expect(Object.fromEntries(everyText.map((f) => [f, [...(reached.get(f) ?? [])].sort()]))).toEqual(Object.fromEntries(everyText.map((f) => [f, kinds])));
    // Each free text took some of them, stored exactly as sent; an e-mail address and a permit
    // number have a form of their own, which none of them has.
    expect([...stored].sort()).toEqual(everyText.filter((f) => !['addProfessional input.email', 'changeProfessional input.email', 'issueZoneRegistration input.number'].includes(f)).sort());
    // A caller's mistake, however hostile, is nothing the gateway logs at warn or above.
    expect(logged).toEqual([]);
  }, 300000);
});

describe('text the database cannot take as sent, where it reaches the database', () => {
  const HER = DEMO.client(14);
  const UNSTORABLE = [
    // PostgreSQL refuses a NUL in text.
    ['a NUL', 'seen her at\u0000 the station'],
    // node-postgres would store U+FFFD in place of half a surrogate pair: not what was answered.
    ['a high surrogate alone', 'seen her \ud83d at the station'],
    ['a low surrogate alone', 'seen her \ude00 at the station'],
  ];
  const CALLS: [string, string, string, string, (text: string) => Record<string, unknown>][] = [
    ['raiseSignal', '$input.text', 'casemanager@iriszorg.example', operation('RaiseSignal'), (text) => ({ input: { clientId: HER, category: 'BASIC', text } })],
    ['referClient', '$input.newClient.name', 'casemanager@iriszorg.example', operation('ReferClient'), (name) => ({ input: { teamId: DEMO.stapteam, newClient: { name }, reasonCategory: 'BASIC', reason: 'Asked for help' } })],
    ['referClient', '$input.reason', 'casemanager@iriszorg.example', operation('ReferClient'), (reason) => ({ input: { teamId: DEMO.stapteam, newClient: { name: 'Yara Q.' }, reasonCategory: 'BASIC', reason } })],
    ['startTrajectory', '$input.notes', 'casemanager@iriszorg.example', operation('StartTrajectory'), (notes) => ({ input: { clientId: HER, kind: 'TIME_OUT', notes } })],
    ['breakGlass', '$reason', 'casemanager@wijkteam.example', 'mutation ($client: ID!, $reason: String!) { breakGlass(clientId: $client, reason: $reason) { id } }', (text) => ({ client: HER, reason: `She collapsed: ${text}` })],
    ['clients', '$filter.code', 'casemanager@iriszorg.example', 'query ($filter: ClientFilter) { clients(filter: $filter) { totalCount } }', (code) => ({ filter: { code } })],
  ];

  async function auditLines(): Promise<number> {
    return gw.orm.em.fork().count(AuditEvent, {});
  }

  describe.each(UNSTORABLE)('%s', (_what, text) => {
    it.each(CALLS)('refuses %s with BAD_USER_INPUT naming %s, and writes nothing at all', async (_call, where, email, document, variables) => {
      const caller = await gw.as(email);
      const [before, linesBefore] = [await snapshot(), await auditLines()];
      logged.length = 0;
      const res = await caller.query(document, variables(text));
      expect(res.status).toBe(400);
      expect(res.body.data ?? undefined).toBeUndefined();
      expect(res.body.errors).toEqual([{ message: expect.stringMatching(new RegExp(`^\\${where}: .*NUL.*surrogate`)), extensions: { code: 'BAD_USER_INPUT', field: where } }]);
      expect(await snapshot()).toEqual(before);
      expect(await auditLines()).toBe(linesBefore);
      expect(logged).toEqual([]);
    });
  });

  it('refuses a NUL written in the document itself, naming the argument', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const res = await cm.query('{ clients(filter: { code: "KP-\\u0000014" }) { totalCount } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'filter.code' }]);
  });

  // A recursive walk would overflow the stack here: a 500, or an error logged, not this answer.
  // (How fast it answers is for the benchmarks, bench/, not for a test.)
  it('finds it in a variable nested deeper than a recursive walk could go, and goes on answering', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const depth = 40_000;
    const body = `{"query": "query ($filter: ClientFilter) { clients(filter: $filter) { totalCount } }", "variables": {"filter": {"code": ${'['.repeat(depth)}"KP\\u0000"${']'.repeat(depth)}}}}`;
    logged.length = 0;
    const res = await gw.post(body, { authorization: `Bearer ${cm.token}` });
    expect(res.status).toBe(400);
    expect(res.body.data ?? undefined).toBeUndefined();
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: `$filter.code${'.0'.repeat(depth)}` }]);
    expect(logged).toEqual([]);
    const next = await cm.query('{ me { name } }');
    expect([next.status, next.body.data]).toEqual([200, { me: { name: 'Sanne Hofstede' } }]);
  });

  it('stores a whole surrogate pair (an emoji) exactly as sent', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const res = await cm.query(operation('RaiseSignal'), { input: { clientId: HER, category: 'BASIC', text: 'seen her 😀 at the station' } });
    const signal = (res.body.data as any).raiseSignal;
    const [row] = await gw.orm.em.fork().getConnection().execute('select text from signal where id = ?', [signal.id]);
    expect(row.text).toBe('seen her 😀 at the station');
    const read = await cm.query('query ($ids: [ID!]) { signals(ids: $ids) { text } }', { ids: [signal.id] });
    expect(read.body.data.signals).toEqual([{ text: 'seen her 😀 at the station' }]);
  });
});

describe('cursors a list did not hand out', () => {
  const cursor = (json: string) => Buffer.from(json).toString('base64url');
  const LISTS: [string, string, string, Record<string, unknown>][] = [
    ['auditTrail', 'procesregie@zvh.example', 'query ($after: String, $client: ID!) { auditTrail(clientId: $client, after: $after) { totalCount } }', { client: DEMO.client(16) }],
    ['clients', 'casemanager@iriszorg.example', 'query ($after: String) { clients(after: $after) { totalCount } }', {}],
  ];
  const FORGED: [string, string, string][] = [
    ['auditTrail', 'text where a place in the chain goes', '["abc"]'],
    ['auditTrail', 'a number past what a double holds', '[1e400]'],
    ['auditTrail', 'a place past what a bigint holds', '["99999999999999999999"]'],
    ['clients', 'a code holding a NUL', '["KP-\\u0000014"]'],
    ['clients', 'a code holding half a surrogate pair', '["KP-\\ud800"]'],
  ];

  it.each(FORGED)('%s refuses %s with BAD_USER_INPUT on `after`, and records no read', async (list, _what, json) => {
    const [, email, document, variables] = LISTS.find(([name]) => name === list)!;
    const caller = await gw.as(email);
    logged.length = 0;
    const { result: res, entries } = await entriesDuring(gw, () => caller.query(document, { ...variables, after: cursor(json) }));
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'after' }]);
    expect(res.body.data).toBeNull();
    expect(entries.filter((e) => e.outcome === 'GRANTED')).toEqual([]);
    expect(logged).toEqual([]);
  });
});
