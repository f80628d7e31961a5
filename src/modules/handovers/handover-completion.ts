/**
 * What completing a handover does to the rest of the chain's records: responsibility moves, and
 * with it who is involved with her (policy §1) — the receiver gains, the sending side lets go.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../../common/errors';
import { today } from '../../common/scalars';
import { assertTransition } from '../../common/transitions';
import { activeCaseManager, letGoOfHer } from '../clients/care-responsibility';
import { CaseAssignment } from '../clients/case-assignment.entity';
import { herChainToday } from '../clients/her-chain';
import { Client } from '../clients/client.entity';
import { Team } from '../organisations/team.entity';
import { TRAJECTORY_TRANSITIONS, Trajectory } from '../trajectories/trajectory.entity';
import { DESTINATIONS } from './handover-destination';
import type { Handover } from './handover.entity';

/**
 * A team of the chain she is in in which the receiving organisation (or the case manager it named)
 * works; her current team when that one qualifies.
 */
export async function receivingTeam(tx: EntityManager, client: Client, organisationId: string, caseManagerId: string | null, now: Date): Promise<Team | null> {
  const chain = await herChainToday(tx, client.id, now);
  if (!chain) return null;
  const where = { municipality: chain, members: caseManagerId ? { id: caseManagerId } : { organisation: organisationId } };
  const current = client.team ? await tx.findOne(Team, { ...where, id: client.team.id }) : null;
  return current ?? tx.findOne(Team, where, { orderBy: { name: 'asc' } });
}

export async function moveCare(tx: EntityManager, handover: Handover, now: Date): Promise<Client> {
  const rule = DESTINATIONS[handover.destination];
  const day = today(now);
  const client = await tx.findOneOrFail(Client, handover.client.id, { lockMode: LockMode.PESSIMISTIC_WRITE });

  // Whoever carried responsibility hands it over: the sending side is not involved through care today.
  await letGoOfHer(tx, client, day);
  // The case manager the receiver named when it accepted takes her on, unless she no longer works
  // there as one (deactivated, another role since): then her organisation does, until one of its
  // case managers names herself or a colleague (reassignCaseManager).
  const named =
    handover.toOrganisation && handover.receivingCaseManager ? await activeCaseManager(tx, handover.toOrganisation.id, handover.receivingCaseManager.id) : null;
  if (handover.toOrganisation) {
    tx.create(CaseAssignment, { client, organisation: handover.toOrganisation, professional: named, startedOn: day });
  }

  client.status = rule.clientStatus;
  if (rule.inTeam) {
    const team = await receivingTeam(tx, client, handover.toOrganisation!.id, named?.id ?? null, now);
    if (!team) throw new ConflictError('The receiving organisation has no case managers in a team of her chain any more');
    client.team = team;
  } else {
    // Leaving the team: its members' organisations are no longer involved through it. Every stretch
    // of care still running ends with her case management: once the team lets go, nobody left on
    // her care team could end it, and it would count as running in every later period's figures.
    client.team = null;
    for (const t of await tx.find(Trajectory, { client, status: 'ACTIVE' })) {
      assertTransition('trajectory', TRAJECTORY_TRANSITIONS, t.status, 'ENDED');
      t.status = 'ENDED';
      t.endedOn = t.startedOn > day ? t.startedOn : day;
      t.outcome = rule.outcome;
    }
  }
  return client;
}
