import { hasRole, reachedOnlyThrough, type Rules } from '../../policy/rules';
import { AGGREGATE_ROLES } from '../../policy/tables';

/** Aggregates only, for the aggregate roles (policy §5); which municipality is checked in the resolver. */
const aggregateRoles = hasRole(...AGGREGATE_ROLES);

/**
 * The report's parts exist only inside a report that `Query.monitoring` let through, so they are decided
 * there, once, and not again on every field: a year at 100k clients answers ~1,000 counts (one per case
 * manager and organisation), and a role rule on each cost a promise and a rule evaluation per value,
 * about a quarter of the request's CPU. The schema test fails when another field returns one of them.
 */
export const monitoringRules: Rules = {
  Query: { monitoring: aggregateRoles },
  MonitoringReport: { '*': reachedOnlyThrough('Query.monitoring') },
  Count: {
    '*': reachedOnlyThrough(
      'MonitoringReport.activeOnZone',
      'MonitoringReport.referrals',
      'MonitoringReport.signals',
      'ZoneRegistrationFigures.issued',
      'ZoneRegistrationFigures.revoked',
      'ZoneRegistrationFigures.active',
      'TrajectoryKindCount.count',
      'HandoverOutcomeCount.count',
      'CaseloadFigures.caseManagers',
      'CaseloadFigures.clients',
      'CaseloadFigures.perCaseManager',
      'OrganisationCaseManagers.count',
      'Average.clients',
    ),
  },
  Average: { '*': reachedOnlyThrough('MonitoringReport.hoursPerCase') },
  ZoneRegistrationFigures: { '*': reachedOnlyThrough('MonitoringReport.zoneRegistrations') },
  TrajectoryKindCount: { '*': reachedOnlyThrough('MonitoringReport.trajectories') },
  HandoverOutcomeCount: { '*': reachedOnlyThrough('MonitoringReport.handoverOutcomes') },
  CaseloadFigures: { '*': reachedOnlyThrough('MonitoringReport.caseload') },
  OrganisationCaseManagers: { '*': reachedOnlyThrough('MonitoringReport.caseManagers') },
};
