import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Trajectory } from './trajectory.entity';

@Resolver(() => Trajectory)
export class TrajectoryResolver {
  @FieldResolver(() => Client, { description: 'Whose trajectory this is.' })
  client(@Root() t: Trajectory, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(t.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation that provides it.' })
  provider(@Root() t: Trajectory, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(t.provider.id);
  }
}

/** `Client.trajectories`, added here so the clients module need not know of trajectories. */
@Resolver(() => Client)
export class ClientTrajectoriesResolver {
  @FieldResolver(() => [Trajectory], { description: 'Her trajectories, newest first.' })
  trajectories(@Root() client: Client, @Ctx() ctx: Context) {
    return ctx.loaders.many('trajectoriesOfClient', Trajectory, 'client', { orderBy: { startedOn: 'desc', id: 'asc' } }).load(client.id);
  }
}
