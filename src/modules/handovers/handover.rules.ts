import { hasRole, itsClient, mayReadClients, reachedOnlyThrough, underClient, type Rules } from '../../policy/rules';
import type { Handover } from './handover.entity';

/** Case managers hand over (policy §6); which organisation may take each step is checked per handover. */
const caseManager = hasRole('CASE_MANAGER');
/**
 * The receiving organisation answers (policy §6): its case managers; procesregie (monitoring, another
 * municipality); a mental-health provider's clinicians, who take her on into regular care there —
 * such a provider may have no case manager, and a handover to it would wait for an answer forever.
 */
const receiver = hasRole('CASE_MANAGER', 'CLINICIAN', 'PROCESS_DIRECTOR');

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
