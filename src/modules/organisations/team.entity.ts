import { Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, Opt, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Organisation } from './organisation.entity';
import { Professional } from './professional.entity';
import { TeamMember } from './team-member.entity';

@ObjectType({ description: 'A team of professionals, possibly employed by several organisations (Stapteam 2.0).' })
@Entity()
// Whatever its capitals, as the directory compares names (migration …_names_unique_whatever_their_capitals).
@Unique({ name: 'team_name_unique', expression: 'create unique index "team_name_unique" on "team" (lower("name"))' })
export class Team {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @Field({ description: 'The team’s name.' })
  @Property({ type: 'text' })
  name: string;

  /** The municipality whose chain the team works in. */
  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  municipality: Organisation;

  @ManyToMany({ entity: () => Professional, inversedBy: (p) => p.teams, owner: true, pivotEntity: () => TeamMember })
  members = new Collection<Professional>(this);

  @Field(() => Int, { description: 'Changes with every change of the team and its members; an administrator sends the one she loaded.' })
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
