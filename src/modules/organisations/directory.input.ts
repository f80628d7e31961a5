import { Field, ID, InputType, Int } from 'type-graphql';
import { RoleEnum } from '../../common/enums';
import type { Role } from '../../policy/tables';
import { OrganisationKindEnum, type OrganisationKind } from './organisation.entity';

@InputType({ description: 'An organisation that joins your chain.' })
export class AddOrganisationInput {
  @Field({ description: 'Its name (1 to 200 characters), unique in the gateway.' })
  name: string;

  @Field(() => OrganisationKindEnum, { description: 'What kind of organisation it is; not MUNICIPALITY (a municipality starts a chain of its own).' })
  kind: OrganisationKind;
}

@InputType({ description: 'A team that works in your chain.' })
export class AddTeamInput {
  @Field({ description: 'Its name (1 to 200 characters), unique in the gateway.' })
  name: string;
}

@InputType({ description: 'A professional who starts working for an organisation of your chain.' })
export class AddProfessionalInput {
  @Field(() => ID, { description: 'Her employer, an organisation of your chain.' })
  organisationId: string;

  @Field({ description: 'Full name (1 to 200 characters).' })
  name: string;

  @Field({ description: 'Work e-mail address, unique in the gateway (compared without regard to case).' })
  email: string;

  @Field({ description: 'The identity provider’s subject (`sub`) she signs in as (1 to 255 visible characters), unique in the gateway.' })
  subject: string;

  @Field(() => [RoleEnum], { description: 'What she does; ADMIN is held alone (an administrator sees no client data).' })
  roles: Role[];
}

@InputType({ description: 'What changes of a professional; what you leave out stays as it is. Her employer does not change: a new employer is a new record.' })
export class ChangeProfessionalInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The `version` you loaded.' })
  version: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'When her account at the identity provider changes.' })
  subject?: string | null;

  @Field(() => [RoleEnum], { nullable: true, description: 'Her roles from now on, all of them.' })
  roles?: Role[] | null;
}

@InputType({ description: 'A professional joins or leaves a team.' })
export class TeamMemberInput {
  @Field(() => ID)
  teamId: string;

  @Field(() => Int, { description: 'The team’s `version` you loaded.' })
  version: number;

  @Field(() => ID)
  professionalId: string;
}
