import { Migration } from '@mikro-orm/migrations';
import { policyFacts as policyFactsBefore, view as involvementBefore } from './Migration20261130230000_grants_of_those_who_may_break_glass';

/**
 * `Client.access` tells a dashboard until when a category stays open, and told the end of the
 * consent or grant that opens it only: an organisation that knows her through a break-glass grant
 * of four hours, an assignment ending on Friday or a consent naming it that ends next month was told
 * the year of a permission for its kind, though she is gone for it (policy §1) once that basis
 * ends. The view now says when each basis ends (`ends_at`): an assignment at the start of the
 * chain's day after its last, a consent at its `valid_until`, a grant at its expiry; null where
 * nothing recorded ends it (a team membership, an open-ended assignment or consent, a handover or
 * referral open until someone answers it). `policy_facts` loads, as its basis besides break-glass,
 * one with no end if there is one, else the latest to end, and until when it holds
 * (`basis_until_ms`); the gateway adds the consents and grants it loads itself (src/policy/decide.ts).
 *
 * One basis with no end settles it, so the facts look for one first and stop there, as they
 * stopped at the first basis before; only where none has they read every basis for the latest end.
 * Ordering all of them instead read every branch of the view for every woman: on the 10k chain of
 * bench/, a case manager's page of 50 took 1.15 ms instead of 0.13. This way 0.155 ms; procesregie's
 * page (consents without end) 0.80 ms as before; one client 0.03 → 0.05 ms. Women the organisation
 * does not know cost both reads (0.8 → 1.6 ms for 50), but the lists and lookups find the women
 * they ask the facts of through the view first.
 *
 * The new column comes last, so the view keeps its privileges; the function's result gains a
 * column, which `create or replace` cannot give it.
 */
const INVOLVEMENT_WITH_ENDS = `create or replace view "client_involvement" as
      select a.client_id, a.organisation_id, 'CARE_TEAM'::text as basis, chain_day_start(a.ended_on + 1) as ends_at
        from case_assignment a
       where a.started_on <= chain_today() and (a.ended_on is null or a.ended_on >= chain_today())
      union all
      select c.id, p.organisation_id, 'CARE_TEAM', null::timestamptz
        from client c
        join team_member tm on tm.team_id = c.team_id
        join professional p on p.id = tm.professional_id and p.active
      union all
      select k.client_id, k.organisation_id, 'CONSENT', k.valid_until
        from consent k
       where k.effect = 'PERMIT' and k.organisation_id is not null and k.revoked_at is null
         and k.valid_from <= now() and (k.valid_until is null or k.valid_until > now())
      union all
      select h.client_id, h.to_organisation_id, 'HANDOVER', null::timestamptz
        from handover h
       where h.status = 'PROPOSED' and h.to_organisation_id is not null
      union all
      select r.client_id, r.referred_by_id, 'REFERRAL', null::timestamptz
        from referral r
       where r.status = 'OPEN'
      union all
      select g.client_id, g.organisation_id, 'BREAK_GLASS', g.expires_at
        from break_glass_grant g join professional gp on gp.id = g.professional_id and gp.active and gp.roles && array['CASE_MANAGER', 'CLINICIAN']::text[]
       where g.started_at <= now() and g.expires_at > now();`;

const POLICY_FACTS_WITH_ENDS = `create function policy_facts(of_organisation uuid, clients uuid[], at timestamptz)
      returns table (client_id uuid, basis text, grant_id uuid, professional_id uuid, started_ms float8, expires_ms float8, basis_until_ms float8)
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return query
          select c.id, i.basis, null::uuid, null::uuid, null::float8, null::float8, (extract(epoch from i.ends_at) * 1000)::float8
            from unnest(clients) as c(id)
            left join lateral (
              (select ci.basis, ci.ends_at from client_involvement ci
                where ci.client_id = c.id and ci.organisation_id = of_organisation and ci.basis <> 'BREAK_GLASS' and ci.ends_at is null limit 1)
              union all
              (select ci.basis, ci.ends_at from client_involvement ci
                where ci.client_id = c.id and ci.organisation_id = of_organisation and ci.basis <> 'BREAK_GLASS' order by ci.ends_at desc limit 1)
              limit 1) i on true
          union all
          select g.client_id, null::text, g.id, g.professional_id, (extract(epoch from g.started_at) * 1000)::float8, (extract(epoch from g.expires_at) * 1000)::float8, null::float8
            from break_glass_grant g join professional gp on gp.id = g.professional_id and gp.active and gp.roles && array['CASE_MANAGER', 'CLINICIAN']::text[]
           where g.organisation_id = of_organisation and g.client_id = any(clients) and g.expires_at > at;
      end $$;`;

const DROP_POLICY_FACTS = 'drop function policy_facts(uuid, uuid[], timestamptz);';

export class Migration20261206090000_until_involvement_ends extends Migration {
  override async up(): Promise<void> {
    this.addSql(INVOLVEMENT_WITH_ENDS);
    this.addSql(DROP_POLICY_FACTS);
    this.addSql(POLICY_FACTS_WITH_ENDS);
  }

  override async down(): Promise<void> {
    this.addSql(DROP_POLICY_FACTS);
    this.addSql(policyFactsBefore(true));
    this.addSql('drop view "client_involvement";');
    this.addSql(involvementBefore(true));
  }
}
