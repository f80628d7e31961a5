/**
 * The access model of policy.md, as pure functions of plain facts: no database, no GraphQL.
 * Shield rules load the facts (through per-request dataloaders) and ask these functions.
 */
import { BREAK_GLASS_ROLES, Category, DenyReason, Purpose, Role, purposesOf, roleMaySee } from './tables';

export interface PolicyActor {
  professionalId: string;
  organisationId: string;
  organisationKind: string;
  roles: readonly Role[];
}

/** A consent (permission) or objection (deny) of a client, as the policy needs to see it. */
export interface ConsentFact {
  id: string;
  effect: 'PERMIT' | 'DENY';
  /** Exactly one of organisationId / organisationKind names the grantee. */
  organisationId: string | null;
  organisationKind: string | null;
  /** null = every category. */
  categories: readonly Category[] | null;
  /** null only for objections: an objection holds whatever the purpose. */
  purpose: Purpose | null;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

/**
 * A grant whose holder still works for the chain in a role that may break the glass (§4): the facts
 * hold no other (`policy_facts`, as the view `client_involvement` counts grants).
 */
export interface BreakGlassFact {
  id: string;
  professionalId: string;
  organisationId: string;
  startedAt: Date;
  expiresAt: Date;
}

/** Why an organisation is involved with a client (§1); empty = not involved. */
export type InvolvementBasis = 'CARE_TEAM' | 'CONSENT' | 'HANDOVER' | 'REFERRAL' | 'BREAK_GLASS';

export interface ClientFacts {
  /**
   * Why the organisation is involved with her (§1); empty = not involved. The policy asks only
   * whether it is, and whether by break-glass alone: the gateway loads one basis other than
   * BREAK_GLASS if there is any (not all of them), and BREAK_GLASS when one of its grants runs.
   */
  involvement: readonly InvolvementBasis[];
  /** Until when the organisation stays involved with her as recorded now (`involvementEnds`); null where nothing recorded ends it. */
  involvedUntil: Date | null;
  consents: readonly ConsentFact[];
  breakGlass: readonly BreakGlassFact[];
}

export type AccessBasis = 'INVOLVEMENT' | 'CONSENT' | 'BREAK_GLASS';

/**
 * `consentChecked`: whether her consents were consulted at all (the audit line's check, policy §7).
 * `until`: the moment the access ends as recorded now, null where nothing recorded ends it; a
 * change before then (a revocation, a handover or referral answered, an assignment ended early)
 * ends it sooner, which no one can tell in advance.
 */
export type Decision =
  | { granted: true; basis: AccessBasis; consentId?: string; grantId?: string; until: Date | null; consentChecked: boolean }
  | { granted: false; reason: DenyReason | 'NOT_INVOLVED'; consentId?: string; consentChecked: boolean };

export function consentState(c: ConsentFact, now: Date): 'VALID' | 'NOT_STARTED' | 'EXPIRED' | 'REVOKED' {
  // Revoked from the moment it is recorded, whatever instant it bears: the clock that stamped it
  // (another instance's, or this one's before an NTP step back) may run ahead of this one. The
  // involvement view (`client_involvement`) holds every revoked consent revoked too.
  if (c.revokedAt) return 'REVOKED';
  if (c.validFrom > now) return 'NOT_STARTED';
  if (c.validUntil && c.validUntil <= now) return 'EXPIRED';
  return 'VALID';
}

function appliesTo(c: ConsentFact, actor: PolicyActor): boolean {
  return c.organisationId ? c.organisationId === actor.organisationId : c.organisationKind === actor.organisationKind;
}

function covers(c: ConsentFact, category: Category): boolean {
  return c.categories === null || c.categories.includes(category);
}

/**
 * A permission speaks only for a purpose the caller's role serves (§2). An objection holds whatever
 * the purpose (privacy.md; the schema: "an objection, which holds for every purpose") — also one
 * stored with a purpose, as `recordConsent` accepted before it refused one: read as "for that
 * purpose only", it hid nothing from a role serving another one, and her objection let the data through.
 */
function servesPurpose(c: ConsentFact, purposes: Set<Purpose>): boolean {
  if (c.effect === 'DENY') return true;
  return c.purpose !== null && purposes.has(c.purpose);
}

/**
 * Precedence of the Dutch generic consent rules: one organisation beats a kind of organisation,
 * and (at equal grantee) one category beats "all". Higher = more specific.
 */
function specificity(c: ConsentFact): number {
  return (c.organisationId ? 2 : 0) + (c.categories === null ? 0 : 1);
}

/** The consent that decides `category` for `actor`, if any is valid now (objection wins a tie). */
export function decidingConsent(actor: PolicyActor, consents: readonly ConsentFact[], category: Category, now: Date): ConsentFact | undefined {
  const purposes = purposesOf(actor.roles);
  let best: ConsentFact | undefined;
  for (const c of consents) {
    if (!appliesTo(c, actor) || !covers(c, category) || !servesPurpose(c, purposes)) continue;
    if (consentState(c, now) !== 'VALID') continue;
    if (
      !best ||
      specificity(c) > specificity(best) ||
      (specificity(c) === specificity(best) && c.effect === 'DENY' && best.effect === 'PERMIT')
    ) {
      best = c;
    }
  }
  return best;
}

/**
 * Until when `category` stays granted on consent: the first moment ahead at which no permission
 * decides it any more — one ending, or a consent already recorded that starts later and outranks it
 * (an objection to come). Null while nothing recorded ends it. A dashboard told "until" is told no
 * more than holds.
 */
function grantedUntil(actor: PolicyActor, consents: readonly ConsentFact[], category: Category, now: Date): Date | null {
  const moments = consents
    .flatMap((c) => (c.revokedAt ? [] : [c.validFrom, c.validUntil]))
    .filter((t): t is Date => t !== null && t > now)
    .sort((a, b) => a.getTime() - b.getTime());
  return moments.find((t) => decidingConsent(actor, consents, category, t)?.effect !== 'PERMIT') ?? null;
}

/**
 * The first moment from `now` at which `organisationId` no longer knows her (§1), as recorded now.
 * Its bases besides break-glass hold until `basisUntil` (the latest to end; null: one has no end
 * recorded), and a permission naming the organisation or a grant of its own may carry her on from
 * there — one recorded to start later too. An assignment recorded to start later is not among the
 * facts: where it would carry her on, this is the earlier end, never a later one. `now` itself where
 * the basis the database found has ended by this clock. Asked once per client as her facts load,
 * not by each category's decision: it walks her consents and grants.
 */
export function involvementEnds(organisationId: string, facts: Omit<ClientFacts, 'involvedUntil'>, basisUntil: Date | null, now: Date): Date | null {
  const basesEnd = facts.involvement.some((b) => b !== 'BREAK_GLASS') ? basisUntil : now;
  if (basesEnd === null) return null;
  const naming = facts.consents.filter((c) => c.effect === 'PERMIT' && c.organisationId === organisationId);
  const involvedAt = (t: Date) => t < basesEnd || naming.some((c) => consentState(c, t) === 'VALID') || involvedByBreakGlass(organisationId, facts.breakGlass, t);
  return (
    [now, basesEnd, ...naming.map((c) => c.validUntil), ...facts.breakGlass.map((g) => g.expiresAt)]
      .filter((t): t is Date => t !== null && t >= now)
      .sort((a, b) => a.getTime() - b.getTime())
      .find((t) => !involvedAt(t)) ?? null
  );
}

/** The earlier of two ends, null being none. */
function earlier(a: Date | null, b: Date | null): Date | null {
  return a === null || (b !== null && b < a) ? b : a;
}

/**
 * Why no consent applies: a revoked or expired permission says more to a dashboard than "none",
 * and names the consent that ended (the latest to end, when several did: policy §2 has the
 * decision name the consent it rests on).
 */
function missingConsent(actor: PolicyActor, consents: readonly ConsentFact[], category: Category, now: Date): { reason: DenyReason; consentId?: string } {
  const purposes = purposesOf(actor.roles);
  const lapsed = consents.filter((c) => c.effect === 'PERMIT' && appliesTo(c, actor) && covers(c, category) && servesPurpose(c, purposes));
  const latest = (state: 'REVOKED' | 'EXPIRED', endOf: (c: ConsentFact) => Date) =>
    lapsed.filter((c) => consentState(c, now) === state).sort((a, b) => endOf(b).getTime() - endOf(a).getTime())[0];
  const revoked = latest('REVOKED', (c) => c.revokedAt!);
  if (revoked) return { reason: 'CONSENT_REVOKED', consentId: revoked.id };
  const expired = latest('EXPIRED', (c) => c.validUntil!);
  if (expired) return { reason: 'CONSENT_EXPIRED', consentId: expired.id };
  return { reason: 'NO_CONSENT' };
}

function runs(g: BreakGlassFact, now: Date): boolean {
  return g.startedAt <= now && now < g.expiresAt;
}

/**
 * The actor's own running grant, while she still holds a role that may break the glass (§4): a
 * grant opened in one role does not carry over into another.
 */
export function activeBreakGlass(actor: PolicyActor, grants: readonly BreakGlassFact[], now: Date): BreakGlassFact | undefined {
  if (!actor.roles.some((r) => BREAK_GLASS_ROLES.includes(r))) return undefined;
  return grants.find((g) => g.professionalId === actor.professionalId && runs(g, now));
}

/** May `actor` see `category` of a client with these facts, now? */
export function decide(caller: PolicyActor, facts: ClientFacts, category: Category, now: Date): Decision {
  if (facts.involvement.length === 0) return { granted: false, reason: 'NOT_INVOLVED', consentChecked: false };
  if (!roleMaySee(caller.roles, category)) return { granted: false, reason: 'ROLE_NOT_ALLOWED', consentChecked: false };
  // A professional may hold several roles (the schema allows it): a category is hers when ONE of
  // her roles may see it AND that same role's purpose is what her consent serves, or that same
  // role may break the glass (§2: "for a purpose the caller's role serves", "the caller's role may
  // see that category"; §4: the grant "covers the categories its role may see"). Pooled, a permit
  // officer's PERMITTING consent opened HOUSING to her as an expert by experience, and a
  // clinician's grant opened JUSTICE to her as process director — what no role of hers may see on
  // that basis. So the rest of the decision hears only the roles that may see this category.
  const actor: PolicyActor = { ...caller, roles: caller.roles.filter((r) => roleMaySee([r], category)) };
  const grant = activeBreakGlass(actor, facts.breakGlass, now);
  if (category === 'BASIC') {
    // An organisation that knows her only through break-glass sees her BASIC data on a grant of
    // it, the actor's own or a colleague's: emergency access used, and the grant named (§7).
    // Either way it is open for as long as the organisation knows her, on whichever basis.
    const onlyByGrant = facts.involvement.every((b) => b === 'BREAK_GLASS');
    const applying = grant ?? facts.breakGlass.find((g) => g.organisationId === actor.organisationId && runs(g, now));
    return onlyByGrant && applying
      ? { granted: true, basis: 'BREAK_GLASS', grantId: applying.id, until: facts.involvedUntil, consentChecked: false }
      : { granted: true, basis: 'INVOLVEMENT', until: facts.involvedUntil, consentChecked: false };
  }
  // Emergency access overrides consent and objection alike (vital interest), within the role cap;
  // it is always audited with its reason and reviewed by the process director. The grant keeps her
  // organisation involved until it expires, so its end is the access's.
  if (grant) return { granted: true, basis: 'BREAK_GLASS', grantId: grant.id, until: grant.expiresAt, consentChecked: false };
  const consent = decidingConsent(actor, facts.consents, category, now);
  if (consent?.effect === 'PERMIT') {
    // A permission opens nothing to an organisation that no longer knows her (§1).
    const until = earlier(grantedUntil(actor, facts.consents, category, now), facts.involvedUntil);
    return { granted: true, basis: 'CONSENT', consentId: consent.id, until, consentChecked: true };
  }
  if (consent) return { granted: false, reason: 'NO_CONSENT', consentId: consent.id, consentChecked: true };
  return { granted: false, ...missingConsent(actor, facts.consents, category, now), consentChecked: true };
}

/** Raw facts from which involvement (§1) follows; the database view `client_involvement` computes the same. */
export interface InvolvementFacts {
  /** Her case assignments that run today: each organisation's, and when it ends (null: no end recorded). */
  activeAssignments: readonly { organisationId: string; endsAt: Date | null }[];
  teamMemberOrganisationIds: readonly string[];
  openHandoverToOrganisationIds: readonly string[];
  openReferralByOrganisationIds: readonly string[];
  consents: readonly ConsentFact[];
  breakGlass: readonly BreakGlassFact[];
}

export function involvementOf(organisationId: string, f: InvolvementFacts, now: Date): InvolvementBasis[] {
  const bases: InvolvementBasis[] = [];
  if (f.activeAssignments.some((a) => a.organisationId === organisationId) || f.teamMemberOrganisationIds.includes(organisationId)) bases.push('CARE_TEAM');
  // Only a permission naming this very organisation makes it aware of the client: a permission for
  // a whole kind of organisation widens what an involved organisation sees, but does not by itself
  // announce the client to every organisation of that kind. An objection never involves anyone.
  if (involvingConsents(organisationId, f.consents, now).length > 0) bases.push('CONSENT');
  if (f.openHandoverToOrganisationIds.includes(organisationId)) bases.push('HANDOVER');
  if (f.openReferralByOrganisationIds.includes(organisationId)) bases.push('REFERRAL');
  if (involvedByBreakGlass(organisationId, f.breakGlass, now)) bases.push('BREAK_GLASS');
  return bases;
}

/** The permissions through which the organisation is involved with her now (§1). */
function involvingConsents(organisationId: string, consents: readonly ConsentFact[], now: Date): ConsentFact[] {
  return consents.filter((c) => c.effect === 'PERMIT' && c.organisationId === organisationId && consentState(c, now) === 'VALID');
}

/**
 * What `policy_facts` answers as `basis_until_ms` (`involvementEnds`' `basisUntil`), from the raw
 * facts: the latest end among the bases besides break-glass that involve the organisation now. A
 * team membership, an open handover or referral has none recorded: each lasts until someone changes it.
 */
export function basisUntilOf(organisationId: string, f: InvolvementFacts, now: Date): Date | null {
  const openEnded = [f.teamMemberOrganisationIds, f.openHandoverToOrganisationIds, f.openReferralByOrganisationIds].some((ids) => ids.includes(organisationId));
  const ends = [
    ...f.activeAssignments.filter((a) => a.organisationId === organisationId).map((a) => a.endsAt),
    ...involvingConsents(organisationId, f.consents, now).map((c) => c.validUntil),
  ];
  const known = ends.filter((t): t is Date => t !== null);
  if (openEnded || known.length === 0 || known.length < ends.length) return null;
  return new Date(Math.max(...known.map((t) => t.getTime())));
}

/** The facts the gateway loads for `organisationId` (`ClientFacts`), from the raw facts: what the tests hold it to. */
export function clientFactsOf(organisationId: string, f: InvolvementFacts, now: Date): ClientFacts {
  const facts = { involvement: involvementOf(organisationId, f, now), consents: f.consents, breakGlass: f.breakGlass };
  return { ...facts, involvedUntil: involvementEnds(organisationId, facts, basisUntilOf(organisationId, f, now), now) };
}

/** Whether a break-glass grant of `organisationId` runs at `now`: its BREAK_GLASS involvement (§1). */
export function involvedByBreakGlass(organisationId: string, grants: readonly BreakGlassFact[], now: Date): boolean {
  return grants.some((g) => g.organisationId === organisationId && runs(g, now));
}
