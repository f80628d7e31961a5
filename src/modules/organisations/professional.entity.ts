import { ArrayType, Check, Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RoleEnum } from '../../common/enums';
import type { Transitions } from '../../common/transitions';
import { ROLES, type Role } from '../../policy/tables';
import { Organisation } from './organisation.entity';
import { Team } from './team.entity';

/** Whether she may sign in: an administrator deactivates her and reactivates her (modules/organisations/directory.resolver.ts). */
export const PROFESSIONAL_TRANSITIONS: Transitions<'ACTIVE' | 'INACTIVE'> = { ACTIVE: ['INACTIVE'], INACTIVE: ['ACTIVE'] };

@ObjectType({ description: 'A person who works for an organisation of the chain.' })
@Entity()
@Check({ name: 'professional_roles_known', expression: `roles <@ array[${ROLES.map((r) => `'${r}'`).join(', ')}]::text[] and cardinality(roles) > 0` })
export class Professional {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @Field({ description: 'Full name.' })
  @Property({ type: 'text' })
  name: string;

  @Field({ description: 'Work e-mail address.' })
  @Property({ type: 'text', unique: true })
  email: string;

  /** The identity provider's subject (`sub`) that signs in as this professional. */
  @Property({ type: 'text', unique: true })
  subject: string;

  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  organisation: Organisation;

  /** Roles come from these records, never from token claims. */
  @Field(() => [RoleEnum], { description: 'What she does in the chain.' })
  @Property({ type: ArrayType })
  roles: Role[];

  @ManyToMany(() => Team, (t) => t.members)
  teams = new Collection<Team>(this);

  /** A deactivated professional's tokens are refused at once. */
  @Field(() => Boolean, { description: 'Whether she may sign in.' })
  @Property({ type: 'boolean' })
  active: Opt<boolean> = true;

  @Field(() => Int, { description: 'Changes with every change of her record; an administrator sends the one she loaded.' })
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
