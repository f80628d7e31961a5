import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { TrajectoryKindEnum, type TrajectoryKind } from './trajectory.entity';

@InputType({ description: 'A stretch of care that starts: a time-out stay, inflow housing, diagnostics, …' })
export class StartTrajectoryInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => TrajectoryKindEnum)
  kind: TrajectoryKind;

  @Field(() => ID, { nullable: true, description: 'The organisation that provides it; default yours.' })
  providerId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Its first day; default today, never in the future, at most a year back.' })
  startedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Notes (up to 4000 characters), guarded by the category of its kind.' })
  notes?: string | null;
}

@InputType({ description: 'A trajectory ends, with how it went.' })
export class EndTrajectoryInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The `version` you loaded.' })
  version: number;

  @Field(() => DateScalar, { nullable: true, description: 'Its last day; default today, not before it started nor in the future, at most a year back.' })
  endedOn?: string | null;

  @Field({ description: 'How it ended (1 to 2000 characters), guarded by the category of its kind.' })
  outcome: string;
}
