import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors';
import { assertTransition } from '../../common/transitions';
import { dayNotBefore, recordedDay } from '../../common/validate';
import { assertShared, expectVersion, involvedClientForUpdate, involvedRecord, write } from '../../common/write';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { ZONE_REGISTRATION_TRANSITIONS, ZoneRegistration } from './zone-registration.entity';
import { IssueZoneRegistrationInput, RevokeZoneRegistrationInput } from './zone-registration.input';
import type { Plain } from '../../common/loaders';

const NUMBER = /^[A-Za-z0-9][A-Za-z0-9/-]{0,39}$/;

/**
 * A registration is her SEX_WORK data through and through: only a municipality she shares it with
 * issues or revokes one (`assertShared`), whatever public task the permit serves (docs/privacy.md §5).
 */
const ISSUE = { eventType: 'zone-registration.issue', action: 'C' } as const;
const REVOKE = { eventType: 'zone-registration.revoke', action: 'U' } as const;

@Resolver(() => ZoneRegistration)
export class ZoneRegistrationResolver {
  @Mutation(() => ZoneRegistration, {
    nullable: true,
    description: 'Permit officers: your municipality registers a client it is involved with to work on the zone; one active registration per municipality at a time. Only while she shares her SEX_WORK data with your municipality, else FORBIDDEN with the policy’s reason.',
  })
  async issueZoneRegistration(@Ctx() ctx: Context, @Arg('input', () => IssueZoneRegistrationInput) input: IssueZoneRegistrationInput) {
    const number = input.number.trim();
    if (!NUMBER.test(number)) throw new BadUserInputError('input.number', 'must be 1 to 40 letters, digits, "-" or "/"');
    const issuedOn = recordedDay('input.issuedOn', input.issuedOn, ctx.now);

    return write(ctx, async (tx) => {
      const client = await involvedClientForUpdate(tx, ctx, input.clientId);
      const municipality = await tx.findOneOrFail(Organisation, ctx.actor.organisationId);
      if (municipality.kind !== 'MUNICIPALITY') throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only a municipality issues zone registrations');
      const shared = await assertShared(ctx, client.id, 'SEX_WORK', ISSUE);
      // A number is unique among the municipality's own registrations only: whether another one holds
      // it is not for this one to learn (policy §1). Those of different women are locked apart, so the
      // number is locked too: the second of two at once is told it is in use, not met by the constraint.
      await tx.execute(`select pg_advisory_xact_lock(hashtext('ketenpoort.zone_registration_number:' || ? || ':' || ?))`, [municipality.id, number]);
      if ((await tx.count(ZoneRegistration, { municipality, number })) > 0) throw new BadUserInputError('input.number', 'is already in use');
      if ((await tx.count(ZoneRegistration, { client, municipality, revokedOn: null })) > 0) throw new ConflictError('She already holds an active registration of your municipality');
      // Backdated into a registration that held then, it would overlap it, and her latest (by the day
      // issued) would be the one revoked: the dashboard would show her unregistered, and this one
      // could neither be seen nor revoked.
      const previous = await tx.findOne(ZoneRegistration, { client, municipality }, { orderBy: { revokedOn: 'desc' } });
      if (previous?.revokedOn && issuedOn < previous.revokedOn) throw new BadUserInputError('input.issuedOn', 'lies before the day her previous registration of your municipality ended');
      const registration = tx.create(ZoneRegistration, {
        client,
        municipality,
        number,
        issuedOn,
        issuedBy: tx.getReference(Professional, ctx.actor.professionalId),
      });
      await tx.flush();
      return { entity: registration, audit: { ...ISSUE, ...shared, clientId: client.id, categories: ['SEX_WORK'] } };
    });
  }

  @Mutation(() => ZoneRegistration, { nullable: true, description: 'Permit officers: your municipality revokes a registration it issued, while she shares her SEX_WORK data with it (else FORBIDDEN with the policy’s reason).' })
  async revokeZoneRegistration(@Ctx() ctx: Context, @Arg('input', () => RevokeZoneRegistrationInput) input: RevokeZoneRegistrationInput) {
    const revokedOn = recordedDay('input.revokedOn', input.revokedOn, ctx.now);

    return write(ctx, async (tx) => {
      const registration = await involvedRecord(tx, ctx, ZoneRegistration, input.id, 'Zone registration');
      const shared = await assertShared(ctx, registration.client.id, 'SEX_WORK', REVOKE);
      if (registration.municipality.id !== ctx.actor.organisationId) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Only the municipality that issued it revokes a registration');
      await expectVersion(tx, registration, input.version);
      assertTransition('zone registration', ZONE_REGISTRATION_TRANSITIONS, registration.revokedOn ? 'REVOKED' : 'ACTIVE', 'REVOKED');
      registration.revokedOn = dayNotBefore('input.revokedOn', revokedOn, registration.issuedOn, 'the day it was issued');
      registration.revokedOnRequest = input.onRequest;
      return { entity: registration, audit: { ...REVOKE, ...shared, clientId: registration.client.id, categories: ['SEX_WORK'] } };
    });
  }
}

@Resolver(() => Client)
export class ClientZoneRegistrationResolver {
  @FieldResolver(() => ZoneRegistration, { nullable: true, description: 'SEX_WORK: her latest zone registration; null with a FORBIDDEN error when not shared with you.' })
  async zoneRegistration(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    const all = await ctx.loaders.many('zoneRegistrationsOfClient', ZoneRegistration, 'client', { orderBy: { issuedOn: 'desc', id: 'asc' } }).load(client.id);
    return all[0] ?? null;
  }
}
