import { Collection, Entity, ManyToMany, ManyToOne, PrimaryKey, Property, Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Organisation } from './organisation.entity';
import { Professional } from './professional.entity';

@ObjectType({ description: 'A team of professionals, possibly employed by several organisations (Stapteam 2.0).' })
@Entity()
export class Team {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id: string;

  @Field({ description: 'The team’s name.' })
  @Property({ type: 'text', unique: true })
  name: string;

  /** The municipality whose chain the team works in. */
  @ManyToOne(() => Organisation, { deleteRule: 'restrict', index: true })
  municipality: Organisation;

  @ManyToMany(() => Professional, (p) => p.teams, { owner: true, pivotTable: 'team_member' })
  members = new Collection<Professional>(this);

  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;
}
