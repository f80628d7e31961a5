/**
 * Consents take effect on the very next request, whichever way they go; referrals are decided by
 * the team they are made to, or withdrawn by whoever made them.
 */
import { DEMO, demoId } from '../../src/db/demo/seed';
import { today } from '../../src/common/scalars';
import { CaseAssignment } from '../../src/modules/clients/case-assignment.entity';
import * as clientCodes from '../../src/modules/clients/client-code';
import { Client } from '../../src/modules/clients/client.entity';
import { Consent } from '../../src/modules/consents/consent.entity';
import { Referral } from '../../src/modules/referrals/referral.entity';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { entriesDuring } from '../helpers/audit';
import { clientVersion, fingerprint, firstError, queuedBehindLock } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const HEALTH = 'query ($id: ID!) { client(id: $id) { health { summary } } }';

async function consentOf(caller: Caller, clientId: string, organisationId: string) {
  const consents = (await caller.query(operation('ClientWorkflow'), { id: clientId })).body.data.client.consents;
  return consents.find((c: { organisation: { id: string } | null; state: string }) => c.organisation?.id === organisationId && c.state === 'ACTIVE');
}

async function codesSeenBy(caller: Caller): Promise<string[]> {
  const res = await caller.query('{ clients(first: 100) { edges { node { code } } } }');
  return res.body.data.clients.edges.map((e: { node: { code: string } }) => e.node.code);
}

describe('revoking a consent', () => {
  it('stops the very next read, with reason CONSENT_REVOKED', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    expect((await cm.query(HEALTH, { id: DEMO.client(16) })).body.data.client.health).toEqual({ summary: expect.any(String) });

    const consent = await consentOf(cm, DEMO.client(16), DEMO.org.iriszorg);
    const res = await cm.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'She wants to start over with a new case manager' } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.revokeConsent).toMatchObject({ state: 'REVOKED', revocationReasonCategory: 'BASIC', version: consent.version + 1 });

    const next = await cm.query(HEALTH, { id: DEMO.client(16) });
    expect(next.body.data.client.health).toBeNull();
    expect(firstError(next)).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REVOKED' });
  });

  it('stops the fields after it in the same request: a later mutation no longer shows her health', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const consent = await consentOf(cm, DEMO.client(12), DEMO.org.iriszorg);
    const res = await cm.query(
      `mutation ($clientId: ID!, $consentId: ID!, $version: Int!) {
        before: raiseSignal(input: { clientId: $clientId, category: BASIC, text: "Asked about her sister in Arnhem" }) { client { health { summary } } }
        revoked: revokeConsent(input: { id: $consentId, version: $version, reasonCategory: BASIC, reason: "Wants to stop sharing" }) { state }
        after: raiseSignal(input: { clientId: $clientId, category: BASIC, text: "Came by the drop-in" }) { client { health { summary } } }
      }`,
      { clientId: DEMO.client(12), consentId: consent.id, version: consent.version },
    );
    expect(res.body.data).toEqual({
      before: { client: { health: { summary: expect.any(String) } } },
      revoked: { state: 'REVOKED' },
      after: { client: { health: null } },
    });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['after', 'client', 'health'], extensions: expect.objectContaining({ reason: 'CONSENT_REVOKED' }) })]);
  });

  it('cannot revoke twice, nor from a stale version, nor without a reason — and changes nothing trying', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const revoked = await gw.orm.em.fork().findOneOrFail(Consent, { client: DEMO.client(16), organisation: DEMO.org.iriszorg, revokedAt: { $ne: null } });
    const active = await consentOf(cm, DEMO.client(15), DEMO.org.iriszorg);
    const before = await fingerprint(gw);
    const twice = await cm.query(operation('RevokeConsent'), { input: { id: revoked.id, version: revoked.version, reasonCategory: 'BASIC', reason: 'again' } });
    expect(firstError(twice)).toMatchObject({ code: 'CONFLICT' });
    const stale = await cm.query(operation('RevokeConsent'), { input: { id: active.id, version: active.version - 1, reasonCategory: 'BASIC', reason: 'stale' } });
    expect(firstError(stale)).toMatchObject({ code: 'CONFLICT' });
    const blank = await cm.query(operation('RevokeConsent'), { input: { id: active.id, version: active.version, reasonCategory: 'BASIC', reason: '   ' } });
    expect(firstError(blank)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('cannot be sent without saying what the reason is about: the document is refused, and nothing changes', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const active = await consentOf(cm, DEMO.client(15), DEMO.org.iriszorg);
    const before = await fingerprint(gw);
    const sent = await cm.query(operation('RevokeConsent'), { input: { id: active.id, version: active.version, reason: 'Moved away' } });
    const written = await cm.query(`mutation { revokeConsent(input: { id: "${active.id}", version: ${active.version}, reason: "Moved away" }) { id } }`);
    // In variables, GraphQL refuses the value before the operation runs; in the document, the document.
    expect([sent.status, sent.body.data, sent.body.errors?.map((e) => e.extensions?.code)]).toEqual([400, undefined, ['BAD_USER_INPUT']]);
    expect(sent.body.errors?.[0].message).toMatch(/Field "reasonCategory" of required type "DataCategory!" was not provided/);
    expect([written.status, written.body.data, written.body.errors?.map((e) => e.extensions?.code)]).toEqual([400, undefined, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('is for case managers of an involved organisation only', async () => {
    const consent = await gw.orm.em.fork().findOneOrFail(Consent, { client: DEMO.client(15), organisation: DEMO.org.iriszorg });
    const before = await fingerprint(gw);
    const expert = await gw.as('expert@iriszorg.example');
    expect(firstError(await expert.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'x' } }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const hidden = await wijkteam.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'x' } });
    const missing = await wijkteam.query(operation('RevokeConsent'), { input: { id: '00000000-0000-4000-8005-999999999999', version: 1, reasonCategory: 'BASIC', reason: 'x' } });
    expect(hidden.body).toEqual(missing.body);
    expect(firstError(hidden)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint(gw)).toEqual(before);
  });
  it('holds a revocation at once even when the clock that stamped it ran ahead', async () => {
    // Another instance, or this one before an NTP step back, stamped the revocation in our future.
    const cm = await gw.as('casemanager@iriszorg.example');
    expect((await cm.query(HEALTH, { id: DEMO.client(15) })).body.data.client.health).toEqual({ summary: expect.any(String) });
    const consent = await consentOf(cm, DEMO.client(15), DEMO.org.iriszorg);
    await gw.orm.em.fork().getConnection().execute(`update consent set revoked_at = now() + interval '1 hour', revocation_reason = 'She said so' where id = ?`, [consent.id]);

    const next = await cm.query(HEALTH, { id: DEMO.client(15) });
    expect(firstError(next)).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REVOKED' });
    const consents = (await cm.query(operation('ClientWorkflow'), { id: DEMO.client(15) })).body.data.client.consents;
    expect(consents.find((c: { id: string }) => c.id === consent.id)).toMatchObject({ state: 'REVOKED' });
    const again = await cm.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'again' } });
    expect(firstError(again)).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('recording a consent or an objection', () => {
  it('an objection for one category beats a permission for all, on the next request', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    expect((await ldh.query(HEALTH, { id: DEMO.client(12) })).body.data.client.health).toEqual({ summary: expect.any(String) });
    const res = await ldh.query(operation('RecordConsent'), { input: { clientId: DEMO.client(12), effect: 'DENY', organisationId: DEMO.org.legerDesHeils, categories: ['HEALTH'] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.recordConsent).toMatchObject({ effect: 'DENY', categories: ['HEALTH'], purpose: null, state: 'ACTIVE', version: 1 });
    const next = await ldh.query(HEALTH, { id: DEMO.client(12) });
    expect(firstError(next)).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_CONSENT' });
  });

  it('a consent for a new organisation makes it involved with her', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const clinician = await gw.as('psychiatrist@propersona.example');
    expect(await codesSeenBy(clinician)).not.toContain('KP-013');
    await ldh.query(operation('RecordConsent'), { input: { clientId: DEMO.client(13), effect: 'PERMIT', organisationId: DEMO.org.proPersona, categories: ['HEALTH'], purpose: 'CARE' } });
    expect(await codesSeenBy(clinician)).toContain('KP-013');
  });

  it('resent with the same key, is recorded once, so revoking it leaves no twin that still holds', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const input = { clientId: DEMO.client(14), effect: 'PERMIT', organisationId: DEMO.org.wijkteam, categories: ['HOUSING', 'CONTACT'], purpose: 'CARE', idempotencyKey: 'consent-wijkteam-0001' };
    const [a, b] = await Promise.all([ldh.query(operation('RecordConsent'), { input }), ldh.query(operation('RecordConsent'), { input })]);
    const { result: again, entries } = await entriesDuring(gw, () => ldh.query(operation('RecordConsent'), { input: { ...input, categories: ['CONTACT', 'HOUSING'] } }));
    expect([a, b, again].map((r) => r.body.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set([a, b, again].map((r) => r.body.data.recordConsent.id)).size).toBe(1);
    // Answered again, the consent is read again, and her trail says so.
    expect(entries).toEqual([expect.objectContaining({ event_type: 'consent.record.resend', action: 'R', outcome: 'GRANTED', client_id: DEMO.client(14) })]);

    const forWijkteam = async () =>
      (await ldh.query(operation('ClientWorkflow'), { id: DEMO.client(14) })).body.data.client.consents.filter((c: { organisation: { id: string } | null; state: string }) => c.organisation?.id === DEMO.org.wijkteam && c.state === 'ACTIVE');
    const [only] = await forWijkteam();
    expect(await forWijkteam()).toHaveLength(1);
    expect((await ldh.query(operation('RevokeConsent'), { input: { id: only.id, version: only.version, reasonCategory: 'BASIC', reason: 'She changed her mind' } })).body.errors).toBeUndefined();
    expect(await forWijkteam()).toEqual([]);

    const before = await fingerprint(gw);
    const other = await ldh.query(operation('RecordConsent'), { input: { ...input, categories: ['HOUSING'] } });
    expect(firstError(other)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('is for the receiving organisation of an open handover, before it accepts her', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example'); // KP-013's open handover goes to the Wijkteam
    const res = await wijkteam.query(operation('RecordConsent'), {
      input: { clientId: DEMO.client(13), effect: 'PERMIT', organisationId: DEMO.org.wijkteam, categories: ['HOUSING'], purpose: 'CARE' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.recordConsent).toMatchObject({ effect: 'PERMIT', categories: ['HOUSING'], state: 'ACTIVE' });
  });
});

describe('break-glass does not outlast its hours', () => {
  it('an organisation that knows her only through it records no consent, revokes none and refers her nowhere', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const client = DEMO.client(10);
    const BASIC = 'query ($id: ID!) { client(id: $id) { code } }';
    expect((await wijkteam.query(BASIC, { id: client })).body.data).toEqual({ client: null });
    const opened = await wijkteam.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', {
      id: client,
      r: 'Found her in distress at night; the crisis service asks who her case manager is',
    });
    const grantId = opened.body.data.breakGlass.id;
    expect((await wijkteam.query(BASIC, { id: client })).body.data).toEqual({ client: { code: 'KP-010' } });

    const before = await fingerprint(gw);
    const record = await entriesDuring(gw, () =>
      wijkteam.query(operation('RecordConsent'), { input: { clientId: client, effect: 'PERMIT', organisationId: DEMO.org.wijkteam, purpose: 'CARE' } }),
    );
    expect(firstError(record.result)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(record.result.body.errors?.[0].message).toMatch(/only through break-glass/);
    expect(record.result.body.data).toEqual({ recordConsent: null });
    expect(record.entries).toEqual([expect.objectContaining({ event_type: 'mutation.recordConsent', outcome: 'DENIED', client_id: client, reason: 'ROLE_NOT_ALLOWED' })]);
    const theirs = await gw.orm.em.fork().findOneOrFail(Consent, { client, effect: 'PERMIT', revokedAt: null }, { orderBy: { recordedAt: 'asc' } });
    const revoke = await wijkteam.query(operation('RevokeConsent'), { input: { id: theirs.id, version: theirs.version, reasonCategory: 'BASIC', reason: 'She said so' } });
    expect(firstError(revoke)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    // An open referral keeps the referrer involved, and would let it record that consent after all.
    const refer = await wijkteam.query(operation('ReferClient'), { input: { teamId: DEMO.stapteam, clientId: client, reasonCategory: 'BASIC', reason: 'She needs the team again' } });
    expect(firstError(refer)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(await fingerprint(gw)).toEqual(before);

    // When the grant ends, so does what it opened.
    await gw.orm.em.fork().getConnection().execute(`update break_glass_grant set started_at = now() - interval '5 hours', expires_at = now() - interval '1 hour' where id = ?`, [grantId]);
    expect((await wijkteam.query(BASIC, { id: client })).body.data).toEqual({ client: null });
  });
});

describe('what an organisation writes while it knows her only through break-glass', () => {
  it('says on its line that it rested on the grant, as a read on it does; an organisation that knows her otherwise says its care relationship', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const client = DEMO.client(10);
    const opened = await wijkteam.query('mutation ($id: ID!, $r: String!) { breakGlass(clientId: $id, reason: $r) { id } }', {
      id: client,
      r: 'Met her in crisis at the night shelter; stayed with her until the crisis team came',
    });
    const grantId = opened.body.data.breakGlass.id;
    const logged = await entriesDuring(gw, () => wijkteam.query(operation('LogActivity'), { input: { clientId: client, minutes: 90 } }));
    const raised = await entriesDuring(gw, () =>
      wijkteam.query(operation('RaiseSignal'), { input: { clientId: client, category: 'BASIC', text: 'Crisis at night; the team should look in tomorrow' } }),
    );
    for (const { result } of [logged, raised]) expect(result.body.errors).toBeUndefined();
    const onGrant = { outcome: 'GRANTED', client_id: client, care_relationship_checked: true, break_glass_used: true, grant_id: grantId };
    expect(logged.entries).toEqual([expect.objectContaining({ event_type: 'activity.log', ...onGrant })]);
    // Its answer reads what she wrote back, on the grant too (a line of its own).
    expect(raised.entries.filter((e) => e.event_type !== 'client.read')).toEqual([expect.objectContaining({ event_type: 'signal.raise', ...onGrant })]);

    // Procesregie keeps her on monitoring: its signal rests on that, not on anyone's grant.
    const procesregie = await gw.as('procesregie@zvh.example');
    const known = await entriesDuring(gw, () =>
      procesregie.query(operation('RaiseSignal'), { input: { clientId: client, category: 'BASIC', text: 'The night shelter called us as well' } }),
    );
    expect(known.result.body.errors).toBeUndefined();
    expect(known.entries.filter((e) => e.event_type !== 'client.read')).toEqual([
      expect.objectContaining({ event_type: 'signal.raise', care_relationship_checked: true, break_glass_used: false, grant_id: null }),
    ]);
  });
});

describe('referrals', () => {
  const KP020_REFERRAL = '00000000-0000-4000-800c-000000000001';

  it('a list of just the referrals asked for; one of a woman the caller does not know is left out as one of nobody', async () => {
    const REFERRALS = 'query ($ids: [ID!]) { referrals(ids: $ids) { id client { code } } }';
    const nobodys = '00000000-0000-4000-800c-0000000000ff';
    const zvh = await gw.as('procesregie@zvh.example');
    expect((await zvh.query(REFERRALS, { ids: [KP020_REFERRAL, nobodys] })).body).toEqual({ data: { referrals: [{ id: KP020_REFERRAL, client: { code: 'KP-020' } }] } });
    // Arnhem knows nothing of KP-020: her referral answers as an id nobody has.
    const arnhem = await gw.as('procesregie@arnhem.example');
    expect((await arnhem.query(REFERRALS, { ids: [KP020_REFERRAL] })).body).toEqual({ data: { referrals: [] } });
    expect(firstError(await zvh.query(REFERRALS, { ids: ['KP-020'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids[0]' });
  });

  it('are decided only by the team they were made to, and withdrawn only by whoever made them', async () => {
    const before = await fingerprint(gw);
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const zvh = await gw.as('procesregie@zvh.example');
    const arnhem = await gw.as('procesregie@arnhem.example');
    const withdrawnByTeam = await iriszorg.query(operation('WithdrawReferral'), { input: { id: KP020_REFERRAL, version: 1 } });
    expect(firstError(withdrawnByTeam)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const acceptedByReferrer = await zvh.query(operation('AcceptReferral'), { input: { id: KP020_REFERRAL, version: 1 } });
    expect(firstError(acceptedByReferrer)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const notInTeam = await wijkteam.query(operation('DeclineReferral'), { input: { id: KP020_REFERRAL, version: 1 } });
    expect(firstError(notInTeam)).toMatchObject({ code: 'NOT_FOUND' });
    expect(firstError(await arnhem.query(operation('WithdrawReferral'), { input: { id: KP020_REFERRAL, version: 1 } }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('declined: she leaves the team and, known to nobody else, is CLOSED and disappears from the team’s lists', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const res = await ldh.query(operation('DeclineReferral'), { input: { id: KP020_REFERRAL, version: 1 } });
    expect(res.body).toEqual({ data: { declineReferral: null } });
    const client = await gw.orm.em.fork().findOneOrFail(Client, DEMO.client(20));
    expect([client.status, client.team]).toEqual(['CLOSED', null]);
    expect((await gw.orm.em.fork().findOneOrFail(Referral, KP020_REFERRAL)).status).toBe('DECLINED');
    expect(await codesSeenBy(ldh)).not.toContain('KP-020');
    expect(await codesSeenBy(await gw.as('casemanager@iriszorg.example'))).not.toContain('KP-020');

    const again = await ldh.query(operation('AcceptReferral'), { input: { id: KP020_REFERRAL, version: 2 } });
    expect(firstError(again)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('withdrawn by the referrer: a new woman referred by the wijkteam is closed again', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const made = await wijkteam.query(operation('ReferClient'), {
      input: { teamId: DEMO.stapteam, newClient: { name: 'Xandra Y.' }, reasonCategory: 'BASIC', reason: 'Asked us for help on the zone' },
    });
    expect(made.body.errors).toBeUndefined();
    const referral = made.body.data.referClient;
    expect(await codesSeenBy(wijkteam)).toContain(referral.client.code);

    const withdrawn = await wijkteam.query(operation('WithdrawReferral'), { input: { id: referral.id, version: referral.version } });
    expect(withdrawn.body).toEqual({ data: { withdrawReferral: null } });
    expect(await codesSeenBy(wijkteam)).not.toContain(referral.client.code);
    const client = await gw.orm.em.fork().findOneOrFail(Client, referral.client.id);
    expect([client.status, client.team]).toEqual(['CLOSED', null]);
  });

  it('and handovers wait for each other, so neither undoes the other', async () => {
    // Handed over while the team still decides: the referral, left open, would later take her
    // back into a team she had left, ACTIVE with nobody's team.
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const made = await iriszorg.query(operation('ReferClient'), { input: { teamId: DEMO.stapteam, newClient: { name: 'Clara S.' }, reasonCategory: 'BASIC', reason: 'Asked for help' } });
    expect(made.body.errors).toBeUndefined();
    let before = await fingerprint(gw);
    const closing = await iriszorg.query(operation('ProposeHandover'), { input: { clientId: made.body.data.referClient.client.id, destination: 'CLOSED' } });
    expect(firstError(closing)).toMatchObject({ code: 'CONFLICT' });
    expect(closing.body.errors?.[0].message).toMatch(/open referral/);
    expect(await fingerprint(gw)).toEqual(before);

    // Referred while her care is being handed over: completing the handover would leave the
    // referral open behind her just the same.
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const proposed = await wijkteam.query(operation('ProposeHandover'), { input: { clientId: DEMO.client(3), destination: 'OTHER_MUNICIPALITY', toOrganisationId: DEMO.org.arnhem } });
    expect(proposed.body.errors).toBeUndefined();
    before = await fingerprint(gw);
    const referred = await wijkteam.query(operation('ReferClient'), { input: { teamId: DEMO.stapteam, clientId: DEMO.client(3), reasonCategory: 'BASIC', reason: 'Back on the zone' } });
    expect(firstError(referred)).toMatchObject({ code: 'CONFLICT' });
    expect(referred.body.errors?.[0].message).toMatch(/open handover/);
    expect(await fingerprint(gw)).toEqual(before);
    const { id, version } = proposed.body.data.proposeHandover;
    expect((await wijkteam.query(operation('CancelHandover'), { input: { id, version } })).body.errors).toBeUndefined();
  });

  it('resent with the same key, a referral of someone new makes one woman, not two', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const input = { teamId: DEMO.stapteam, newClient: { name: 'Anna D.', dateOfBirth: '1990-01-01' }, reasonCategory: 'BASIC', reason: 'Asked for help', idempotencyKey: 'refer-anna-0001' };
    const named = () => gw.orm.em.fork().getConnection().execute<{ client_id: string }[]>(`select client_id from client_record where name = 'Anna D.'`);
    // A double click: both copies at once; then a resend after the answer was lost.
    const [a, b] = await Promise.all([iriszorg.query(operation('ReferClient'), { input }), iriszorg.query(operation('ReferClient'), { input })]);
    const again = await iriszorg.query(operation('ReferClient'), { input });
    expect([a, b, again].map((r) => r.body.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set([a, b, again].map((r) => r.body.data.referClient.id)).size).toBe(1);
    expect(await named()).toHaveLength(1);

    const before = await fingerprint(gw);
    const someoneElse = await iriszorg.query(operation('ReferClient'), { input: { ...input, newClient: { name: 'Bea D.', dateOfBirth: '1990-01-01' } } });
    expect(firstError(someoneElse)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('while the team decides on it, nobody steers her care yet; resent after it took her on, it makes nothing', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const input = { teamId: DEMO.stapteam, newClient: { name: 'Dina K.' }, reasonCategory: 'BASIC', reason: 'Asked for help', idempotencyKey: 'refer-dina-0001' };
    const made = await wijkteam.query(operation('ReferClient'), { input });
    expect(made.body.errors).toBeUndefined();
    const referral = made.body.data.referClient;
    const clientId = referral.client.id;

    // The Stapteam's organisations know her (they decide), but start nothing before they take her on:
    // a decline would leave a trajectory nobody may end, or a case manager of a closed woman.
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const before = await fingerprint(gw);
    const attempts = [
      await iriszorg.query(operation('StartTrajectory'), { input: { clientId, kind: 'TIME_OUT' } }),
      await iriszorg.query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: demoId(3, 1), version: await clientVersion(gw, clientId) } }),
      await iriszorg.query(operation('ProposeHandover'), { input: { clientId, destination: 'CLOSED' } }),
    ];
    for (const a of attempts) {
      expect(firstError(a)).toMatchObject({ code: 'CONFLICT' });
      expect(a.body.errors?.[0].message).toMatch(/open referral/);
    }
    expect(await fingerprint(gw)).toEqual(before);

    const accepted = await iriszorg.query(operation('AcceptReferral'), { input: { id: referral.id, version: referral.version } });
    expect(accepted.body.data.acceptReferral).toMatchObject({ status: 'ACCEPTED' });
    const started = await iriszorg.query(operation('StartTrajectory'), { input: { clientId, kind: 'TIME_OUT' } });
    expect(started.body.data.startTrajectory).toMatchObject({ kind: 'TIME_OUT', status: 'ACTIVE' });

    // The wijkteam's answer was lost, and the team has taken her on since: the resend finds its
    // referral, which it may no longer see, and answers nothing — no error, no second woman.
    const afterAccept = await fingerprint(gw);
    const resent = await wijkteam.query(operation('ReferClient'), { input });
    expect(resent.body).toEqual({ data: { referClient: null } });
    expect(await fingerprint(gw)).toEqual(afterAccept);
    expect(await gw.orm.em.fork().count(Referral, { idempotencyKey: input.idempotencyKey })).toBe(1);
  });

  it('a resend that names the team in capitals is the same request', async () => {
    const zvh = await gw.as('procesregie@zvh.example');
    const input = { teamId: DEMO.stapteam, clientId: DEMO.client(10), reasonCategory: 'BASIC', reason: 'Back on the zone', idempotencyKey: 'refer-kp010-0001' };
    const first = await zvh.query(operation('ReferClient'), { input });
    expect(first.body.errors).toBeUndefined();
    const again = await zvh.query(operation('ReferClient'), { input: { ...input, teamId: DEMO.stapteam.toUpperCase(), clientId: DEMO.client(10).toUpperCase() } });
    expect(again.body).toEqual(first.body);
    const withdrawn = await zvh.query(operation('WithdrawReferral'), { input: { id: first.body.data.referClient.id, version: first.body.data.referClient.version } });
    expect(withdrawn.body.errors).toBeUndefined();
  });

  describe('of someone new, whose code is drawn at random', () => {
    afterEach(() => jest.restoreAllMocks());
    const clara = { teamId: DEMO.stapteam, newClient: { name: 'Clara V.' }, reasonCategory: 'BASIC', reason: 'Asked for help on the zone' };

    it('draw again when another registration takes the same code at that moment: the referral, and its audit line, are hers', async () => {
      jest.spyOn(clientCodes, 'drawClientCode').mockReturnValueOnce('KP-TAKEN2').mockReturnValueOnce('KP-FREE22');
      const iriszorg = await gw.as('casemanager@iriszorg.example');
      // The other registration inserted the code and has not committed yet: a lookup would find it free.
      const { result: [made], entries } = await entriesDuring(gw, () =>
        queuedBehindLock(gw, `insert into client (code, municipality_id) values ($1, $2)`, ['KP-TAKEN2', DEMO.org.nijmegen], [() => iriszorg.query(operation('ReferClient'), { input: clara })]),
      );
      expect(made.body.errors).toBeUndefined();
      const referral = made.body.data.referClient;
      expect(referral.client.code).toBe('KP-FREE22');
      const [record] = await gw.orm.em.fork().getConnection().execute<{ client_id: string }[]>(`select client_id from client_record where name = 'Clara V.'`);
      expect(record.client_id).toBe(referral.client.id);
      expect(entries.map((e) => [e.event_type, e.outcome, e.client_id])).toEqual([
        ['referral.create', 'GRANTED', referral.client.id],
        ['client.read', 'GRANTED', referral.client.id],
      ]);
    });

    it('give up after a few draws that are all taken, with an internal error and nothing written', async () => {
      jest.spyOn(clientCodes, 'drawClientCode').mockReturnValue('KP-001');
      const before = await fingerprint(gw);
      const res = await (await gw.as('casemanager@iriszorg.example')).query(operation('ReferClient'), { input: clara });
      expect(firstError(res)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
      expect(await fingerprint(gw)).toEqual(before);
    });
  });

  it('go to a team of her own chain: another city takes her on through a handover', async () => {
    const [arnhemTeam] = await gw.orm.em.fork().getConnection().execute<{ id: string }[]>(
      `insert into team (name, municipality_id) values ('Arnhem outreach', ?) returning id`,
      [DEMO.org.arnhem],
    );
    const before = await fingerprint(gw);
    const zvh = await gw.as('procesregie@zvh.example');
    const res = await zvh.query(operation('ReferClient'), { input: { teamId: arnhemTeam.id, clientId: DEMO.client(8), reasonCategory: 'BASIC', reason: 'She moved to Arnhem' } });
    expect(firstError(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.teamId' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('back to the team: procesregie refers a woman on monitoring, the team takes her on again', async () => {
    const zvh = await gw.as('procesregie@zvh.example');
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    expect(await codesSeenBy(iriszorg)).not.toContain('KP-007');
    const made = await zvh.query(operation('ReferClient'), { input: { teamId: DEMO.stapteam, clientId: DEMO.client(7), reasonCategory: 'HOUSING', reason: 'Lost her room; back on the zone' } });
    expect(made.body.errors).toBeUndefined();
    const referral = made.body.data.referClient;
    expect(referral.client).toMatchObject({ code: 'KP-007', status: 'MONITORING' });
    expect(await codesSeenBy(iriszorg)).toContain('KP-007');

    const twice = await zvh.query(operation('ReferClient'), { input: { teamId: DEMO.stapteam, clientId: DEMO.client(7), reasonCategory: 'BASIC', reason: 'again' } });
    expect(firstError(twice)).toMatchObject({ code: 'CONFLICT' });

    const accepted = await iriszorg.query(operation('AcceptReferral'), { input: { id: referral.id, version: referral.version } });
    expect(accepted.body.data.acceptReferral).toMatchObject({ status: 'ACCEPTED', client: { code: 'KP-007', status: 'ACTIVE' } });
    const seen = await iriszorg.query('query ($id: ID!) { client(id: $id) { status team { name } caseManagers { email } } }', { id: DEMO.client(7) });
    expect(seen.body.data.client).toEqual({ status: 'ACTIVE', team: { name: 'Stapteam 2.0' }, caseManagers: [{ email: 'casemanager@iriszorg.example' }] });
    // Procesregie's monitoring ends as the team takes her on: care moves, it does not double.
    const running = await gw.orm.em.fork().find(CaseAssignment, { client: DEMO.client(7), $or: [{ endedOn: null }, { endedOn: { $gte: today() } }] }, { populate: ['professional'] });
    expect(running.map((a) => [a.organisation.id, a.professional?.email])).toEqual([[DEMO.org.iriszorg, 'casemanager@iriszorg.example']]);
  });
});

describe('a write queued behind the change that ends its organisation’s involvement', () => {
  // In the Stapteam with Iriszorg; the wijkteam knows her only through a consent a test records.
  const her = DEMO.client(17);

  it('is refused as for a client who does not exist, and writes nothing: involvement is asked once her row is locked', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const recorded = await iriszorg.query(operation('RecordConsent'), {
      input: { clientId: her, effect: 'PERMIT', organisationId: DEMO.org.wijkteam, categories: ['CONTACT'], purpose: 'CARE' },
    });
    expect(recorded.body.errors).toBeUndefined();
    const consent = recorded.body.data.recordConsent;
    expect(await codesSeenBy(wijkteam)).toContain('KP-017');
    const sql = gw.orm.em.fork().getConnection();
    const written = async () => ({
      signals: await sql.execute(`select id from signal where client_id = ? and raised_by_organisation_id = ?`, [her, DEMO.org.wijkteam]),
      consents: await sql.execute(`select id from consent where client_id = ? and organisation_id = ? and revoked_at is null`, [her, DEMO.org.wijkteam]),
    });
    const [{ id: lastLine }] = await sql.execute(`select max(id) as id from audit_event`);

    // The revocation holds her row; the wijkteam's signal, and a consent it records for itself, sent
    // after it, wait for it — and must then find her gone, as its next request would.
    const [revoked, raised, consentedAgain] = await queuedBehindLock(gw, 'select 1 from client where id = $1 for update', [her], [
      () => iriszorg.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'She no longer wants the wijkteam to know her' } }),
      () => wijkteam.query(operation('RaiseSignal'), { input: { clientId: her, category: 'BASIC', text: 'Seen at the station, looked unwell' } }),
      () => wijkteam.query(operation('RecordConsent'), { input: { clientId: her, effect: 'PERMIT', organisationId: DEMO.org.wijkteam, purpose: 'CARE' } }),
    ]);
    expect(revoked.body.errors).toBeUndefined();
    expect([raised.body.data, firstError(raised)]).toEqual([{ raiseSignal: null }, { code: 'NOT_FOUND' }]);
    expect([consentedAgain.body.data, firstError(consentedAgain)]).toEqual([{ recordConsent: null }, { code: 'NOT_FOUND' }]);
    expect(await written()).toEqual({ signals: [], consents: [] });
    expect(await codesSeenBy(wijkteam)).not.toContain('KP-017');
    const lines = await sql.execute<{ event_type: string; outcome: string }[]>(`select event_type, outcome from audit_event where id > ? and client_id = ? and organisation_id = ? order by id`, [lastLine, her, DEMO.org.wijkteam]);
    expect(lines.map((l) => [l.event_type, l.outcome])).toEqual([
      ['mutation.raiseSignal', 'DENIED'],
      ['mutation.recordConsent', 'DENIED'],
    ]);
  });
});
