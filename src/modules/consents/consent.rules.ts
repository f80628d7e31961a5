import { clientCategory, hasRole, reachedOnlyThrough, underClient, type Rules } from '../../policy/rules';
import type { Role } from '../../policy/tables';
import type { Consent } from './consent.entity';

/**
 * Whom a client shares what with says something about her too: her consents are for those who
 * record them with her and answer her questions — her case managers — and for procesregie. One
 * rule decides role and client together, so a refusal is logged as one (policy/rules.ts).
 */
const CONSENT_KEEPERS: readonly Role[] = ['CASE_MANAGER', 'PROCESS_DIRECTOR'];

/** Case managers record and revoke consents with the client (policy §6); involvement is checked per client. */
const caseManager = hasRole('CASE_MANAGER');

export const consentRules: Rules = {
  Mutation: { recordConsent: caseManager, revokeConsent: caseManager },
  Client: { consents: clientCategory('BASIC', CONSENT_KEEPERS) },
  Consent: {
    '*': reachedOnlyThrough('Client.consents', 'Mutation.recordConsent', 'Mutation.revokeConsent'),
    // Why she revoked often says what she wants kept from whom: it answers as the category its
    // writer gave it, and one given none to no one (policy/rules.ts). A consent not revoked has no
    // reason, which tells no more than its `revokedAt` does.
    revocationReason: underClient((c: Consent) => (c.revokedAt ? c.revocationReasonCategory : 'BASIC')),
  },
};
