import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Client } from '../clients/client.entity';
import { Professional } from '../organisations/professional.entity';
import { ActivityLog } from './activity-log.entity';

@Resolver(() => ActivityLog)
export class ActivityLogResolver {
  @FieldResolver(() => Professional, { description: 'Who spent the time.' })
  professional(@Root() a: ActivityLog, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(a.professional.id);
  }
}

@Resolver(() => Client)
export class ClientActivityResolver {
  @FieldResolver(() => [ActivityLog], { description: 'Time spent on her in the last 90 days, newest first.' })
  activity(@Root() client: Client, @Ctx() ctx: Context) {
    const since = new Date(ctx.now.getTime() - 90 * 86400_000).toISOString().slice(0, 10);
    return ctx.loaders.many('activityOfClient', ActivityLog, 'client', { where: { day: { $gte: since } }, orderBy: { day: 'desc', id: 'asc' } }).load(client.id);
  }
}
