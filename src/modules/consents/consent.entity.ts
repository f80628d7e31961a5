import { ArrayType, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType, Int } from 'type-graphql';
import { DataCategory, PurposeEnum, enumObject } from '../../common/enums';
import type { Transitions } from '../../common/transitions';
import { CATEGORIES, PURPOSES, type Category, type Purpose } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { ORGANISATION_KINDS, Organisation, OrganisationKindEnum, type OrganisationKind } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';

export const CONSENT_EFFECTS = ['PERMIT', 'DENY'] as const;
export type ConsentEffect = (typeof CONSENT_EFFECTS)[number];
export const ConsentEffectEnum = enumObject(CONSENT_EFFECTS);
registerEnumType(ConsentEffectEnum, {
  name: 'ConsentEffect',
  description: 'PERMIT shares the categories; DENY is an objection that withholds them (the more specific consent wins; at equal specificity the objection).',
});

export const LEGAL_BASES = ['CONSENT', 'VITAL_INTEREST', 'LEGAL_OBLIGATION', 'PUBLIC_TASK'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const LegalBasisEnum = enumObject(LEGAL_BASES);
registerEnumType(LegalBasisEnum, { name: 'LegalBasis', description: 'The GDPR article 6/9 basis the sharing rests on.' });

/**
 * A consent's state follows from its dates and its revocation, so time moves it too: it becomes
 * ACTIVE when it starts and EXPIRED when it ends; only a revocation is written by a person.
 */
export const CONSENT_STATES = ['NOT_STARTED', 'ACTIVE', 'EXPIRED', 'REVOKED'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];
export const CONSENT_TRANSITIONS: Transitions<ConsentState> = {
  NOT_STARTED: ['ACTIVE', 'REVOKED'],
  ACTIVE: ['REVOKED', 'EXPIRED'],
  EXPIRED: [],
  REVOKED: [],
};

const list = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(', ')}]::text[]`;

/** A client's consent for an organisation (or a kind of organisation) to see some categories. */
@ObjectType({ description: 'What the client agreed to share (or objected to sharing), with whom, for what and until when.' })
@Entity()
@Index({ properties: ['client', 'organisation'] })
@Index({ properties: ['organisation', 'client'] })
@Check({ name: 'consent_grantee', expression: '(organisation_id is null) <> (organisation_kind is null)' })
@Check({ name: 'consent_period', expression: 'valid_until is null or valid_until > valid_from' })
@Check({ name: 'consent_categories_known', expression: `categories is null or (categories <@ ${list(CATEGORIES.filter((c) => c !== 'BASIC'))} and cardinality(categories) > 0)` })
@Check({ name: 'consent_purpose', expression: `(effect = 'DENY' or purpose is not null)` })
@Check({ name: 'consent_revocation', expression: '(revoked_at is null) = (revocation_reason is null)' })
@Check({ name: 'consent_revocation_reason_category', expression: 'revocation_reason_category is null or revoked_at is not null' })
@Unique({ properties: ['recordedBy', 'idempotencyKey'] })
export class Consent {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade' })
  client: Client;

  @Field(() => ConsentEffectEnum)
  @Enum({ items: () => [...CONSENT_EFFECTS], type: 'text' })
  effect: ConsentEffect;

  @ManyToOne(() => Organisation, { nullable: true, deleteRule: 'restrict' })
  organisation: Opt<Organisation> | null = null;

  @Field(() => OrganisationKindEnum, { nullable: true, description: 'Set when the consent names a whole kind of organisation instead of one.' })
  @Enum({ items: () => [...ORGANISATION_KINDS], type: 'text', nullable: true })
  organisationKind: Opt<OrganisationKind> | null = null;

  @Field(() => [DataCategory], { nullable: true, description: 'The categories it covers; null means every category.' })
  @Property({ type: ArrayType, nullable: true })
  categories: Opt<Category[]> | null = null;

  @Field(() => PurposeEnum, { nullable: true, description: 'What the data may be used for; null only for an objection, which holds for every purpose.' })
  @Enum({ items: () => [...PURPOSES], type: 'text', nullable: true })
  purpose: Opt<Purpose> | null = null;

  @Field(() => LegalBasisEnum)
  @Enum({ items: () => [...LEGAL_BASES], type: 'text' })
  legalBasis: Opt<LegalBasis> = 'CONSENT';

  @Field({ description: 'From when it holds.' })
  @Property({ type: 'timestamptz' })
  validFrom: Date;

  @Field(() => Date, { nullable: true, description: 'Until when it holds; null = until revoked.' })
  @Property({ type: 'timestamptz', nullable: true })
  validUntil: Opt<Date> | null = null;

  @Field(() => Date, { nullable: true, description: 'When the client revoked it.' })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Opt<Date> | null = null;

  /**
   * Null on a revocation recorded before its category was asked: its reason is then withheld from
   * everyone (policy/rules.ts), never given a category made up afterwards.
   */
  @Field(() => DataCategory, { nullable: true, description: 'What the revocation reason is about; the reason is shown only to who may see that category. Null when not revoked, and on a revocation recorded before it was asked, whose reason no one sees.' })
  @Enum({ items: () => [...CATEGORIES], type: 'text', nullable: true })
  revocationReasonCategory: Opt<Category> | null = null;

  @Field(() => String, { nullable: true, description: 'Why, in the client’s words as recorded (guarded by `revocationReasonCategory`).' })
  @Property({ type: 'text', nullable: true })
  revocationReason: Opt<string> | null = null;

  @ManyToOne(() => Professional, { deleteRule: 'restrict' })
  recordedBy: Professional;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = new Date();

  /** The recorder's application's key for this request: a resend returns this consent, not a twin that would outlive its revocation. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: Opt<string> | null = null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
