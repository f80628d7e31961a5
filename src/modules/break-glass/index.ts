import { BreakGlassResolver } from './break-glass.resolver';
import { breakGlassRules } from './break-glass.rules';

export const breakGlassModule = { resolvers: [BreakGlassResolver], rules: breakGlassRules };
