import { ArrayType, BigIntType, Entity, Enum, Index, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DataCategory } from '../../common/enums';

export const AUDIT_ACTIONS = ['C', 'R', 'U', 'D', 'E'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_OUTCOMES = ['GRANTED', 'DENIED', 'ERROR'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One line of the NEN 7513 access log. No foreign keys on purpose: the log outlives the records
 * it speaks of (kept at least five years) and must never be changed by a cascade.
 */
@ObjectType({ description: 'One access to or change of a client’s data, as the audit log (NEN 7513) holds it, told so she can follow it.' })
@Entity()
@Index({ properties: ['clientId', 'occurredAt'] })
@Index({ properties: ['occurredAt'] })
// The lines under no client by organisation, newest first: the directory's changes read back
// (migrations/Migration20261209090000_directory_changes_by_organisation.ts).
@Index({
  name: 'audit_event_organisation_id_chain_position_without_client_index',
  expression: `create index "audit_event_organisation_id_chain_position_without_client_index" on "audit_event" ("organisation_id", "chain_position") where "client_id" is null`,
})
export class AuditEvent {
  @Field(() => ID)
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id: string;

  @Field({ description: 'When it happened.' })
  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  occurredAt: Date;

  /** e.g. `client.read`, `consent.record`, `objection.record`, `break-glass.open`, `auth.failure`. */
  @Field({ description: 'What happened, as a code: `client.read`, `consent.record`, `break-glass.open`, `mutation.<name>` for a refused change, …' })
  @Property({ type: 'text' })
  eventType: string;

  /** FHIR AuditEvent action code: Create, Read, Update, Delete, Execute. */
  @Enum({ items: () => [...AUDIT_ACTIONS], type: 'text' })
  action: AuditAction;

  @Enum({ items: () => [...AUDIT_OUTCOMES], type: 'text' })
  outcome: AuditOutcome;

  @Property({ type: 'uuid', nullable: true }) professionalId: Opt<string> | null = null;
  @Property({ type: 'uuid', nullable: true }) responsibleProfessionalId: Opt<string> | null = null;
  @Property({ type: 'uuid', nullable: true }) organisationId: Opt<string> | null = null;
  @Property({ type: ArrayType }) roles: Opt<string[]> = [];
  @Property({ type: 'text', nullable: true }) application: Opt<string> | null = null;
  @Property({ type: 'text', nullable: true }) networkAddress: Opt<string> | null = null;
  @Property({ type: 'uuid', nullable: true }) clientId: Opt<string> | null = null;
  @Field(() => [DataCategory], { description: 'Which of her data it concerned.' })
  @Property({ type: ArrayType }) categories: Opt<string[]> = [];
  @Property({ type: ArrayType }) fields: Opt<string[]> = [];
  @Property({ type: 'boolean' }) authorisationChecked: Opt<boolean> = true;
  @Property({ type: 'boolean' }) careRelationshipChecked: Opt<boolean> = false;
  @Property({ type: 'boolean' }) consentChecked: Opt<boolean> = false;
  @Field(() => Boolean, { description: 'Whether emergency access (break-glass) was used.' })
  @Property({ type: 'boolean' }) breakGlassUsed: Opt<boolean> = false;
  @Field(() => ID, { nullable: true, description: 'The consent that allowed or refused it.' })
  @Property({ type: 'uuid', nullable: true }) consentId: Opt<string> | null = null;
  @Field(() => ID, { nullable: true, description: 'The break-glass grant it rested on.' })
  @Property({ type: 'uuid', nullable: true }) grantId: Opt<string> | null = null;
  /**
   * Deny reason, or the break-glass reason, or the error code; on a granted line about one record,
   * that record: the grant whose reason a `break-glass.review` read, the consent a `consent.…` or
   * `objection.…` change made or revoked.
   */
  @Property({ type: 'text', nullable: true }) reason: Opt<string> | null = null;
  @Property({ type: 'text', nullable: true }) operationName: Opt<string> | null = null;
  @Property({ type: 'text', nullable: true }) requestId: Opt<string> | null = null;
  /** W3C trace context, shared with the Logboek Dataverwerkingen standard. */
  @Field(() => String, { nullable: true, description: 'The W3C trace id of the request, to find it in other organisations’ logs (Logboek Dataverwerkingen).' })
  @Property({ type: 'text', nullable: true }) traceId: Opt<string> | null = null;
  @Property({ type: 'text', nullable: true }) spanId: Opt<string> | null = null;
  /** The caller's span (`traceparent` parent id) under which the gateway's own span ran. */
  @Property({ type: 'text', nullable: true }) parentSpanId: Opt<string> | null = null;
  /**
   * Place in the hash chain and the chain itself, set by the database's insert trigger under one
   * lock (migrations …_audit_append_only), so no application path can skip or fork the chain.
   */
  @Property({ type: new BigIntType('string'), unique: true }) chainPosition: Opt<string>;
  @Property({ type: 'text' }) prevHash: Opt<string>;
  @Property({ type: 'text' }) hash: Opt<string>;
}
