import { Field, ID, InputType } from 'type-graphql';
import { DataCategory } from '../../common/enums';
import type { Category } from '../../policy/tables';

@InputType({ description: 'A concern about a client, laid down with procesregie.' })
export class RaiseSignalInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => DataCategory, { description: 'What the concern is about; its text is shown only to who may see that category.' })
  category: Category;

  @Field({ description: 'The concern in words (1 to 2000 characters).' })
  text: string;

  @Field(() => String, {
    nullable: true,
    description: 'Chosen by your application (8 to 100 visible characters, e.g. a UUID): resending with the same key returns the first signal instead of a second one.',
  })
  idempotencyKey?: string | null;
}
