/**
 * Who reaches the aggregates (policy §5): the policy officer, analysts and procesregie see their own
 * municipality's figures, nothing of another municipality, and partners' case managers nothing;
 * one holding two aggregate roles gets the stricter threshold; the budget is the municipality's own.
 * No aggregate path carries an id or a name of a client or a professional — checked on the schema
 * and on the answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getNamedType, isObjectType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { DEMO, demoId } from '../../src/db/demo/seed';
import { PROFESSIONALS } from '../../src/db/demo/personas';
import { buildBareSchema } from '../../src/server/schema';
import { addProfessional, startGateway, type TestGateway } from '../helpers/gateway';

const playground = (file: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'operations', 'playground', file), 'utf8');
const MONITORING = playground('03-monitoring.graphql');
const BUDGET = playground('04-budget.graphql');
const PROJECT = { municipalityId: DEMO.org.nijmegen, ...DEMO.projectPeriod };

/** A policy officer of Arnhem, whom the demo does not have: the other municipality's own officer. */
const ARNHEM_POLICY = 'policy@arnhem.example';
const PROGRAMMES = 'query { programmes { id name startsOn endsOn municipality { id } } }';
const PARTNER_ANALYST = 'analyst@iriszorg.example';
/** Process directors at a partner, as accounts made before the directory refused them would be. */
const PARTNER_PROCESREGIE = 'procesregie@iriszorg.example';
const PARTNER_ANALYST_PROCESREGIE = 'analyst-procesregie@iriszorg.example';
/** Programmes the demo does not have: Nijmegen's next one, and one of Arnhem's. */
const NEXT_PROGRAMME = demoId(0, 201);
const ARNHEM_PROGRAMME = demoId(0, 202);

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({ DISCLOSURE_K_POLICY_OFFICER: '1' });
  await addProfessional(gw, 99, ARNHEM_POLICY, 'Anouk de Vries', DEMO.org.arnhem, ['POLICY_OFFICER']);
  // An account the directory no longer makes (a role that sees figures only, at a partner), as one
  // made before it refused them, or written straight into the database, would be.
  await addProfessional(gw, 95, PARTNER_ANALYST, 'Rik Partner', DEMO.org.iriszorg, ['ANALYST']);
  await addProfessional(gw, 94, PARTNER_PROCESREGIE, 'Els Partner', DEMO.org.iriszorg, ['PROCESS_DIRECTOR']);
  await addProfessional(gw, 93, PARTNER_ANALYST_PROCESREGIE, 'Bram Partner', DEMO.org.iriszorg, ['ANALYST', 'PROCESS_DIRECTOR']);
  await gw.orm.em.getConnection().execute(
    `insert into programme (id, name, municipality_id, starts_on, ends_on) values (?, 'Zorgaanpak Nijmegen 2024–2026', ?, '2024-01-01', '2026-12-31'), (?, 'Zorgaanpak Arnhem 2025', ?, '2025-01-01', '2025-12-31')`,
    [NEXT_PROGRAMME, DEMO.org.nijmegen, ARNHEM_PROGRAMME, DEMO.org.arnhem],
  );
});
afterAll(() => gw.close());

describe('monitoring: own municipality only', () => {
  it.each(['policy@nijmegen.example', 'analyst@nijmegen.example', 'procesregie@zvh.example'])('gives %s the figures of Nijmegen', async (email) => {
    const res = await (await gw.as(email)).query(MONITORING, PROJECT);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.monitoring.municipality.name).toBe('Gemeente Nijmegen');
  });

  it.each(['procesregie@arnhem.example', ARNHEM_POLICY])('refuses %s the figures of Nijmegen: they need Nijmegen’s own officer', async (email) => {
    const res = await (await gw.as(email)).query(MONITORING, PROJECT);
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
  });

  it('refuses a partner’s own analyst the figures and the budget of her chain’s municipality, and lists her no programme', async () => {
    const partner = await gw.as(PARTNER_ANALYST);
    for (const [query, variables] of [[MONITORING, PROJECT], [BUDGET, { programmeId: DEMO.programme }]] as const) {
      const res = await partner.query(query, variables);
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
    expect((await partner.query(PROGRAMMES)).body).toEqual({ data: { programmes: [] } });
  });

  it('refuses a process director at a partner what directing the chain’s process opens: figures, budget, grants to review, her women’s audit trails', async () => {
    const refusedAll = (res: { body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } }) => {
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    };
    for (const email of [PARTNER_PROCESREGIE, PARTNER_ANALYST_PROCESREGIE]) {
      const partner = await gw.as(email);
      refusedAll(await partner.query(MONITORING, PROJECT));
      refusedAll(await partner.query('{ breakGlassReview { id reason } }'));
      // Iriszorg knows KP-012 (the Stapteam's): she reads what her role and the consents allow, not the trail.
      refusedAll(await partner.query('query ($id: ID!) { auditTrail(clientId: $id, first: 5) { totalCount } }', { id: DEMO.client(12) }));
    }
    refusedAll(await (await gw.as(PARTNER_ANALYST_PROCESREGIE)).query(BUDGET, { programmeId: DEMO.programme }));
    // The chain's own procesregie, at the safety house, has all of it but the budget.
    const zvh = await gw.as('procesregie@zvh.example');
    expect((await zvh.query('{ breakGlassReview { id } }')).body.errors).toBeUndefined();
    expect((await zvh.query('query ($id: ID!) { auditTrail(clientId: $id, first: 5) { totalCount } }', { id: DEMO.client(12) })).body.errors).toBeUndefined();
  });

  it('gives Arnhem’s officer Arnhem’s own figures (none of Nijmegen’s women are in them)', async () => {
    const res = await (await gw.as(ARNHEM_POLICY)).query(MONITORING, { ...PROJECT, municipalityId: DEMO.org.arnhem });
    expect(res.body.errors).toBeUndefined();
    const m = res.body.data.monitoring;
    expect(m.municipality.name).toBe('Gemeente Arnhem');
    expect(m.zoneRegistrations.issued).toEqual({ value: 0, suppressed: false });
    expect(m.handoverOutcomes.every((h: { count: { value: number } }) => h.count.value === 0)).toBe(true);
  });

  it('answers NOT_FOUND for an id that is no municipality (unknown, malformed, or a care provider)', async () => {
    const policy = await gw.as('policy@nijmegen.example');
    for (const municipalityId of [demoId(0, 999), 'not-an-id', DEMO.org.iriszorg]) {
      const res = await policy.query(MONITORING, { ...PROJECT, municipalityId });
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  it.each(PROFESSIONALS.filter(([, , , roles]) => !roles.some((r) => ['POLICY_OFFICER', 'ANALYST', 'PROCESS_DIRECTOR'].includes(r))).map(([email]) => email))(
    'gives %s nothing: no aggregate role',
    async (email) => {
      const res = await (await gw.as(email)).query(MONITORING, PROJECT);
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    },
  );
});

describe('the threshold of a professional with two aggregate roles', () => {
  it('is the stricter one: an analyst who is also procesregie gets the analyst’s k = 5, not 3', async () => {
    // The directory no longer gives a role that sees figures only beside one that reads clients;
    // an account made before it refused that still gets the stricter k.
    const email = 'analyst-procesregie@nijmegen.example';
    await addProfessional(gw, 98, email, 'Sophie Vermeulen', DEMO.org.nijmegen, ['ANALYST', 'PROCESS_DIRECTOR']);
    const res = await (await gw.as(email)).query(MONITORING, PROJECT);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.monitoring).toMatchObject({ threshold: 5, roundingBase: 5 });
  });
});

describe('budget', () => {
  it('gives the policy officer the report’s budget: € 653,503, of which € 97,074 remained', async () => {
    const res = await (await gw.as('policy@nijmegen.example')).query(BUDGET, { programmeId: DEMO.programme });
    expect(res.body.errors).toBeUndefined();
    const b = res.body.data.budget;
    // The closing report (docs/design/domain.md): project budget Aug 2021 – Jul 2023 € 653,503; remaining at 31 Jul 2023 € 97,074.
    expect(b).toMatchObject({ programme: { id: DEMO.programme, startsOn: '2021-08-01', endsOn: '2023-07-31' }, total: 653_503, remaining: 97_074, spent: 653_503 - 97_074 });
    expect(b.subsidies).toEqual([
      { organisation: { name: 'Iriszorg' }, amount: 360_000 },
      { organisation: { name: 'Leger des Heils' }, amount: 293_503 },
    ]);
    const byCategory = Object.fromEntries(b.categories.map((c: { category: string }) => [c.category, c]));
    // "By far the largest part went to case management; budget for extra treatment and for housing was not used."
    expect(byCategory.TREATMENT.spent).toBe(0);
    expect(byCategory.HOUSING.spent).toBe(0);
    const spent = b.categories.map((c: { spent: number }) => c.spent);
    expect(Math.max(...spent)).toBe(byCategory.CASE_MANAGEMENT.spent);
    expect(spent.reduce((x: number, y: number) => x + y, 0)).toBe(b.spent);
    for (const c of b.categories) expect(c.remaining).toBe(c.budgeted - c.spent);
  });

  it('is the analyst’s too, but not procesregie’s nor a partner’s', async () => {
    expect((await (await gw.as('analyst@nijmegen.example')).query(BUDGET, { programmeId: DEMO.programme })).body.data.budget.total).toBe(653_503);
    for (const email of ['procesregie@zvh.example', 'casemanager@iriszorg.example', 'permits@nijmegen.example', 'admin@nijmegen.example']) {
      const res = await (await gw.as(email)).query(BUDGET, { programmeId: DEMO.programme });
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
  });

  it.each(['policy@nijmegen.example', 'analyst@nijmegen.example', ARNHEM_POLICY])('lists %s the programmes of her own municipality, the latest to start first, and their budgets', async (email) => {
    const caller = await gw.as(email);
    const res = await caller.query<{ programmes: { id: string; startsOn: string; municipality: { id: string } }[] }>(PROGRAMMES);
    expect(res.body.errors).toBeUndefined();
    const own = email === ARNHEM_POLICY ? DEMO.org.arnhem : DEMO.org.nijmegen;
    const held = await gw.orm.em.getConnection().execute<{ id: string }[]>('select id from programme where municipality_id = ? order by starts_on desc, name', [own]);
    expect(held.length).toBeGreaterThan(0);
    expect(res.body.data!.programmes.map((p) => p.id)).toEqual(held.map((p) => p.id));
    expect(res.body.data!.programmes.every((p) => p.municipality.id === own)).toBe(true);
    expect(res.body.data!.programmes.map((p) => p.id)).toEqual(email === ARNHEM_POLICY ? [ARNHEM_PROGRAMME] : [NEXT_PROGRAMME, DEMO.programme]);
    for (const p of res.body.data!.programmes) {
      const budget = await caller.query(BUDGET, { programmeId: p.id });
      expect(budget.body.errors).toBeUndefined();
      expect(budget.body.data.budget.programme).toMatchObject({ id: p.id, startsOn: p.startsOn });
    }
  });

  it.each(['procesregie@zvh.example', 'procesregie@arnhem.example', 'casemanager@iriszorg.example', 'permits@nijmegen.example', 'admin@nijmegen.example'])(
    'lists %s no programmes: the budget is not hers',
    async (email) => {
      const res = await (await gw.as(email)).query(PROGRAMMES);
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    },
  );

  it('refuses another municipality’s officer, and answers NOT_FOUND for an unknown programme', async () => {
    const arnhem = await (await gw.as(ARNHEM_POLICY)).query(BUDGET, { programmeId: DEMO.programme });
    expect(arnhem.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const unknown = await (await gw.as('policy@nijmegen.example')).query(BUDGET, { programmeId: demoId(0, 102) });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('no aggregate path carries an id or a name of a client or a professional', () => {
  const ROOTS = ['monitoring', 'budget', 'programmes'];
  /** Fields that identify an organisation or a programme — not a person — and the method's words. */
  const ALLOWED_TEXT = ['Organisation.id', 'Organisation.name', 'Programme.id', 'Programme.name', 'MonitoringReport.method'];

  function reachable(schema: GraphQLSchema): Map<string, GraphQLObjectType> {
    const seen = new Map<string, GraphQLObjectType>();
    const visit = (t: GraphQLNamedType) => {
      if (!isObjectType(t) || seen.has(t.name)) return;
      seen.set(t.name, t);
      for (const f of Object.values(t.getFields())) visit(getNamedType(f.type));
    };
    for (const root of ROOTS) visit(getNamedType(schema.getQueryType()!.getFields()[root].type));
    return seen;
  }

  it('reaches no client, professional or team type, and no text or id field but an organisation’s or programme’s', async () => {
    const types = reachable(await buildBareSchema());
    expect([...types.keys()].filter((t) => /Client|Professional|Team|Consent|Signal|Referral|Handover$|Trajectory$|Activity|Audit|ZoneRegistration$/.test(t))).toEqual([]);
    const textFields: string[] = [];
    for (const t of types.values()) {
      for (const f of Object.values(t.getFields())) {
        const named = getNamedType(f.type).name;
        if (['ID', 'String'].includes(named)) textFields.push(`${t.name}.${f.name}`);
      }
    }
    expect(textFields.sort()).toEqual([...ALLOWED_TEXT].sort());
  });

  /** Selects every field of every type the roots reach, so the check below sees all there is. */
  function everything(schema: GraphQLSchema, type: GraphQLObjectType, seen: string[] = []): string {
    return `{ ${Object.values(type.getFields())
      .map((f) => {
        const named = getNamedType(f.type);
        if (!isObjectType(named)) return f.name;
        return seen.includes(named.name) ? '' : `${f.name} ${everything(schema, named, [...seen, type.name])}`;
      })
      .filter(Boolean)
      .join(' ')} }`;
  }

  it('describes every type and field an analyst reaches, in words (the playground’s docs)', async () => {
    const schema = await buildBareSchema();
    const undescribed: string[] = [];
    const named = new Set<GraphQLNamedType>();
    for (const t of reachable(schema).values()) {
      named.add(t);
      for (const f of Object.values(t.getFields())) {
        if (!f.description) undescribed.push(`${t.name}.${f.name}`);
        named.add(getNamedType(f.type));
      }
    }
    for (const root of ROOTS) {
      const field = schema.getQueryType()!.getFields()[root];
      if (!field.description) undescribed.push(`Query.${root}`);
      for (const a of field.args) if (!a.description) undescribed.push(`Query.${root}(${a.name})`);
    }
    for (const t of named) if (!['Boolean', 'Int', 'Float', 'String', 'ID'].includes(t.name) && !t.description) undescribed.push(t.name);
    expect(undescribed).toEqual([]);
  });

  it('answers with no client’s id, code or name, and no professional’s id, name or e-mail, at any threshold', async () => {
    const schema = await buildBareSchema();
    const fields = schema.getQueryType()!.getFields();
    const monitoring = `query($municipalityId: ID!, $from: Date!, $to: Date!) { monitoring(municipalityId: $municipalityId, from: $from, to: $to) ${everything(schema, getNamedType(fields.monitoring.type) as GraphQLObjectType)} }`;
    const budget = `query($programmeId: ID!) { budget(programmeId: $programmeId) ${everything(schema, getNamedType(fields.budget.type) as GraphQLObjectType)} }`;
    const programmes = `{ programmes ${everything(schema, getNamedType(fields.programmes.type) as GraphQLObjectType)} }`;

    const people = await gw.orm.em.getConnection().execute<{ v: string }[]>(
      `select id::text as v from client union all select code from client union all select name from client_record
       union all select id::text from professional union all select name from professional union all select email from professional`,
    );
    expect(people.length).toBeGreaterThan(60);
    for (const email of ['policy@nijmegen.example', 'analyst@nijmegen.example', 'procesregie@zvh.example']) {
      const caller = await gw.as(email);
      const answers = [await caller.query(monitoring, PROJECT), await caller.query(monitoring, { ...PROJECT, from: '2023-07-01' })];
      if (email !== 'procesregie@zvh.example') answers.push(await caller.query(budget, { programmeId: DEMO.programme }), await caller.query(programmes));
      for (const res of answers) {
        expect(res.body.errors).toBeUndefined();
        const text = JSON.stringify(res.body.data);
        expect(people.map((p) => p.v).filter((v) => text.includes(v))).toEqual([]);
      }
    }
  });
});
