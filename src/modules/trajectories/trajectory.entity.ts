import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType, Int } from 'type-graphql';
import { enumObject } from '../../common/enums';
import type { Transitions } from '../../common/transitions';
import { DateScalar } from '../../common/scalars';
import type { Category } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { Organisation } from '../organisations/organisation.entity';

export const TRAJECTORY_KINDS = ['CASE_MANAGEMENT', 'TIME_OUT', 'INFLOW_HOUSING', 'DIAGNOSTICS', 'HOUSING_FIRST'] as const;
export type TrajectoryKind = (typeof TRAJECTORY_KINDS)[number];
export const TrajectoryKindEnum = enumObject(TRAJECTORY_KINDS);
registerEnumType(TrajectoryKindEnum, { name: 'TrajectoryKind', description: 'The kind of care: case management, a time-out stay, inflow housing, outreach diagnostics, Housing First.' });

export const TRAJECTORY_STATUSES = ['ACTIVE', 'ENDED'] as const;
export type TrajectoryStatus = (typeof TRAJECTORY_STATUSES)[number];
export const TrajectoryStatusEnum = enumObject(TRAJECTORY_STATUSES);
registerEnumType(TrajectoryStatusEnum, { name: 'TrajectoryStatus' });

/** A trajectory ends once, with its outcome; an ended one is history. */
export const TRAJECTORY_TRANSITIONS: Transitions<TrajectoryStatus> = { ACTIVE: ['ENDED'], ENDED: [] };

/**
 * The category a trajectory's details (outcome, notes) belong to: time-out stays and housing are
 * HOUSING, diagnostics results are HEALTH; case management itself is BASIC (its dates always are).
 */
export const TRAJECTORY_DETAIL_CATEGORY: Record<TrajectoryKind, Category> = {
  CASE_MANAGEMENT: 'BASIC',
  TIME_OUT: 'HOUSING',
  INFLOW_HOUSING: 'HOUSING',
  HOUSING_FIRST: 'HOUSING',
  DIAGNOSTICS: 'HEALTH',
};

@ObjectType({ description: 'A stretch of care (traject): case management, a time-out stay, inflow housing, diagnostics, Housing First.' })
@Entity()
@Index({ properties: ['kind', 'startedOn'] })
@Check({ name: 'trajectory_period', expression: 'ended_on is null or ended_on >= started_on' })
@Check({ name: 'trajectory_ended', expression: `(status = 'ENDED') = (ended_on is not null)` })
export class Trajectory {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @ManyToOne(() => Client, { deleteRule: 'cascade', index: true })
  client: Client;

  @Field(() => TrajectoryKindEnum)
  @Enum({ items: () => [...TRAJECTORY_KINDS], type: 'text' })
  kind: TrajectoryKind;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  provider: Organisation;

  @Field(() => TrajectoryStatusEnum)
  @Enum({ items: () => [...TRAJECTORY_STATUSES], type: 'text' })
  status: Opt<TrajectoryStatus> = 'ACTIVE';

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  startedOn: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endedOn: Opt<string> | null = null;

  @Field(() => String, { nullable: true, description: 'How it ended (guarded by the category of the trajectory’s kind).' })
  @Property({ type: 'text', nullable: true })
  outcome: Opt<string> | null = null;

  @Field(() => String, { nullable: true, description: 'Notes (guarded by the category of the trajectory’s kind).' })
  @Property({ type: 'text', nullable: true })
  notes: Opt<string> | null = null;

  @Field(() => Int)
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
