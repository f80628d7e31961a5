/**
 * NODE_ENV=production: partner roles run only the dashboards' trusted documents, the schema is for
 * analysts only, errors are masked, the development key is refused, cross-site requests are
 * refused, and the responses carry secure headers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, buildSchema, parse } from 'graphql';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../../src/common/paths';
import { loadConfig, ConfigError } from '../../src/config';
import { runCommand } from '../../src/db/cli';
import { refuseUnfitGatewayRole } from '../../src/db/gateway-role';
import { tokenCommand, devToken } from '../../src/auth/token.cli';
import { DEMO } from '../../src/db/demo/seed';
import { Consent } from '../../src/modules/consents/consent.entity';
import { loadTrustedDocuments } from '../../src/server/trusted-documents';
import { sql } from '../helpers/database-roles';
import { startGateway, type Caller, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc';

const trusted = loadTrustedDocuments();
function idOf(operationName: string): string {
  for (const [id, doc] of trusted.byId) if (doc.includes(` ${operationName}(`) || doc.includes(` ${operationName} {`)) return id;
  throw new Error(`no trusted document ${operationName}`);
}

const METRICS_TOKEN = 'metrics-secret-for-the-production-tests';
const DASHBOARD = 'https://dashboard.iriszorg.example';

let idp: TestIdentityProvider;
let gw: TestGateway;
let cm: Caller;
let analyst: Caller;
let policy: Caller;
const client = DEMO.client(16); // in Iriszorg's caseload

beforeAll(async () => {
  idp = await startIdentityProvider();
  gw = await startGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...idp.env, METRICS_TOKEN, DASHBOARD_ORIGINS: DASHBOARD }, { token: (email) => idp.token(email) });
  cm = await gw.as('casemanager@iriszorg.example');
  analyst = await gw.as('analyst@nijmegen.example');
  policy = await gw.as('policy@nijmegen.example');
});
afterAll(async () => {
  await gw?.close();
  await idp?.close();
});

const bearer = (c: Caller) => ({ authorization: `Bearer ${c.token}` });

describe('trusted documents', () => {
  it('runs a dashboard document a case manager sends by its id', async () => {
    const res = await gw.post({ documentId: idOf('ClientWorkflow'), variables: { id: client } }, bearer(cm));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as any).client.id).toBe(client);
  });

  // Only analysts and policy officers may send documents of their own: whatever the schema offers
  // anyone else must be in the manifest, or it exists in development and not in production.
  it('has a trusted document for every query and mutation the schema offers', () => {
    const schema = buildSchema(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'schema.graphql'), 'utf8'));
    const reached = new Set<string>();
    for (const doc of trusted.byId.values()) {
      for (const d of parse(doc).definitions) {
        if (d.kind === Kind.OPERATION_DEFINITION) for (const s of d.selectionSet.selections) if (s.kind === Kind.FIELD) reached.add(`${d.operation}.${s.name.value}`);
      }
    }
    const offered = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `mutation.${f}`),
    ];
    expect(offered.filter((f) => !reached.has(f))).toEqual([]);
  });

  it('lets a clinician break the glass and procesregie review it, by document ids', async () => {
    const clinician = await gw.as('psychiatrist@propersona.example');
    const opened = await gw.post({ documentId: idOf('BreakGlass'), variables: { clientId: DEMO.client(11), reason: 'Found confused at the station; the GP on call asks' } }, bearer(clinician));
    expect(opened.body.errors).toBeUndefined();
    const review = await gw.post({ documentId: idOf('BreakGlassReview') }, bearer(await gw.as('procesregie@zvh.example')));
    // A grant for a client procesregie's organisation does not know names no client (policy §1).
    for (const e of review.body.errors ?? []) expect({ code: e.extensions?.code, field: e.path?.at(-1) }).toEqual({ code: 'NOT_FOUND', field: 'client' });
    expect((review.body.data as any).breakGlassReview).toContainEqual(expect.objectContaining({ id: (opened.body.data as any).breakGlass.id, client: { id: DEMO.client(11), code: 'KP-011' } }));
  });

  it('accepts Apollo’s persisted-query hash as the id', async () => {
    const hash = idOf('ClientWorkflow').replace('sha256:', '');
    const res = await gw.post({ variables: { id: client }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, bearer(cm));
    expect(res.status).toBe(200);
    expect((res.body.data as any).client.id).toBe(client);
  });

  it('accepts the id in a GET query', async () => {
    const params = new URLSearchParams({ documentId: idOf('Me') });
    const res = await fetch(`${gw.url}/graphql?${params}`, { headers: { ...bearer(cm), 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect((await res.json()).data.me).toBeTruthy();
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await gw.post({ documentId: `sha256:${'0'.repeat(64)}` }, bearer(cm));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('never runs a query sent beside a known id: the manifest’s document runs', async () => {
    const res = await gw.post({ documentId: idOf('Me'), query: `{ client(id: "${client}") { identity { name bsn } } }` }, bearer(cm));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data ?? {})).toEqual(['me']);
  });

  it('refuses an ad-hoc document from a partner token, and it changes nothing', async () => {
    const before = await gw.orm.em.fork().count(Consent, {});
    const read = await cm.query(`query { client(id: "${client}") { identity { name bsn } } }`);
    expect(read.status).toBe(400);
    expect(read.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(read.body.data).toBeUndefined();
    const write = await cm.query(`mutation { revokeConsent(input: { id: "${DEMO.client(1)}", version: 1, reasonCategory: BASIC, reason: "x" }) { id } }`);
    expect(write.status).toBe(400);
    expect(write.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await gw.orm.em.fork().count(Consent, {})).toBe(before);
  });

  it('lets the analyst and the policy officer send ad-hoc documents, which reach aggregates only', async () => {
    for (const caller of [analyst, policy]) {
      const chain = await caller.query('query Chain { organisations { id name } }');
      expect(chain.status).toBe(200);
      expect(chain.body.errors).toBeUndefined();
      const person = await caller.query(`query { client(id: "${client}") { identity { name bsn } } }`);
      expect(person.status).toBe(200);
      expect(person.body.data?.client ?? null).toBeNull();
      expect(JSON.stringify(person.body)).not.toMatch(/"bsn"|"name"/);
      const list = await caller.query('query { clients(first: 5) { totalCount edges { node { id } } } }');
      expect(list.body.data?.clients ?? null).toBeNull();
      expect(list.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('what the schema reveals', () => {
  it('lets the analyst introspect', async () => {
    const res = await analyst.query('{ __schema { queryType { name } } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('refuses introspection to every other role, even the very document the analyst was just answered', async () => {
    const document = '{ __type(name: "Client") { fields { name } } }';
    // Apollo keeps a document's validation per document: the analyst's "yes" must not carry over.
    const answered = await analyst.query(document);
    expect(answered.status).toBe(200);
    expect(JSON.stringify(answered.body.data)).toContain('identity');
    const res = await policy.query(document);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toContain('identity');
  });

  it('names no field or type and suggests nothing in a validation error', async () => {
    const res = await policy.query('{ monitorin { threshol } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/did you mean|monitoring|Query|"monitorin"/i);
  });

  it('does not offer suggestions even to the analyst', async () => {
    const res = await analyst.query('{ monitorin { threshold } }');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
  });

  it('suggests no field or enum value for a variable that does not fit, and still says which one', async () => {
    const res = await gw.post(
      { documentId: idOf('RecordConsent'), variables: { input: { clientId: client, effect: 'PERMT', purpos: 'CARE', organisationId: DEMO.org.iriszorg } } },
      bearer(cm),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const text = JSON.stringify(res.body);
    expect(text).toMatch(/input\.effect/);
    expect(text).not.toMatch(/did you mean|"PERMIT"|"purpose"/i);
  });
});

describe('masked errors', () => {
  it('answers a database error with INTERNAL_SERVER_ERROR: no SQL, no stack, no table', async () => {
    await sql(gw.superuserUrl, 'alter table consent rename to consent_away');
    try {
      const res = await gw.post({ documentId: idOf('ClientWorkflow'), variables: { id: client } }, bearer(cm));
      const text = JSON.stringify(res.body);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toContain('INTERNAL_SERVER_ERROR');
      expect(text).not.toMatch(/select|relation|consent_away|"consent"|stack|at .*\.ts/i);
      for (const e of res.body.errors ?? []) expect(Object.keys(e.extensions ?? {})).toEqual(['code']);
    } finally {
      await sql(gw.superuserUrl, 'alter table consent_away rename to consent');
    }
  });
});

describe('the database role', () => {
  it('is one that owns nothing and may only add to the audit and read it, as docs/operations.md §2.6 sets up', async () => {
    const [role] = await gw.orm.em.getConnection().execute(`select current_user as name, rolsuper as superuser from pg_roles where rolname = current_user`);
    expect(role).toEqual({ name: expect.stringMatching(/^ketenpoort_gateway_/), superuser: false });
    expect((await gw.post({ documentId: idOf('Me') }, bearer(cm))).status).toBe(200);
  });

  it.each([
    ['the server’s superuser', { asSuperuser: true }, 'is a superuser'],
    ['a role that may change a column of audit lines', { afterGrants: 'grant update (reason) on audit_event to ketenpoort_gateway' }, 'may UPDATE audit_event'],
    ['a role that may delete audit lines', { afterGrants: 'grant delete, truncate on audit_event to ketenpoort_gateway' }, 'may DELETE, TRUNCATE audit_event'],
    ['a role that may put a trigger of its own on the audit, to rewrite lines before they are hashed', { afterGrants: 'grant trigger on audit_event to ketenpoort_gateway' }, 'may TRIGGER audit_event'],
  ])('refuses to start as %s, saying so and where the roles are described', async (_name, role, why) => {
    const started = startGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...idp.env, METRICS_TOKEN }, { token: (email) => idp.token(email), ...role });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(new RegExp(`^DATABASE_URL connects as \\S+, which ${why}: .*\\(docs/operations\\.md §2\\.6\\)$`));
  });

  // Started, it would report ready and then answer every audited request with an error.
  it('refuses to start as a role that may not add to the audit, saying what it lacks and where the grants are', async () => {
    const started = startGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...idp.env, METRICS_TOKEN }, { token: (email) => idp.token(email), afterGrants: 'revoke insert on audit_event from ketenpoort_gateway' });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(
      /^DATABASE_URL connects as ketenpoort_gateway_\w+, which may not INSERT on table audit_event: the gateway cannot serve without them; grant what docs\/operations\.md §2\.6 grants$/,
    );
  });

  /**
   * What the gateway needs, as §2.6 grants it, read from the schema on its own terms rather than by
   * the check's query: the role lacking any one of these does not start. Each is taken from this
   * file's gateway role, the check asked, and it given back.
   */
  it('refuses a role lacking any one privilege on what the migrations made, naming that one', () =>
    withSuperuser(gw, async (db, role) => {
      const needs = await schemaNeeds(db);
      expect(needs.filter((n) => n.kind === 'function').map((n) => n.name.replace(/\(.*/, ''))).toEqual(expect.arrayContaining(['audit_append', 'caller_of', 'policy_facts', 'is_involved']));
      expect(needs).toEqual(expect.arrayContaining([{ privilege: 'USAGE', kind: 'sequence', name: 'audit_event_id_seq' }, { privilege: 'SELECT', kind: 'table', name: 'mikro_orm_migrations' }]));
      // Functions and the schema are PUBLIC's by default; the rest §2.6 grants to the role itself.
      const holders = { schema: `public, ${role}`, function: 'public', table: role, sequence: role };
      const refusals: string[] = [];
      for (const { privilege, kind, name } of needs) {
        await db.query(`revoke ${privilege} on ${kind} ${name} from ${holders[kind]}`);
        try {
          refusals.push(await refuseUnfitGatewayRole(gw.orm).then(() => 'started', (err: Error) => err.message));
        } finally {
          await db.query(`grant ${privilege} on ${kind} ${name} to ${holders[kind]}`);
        }
      }
      expect(refusals).toEqual(needs.map((n) => lackRefusal(role, `${n.privilege} on ${n.kind} ${n.name}`)));
      await expect(refuseUnfitGatewayRole(gw.orm)).resolves.toBeUndefined();
    }));

  // A role given none of §2.6's grants lacks something on each of dozens of tables.
  it('names five of what a role lacks, and counts the others', () =>
    withSuperuser(gw, async (db, role) => {
      const functions = (await schemaNeeds(db)).filter((n) => n.kind === 'function').map((n) => n.name).slice(0, 6);
      const lacking = functions.map((f) => `EXECUTE on function ${f}`);
      await db.query(`revoke execute on function ${functions.join(', ')} from public`);
      try {
        await expect(refuseUnfitGatewayRole(gw.orm)).rejects.toMatchObject({ message: lackRefusal(role, `${lacking.slice(0, 5).join('; ')}; and 1 more`) });
        await db.query(`grant execute on function ${functions[5]} to public`);
        await expect(refuseUnfitGatewayRole(gw.orm)).rejects.toMatchObject({ message: lackRefusal(role, lacking.slice(0, 5).join('; ')) });
      } finally {
        await db.query(`grant execute on function ${functions.join(', ')} to public`);
      }
      await expect(refuseUnfitGatewayRole(gw.orm)).resolves.toBeUndefined();
    }));

  it('checks what a later migration adds, needing a serial’s sequence but no identity column’s, and none of an extension’s objects', () =>
    withSuperuser(gw, async (db, role) => {
      try {
        // Installed into public unless told otherwise, pg_stat_statements withholds its reset function
        // from PUBLIC, and a database administrator may withhold its views too.
        await db.query('create extension pg_stat_statements; revoke select on pg_stat_statements from public');
        await db.query(`create table added_later (id serial primary key, other bigint generated always as identity); grant select, insert, update, delete on added_later to ${role}`);
        await expect(refuseUnfitGatewayRole(gw.orm)).rejects.toThrow(/, which may not USAGE on sequence added_later_id_seq: /);
        await db.query(`grant usage on sequence added_later_id_seq to ${role}`);
        await expect(refuseUnfitGatewayRole(gw.orm)).resolves.toBeUndefined();
        await expect(gw.orm.em.getConnection().execute('insert into added_later default values returning id, other')).resolves.toEqual([{ id: 1, other: '1' }]);
      } finally {
        await db.query('drop table if exists added_later; drop extension if exists pg_stat_statements');
      }
    }));

});

describe('the demo chain', () => {
  // Its professionals have known subjects and its clients are made up: never in a real chain's database.
  it('is neither loaded at start nor by `npm run seed` in production', async () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://x/y', METRICS_TOKEN, ...idp.env };
    expect(() => loadConfig({ ...prod, SEED_DEMO: 'true' })).toThrow('SEED_DEMO is for development');
    await expect(runCommand('seed', prod)).rejects.toThrow('refused: the demo chain is for development');
  });
});

describe('the development key', () => {
  it('is refused as a token', async () => {
    const token = await devToken(gw.config.dataDir, 'casemanager@iriszorg.example', { audience: gw.config.auth.audience, issuer: gw.config.auth.devIssuer });
    const res = await gw.post({ documentId: idOf('Me') }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('cannot be configured in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://x/y', METRICS_TOKEN })).toThrow(ConfigError);
  });

  it('is refused by the token command against a production configuration or an OIDC issuer', async () => {
    const prod = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://x/y', METRICS_TOKEN, ...idp.env });
    await expect(tokenCommand(prod, 'casemanager@iriszorg.example')).rejects.toThrow(/refused/);
    const oidcDev = loadConfig({ NODE_ENV: 'development', ...idp.env });
    await expect(tokenCommand(oidcDev, 'casemanager@iriszorg.example')).rejects.toThrow(/refused/);
  });

  it('keeps a gateway that has it to this machine; production listens where it is deployed', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://x/y', METRICS_TOKEN, ...idp.env }).host).toBeUndefined();
  });
});

/** A production gateway of its own that trusts a stand-in identity provider of its own, and the analyst asking it the chain. */
async function withOwnProvider(
  test: (provider: TestIdentityProvider, chain: () => Promise<GraphQLResponse>, gateway: TestGateway) => Promise<void>,
  providerOptions: Parameters<typeof startIdentityProvider>[1] = {},
): Promise<void> {
  const provider = await startIdentityProvider(undefined, providerOptions);
  let gateway: TestGateway | undefined;
  try {
    gateway = await startGateway({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...provider.env, METRICS_TOKEN }, { token: (email) => provider.token(email) });
    const analystThere = await gateway.as('analyst@nijmegen.example');
    await test(provider, () => analystThere.query('query Chain { organisations { id name } }'), gateway);
  } finally {
    await gateway?.close();
    await provider.close();
  }
}

describe('a signing key the identity provider withdraws', () => {
  it('stops vouching for the tokens it signed once the key set is due again, though they were accepted before', () =>
    withOwnProvider(async (provider, chain) => {
      expect((await chain()).status).toBe(200);
      provider.withdrawKey();
      // jose asks for the key set again after 10 minutes; the gateway remembers a verified token
      // for 5 at most, however long the token itself runs (an hour here).
      const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 11 * 60_000);
      try {
        const refused = await chain();
        expect(refused.status).toBe(401);
        expect(refused.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      } finally {
        later.mockRestore();
      }
    }));
});

describe('an identity provider that cannot be reached', () => {
  it('is the gateway\'s outage, not the caller\'s bad token: 503 until it answers again, then served', () =>
    withOwnProvider(async (provider, chain) => {
      // Down before the gateway ever fetched its key set: the token cannot be checked at all. However
      // it is down — its key set answered 503 or 500 (a proxy in front of it, a crash), a maintenance
      // notice in JSON where the key set should be, a key set that starts and never ends, or nothing
      // listening at all — the caller is told to try again, never that her token is bad, nor a 500;
      // and never kept waiting for good (a stalled key set answered twice: the second is not stuck
      // behind the first's fetch).
      for (const down of [503, 500, 502, 'not-a-key-set', 'stalls', 'stalls', 'refused'] as const) {
        await provider.setDown(down);
        const refused = await chain();
        expect({ down, status: refused.status }).toEqual({ down, status: 503 });
        expect(refused.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      }
      await provider.setDown(false);
      const served = await chain();
      expect(served.status).toBe(200);
      expect(served.body.data?.organisations).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Iriszorg' })]));
    }));
});

describe('a key set that does not say which algorithm its key is for', () => {
  // RFC 7517 makes a key's `alg` optional and many providers leave it out: then the key set allows
  // the key with any algorithm of its kind, and only the gateway's own list (`algorithms`) decides.
  it('accepts a token signed with that key only in an algorithm the gateway pins', () =>
    withOwnProvider(
      async (provider, chain, gateway) => {
        expect((await chain()).status).toBe(200); // RS256: the key set serves the key
        const asAnalyst = async (alg: string) =>
          gateway.post({ query: 'query Chain { organisations { id name } }' }, { authorization: `Bearer ${await provider.token('analyst@nijmegen.example', { alg })}` });
        expect((await asAnalyst('PS256')).status).toBe(200);
        for (const alg of ['RS384', 'RS512', 'PS512']) {
          const refused = await asAnalyst(alg);
          expect({ alg, status: refused.status }).toEqual({ alg, status: 401 });
          expect(refused.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
        }
      },
      { keyAlg: null },
    ));
});

describe('a gateway started without NODE_ENV', () => {
  it('runs as development, and still shows neither a stack trace nor Apollo’s CDN landing page', async () => {
    const saved = process.env.NODE_ENV;
    // Apollo reads the process's NODE_ENV for its defaults (unset: stack traces in answers, a
    // landing page from a CDN); the configuration reads it too (unset: development, `npm start`).
    delete process.env.NODE_ENV;
    let bare: TestGateway | undefined;
    try {
      bare = await startGateway({ NODE_ENV: undefined as unknown as string, LOG_LEVEL: 'silent' });
      expect(bare.config.env).toBe('development');
      const caller = await bare.as('policy@nijmegen.example');
      // Without a token the gateway refuses a GET itself (401) before Apollo sees it; with one,
      // Apollo would answer a browser's GET with its landing page.
      for (const headers of [{ accept: 'text/html' }, { accept: 'text/html', authorization: `Bearer ${caller.token}` }] as Record<string, string>[]) {
        const page = await fetch(`${bare.url}/graphql`, { headers });
        expect(page.headers.get('content-type')).not.toMatch(/html/);
        expect(await page.text()).not.toMatch(/<html|apollographql\.com|embeddable-sandbox/i);
      }
      // Errors of the contract keep their code and message, and no stack trace either.
      for (const document of ['{ organisations { nam } }', `{ client(id: "${client}") { code } }`, '{ me { id ']) {
        const refused = await caller.query(document);
        expect(refused.body.errors?.length).toBeGreaterThan(0);
        expect(JSON.stringify(refused.body)).not.toMatch(/stacktrace|at .*\.(ts|js)/i);
      }
      const conn = bare.orm.em.getConnection();
      await conn.execute('alter table professional rename to professional_away');
      try {
        const failed = await caller.query('{ organisations { name } }');
        expect(failed.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'INTERNAL_SERVER_ERROR' }]);
        expect(JSON.stringify(failed.body)).not.toMatch(/stack|professional_away|at .*\.(ts|js)/i);
      } finally {
        await conn.execute('alter table professional_away rename to professional');
      }
    } finally {
      process.env.NODE_ENV = saved;
      await bare?.close();
    }
  });
});

describe('cross-site requests', () => {
  it('refuses a simple-request POST (a form or text/plain), running nothing', async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain', ...bearer(analyst) }, body: JSON.stringify({ query: '{ me { id } }' }) });
    expect(res.status).toBe(415);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  // The API contract allows GET for queries. A cross-site page cannot send a bearer token unasked
  // (Authorization forces a preflight, which CORS refuses it), so the token itself is the header
  // that shows the request was not forged; without one a GET is refused as every request is.
  it('runs a GET that carries its token, and refuses one without a token as unauthenticated', async () => {
    const url = `${gw.url}/graphql?${new URLSearchParams({ documentId: idOf('Me') })}`;
    const withToken = await fetch(url, { headers: bearer(cm) });
    expect(withToken.status).toBe(200);
    expect((await withToken.json()).data.me).toEqual(expect.objectContaining({ name: expect.any(String) }));
    const without = await fetch(url);
    expect(without.status).toBe(401);
    expect(await without.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('answers a document sent for registration as an automatic persisted query as one not trusted', async () => {
    const res = await gw.post({ query: '{ me { email } }', extensions: { persistedQuery: { version: 1 } } }, bearer(analyst));
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
  });

  it('allows CORS only for the configured dashboard origins', async () => {
    const ok = await fetch(`${gw.url}/graphql`, { method: 'OPTIONS', headers: { origin: DASHBOARD, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const evil = await fetch(`${gw.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const post = await gw.post({ documentId: idOf('Me') }, { ...bearer(cm), origin: 'https://evil.example' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('secure headers', () => {
  it('sends them on API answers', async () => {
    const res = await gw.post({ documentId: idOf('Me') }, bearer(cm));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Answers carry personal data: no browser or proxy may keep them.
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the playground working: its page allows its own scripts, which are served', async () => {
    const page = await fetch(`${gw.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src[^;]*'self'/);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect((await fetch(new URL(src, `${gw.url}/`))).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('needs the metrics token', async () => {
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${gw.url}/metrics`, { headers: bearer(cm) })).status).toBe(401);
  });

  it('counts requests, latency, errors by code, SQL statements per request and the pool', async () => {
    await gw.post({ documentId: `sha256:${'1'.repeat(64)}` }, bearer(cm));
    await gw.post({ documentId: idOf('ClientWorkflow'), variables: { id: client } }, bearer(cm));
    const res = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/ketenpoort_http_requests_total\{route="\/graphql",operation="ClientWorkflow",status="200"\} \d+/);
    expect(text).toMatch(/ketenpoort_http_request_duration_seconds_bucket\{le="0.1",route="\/graphql",operation="ClientWorkflow"\} \d+/);
    expect(text).toMatch(/ketenpoort_graphql_errors_total\{code="PERSISTED_QUERY_NOT_FOUND"\} \d+/);
    expect(text).toMatch(/ketenpoort_sql_statements_per_request_count\{operation="ClientWorkflow"\} \d+/);
    expect(text).toMatch(/ketenpoort_sql_statements_per_request_sum\{operation="ClientWorkflow"\} [1-9]/);
    expect(text).toMatch(/ketenpoort_db_pool_connections\{state="max"\} 10/);
  });

  // docs/operations.md §3 is what the operator builds dashboards and alerts from.
  it('serves the metrics docs/operations.md lists, by the names and labels it gives, and no others', async () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
    const table = doc.slice(doc.indexOf('### Metrics'), doc.indexOf('## 4.'));
    const documented = new Map([...table.matchAll(/^\| `(ketenpoort_[a-z_]+)(?:\{([a-z_,]+)\})?`/gm)].map((m) => [m[1], (m[2] ?? '').split(',').filter(Boolean).sort()]));
    const defaults = [...table.matchAll(/`(ketenpoort_[a-z]+_)\*`/g)].map((m) => m[1]);
    expect(defaults).toEqual(['ketenpoort_process_', 'ketenpoort_nodejs_']);

    const text = await (await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const served = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    expect(served.filter((name) => !defaults.some((prefix) => name.startsWith(prefix))).sort()).toEqual([...documented.keys()].sort());
    expect(served.filter((name) => defaults.some((prefix) => name.startsWith(prefix))).length).toBeGreaterThan(5);
    for (const [name, labels] of documented) {
      const samples = [...text.matchAll(new RegExp(`^${name}(?:_bucket|_sum|_count)?\\{([^}]*)\\}`, 'gm'))];
      for (const [, pairs] of samples) {
        expect({ name, labels: [...pairs.matchAll(/([a-z_]+)="/g)].map((m) => m[1]).filter((l) => l !== 'le').sort() }).toEqual({ name, labels });
      }
    }
  });

  it('keeps what a caller sends out of the labels', async () => {
    await fetch(`${gw.url}/clients/KP-016?name=Jansen`, { headers: bearer(cm) });
    await gw.post({ query: 'query KP016Jansen { me { name } }' }, bearer(analyst));
    const text = await (await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).not.toMatch(/KP-016|KP016|Jansen/);
    const operations = new Set([...text.matchAll(/operation="([^"]*)"/g)].map((m) => m[1]));
    const names = new Set([...trusted.byId.values()].flatMap((d) => parse(d).definitions.flatMap((def) => (def.kind === Kind.OPERATION_DEFINITION && def.name ? [def.name.value] : []))));
    for (const operation of operations) expect(['', 'other', ...names]).toContain(operation);
  });
});

/** `run` with a superuser's connection to the gateway's database and the name of the gateway's role. */
async function withSuperuser(gw: TestGateway, run: (db: PgClient, role: string) => Promise<void>): Promise<void> {
  const db = new PgClient({ connectionString: gw.superuserUrl });
  await db.connect();
  try {
    await run(db, new URL(gw.config.databaseUrl!).username);
  } finally {
    await db.end();
  }
}

/** The refusal of a role that lacks `named`. */
const lackRefusal = (role: string, named: string) =>
  `DATABASE_URL connects as ${role}, which may not ${named}: the gateway cannot serve without them; grant what docs/operations.md §2.6 grants`;

interface Need {
  privilege: string;
  kind: 'schema' | 'table' | 'sequence' | 'function';
  name: string;
}

/**
 * §2.6's grants spelt out over the schema: USAGE on it; SELECT on every table and view, and INSERT,
 * UPDATE, DELETE on every table but the audit log (INSERT only) and the migrations table (none);
 * USAGE on the sequences of the tables' serial columns; EXECUTE on every function a query or a
 * trigger's function calls (PUBLIC's, which §2.6 leaves alone).
 */
async function schemaNeeds(db: PgClient): Promise<Need[]> {
  const { rows: tables } = await db.query<{ name: string; type: string }>(
    "select table_name as name, table_type as type from information_schema.tables where table_schema = 'public' order by table_name",
  );
  const { rows: sequences } = await db.query<{ name: string }>(
    `select pg_get_serial_sequence(quote_ident(table_name), column_name) as name from information_schema.columns
      where table_schema = 'public' and column_default like 'nextval(%' and table_name <> 'mikro_orm_migrations' order by 1`,
  );
  // information_schema does not give a function's signature as GRANT takes it.
  const { rows: functions } = await db.query<{ name: string }>(
    "select oid::regprocedure::text as name from pg_proc where pronamespace = 'public'::regnamespace and prorettype <> 'trigger'::regtype order by 1",
  );
  const writes = (table: string) => (table === 'audit_event' ? ['INSERT'] : table === 'mikro_orm_migrations' ? [] : ['INSERT', 'UPDATE', 'DELETE']);
  return [
    { privilege: 'USAGE', kind: 'schema', name: 'public' },
    ...tables.flatMap(({ name, type }) => ['SELECT', ...(type === 'BASE TABLE' ? writes(name) : [])].map((privilege) => ({ privilege, kind: 'table' as const, name }))),
    ...sequences.map(({ name }) => ({ privilege: 'USAGE', kind: 'sequence' as const, name: name.replace(/^public\./, '') })),
    ...functions.map(({ name }) => ({ privilege: 'EXECUTE', kind: 'function' as const, name })),
  ];
}
