import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { ForbiddenError, NotFoundError } from '../../common/errors';
import { NewestFirstArg, NewestFirstQuery, newestAtMost } from '../../common/pagination';
import { assertTransition } from '../../common/transitions';
import { idempotencyKey, sameId, text } from '../../common/validate';
import { VersionInput } from '../../common/version.input';
import { expectVersion, idempotent, involvedClientForUpdate, involvedRecord, write, type MadeLine } from '../../common/write';
import { Client } from '../clients/client.entity';
import { directsProcessOf } from '../clients/her-chain';
import { involvedClient, onlyThese, readableRows } from '../clients/involved-clients';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { SIGNAL_TRANSITIONS, Signal, SignalStatusEnum, type SignalStatus } from './signal.entity';
import { RaiseSignalInput } from './signal.input';
import type { Plain } from '../../common/loaders';

/** A signal's line names its category beside her BASIC data. */
const RAISED = (signal: Signal): MadeLine => ({ eventType: 'signal.raise', categories: [...new Set(['BASIC', signal.category])] });

@Resolver(() => Signal)
export class SignalResolver {
  @NewestFirstQuery(() => [Signal], 'Signals about clients your organisation is involved with')
  signals(
    @Ctx() ctx: Context,
    @Arg('status', () => [SignalStatusEnum], { nullable: true }) status?: SignalStatus[],
    @Arg('ids', () => [ID], { nullable: true, description: onlyThese('signals', 'text', 'category') }) ids?: string[] | null,
    @NewestFirstArg() first?: number | null,
  ) {
    return readableRows(ctx, Signal, 'Query.signals', { newest: 'raisedAt', status, ids, atMost: newestAtMost(first) });
  }

  @Mutation(() => Signal, { nullable: true, description: 'Anyone whose organisation is involved with a client: lay down a concern with procesregie. Safe to resend with the same `idempotencyKey`.' })
  async raiseSignal(@Ctx() ctx: Context, @Arg('input', () => RaiseSignalInput) input: RaiseSignalInput) {
    const concern = text('input.text', input.text, 2000);
    const key = idempotencyKey('input.idempotencyKey', input.idempotencyKey);
    if (!(await involvedClient(ctx.em, ctx.actor.organisationId, input.clientId))) throw new NotFoundError('Client');

    return idempotent(
      ctx,
      key,
      () => ctx.em.findOne(Signal, { raisedBy: ctx.actor.professionalId, idempotencyKey: key }),
      (first) => sameId(first.client.id, input.clientId) && first.category === input.category && first.text === concern,
      RAISED,
      () =>
        write(ctx, async (tx) => {
          const client = await involvedClientForUpdate(tx, ctx, input.clientId);
          const signal = tx.create(Signal, {
            client,
            raisedBy: tx.getReference(Professional, ctx.actor.professionalId),
            raisedByOrganisation: tx.getReference(Organisation, ctx.actor.organisationId),
            category: input.category,
            text: concern,
            raisedAt: ctx.now,
            idempotencyKey: key,
          });
          await tx.flush();
          return { entity: signal, audit: { ...RAISED(signal), action: 'C', clientId: client.id } };
        }),
    );
  }

  @Mutation(() => Signal, { nullable: true, description: 'Procesregie of her chain (or the organisation that raised it) marks a signal resolved.' })
  async resolveSignal(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => {
      const signal = await involvedRecord(tx, ctx, Signal, input.id, 'Signal');
      const mayResolve = signal.raisedByOrganisation.id === ctx.actor.organisationId || (await directsProcessOf(tx, ctx.actor, signal.client.id, ctx.now));
      if (!mayResolve) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only procesregie of her chain or the organisation that raised it resolves a signal');
      await expectVersion(tx, signal, input.version);
      assertTransition('signal', SIGNAL_TRANSITIONS, signal.status, 'RESOLVED');
      signal.status = 'RESOLVED';
      signal.resolvedAt = ctx.now;
      signal.resolvedBy = tx.getReference(Professional, ctx.actor.professionalId);
      return { entity: signal, audit: { eventType: 'signal.resolve', action: 'U', clientId: signal.client.id, categories: ['BASIC'] } };
    });
  }

  @FieldResolver(() => Client, { description: 'Whom the concern is about.' })
  client(@Root() s: Plain<Signal>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(s.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation that raised it.' })
  raisedBy(@Root() s: Plain<Signal>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(s.raisedByOrganisation.id);
  }
}

@Resolver(() => Client)
export class ClientSignalsResolver {
  @FieldResolver(() => [Signal], { description: 'Signals about her, newest first.' })
  signals(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    return ctx.loaders.many('signalsOfClient', Signal, 'client', { orderBy: { raisedAt: 'desc', id: 'asc' } }).load(client.id);
  }
}
