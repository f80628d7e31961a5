import { underClient, type Rules } from '../../policy/rules';

export const activityRules: Rules = {
  ActivityLog: { '*': underClient('BASIC') },
};
