import { and } from 'graphql-shield';
import { clientCategory, hasRole, reachedOnlyThrough, type Rules } from '../../policy/rules';

/**
 * Whom a client shares what with says something about her too: her consents are for those who
 * record them with her and answer her questions — her case managers — and for procesregie.
 */
const consentKeepers = hasRole('CASE_MANAGER', 'PROCESS_DIRECTOR');

/** Case managers record and revoke consents with the client (policy §6); involvement is checked per client. */
const caseManager = hasRole('CASE_MANAGER');

export const consentRules: Rules = {
  Mutation: { recordConsent: caseManager, revokeConsent: caseManager },
  Client: { consents: and(consentKeepers, clientCategory('BASIC')) },
  Consent: { '*': reachedOnlyThrough('Client.consents', 'Mutation.recordConsent', 'Mutation.revokeConsent') },
};
