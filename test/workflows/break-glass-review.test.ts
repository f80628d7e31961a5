/**
 * Procesregie reviews every break-glass grant of its chain (policy §4) and marks it reviewed: the
 * mark names the reviewer and the moment, is made once, and leaves a line in her trail. Anyone else
 * is refused, another chain is told the grant does not exist, and a refusal changes nothing.
 */
import { DEMO } from '../../src/db/demo/seed';
import { sql } from '../helpers/audit';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';

const HER = DEMO.client(9);
const OPEN = 'mutation ($id: ID!, $reason: String!) { breakGlass(clientId: $id, reason: $reason) { id } }';
const REVIEW = 'mutation ($id: ID!) { reviewBreakGlass(id: $id) { id reviewedAt reviewedBy { email } } }';
const LIST = 'query ($reviewed: Boolean) { breakGlassReview(reviewed: $reviewed) { id } }';

let gw: TestGateway;
let caseManager: Caller;
let procesregie: Caller;
beforeAll(async () => {
  gw = await startGateway();
  caseManager = await gw.as('casemanager@iriszorg.example');
  procesregie = await gw.as('procesregie@zvh.example');
}, 120000);
afterAll(() => gw.close());

async function openGrant(): Promise<string> {
  const res = await caseManager.query(OPEN, { id: HER, reason: 'Found unwell on the zone; her history is needed now' });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.breakGlass.id;
}

/** The grant as stored, and the review lines about it. */
async function stored(grant: string) {
  const [row] = await sql<{ reviewed_at: string | null; reviewed_by_id: string | null }[]>(gw, 'select reviewed_at, reviewed_by_id from break_glass_grant where id = ?', [grant]);
  const lines = await sql<{ n: number }[]>(gw, `select count(*)::int as n from audit_event where event_type = 'break-glass.reviewed' and reason = ?`, [grant]);
  return { reviewed_at: row.reviewed_at && new Date(row.reviewed_at).toISOString(), reviewed_by_id: row.reviewed_by_id, lines: lines[0].n };
}

const listed = async (reviewed: boolean) => ((await procesregie.query(LIST, { reviewed })).body.data.breakGlassReview as { id: string }[]).map((g) => g.id);

it('procesregie marks a grant reviewed: it names her and the moment, moves it among the reviewed, and tells the client', async () => {
  const grant = await openGrant();
  expect(await listed(false)).toContain(grant);
  expect(await listed(true)).not.toContain(grant);

  const res = await procesregie.query(REVIEW, { id: grant });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.reviewBreakGlass).toEqual({ id: grant, reviewedAt: expect.any(String), reviewedBy: { email: 'procesregie@zvh.example' } });
  const [me] = await sql<{ id: string }[]>(gw, `select id from professional where email = 'procesregie@zvh.example'`);
  const after = await stored(grant);
  expect(after).toEqual({ reviewed_at: res.body.data.reviewBreakGlass.reviewedAt, reviewed_by_id: me.id, lines: 1 });
  expect(await listed(false)).not.toContain(grant);
  expect(await listed(true)).toContain(grant);

  const [line] = await sql<{ action: string; outcome: string; client_id: string }[]>(gw, `select action, outcome, client_id from audit_event where event_type = 'break-glass.reviewed' and reason = ?`, [grant]);
  expect(line).toEqual({ action: 'U', outcome: 'GRANTED', client_id: HER });
  const trail = await procesregie.query('query ($id: ID!) { auditTrail(clientId: $id) { edges { node { sentence(language: EN) basis } } } }', { id: HER });
  expect(trail.body.errors).toBeUndefined();
  expect(trail.body.data.auditTrail.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
    sentence: expect.stringContaining('reviewed the emergency access to your data'),
    basis: 'BREAK_GLASS_REVIEW',
  });
});

it('marks it once: a second review is a CONFLICT that changes nothing, also when two arrive at once', async () => {
  const grant = await openGrant();
  const answers = await Promise.all([procesregie.query(REVIEW, { id: grant }), procesregie.query(REVIEW, { id: grant })]);
  const codes = answers.map((a) => a.body.errors?.[0]?.extensions?.code ?? 'MADE').sort();
  expect(codes).toEqual(['CONFLICT', 'MADE']);
  const first = await stored(grant);
  expect(first.lines).toBe(1);

  const again = await procesregie.query(REVIEW, { id: grant });
  expect(again.body.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
  expect(await stored(grant)).toEqual(first);
});

it('refuses anyone but procesregie, and the refusal changes nothing', async () => {
  const grant = await openGrant();
  for (const email of ['casemanager@iriszorg.example', 'analyst@nijmegen.example', 'admin@nijmegen.example']) {
    const res = await (await gw.as(email)).query(REVIEW, { id: grant });
    expect({ email, data: res.body.data ?? null, errors: res.body.errors?.map((e) => e.extensions) }).toEqual({ email, data: null, errors: [expect.objectContaining({ code: 'FORBIDDEN' })] });
  }
  expect(await stored(grant)).toEqual({ reviewed_at: null, reviewed_by_id: null, lines: 0 });
});

it('tells procesregie of another chain the grant does not exist, as for an id nobody has, and refuses a malformed id', async () => {
  const grant = await openGrant();
  const arnhem = await gw.as('procesregie@arnhem.example');
  const elsewhere = await arnhem.query(REVIEW, { id: grant });
  const nobody = await arnhem.query(REVIEW, { id: '00000000-0000-4000-8000-000000000000' });
  expect(elsewhere.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  expect(elsewhere.body.errors?.map((e) => e.message)).toEqual(nobody.body.errors?.map((e) => e.message));
  expect(await stored(grant)).toEqual({ reviewed_at: null, reviewed_by_id: null, lines: 0 });

  const malformed = await procesregie.query(REVIEW, { id: 'not-an-id' });
  expect(malformed.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'id' }]);
});
