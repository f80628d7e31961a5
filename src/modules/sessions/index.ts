import { SessionResolver } from './session.resolver';
import { sessionRules } from './session.rules';

export const sessionsModule = { resolvers: [SessionResolver], rules: sessionRules };
