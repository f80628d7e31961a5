import { ClientHandoversResolver, HandoverResolver } from './handover.resolver';
import { handoverRules } from './handover.rules';

export const handoversModule = { resolvers: [HandoverResolver, ClientHandoversResolver], rules: handoverRules };
