import { Migration } from '@mikro-orm/migrations';

/**
 * `client_involvement` names each team's organisations once: it joined every member, so an
 * organisation with five people in a team listed each of the team's women five times, and every
 * caseload count and page read five times the rows it needed (bench/RESULTS.md). Every reader asks
 * whether a row exists or de-duplicates the bases, so the answers are the same, and so is the rule
 * (src/policy/decide.ts `involvementOf`).
 */
export class Migration20261123060000_involvement_team_once extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create or replace view "client_involvement" as
      select a.client_id, a.organisation_id, 'CARE_TEAM'::text as basis
        from case_assignment a
       where a.started_on <= current_date and (a.ended_on is null or a.ended_on >= current_date)
      union all
      select c.id, t.organisation_id, 'CARE_TEAM'
        from client c
        join (select distinct tm.team_id, p.organisation_id
                from team_member tm join professional p on p.id = tm.professional_id) t on t.team_id = c.team_id
      union all
      select k.client_id, k.organisation_id, 'CONSENT'
        from consent k
       where k.effect = 'PERMIT' and k.organisation_id is not null and k.revoked_at is null
         and k.valid_from <= now() and (k.valid_until is null or k.valid_until > now())
      union all
      select h.client_id, h.to_organisation_id, 'HANDOVER'
        from handover h
       where h.status = 'PROPOSED' and h.to_organisation_id is not null
      union all
      select r.client_id, r.referred_by_id, 'REFERRAL'
        from referral r
       where r.status = 'OPEN'
      union all
      select g.client_id, g.organisation_id, 'BREAK_GLASS'
        from break_glass_grant g
       where g.started_at <= now() and g.expires_at > now();;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace view "client_involvement" as
      select a.client_id, a.organisation_id, 'CARE_TEAM'::text as basis
        from case_assignment a
       where a.started_on <= current_date and (a.ended_on is null or a.ended_on >= current_date)
      union all
      select c.id, p.organisation_id, 'CARE_TEAM'
        from client c
        join team_member tm on tm.team_id = c.team_id
        join professional p on p.id = tm.professional_id
      union all
      select k.client_id, k.organisation_id, 'CONSENT'
        from consent k
       where k.effect = 'PERMIT' and k.organisation_id is not null and k.revoked_at is null
         and k.valid_from <= now() and (k.valid_until is null or k.valid_until > now())
      union all
      select h.client_id, h.to_organisation_id, 'HANDOVER'
        from handover h
       where h.status = 'PROPOSED' and h.to_organisation_id is not null
      union all
      select r.client_id, r.referred_by_id, 'REFERRAL'
        from referral r
       where r.status = 'OPEN'
      union all
      select g.client_id, g.organisation_id, 'BREAK_GLASS'
        from break_glass_grant g
       where g.started_at <= now() and g.expires_at > now();;`);
  }

}
