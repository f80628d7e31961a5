import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Client } from '../clients/client.entity';
import { involvedSql } from '../clients/involved-clients';
import { Organisation } from '../organisations/organisation.entity';
import { Signal, SignalStatusEnum, type SignalStatus } from './signal.entity';

@Resolver(() => Signal)
export class SignalResolver {
  @Query(() => [Signal], { description: 'Signals about clients your organisation is involved with; newest first.' })
  signals(@Ctx() ctx: Context, @Arg('status', () => [SignalStatusEnum], { nullable: true }) status?: SignalStatus[]) {
    const qb = ctx.em.createQueryBuilder(Signal, 's').where(involvedSql('s.client_id'), [ctx.actor.organisationId]);
    if (status?.length) qb.andWhere({ status: { $in: status } });
    return qb.orderBy({ raisedAt: 'desc', id: 'asc' }).limit(500).getResultList();
  }

  @FieldResolver(() => Client, { description: 'Whom the concern is about.' })
  client(@Root() s: Signal, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(s.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation that raised it.' })
  raisedBy(@Root() s: Signal, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(s.raisedByOrganisation.id);
  }
}

@Resolver(() => Client)
export class ClientSignalsResolver {
  @FieldResolver(() => [Signal], { description: 'Signals about her, newest first.' })
  signals(@Root() client: Client, @Ctx() ctx: Context) {
    return ctx.loaders.many('signalsOfClient', Signal, 'client', { orderBy: { raisedAt: 'desc', id: 'asc' } }).load(client.id);
  }
}
