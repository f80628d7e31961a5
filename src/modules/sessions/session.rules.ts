import { isAuthenticated, type Rules } from '../../policy/rules';

/** Anyone may end the token she came with; it is the only one a request can name. */
export const sessionRules: Rules = { Mutation: { signOut: isAuthenticated } };
