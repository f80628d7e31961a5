import { and } from 'graphql-shield';
import { directsAProcess, hasRole, itsClient, type Rules } from '../../policy/rules';
import { BREAK_GLASS_ROLES } from '../../policy/tables';

// Seen by procesregie in review and by the professional who just opened it.
const grantReaders = hasRole('PROCESS_DIRECTOR', ...BREAK_GLASS_ROLES);

export const breakGlassRules: Rules = {
  Mutation: { breakGlass: hasRole(...BREAK_GLASS_ROLES), reviewBreakGlass: directsAProcess },
  Query: { breakGlassReview: directsAProcess },
  // The client only as far as the reader's own access to her goes.
  BreakGlassGrant: { '*': grantReaders, client: and(grantReaders, itsClient) },
};
