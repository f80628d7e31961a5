import { Check, Entity, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { Client } from './client.entity';

/**
 * Who carries care responsibility for a client in a period. A professional's assignment is a case
 * manager's caseload; one without a professional is an organisation's (after a handover to
 * monitoring, regular care or another municipality, the receiving organisation's).
 */
@ObjectType({ description: 'A period in which an organisation (and usually one of its case managers) is responsible for a client.' })
@Entity()
@Index({ properties: ['client', 'endedOn'] })
@Index({ properties: ['organisation', 'endedOn'] })
@Check({ name: 'case_assignment_period', expression: 'ended_on is null or ended_on >= started_on' })
@Check({ name: 'case_assignment_minutes', expression: 'minutes_per_week > 0 and minutes_per_week <= 2400' })
export class CaseAssignment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade' })
  client: Client;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict' })
  organisation: Organisation;

  @ManyToOne(() => Professional, { nullable: true, deleteRule: 'restrict', index: true })
  professional: Opt<Professional> | null = null;

  @Field(() => DateScalar, { description: 'First day of the responsibility.' })
  @Property({ type: 'date' })
  startedOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day, once it ended.' })
  @Property({ type: 'date', nullable: true })
  endedOn: Opt<string> | null = null;

  /** Whole minutes, so sums in the monitoring figures stay exact. */
  @Property({ type: 'integer' })
  minutesPerWeek: Opt<number> = 240;

  @Field(() => Float, { description: 'Case-manager hours per week agreed for this client.' })
  get hoursPerWeek(): Opt<number> {
    return this.minutesPerWeek / 60;
  }

  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
