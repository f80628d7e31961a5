import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '../../common/enums';
import { DateScalar } from '../../common/scalars';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';

export const BUDGET_CATEGORIES = ['CASE_MANAGEMENT', 'TREATMENT', 'HOUSING', 'FLEX_BUDGET', 'TIME_OUT_BEDS', 'RENOVATION', 'ACTIVITIES'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];
export const BudgetCategoryEnum = enumObject(BUDGET_CATEGORIES);
registerEnumType(BudgetCategoryEnum, {
  name: 'BudgetCategory',
  description: 'What the programme’s money is for: case management, extra treatment, housing, the flex (breakthrough) budget, starting the time-out beds, renovating "de Loods", activities for the women.',
});

/** A funded programme, e.g. the Zorgaanpak Straatsekswerkers 2021–2023. Amounts in euro cents. */
@ObjectType({ description: 'A programme the municipality funds by subsidy.' })
@Entity()
@Check({ name: 'programme_period', expression: 'ends_on >= starts_on' })
export class Programme {
  @Field(() => ID, { description: 'The programme’s id, as `budget(programmeId)` takes it.' })
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @Field({ description: 'The programme’s name.' })
  @Property({ type: 'text', unique: true })
  name: string;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  municipality: Organisation;

  @Field(() => DateScalar, { description: 'First day of the programme.' })
  @Property({ type: 'date' })
  startsOn: string;

  @Field(() => DateScalar, { description: 'Last day of the programme.' })
  @Property({ type: 'date' })
  endsOn: string;

  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}

@Entity()
@Unique({ properties: ['programme', 'organisation'] })
@Check({ name: 'subsidy_amount', expression: 'amount_cents >= 0' })
export class Subsidy {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Programme, { deleteRule: 'cascade' })
  programme: Programme;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  organisation: Organisation;

  @Property({ type: 'bigint', runtimeType: 'number' })
  amountCents: number;
}

@Entity()
@Unique({ properties: ['programme', 'category'] })
@Check({ name: 'budget_line_amount', expression: 'budgeted_cents >= 0' })
export class BudgetLine {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Programme, { deleteRule: 'cascade' })
  programme: Programme;

  @Enum({ items: () => [...BUDGET_CATEGORIES], type: 'text' })
  category: BudgetCategory;

  @Property({ type: 'bigint', runtimeType: 'number' })
  budgetedCents: number;
}

/** Money spent; spending on one client (the breakthrough budget) is that client's FINANCE data. */
@Entity()
@Index({ properties: ['budgetLine', 'spentOn'] })
@Check({ name: 'expenditure_amount', expression: 'amount_cents > 0' })
export class Expenditure {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => BudgetLine, { deleteRule: 'restrict' })
  budgetLine: BudgetLine;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  organisation: Organisation;

  @ManyToOne(() => Client, { nullable: true, deleteRule: 'set null', index: true })
  client: Opt<Client> | null = null;

  @Property({ type: 'bigint', runtimeType: 'number' })
  amountCents: number;

  @Property({ type: 'date' })
  spentOn: string;

  @Property({ type: 'text' })
  description: string;
}
