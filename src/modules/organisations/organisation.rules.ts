import { rule } from 'graphql-shield';
import type { Context } from '../../common/context';
import { ForbiddenError } from '../../common/errors';
import { hasRole, isAuthenticated, reachedOnlyThrough, structural, type Rules } from '../../policy/rules';
import type { Team } from './team.entity';

/**
 * The chain's directory (organisations, teams, professionals) is work data, open to every signed-in
 * professional of the chain. Organisations are open across chains (a handover names one in another
 * city); who works in a team, with her e-mail address and roles, is for the team's own chain.
 */
const administers = hasRole('ADMIN');

const ofYourChain = rule({ cache: 'no_cache' })((team: Pick<Team, 'municipality'>, _args, ctx: Context) =>
  team.municipality.id === ctx.actor.municipalityId ? true : new ForbiddenError('ROLE_NOT_ALLOWED', 'Who works in another chain’s team is for that chain'),
);

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
  Query: { professionals: administers, directoryChanges: administers, me: isAuthenticated, colleagues: isAuthenticated, organisations: isAuthenticated, organisation: isAuthenticated, teams: isAuthenticated },
  Organisation: { '*': isAuthenticated },
  Professional: { '*': isAuthenticated },
  Team: { '*': isAuthenticated, members: ofYourChain },
  DirectoryChange: { '*': reachedOnlyThrough('DirectoryChangeEdge.node') },
  DirectoryChangeConnection: { '*': structural },
  DirectoryChangeEdge: { '*': structural },
};
