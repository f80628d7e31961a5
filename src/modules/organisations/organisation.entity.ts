import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Opt, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '../../common/enums';

export const ORGANISATION_KINDS = ['CARE_PROVIDER', 'MENTAL_HEALTH_PROVIDER', 'SAFETY_HOUSE', 'MUNICIPALITY', 'REGULAR_CARE'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const OrganisationKindEnum = enumObject(ORGANISATION_KINDS);
registerEnumType(OrganisationKindEnum, { name: 'OrganisationKind', description: 'The kind of organisation; consents and objections may name a whole kind.' });

@ObjectType({ description: 'An organisation of the chain; each is its own data controller.' })
@Entity()
// Whatever its capitals: two "Iriszorg"s would be told apart by nobody (migration …_names_unique_whatever_their_capitals).
@Unique({ name: 'organisation_name_unique', expression: 'create unique index "organisation_name_unique" on "organisation" (lower("name"))' })
export class Organisation {
  @Field(() => ID, { description: 'The organisation’s id.' })
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @Field({ description: 'The organisation’s name.' })
  @Property({ type: 'text' })
  name: string;

  @Field(() => OrganisationKindEnum, { description: 'What kind of organisation this is.' })
  @Enum({ items: () => [...ORGANISATION_KINDS], type: 'text' })
  kind: OrganisationKind;

  /** The municipality whose chain it belongs to (a municipality belongs to itself once saved). */
  @Index()
  @ManyToOne(() => Organisation, { nullable: true, deleteRule: 'restrict' })
  municipality: Opt<Organisation> | null = null;

  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
