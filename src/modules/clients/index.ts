import { ClientResolver } from './client.resolver';
import { clientRules } from './client.rules';

export const clientsModule = { resolvers: [ClientResolver], rules: clientRules };
