import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../common/context';
import { enumObject } from '../../common/enums';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors';
import { NewestFirstArg, NewestFirstQuery, newestAtMost } from '../../common/pagination';
import { assertTransition } from '../../common/transitions';
import { id, optionalText } from '../../common/validate';
import { VersionInput } from '../../common/version.input';
import { assertOnCareTeam, expectVersion, involvedClientForUpdate, involvedRecord, write, type Written } from '../../common/write';
import type { PolicyActor } from '../../policy/decide';
import { caseManagerOf } from '../clients/care-responsibility';
import { herChainToday } from '../clients/her-chain';
import { Client } from '../clients/client.entity';
import { onlyThese, readableRows } from '../clients/involved-clients';
import { consentToReceive } from '../consents/consent-facts';
import { Consent } from '../consents/consent.entity';
import { Organisation, type OrganisationKind } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { moveCare, receivingTeam } from './handover-completion';
import { DESTINATIONS } from './handover-destination';
import { HANDOVER_TRANSITIONS, Handover, OPEN_HANDOVER, HandoverStatusEnum, type HandoverStatus } from './handover.entity';
import { AcceptHandoverInput, ProposeHandoverInput } from './handover.input';
import type { Plain } from '../../common/loaders';

export const HANDOVER_DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
export const HandoverDirectionEnum = enumObject(HANDOVER_DIRECTIONS);
registerEnumType(HandoverDirectionEnum, { name: 'HandoverDirection', description: 'INCOMING: to your organisation; OUTGOING: from it.' });

/** What a change of a handover's state is about, granted or refused: her status, BASIC data (policy §2). */
const ITS_STATUS = ['BASIC'];

/** Who answers a proposal: the receiving organisation — or, when her trajectory closes, the sending one itself. */
function answeringOrganisation(h: Handover): string {
  return h.toOrganisation?.id ?? h.fromOrganisation.id;
}

/**
 * The consent of the client that lets `receiver` take her on (policy §6), when the handover moves
 * her to another organisation; a move within one organisation needs none.
 */
async function receiverConsent(tx: EntityManager, h: Handover, receiver: PolicyActor, now: Date) {
  if (!h.toOrganisation || h.toOrganisation.id === h.fromOrganisation.id) return { needed: false as const };
  const consents = await tx.find(Consent, {
    client: h.client,
    $or: [{ organisation: receiver.organisationId }, { organisationKind: receiver.organisationKind as OrganisationKind }],
  });
  return { needed: true as const, consent: consentToReceive(receiver, consents, now) };
}

@Resolver(() => Handover)
export class HandoverResolver {
  @NewestFirstQuery(() => [Handover], 'Handovers to (INCOMING) or from (OUTGOING) your organisation, of clients you are involved with')
  handovers(
    @Ctx() ctx: Context,
    @Arg('direction', () => HandoverDirectionEnum) direction: (typeof HANDOVER_DIRECTIONS)[number],
    @Arg('status', () => [HandoverStatusEnum], { nullable: true }) status?: HandoverStatus[],
    @Arg('ids', () => [ID], { nullable: true, description: onlyThese('handovers', 'notes', 'notesCategory') }) ids?: string[] | null,
    @NewestFirstArg() first?: number | null,
  ) {
    const { organisationId } = ctx.actor;
    const where = { prop: direction === 'INCOMING' ? 'toOrganisation' : 'fromOrganisation', equals: organisationId };
    return readableRows(ctx, Handover, 'Query.handovers', { newest: 'proposedAt', status, where, ids, atMost: newestAtMost(first) });
  }

  @Mutation(() => Handover, {
    nullable: true,
    description:
      'Case managers of an organisation on her care team: propose to hand her care over. The receiving organisation sees her while it decides. One open handover per client.',
  })
  async proposeHandover(@Ctx() ctx: Context, @Arg('input', () => ProposeHandoverInput) input: ProposeHandoverInput) {
    const rule = DESTINATIONS[input.destination];
    const field = 'input.toOrganisationId';
    if (!rule.receivers && input.toOrganisationId) throw new BadUserInputError(field, 'a trajectory that closes has no receiving organisation');
    if (rule.receivers && !input.toOrganisationId) throw new BadUserInputError(field, `a handover to ${input.destination} names the receiving organisation`);
    const toId = input.toOrganisationId ? id(field, input.toOrganisationId) : null;
    const notes = optionalText('input.notes', input.notes, 4000);

    return write(ctx, async (tx) => {
      const client = await involvedClientForUpdate(tx, ctx, input.clientId);
      await assertOnCareTeam(tx, ctx, client.id, 'Only an organisation on her care team can hand her care over');
      if ((await tx.count(Handover, { client, status: { $in: OPEN_HANDOVER } })) > 0) throw new ConflictError('She already has an open handover');

      const to = toId ? await tx.findOne(Organisation, toId) : null;
      if (toId && !to) throw new BadUserInputError(field, 'no such organisation');
      if (to) {
        if (!rule.receivers!.includes(to.kind)) throw new BadUserInputError(field, `a ${to.kind} organisation does not receive a handover to ${input.destination}`);
        if (to.id === ctx.actor.organisationId && !rule.inTeam) throw new BadUserInputError(field, 'is your own organisation');
        if (input.destination === 'OTHER_MUNICIPALITY' && to.id === (await herChainToday(tx, client.id, ctx.now))) throw new BadUserInputError(field, 'is the municipality whose chain she is in');
        if (rule.ofHerChain && to.municipality?.id !== (await herChainToday(tx, client.id, ctx.now))) throw new BadUserInputError(field, 'is an organisation of another municipality’s chain');
        if (rule.inTeam && !(await receivingTeam(tx, client, to.id, null, ctx.now))) throw new BadUserInputError(field, 'has no case managers in a team of her chain');
      }
      const notesCategory = input.notesCategory ?? 'BASIC';
      const handover = tx.create(Handover, {
        client,
        fromOrganisation: tx.getReference(Organisation, ctx.actor.organisationId),
        toOrganisation: to,
        destination: input.destination,
        notes,
        notesCategory,
        proposedBy: tx.getReference(Professional, ctx.actor.professionalId),
        proposedAt: ctx.now,
      });
      await tx.flush();
      return { entity: handover, audit: { eventType: 'handover.propose', action: 'C', clientId: client.id, categories: [...new Set(['BASIC', notesCategory])] } };
    });
  }

  @Mutation(() => Handover, {
    nullable: true,
    description:
      'The receiving organisation takes her on (a closing trajectory: the sending organisation confirms). Needs a valid consent of the client for your organisation, else FORBIDDEN with reason NO_CONSENT.',
  })
  async acceptHandover(@Ctx() ctx: Context, @Arg('input', () => AcceptHandoverInput) input: AcceptHandoverInput) {
    const caseManagerId = input.caseManagerId ? id('input.caseManagerId', input.caseManagerId) : null;
    return write(ctx, async (tx) => {
      const h = await this.answer(tx, ctx, input, 'ACCEPTED');
      if (caseManagerId) {
        if (!h.toOrganisation) throw new BadUserInputError('input.caseManagerId', 'is not a case manager of the receiving organisation');
        const cm = await caseManagerOf(tx, h.toOrganisation.id, caseManagerId, 'input.caseManagerId', 'the receiving organisation');
        // Into the Stapteam caseload she joins a team of her chain that her case manager works in
        // (moveCare): one in none would be accepted here and then refused, as CONFLICT, by every
        // completion, leaving the sending side nothing to do but cancel.
        if (DESTINATIONS[h.destination].inTeam && !(await receivingTeam(tx, await tx.findOneOrFail(Client, h.client.id), cm.organisation.id, cm.id, ctx.now))) {
          throw new BadUserInputError('input.caseManagerId', 'is in no team of her chain');
        }
        h.receivingCaseManager = cm;
      }
      const check = await receiverConsent(tx, h, ctx.actor, ctx.now);
      if (check.needed && !check.consent) {
        throw ctx.audit.refuse(
          { eventType: 'handover.accept', action: 'U', outcome: 'DENIED', clientId: h.client.id, categories: ITS_STATUS, careRelationshipChecked: true, consentChecked: true, reason: 'NO_CONSENT' },
          new ForbiddenError('NO_CONSENT', 'The client has not consented to share her data with your organisation; record her consent first'),
        );
      }
      return {
        entity: h,
        audit: { eventType: 'handover.accept', action: 'U', clientId: h.client.id, categories: ITS_STATUS, consentChecked: check.needed, consentId: check.needed ? check.consent!.id : null },
      };
    });
  }

  @Mutation(() => Handover, { nullable: true, description: 'The receiving organisation does not take her on. Null when your organisation is then no longer involved with her.' })
  async rejectHandover(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => this.audited(await this.answer(tx, ctx, input, 'REJECTED'), 'handover.reject'));
  }

  @Mutation(() => Handover, { nullable: true, description: 'The sending organisation takes back a handover not yet completed: a proposal, or one accepted that she no longer consents to or that will not go ahead.' })
  async cancelHandover(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => this.audited(await this.bySender(tx, ctx, input, 'CANCELLED'), 'handover.cancel'));
  }

  @Mutation(() => Handover, {
    nullable: true,
    description:
      'The sending organisation completes an accepted handover: all her active case assignments end, the receiver’s begins (its case manager, if it named one), her status follows the destination, and she leaves the team unless she stays in the Stapteam caseload; leaving it ends her running trajectories with the handover’s outcome. Null when your organisation is then no longer involved with her.',
  })
  async completeHandover(@Ctx() ctx: Context, @Arg('input', () => VersionInput) input: VersionInput) {
    return write(ctx, async (tx) => {
      const h = await this.bySender(tx, ctx, input, 'COMPLETED');
      // Consent may have been revoked since acceptance: care never moves to an organisation without it.
      let consent: { checked: boolean; id: string | null } = { checked: false, id: null };
      if (h.decidedBy && h.toOrganisation) {
        // The receiving organisation's consent, for the purposes of the role that accepted for it —
        // not of the organisation that professional works for now: moved since, she would have
        // let her new employer's consent carry care to an organisation the client no longer consents to.
        const accepter = await tx.findOneOrFail(Professional, h.decidedBy.id);
        const receiving = await tx.findOneOrFail(Organisation, h.toOrganisation.id);
        const receiver: PolicyActor = { professionalId: accepter.id, organisationId: receiving.id, organisationKind: receiving.kind, roles: accepter.roles };
        const check = await receiverConsent(tx, h, receiver, ctx.now);
        // Her line says her consent was checked, and names the one care moves on (policy §7), as
        // the acceptance's does; a refusal is that line too, not a bare `mutation.completeHandover`.
        if (check.needed && !check.consent) {
          throw ctx.audit.refuse(
            { eventType: 'handover.complete', action: 'U', outcome: 'DENIED', clientId: h.client.id, categories: ITS_STATUS, careRelationshipChecked: true, consentChecked: true, reason: 'NO_CONSENT' },
            new ForbiddenError('NO_CONSENT', 'The client no longer consents to share her data with the receiving organisation'),
          );
        }
        if (check.needed) consent = { checked: true, id: check.consent!.id };
      }
      h.completedAt = ctx.now;
      await moveCare(tx, h, ctx.now);
      const written = this.audited(h, 'handover.complete');
      return { ...written, audit: { ...written.audit, consentChecked: consent.checked, consentId: consent.id } };
    });
  }

  /** The receiving side's answer to a proposal. */
  private async answer(tx: EntityManager, ctx: Context, input: VersionInput, to: HandoverStatus): Promise<Handover> {
    const h = await involvedRecord(tx, ctx, Handover, input.id, 'Handover');
    if (answeringOrganisation(h) !== ctx.actor.organisationId) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only the receiving organisation answers a handover');
    await this.move(tx, h, input.version, to);
    h.decidedBy = tx.getReference(Professional, ctx.actor.professionalId);
    h.decidedAt = ctx.now;
    return h;
  }

  /** A step only the sending side takes. */
  private async bySender(tx: EntityManager, ctx: Context, input: VersionInput, to: HandoverStatus): Promise<Handover> {
    const h = await involvedRecord(tx, ctx, Handover, input.id, 'Handover');
    if (h.fromOrganisation.id !== ctx.actor.organisationId) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only the sending organisation can do this');
    await this.move(tx, h, input.version, to);
    return h;
  }

  private async move(tx: EntityManager, h: Handover, version: number, to: HandoverStatus): Promise<void> {
    await expectVersion(tx, h, version);
    assertTransition('handover', HANDOVER_TRANSITIONS, h.status, to);
    h.status = to;
  }

  private audited(h: Handover, eventType: string): Written<Handover> {
    return { entity: h, audit: { eventType, action: 'U', clientId: h.client.id, categories: ITS_STATUS } };
  }

  @FieldResolver(() => Client, { description: 'Whose care moves.' })
  client(@Root() h: Plain<Handover>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(h.client.id);
  }

  @FieldResolver(() => Organisation, { description: 'The organisation handing over.' })
  fromOrganisation(@Root() h: Plain<Handover>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(h.fromOrganisation.id);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The receiving organisation; null when the trajectory closes.' })
  toOrganisation(@Root() h: Plain<Handover>, @Ctx() ctx: Context) {
    return h.toOrganisation ? ctx.loaders.one(Organisation).load(h.toOrganisation.id) : null;
  }

  @FieldResolver(() => Professional, { description: 'Who proposed it.' })
  proposedBy(@Root() h: Plain<Handover>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(h.proposedBy.id);
  }

  @FieldResolver(() => Professional, { nullable: true, description: 'Who accepted or rejected it.' })
  decidedBy(@Root() h: Plain<Handover>, @Ctx() ctx: Context) {
    return h.decidedBy ? ctx.loaders.one(Professional).load(h.decidedBy.id) : null;
  }

  @FieldResolver(() => Professional, { nullable: true, description: 'The case manager the receiving organisation named; null when it takes her on as an organisation.' })
  receivingCaseManager(@Root() h: Plain<Handover>, @Ctx() ctx: Context) {
    return h.receivingCaseManager ? ctx.loaders.one(Professional).load(h.receivingCaseManager.id) : null;
  }
}

@Resolver(() => Client)
export class ClientHandoversResolver {
  @FieldResolver(() => [Handover], { description: 'Handovers of her care, newest first.' })
  handovers(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    return ctx.loaders.many('handoversOfClient', Handover, 'client', { orderBy: { proposedAt: 'desc', id: 'asc' } }).load(client.id);
  }
}
