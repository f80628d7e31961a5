import { Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType, Int } from 'type-graphql';
import { enumObject } from '../../common/enums';
import { Organisation } from '../organisations/organisation.entity';
import { Team } from '../organisations/team.entity';
import type { ClientRecord } from './client-record.entity';

export const CLIENT_STATUSES = ['REFERRED', 'ACTIVE', 'MONITORING', 'HANDED_OVER', 'CLOSED'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];
export const ClientStatusEnum = enumObject(CLIENT_STATUSES);
registerEnumType(ClientStatusEnum, { name: 'ClientStatus', description: 'Where the client stands in the approach.' });

/**
 * A client, pseudonymously: only BASIC data lives here. Everything of the other categories lives
 * in `ClientRecord`, loaded only for a caller the policy lets see it.
 */
@ObjectType({ description: 'A woman in the approach, known to the chain by a pseudonymous code.' })
@Entity()
export class Client {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @Field({ description: 'Pseudonymous client code, used in conversation instead of her name.' })
  @Property({ type: 'text', unique: true })
  code: string;

  @Field(() => ClientStatusEnum, { description: 'Where she stands in the approach.' })
  @Enum({ items: () => [...CLIENT_STATUSES], type: 'text' })
  @Index()
  status: Opt<ClientStatus> = 'REFERRED';

  /**
   * The municipality whose chain registered her. A completed handover to another municipality does not
   * change it; the monitoring figures count her days after it under the receiving chain
   * (migration …_chain_at_the_time).
   */
  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  municipality: Organisation;

  @ManyToOne(() => Team, { nullable: true, deleteRule: 'set null', index: true })
  team: Opt<Team> | null = null;

  @OneToOne('ClientRecord', 'client', { nullable: true })
  record?: ClientRecord;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Field(() => Int, { description: 'Changes with every update, and when her case manager changes; pass it back to change her status or her case manager.' })
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
