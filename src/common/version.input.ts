import { Field, ID, InputType, Int } from 'type-graphql';

/** A state change that carries nothing but its target: the record, at the version the caller saw. */
@InputType({ description: 'A record and the version of it you loaded; a stale version answers CONFLICT.' })
export class VersionInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The `version` you loaded.' })
  version: number;
}
