import { hasRole, reachedOnlyThrough, type Rules } from '../../policy/rules';

export const activityRules: Rules = {
  // Case managers log their hours (policy §6); involvement is checked per client.
  Mutation: { logActivity: hasRole('CASE_MANAGER') },
  ActivityLog: { '*': reachedOnlyThrough('Client.activity', 'Mutation.logActivity') },
};
