import { hasRole, type Rules } from '../../policy/rules';

/**
 * The municipality's own money: its policy officers and analysts (domain: "aggregated figures and
 * the budget"). Procesregie works for care coordination and is left out. Which programme is checked
 * in the resolver.
 */
const budgetRoles = hasRole('POLICY_OFFICER', 'ANALYST');

export const fundingRules: Rules = {
  Query: { budget: budgetRoles, programmes: budgetRoles },
  Budget: { '*': budgetRoles },
  Programme: { '*': budgetRoles },
  SubsidyAmount: { '*': budgetRoles },
  BudgetCategoryFigures: { '*': budgetRoles },
};
