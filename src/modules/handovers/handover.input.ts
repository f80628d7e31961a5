import { Field, ID, InputType, Int } from 'type-graphql';
import { DataCategory } from '../../common/enums';
import type { Category } from '../../policy/tables';
import { HandoverDestinationEnum, type HandoverDestination } from './handover.entity';

@InputType({ description: 'Propose to hand a client’s care over from your organisation.' })
export class ProposeHandoverInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => HandoverDestinationEnum)
  destination: HandoverDestination;

  @Field(() => ID, { nullable: true, description: 'The receiving organisation; required except when her trajectory closes (CLOSED).' })
  toOrganisationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Handover notes (up to 4000 characters).' })
  notes?: string | null;

  @Field(() => DataCategory, { nullable: true, description: 'What the notes are about (default BASIC); they are shown only to who may see that category.' })
  notesCategory?: Category | null;
}

@InputType({ description: 'The receiving organisation takes the handover on.' })
export class AcceptHandoverInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The `version` you loaded.' })
  version: number;

  @Field(() => ID, { nullable: true, description: 'A case manager of your organisation who takes her on; omit to take her on as an organisation.' })
  caseManagerId?: string | null;
}
