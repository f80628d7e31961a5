import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';

/** Emergency access of one professional to one client (policy §4): short, reasoned, reviewed. */
@ObjectType({ description: 'Emergency access a case manager or clinician opened to one client, with her written reason.' })
@Entity()
@Index({ properties: ['client', 'expiresAt'] })
@Index({ properties: ['organisation', 'expiresAt'] })
@Index({ properties: ['startedAt'] })
@Check({ name: 'break_glass_period', expression: 'expires_at > started_at' })
@Check({ name: 'break_glass_reason', expression: 'length(btrim(reason)) >= 10' })
@Check({ name: 'break_glass_reviewed', expression: '(reviewed_at is null) = (reviewed_by_id is null)' })
export class BreakGlassGrant {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade' })
  client: Client;

  @ManyToOne(() => Professional, { deleteRule: 'restrict', index: true })
  professional: Professional;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict' })
  organisation: Organisation;

  @Field({ description: 'Why access was needed, in the professional’s words.' })
  @Property({ type: 'text' })
  reason: string;

  @Field()
  @Property({ type: 'timestamptz' })
  startedAt: Date;

  @Field()
  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When procesregie marked it reviewed (`reviewBreakGlass`); null until then.' })
  @Property({ type: 'timestamptz', nullable: true })
  reviewedAt: Opt<Date> | null = null;

  /** Who marked it reviewed: procesregie answers for the review (policy §4), so it is named with its moment. */
  @ManyToOne(() => Professional, { nullable: true, deleteRule: 'restrict' })
  reviewedBy: Opt<Professional> | null = null;
}
