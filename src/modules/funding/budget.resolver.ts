import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { NotFoundError } from '../../common/errors';
import { isUuid } from '../clients/involved-clients';
import { assertMunicipalitysOwn, ownPeople } from '../monitoring/aggregate-access';
import { Organisation } from '../organisations/organisation.entity';
import { Budget } from './budget.types';
import { BUDGET_CATEGORIES, Programme, type BudgetCategory } from './funding.entities';
import type { Plain } from '../../common/loaders';

/** Sums in cents, inside PostgreSQL: no expenditure (nor the client one may name) leaves the database. */
const BUDGET_SQL = `
select
  (select coalesce(json_agg(json_build_object('organisationId', s.organisation_id, 'cents', s.amount_cents) order by o.name), '[]')
    from subsidy s join organisation o on o.id = s.organisation_id
    where s.programme_id = ?) as subsidies,
  (select coalesce(json_agg(json_build_object('category', l.category, 'budgeted', l.budgeted_cents, 'spent',
      (select coalesce(sum(e.amount_cents), 0) from expenditure e where e.budget_line_id = l.id))), '[]')
    from budget_line l
    where l.programme_id = ?) as categories
`;

interface BudgetRow {
  subsidies: { organisationId: string; cents: number }[];
  categories: { category: BudgetCategory; budgeted: number; spent: number }[];
}

const euros = (cents: number) => Number(cents) / 100;

@Resolver(() => Budget)
export class BudgetResolver {
  @Query(() => Budget, {
    description: 'Policy officers and analysts: budget, subsidies per organisation and spending per category of a programme of your own municipality.',
  })
  async budget(@Ctx() ctx: Context, @Arg('programmeId', () => ID, { description: 'The programme.' }) programmeId: string): Promise<Budget> {
    const programme = isUuid(programmeId) ? await ctx.em.findOne(Programme, programmeId) : null;
    if (!programme) throw new NotFoundError('Programme');
    assertMunicipalitysOwn(ctx, programme.municipality.id);

    const [row] = await ctx.em.getConnection().execute<BudgetRow[]>(BUDGET_SQL, [programme.id, programme.id]);
    const organisations = await ctx.loaders.one(Organisation).loadMany(row.subsidies.map((s) => s.organisationId));
    const lines = [...row.categories].sort((a, b) => BUDGET_CATEGORIES.indexOf(a.category) - BUDGET_CATEGORIES.indexOf(b.category));
    const budgetedCents = lines.reduce((sum, l) => sum + Number(l.budgeted), 0);
    const spentCents = lines.reduce((sum, l) => sum + Number(l.spent), 0);
    return {
      programme,
      total: euros(budgetedCents),
      spent: euros(spentCents),
      remaining: euros(budgetedCents - spentCents),
      subsidies: row.subsidies.map((s, i) => ({ organisation: organisations[i] as Organisation, amount: euros(s.cents) })),
      categories: lines.map((l) => ({ category: l.category, budgeted: euros(l.budgeted), spent: euros(l.spent), remaining: euros(Number(l.budgeted) - Number(l.spent)) })),
    };
  }
}

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => [Programme], {
    description: 'Policy officers and analysts: the programmes your own municipality funds, the latest to start first — where `budget(programmeId)` finds its ids.',
  })
  async programmes(@Ctx() ctx: Context): Promise<Programme[]> {
    const { municipalityId } = ctx.actor;
    return municipalityId && ownPeople(ctx, municipalityId) ? ctx.em.find(Programme, { municipality: municipalityId }, { orderBy: { startsOn: 'desc', name: 'asc' } }) : [];
  }

  @FieldResolver(() => Organisation, { description: 'The municipality that funds it.' })
  municipality(@Root() programme: Plain<Programme>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(programme.municipality.id);
  }
}
