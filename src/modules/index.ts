/**
 * The capabilities of the gateway. The schema, the shield rule map and the ORM's entity list are
 * assembled from these lists, never from a hand-kept list elsewhere.
 */
import type { NonEmptyArray } from 'type-graphql';
import type { Rules } from '../policy/rules';
import { activityModule } from './activity';
import { auditModule } from './audit';
import { breakGlassModule } from './break-glass';
import { clientsModule } from './clients';
import { consentsModule } from './consents';
import { fundingModule } from './funding';
import { handoversModule } from './handovers';
import { monitoringModule } from './monitoring';
import { organisationsModule } from './organisations';
import { referralsModule } from './referrals';
import { sessionsModule } from './sessions';
import { signalsModule } from './signals';
import { trajectoriesModule } from './trajectories';
import { zoneRegistrationsModule } from './zone-registrations';
import { ActivityLog } from './activity/activity-log.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { BreakGlassGrant } from './break-glass/break-glass-grant.entity';
import { CaseAssignment } from './clients/case-assignment.entity';
import { ClientRecord } from './clients/client-record.entity';
import { Client } from './clients/client.entity';
import { Consent } from './consents/consent.entity';
import { BudgetLine, Expenditure, Programme, Subsidy } from './funding/funding.entities';
import { Handover } from './handovers/handover.entity';
import { Organisation } from './organisations/organisation.entity';
import { Professional } from './organisations/professional.entity';
import { TeamMember } from './organisations/team-member.entity';
import { Team } from './organisations/team.entity';
import { Referral } from './referrals/referral.entity';
import { EndedToken } from './sessions/ended-token.entity';
import { Signal } from './signals/signal.entity';
import { Trajectory } from './trajectories/trajectory.entity';
import { ZoneObservation, ZoneRegistration } from './zone-registrations/zone-registration.entity';

export const ENTITIES = [
  Organisation,
  Team,
  TeamMember,
  Professional,
  Client,
  ClientRecord,
  CaseAssignment,
  Consent,
  Referral,
  Handover,
  Trajectory,
  ActivityLog,
  Signal,
  ZoneRegistration,
  ZoneObservation,
  Programme,
  Subsidy,
  BudgetLine,
  Expenditure,
  BreakGlassGrant,
  AuditEvent,
  EndedToken,
];

export interface Module {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
  rules: Rules;
}

export const MODULES: Module[] = [
  organisationsModule,
  clientsModule,
  consentsModule,
  referralsModule,
  handoversModule,
  trajectoriesModule,
  activityModule,
  signalsModule,
  zoneRegistrationsModule,
  breakGlassModule,
  monitoringModule,
  fundingModule,
  auditModule,
  sessionsModule,
];

export const RESOLVERS = MODULES.flatMap((m) => m.resolvers) as unknown as NonEmptyArray<Function>;

/** The rule maps of every module merged type by type; a field claimed twice is a bug. */
export function mergedRules(): Rules {
  const merged: Rules = {};
  for (const { rules } of MODULES) {
    for (const [type, fields] of Object.entries(rules)) {
      merged[type] ??= {};
      for (const [field, r] of Object.entries(fields)) {
        if (merged[type][field] && !(field === '*' && merged[type][field] === r)) {
          throw new Error(`shield rule for ${type}.${field} is defined by two modules`);
        }
        merged[type][field] = r;
      }
    }
  }
  return merged;
}
