import { hasRole, itsClient, mayReadClients, reachedOnlyThrough, underClient, type Rules } from '../../policy/rules';
import { HANDOVER_ANSWER_ROLES } from '../../policy/tables';
import type { Handover } from './handover.entity';

/** Case managers hand over (policy §6); which organisation may take each step is checked per handover. */
const caseManager = hasRole('CASE_MANAGER');
/** The receiving organisation answers, through the roles of HANDOVER_ANSWER_ROLES (policy/tables.ts). */
const receiver = hasRole(...HANDOVER_ANSWER_ROLES);

export const handoverRules: Rules = {
  Query: { handovers: mayReadClients },
  Mutation: {
    proposeHandover: caseManager,
    cancelHandover: caseManager,
    completeHandover: caseManager,
    acceptHandover: receiver,
    rejectHandover: receiver,
  },
  Handover: {
    '*': reachedOnlyThrough(
      'Client.handovers',
      'Query.handovers',
      'Mutation.proposeHandover',
      'Mutation.acceptHandover',
      'Mutation.rejectHandover',
      'Mutation.cancelHandover',
      'Mutation.completeHandover',
    ),
    notes: underClient((h: Handover) => h.notesCategory),
    client: itsClient,
  },
};
