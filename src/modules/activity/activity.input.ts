import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

@InputType({ description: 'Time you spent on a client on one day.' })
export class LogActivityInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => DateScalar, { nullable: true, description: 'The day; default today, never in the future, at most a year back.' })
  day?: string | null;

  @Field(() => Int, {
    description:
      'Whole minutes, 1 to 1440. Your entries of one day hold at most 1440 minutes (24 hours) together: one that would take the day past them is refused with BAD_USER_INPUT on this field, saying how many minutes are left that day.',
  })
  minutes: number;

  @Field(() => String, {
    nullable: true,
    description: 'Chosen by your application (8 to 100 visible characters, e.g. a UUID): resending with the same key returns the first entry instead of counting the time twice.',
  })
  idempotencyKey?: string | null;
}
