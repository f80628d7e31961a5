import { BudgetResolver, ProgrammeResolver } from './budget.resolver';
import { fundingRules } from './funding.rules';

export const fundingModule = { resolvers: [BudgetResolver, ProgrammeResolver], rules: fundingRules };
