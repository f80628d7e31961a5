import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

@InputType({ description: 'A zone registration (permit to work on the tippelzone) your municipality issues.' })
export class IssueZoneRegistrationInput {
  @Field(() => ID)
  clientId: string;

  @Field({ description: 'The permit number (letters, digits, "-" and "/", up to 40 characters), unique among your municipality’s.' })
  number: string;

  @Field(() => DateScalar, { nullable: true, description: 'Default today, never in the future, at most a year back.' })
  issuedOn?: string | null;
}

@InputType({ description: 'A zone registration ends, often because she asked for it.' })
export class RevokeZoneRegistrationInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The `version` you loaded.' })
  version: number;

  @Field(() => DateScalar, { nullable: true, description: 'Default today; not before it was issued nor in the future, at most a year back.' })
  revokedOn?: string | null;

  @Field({ defaultValue: false, description: 'Revoked because she asked for it.' })
  onRequest: boolean;
}
