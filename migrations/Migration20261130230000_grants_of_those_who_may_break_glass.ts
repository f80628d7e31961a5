import { Migration } from '@mikro-orm/migrations';
import { POLICY_FACTS } from './Migration20261129150000_planned_once_per_connection';
import { involvement } from './Migration20261130210000_involvement_of_active_team_members';

/**
 * A break-glass grant is emergency access for one professional in a role that may break the glass
 * (policy §4: a CASE_MANAGER or CLINICIAN). Once she left the chain (deactivated) or holds no such
 * role any more, it is no longer active (§1): until it expired, her organisation stayed involved
 * with the client — every colleague found her, in lists and counts, and saw her BASIC data on a
 * grant its holder could no longer use. The view and the policy's facts now count a grant only
 * while its holder is active and holds a break-glass role (the roles of policy-tables.json's
 * `breakGlassRoles`; test/policy/involvement-view.test.ts holds the two together). The grant itself
 * stays, for the process director's review.
 */
const GRANTS = 'from break_glass_grant g';
const GRANTS_OF_THOSE_WHO_MAY = `${GRANTS} join professional gp on gp.id = g.professional_id and gp.active and gp.roles && array['CASE_MANAGER', 'CLINICIAN']::text[]`;

/** `sql`, reading only the grants of those who may break the glass, or (for `down`) as it was. */
function grantsIn(what: string, sql: string, holderMustMay: boolean): string {
  if (sql.split(GRANTS).length !== 2) throw new Error(`${what} no longer reads grants as it did`);
  return holderMustMay ? sql.replace(GRANTS, GRANTS_OF_THOSE_WHO_MAY) : sql;
}

export const view = (holderMustMay: boolean) => grantsIn('client_involvement', involvement(true), holderMustMay);
export const policyFacts = (holderMustMay: boolean) => grantsIn('policy_facts', POLICY_FACTS.replace('create function', 'create or replace function'), holderMustMay);

export class Migration20261130230000_grants_of_those_who_may_break_glass extends Migration {
  override async up(): Promise<void> {
    this.addSql(view(true));
    this.addSql(policyFacts(true));
  }

  override async down(): Promise<void> {
    this.addSql(view(false));
    this.addSql(policyFacts(false));
  }
}
