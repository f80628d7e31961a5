import { clientCategory, hasRole, reachedOnlyThrough, type Rules } from '../../policy/rules';
import type { Role } from '../../policy/tables';

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
  Consent: { '*': reachedOnlyThrough('Client.consents', 'Mutation.recordConsent', 'Mutation.revokeConsent') },
};
