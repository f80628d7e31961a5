import { Field, Float, ObjectType } from 'type-graphql';
import { Organisation } from '../organisations/organisation.entity';
import { BudgetCategoryEnum, Programme, type BudgetCategory } from './funding.entities';

// Money is not personal data: amounts are exact, in euros with cents. What was spent on one woman
// stays her FINANCE data; here it is only ever part of a category's total.

@ObjectType({ description: 'A subsidy the municipality granted one organisation for the programme.' })
export class SubsidyAmount {
  @Field(() => Organisation, { description: 'The organisation that receives the subsidy.' })
  organisation: Organisation;

  @Field(() => Float, { description: 'The subsidy, in euros.' })
  amount: number;
}

@ObjectType({ description: 'Budget and spending of one category of the programme.' })
export class BudgetCategoryFigures {
  @Field(() => BudgetCategoryEnum, { description: 'What the money is for.' })
  category: BudgetCategory;

  @Field(() => Float, { description: 'Budgeted, in euros.' })
  budgeted: number;

  @Field(() => Float, { description: 'Spent so far, in euros.' })
  spent: number;

  @Field(() => Float, { description: 'Budgeted minus spent, in euros (negative when overspent).' })
  remaining: number;
}

@ObjectType({ description: 'The money of a programme: its budget, the subsidies per organisation and the spending per category.' })
export class Budget {
  @Field(() => Programme, { description: 'The programme.' })
  programme: Programme;

  @Field(() => Float, { description: 'The whole budget (all categories), in euros.' })
  total: number;

  @Field(() => Float, { description: 'Spent so far (all categories), in euros.' })
  spent: number;

  @Field(() => Float, { description: 'Total minus spent, in euros.' })
  remaining: number;

  @Field(() => [SubsidyAmount], { description: 'The subsidies per organisation, by organisation name.' })
  subsidies: SubsidyAmount[];

  @Field(() => [BudgetCategoryFigures], { description: 'Budget and spending per category, in the order of the BudgetCategory list.' })
  categories: BudgetCategoryFigures[];
}
