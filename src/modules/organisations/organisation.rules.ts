import { isAuthenticated, type Rules } from '../../policy/rules';

/** The chain's directory (organisations, teams, professionals) is work data, open to every signed-in professional. */
export const organisationRules: Rules = {
  Query: { me: isAuthenticated, organisations: isAuthenticated, organisation: isAuthenticated, teams: isAuthenticated },
  Organisation: { '*': isAuthenticated },
  Professional: { '*': isAuthenticated },
  Team: { '*': isAuthenticated },
};
