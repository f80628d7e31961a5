/**
 * Who carries care responsibility for her (case assignments), as the workflows that move it share
 * it: a handover's completion, a referral the team accepts, and a case manager's caseload passing
 * to a colleague.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import { addDays } from '../../common/scalars';
import { Professional } from '../organisations/professional.entity';
import { CaseAssignment } from './case-assignment.entity';
import type { Client } from './client.entity';

/**
 * Ends assignments as of `day`: an assignment's end day is its last day, so each ends the day
 * before and its organisation is not responsible through it on `day`. One that began on `day` never
 * covered a day and is removed rather than given an end before its start.
 */
export function endAssignments(tx: EntityManager, assignments: CaseAssignment[], day: string): void {
  for (const a of assignments) {
    if (a.startedOn < day) a.endedOn = addDays(day, -1);
    else tx.remove(a);
  }
}

/** Whoever carries her lets go as of `day`: every assignment of hers running then or later ends (`endAssignments`). */
export async function letGoOfHer(tx: EntityManager, client: Client, day: string): Promise<void> {
  endAssignments(tx, await tx.find(CaseAssignment, { client, $or: [{ endedOn: null }, { endedOn: { $gte: day } }] }), day);
}

const RUNS_TODAY = 'a.started_on <= ? and (a.ended_on is null or a.ended_on >= ?)';

/**
 * The assignments that run today, as SQL over `case_assignment a`, to be continued with `and …`;
 * its two `?` are the day. Each is her organisation's responsibility for her, whoever it names.
 */
export const ASSIGNED_TODAY = `from case_assignment a where ${RUNS_TODAY}`;

/**
 * Her case managers today, as SQL over `case_assignment a` and `professional p`, continued and
 * bound as `ASSIGNED_TODAY`. A deactivated one cannot be reached for her, so colleagues must not
 * read her as the one to call, while her organisation's assignment stands (`Client.caseManagers`,
 * the lists' filters).
 */
export const NAMED_TODAY = `from case_assignment a join professional p on p.id = a.professional_id and p.active where ${RUNS_TODAY}`;

/** The professional with this id, while she works for `organisationId` as an active case manager; else null. */
export async function activeCaseManager(tx: EntityManager, organisationId: string, professionalId: string): Promise<Professional | null> {
  const cm = await tx.findOne(Professional, professionalId);
  return cm && cm.organisation.id === organisationId && cm.active && cm.roles.includes('CASE_MANAGER') ? cm : null;
}

/** An active case manager of `organisationId`, or BAD_USER_INPUT on `field` saying what she is not. */
export async function caseManagerOf(tx: EntityManager, organisationId: string, professionalId: string, field: string, organisation: string): Promise<Professional> {
  const cm = await activeCaseManager(tx, organisationId, professionalId);
  if (!cm) throw new BadUserInputError(field, `is not a case manager of ${organisation}`);
  return cm;
}
