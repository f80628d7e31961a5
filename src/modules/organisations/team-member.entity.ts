import { Entity, Index, ManyToOne } from '@mikro-orm/core';
import { Professional } from './professional.entity';
import { Team } from './team.entity';

/** Membership of a team; explicit so that "the teams of a professional" has its own index. */
@Entity()
@Index({ properties: ['professional'] })
export class TeamMember {
  @ManyToOne(() => Team, { primary: true, deleteRule: 'cascade' })
  team: Team;

  @ManyToOne(() => Professional, { primary: true, deleteRule: 'cascade' })
  professional: Professional;
}
