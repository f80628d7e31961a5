import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType, Int } from 'type-graphql';
import { DataCategory, enumObject } from '../../common/enums';
import type { Transitions } from '../../common/transitions';
import { CATEGORIES, type Category } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';

export const SIGNAL_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];
export const SignalStatusEnum = enumObject(SIGNAL_STATUSES);
registerEnumType(SignalStatusEnum, { name: 'SignalStatus' });

export const SIGNAL_TRANSITIONS: Transitions<SignalStatus> = { OPEN: ['RESOLVED'], RESOLVED: [] };

@ObjectType({ description: 'A concern about a client that a partner lays down with procesregie.' })
@Entity()
@Index({ properties: ['client', 'status'] })
@Index({ properties: ['raisedAt'] })
@Unique({ properties: ['raisedBy', 'idempotencyKey'] })
@Check({ name: 'signal_resolved', expression: `(status = 'RESOLVED') = (resolved_at is not null)` })
export class Signal {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade' })
  client: Client;

  @ManyToOne(() => Professional, { deleteRule: 'restrict' })
  raisedBy: Professional;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  raisedByOrganisation: Organisation;

  @Field(() => DataCategory, { description: 'What the concern is about; its text is shown only to who may see that category.' })
  @Enum({ items: () => [...CATEGORIES], type: 'text' })
  category: Category;

  @Field(() => String, { nullable: true, description: 'The concern in words (guarded by `category`).' })
  @Property({ type: 'text' })
  text: string;

  @Field(() => SignalStatusEnum)
  @Enum({ items: () => [...SIGNAL_STATUSES], type: 'text' })
  status: Opt<SignalStatus> = 'OPEN';

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  raisedAt: Opt<Date> = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Opt<Date> | null = null;

  @ManyToOne(() => Professional, { nullable: true, deleteRule: 'restrict' })
  resolvedBy: Opt<Professional> | null = null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey: Opt<string> | null = null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
