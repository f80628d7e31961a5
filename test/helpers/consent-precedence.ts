/**
 * A client's set of consents, and the answer policy.md §1–§3 gives for it — written from the
 * policy's words (and privacy.md's, which says the same to the privacy officer), independently of
 * src/policy/decide.ts. Used by the generated precedence matrix in src/policy/decide.test.ts.
 *
 * The words it rests on:
 * - §2 Consent: "a consent of the client, for the caller's organisation, covering that category,
 *   valid now (started, not expired, not revoked), for a purpose the caller's role serves."
 * - §2 Objection: "a consent of type deny for an organisation (or for a kind of organisation) and
 *   categories"; privacy.md: it withholds them "whatever the purpose".
 * - §2 Precedence: "the more specific consent wins (one organisation beats a kind of organisation;
 *   one category beats 'all'), and at equal specificity an objection beats a permission. The
 *   access decision names the consent that decided it."
 * - §1: involved through "a valid permitting consent from the client (any category; an objection
 *   never makes an organisation involved)"; privacy.md: "a consent naming *that* organisation; a
 *   permission for a whole kind … does not by itself announce her".
 * - §2: "BASIC needs involvement only"; the role cap; §3: the reasons NO_CONSENT, ROLE_NOT_ALLOWED,
 *   CONSENT_REVOKED, CONSENT_EXPIRED.
 */
import type { ConsentFact } from '../../src/policy/decide';
import { PURPOSES, type Category, type Purpose, type Role } from '../../src/policy/tables';
import { capOf, purposesOfRole } from './policy-matrix';

export interface Caller {
  organisationId: string;
  organisationKind: string;
  role: Role;
}

export interface OracleAnswer {
  /** §1: may her organisation know she exists at all. */
  involved: boolean;
  granted: boolean;
  reason?: 'NOT_INVOLVED' | 'ROLE_NOT_ALLOWED' | 'NO_CONSENT' | 'CONSENT_REVOKED' | 'CONSENT_EXPIRED';
  basis?: 'INVOLVEMENT' | 'CONSENT';
  /**
   * The consents any one of which may be named as having decided it (several where consents of the
   * same rank and effect tie — policy.md does not say which of twins to name); empty: none may be
   * named (nothing of hers decided it).
   */
  decidedBy: string[];
  /** Where the answer rests on a reading of policy.md that its words alone leave open. */
  readings: Reading[];
}

export type Reading = 'grantee-before-category' | 'reason-of-an-ended-permission';

// --- validity (§2: "valid now (started, not expired, not revoked)") ---------------------------

const started = (c: ConsentFact, now: Date) => c.validFrom.getTime() <= now.getTime();
// "valid until": at the moment it runs until it is over (as the database view's `valid_until > now()`).
const expired = (c: ConsentFact, now: Date) => c.validUntil !== null && c.validUntil.getTime() <= now.getTime();
// A revocation recorded is a revocation, whatever instant it bears (a clock ahead of ours may have stamped it).
const revoked = (c: ConsentFact) => c.revokedAt !== null;
export const validNow = (c: ConsentFact, now: Date) => started(c, now) && !expired(c, now) && !revoked(c);

// --- whom and what it is about ----------------------------------------------------------------

/** 2: it names the caller's organisation; 1: the caller's kind of organisation; 0: not the caller. */
function granteeRank(c: ConsentFact, caller: Caller): 0 | 1 | 2 {
  if (c.organisationId !== null) return c.organisationId === caller.organisationId ? 2 : 0;
  return c.organisationKind === caller.organisationKind ? 1 : 0;
}

/**
 * 2: it names the category (alone or among others); 1: "all"; 0: not this category.
 * A list naming the asked category among others is as specific as a list of it alone: §2 opposes
 * "one category" to "all", nothing finer. (Counting a longer list as less specific would let a
 * permission of [HEALTH] beat an objection to [HEALTH, HOUSING] — the reading that protects her is
 * that both name HEALTH, tie, and the objection wins.)
 */
function categoryRank(c: ConsentFact, category: Category): 0 | 1 | 2 {
  if (c.categories === null) return 1;
  return c.categories.includes(category) ? 2 : 0;
}

/**
 * Whether a consent speaks at all for this caller's purpose. A permission must be for a purpose the
 * role serves (§2). An objection holds "whatever the purpose" (privacy.md), whether it bears one or not.
 */
function speaksFor(c: ConsentFact, caller: Caller): boolean {
  if (c.effect === 'DENY') return true;
  return c.purpose !== null && purposesOfRole(caller.role).includes(c.purpose);
}

// --- the answer -------------------------------------------------------------------------------

/**
 * §1, as far as her consents go: a valid permission naming that very organisation, any category, any
 * purpose. READING (not marked per case): §1 says an objection never *makes* an organisation
 * involved, not that it unmakes one; a valid permission naming the organisation involves it even
 * where an objection outranks it for every category (she then shows BASIC only). The reading that
 * would protect her more — a permission that decides no category involves no one, as §6's
 * handover check (`consentToReceive`) already demands — would change the SQL view as well; it is
 * left to the project to choose, and listed in the report of this branch.
 */
export function involvedByConsent(organisationId: string, consents: readonly ConsentFact[], now: Date): boolean {
  return consents.some((c) => c.effect === 'PERMIT' && c.organisationId === organisationId && validNow(c, now));
}

export function oracle(caller: Caller, category: Category, consents: readonly ConsentFact[], now: Date, byCareTeam: boolean): OracleAnswer {
  const readings: Reading[] = [];
  const involved = byCareTeam || involvedByConsent(caller.organisationId, consents, now);
  if (!involved) return { involved, granted: false, reason: 'NOT_INVOLVED', decidedBy: [], readings };
  if (!capOf(caller.role).includes(category)) return { involved, granted: false, reason: 'ROLE_NOT_ALLOWED', decidedBy: [], readings };
  if (category === 'BASIC') return { involved, granted: true, basis: 'INVOLVEMENT', decidedBy: [], readings };

  // The consents about this caller and this category.
  const about = consents.filter((c) => granteeRank(c, caller) > 0 && categoryRank(c, category) > 0);
  // Those that hold now and speak for the caller's purpose: only these take part in the precedence
  // (a revoked, expired or not yet started consent, or a permission for another purpose, decides nothing).
  const inForce = about.filter((c) => validNow(c, now) && speaksFor(c, caller));

  if (inForce.length > 0) {
    // The more specific wins: the organisation before the kind, then one category before "all"
    // (lexicographically — see the reading below), and at equal specificity the objection.
    const rank = (c: ConsentFact) => granteeRank(c, caller) * 100 + categoryRank(c, category) * 10 + (c.effect === 'DENY' ? 1 : 0);
    const top = Math.max(...inForce.map(rank));
    const winners = inForce.filter((c) => rank(c) === top);
    const effect = winners[0].effect;
    // READING (grantee-before-category): an organisation's permission for "all" against a kind's
    // objection to this very category is more specific by whom and less by what; policy.md does not
    // say which dimension counts first. The project has chosen, in a tested promise (decide.test.ts,
    // commit 972148a: "hid her data from the very organisation she named"), that the organisation
    // counts first, so the permission wins. The reading that would protect her is that neither is
    // more specific, a tie the objection wins. The oracle follows the project's choice and marks
    // every case that rests on it, so the report can count them.
    if (
      effect === 'PERMIT' &&
      inForce.some((d) => d.effect === 'DENY' && granteeRank(d, caller) < granteeRank(winners[0], caller) && categoryRank(d, category) > categoryRank(winners[0], category))
    ) {
      readings.push('grantee-before-category');
    }
    return effect === 'PERMIT'
      ? { involved, granted: true, basis: 'CONSENT', decidedBy: winners.map((c) => c.id), readings }
      : { involved, granted: false, reason: 'NO_CONSENT', decidedBy: winners.map((c) => c.id), readings };
  }

  // Nothing in force: refused. Why: a permission that would have allowed it (about this caller and
  // category, for a purpose the role serves) has been revoked or has expired — the decision names
  // it. A revocation says more than an expiry (she withdrew it), so it is told first.
  // READING (reason-of-an-ended-permission): an ended objection, an ended permission for a purpose
  // the role does not serve, or one not yet started, explains nothing: NO_CONSENT, naming no consent
  // (none decided it). policy.md gives only the reasons, not this choice; all of them refuse.
  const couldHave = about.filter((c) => c.effect === 'PERMIT' && speaksFor(c, caller) && started(c, now));
  const revokedOnes = couldHave.filter((c) => revoked(c));
  if (revokedOnes.length > 0) return { involved, granted: false, reason: 'CONSENT_REVOKED', decidedBy: revokedOnes.map((c) => c.id), readings: [...readings, 'reason-of-an-ended-permission'] };
  const expiredOnes = couldHave.filter((c) => expired(c, now));
  if (expiredOnes.length > 0) return { involved, granted: false, reason: 'CONSENT_EXPIRED', decidedBy: expiredOnes.map((c) => c.id), readings: [...readings, 'reason-of-an-ended-permission'] };
  return { involved, granted: false, reason: 'NO_CONSENT', decidedBy: [], readings };
}

// --- the dimensions that matter, to generate from -----------------------------------------------

const DAY = 86400_000;

export const EFFECTS = ['PERMIT', 'DENY'] as const;
export const GRANTEES = ['caller organisation', 'caller kind', 'other organisation', 'other kind'] as const;
export const CATEGORY_SCOPES = ['all', 'exactly the asked', 'only another', 'the asked among others'] as const;
/** A permission is for a purpose the role serves or one it does not; an objection bears none, or one anyway. */
export const PURPOSE_CHOICES = ['served', 'not served', 'none'] as const;
export const STATES = ['valid', 'not yet started', 'expired', 'expired at exactly now', 'revoked', 'revoked by a clock ahead'] as const;

export interface ConsentSpec {
  effect: (typeof EFFECTS)[number];
  grantee: (typeof GRANTEES)[number];
  categories: (typeof CATEGORY_SCOPES)[number];
  purpose: (typeof PURPOSE_CHOICES)[number];
  state: (typeof STATES)[number];
}

export const describeSpec = (s: ConsentSpec) => `${s.effect} ${s.grantee} · ${s.categories} · purpose ${s.purpose} · ${s.state}`;

export interface World {
  caller: Caller;
  otherOrganisationId: string;
  otherKind: string;
  /** The category asked about when building consent categories (for BASIC: a category a consent can hold). */
  aboutCategory: Exclude<Category, 'BASIC'>;
  anotherCategory: Exclude<Category, 'BASIC'>;
  now: Date;
}

/** The purpose choices that exist for a role and an effect (a role serving nothing has no "served"). */
export function purposeChoices(role: Role, effect: ConsentSpec['effect']): ConsentSpec['purpose'][] {
  const served = purposesOfRole(role).length > 0;
  if (effect === 'PERMIT') return served ? ['served', 'not served'] : ['not served']; // the schema wants a permission's purpose
  return served ? ['none', 'served', 'not served'] : ['none', 'not served'];
}

/** Every single consent over the dimensions, for a role. */
export function allSpecs(role: Role, states: readonly ConsentSpec['state'][] = STATES): ConsentSpec[] {
  return EFFECTS.flatMap((effect) =>
    GRANTEES.flatMap((grantee) =>
      CATEGORY_SCOPES.flatMap((categories) => purposeChoices(role, effect).flatMap((purpose) => states.map((state) => ({ effect, grantee, categories, purpose, state })))),
    ),
  );
}

export function consentOf(spec: ConsentSpec, id: string, w: World): ConsentFact {
  const served: Purpose | undefined = purposesOfRole(w.caller.role)[0];
  const notServed = PURPOSES.find((p) => !purposesOfRole(w.caller.role).includes(p))!;
  const purpose: Purpose | null = spec.purpose === 'none' ? null : spec.purpose === 'served' ? served! : notServed;
  const t = (days: number) => new Date(w.now.getTime() + days * DAY);
  const base: ConsentFact = {
    id,
    effect: spec.effect,
    organisationId: spec.grantee === 'caller organisation' ? w.caller.organisationId : spec.grantee === 'other organisation' ? w.otherOrganisationId : null,
    organisationKind: spec.grantee === 'caller kind' ? w.caller.organisationKind : spec.grantee === 'other kind' ? w.otherKind : null,
    categories:
      spec.categories === 'all'
        ? null
        : spec.categories === 'exactly the asked'
          ? [w.aboutCategory]
          : spec.categories === 'only another'
            ? [w.anotherCategory]
            : [w.anotherCategory, w.aboutCategory],
    purpose,
    validFrom: t(-30),
    validUntil: t(10),
    revokedAt: null,
  };
  switch (spec.state) {
    case 'valid':
      return base;
    case 'not yet started':
      return { ...base, validFrom: t(1) };
    case 'expired':
      return { ...base, validUntil: t(-1) };
    case 'expired at exactly now':
      return { ...base, validUntil: w.now };
    case 'revoked':
      return { ...base, revokedAt: t(-1) };
    case 'revoked by a clock ahead':
      return { ...base, revokedAt: new Date(w.now.getTime() + 3600_000) };
  }
}

/** A small seeded generator (mulberry32): the same sample on every run, on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
