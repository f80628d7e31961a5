/**
 * Handovers (policy §6): the receiving organisation answers, only with the client's consent;
 * completing moves responsibility and with it who is involved with her; two receivers racing
 * for one handover never both win.
 */
import { today } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { CaseAssignment } from '../../src/modules/clients/case-assignment.entity';
import { Client } from '../../src/modules/clients/client.entity';
import { Handover } from '../../src/modules/handovers/handover.entity';
import { Trajectory } from '../../src/modules/trajectories/trajectory.entity';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { clientVersion, fingerprint, firstError, queuedBehindLock } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

/** The seeded open handovers: KP-012 from Iriszorg to Arnhem (consented), KP-013 from Leger des Heils to the wijkteam (not yet). */
const TO_ARNHEM = '00000000-0000-4000-8007-000000000019';
const TO_WIJKTEAM = '00000000-0000-4000-8007-000000000020';

async function handoverRow(id: string) {
  return gw.orm.em.fork().findOneOrFail(Handover, id);
}

async function codesSeenBy(caller: Caller): Promise<string[]> {
  const res = await caller.query('{ clients(first: 100) { edges { node { code } } } }');
  return res.body.data.clients.edges.map((e: { node: { code: string } }) => e.node.code);
}

describe('who may answer a handover', () => {
  it('refuses the sending organisation: only the receiver accepts, and nothing changes', async () => {
    expect((await handoverRow(TO_ARNHEM)).toOrganisation?.id).toBe(DEMO.org.arnhem);
    const before = await fingerprint(gw);
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const res = await iriszorg.query(operation('AcceptHandover'), { input: { id: TO_ARNHEM, version: 1 } });
    expect(firstError(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('refuses roles that do not hand over, before looking at the handover', async () => {
    const before = await fingerprint(gw);
    const expert = await gw.as('expert@iriszorg.example');
    const permits = await gw.as('permits@nijmegen.example');
    for (const [caller, op] of [
      [expert, 'AcceptHandover'],
      [expert, 'CancelHandover'],
      [permits, 'RejectHandover'],
      [permits, 'CompleteHandover'],
    ] as const) {
      const res = await caller.query(operation(op), { input: { id: TO_ARNHEM, version: 1 } });
      expect(firstError(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
    const proposed = await expert.query(operation('ProposeHandover'), { input: { clientId: DEMO.client(14), destination: 'CLOSED' } });
    expect(firstError(proposed)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('answers an organisation not involved with her exactly as for a handover that does not exist', async () => {
    const arnhem = await gw.as('procesregie@arnhem.example');
    const hidden = await arnhem.query(operation('RejectHandover'), { input: { id: TO_WIJKTEAM, version: 1 } });
    const missing = await arnhem.query(operation('RejectHandover'), { input: { id: '00000000-0000-4000-8007-999999999999', version: 1 } });
    expect(hidden.body).toEqual(missing.body);
    expect(firstError(hidden)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await handoverRow(TO_WIJKTEAM)).status).toBe('PROPOSED');
  });

  it('refuses a stale version with CONFLICT and leaves the handover as it was', async () => {
    const before = await fingerprint(gw);
    const arnhem = await gw.as('procesregie@arnhem.example');
    const res = await arnhem.query(operation('AcceptHandover'), { input: { id: TO_ARNHEM, version: 7 } });
    expect(firstError(res)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);
  });
});

describe('consent before care moves', () => {
  it('refuses the wijkteam with NO_CONSENT until she consents to it, audits the refusal, then lets it accept and name its case manager', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const before = await fingerprint(gw);
    const refused = await wijkteam.query(operation('AcceptHandover'), { input: { id: TO_WIJKTEAM, version: 1 } });
    expect(refused.body.data).toEqual({ acceptHandover: null });
    expect(firstError(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    expect(await fingerprint(gw)).toEqual(before);
    const denied = await gw.orm.em.fork().find(AuditEvent, { eventType: 'handover.accept', clientId: DEMO.client(13) });
    expect(denied.map((e) => [e.outcome, e.reason, e.consentChecked])).toEqual([['DENIED', 'NO_CONSENT', true]]);

    const ldh = await gw.as('casemanager@legerdesheils.example');
    const consent = await ldh.query(operation('RecordConsent'), {
      input: { clientId: DEMO.client(13), effect: 'PERMIT', organisationId: DEMO.org.wijkteam, categories: ['IDENTITY', 'CONTACT', 'HEALTH'], purpose: 'CARE' },
    });
    expect(consent.body.errors).toBeUndefined();

    const me = (await wijkteam.query('{ me { id } }')).body.data.me.id;
    const accepted = await wijkteam.query(operation('AcceptHandover'), { input: { id: TO_WIJKTEAM, version: 1, caseManagerId: me } });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED', version: 2, receivingCaseManager: { name: 'Ahmed El Idrissi' } });
  });

  it('refuses to complete once she revoked that consent, and completes after she gave it again', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const consents = (await ldh.query(operation('ClientWorkflow'), { id: DEMO.client(13) })).body.data.client.consents;
    const forWijkteam = consents.find((c: { organisation: { id: string } | null }) => c.organisation?.id === DEMO.org.wijkteam);
    const revoked = await ldh.query(operation('RevokeConsent'), { input: { id: forWijkteam.id, version: forWijkteam.version, reasonCategory: 'BASIC', reason: 'Wants to think it over' } });
    expect(revoked.body.data.revokeConsent).toMatchObject({ state: 'REVOKED' });

    const before = await fingerprint(gw);
    const refused = await ldh.query(operation('CompleteHandover'), { input: { id: TO_WIJKTEAM, version: 2 } });
    expect(firstError(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    expect(await fingerprint(gw)).toEqual(before);

    const given = await ldh.query(operation('RecordConsent'), { input: { clientId: DEMO.client(13), effect: 'PERMIT', organisationId: DEMO.org.wijkteam, purpose: 'CARE' } });
    const done = await ldh.query(operation('CompleteHandover'), { input: { id: TO_WIJKTEAM, version: 2 } });
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.completeHandover).toMatchObject({ status: 'COMPLETED', version: 3 });
    // Each line says that her consent was checked (policy §7), and the one that let her care move names it, as an acceptance's does.
    const completions = await gw.orm.em.fork().find(AuditEvent, { clientId: DEMO.client(13), eventType: { $in: ['handover.complete', 'mutation.completeHandover'] } }, { orderBy: { id: 'asc' } });
    expect(completions.map((e) => [e.eventType, e.outcome, e.reason, e.consentChecked, e.consentId, e.categories])).toEqual([
      ['handover.complete', 'DENIED', 'NO_CONSENT', true, null, ['BASIC']],
      ['handover.complete', 'GRANTED', null, true, given.body.data.recordConsent.id, ['BASIC']],
    ]);

    const client = await gw.orm.em.fork().findOneOrFail(Client, DEMO.client(13));
    expect([client.status, client.team]).toEqual(['HANDED_OVER', null]);
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const seen = await wijkteam.query('query ($id: ID!) { client(id: $id) { status caseManagers { email } } }', { id: DEMO.client(13) });
    expect(seen.body.data.client).toEqual({ status: 'HANDED_OVER', caseManagers: [{ email: 'casemanager@wijkteam.example' }] });
  });

  /**
   * Leger des Heils proposes to hand `her` over to the wijkteam, which nothing of hers names yet.
   * The tests cancel their proposal at the end: her handovers further down must still be possible.
   */
  async function proposedToWijkteam(her: string) {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const proposed = await ldh.query(operation('ProposeHandover'), { input: { clientId: her, destination: 'REGULAR_CARE', toOrganisationId: DEMO.org.wijkteam } });
    expect(proposed.body.errors).toBeUndefined();
    const { id } = proposed.body.data.proposeHandover;
    return {
      id: id as string,
      record: (consent: object) => ldh.query(operation('RecordConsent'), { input: { clientId: her, ...consent } }),
      accept: () => wijkteam.query(operation('AcceptHandover'), { input: { id, version: 1 } }),
      cancel: async () => expect((await ldh.query(operation('CancelHandover'), { input: { id, version: (await handoverRow(id)).version } })).body.errors).toBeUndefined(),
    };
  }

  it('takes an objection naming the wijkteam for no consent, and lets it outweigh a permission for the same category', async () => {
    const handover = await proposedToWijkteam(DEMO.client(16));
    const health = { organisationId: DEMO.org.wijkteam, categories: ['HEALTH'] };
    expect((await handover.record({ ...health, effect: 'DENY' })).body.errors).toBeUndefined();
    expect(firstError(await handover.accept())).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    expect((await handover.record({ ...health, effect: 'PERMIT', purpose: 'CARE' })).body.errors).toBeUndefined();
    expect(firstError(await handover.accept())).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    await handover.cancel();
  });

  it('does not take a permission for every regular-care organisation as consent: she names the wijkteam itself', async () => {
    const handover = await proposedToWijkteam(DEMO.client(15));
    expect((await handover.record({ effect: 'PERMIT', organisationKind: 'REGULAR_CARE', purpose: 'CARE' })).body.errors).toBeUndefined();
    expect(firstError(await handover.accept())).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });

    expect((await handover.record({ effect: 'PERMIT', organisationId: DEMO.org.wijkteam, categories: ['IDENTITY'], purpose: 'CARE' })).body.errors).toBeUndefined();
    const accepted = await handover.accept();
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED' });
    await handover.cancel();
  });

  it('checks at completion the receiving organisation’s consent, not that of where its accepter works now', async () => {
    const her = DEMO.client(15); // consented to Iriszorg and to Leger des Heils
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const handover = await proposedToWijkteam(her);
    expect((await handover.record({ effect: 'PERMIT', organisationId: DEMO.org.wijkteam, categories: ['CONTACT'], purpose: 'CARE' })).body.errors).toBeUndefined();
    expect((await handover.accept()).body.errors).toBeUndefined();
    // She withdraws every consent naming the wijkteam; the professional who accepted for it has since
    // moved to Iriszorg, which she does consent to.
    const consents: { id: string; version: number; state: string; organisation: { id: string } | null }[] = (await ldh.query(operation('ClientWorkflow'), { id: her })).body.data.client.consents;
    for (const c of consents.filter((c) => c.organisation?.id === DEMO.org.wijkteam && c.state !== 'REVOKED')) {
      expect((await ldh.query(operation('RevokeConsent'), { input: { id: c.id, version: c.version, reasonCategory: 'BASIC', reason: 'No longer wants the wijkteam' } })).body.errors).toBeUndefined();
    }
    const sql = gw.orm.em.getConnection();
    const moveAccepter = (to: string) => sql.execute(`update professional set organisation_id = ? where email = 'casemanager@wijkteam.example'`, [to]);
    await moveAccepter(DEMO.org.iriszorg);
    try {
      const before = await fingerprint(gw);
      const refused = await ldh.query(operation('CompleteHandover'), { input: { id: handover.id, version: 2 } });
      expect(firstError(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
      expect(await fingerprint(gw)).toEqual(before);
    } finally {
      await moveAccepter(DEMO.org.wijkteam);
    }
    await handover.cancel();
  });
});

describe('a handover into regular care at a mental-health provider', () => {
  it('is answered by its clinician, the one who takes her on there', async () => {
    const id = DEMO.client(14); // in the Stapteam through Iriszorg; consented to Pro Persona (IDENTITY, HEALTH), no open handover
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const clinician = await gw.as('psychiatrist@propersona.example');
    const proposed = await iriszorg.query(operation('ProposeHandover'), { input: { clientId: id, destination: 'REGULAR_CARE', toOrganisationId: DEMO.org.proPersona } });
    expect(proposed.body.errors).toBeUndefined();
    const handover = proposed.body.data.proposeHandover.id;
    const accepted = await clinician.query(operation('AcceptHandover'), { input: { id: handover, version: 1 } });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED', version: 2 });
    const [line] = await gw.orm.em.fork().find(AuditEvent, { eventType: 'handover.accept', clientId: id });
    expect([line.outcome, line.consentChecked, line.consentId]).toEqual(['GRANTED', true, expect.any(String)]);
    // Taken back, so the tests further down may still propose one for her.
    const cancelled = await iriszorg.query(operation('CancelHandover'), { input: { id: handover, version: 2 } });
    expect(cancelled.body.errors).toBeUndefined();
  });
});

describe('completion moves involvement', () => {
  it('to another municipality: Arnhem’s procesregie becomes involved, the Stapteam organisations (involved only through care) lose her', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const arnhem = await gw.as('procesregie@arnhem.example');
    const id = DEMO.client(18); // shared nothing: the team knows her only through care
    expect(await codesSeenBy(arnhem)).not.toContain('KP-018');

    await ldh.query(operation('RecordConsent'), {
      input: { clientId: id, effect: 'PERMIT', organisationId: DEMO.org.arnhem, categories: ['IDENTITY', 'CONTACT', 'HOUSING'], purpose: 'CARE_COORDINATION' },
    });
    const proposed = await ldh.query(operation('ProposeHandover'), {
      input: { clientId: id, destination: 'OTHER_MUNICIPALITY', toOrganisationId: DEMO.org.arnhem, notes: 'Moves to her mother in Arnhem', notesCategory: 'HOUSING' },
    });
    expect(proposed.body.errors).toBeUndefined();
    const handover = proposed.body.data.proposeHandover;

    const accepted = await arnhem.query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version } });
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED' });

    const done = await ldh.query(operation('CompleteHandover'), { input: { id: handover.id, version: 2 } });
    // Leger des Heils is no longer involved with her: the handover's answer is null, without an error.
    expect(done.body).toEqual({ data: { completeHandover: null } });
    expect((await handoverRow(handover.id)).status).toBe('COMPLETED');

    expect(await codesSeenBy(arnhem)).toContain('KP-018');
    const seen = await arnhem.query('query ($id: ID!) { client(id: $id) { status team { name } } }', { id });
    expect(seen.body.data.client).toEqual({ status: 'HANDED_OVER', team: null });
    for (const caller of [ldh, iriszorg]) {
      expect(await codesSeenBy(caller)).not.toContain('KP-018');
      expect((await caller.query('query ($id: ID!) { client(id: $id) { code } }', { id })).body).toEqual({ data: { client: null } });
    }
    const active = await gw.orm.em.fork().find(CaseAssignment, { client: id, $or: [{ endedOn: null }, { endedOn: { $gte: today() } }] });
    expect(active.map((a) => a.organisation.id)).toEqual([DEMO.org.arnhem]);
  });

  it('a closing trajectory is confirmed by the sending organisation itself and leaves nobody responsible', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const id = DEMO.client(16);
    const proposed = (await ldh.query(operation('ProposeHandover'), { input: { clientId: id, destination: 'CLOSED' } })).body.data.proposeHandover;
    const accepted = await ldh.query(operation('AcceptHandover'), { input: { id: proposed.id, version: 1 } });
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED' });
    await ldh.query(operation('CompleteHandover'), { input: { id: proposed.id, version: 2 } });
    const client = await gw.orm.em.fork().findOneOrFail(Client, id);
    expect([client.status, client.team]).toEqual(['CLOSED', null]);
    expect(await gw.orm.em.fork().count(CaseAssignment, { client: id, endedOn: null })).toBe(0);
    // Her inflow housing ends with her case management: nobody on her care team is left to end it.
    const ended = await gw.orm.em.fork().find(Trajectory, { client: id, endedOn: today() }, { orderBy: { kind: 'asc' } });
    expect(ended.map((t) => [t.kind, t.status, t.outcome])).toEqual([
      ['CASE_MANAGEMENT', 'ENDED', 'Trajectory closed'],
      ['INFLOW_HOUSING', 'ENDED', 'Trajectory closed'],
    ]);
    expect(await gw.orm.em.fork().count(Trajectory, { client: id, status: 'ACTIVE' })).toBe(0);
  });
});

describe('the handover state machine', () => {
  it('allows one open handover per client and refuses moves its table does not list, changing nothing', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const arnhem = await gw.as('procesregie@arnhem.example');
    const before = await fingerprint(gw);
    // KP-012 already has an open handover to Arnhem.
    const second = await iriszorg.query(operation('ProposeHandover'), { input: { clientId: DEMO.client(12), destination: 'MONITORING', toOrganisationId: DEMO.org.zvh } });
    expect(firstError(second)).toMatchObject({ code: 'CONFLICT' });
    const early = await iriszorg.query(operation('CompleteHandover'), { input: { id: TO_ARNHEM, version: 1 } });
    expect(firstError(early)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);

    const rejected = await arnhem.query(operation('RejectHandover'), { input: { id: TO_ARNHEM, version: 1 } });
    expect(rejected.body.data.rejectHandover).toMatchObject({ status: 'REJECTED', version: 2 });
    const after = await fingerprint(gw);
    for (const [caller, op] of [
      [arnhem, 'AcceptHandover'],
      [arnhem, 'RejectHandover'],
      [iriszorg, 'CancelHandover'],
    ] as const) {
      const res = await caller.query(operation(op), { input: { id: TO_ARNHEM, version: 2 } });
      expect(firstError(res)).toMatchObject({ code: 'CONFLICT' });
    }
    expect(await fingerprint(gw)).toEqual(after);
  });

  it('lets the sending side cancel a proposal nobody answered', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const proposed = (await iriszorg.query(operation('ProposeHandover'), { input: { clientId: DEMO.client(12), destination: 'MONITORING', toOrganisationId: DEMO.org.zvh } })).body.data
      .proposeHandover;
    const cancelled = await iriszorg.query(operation('CancelHandover'), { input: { id: proposed.id, version: proposed.version } });
    expect(cancelled.body.data.cancelHandover).toMatchObject({ status: 'CANCELLED', version: 2 });
  });

  it('lets the sending side cancel an accepted handover that will not go ahead, so another can be proposed', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const zvh = await gw.as('procesregie@zvh.example');
    const propose = () => iriszorg.query(operation('ProposeHandover'), { input: { clientId: DEMO.client(12), destination: 'MONITORING', toOrganisationId: DEMO.org.zvh } });
    const proposed = (await propose()).body.data.proposeHandover;
    const accepted = await zvh.query(operation('AcceptHandover'), { input: { id: proposed.id, version: proposed.version } });
    expect(accepted.body.data.acceptHandover).toMatchObject({ status: 'ACCEPTED', version: 2 });
    expect(firstError(await zvh.query(operation('CancelHandover'), { input: { id: proposed.id, version: 2 } }))).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });

    const cancelled = await iriszorg.query(operation('CancelHandover'), { input: { id: proposed.id, version: 2 } });
    expect(cancelled.body.data.cancelHandover).toMatchObject({ status: 'CANCELLED', version: 3 });
    expect(firstError(await iriszorg.query(operation('CompleteHandover'), { input: { id: proposed.id, version: 3 } }))).toMatchObject({ code: 'CONFLICT' });
    const again = await propose();
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.proposeHandover).toMatchObject({ status: 'PROPOSED' });
  });
});

describe('two proposals for one client at the same moment', () => {
  it('lets exactly one through: the open-handover check runs under a lock on her row', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const id = DEMO.client(14); // in the Stapteam, so Iriszorg is on her care team; no open handover
    const open = () => gw.orm.em.fork().count(Handover, { client: id, status: { $in: ['PROPOSED', 'ACCEPTED'] } });
    expect(await open()).toBe(0);
    // Another transaction holds her row as a write that leaves her key alone would: the insert's
    // foreign-key check does not wait for it, only the proposal's own lock on her row does.
    const propose = () => iriszorg.query(operation('ProposeHandover'), { input: { clientId: id, destination: 'MONITORING', toOrganisationId: DEMO.org.zvh } });
    const [a, b] = await queuedBehindLock(gw, 'select 1 from client where id = $1 for no key update', [id], [propose, propose]);
    expect([a, b].filter((r) => r.body.errors === undefined)).toHaveLength(1);
    expect([firstError(a), firstError(b)].filter(Boolean)).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    expect(await open()).toBe(1);
  });
});

describe('two receivers accepting one handover at the same moment', () => {
  it('lets exactly one win, 20 times in a row, with one audit line per winner', async () => {
    const id = DEMO.client(15); // consented to Iriszorg and to Leger des Heils
    const sides = {
      [DEMO.org.legerDesHeils]: ['casemanager@legerdesheils.example', 'casemanager2@legerdesheils.example'],
      [DEMO.org.iriszorg]: ['casemanager@iriszorg.example', 'casemanager2@iriszorg.example'],
    };
    let from = DEMO.org.legerDesHeils;
    let to = DEMO.org.iriszorg;
    const auditsBefore = await gw.orm.em.fork().count(AuditEvent, { eventType: 'handover.accept', clientId: id, outcome: 'GRANTED' });

    for (let round = 0; round < 20; round++) {
      const sender = await gw.as(sides[from][0]);
      const [a, b] = await Promise.all(sides[to].map((email) => gw.as(email)));
      const proposed = await sender.query(operation('ProposeHandover'), { input: { clientId: id, destination: 'STAPTEAM', toOrganisationId: to } });
      expect(proposed.body.errors).toBeUndefined();
      const handover = proposed.body.data.proposeHandover;

      const answers = await Promise.all([a, b].map((r) => r.query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version } })));
      const winners = answers.filter((r) => r.body.data?.acceptHandover?.status === 'ACCEPTED');
      const losers = answers.filter((r) => firstError(r)?.code === 'CONFLICT');
      expect([winners.length, losers.length]).toEqual([1, 1]);
      expect(losers[0].body.data).toEqual({ acceptHandover: null });

      const row = await handoverRow(handover.id);
      expect([row.status, row.version, row.decidedBy?.id]).toEqual(['ACCEPTED', 2, winners[0].body.data.acceptHandover.decidedBy.id]);

      const done = await sender.query(operation('CompleteHandover'), { input: { id: handover.id, version: 2 } });
      expect(done.body.data.completeHandover).toMatchObject({ status: 'COMPLETED' });
      [from, to] = [to, from];
    }
    const auditsAfter = await gw.orm.em.fork().count(AuditEvent, { eventType: 'handover.accept', clientId: id, outcome: 'GRANTED' });
    expect(auditsAfter - auditsBefore).toBe(20);
  });
});

describe('a revocation and the handover decision it would change, at the same moment', () => {
  // In the Stapteam with Iriszorg; Arnhem holds no consent of hers until a test records the one it races.
  const her = DEMO.client(17);
  const chainOrder = async () =>
    (await gw.orm.em.fork().find(AuditEvent, { clientId: her, eventType: { $in: ['handover.accept', 'handover.complete', 'consent.revoke'] } }, { orderBy: { id: 'asc' } })).map((e) => [
      e.eventType,
      e.outcome,
    ]);

  async function consentedAndProposed(iriszorg: Caller, accepted: boolean) {
    const recorded = await iriszorg.query(operation('RecordConsent'), {
      input: { clientId: her, effect: 'PERMIT', organisationId: DEMO.org.arnhem, categories: ['IDENTITY', 'CONTACT', 'HOUSING'], purpose: 'CARE_COORDINATION' },
    });
    expect(recorded.body.errors).toBeUndefined();
    const proposed = await iriszorg.query(operation('ProposeHandover'), { input: { clientId: her, destination: 'OTHER_MUNICIPALITY', toOrganisationId: DEMO.org.arnhem } });
    expect(proposed.body.errors).toBeUndefined();
    let handover = proposed.body.data.proposeHandover;
    if (accepted) {
      const answer = await (await gw.as('procesregie@arnhem.example')).query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version } });
      handover = answer.body.data.acceptHandover;
    }
    return { consent: recorded.body.data.recordConsent, handover };
  }

  it('an acceptance that read her consent commits before the revocation queued behind it, so completing it is then refused', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const arnhem = await gw.as('procesregie@arnhem.example');
    const { consent, handover } = await consentedAndProposed(iriszorg, false);
    const revoke = { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'She does not want Arnhem to have it' };

    // The acceptance reads her consent, then waits for the handover's row; the revocation, sent
    // after it, must wait for the acceptance, not slip in between its check and its commit.
    const [accepted, revoked] = await queuedBehindLock(gw, 'select 1 from handover where id = $1 for update', [handover.id], [
      () => arnhem.query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version } }),
      () => iriszorg.query(operation('RevokeConsent'), { input: revoke }),
    ]);
    expect([accepted.body.errors, revoked.body.errors]).toEqual([undefined, undefined]);
    expect(await chainOrder()).toEqual([
      ['handover.accept', 'GRANTED'],
      ['consent.revoke', 'GRANTED'],
    ]);

    const completed = await iriszorg.query(operation('CompleteHandover'), { input: { id: handover.id, version: 2 } });
    expect(firstError(completed)).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    expect((await iriszorg.query(operation('CancelHandover'), { input: { id: handover.id, version: 2 } })).body.errors).toBeUndefined();
  });

  it('a revocation queued before a completion is seen by it: her care does not move', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const { consent, handover } = await consentedAndProposed(iriszorg, true);
    const before = await chainOrder();

    const [revoked, completed] = await queuedBehindLock(gw, 'select 1 from client where id = $1 for update', [her], [
      () => iriszorg.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'She changed her mind' } }),
      () => iriszorg.query(operation('CompleteHandover'), { input: { id: handover.id, version: handover.version } }),
    ]);
    expect(revoked.body.errors).toBeUndefined();
    expect(firstError(completed)).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
    expect((await chainOrder()).slice(before.length)).toEqual([
      ['consent.revoke', 'GRANTED'],
      ['handover.complete', 'DENIED'],
    ]);
    expect([(await handoverRow(handover.id)).status, (await gw.orm.em.fork().findOneOrFail(Client, her)).status]).toEqual(['ACCEPTED', 'ACTIVE']);
  });
});

describe('a handover into the Stapteam caseload that names its case manager', () => {
  it('refuses, at acceptance, a case manager in no team of her chain: completing could never place her', async () => {
    const id = DEMO.client(15); // consented to Iriszorg and to Leger des Heils; no open handover once the rounds above are done
    const [newcomer] = await gw.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>(
        `insert into professional (name, email, subject, organisation_id, roles) values ('Nieuwe Collega', 'new@legerdesheils.example', 'demo|new@legerdesheils.example', ?, '{CASE_MANAGER}') returning id`,
        [DEMO.org.legerDesHeils],
      );
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const proposed = await iriszorg.query(operation('ProposeHandover'), { input: { clientId: id, destination: 'STAPTEAM', toOrganisationId: DEMO.org.legerDesHeils } });
    expect(proposed.body.errors).toBeUndefined();
    const handover = proposed.body.data.proposeHandover;

    const before = await fingerprint(gw);
    const accepted = await ldh.query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version, caseManagerId: newcomer.id } });
    expect(firstError(accepted)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.caseManagerId' });
    expect(await fingerprint(gw)).toEqual(before);

    // Named without her, or naming a colleague in the team, it goes through and completes.
    const me = (await ldh.query('{ me { id } }')).body.data.me.id;
    const taken = await ldh.query(operation('AcceptHandover'), { input: { id: handover.id, version: handover.version, caseManagerId: me } });
    expect(taken.body.errors).toBeUndefined();
    const done = await iriszorg.query(operation('CompleteHandover'), { input: { id: handover.id, version: 2 } });
    expect(done.body.errors).toBeUndefined();
    expect((await handoverRow(handover.id)).status).toBe('COMPLETED');
  });

  it('leaves her with the receiving organisation when the case manager it named left before completion, until a colleague takes her on', async () => {
    const id = DEMO.client(15); // carried by Leger des Heils since the test above, consented to Iriszorg
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const proposed = await ldh.query(operation('ProposeHandover'), { input: { clientId: id, destination: 'STAPTEAM', toOrganisationId: DEMO.org.iriszorg } });
    expect(proposed.body.errors).toBeUndefined();
    const [fleur] = await gw.orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from professional where email = 'casemanager2@iriszorg.example'`);
    const accepted = await iriszorg.query(operation('AcceptHandover'), { input: { id: proposed.body.data.proposeHandover.id, version: 1, caseManagerId: fleur.id } });
    expect(accepted.body.errors).toBeUndefined();
    // Her administrator deactivates her before the sending side completes.
    await gw.orm.em.fork().getConnection().execute('update professional set active = false where id = ?', [fleur.id]);
    try {
      const done = await ldh.query(operation('CompleteHandover'), { input: { id: proposed.body.data.proposeHandover.id, version: 2 } });
      expect(done.body.errors).toBeUndefined();
      const carried = await gw.orm.em.fork().find(CaseAssignment, { client: id, organisation: DEMO.org.iriszorg, startedOn: today(), endedOn: null });
      expect(carried.map((a) => a.professional)).toEqual([null]);

      const me = (await iriszorg.query('{ me { id } }')).body.data.me.id;
      const taken = await iriszorg.query(operation('ReassignCaseManager'), { input: { clientId: id, caseManagerId: me, version: await clientVersion(gw, id) } });
      expect(taken.body.errors).toBeUndefined();
      expect(taken.body.data.reassignCaseManager.client.caseManagers.map((p: { id: string }) => p.id)).toEqual([me]);
    } finally {
      await gw.orm.em.fork().getConnection().execute('update professional set active = true where id = ?', [fleur.id]);
    }
  });
});
