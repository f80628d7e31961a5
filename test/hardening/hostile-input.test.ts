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
import { createLogger } from '../../src/server/logger';
import { buildBareSchema } from '../../src/server/schema';
import { entriesDuring } from '../helpers/audit';
import { addProfessional, startGateway, type Caller, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { operation } from '../helpers/workflow-operations';

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
  const INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE client; --",
    '"); DELETE FROM consent; --',
    '<script>alert(1)</script>',
    '{"$gt": ""}',
    '${7*7}{{7*7}}',
    '../../etc/passwd',
    'a\u0000b',
    'x'.repeat(20_000),
  ];

  const SAMPLE: Record<string, unknown> = { ID: '00000000-0000-4000-8fff-000000000001', String: 'note', Int: 1, Float: 1, Boolean: true, Date: '2024-01-01', DateTime: '2024-01-01T00:00:00Z' };

  /** A plausible value for an input type, and the paths of its text leaves. */
  function sample(type: GraphQLInputType, path: string[], texts: string[][]): unknown {
    const t = getNullableType(type) as GraphQLInputType;
    if (isListType(t)) return [sample(t.ofType, [...path, '0'], texts)];
    if (isInputObjectType(t)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(t.getFields())) out[f.name] = sample(f.type, [...path, f.name], texts);
      return out;
    }
    if (isEnumType(t)) return t.getValues()[0].value;
    if (isScalarType(t)) {
      if (t.name === 'String' || t.name === 'ID') texts.push(path);
      return SAMPLE[t.name] ?? 'x';
    }
    return null;
  }

  function setAt(obj: Record<string, any>, path: string[], value: unknown): Record<string, any> {
    const copy = structuredClone(obj);
    let at: any = copy;
    for (const key of path.slice(0, -1)) at = at[key];
    at[path[path.length - 1]] = value;
    return copy;
  }

  function typeString(type: GraphQLInputType): string {
    if (isNonNullType(type)) return `${typeString(type.ofType)}!`;
    if (isListType(type)) return `[${typeString(type.ofType)}]`;
    return getNamedType(type).name;
  }

  /**
   * The chain's directory, kept by Nijmegen's administrator: values that get each call past its
   * own checks, fresh for every call (names, e-mail addresses and subjects are unique), so the
   * hostile string in one field is what reaches the database. Its free texts may legitimately
   * hold any of them: `stored` reads back the row a call made or changed, to hold it to what was sent.
   */
  const TARGET = demoId(3, 96);
  const DIRECTORY: Record<string, { valid: (n: number) => Promise<Record<string, any>>; table: string; texts: string[]; stored: (id: string) => Promise<Record<string, unknown>> }> = {
    addOrganisation: {
      valid: async (n) => ({ input: { name: `Hostile organisation ${n}`, kind: 'CARE_PROVIDER' } }),
      table: 'Organisation',
      texts: ['input.name'],
      stored: async (id) => row('select name, kind, municipality_id from organisation where id = ?', id),
    },
    addTeam: {
      valid: async (n) => ({ input: { name: `Hostile team ${n}` } }),
      table: 'Team',
      texts: ['input.name'],
      stored: async (id) => row('select name, municipality_id from team where id = ?', id),
    },
    addProfessional: {
      valid: async (n) => ({ input: { organisationId: DEMO.org.iriszorg, name: `Hostile ${n}`, email: `hostile-${n}@iriszorg.example`, subject: `hostile|${n}`, roles: ['CASE_MANAGER'] } }),
      table: 'Professional',
      texts: ['input.name', 'input.email', 'input.subject'],
      stored: async (id) => row('select organisation_id, name, email, subject, roles, active from professional where id = ?', id),
    },
    changeProfessional: {
      valid: async (n) => ({
        input: { id: TARGET, version: (await row('select version from professional where id = ?', TARGET)).version, name: `Target ${n}`, email: `target-${n}@iriszorg.example`, subject: `target|${n}`, roles: null },
      }),
      table: 'Professional',
      texts: ['input.name', 'input.email', 'input.subject'],
      stored: async (id) => row('select organisation_id, name, email, subject, roles, active from professional where id = ?', id),
    },
  };
  /** What a directory call that was taken should have stored: what it sent, and what it did not name as it was. */
  const MEANT: Record<string, (input: Record<string, any>) => Record<string, unknown>> = {
    addOrganisation: (input) => ({ name: input.name, kind: input.kind, municipality_id: DEMO.org.nijmegen }),
    addTeam: (input) => ({ name: input.name, municipality_id: DEMO.org.nijmegen }),
    addProfessional: (input) => ({ organisation_id: input.organisationId, name: input.name, email: input.email, subject: input.subject, roles: input.roles, active: true }),
    changeProfessional: (input) => ({ organisation_id: DEMO.org.iriszorg, name: input.name, email: input.email, subject: input.subject, roles: ['CASE_MANAGER'], active: true }),
  };

  async function row(sql: string, id: string): Promise<Record<string, any>> {
    const [found] = await gw.orm.em.fork().getConnection().execute(sql, [id]);
    return found;
  }

  beforeAll(async () => {
    // Whom the administrator changes: not a persona another test signs in as.
    await addProfessional(gw, 96, 'target@iriszorg.example', 'Target', DEMO.org.iriszorg, ['CASE_MANAGER']);
  });

  it('answers every one with a contract code, and stores nothing but a directory text exactly as sent', async () => {
    const schema = await buildBareSchema();
    // A sign-in subject is unique in the gateway: the professional is changed to each hostile
    // subject (and back to an ordinary one, below) before another is added with it.
    const mutations = (Object.values(schema.getMutationType()!.getFields()) as GraphQLField<unknown, unknown>[]).sort(
      (a, b) => Number(b.name === 'changeProfessional') - Number(a.name === 'changeProfessional'),
    );
    const callers = await Promise.all(['casemanager@iriszorg.example', 'permits@nijmegen.example', 'procesregie@zvh.example', 'admin@nijmegen.example'].map((e) => gw.as(e)));
    const before = await snapshot();
    const pastRoles = new Set<string>();
    const stored: string[] = [];
    const grown: Record<string, number> = {};
    let sent = 0;
    let fresh = 0;
    for (const m of mutations) {
      const texts: string[][] = [];
      const sampled: Record<string, any> = {};
      for (const a of m.args) sampled[a.name] = sample(a.type, [a.name], texts);
      const directory = DIRECTORY[m.name];
      const variablesFor = async () => (directory ? directory.valid(++fresh) : sampled);
      const document = `mutation Hostile(${m.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ')}) { ${m.name}(${m.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { __typename ${directory ? 'id' : ''} } }`;

      /** One call: refused cleanly and nothing stored, or (a directory text) stored exactly as sent and nothing else. */
      const send = async (caller: Caller, path: string[] | null, value?: string) => {
        const variables = await variablesFor();
        const asSent = path ? setAt(variables, path, value) : variables;
        const [counts, res] = directory ? [await snapshot(), await caller.query(document, asSent)] : [null, await caller.query(document, asSent)];
        const what = `${m.name} ${path?.join('.') ?? '(no injection)'} = ${JSON.stringify(value?.slice(0, 40))}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        try {
          expectRefusedCleanly(res);
          const taken = !res.body.errors && (res.body.data as Record<string, any> | null)?.[m.name];
          if (!taken) {
            expect(res.body.errors?.length).toBeGreaterThan(0);
            // A directory's free text is refused for what it is, naming its field, or not at all.
            if (directory && path && directory.texts.includes(path.join('.'))) {
              expect(res.body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT', field: expect.stringMatching(new RegExp(`^\\$?${path.join('\\.')}$`)) })]);
            }
            if (counts) expect(await snapshot()).toEqual(counts);
            return res;
          }
          expect(directory).toBeDefined();
          expect(path === null || directory!.texts.includes(path.join('.'))).toBe(true);
          expect(await directory!.stored(taken.id)).toEqual(MEANT[m.name](asSent.input));
          const grew = m.name.startsWith('add') ? 1 : 0;
          expect(await snapshot()).toEqual({ ...counts, [directory!.table]: counts![directory!.table] + grew });
          grown[directory!.table] = (grown[directory!.table] ?? 0) + grew;
          if (path) stored.push(`${m.name} ${path.join('.')}`);
          return res;
        } catch (err) {
          throw new Error(`${what}\n${err}`);
        }
      };

      // Someone whose role may call this mutation, so the input is really read: none is a failure.
      let caller: Caller | undefined;
      for (const c of callers) {
        const probe = await send(c, null);
        if (probe.body.errors?.[0]?.extensions?.code !== 'FORBIDDEN') {
          caller = c;
          break;
        }
      }
      if (!caller) throw new Error(`nobody of ${callers.length} callers gets past the role check of ${m.name}: its input is never read`);
      pastRoles.add(m.name);
      expect(texts.length).toBeGreaterThan(0);
      for (const path of texts) {
        for (const injection of INJECTIONS) {
          await send(caller, path, injection);
          sent += 1;
        }
      }
      // And the directory still takes an ordinary call after them.
      if (directory) expect((await send(caller, null)).body.errors).toBeUndefined();
    }
    expect([...pastRoles].sort()).toEqual(mutations.map((m) => m.name).sort());
    expect(sent).toBeGreaterThan(100);
    // The names of an organisation, a team and a professional take any of these strings, and a
    // professional's sign-in subject those without a space (visible ASCII): each was stored as sent.
    expect([...new Set(stored)].sort()).toEqual([
      'addOrganisation input.name',
      'addProfessional input.name',
      'addProfessional input.subject',
      'addTeam input.name',
      'changeProfessional input.name',
      'changeProfessional input.subject',
    ]);
    // Beyond the rows of the directory's calls that were taken (each checked as it was made), nothing.
    expect(Object.keys(grown).sort()).toEqual(['Organisation', 'Professional', 'Team']);
    expect(await snapshot()).toEqual(Object.fromEntries(Object.entries(before).map(([table, n]) => [table, n + (grown[table] ?? 0)])));
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
    expect(signal.text).toBe('seen her 😀 at the station');
    const [row] = await gw.orm.em.fork().getConnection().execute('select text from signal where id = ?', [signal.id]);
    expect(row.text).toBe(signal.text);
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
