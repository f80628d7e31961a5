/**
 * Issue 5, "who looked at my data?": the client asks her case manager, who reads her audit trail
 * — newest first, a page at a time, for a period — and can tell her per event when, which
 * organisation and role, which data, which action, on which consent or break-glass, in words she
 * understands. Only her own case managers and the process director may ask; reading it is audited.
 */
import { DEMO } from '../../src/db/demo/seed';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { entriesDuring, sql } from '../helpers/audit';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
let caseManager: Caller;
const CLIENT = DEMO.client(12);
const REASON = 'Found unconscious near the station; the ambulance asks for her history';
let before: string;

interface TrailNode {
  occurredAt: string;
  organisation: { name: string } | null;
  roles: string[];
  action: string;
  outcome: string;
  categories: string[];
  data: string;
  basis: string;
  consentId: string | null;
  breakGlassUsed: boolean;
  breakGlassReason: string | null;
  refusal: string | null;
  sentence: string;
}

async function trail(who: Caller, vars: Record<string, unknown> = {}) {
  const res = await who.query(operation('AuditTrail'), { clientId: CLIENT, language: 'EN', ...vars });
  const nodes: TrailNode[] = res.body.data?.auditTrail?.edges.map((e: { node: TrailNode }) => e.node) ?? [];
  return { res, nodes, trail: res.body.data?.auditTrail };
}

beforeAll(async () => {
  gw = await startGateway();
  const [cm] = await sql<{ email: string }[]>(
    gw,
    `select p.email from case_assignment ca join professional p on p.id = ca.professional_id where ca.client_id = ? and ca.ended_on is null order by ca.started_on limit 1`,
    [CLIENT],
  );
  caseManager = await gw.as(cm.email);
  before = new Date().toISOString();

  // What happened to her data: the expert by experience looks (housing shared, health not hers to
  // see); the psychiatrist, not involved, breaks the glass and reads her health record.
  const expert = await gw.as('expert@iriszorg.example');
  await expert.query('query ($id: ID!) { client(id: $id) { code housing { situation } health { summary } } }', { id: CLIENT });
  const clinician = await gw.as('psychiatrist@propersona.example');
  await clinician.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', { id: CLIENT, r: REASON });
  await clinician.query('query ($id: ID!) { client(id: $id) { health { summary } } }', { id: CLIENT });
});
afterAll(() => gw.close());

describe('auditTrail answers "who looked at my data?"', () => {
  it('tells her who saw what, on which basis, refused attempts and break-glass included, in words she understands', async () => {
    const { res, nodes } = await trail(caseManager);
    expect(res.body.errors).toBeUndefined();

    // One access, one line: her basic details, which the expert's involvement opens, and her
    // housing, which her consent opens.
    expect(nodes).toContainEqual(expect.objectContaining({
      organisation: { name: 'Iriszorg' }, roles: ['EXPERT_BY_EXPERIENCE'], action: 'READ', outcome: 'GRANTED', categories: ['BASIC', 'HOUSING'], data: 'basic details (code, status, team) and housing', basis: 'CONSENT', consentId: expect.any(String),
      sentence: expect.stringMatching(/an expert by experience of Iriszorg looked at your data \(basic details \(code, status, team\) and housing\), with your consent\.$/),
    }));
    expect(nodes).toContainEqual(expect.objectContaining({
      organisation: { name: 'Iriszorg' }, roles: ['EXPERT_BY_EXPERIENCE'], action: 'READ', outcome: 'DENIED', categories: ['HEALTH'], refusal: 'ROLE_NOT_ALLOWED', basis: 'NONE',
      sentence: expect.stringMatching(/an expert by experience of Iriszorg tried to look at your data \(health\); this was refused\.$/),
    }));
    expect(nodes).toContainEqual(expect.objectContaining({
      organisation: { name: 'Pro Persona' }, roles: ['CLINICIAN'], action: 'EXECUTE', outcome: 'GRANTED', basis: 'BREAK_GLASS', breakGlassUsed: true, breakGlassReason: REASON,
      // What the grant opened to her: all a clinician may see, policy §2's table.
      categories: ['BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION'],
      sentence: expect.stringMatching(
        /a clinician of Pro Persona opened emergency access \(break-glass\) to your data \(basic details \(code, status, team\), name, date of birth, citizen service number, contact details and whereabouts, health and substance use\), using emergency access/,
      ),
    }));
    expect(nodes).toContainEqual(expect.objectContaining({
      organisation: { name: 'Pro Persona' }, action: 'READ', categories: ['HEALTH'], basis: 'BREAK_GLASS', breakGlassReason: REASON,
      sentence: expect.stringMatching(/a clinician of Pro Persona looked at your data \(health\), using emergency access \(break-glass\) without your consent\.$/),
    }));
  });

  it('tells her of an objection recorded for her as an objection, made on her care team’s relationship and not "with her consent"', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const recorded = await ldh.query(operation('RecordConsent'), { input: { clientId: CLIENT, effect: 'DENY', organisationId: DEMO.org.legerDesHeils, categories: ['HEALTH'] } });
    expect(recorded.body.errors).toBeUndefined();
    const { nodes } = await trail(caseManager, { first: 100 });
    expect(nodes).toContainEqual(expect.objectContaining({
      organisation: { name: 'Leger des Heils' }, action: 'CREATE', outcome: 'GRANTED', categories: ['HEALTH'], basis: 'CARE_RELATIONSHIP', consentId: null,
      sentence: expect.stringMatching(/a case manager of Leger des Heils recorded your objection \(health\), because that organisation is involved in your care\.$/),
    }));
  });

  it('tells it in Dutch by default', async () => {
    const res = await caseManager.query(operation('AuditTrail'), { clientId: CLIENT, first: 100 });
    const sentences: string[] = res.body.data.auditTrail.edges.map((e: { node: { sentence: string } }) => e.node.sentence);
    expect(sentences).toContainEqual(expect.stringMatching(/^Op .* heeft een ervaringsdeskundige van Iriszorg uw gegevens ingezien \(basisgegevens \(code, status, team\) en wonen\), met uw toestemming\.$/));
    expect(sentences).toContainEqual(expect.stringMatching(/probeerde een ervaringsdeskundige van Iriszorg uw gegevens in te zien \(gezondheid\); dat werd geweigerd\.$/));
  });

  it('lists newest first, a page at a time, without gaps or repeats', async () => {
    const all = await trail(caseManager, { first: 100 });
    const times = all.nodes.map((n) => Date.parse(n.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const seen: TrailNode[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await trail(caseManager, { first: 3, after });
      seen.push(...page.nodes);
      after = page.trail.pageInfo.hasNextPage ? page.trail.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 50);
    // Each page read is itself audited, so later pages may see their own predecessors: compare what was there at the start.
    expect(seen.length).toBeGreaterThanOrEqual(all.nodes.length);
    expect(new Set(seen.map((n) => JSON.stringify(n))).size).toBe(seen.length);
  });

  it('keeps to the period asked for', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await trail(caseManager, { from: later })).trail.totalCount).toBe(0);
    const { nodes, trail: t } = await trail(caseManager, { from: before, first: 100 });
    expect(t.totalCount).toBe(nodes.length);
    expect(nodes.every((n) => n.occurredAt >= before)).toBe(true);
    expect((await trail(caseManager, { to: before })).nodes.every((n) => n.occurredAt < before)).toBe(true);
  });

  it('records that the trail was read, by whom', async () => {
    const { entries } = await entriesDuring(gw, () => trail(caseManager, { first: 1 }));
    expect(entries).toContainEqual(expect.objectContaining({ event_type: 'audit-trail.read', action: 'R', outcome: 'GRANTED', client_id: CLIENT, fields: ['Query.auditTrail'] }));
    const { nodes } = await trail(caseManager, { first: 1 });
    expect(nodes[0]).toMatchObject({ action: 'READ', sentence: expect.stringMatching(/looked at who accessed your data/) });
  });
});

describe('who may ask', () => {
  it('is her case managers and the process director of her chain, who sees the reasons glass was broken', async () => {
    const { res, nodes } = await trail(await gw.as('procesregie@zvh.example'), { first: 100 });
    expect(res.body.errors).toBeUndefined();
    expect(nodes.map((n) => n.breakGlassReason)).toContain(REASON);
  });

  it('tells her that the process director read why the glass was broken for her, to review it', async () => {
    await (await gw.as('procesregie@zvh.example')).query('{ breakGlassReview { reason } }');
    const { nodes } = await trail(caseManager, { first: 100 });
    expect(nodes).toContainEqual(expect.objectContaining({
      organisation: { name: 'Zorg- en Veiligheidshuis Gelderland-Zuid' }, roles: ['PROCESS_DIRECTOR'], action: 'READ', outcome: 'GRANTED', basis: 'BREAK_GLASS_REVIEW', consentId: null, breakGlassUsed: false,
      sentence: expect.stringMatching(/a process director of Zorg- en Veiligheidshuis Gelderland-Zuid looked at why emergency access to your data was opened, to review it\.$/),
    }));
  });

  it('is not the process director of another chain that an open handover involves; the attempt is logged', async () => {
    const arnhem = await gw.as('procesregie@arnhem.example'); // an open handover to Arnhem involves it with her
    expect((await arnhem.query('query ($id: ID!) { client(id: $id) { code } }', { id: CLIENT })).body.data.client).toEqual({ code: 'KP-012' });
    const asked = await entriesDuring(gw, () => trail(arnhem, { first: 100 }));
    expect(asked.result.res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(asked.result.res.body.data).toBeNull();
    expect(JSON.stringify(asked.result.res.body)).not.toContain(REASON);
    expect(asked.entries).toEqual([expect.objectContaining({ event_type: 'audit-trail.read', outcome: 'DENIED', client_id: CLIENT, reason: 'ROLE_NOT_ALLOWED' })]);
  });

  it('is not a case manager on her team who is not hers, nor a colleague in another role; those attempts are logged', async () => {
    const [other] = await sql<{ email: string }[]>(
      gw,
      `select p.email from professional p join team_member tm on tm.professional_id = p.id where 'CASE_MANAGER' = any(p.roles) and tm.team_id = ?
         and not exists (select 1 from case_assignment ca where ca.client_id = ? and ca.professional_id = p.id and ca.ended_on is null) order by p.email limit 1`,
      [DEMO.stapteam, CLIENT],
    );
    const colleague = await gw.as(other.email);
    const asked = await entriesDuring(gw, () => trail(colleague));
    expect(asked.result.res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(asked.result.res.body.data).toBeNull();
    expect(asked.entries).toEqual([expect.objectContaining({ event_type: 'audit-trail.read', outcome: 'DENIED', client_id: CLIENT, reason: 'ROLE_NOT_ALLOWED' })]);

    const expert = await gw.as('expert@iriszorg.example');
    const refused = await entriesDuring(gw, () => trail(expert));
    expect(refused.result.res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(refused.entries).toEqual([expect.objectContaining({ event_type: 'query.auditTrail', action: 'R', outcome: 'DENIED', client_id: CLIENT, reason: 'ROLE_NOT_ALLOWED' })]);
  });

  it('is not a clinician or an aggregate role', async () => {
    for (const email of ['psychiatrist@propersona.example', 'analyst@nijmegen.example', 'admin@nijmegen.example']) {
      const res = (await trail(await gw.as(email))).res;
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
  });

  it('answers NOT_FOUND to a process director not involved with her, as for a client who does not exist', async () => {
    const arnhem = await gw.as('procesregie@arnhem.example');
    const notInvolved = await arnhem.query(operation('AuditTrail'), { clientId: DEMO.client(1) });
    const missing = await arnhem.query(operation('AuditTrail'), { clientId: '00000000-0000-4000-8004-999999999999' });
    expect(notInvolved.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(notInvolved.body).toEqual(missing.body);
  });
});
