import { mayReadClients, underClient, type Rules } from '../../policy/rules';
import type { Handover } from './handover.entity';

export const handoverRules: Rules = {
  Query: { handovers: mayReadClients },
  Handover: { '*': underClient('BASIC'), notes: underClient((h: Handover) => h.notesCategory) },
};
