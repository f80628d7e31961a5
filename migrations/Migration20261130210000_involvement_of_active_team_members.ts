import { Migration } from '@mikro-orm/migrations';
import { involvementOn } from './Migration20261123000721_initial';

/**
 * A team makes an organisation involved with its clients through the organisation's professionals
 * in it (policy §1), and a deactivated professional is no longer one of them: her organisation
 * kept seeing every client of the team, with no end, long after she left — she herself is refused
 * (401), her colleagues outside the team were not. An organisation's own case assignments still
 * count whoever they named: the organisation carries the case until it hands it over.
 */
const TEAM_MEMBER = 'join professional p on p.id = tm.professional_id';

export function involvement(activeMembersOnly: boolean): string {
  const view = involvementOn('chain_today()');
  if (!view.includes(TEAM_MEMBER)) throw new Error('client_involvement no longer reads team members as it did');
  return `create or replace view "client_involvement" as ${activeMembersOnly ? view.replace(TEAM_MEMBER, `${TEAM_MEMBER} and p.active`) : view};`;
}

export class Migration20261130210000_involvement_of_active_team_members extends Migration {
  override async up(): Promise<void> {
    this.addSql(involvement(true));
  }

  override async down(): Promise<void> {
    this.addSql(involvement(false));
  }
}
