import { ClientSignalsResolver, SignalResolver } from './signal.resolver';
import { signalRules } from './signal.rules';

export const signalsModule = { resolvers: [SignalResolver, ClientSignalsResolver], rules: signalRules };
