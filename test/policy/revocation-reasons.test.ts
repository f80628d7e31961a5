/**
 * Why she revoked a consent is free text about her, labelled by who records it with her: it answers
 * only to who may see that category of her (policy §2), as a referral's reason or handover notes.
 * Procesregie reads her consents, and may not see her health or addiction.
 */
import { DEMO } from '../../src/db/demo/seed';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { entriesDuring, sql } from '../helpers/audit';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const CONSENTS = 'query ($id: ID!) { client(id: $id) { consents { id state revocationReasonCategory revocationReason } } }';
const KP013 = DEMO.client(13);

interface Seen {
  reason: string | null;
  refused: unknown;
}

/** Each of her consents as `caller` reads it: the reason, and the refusal at its path if any. */
async function reasonsSeenBy(caller: Caller, clientId: string): Promise<Map<string, Seen>> {
  const res = await caller.query(CONSENTS, { id: clientId });
  const consents: { id: string; revocationReason: string | null }[] = res.body.data.client.consents;
  const refusals = new Map((res.body.errors ?? []).map((e) => [JSON.stringify(e.path), e.extensions]));
  return new Map(consents.map((c, i) => [c.id, { reason: c.revocationReason, refused: refusals.get(JSON.stringify(['client', 'consents', i, 'revocationReason'])) ?? null }]));
}

/** A consent of KP-013 that leaves every organisation's access as it was, recorded and then revoked with `reason`. */
async function revokedWith(reasonCategory: string, reason: string): Promise<string> {
  const ldh = await gw.as('casemanager@legerdesheils.example');
  const recorded = await ldh.query(operation('RecordConsent'), { input: { clientId: KP013, effect: 'PERMIT', organisationKind: 'REGULAR_CARE', categories: ['HOUSING'], purpose: 'CARE' } });
  const { id, version } = recorded.body.data.recordConsent;
  const revoked = await ldh.query(operation('RevokeConsent'), { input: { id, version, reasonCategory, reason } });
  expect(revoked.body.errors).toBeUndefined();
  expect(revoked.body.data.revokeConsent).toMatchObject({ id, state: 'REVOKED', revocationReasonCategory: reasonCategory });
  return id;
}

const ROLE_NOT_ALLOWED = { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' };

describe('a revocation reason', () => {
  it('is withheld from procesregie when it is about her health or addiction, and shown when it is BASIC', async () => {
    const addiction = await revokedWith('ADDICTION', 'Does not want the clinic to know about her relapse');
    const health = await revokedWith('HEALTH', 'Wants to talk about her diagnosis with her GP only');
    const basic = await revokedWith('BASIC', 'Moved away');
    const seen = await reasonsSeenBy(await gw.as('procesregie@zvh.example'), KP013);
    expect([seen.get(addiction), seen.get(health), seen.get(basic)]).toEqual([
      { reason: null, refused: ROLE_NOT_ALLOWED },
      { reason: null, refused: ROLE_NOT_ALLOWED },
      { reason: 'Moved away', refused: null },
    ]);
    // A consent not revoked has no reason, and saying so refuses nothing.
    const [active] = await sql<{ id: string }[]>(gw, 'select id from consent where client_id = ? and organisation_id = ? and revoked_at is null', [KP013, DEMO.org.zvh]);
    expect(seen.get(active.id)).toEqual({ reason: null, refused: null });
  });

  it('of the demo chain, about her health, is withheld from procesregie', async () => {
    // KP-016 shares HOUSING with procesregie, so it reads her consents, among them the one she revoked for Leger des Heils.
    const [revoked] = await sql<{ id: string }[]>(gw, 'select id from consent where client_id = ? and revoked_at is not null', [DEMO.client(16)]);
    const seen = await reasonsSeenBy(await gw.as('procesregie@zvh.example'), DEMO.client(16));
    expect(seen.get(revoked.id)).toEqual({ reason: null, refused: ROLE_NOT_ALLOWED });
    expect((await reasonsSeenBy(await gw.as('casemanager@iriszorg.example'), DEMO.client(16))).get(revoked.id)).toEqual({
      reason: 'Wants to discuss her health only with Iriszorg',
      refused: null,
    });
  });

  it('about her addiction is shown to a case manager only while her organisation holds a valid ADDICTION consent', async () => {
    const id = await revokedWith('ADDICTION', 'Started using again and is ashamed of it');
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    // Leger des Heils holds her consent for every category; Iriszorg one for identity, contact and housing.
    expect((await reasonsSeenBy(ldh, KP013)).get(id)).toEqual({ reason: 'Started using again and is ashamed of it', refused: null });
    expect((await reasonsSeenBy(iriszorg, KP013)).get(id)).toEqual({ reason: null, refused: { code: 'FORBIDDEN', reason: 'NO_CONSENT' } });

    const recorded = await ldh.query(operation('RecordConsent'), { input: { clientId: KP013, effect: 'PERMIT', organisationId: DEMO.org.iriszorg, categories: ['ADDICTION'], purpose: 'CARE' } });
    const consent = recorded.body.data.recordConsent;
    expect((await reasonsSeenBy(iriszorg, KP013)).get(id)).toEqual({ reason: 'Started using again and is ashamed of it', refused: null });

    await ldh.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'Wants one organisation to know' } });
    expect((await reasonsSeenBy(iriszorg, KP013)).get(id)).toEqual({ reason: null, refused: { code: 'FORBIDDEN', reason: 'CONSENT_REVOKED' } });
  });

  it('recorded before its category was asked is withheld from everyone, and her audit trail still tells the refusal', async () => {
    const KP012 = DEMO.client(12);
    const [legacy] = await sql<{ id: string }[]>(
      gw,
      `insert into consent (client_id, effect, organisation_id, categories, purpose, valid_from, revoked_at, revocation_reason, recorded_by_id)
       select ?, 'PERMIT', ?, '{HOUSING}', 'CARE', now() - interval '1 year', now() - interval '1 month', 'Does not want the clinic to know about her relapse', id
         from professional where email = 'casemanager@legerdesheils.example'
       returning id`,
      [KP012, DEMO.org.proPersona],
    );
    // Leger des Heils holds her consent for every category: even that opens no text of no category.
    for (const email of ['casemanager@legerdesheils.example', 'casemanager@iriszorg.example', 'procesregie@zvh.example']) {
      const caller = await gw.as(email);
      const { result, entries } = await entriesDuring(gw, async () => (await reasonsSeenBy(caller, KP012)).get(legacy.id));
      expect({ email, seen: result }).toEqual({ email, seen: { reason: null, refused: ROLE_NOT_ALLOWED } });
      // The refusal is audited, naming the field and no category: none was ever given.
      const refusal = entries.find((e) => e.outcome === 'DENIED' && e.fields.includes('Consent.revocationReason'));
      expect(refusal).toMatchObject({ client_id: KP012, reason: 'ROLE_NOT_ALLOWED' });
      expect(refusal!.categories).not.toContain(null);
    }
    const trail = await (await gw.as('procesregie@zvh.example')).query(operation('AuditTrail'), { clientId: KP012, first: 5, language: 'EN' });
    expect(trail.body.errors).toBeUndefined();
    expect(trail.body.data.auditTrail.edges.map((e: { node: { outcome: string } }) => e.node.outcome)).toContain('DENIED');
  });
});
