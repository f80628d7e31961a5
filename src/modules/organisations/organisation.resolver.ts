import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { found, type Plain } from '../../common/loaders';
import { isUuid } from '../clients/involved-clients';
import { Organisation } from './organisation.entity';
import { Professional } from './professional.entity';
import { Team } from './team.entity';

/** Team membership read from either side: the teams of professionals, or the members of teams. */
function memberships(ctx: Context, by: 'team_id' | 'professional_id', other: 'team_id' | 'professional_id') {
  return ctx.loaders.custom(`membership:${by}`, async (ids) => {
    const rows = await ctx.loaders.sql<Record<string, string>>(`select team_id, professional_id from team_member where ${by} = any(?::uuid[])`, [`{${ids.join(',')}}`]);
    return ids.map((id) => rows.filter((r) => r[by] === id).map((r) => r[other]));
  });
}

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => [Organisation], { description: 'The organisations of every chain (a handover may name one in another city), by name.' })
  organisations(@Ctx() ctx: Context) {
    return ctx.em.find(Organisation, {}, { orderBy: { name: 'asc' } });
  }

  @Query(() => Organisation, { nullable: true, description: 'One organisation, or null.' })
  organisation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return isUuid(id) ? ctx.loaders.one(Organisation).load(id) : null;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The municipality whose chain it belongs to.' })
  municipality(@Root() org: Plain<Organisation>, @Ctx() ctx: Context) {
    return org.municipality ? ctx.loaders.one(Organisation).load(org.municipality.id) : null;
  }
}

@Resolver(() => Professional)
export class ProfessionalResolver {
  @Query(() => Professional, { description: 'You: the professional the token belongs to, with organisation, roles and teams.' })
  me(@Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(ctx.actor.professionalId);
  }

  /** Whom a case manager may pass a client to (`reassignCaseManager`): her employer's people are her own controller's. */
  @Query(() => [Professional], { description: 'The active professionals of your own organisation, you among them, by name.' })
  colleagues(@Ctx() ctx: Context) {
    return ctx.em.find(Professional, { organisation: ctx.actor.organisationId, active: true }, { orderBy: { name: 'asc', id: 'asc' } });
  }

  @FieldResolver(() => Organisation, { description: 'Her employer.' })
  organisation(@Root() p: Plain<Professional>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(p.organisation.id);
  }

  @FieldResolver(() => [Team], { description: 'The teams she works in.' })
  async teams(@Root() p: Plain<Professional>, @Ctx() ctx: Context) {
    const ids = await memberships(ctx, 'professional_id', 'team_id').load(p.id);
    return found(await ctx.loaders.one(Team).loadMany(ids));
  }
}

@Resolver(() => Team)
export class TeamResolver {
  @Query(() => [Team], { description: 'The teams of your chain (your organisation’s municipality).' })
  teams(@Ctx() ctx: Context) {
    const chain = ctx.actor.municipalityId;
    return chain ? ctx.em.find(Team, { municipality: chain }, { orderBy: { name: 'asc' } }) : [];
  }

  @FieldResolver(() => Organisation, { description: 'The municipality whose chain the team works in.' })
  municipality(@Root() team: Plain<Team>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(team.municipality.id);
  }

  @FieldResolver(() => [Professional], {
    nullable: true,
    description: 'Its members, from whichever organisation employs them; for a team of another chain, null with a FORBIDDEN error.',
  })
  async members(@Root() team: Plain<Team>, @Ctx() ctx: Context) {
    const ids = await memberships(ctx, 'team_id', 'professional_id').load(team.id);
    const pros = await ctx.loaders.one(Professional).loadMany(ids);
    return found(pros).sort((a, b) => a.name.localeCompare(b.name));
  }
}
