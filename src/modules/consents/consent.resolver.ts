import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError } from '../../common/errors';
import { assertTransition } from '../../common/transitions';
import { id, idempotencyKey, notBeforeRecordWindow, sameId, text } from '../../common/validate';
import { expectVersion, idempotent, involvedClientForUpdate, involvedRecord, write, type MadeLine } from '../../common/write';
import { CATEGORIES, type Category } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { consentsOfClient, stateOf } from './consent-facts';
import { CONSENT_TRANSITIONS, Consent } from './consent.entity';
import { RecordConsentInput, RevokeConsentInput } from './consent.input';
import type { Plain } from '../../common/loaders';

const SHAREABLE = CATEGORIES.filter((c) => c !== 'BASIC');

/** Categories as the client named them: at least one, never BASIC (it needs no consent), none twice. */
function consentCategories(categories: Category[] | null | undefined): Category[] | null {
  if (categories == null) return null;
  const field = 'input.categories';
  if (categories.length === 0) throw new BadUserInputError(field, 'name at least one category, or leave it out for every category');
  if (categories.includes('BASIC')) throw new BadUserInputError(field, 'BASIC needs no consent and cannot be named');
  if (new Set(categories).size !== categories.length) throw new BadUserInputError(field, 'names a category twice');
  return categories;
}

/**
 * A change of a consent, as its audit line names it: `consent.…` or, for an objection,
 * `objection.…`. The line names the consent in `reason`, not in `consentId`: that is the consent a
 * line rested on, and a change of her consents rests on the care relationship (policy §7).
 */
function changeOf(c: Consent): 'consent' | 'objection' {
  return c.effect === 'DENY' ? 'objection' : 'consent';
}

/** A consent's line names the categories it covers ("all" as every one that can be shared). */
const RECORDED = (consent: Consent): MadeLine => ({ eventType: `${changeOf(consent)}.record`, categories: [...(consent.categories ?? SHAREABLE)] });

@Resolver(() => Consent)
export class ConsentResolver {
  @Mutation(() => Consent, {
    nullable: true,
    description: 'Case managers: record a consent or objection of a client your organisation is involved with other than through break-glass (else FORBIDDEN, ROLE_NOT_ALLOWED). It holds from `validFrom` on, for every organisation it names, on the very next request.',
  })
  async recordConsent(@Ctx() ctx: Context, @Arg('input', () => RecordConsentInput) input: RecordConsentInput) {
    if (Boolean(input.organisationId) === Boolean(input.organisationKind)) {
      throw new BadUserInputError('input.organisationId', 'give either organisationId or organisationKind');
    }
    const organisationId = input.organisationId ? id('input.organisationId', input.organisationId) : null;
    const categories = consentCategories(input.categories);
    if (input.effect === 'PERMIT' && !input.purpose) throw new BadUserInputError('input.purpose', 'a permission names what the data may be used for');
    // An objection holds for every purpose (decide.ts): one stored with a purpose would read as
    // limited to it, to whoever looks at her consents.
    if (input.effect === 'DENY' && input.purpose) throw new BadUserInputError('input.purpose', 'an objection holds for every purpose: leave purpose out');
    // Given on paper before it was recorded, as far back as any record of the chain's work: older
    // than that is a slip, and the consent would claim she agreed before she did.
    const validFrom = input.validFrom ? notBeforeRecordWindow('input.validFrom', input.validFrom, ctx.now) : ctx.now;
    if (input.validUntil && input.validUntil <= validFrom) throw new BadUserInputError('input.validUntil', 'must lie after validFrom');
    if (input.validUntil && input.validUntil <= ctx.now) throw new BadUserInputError('input.validUntil', 'has already passed');
    const key = idempotencyKey('input.idempotencyKey', input.idempotencyKey);

    const sameConsent = (first: Consent) =>
      sameId(first.client.id, input.clientId) &&
      first.effect === input.effect &&
      (first.organisation?.id ?? null) === organisationId &&
      first.organisationKind === (input.organisationKind ?? null) &&
      String(first.categories && [...first.categories].sort()) === String(categories && [...categories].sort()) &&
      first.purpose === (input.purpose ?? null) &&
      first.legalBasis === (input.legalBasis ?? 'CONSENT') &&
      (first.validUntil?.getTime() ?? null) === (input.validUntil?.getTime() ?? null) &&
      (!input.validFrom || first.validFrom.getTime() === input.validFrom.getTime());
    return idempotent(
      ctx,
      key,
      () => ctx.em.findOne(Consent, { recordedBy: ctx.actor.professionalId, idempotencyKey: key }),
      sameConsent,
      RECORDED,
      () =>
        write(ctx, async (tx) => {
          const client = await involvedClientForUpdate(tx, ctx, input.clientId, { beyondBreakGlass: true });
          const organisation = organisationId ? await tx.findOne(Organisation, organisationId) : null;
          if (organisationId && !organisation) throw new BadUserInputError('input.organisationId', 'no such organisation');
          const consent = tx.create(Consent, {
            client,
            effect: input.effect,
            organisation,
            organisationKind: input.organisationKind ?? null,
            categories,
            purpose: input.purpose ?? null,
            legalBasis: input.legalBasis ?? 'CONSENT',
            validFrom,
            validUntil: input.validUntil ?? null,
            recordedBy: tx.getReference(Professional, ctx.actor.professionalId),
            recordedAt: ctx.now,
            idempotencyKey: key,
          });
          await tx.flush();
          return {
            entity: consent,
            audit: { ...RECORDED(consent), action: 'C', clientId: client.id, reason: consent.id },
          };
        }),
    );
  }

  @Mutation(() => Consent, {
    nullable: true,
    description: 'Case managers of an organisation involved with her other than through break-glass: the client takes back a consent or objection. It stops holding on the very next request. Null when that ended your organisation’s involvement with her.',
  })
  async revokeConsent(@Ctx() ctx: Context, @Arg('input', () => RevokeConsentInput) input: RevokeConsentInput) {
    const reason = text('input.reason', input.reason, 1000);
    return write(ctx, async (tx) => {
      const consent = await involvedRecord(tx, ctx, Consent, input.id, 'Consent', { beyondBreakGlass: true });
      await expectVersion(tx, consent, input.version);
      assertTransition('consent', CONSENT_TRANSITIONS, stateOf(consent, ctx.now), 'REVOKED');
      consent.revokedAt = ctx.now;
      consent.revocationReason = reason;
      consent.revocationReasonCategory = input.reasonCategory;
      // The line names what her sharing changed for and what her words are about, as a referral's names its reason's.
      const categories = [...new Set([...(consent.categories ?? SHAREABLE), input.reasonCategory])];
      return {
        entity: consent,
        audit: { eventType: `${changeOf(consent)}.revoke`, action: 'U', clientId: consent.client.id, categories, reason: consent.id },
      };
    });
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation it names; null when it names a kind of organisation.' })
  organisation(@Root() c: Plain<Consent>, @Ctx() ctx: Context) {
    return c.organisation ? ctx.loaders.one(Organisation).load(c.organisation.id) : null;
  }

  @FieldResolver(() => Professional, { description: 'Who recorded it.' })
  recordedBy(@Root() c: Plain<Consent>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(c.recordedBy.id);
  }

  @FieldResolver(() => String, { description: 'ACTIVE, NOT_STARTED, EXPIRED or REVOKED, now.' })
  state(@Root() c: Plain<Consent>, @Ctx() ctx: Context) {
    return stateOf(c, ctx.now);
  }
}

@Resolver(() => Client)
export class ClientConsentsResolver {
  @FieldResolver(() => [Consent], { nullable: true, description: 'Her consents and objections, newest first (case managers and the process director).' })
  consents(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    return consentsOfClient(ctx.loaders).load(client.id);
  }
}
