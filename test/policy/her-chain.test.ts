/**
 * Her chain follows her: once a completed handover moved her to another municipality, that chain's
 * procesregie directs her process — reads her audit trail, resolves the signals about her, reviews
 * the break-glass grants on her since — and the chain she left no longer does; its organisations
 * that do not know her no longer break the glass for her, the new chain's may; and a handover back
 * is a move, one to where she is is none. The demo's KP-005 moved from Nijmegen to Arnhem in 2023.
 */
import { DEMO, demoId } from '../../src/db/demo/seed';
import { addProfessional, startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { sql } from '../helpers/audit';
import { operation } from '../helpers/workflow-operations';

const MOVED = DEMO.client(5);
// Handed over to procesregie's monitoring, in Nijmegen.
const STAYED = DEMO.client(7);
const ARNHEM_CASE_MANAGER = 'casemanager@arnhem.example';
const ARNHEM_CLINICIAN = 'clinician@ggz-arnhem.example';
const GGZ_ARNHEM = demoId(0, 90);

let gw: TestGateway;
let arnhem: Caller;
let zvh: Caller;
beforeAll(async () => {
  gw = await startGateway();
  await addProfessional(gw, 95, ARNHEM_CASE_MANAGER, 'Wouter Claassen', DEMO.org.arnhem, ['CASE_MANAGER']);
  // A mental-health provider of Arnhem's chain that has never known her.
  await sql(gw, `insert into organisation (id, name, kind, municipality_id) values (?, 'GGZ Arnhem', 'MENTAL_HEALTH_PROVIDER', ?)`, [GGZ_ARNHEM, DEMO.org.arnhem]);
  await addProfessional(gw, 94, ARNHEM_CLINICIAN, 'dr. Lieke Smit', GGZ_ARNHEM, ['CLINICIAN']);
  // Procesregie of the chain she left knows her still, through her consent: what it may do is her chain's question, not its involvement's.
  await sql(gw, `insert into consent (client_id, effect, organisation_id, categories, purpose, legal_basis, valid_from, recorded_by_id) values (?, 'PERMIT', ?, null, 'CARE_COORDINATION', 'CONSENT', now() - interval '1 day', ?)`, [
    MOVED,
    DEMO.org.zvh,
    demoId(3, 1),
  ]);
  arnhem = await gw.as('procesregie@arnhem.example');
  zvh = await gw.as('procesregie@zvh.example');
});
afterAll(() => gw.close());

const involved = async (organisationId: string, clientId: string) => (await sql<{ i: boolean }[]>(gw, 'select is_involved(?, ?) as i', [organisationId, clientId]))[0].i;
const codes = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => (res.body.errors ?? []).map((e) => e.extensions);
const TRAIL = operation('AuditTrail');

it('has the preconditions the other tests rest on', async () => {
  const [{ chain }] = await sql<{ chain: string }[]>(gw, 'select client_chain_on(?, chain_today()) as chain', [MOVED]);
  expect(chain).toBe(DEMO.org.arnhem);
  expect(await involved(DEMO.org.zvh, MOVED)).toBe(true);
  expect(await involved(DEMO.org.arnhem, MOVED)).toBe(true);
  expect(await involved(DEMO.org.proPersona, MOVED)).toBe(false);
  expect(await involved(GGZ_ARNHEM, MOVED)).toBe(false);
});

it('lets procesregie of the chain she moved to read her audit trail, and not that of the chain she left', async () => {
  expect(codes(await arnhem.query(TRAIL, { clientId: MOVED }))).toEqual([]);
  expect(codes(await zvh.query(TRAIL, { clientId: MOVED }))).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
  // A woman who stayed is still Nijmegen's.
  expect(codes(await zvh.query(TRAIL, { clientId: STAYED }))).toEqual([]);
});

it('lets procesregie of her chain resolve a signal another organisation raised, and not that of the chain she left', async () => {
  const raise = async (by: Caller) => {
    const res = await by.query(operation('RaiseSignal'), { input: { clientId: MOVED, category: 'BASIC', text: 'Not seen at the shelter for a week' } });
    expect(codes(res)).toEqual([]);
    return (res.body.data as { raiseSignal: { id: string; version: number } }).raiseSignal;
  };
  const byZvh = await raise(zvh);
  const byArnhem = await raise(await gw.as(ARNHEM_CASE_MANAGER));
  expect(codes(await zvh.query(operation('ResolveSignal'), { input: { id: byArnhem.id, version: byArnhem.version } }))).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
  expect(codes(await arnhem.query(operation('ResolveSignal'), { input: { id: byZvh.id, version: byZvh.version } }))).toEqual([]);
});

it('opens break-glass to an organisation of the chain she is in, not to one of the chain she left that does not know her', async () => {
  const breakGlass = 'mutation ($id: ID!) { breakGlass(clientId: $id, reason: "Found unwell at the station, need her medication") { id } }';
  expect(codes(await (await gw.as('psychiatrist@propersona.example')).query(breakGlass, { id: MOVED }))).toEqual([{ code: 'NOT_FOUND' }]);
  const opened = await (await gw.as(ARNHEM_CLINICIAN)).query(breakGlass, { id: MOVED });
  expect(codes(opened)).toEqual([]);
  const grant = (opened.body.data as { breakGlass: { id: string } }).breakGlass.id;

  // Reviewed by procesregie of the chain she was in that day: since she moved, Arnhem's.
  const reviewed = async (by: Caller) => ((await by.query(operation('BreakGlassReview'))).body.data as { breakGlassReview: { id: string }[] }).breakGlassReview.map((g) => g.id);
  expect(await reviewed(arnhem)).toContain(grant);
  expect(await reviewed(zvh)).not.toContain(grant);

  // One from before the move stays the review of the chain she was in then.
  const [{ id: before }] = await sql<{ id: string }[]>(
    gw,
    `insert into break_glass_grant (client_id, professional_id, organisation_id, reason, started_at, expires_at)
     values (?, ?, ?, 'Collapsed on the zone, before she moved', '2022-06-01T10:00:00Z', '2022-06-01T14:00:00Z') returning id`,
    [MOVED, demoId(3, 4), DEMO.org.proPersona],
  );
  expect(await reviewed(zvh)).toContain(before);
  expect(await reviewed(arnhem)).not.toContain(before);
});

it('takes a handover back to the chain she left as a move, and one to the chain she is in as none', async () => {
  const propose = (toOrganisationId: string) =>
    gw.as(ARNHEM_CASE_MANAGER).then((cm) => cm.query(operation('ProposeHandover'), { input: { clientId: MOVED, destination: 'OTHER_MUNICIPALITY', toOrganisationId } }));
  await sql(gw, `insert into case_assignment (client_id, organisation_id, professional_id, started_on) values (?, ?, (select id from professional where email = ?), chain_today() - 1)`, [
    MOVED,
    DEMO.org.arnhem,
    ARNHEM_CASE_MANAGER,
  ]);
  expect(codes(await propose(DEMO.org.arnhem))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.toOrganisationId' }]);
  expect(codes(await propose(DEMO.org.nijmegen))).toEqual([]);
});
