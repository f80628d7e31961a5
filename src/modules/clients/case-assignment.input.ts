import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Your organisation’s case management of a client passes to another of its case managers.' })
export class ReassignCaseManagerInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => ID, { description: 'An active case manager of your organisation; you, to take her on yourself.' })
  caseManagerId: string;

  @Field(() => Int, { description: 'Her `version` as you loaded her: if who carries her changed since, CONFLICT, and nothing changes.' })
  version: number;
}
