import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { addDays, today } from '../../common/scalars';
import { idempotencyKey, intBetween, recordedDay } from '../../common/validate';
import { NotFoundError } from '../../common/errors';
import { idempotent, involvedClientForUpdate, write } from '../../common/write';
import { Client } from '../clients/client.entity';
import { involvedClient } from '../clients/involved-clients';
import { Professional } from '../organisations/professional.entity';
import { ActivityLog } from './activity-log.entity';
import { LogActivityInput } from './activity.input';
import type { Plain } from '../../common/loaders';

@Resolver(() => ActivityLog)
export class ActivityLogResolver {
  @Mutation(() => ActivityLog, { nullable: true, description: 'Case managers: log time spent on a client your organisation is involved with. Safe to resend with the same `idempotencyKey`.' })
  async logActivity(@Ctx() ctx: Context, @Arg('input', () => LogActivityInput) input: LogActivityInput) {
    const day = recordedDay('input.day', input.day, ctx.now);
    const minutes = intBetween('input.minutes', input.minutes, 1, 1440);
    const key = idempotencyKey('input.idempotencyKey', input.idempotencyKey);

    if (!(await involvedClient(ctx.em, ctx.actor.organisationId, input.clientId))) throw new NotFoundError('Client');
    return idempotent(
      ctx,
      key,
      () => ctx.em.findOne(ActivityLog, { professional: ctx.actor.professionalId, idempotencyKey: key }),
      (first) => first.client.id === input.clientId && first.day === day && first.minutes === minutes,
      () =>
        write(ctx, async (tx) => {
          const client = await involvedClientForUpdate(tx, ctx, input.clientId);
          const log = tx.create(ActivityLog, {
            client,
            professional: tx.getReference(Professional, ctx.actor.professionalId),
            day,
            minutes,
            idempotencyKey: key,
            recordedAt: ctx.now,
          });
          await tx.flush();
          return { entity: log, audit: { eventType: 'activity.log', action: 'C', clientId: client.id, categories: ['BASIC'] } };
        }),
    );
  }

  @FieldResolver(() => Professional, { description: 'Who spent the time.' })
  professional(@Root() a: Plain<ActivityLog>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(a.professional.id);
  }
}

@Resolver(() => Client)
export class ClientActivityResolver {
  @FieldResolver(() => [ActivityLog], { description: 'Time spent on her in the last 90 days, newest first.' })
  activity(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    const since = addDays(today(ctx.now), -90);
    return ctx.loaders.many('activityOfClient', ActivityLog, 'client', { since: { prop: 'day', value: since }, orderBy: { day: 'desc', id: 'asc' } }).load(client.id);
  }
}
