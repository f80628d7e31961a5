import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { Consent } from './consent.entity';

@Resolver(() => Consent)
export class ConsentResolver {
  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation it names; null when it names a kind of organisation.' })
  organisation(@Root() c: Consent, @Ctx() ctx: Context) {
    return c.organisation ? ctx.loaders.one(Organisation).load(c.organisation.id) : null;
  }

  @FieldResolver(() => Professional, { description: 'Who recorded it.' })
  recordedBy(@Root() c: Consent, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(c.recordedBy.id);
  }

  @FieldResolver(() => String, { description: 'ACTIVE, NOT_STARTED, EXPIRED or REVOKED, now.' })
  state(@Root() c: Consent, @Ctx() ctx: Context) {
    if (c.revokedAt && c.revokedAt <= ctx.now) return 'REVOKED';
    if (c.validFrom > ctx.now) return 'NOT_STARTED';
    if (c.validUntil && c.validUntil <= ctx.now) return 'EXPIRED';
    return 'ACTIVE';
  }
}

@Resolver(() => Client)
export class ClientConsentsResolver {
  @FieldResolver(() => [Consent], { nullable: true, description: 'Her consents and objections, newest first (case managers and the process director).' })
  consents(@Root() client: Client, @Ctx() ctx: Context) {
    return ctx.loaders.many('consentsOfClient', Consent, 'client', { orderBy: { validFrom: 'desc', id: 'asc' } }).load(client.id);
  }
}
