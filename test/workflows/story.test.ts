/**
 * The chain's work end to end, through HTTP with real tokens: procesregie refers a woman to the
 * Stapteam, a case manager takes her on, records what she consents to share, starts her
 * trajectories and logs hours, and hands her over to monitoring by procesregie.
 */
import { DEMO } from '../../src/db/demo/seed';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { CaseAssignment } from '../../src/modules/clients/case-assignment.entity';
import { Professional } from '../../src/modules/organisations/professional.entity';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const CLIENT_CODES = 'query { clients(first: 100) { edges { node { code } } } }';

async function codesSeenBy(email: string): Promise<string[]> {
  const res = await (await gw.as(email)).query(CLIENT_CODES);
  return res.body.data.clients.edges.map((e: { node: { code: string } }) => e.node.code);
}

describe('a woman referred by procesregie, taken on by the Stapteam, and handed over to monitoring', () => {
  let clientId: string;
  let code: string;

  it('procesregie refers someone new to the Stapteam; the team sees her while it decides', async () => {
    const zvh = await gw.as('procesregie@zvh.example');
    const res = await zvh.query(operation('ReferClient'), {
      input: { teamId: DEMO.stapteam, newClient: { name: 'Wilma Z.', dateOfBirth: '1994-03-12' }, reasonCategory: 'HOUSING', reason: 'Seen on the zone for two weeks; sleeps in a car park' },
    });
    expect(res.body.errors).toBeUndefined();
    const referral = res.body.data.referClient;
    expect(referral).toMatchObject({ status: 'OPEN', version: 1, reasonCategory: 'HOUSING', team: { name: 'Stapteam 2.0' }, client: { status: 'REFERRED' } });
    clientId = referral.client.id;
    code = referral.client.code;
    expect(code).toMatch(/^KP-[2-9A-HJ-NP-Z]{6}$/); // drawn at random: it tells no one how many others there are

    expect(await codesSeenBy('casemanager@iriszorg.example')).toContain(code);
    expect(await codesSeenBy('casemanager@legerdesheils.example')).toContain(code);
    expect(await codesSeenBy('procesregie@zvh.example')).toContain(code);
    expect(await codesSeenBy('procesregie@arnhem.example')).not.toContain(code);
  });

  it('a case manager of the team takes her on: she is ACTIVE with that case manager, and the referrer no longer sees her', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const [open] = (await cm.query(operation('Referrals'), { status: ['OPEN'] })).body.data.referrals.filter((r: { client: { code: string } }) => r.client.code === code);
    const res = await cm.query(operation('AcceptReferral'), { input: { id: open.id, version: open.version } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.acceptReferral).toMatchObject({ status: 'ACCEPTED', version: 2, client: { status: 'ACTIVE' } });

    const client = (await cm.query(operation('ClientWorkflow'), { id: clientId })).body.data.client;
    expect(client).toMatchObject({ status: 'ACTIVE', team: { name: 'Stapteam 2.0' }, caseManagers: [{ name: 'Sanne Hofstede' }] });
    // Procesregie was involved only through its open referral, and she shared nothing with it yet.
    expect(await codesSeenBy('procesregie@zvh.example')).not.toContain(code);
  });

  it('she consents to share with Iriszorg for care and with procesregie for coordination; Iriszorg sees her name from then on', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const before = await cm.query('query ($id: ID!) { client(id: $id) { identity { name } } }', { id: clientId });
    expect(before.body.data.client.identity).toBeNull();
    expect(before.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    const care = await cm.query(operation('RecordConsent'), { input: { clientId, effect: 'PERMIT', organisationId: DEMO.org.iriszorg, purpose: 'CARE' } });
    expect(care.body.errors).toBeUndefined();
    expect(care.body.data.recordConsent).toMatchObject({ effect: 'PERMIT', categories: null, purpose: 'CARE', state: 'ACTIVE', organisation: { name: 'Iriszorg' } });
    const coordination = await cm.query(operation('RecordConsent'), {
      input: { clientId, effect: 'PERMIT', organisationId: DEMO.org.zvh, categories: ['IDENTITY', 'CONTACT', 'HOUSING'], purpose: 'CARE_COORDINATION' },
    });
    expect(coordination.body.errors).toBeUndefined();

    const after = await cm.query('query ($id: ID!) { client(id: $id) { identity { name } } }', { id: clientId });
    expect(after.body).toEqual({ data: { client: { identity: { name: 'Wilma Z.' } } } });
  });

  it('her case management and a time-out stay start, hours are logged, and the stay ends with its outcome', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const cmTrajectory = await cm.query(operation('StartTrajectory'), { input: { clientId, kind: 'CASE_MANAGEMENT' } });
    expect(cmTrajectory.body.errors).toBeUndefined();
    expect(cmTrajectory.body.data.startTrajectory).toMatchObject({ kind: 'CASE_MANAGEMENT', status: 'ACTIVE', provider: { name: 'Iriszorg' } });

    const stay = await cm.query(operation('StartTrajectory'), { input: { clientId, kind: 'TIME_OUT', notes: 'Hoogeland, Beekbergen' } });
    expect(stay.body.data.startTrajectory).toMatchObject({ kind: 'TIME_OUT', status: 'ACTIVE', notes: 'Hoogeland, Beekbergen', version: 1 });

    const logged = await cm.query(operation('LogActivity'), { input: { clientId, minutes: 240 } });
    expect(logged.body.errors).toBeUndefined();
    expect(logged.body.data.logActivity).toMatchObject({ minutes: 240, professional: { name: 'Sanne Hofstede' } });

    const { id, version } = stay.body.data.startTrajectory;
    const ended = await cm.query(operation('EndTrajectory'), { input: { id, version, outcome: 'Rested; back in Nijmegen' } });
    expect(ended.body.errors).toBeUndefined();
    expect(ended.body.data.endTrajectory).toMatchObject({ status: 'ENDED', outcome: 'Rested; back in Nijmegen', version: version + 1 });
  });

  it('Iriszorg proposes monitoring; procesregie sees her while it decides and accepts (she consented to it)', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const proposed = await cm.query(operation('ProposeHandover'), {
      input: { clientId, destination: 'MONITORING', toOrganisationId: DEMO.org.zvh, notes: 'Stable; wants no more active care', notesCategory: 'BASIC' },
    });
    expect(proposed.body.errors).toBeUndefined();
    const handover = proposed.body.data.proposeHandover;
    expect(handover).toMatchObject({ status: 'PROPOSED', version: 1, toOrganisation: { id: DEMO.org.zvh } });

    const zvh = await gw.as('procesregie@zvh.example');
    const incoming = (await zvh.query(operation('InboxHandovers'), { direction: 'INCOMING', status: ['PROPOSED'] })).body.data.handovers;
    expect(incoming.map((h: { id: string }) => h.id)).toContain(handover.id);

    const accepted = await zvh.query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version } });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED', version: 2, decidedBy: { name: 'Karin Smeets' }, receivingCaseManager: null });
  });

  it('Iriszorg completes it: procesregie is responsible, she is MONITORING, the team lets go of her', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const [open] = (await cm.query(operation('InboxHandovers'), { direction: 'OUTGOING', status: ['ACCEPTED'] })).body.data.handovers;
    const done = await cm.query(operation('CompleteHandover'), { input: { id: open.id, version: open.version } });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.completeHandover).toMatchObject({ status: 'COMPLETED', destination: 'MONITORING', completedAt: expect.any(String) });

    const zvh = await gw.as('procesregie@zvh.example');
    expect(await codesSeenBy('procesregie@zvh.example')).toContain(code);
    const seen = (await zvh.query('query ($id: ID!) { client(id: $id) { status team { name } caseManagers { name } } }', { id: clientId })).body.data.client;
    expect(seen).toEqual({ status: 'MONITORING', team: null, caseManagers: [] });

    const em = gw.orm.em.fork();
    const active = await em.find(CaseAssignment, { client: clientId, endedOn: null }, { populate: ['organisation'] });
    expect(active.map((a) => [a.organisation.name, a.professional])).toEqual([['Zorg- en Veiligheidshuis Gelderland-Zuid', null]]);

    // Iriszorg keeps what she consented to; Leger des Heils knew her only through the team.
    expect(await codesSeenBy('casemanager@iriszorg.example')).toContain(code);
    expect(await codesSeenBy('casemanager@legerdesheils.example')).not.toContain(code);
    const trajectories = (await cm.query(operation('ClientWorkflow'), { id: clientId })).body.data.client.trajectories;
    expect(trajectories.find((t: { kind: string }) => t.kind === 'CASE_MANAGEMENT')).toMatchObject({ status: 'ENDED' });
  });

  it('left one audit line per change, each naming who made it', async () => {
    const em = gw.orm.em.fork();
    const events = await em.find(AuditEvent, { clientId, action: { $ne: 'R' } }, { orderBy: { id: 'asc' } });
    const who = new Map((await em.find(Professional, {})).map((p) => [p.id, p.email]));
    expect(events.map((e) => [e.eventType, e.outcome, who.get(e.professionalId!)])).toEqual([
      ['referral.create', 'GRANTED', 'procesregie@zvh.example'],
      ['referral.accept', 'GRANTED', 'casemanager@iriszorg.example'],
      ['consent.record', 'GRANTED', 'casemanager@iriszorg.example'],
      ['consent.record', 'GRANTED', 'casemanager@iriszorg.example'],
      ['trajectory.start', 'GRANTED', 'casemanager@iriszorg.example'],
      ['trajectory.start', 'GRANTED', 'casemanager@iriszorg.example'],
      ['activity.log', 'GRANTED', 'casemanager@iriszorg.example'],
      ['trajectory.end', 'GRANTED', 'casemanager@iriszorg.example'],
      ['handover.propose', 'GRANTED', 'casemanager@iriszorg.example'],
      ['handover.accept', 'GRANTED', 'procesregie@zvh.example'],
      ['handover.complete', 'GRANTED', 'casemanager@iriszorg.example'],
    ]);
  });
});
