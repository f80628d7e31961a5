import { Entity, OneToOne, Property, Opt } from '@mikro-orm/core';
import { Client } from './client.entity';

/**
 * The client's personal data beyond BASIC, one column group per category of policy.md §2.
 * Never exposed as a GraphQL type of its own: each group reaches the API only through the
 * category field of `Client` that guards it.
 */
@Entity()
export class ClientRecord {
  @OneToOne(() => Client, (c) => c.record, { primary: true, owner: true, deleteRule: 'cascade' })
  client: Client;

  // IDENTITY
  @Property({ type: 'text' }) name: string;
  @Property({ type: 'date', nullable: true }) dateOfBirth: Opt<string> | null = null;
  /** Citizen service number; unique where known, so one woman is never two clients. */
  @Property({ type: 'text', nullable: true, unique: true }) bsn: Opt<string> | null = null;

  // CONTACT
  @Property({ type: 'text', nullable: true }) phone: Opt<string> | null = null;
  @Property({ type: 'text', nullable: true }) whereabouts: Opt<string> | null = null;

  // HEALTH
  @Property({ type: 'text', nullable: true }) healthSummary: Opt<string> | null = null;
  // ADDICTION
  @Property({ type: 'text', nullable: true }) substanceUse: Opt<string> | null = null;
  // HOUSING
  @Property({ type: 'text', nullable: true }) housingSituation: Opt<string> | null = null;
  // JUSTICE
  @Property({ type: 'text', nullable: true }) justiceInvolvement: Opt<string> | null = null;
  // FINANCE
  @Property({ type: 'text', nullable: true }) income: Opt<string> | null = null;
  @Property({ type: 'text', nullable: true }) debts: Opt<string> | null = null;

  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
