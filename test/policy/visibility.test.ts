import { isObjectType, type GraphQLNamedType } from 'graphql';
import { CaseAssignment } from '../../src/modules/clients/case-assignment.entity';
import { ClientRecord } from '../../src/modules/clients/client-record.entity';
import { Client } from '../../src/modules/clients/client.entity';
import { Consent } from '../../src/modules/consents/consent.entity';
import { Handover } from '../../src/modules/handovers/handover.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Professional } from '../../src/modules/organisations/professional.entity';
import { Team } from '../../src/modules/organisations/team.entity';
import { Trajectory } from '../../src/modules/trajectories/trajectory.entity';
import { DEMO } from '../../src/db/demo/seed';
import { CATEGORIES } from '../../src/policy/tables';
import { buildBareSchema } from '../../src/server/schema';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { countByShape, shapes } from '../helpers/statements';

let gw: TestGateway;
beforeAll(async () => {
  // One document reads every client at once, far past what a dashboard may send (test/hardening/).
  gw = await startGateway({ LIMIT_ALIASES: '1000', LIMIT_DEPTH: '20', LIMIT_TOKENS: '100000', LIMIT_COST: '10000000' });
});
afterAll(() => gw.close());

const CM_IRISZORG = 'casemanager@iriszorg.example';
const CM_LDH = 'casemanager@legerdesheils.example';

describe('a page of clients costs a constant number of SQL statements', () => {
  const PAGE = `query ($first: Int!) { clients(first: $first) { totalCount edges { node {
    id code status team { name } caseManagers { name organisation { name } }
    identity { name bsn } contact { phone } health { summary } addiction { substanceUse } housing { situation }
    justice { involvement } finance { income breakthroughSpent } zoneRegistration { number issuedOn }
    access { category granted basis }
    consents { effect categories state revocationReason organisation { name } }
    trajectories { kind startedOn notes provider { name } }
    handovers { destination status notes toOrganisation { name } }
  } } } }`;

  beforeAll(async () => {
    // Sixty more women in the Stapteam caseload, each with consent, a trajectory and a handover.
    const em = gw.orm.em.fork();
    const nijmegen = em.getReference(Organisation, DEMO.org.nijmegen);
    const iriszorg = em.getReference(Organisation, DEMO.org.iriszorg);
    const team = em.getReference(Team, DEMO.stapteam);
    const cm = await em.findOneOrFail(Professional, { email: CM_IRISZORG });
    for (let i = 0; i < 60; i++) {
      const client = em.create(Client, { code: `KP-9${String(i).padStart(2, '0')}`, status: 'ACTIVE', municipality: nijmegen, team });
      em.create(ClientRecord, { client, name: `Extra ${i}`, healthSummary: 'x', income: 'y' });
      em.create(CaseAssignment, { client, organisation: iriszorg, professional: cm, startedOn: '2024-01-01' });
      em.create(Consent, { client, effect: 'PERMIT', organisation: iriszorg, purpose: 'CARE', validFrom: new Date('2024-01-01'), recordedBy: cm });
      em.create(Trajectory, { client, kind: 'TIME_OUT', provider: iriszorg, startedOn: '2024-02-01', notes: 'rest' });
      em.create(Handover, { client, fromOrganisation: iriszorg, toOrganisation: nijmegen, destination: 'MONITORING', proposedBy: cm, notes: 'n' });
    }
    await em.flush();
  });

  it('is the same for 10 and for 50 clients with every category and relation', async () => {
    const me = await gw.as(CM_IRISZORG);
    const ten = await gw.countStatements(() => me.query(PAGE, { first: 10 }));
    const fifty = await gw.countStatements(() => me.query(PAGE, { first: 50 }));
    expect((ten.result.body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
    expect((ten.result.body.data as any).clients.edges).toHaveLength(10);
    expect((fifty.result.body.data as any).clients.edges).toHaveLength(50);
    // The organisation loader serves four relation paths and DataLoader batches per tick, so
    // how many organisation lookups a page costs depends on when the rows come back (1 to 4) —
    // never on how many clients are on the page. A per-client query would repeat 10 or 50 times.
    expect(shapes(fifty.statements)).toEqual(shapes(ten.statements));
    for (const run of [ten, fifty]) {
      expect(Math.max(...Object.values(countByShape(run.statements)))).toBeLessThanOrEqual(4);
      expect(run.statements.length).toBeLessThanOrEqual(24);
    }
    // The reads of one level of the page travel together: the caller, the page, one round trip per
    // level of what hangs under a client (three here, however many fields), then the audit.
    expect(fifty.roundTrips).toBe(ten.roundTrips);
    expect(fifty.roundTrips).toBeLessThanOrEqual(6);
    expect(fifty.roundTrips).toBeLessThan(fifty.statements.length / 2);
  });

  it('names, on each consent, trajectory and handover of a page, the organisation it points at', async () => {
    // Each organisation comes from a loader shared by every item of the page: none may get another's.
    const me = await gw.as(CM_IRISZORG);
    const res = await me.query(`query { clients(first: 50) { edges { node {
      consents { id organisation { id name } } trajectories { id provider { id name } }
      handovers { id fromOrganisation { id name } toOrganisation { id name } } } } } }`);
    expect(res.body.errors).toBeUndefined();
    const nodes = (res.body.data as any).clients.edges.map((e: any) => e.node);
    const db = gw.orm.em.getConnection();
    const named = async (sql: string, ids: string[]) =>
      new Map((await db.execute<{ id: string; org: string | null; name: string | null }[]>(sql, [`{${ids.join(',')}}`])).map((r) => [r.id, r.org ? { id: r.org, name: r.name } : null]));
    const pairs = async (items: { id: string }[], field: string, table: string, column: string) => {
      const expected = await named(`select x.id, o.id as org, o.name from "${table}" x left join organisation o on o.id = x.${column} where x.id = any(?::uuid[])`, items.map((i) => i.id));
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect([item.id, (item as any)[field]]).toEqual([item.id, expected.get(item.id)]);
    };
    await pairs(nodes.flatMap((n: any) => n.consents), 'organisation', 'consent', 'organisation_id');
    await pairs(nodes.flatMap((n: any) => n.trajectories), 'provider', 'trajectory', 'provider_id');
    await pairs(nodes.flatMap((n: any) => n.handovers), 'fromOrganisation', 'handover', 'from_organisation_id');
    await pairs(nodes.flatMap((n: any) => n.handovers), 'toOrganisation', 'handover', 'to_organisation_id');
  });
});

describe('revocation', () => {
  it('stops the very next request', async () => {
    const me = await gw.as(CM_LDH);
    const read = () => me.query('query ($id: ID!) { client(id: $id) { health { summary } } }', { id: DEMO.client(13) });
    const before = await read();
    expect(before.body.data?.client).toEqual({ health: { summary: expect.any(String) } });
    const em = gw.orm.em.fork();
    const consent = await em.findOneOrFail(Consent, { client: DEMO.client(13), organisation: DEMO.org.legerDesHeils });
    consent.revokedAt = new Date();
    consent.revocationReason = 'She no longer wants Leger des Heils to see this';
    await em.flush();
    const after = await read();
    expect(after.body.data?.client).toEqual({ health: null });
    expect(after.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REVOKED' });
    // The overview names the consent that ended, as it names the one that allows (policy §2).
    const access = await me.query('query ($id: ID!) { client(id: $id) { access { category granted reason decidedBy } } }', { id: DEMO.client(13) });
    expect(access.body.data?.client.access.find((a: { category: string }) => a.category === 'HEALTH')).toEqual({ category: 'HEALTH', granted: false, reason: 'CONSENT_REVOKED', decidedBy: consent.id });
  });
});

describe('graphql-shield’s rule cache (pitfalls.md)', () => {
  it('decides per client when one query asks two clients under two aliases', async () => {
    // Iriszorg may see KP-012's health (consent) but not KP-013's (no HEALTH consent for Iriszorg).
    const me = await gw.as(CM_IRISZORG);
    const res = await me.query('query ($a: ID!, $b: ID!) { a: client(id: $a) { health { summary } } b: client(id: $b) { health { summary } } }', {
      a: DEMO.client(12),
      b: DEMO.client(13),
    });
    expect((res.body.data as any).a.health.summary).toEqual(expect.any(String));
    expect((res.body.data as any).b.health).toBeNull();
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['b', 'health'], extensions: { code: 'FORBIDDEN', reason: 'NO_CONSENT' } })]);
    // And in the other order, so a cached "no" cannot leak into a "yes" either.
    const swapped = await me.query('query ($a: ID!, $b: ID!) { b: client(id: $b) { health { summary } } a: client(id: $a) { health { summary } } }', {
      a: DEMO.client(12),
      b: DEMO.client(13),
    });
    expect((swapped.body.data as any).a.health.summary).toEqual(expect.any(String));
    expect((swapped.body.data as any).b.health).toBeNull();
  });
});

describe('requests of different callers at the same time', () => {
  it('answers each caller as it answers her alone: no rule verdict, loader or fact is shared between requests', async () => {
    const document = `query { ${Array.from({ length: 6 }, (_, i) => `c${i}: client(id: "${DEMO.client(12 + i)}") { code identity { name } health { summary } housing { situation } }`).join(' ')} }`;
    const callers = await Promise.all([CM_IRISZORG, CM_LDH, 'expert@iriszorg.example', 'policy@nijmegen.example'].map((email) => gw.as(email)));
    // Errors in the order of their paths: the order they arise in depends on timing, and means nothing.
    const ask = async (c: (typeof callers)[number]) => {
      const { data, errors = [] } = (await c.query(document)).body;
      return { data, errors: [...errors].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))) };
    };
    const alone: Awaited<ReturnType<typeof ask>>[] = [];
    for (const c of callers) alone.push(await ask(c));
    // Their answers differ, or the comparison below would prove nothing.
    expect(new Set(alone.map((a) => JSON.stringify(a))).size).toBe(callers.length);
    const together = await Promise.all(Array.from({ length: 5 }, () => callers).flat().map(ask));
    together.forEach((answer, i) => expect(answer).toEqual(alone[i % callers.length]));
  });
});

describe('one request after another (pitfalls.md: a context reused across requests)', () => {
  // graphql-shield keeps its `contextual` verdicts on the context (`ctx._shield`): a context, or
  // its `_shield`, that outlived its request would hand the next caller the first one's verdict.
  // The test above compares answers given one by one with answers given at once, so a verdict
  // carried from each request to the next leaks into both and it cannot see it; this one can.
  it('refuses the policy officer the client a case manager was just shown, and shows it to the case manager after a refusal', async () => {
    const document = `{ client(id: "${DEMO.client(12)}") { code health { summary } } }`;
    const [cm, policy] = await Promise.all([gw.as(CM_IRISZORG), gw.as('policy@nijmegen.example')]);
    for (let round = 0; round < 2; round++) {
      const shown = await cm.query(document);
      expect(shown.body).toEqual({ data: { client: { code: 'KP-012', health: { summary: expect.any(String) } } } });
      const refused = await policy.query(document);
      expect(refused.body.data?.client ?? null).toBeNull();
      expect(refused.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
    }
  });
});

describe('a denied field', () => {
  it('is null with FORBIDDEN and a reason, and tells nothing of the value', async () => {
    const me = await gw.as('expert@iriszorg.example');
    const res = await me.query('query ($id: ID!) { client(id: $id) { code health { summary } } }', { id: DEMO.client(12) });
    expect(res.body).toEqual({
      data: { client: { code: 'KP-012', health: null } },
      errors: [{ message: 'Your role may not see or do this', path: ['client', 'health'], locations: expect.any(Array), extensions: { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' } }],
    });
  });
});

describe('every category field of a client', () => {
  /** The field of Client that holds each category's data. */
  const FIELD_OF: Record<string, string> = {
    IDENTITY: 'identity',
    CONTACT: 'contact',
    HEALTH: 'health',
    ADDICTION: 'addiction',
    HOUSING: 'housing',
    JUSTICE: 'justice',
    FINANCE: 'finance',
    SEX_WORK: 'zoneRegistration',
  };

  // Client's '*' rule lets every field of hers through that has no rule of its own (its fields are
  // decided where she is reached, server/schema.ts keeps them unwrapped): a category field whose own
  // rule went missing would fall to it, unchecked and unaudited, and the schema test would still
  // count it guarded. The access overview is the oracle: where it says no, the field says nothing.
  it('answers null with FORBIDDEN wherever the access overview refuses its category, and only there', async () => {
    expect(Object.keys(FIELD_OF).sort()).toEqual(CATEGORIES.filter((c) => c !== 'BASIC').sort());
    const document = `{ clients(first: 50) { edges { node { id access { category granted } ${Object.values(FIELD_OF).map((f) => `${f} { __typename }`).join(' ')} } } } }`;
    const refusedChecked: Record<string, number> = {};
    for (const email of [CM_IRISZORG, CM_LDH, 'expert@iriszorg.example', 'casemanager@wijkteam.example']) {
      const res = await (await gw.as(email)).query(document);
      const nodes = (res.body.data as any).clients.edges.map((e: any) => e.node);
      const forbidden = new Set((res.body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => JSON.stringify(e.path)));
      nodes.forEach((node: any, i: number) => {
        for (const { category, granted } of node.access as { category: string; granted: boolean }[]) {
          const field = FIELD_OF[category];
          if (!field) continue;
          const refusedHere = forbidden.has(JSON.stringify(['clients', 'edges', i, 'node', field]));
          expect({ email, client: node.id, category, granted, value: granted ? 'any' : node[field], refusedHere }).toEqual({
            email,
            client: node.id,
            category,
            granted,
            value: granted ? 'any' : null,
            refusedHere: !granted,
          });
          if (!granted) refusedChecked[category] = (refusedChecked[category] ?? 0) + 1;
        }
      });
    }
    // Every category was refused somewhere, or the test would prove nothing of it.
    expect(Object.keys(refusedChecked).sort()).toEqual(Object.keys(FIELD_OF).sort());
  });
});

describe('aggregate-only roles and the administrator', () => {
  /** Root fields from which a Client can be reached, found by walking the schema. */
  async function rootsReachingClient(): Promise<string[]> {
    const schema = await buildBareSchema();
    const reaches = new Map<string, boolean>();
    const visit = (t: GraphQLNamedType, seen: Set<string>): boolean => {
      if (t.name === 'Client') return true;
      if (!isObjectType(t) || seen.has(t.name)) return false;
      if (reaches.has(t.name)) return reaches.get(t.name)!;
      seen.add(t.name);
      const r = Object.values(t.getFields()).some((f) => {
        let ft = f.type;
        while ('ofType' in ft) ft = ft.ofType;
        return visit(ft as GraphQLNamedType, seen);
      });
      reaches.set(t.name, r);
      return r;
    };
    return Object.entries(schema.getQueryType()!.getFields())
      .filter(([, f]) => {
        let ft = f.type;
        while ('ofType' in ft) ft = ft.ofType;
        return visit(ft as GraphQLNamedType, new Set());
      })
      .map(([name]) => `Query.${name}`)
      .sort();
  }

  /** One operation per root path to a client; the test below fails when a new path has none. */
  const PATHS: Record<string, string> = {
    'Query.clients': '{ clients { edges { node { code } } } }',
    'Query.client': `{ client(id: "${DEMO.client(12)}") { code } }`,
    'Query.handovers': '{ handovers(direction: INCOMING) { client { code } } }',
    'Query.referrals': '{ referrals { client { code } } }',
    'Query.signals': '{ signals { client { code } } }',
    'Query.breakGlassReview': '{ breakGlassReview { client { code } } }',
  };

  it('knows every root path that leads to a client', async () => {
    const roots = await rootsReachingClient();
    expect(roots.filter((r) => !(r in PATHS))).toEqual([]);
  });

  it.each(['policy@nijmegen.example', 'analyst@nijmegen.example', 'admin@nijmegen.example'])('gives %s no client through any path', async (email) => {
    const me = await gw.as(email);
    for (const doc of Object.values(PATHS)) {
      const res = await me.query(doc);
      expect(JSON.stringify(res.body.data ?? null)).not.toMatch(/KP-\d/);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
  });
});

describe('introspection', () => {
  it('describes the schema but carries none of the data the rules guard', async () => {
    const me = await gw.as(CM_IRISZORG);
    const res = await me.query('{ __schema { types { name description fields { name description } enumValues { name description } } } }');
    const text = JSON.stringify(res.body);
    expect(res.body.errors).toBeUndefined();
    expect(text).toContain('ClientIdentity');
    const em = gw.orm.em.fork();
    for (const r of await em.find(ClientRecord, {}, { limit: 20 })) {
      expect(text).not.toContain(r.name);
      if (r.bsn) expect(text).not.toContain(r.bsn);
    }
    expect(text).not.toMatch(/KP-\d{3}/);
  });
});
