import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType, Int } from 'type-graphql';
import { DataCategory, enumObject } from '../../common/enums';
import type { Transitions } from '../../common/transitions';
import { CATEGORIES, type Category } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';

export const HANDOVER_DESTINATIONS = ['CLOSED', 'REGULAR_CARE', 'OTHER_MUNICIPALITY', 'MONITORING', 'STAPTEAM'] as const;
export type HandoverDestination = (typeof HANDOVER_DESTINATIONS)[number];
export const HandoverDestinationEnum = enumObject(HANDOVER_DESTINATIONS);
registerEnumType(HandoverDestinationEnum, {
  name: 'HandoverDestination',
  description: 'Where responsibility moves: the trajectory closes, regular care, another municipality, monitoring by procesregie, or the Stapteam 2.0 caseload.',
});

export const HANDOVER_STATUSES = ['PROPOSED', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'COMPLETED'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const HandoverStatusEnum = enumObject(HANDOVER_STATUSES);
registerEnumType(HandoverStatusEnum, { name: 'HandoverStatus' });

/** The receiving side accepts or rejects, the sending side may cancel until then; care moves on completion. */
export const HANDOVER_TRANSITIONS: Transitions<HandoverStatus> = {
  PROPOSED: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
  // Cancelled once accepted too: completing needs her consent still, and without this a handover
  // she stopped consenting to would stay open for good, and no other could be proposed.
  ACCEPTED: ['COMPLETED', 'CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
  COMPLETED: [],
};

/** Still to be decided or carried out: one at a time per client. */
export const OPEN_HANDOVER: HandoverStatus[] = ['PROPOSED', 'ACCEPTED'];

@ObjectType({ description: 'Responsibility for a client moving from one organisation to another (overdracht).' })
@Entity()
@Index({ properties: ['toOrganisation', 'status'] })
@Index({ properties: ['fromOrganisation', 'status'] })
@Index({ properties: ['status', 'completedAt'] })
// Her handovers proposed to the organisation, for `is_involved`'s plan, which cannot know how many the
// organisation has (migrations/Migration20261205090000_open_referrals_and_proposed_handovers_by_client.ts).
@Index({
  name: 'handover_client_id_to_organisation_id_proposed_index',
  expression: `create index "handover_client_id_to_organisation_id_proposed_index" on "handover" ("client_id", "to_organisation_id") where "status" = 'PROPOSED'`,
})
@Check({ name: 'handover_target', expression: `(destination = 'CLOSED') = (to_organisation_id is null)` })
// Within Stapteam 2.0 a client may move between case managers of one organisation.
@Check({ name: 'handover_not_to_self', expression: `to_organisation_id is null or to_organisation_id <> from_organisation_id or destination = 'STAPTEAM'` })
@Check({ name: 'handover_completed', expression: `(status = 'COMPLETED') = (completed_at is not null)` })
export class Handover {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade', index: true })
  client: Client;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict' })
  fromOrganisation: Organisation;

  /** Null only when the trajectory closes. */
  @ManyToOne(() => Organisation, { nullable: true, deleteRule: 'restrict' })
  toOrganisation: Opt<Organisation> | null = null;

  @Field(() => HandoverDestinationEnum)
  @Enum({ items: () => [...HANDOVER_DESTINATIONS], type: 'text' })
  destination: HandoverDestination;

  @Field(() => HandoverStatusEnum)
  @Enum({ items: () => [...HANDOVER_STATUSES], type: 'text' })
  status: Opt<HandoverStatus> = 'PROPOSED';

  @Field(() => DataCategory, { description: 'What the notes are about; they are shown only to who may see that category.' })
  @Enum({ items: () => [...CATEGORIES], type: 'text' })
  notesCategory: Opt<Category> = 'BASIC';

  @Field(() => String, { nullable: true, description: 'Handover notes (guarded by `notesCategory`).' })
  @Property({ type: 'text', nullable: true })
  notes: Opt<string> | null = null;

  @ManyToOne(() => Professional, { deleteRule: 'restrict' })
  proposedBy: Professional;

  @ManyToOne(() => Professional, { nullable: true, deleteRule: 'restrict' })
  decidedBy: Opt<Professional> | null = null;

  /** The case manager the receiving organisation named when it accepted; null: the organisation itself. */
  @ManyToOne(() => Professional, { nullable: true, deleteRule: 'restrict' })
  receivingCaseManager: Opt<Professional> | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  proposedAt: Opt<Date> = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Opt<Date> | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Opt<Date> | null = null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
