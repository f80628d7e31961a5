import { mayReadClients, underClient, type Rules } from '../../policy/rules';
import type { Signal } from './signal.entity';

export const signalRules: Rules = {
  Query: { signals: mayReadClients },
  Signal: { '*': underClient('BASIC'), text: underClient((s: Signal) => s.category) },
};
