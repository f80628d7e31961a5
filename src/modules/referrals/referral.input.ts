import { Field, ID, InputType } from 'type-graphql';
import { DataCategory } from '../../common/enums';
import { DateScalar } from '../../common/scalars';
import type { Category } from '../../policy/tables';

@InputType({ description: 'Someone the chain does not know yet.' })
export class NewClientInput {
  @Field({ description: 'Her name as the referrer knows it (1 to 200 characters); IDENTITY data.' })
  name: string;

  @Field(() => DateScalar, { nullable: true, description: 'Her date of birth, if known.' })
  dateOfBirth?: string | null;
}

@InputType({ description: 'Ask a team to take someone on: a client your organisation is involved with, or someone new.' })
export class ReferClientInput {
  @Field(() => ID, { description: 'The team asked to take her on; for a client already known, a team of her own municipality’s chain.' })
  teamId: string;

  @Field(() => ID, { nullable: true, description: 'A client your organisation is involved with; give this or `newClient`.' })
  clientId?: string | null;

  @Field(() => NewClientInput, { nullable: true, description: 'Someone new to the chain; give this or `clientId`.' })
  newClient?: NewClientInput | null;

  @Field(() => DataCategory, { description: 'What the reason is about; it is shown only to who may see that category.' })
  reasonCategory: Category;

  @Field({ description: 'Why she is referred (1 to 2000 characters).' })
  reason: string;

  @Field(() => String, {
    nullable: true,
    description: 'Chosen by your application (8 to 100 visible characters, e.g. a UUID): resending with the same key returns the first referral instead of making a second one — for someone new, a second client.',
  })
  idempotencyKey?: string | null;
}
