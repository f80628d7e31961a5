import { Migration } from '@mikro-orm/migrations';
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
const BREAK_GLASS_BRANCH = `from break_glass_grant g
       where`;
const HOLDER_MAY = `from break_glass_grant g
        join professional gp on gp.id = g.professional_id and gp.active and gp.roles && array['CASE_MANAGER', 'CLINICIAN']::text[]
       where`;

function view(holderMustMay: boolean): string {
  const current = involvement(true);
  if (!current.includes(BREAK_GLASS_BRANCH)) throw new Error('client_involvement no longer reads grants as it did');
  return holderMustMay ? current.replace(BREAK_GLASS_BRANCH, HOLDER_MAY) : current;
}

const policyFacts = (holderMustMay: boolean) => `create or replace function policy_facts(of_organisation uuid, clients uuid[], at timestamptz)
      returns table (client_id uuid, basis text, grant_id uuid, professional_id uuid, started_ms float8, expires_ms float8)
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return query
          select c.id,
                 (select ci.basis from client_involvement ci where ci.client_id = c.id and ci.organisation_id = of_organisation and ci.basis <> 'BREAK_GLASS' limit 1),
                 null::uuid, null::uuid, null::float8, null::float8
            from unnest(clients) as c(id)
          union all
          select g.client_id, null::text, g.id, g.professional_id, (extract(epoch from g.started_at) * 1000)::float8, (extract(epoch from g.expires_at) * 1000)::float8
            ${holderMustMay ? HOLDER_MAY : BREAK_GLASS_BRANCH} g.organisation_id = of_organisation and g.client_id = any(clients) and g.expires_at > at;
      end $$;`;

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
