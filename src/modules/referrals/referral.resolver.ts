import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Client } from '../clients/client.entity';
import { involvedSql } from '../clients/involved-clients';
import { Organisation } from '../organisations/organisation.entity';
import { Team } from '../organisations/team.entity';
import { Referral, ReferralStatusEnum, type ReferralStatus } from './referral.entity';

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => [Referral], { description: 'Referrals of clients your organisation is involved with (made by it, or to its teams); newest first.' })
  referrals(@Ctx() ctx: Context, @Arg('status', () => [ReferralStatusEnum], { nullable: true }) status?: ReferralStatus[]) {
    const qb = ctx.em.createQueryBuilder(Referral, 'r').where(involvedSql('r.client_id'), [ctx.actor.organisationId]);
    if (status?.length) qb.andWhere({ status: { $in: status } });
    return qb.orderBy({ createdAt: 'desc', id: 'asc' }).limit(500).getResultList();
  }

  @FieldResolver(() => Client, { description: 'Who is referred.' })
  client(@Root() r: Referral, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(r.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation that referred her.' })
  referredBy(@Root() r: Referral, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(r.referredBy.id);
  }

  @FieldResolver(() => Team, { description: 'The team asked to take her on.' })
  team(@Root() r: Referral, @Ctx() ctx: Context) {
    return ctx.loaders.one(Team).load(r.team.id);
  }
}
