import { hasRole, type Rules } from '../../policy/rules';
import { BREAK_GLASS_ROLES } from '../../policy/tables';

export const breakGlassRules: Rules = {
  Mutation: { breakGlass: hasRole(...BREAK_GLASS_ROLES) },
  Query: { breakGlassReview: hasRole('PROCESS_DIRECTOR') },
  // Seen by procesregie in review and by the professional who just opened it.
  BreakGlassGrant: { '*': hasRole('PROCESS_DIRECTOR', ...BREAK_GLASS_ROLES) },
};
