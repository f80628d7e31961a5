import { hasRole, isAuthenticated, type Rules } from '../../policy/rules';

/** The chain's directory (organisations, teams, professionals) is work data, open to every signed-in professional. */
const administers = hasRole('ADMIN');

export const organisationRules: Rules = {
  // The resolvers keep each administrator to her own chain and off her own record.
  Mutation: {
    addOrganisation: administers,
    addTeam: administers,
    addProfessional: administers,
    changeProfessional: administers,
    deactivateProfessional: administers,
    reactivateProfessional: administers,
    addTeamMember: administers,
    removeTeamMember: administers,
  },
  Query: { professionals: administers, me: isAuthenticated, organisations: isAuthenticated, organisation: isAuthenticated, teams: isAuthenticated },
  Organisation: { '*': isAuthenticated },
  Professional: { '*': isAuthenticated },
  Team: { '*': isAuthenticated },
};
