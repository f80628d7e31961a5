import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique, Opt } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { Client } from '../clients/client.entity';
import { Professional } from '../organisations/professional.entity';

/** A day has 24 hours: no entry, and no professional's entries of one day together, may hold more. */
export const MINUTES_A_DAY = 24 * 60;

@ObjectType({ description: 'Time a professional spent on a client on one day.' })
@Entity()
@Index({ properties: ['client', 'day'] })
@Index({ properties: ['day'] })
@Index({ properties: ['professional', 'day'] })
@Unique({ properties: ['professional', 'idempotencyKey'] })
@Check({ name: 'activity_minutes', expression: `minutes >= 1 and minutes <= ${MINUTES_A_DAY}` })
export class ActivityLog {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade' })
  client: Client;

  @ManyToOne(() => Professional, { deleteRule: 'restrict' })
  professional: Professional;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  day: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  minutes: number;

  /** Chosen by the client application so that a resent request is not counted twice. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: Opt<string> | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Opt<Date> = new Date();
}
