import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { addDays, today } from '../../common/scalars';
import { idempotencyKey, intBetween, recordedDay, sameId } from '../../common/validate';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import { idempotent, involvedClientForUpdate, write, type MadeLine } from '../../common/write';
import { Client } from '../clients/client.entity';
import { involvedClient } from '../clients/involved-clients';
import { Professional } from '../organisations/professional.entity';
import { ActivityLog, MINUTES_A_DAY } from './activity-log.entity';
import { LogActivityInput } from './activity.input';
import type { Plain } from '../../common/loaders';

/**
 * Refuses `log`, just inserted (the refusal rolls it back), when it takes its professional's time
 * on its day past 24 hours: an impossible day would count in the municipality's hours per case.
 * Counted after the insert, not before: a copy of an entry resent with its idempotencyKey then
 * meets the first at the unique key and is answered with it, where counted first it would be
 * refused for the first's minutes. The count holds her day until the commit (migration
 * activity_day_of_a_professional), so of two entries at once the second is counted with the first
 * in it.
 */
async function refuseBeyondADay(tx: EntityManager, log: ActivityLog): Promise<void> {
  const [{ logged }] = await tx.execute<{ logged: string }[]>('select activity_day_minutes(?, ?) as logged', [log.professional.id, log.day]);
  if (Number(logged) <= MINUTES_A_DAY) return;
  // A day already past them (logged before this rule, or corrected by hand) has nothing left.
  const left = Math.max(0, MINUTES_A_DAY - (Number(logged) - log.minutes));
  const what = left === 0 ? 'no time is' : left === 1 ? '1 minute is' : `${left} minutes are`;
  throw new BadUserInputError('input.minutes', `would take the time you logged on ${log.day} past 24 hours; ${what} left that day`);
}

const LOGGED = (): MadeLine => ({ eventType: 'activity.log', categories: ['BASIC'] });

@Resolver(() => ActivityLog)
export class ActivityLogResolver {
  @Mutation(() => ActivityLog, { nullable: true, description: 'Case managers: log time spent on a client your organisation is involved with, at most 24 hours of yours on one day. Safe to resend with the same `idempotencyKey`.' })
  async logActivity(@Ctx() ctx: Context, @Arg('input', () => LogActivityInput) input: LogActivityInput) {
    const day = recordedDay('input.day', input.day, ctx.now);
    const minutes = intBetween('input.minutes', input.minutes, 1, MINUTES_A_DAY);
    const key = idempotencyKey('input.idempotencyKey', input.idempotencyKey);

    if (!(await involvedClient(ctx.em, ctx.actor.organisationId, input.clientId))) throw new NotFoundError('Client');
    return idempotent(
      ctx,
      key,
      () => ctx.em.findOne(ActivityLog, { professional: ctx.actor.professionalId, idempotencyKey: key }),
      // A day left out is today's on each send: a resend after midnight is the same entry.
      (first) => sameId(first.client.id, input.clientId) && (input.day == null || first.day === day) && first.minutes === minutes,
      LOGGED,
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
          await refuseBeyondADay(tx, log);
          return { entity: log, audit: { ...LOGGED(), action: 'C', clientId: client.id } };
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
