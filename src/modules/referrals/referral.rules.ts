import { hasRole, itsClient, mayReadClients, reachedOnlyThrough, underClient, type Rules } from '../../policy/rules';
import type { Referral } from './referral.entity';

/** Partners who refer someone to the team: case managers, clinicians and procesregie. */
const referrer = hasRole('CASE_MANAGER', 'CLINICIAN', 'PROCESS_DIRECTOR');
/** The team's case managers decide; which team is checked per referral. */
const teamCaseManager = hasRole('CASE_MANAGER');

export const referralRules: Rules = {
  Query: { referrals: mayReadClients },
  Mutation: { referClient: referrer, withdrawReferral: referrer, acceptReferral: teamCaseManager, declineReferral: teamCaseManager },
  Referral: {
    '*': reachedOnlyThrough('Query.referrals', 'Mutation.referClient', 'Mutation.acceptReferral', 'Mutation.declineReferral', 'Mutation.withdrawReferral'),
    reason: underClient((r: Referral) => r.reasonCategory),
    client: itsClient,
  },
};
