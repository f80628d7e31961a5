import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError, ConflictError } from '../../common/errors';
import { assertTransition } from '../../common/transitions';
import { dayNotBefore, id, optionalText, recordedDay, text } from '../../common/validate';
import { assertOnCareTeam, expectVersion, involvedClientForUpdate, involvedRecord, write } from '../../common/write';
import { Client } from '../clients/client.entity';
import { herChainToday } from '../clients/her-chain';
import { Organisation } from '../organisations/organisation.entity';
import { TRAJECTORY_DETAIL_CATEGORY, TRAJECTORY_TRANSITIONS, Trajectory } from './trajectory.entity';
import { EndTrajectoryInput, StartTrajectoryInput } from './trajectory.input';
import type { Plain } from '../../common/loaders';

@Resolver(() => Trajectory)
export class TrajectoryResolver {
  @Mutation(() => Trajectory, { nullable: true, description: 'Case managers of an organisation on her care team: a trajectory starts; one active trajectory of each kind at a time.' })
  async startTrajectory(@Ctx() ctx: Context, @Arg('input', () => StartTrajectoryInput) input: StartTrajectoryInput) {
    const startedOn = recordedDay('input.startedOn', input.startedOn, ctx.now);
    const providerId = input.providerId ? id('input.providerId', input.providerId) : ctx.actor.organisationId;
    const notes = optionalText('input.notes', input.notes, 4000);

    return write(ctx, async (tx) => {
      const client = await involvedClientForUpdate(tx, ctx, input.clientId);
      await assertOnCareTeam(tx, ctx, client.id, 'Only an organisation on her care team starts a trajectory for her');
      const provider = await tx.findOne(Organisation, providerId);
      if (!provider) throw new BadUserInputError('input.providerId', 'no such organisation');
      // Its provider may end it and is named on it to her chain: an organisation of her chain that gives care.
      if (provider.kind === 'MUNICIPALITY') throw new BadUserInputError('input.providerId', 'is a municipality, which funds care and does not provide it');
      const herChain = (await herChainToday(tx, client.id, ctx.now)) ?? ctx.actor.municipalityId;
      if (provider.municipality?.id !== herChain) throw new BadUserInputError('input.providerId', 'is an organisation of another municipality’s chain');
      if ((await tx.count(Trajectory, { client, kind: input.kind, status: 'ACTIVE' })) > 0) {
        throw new ConflictError(`She already has an active ${input.kind} trajectory`);
      }
      const trajectory = tx.create(Trajectory, { client, kind: input.kind, provider, startedOn, notes });
      await tx.flush();
      return {
        entity: trajectory,
        audit: { eventType: 'trajectory.start', action: 'C', clientId: client.id, categories: [...new Set(['BASIC', TRAJECTORY_DETAIL_CATEGORY[input.kind]])] },
      };
    });
  }

  @Mutation(() => Trajectory, { nullable: true, description: 'Case managers of its provider or of an organisation on her care team: an active trajectory ends, with its outcome.' })
  async endTrajectory(@Ctx() ctx: Context, @Arg('input', () => EndTrajectoryInput) input: EndTrajectoryInput) {
    const endedOn = recordedDay('input.endedOn', input.endedOn, ctx.now);
    const outcome = text('input.outcome', input.outcome, 2000);

    return write(ctx, async (tx) => {
      const trajectory = await involvedRecord(tx, ctx, Trajectory, input.id, 'Trajectory');
      if (trajectory.provider.id !== ctx.actor.organisationId) {
        await assertOnCareTeam(tx, ctx, trajectory.client.id, 'Only its provider or an organisation on her care team ends a trajectory');
      }
      await expectVersion(tx, trajectory, input.version);
      assertTransition('trajectory', TRAJECTORY_TRANSITIONS, trajectory.status, 'ENDED');
      trajectory.endedOn = dayNotBefore('input.endedOn', endedOn, trajectory.startedOn, 'its first day');
      trajectory.status = 'ENDED';
      trajectory.outcome = outcome;
      return {
        entity: trajectory,
        audit: { eventType: 'trajectory.end', action: 'U', clientId: trajectory.client.id, categories: [...new Set(['BASIC', TRAJECTORY_DETAIL_CATEGORY[trajectory.kind]])] },
      };
    });
  }

  @FieldResolver(() => Client, { description: 'Whose trajectory this is.' })
  client(@Root() t: Plain<Trajectory>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(t.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation that provides it.' })
  provider(@Root() t: Plain<Trajectory>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(t.provider.id);
  }
}

/** `Client.trajectories`, added here so the clients module need not know of trajectories. */
@Resolver(() => Client)
export class ClientTrajectoriesResolver {
  @FieldResolver(() => [Trajectory], { description: 'Her trajectories, newest first.' })
  trajectories(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    return ctx.loaders.many('trajectoriesOfClient', Trajectory, 'client', { orderBy: { startedOn: 'desc', id: 'asc' } }).load(client.id);
  }
}
