/** Consents as the pure policy sees them, and the questions workflows ask of them. */
import { consentState, decidingConsent, type ConsentFact, type PolicyActor } from '../../policy/decide';
import { CATEGORIES } from '../../policy/tables';
import type { Loaders } from '../../common/loaders';
import { Consent, type ConsentState } from './consent.entity';

/**
 * Each client's consents and objections, newest first: one loader for the policy's facts and for
 * the `consents` field, so a page of clients reads them once.
 */
export function consentsOfClient(loaders: Loaders) {
  return loaders.many('consentsOfClient', Consent, 'client', { orderBy: { validFrom: 'desc', id: 'asc' } });
}

export function toConsentFact(c: Consent): ConsentFact {
  return {
    id: c.id,
    effect: c.effect,
    organisationId: c.organisation?.id ?? null,
    organisationKind: c.organisationKind,
    categories: c.categories,
    purpose: c.purpose,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    revokedAt: c.revokedAt,
  };
}

/** Where `c` stands at `now`, judged exactly as the access policy judges it. */
export function stateOf(c: Consent, now: Date): ConsentState {
  const state = consentState(toConsentFact(c), now);
  return state === 'VALID' ? 'ACTIVE' : state;
}

/**
 * The consent that lets `receiver`'s organisation take over a client's care (policy §6): a valid
 * permission naming that very organisation which, against any objection, decides at least one
 * category for her. A permission for a whole kind of organisation is not enough: it does not make
 * the organisation involved (§1), and the client would vanish from it the moment it accepted.
 */
export function consentToReceive(receiver: PolicyActor, consents: readonly Consent[], now: Date): ConsentFact | undefined {
  const facts = consents.map(toConsentFact);
  for (const category of CATEGORIES) {
    if (category === 'BASIC') continue;
    const deciding = decidingConsent(receiver, facts, category, now);
    if (deciding?.effect === 'PERMIT' && deciding.organisationId === receiver.organisationId) return deciding;
  }
  return undefined;
}
