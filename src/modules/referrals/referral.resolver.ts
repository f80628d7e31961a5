import { LockMode, type EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors';
import { NewestFirstArg, NewestFirstQuery, newestAtMost } from '../../common/pagination';
import { today } from '../../common/scalars';
import { assertTransition } from '../../common/transitions';
import { dayNotAfterToday, dayNotBefore, id, idempotencyKey, sameId, text } from '../../common/validate';
import { VersionInput } from '../../common/version.input';
import { expectVersion, idempotent, involvedClientForUpdate, involvedRecord, write, type MadeLine } from '../../common/write';
import { CaseAssignment } from '../clients/case-assignment.entity';
import { letGoOfHer } from '../clients/care-responsibility';
import { drawClientCode } from '../clients/client-code';
import { ClientRecord } from '../clients/client-record.entity';
import { Client } from '../clients/client.entity';
import { herChainToday } from '../clients/her-chain';
import { onlyThese, readableRows } from '../clients/involved-clients';
import { Handover, OPEN_HANDOVER } from '../handovers/handover.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { Team } from '../organisations/team.entity';
import { REFERRAL_TRANSITIONS, Referral, ReferralStatusEnum, type ReferralStatus } from './referral.entity';
import { ReferClientInput } from './referral.input';
import type { Plain } from '../../common/loaders';

/** Draws before a registration gives up: among a billion codes, five taken in a row means something else is wrong. */
const CODE_DRAWS = 5;

/**
 * Someone new to the chain, under a code nobody holds: inserted or left out in one statement rather
 * than looked up first, since two registrations that drew the same code at once would both find it
 * free and the second insert would fail her whole referral. On a code in use, committed or about
 * to be, the insert waits for its holder and leaves her out; she draws again in the same transaction.
 */
async function registerClient(tx: EntityManager, team: Team, createdAt: Date): Promise<Client> {
  for (let draw = 0; draw < CODE_DRAWS; draw++) {
    const [row] = await tx
      .createQueryBuilder(Client)
      .insert({ code: drawClientCode(), municipality: team.municipality, team, createdAt })
      .onConflict('code')
      .ignore()
      .returning('*')
      .execute<EntityDictionary<Client>[]>('all', false);
    if (row) return tx.map(Client, row);
  }
  throw new Error(`no free client code in ${CODE_DRAWS} draws`);
}

const referred = (referral: Referral, byName: boolean): MadeLine => ({
  eventType: 'referral.create',
  categories: [...new Set(['BASIC', referral.reasonCategory, ...(byName ? ['IDENTITY'] : [])])],
});

@Resolver(() => Referral)
export class ReferralResolver {
  @NewestFirstQuery(() => [Referral], 'Referrals of clients your organisation is involved with (made by it, or to its teams)')
  referrals(
    @Ctx() ctx: Context,
    @Arg('status', () => [ReferralStatusEnum], { nullable: true }) status?: ReferralStatus[],
    @Arg('ids', () => [ID], { nullable: true, description: onlyThese('referrals', 'reason', 'reasonCategory') }) ids?: string[] | null,
    @NewestFirstArg() first?: number | null,
  ) {
    return readableRows(ctx, Referral, 'Query.referrals', { newest: 'createdAt', status, ids, atMost: newestAtMost(first) });
  }

  @Mutation(() => Referral, {
    nullable: true,
    description:
      'Ask a team to take someone on. Your organisation sees her while the referral is open; the team’s organisations see her while they decide. Safe to resend with the same `idempotencyKey`.',
  })
  async referClient(@Ctx() ctx: Context, @Arg('input', () => ReferClientInput) input: ReferClientInput) {
    const teamId = id('input.teamId', input.teamId);
    if (Boolean(input.clientId) === Boolean(input.newClient)) throw new BadUserInputError('input.clientId', 'give either clientId or newClient');
    const name = input.newClient ? text('input.newClient.name', input.newClient.name, 200) : null;
    const dateOfBirth = input.newClient?.dateOfBirth
      ? dayNotBefore('input.newClient.dateOfBirth', dayNotAfterToday('input.newClient.dateOfBirth', input.newClient.dateOfBirth, ctx.now), '1900-01-01', 'the year 1900')
      : null;
    const reason = text('input.reason', input.reason, 2000);
    const key = idempotencyKey('input.idempotencyKey', input.idempotencyKey);

    const sameReferral = async (first: Referral) => {
      if (first.team.id !== teamId || first.reasonCategory !== input.reasonCategory || first.reason !== reason) return false;
      if (input.clientId) return sameId(first.client.id, input.clientId);
      const record = await ctx.em.findOne(ClientRecord, { client: first.client.id });
      return record?.name === name && record.dateOfBirth === dateOfBirth;
    };
    return idempotent(
      ctx,
      key,
      () => ctx.em.findOne(Referral, { referredByProfessional: ctx.actor.professionalId, idempotencyKey: key }),
      sameReferral,
      // A new client's referral names her identity too: she came in by name.
      (referral) => referred(referral, Boolean(name)),
      () =>
        write(ctx, async (tx) => {
          const team = await tx.findOne(Team, teamId);
          if (!team) throw new BadUserInputError('input.teamId', 'no such team');
          let client: Client;
          if (input.clientId) {
            client = await involvedClientForUpdate(tx, ctx, input.clientId, { beyondBreakGlass: true });
            if (client.team) throw new ConflictError('She is already in a team');
            if (team.municipality.id !== (await herChainToday(tx, client.id, ctx.now))) throw new BadUserInputError('input.teamId', 'is a team of another municipality’s chain; hand her over to that city instead');
            if ((await tx.count(Referral, { client, status: 'OPEN' })) > 0) throw new ConflictError('She already has an open referral');
            if ((await tx.count(Handover, { client, status: { $in: OPEN_HANDOVER } })) > 0) throw new ConflictError('She has an open handover; it is completed or cancelled before she is referred');
            client.team = team;
          } else {
            client = await registerClient(tx, team, ctx.now);
            tx.create(ClientRecord, { client, name: name!, dateOfBirth });
          }
          const made = tx.create(Referral, {
            client,
            referredBy: tx.getReference(Organisation, ctx.actor.organisationId),
            referredByProfessional: tx.getReference(Professional, ctx.actor.professionalId),
            team,
            reasonCategory: input.reasonCategory,
            reason,
            createdAt: ctx.now,
            idempotencyKey: key,
          });
          await tx.flush();
          return { entity: made, audit: { ...referred(made, Boolean(name)), action: 'C', clientId: client.id } };
        }),
    );
  }

  @Mutation(() => Referral, {
    nullable: true,
    description: 'A case manager of the team takes her on: she becomes ACTIVE in the team, with you as her case manager; the care assignments she had until now (monitoring, regular care) end.',
  })
  async acceptReferral(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => {
      const referral = await this.decide(tx, ctx, input, 'ACCEPTED');
      const client = await tx.findOneOrFail(Client, referral.client.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      client.status = 'ACTIVE';
      // Her care moves to the team, as a completed handover moves it: whoever carried her until now
      // (procesregie's monitoring, regular care) lets go, and is no longer involved through care.
      const day = today(ctx.now);
      await letGoOfHer(tx, client, day);
      tx.create(CaseAssignment, {
        client,
        organisation: tx.getReference(Organisation, ctx.actor.organisationId),
        professional: tx.getReference(Professional, ctx.actor.professionalId),
        startedOn: day,
      });
      return { entity: referral, audit: { eventType: 'referral.accept', action: 'U', clientId: client.id, categories: ['BASIC'] } };
    });
  }

  @Mutation(() => Referral, {
    nullable: true,
    description: 'The team does not take her on. The team’s organisations stop seeing her unless something else involves them; someone new to the chain is CLOSED.',
  })
  async declineReferral(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => {
      const referral = await this.decide(tx, ctx, input, 'DECLINED');
      await this.release(tx, referral);
      return { entity: referral, audit: { eventType: 'referral.decline', action: 'U', clientId: referral.client.id, categories: ['BASIC'] } };
    });
  }

  @Mutation(() => Referral, {
    nullable: true,
    description: 'The referring organisation takes its referral back, with the same effects as a decline. Null when your organisation is then no longer involved with her.',
  })
  async withdrawReferral(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => {
      const referral = await this.decide(tx, ctx, input, 'WITHDRAWN');
      await this.release(tx, referral);
      return { entity: referral, audit: { eventType: 'referral.withdraw', action: 'U', clientId: referral.client.id, categories: ['BASIC'] } };
    });
  }

  /** The referral moved to `to` by who may: the team decides, the referrer withdraws. */
  private async decide(tx: EntityManager, ctx: Context, input: VersionInput, to: ReferralStatus): Promise<Referral> {
    const referral = await involvedRecord(tx, ctx, Referral, input.id, 'Referral');
    const mayDecide = to === 'WITHDRAWN' ? referral.referredBy.id === ctx.actor.organisationId : ctx.actor.teamIds.includes(referral.team.id);
    if (!mayDecide) {
      throw new ForbiddenError('ROLE_NOT_ALLOWED', to === 'WITHDRAWN' ? 'Only the referring organisation can withdraw a referral' : 'Only a case manager of the team it was referred to can decide on it');
    }
    await expectVersion(tx, referral, input.version);
    assertTransition('referral', REFERRAL_TRANSITIONS, referral.status, to);
    referral.status = to;
    referral.decidedAt = ctx.now;
    return referral;
  }

  /** Not taken on: she leaves the team she was referred to, and someone who was only referred is closed. */
  private async release(tx: EntityManager, referral: Referral): Promise<void> {
    const client = await tx.findOneOrFail(Client, referral.client.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (client.team?.id === referral.team.id) client.team = null;
    if (client.status === 'REFERRED') client.status = 'CLOSED';
  }

  @FieldResolver(() => Client, { description: 'Who is referred.' })
  client(@Root() r: Plain<Referral>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(r.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation that referred her.' })
  referredBy(@Root() r: Plain<Referral>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(r.referredBy.id);
  }

  @FieldResolver(() => Team, { description: 'The team asked to take her on.' })
  team(@Root() r: Plain<Referral>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Team).load(r.team.id);
  }
}
