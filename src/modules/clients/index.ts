import { CaseAssignmentResolver } from './case-assignment.resolver';
import { ClientResolver } from './client.resolver';
import { clientRules } from './client.rules';

export const clientsModule = { resolvers: [ClientResolver, CaseAssignmentResolver], rules: clientRules };
