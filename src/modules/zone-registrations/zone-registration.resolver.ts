import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Client } from '../clients/client.entity';
import { ZoneRegistration } from './zone-registration.entity';

@Resolver(() => Client)
export class ClientZoneRegistrationResolver {
  @FieldResolver(() => ZoneRegistration, { nullable: true, description: 'SEX_WORK: her latest zone registration; null with a FORBIDDEN error when not shared with you.' })
  async zoneRegistration(@Root() client: Client, @Ctx() ctx: Context) {
    const all = await ctx.loaders.many('zoneRegistrationsOfClient', ZoneRegistration, 'client', { orderBy: { issuedOn: 'desc', id: 'asc' } }).load(client.id);
    return all[0] ?? null;
  }
}
