import { itsClient, mayReadClients, reachedOnlyThrough, underClient, type Rules } from '../../policy/rules';
import type { Signal } from './signal.entity';

export const signalRules: Rules = {
  Query: { signals: mayReadClients },
  // Anyone involved with a client-data role raises a signal (policy §6); who resolves is checked per signal.
  Mutation: { raiseSignal: mayReadClients, resolveSignal: mayReadClients },
  Signal: { '*': reachedOnlyThrough('Client.signals', 'Query.signals', 'Mutation.raiseSignal', 'Mutation.resolveSignal'), text: underClient((s: Signal) => s.category), client: itsClient },
};
