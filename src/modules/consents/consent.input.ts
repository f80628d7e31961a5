import { Field, ID, InputType, Int } from 'type-graphql';
import { DataCategory, PurposeEnum } from '../../common/enums';
import type { Category, Purpose } from '../../policy/tables';
import { OrganisationKindEnum, type OrganisationKind } from '../organisations/organisation.entity';
import { ConsentEffectEnum, LegalBasisEnum, type ConsentEffect, type LegalBasis } from './consent.entity';

@InputType({ description: 'A consent (or objection) the client gave, as her case manager records it with her.' })
export class RecordConsentInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => ConsentEffectEnum, { description: 'PERMIT to share, DENY to object.' })
  effect: ConsentEffect;

  @Field(() => ID, { nullable: true, description: 'The one organisation it names; give this or `organisationKind`.' })
  organisationId?: string | null;

  @Field(() => OrganisationKindEnum, { nullable: true, description: 'A whole kind of organisation; give this or `organisationId`.' })
  organisationKind?: OrganisationKind | null;

  @Field(() => [DataCategory], { nullable: true, description: 'The categories it covers (not BASIC, which needs no consent); omit for every category.' })
  categories?: Category[] | null;

  @Field(() => PurposeEnum, { nullable: true, description: 'What the data may be used for: required for PERMIT, left out for DENY (an objection holds for every purpose).' })
  purpose?: Purpose | null;

  @Field(() => LegalBasisEnum, { nullable: true, description: 'Default CONSENT.' })
  legalBasis?: LegalBasis | null;

  @Field(() => Date, { nullable: true, description: 'From when it holds; default now; at most a year back.' })
  validFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until when it holds; omit for "until revoked".' })
  validUntil?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Chosen by your application (8 to 100 visible characters, e.g. a UUID): resending with the same key returns the first consent instead of recording a second, which would still hold after the first is revoked.',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'The client takes back a consent (or objection); it stops holding at once.' })
export class RevokeConsentInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The version you loaded.' })
  version: number;

  @Field(() => DataCategory, {
    description: 'What the reason is about; it is shown only to who may see that category. BASIC for a reason that tells nothing more of her, such as that she moved away.',
  })
  reasonCategory: Category;

  @Field({ description: 'Why, in the client’s words (1 to 1000 characters).' })
  reason: string;
}
