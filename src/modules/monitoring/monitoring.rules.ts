import { hasRole, type Rules } from '../../policy/rules';
import { AGGREGATE_ROLES } from '../../policy/tables';

/** Aggregates only, for the aggregate roles (policy §5); which municipality is checked in the resolver. */
const aggregateRoles = hasRole(...AGGREGATE_ROLES);

export const monitoringRules: Rules = {
  Query: { monitoring: aggregateRoles },
  MonitoringReport: { '*': aggregateRoles },
  Count: { '*': aggregateRoles },
  Average: { '*': aggregateRoles },
  ZoneRegistrationFigures: { '*': aggregateRoles },
  TrajectoryKindCount: { '*': aggregateRoles },
  HandoverOutcomeCount: { '*': aggregateRoles },
  CaseloadFigures: { '*': aggregateRoles },
  OrganisationCaseManagers: { '*': aggregateRoles },
};
