import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, Int } from 'type-graphql';
import type { Transitions } from '../../common/transitions';
import { DateScalar } from '../../common/scalars';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';

/** A registration is ACTIVE until revoked (its `revokedOn` day says so); a revoked one stays revoked. */
export type ZoneRegistrationState = 'ACTIVE' | 'REVOKED';
export const ZONE_REGISTRATION_TRANSITIONS: Transitions<ZoneRegistrationState> = { ACTIVE: ['REVOKED'], REVOKED: [] };

/** The municipal permit to work on the tippelzone (SEX_WORK). */
@ObjectType({ description: 'A zone registration (permit to work on the tippelzone); SEX_WORK data.' })
@Entity()
@Index({ properties: ['municipality', 'issuedOn'] })
// A municipality numbers its own permits. Unique across the chain, a number in use would tell another
// municipality that a woman it does not know holds it (policy §1: not involved = not found).
@Unique({ properties: ['municipality', 'number'] })
@Check({ name: 'zone_registration_revocation', expression: 'revoked_on is null or revoked_on >= issued_on' })
@Check({ name: 'zone_registration_on_request', expression: 'revoked_on is not null or not revoked_on_request' })
export class ZoneRegistration {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade', index: true })
  client: Client;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict' })
  municipality: Organisation;

  @Field({ description: 'The permit number.' })
  @Property({ type: 'text' })
  number: string;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  issuedOn: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  revokedOn: Opt<string> | null = null;

  @Field(() => Boolean, { description: 'Revoked because she asked for it.' })
  @Property({ type: 'boolean' })
  revokedOnRequest: Opt<boolean> = false;

  @ManyToOne(() => Professional, { deleteRule: 'restrict' })
  issuedBy: Professional;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}

/** Outreach workers note that a woman was seen working on the zone: "active on the zone" counts these. */
@Entity()
@Index({ properties: ['observedOn'] })
@Index({ properties: ['client', 'observedOn'] })
export class ZoneObservation {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade' })
  client: Client;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  observedBy: Organisation;

  @Property({ type: 'date' })
  observedOn: string;
}
