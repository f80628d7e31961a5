/**
 * The capabilities of the gateway. The schema, the shield rule map and the ORM's entity list are
 * assembled from these lists, never from a hand-kept list elsewhere.
 */
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
import { Team } from './organisations/team.entity';
import { Referral } from './referrals/referral.entity';
import { Signal } from './signals/signal.entity';
import { Trajectory } from './trajectories/trajectory.entity';
import { ZoneObservation, ZoneRegistration } from './zone-registrations/zone-registration.entity';

export const ENTITIES = [
  Organisation,
  Team,
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
];
