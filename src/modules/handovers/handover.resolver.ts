import { Arg, Ctx, FieldResolver, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../common/context';
import { enumObject } from '../../common/enums';
import { Client } from '../clients/client.entity';
import { involvedSql } from '../clients/involved-clients';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { Handover, HandoverStatusEnum, type HandoverStatus } from './handover.entity';

export const HANDOVER_DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
export const HandoverDirectionEnum = enumObject(HANDOVER_DIRECTIONS);
registerEnumType(HandoverDirectionEnum, { name: 'HandoverDirection', description: 'INCOMING: to your organisation; OUTGOING: from it.' });

@Resolver(() => Handover)
export class HandoverResolver {
  @Query(() => [Handover], { description: 'Handovers to (INCOMING) or from (OUTGOING) your organisation, of clients you are involved with; newest first.' })
  handovers(
    @Ctx() ctx: Context,
    @Arg('direction', () => HandoverDirectionEnum) direction: (typeof HANDOVER_DIRECTIONS)[number],
    @Arg('status', () => [HandoverStatusEnum], { nullable: true }) status?: HandoverStatus[],
  ) {
    const qb = ctx.em
      .createQueryBuilder(Handover, 'h')
      .where(involvedSql('h.client_id'), [ctx.actor.organisationId])
      .andWhere(direction === 'INCOMING' ? { toOrganisation: ctx.actor.organisationId } : { fromOrganisation: ctx.actor.organisationId });
    if (status?.length) qb.andWhere({ status: { $in: status } });
    return qb.orderBy({ proposedAt: 'desc', id: 'asc' }).limit(500).getResultList();
  }

  @FieldResolver(() => Client, { description: 'Whose care moves.' })
  client(@Root() h: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(h.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation handing over.' })
  fromOrganisation(@Root() h: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(h.fromOrganisation.id);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The receiving organisation; null when the trajectory closes.' })
  toOrganisation(@Root() h: Handover, @Ctx() ctx: Context) {
    return h.toOrganisation ? ctx.loaders.one(Organisation).load(h.toOrganisation.id) : null;
  }

  @FieldResolver(() => Professional, { description: 'Who proposed it.' })
  proposedBy(@Root() h: Handover, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(h.proposedBy.id);
  }
}

@Resolver(() => Client)
export class ClientHandoversResolver {
  @FieldResolver(() => [Handover], { description: 'Handovers of her care, newest first.' })
  handovers(@Root() client: Client, @Ctx() ctx: Context) {
    return ctx.loaders.many('handoversOfClient', Handover, 'client', { orderBy: { proposedAt: 'desc', id: 'asc' } }).load(client.id);
  }
}
