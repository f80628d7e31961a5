import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType, Int } from 'type-graphql';
import { DataCategory, enumObject } from '../../common/enums';
import type { Transitions } from '../../common/transitions';
import { CATEGORIES, type Category } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { Team } from '../organisations/team.entity';

export const REFERRAL_STATUSES = ['OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const ReferralStatusEnum = enumObject(REFERRAL_STATUSES);
registerEnumType(ReferralStatusEnum, { name: 'ReferralStatus' });

/** The team decides (ACCEPTED, DECLINED) or the referrer takes it back (WITHDRAWN); then it is done. */
export const REFERRAL_TRANSITIONS: Transitions<ReferralStatus> = {
  OPEN: ['ACCEPTED', 'DECLINED', 'WITHDRAWN'],
  ACCEPTED: [],
  DECLINED: [],
  WITHDRAWN: [],
};

@ObjectType({ description: 'A partner asks the team to take someone on (aanmelding).' })
@Entity()
@Index({ properties: ['referredBy', 'status'] })
// Her open referrals by the organisation, for `is_involved`'s plan, which cannot know how many the
// organisation has (migrations/Migration20261205090000_open_referrals_and_proposed_handovers_by_client.ts).
@Index({
  name: 'referral_client_id_referred_by_id_open_index',
  expression: `create index "referral_client_id_referred_by_id_open_index" on "referral" ("client_id", "referred_by_id") where "status" = 'OPEN'`,
})
@Check({ name: 'referral_decided', expression: `(status = 'OPEN') = (decided_at is null)` })
@Unique({ properties: ['referredByProfessional', 'idempotencyKey'] })
export class Referral {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade', index: true })
  client: Client;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict' })
  referredBy: Organisation;

  @ManyToOne(() => Professional, { deleteRule: 'restrict' })
  referredByProfessional: Professional;

  /** The team asked to take her on; its members' organisations see her while they decide. */
  @ManyToOne(() => Team, { deleteRule: 'restrict', index: true })
  team: Team;

  @Field(() => ReferralStatusEnum)
  @Enum({ items: () => [...REFERRAL_STATUSES], type: 'text' })
  status: Opt<ReferralStatus> = 'OPEN';

  @Field(() => DataCategory, { description: 'What the reason text is about; the text is shown only to who may see that category.' })
  @Enum({ items: () => [...CATEGORIES], type: 'text' })
  reasonCategory: Category;

  @Field(() => String, { nullable: true, description: 'Why she is referred (guarded by `reasonCategory`).' })
  @Property({ type: 'text' })
  reason: string;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt: Opt<Date> | null = null;

  /** The referrer's application's key for this request: a resend returns this referral, not a second woman. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: Opt<string> | null = null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
