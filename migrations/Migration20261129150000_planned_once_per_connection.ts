import { Migration } from '@mikro-orm/migrations';

/**
 * Per client, one basis of involvement other than break-glass (stopping at the first the view
 * finds), and the organisation's grants that have not ended: a running one is its BREAK_GLASS
 * basis, and the policy needs the grant itself. Migration …_grants_of_those_who_may_break_glass
 * rewrites it.
 */
export const POLICY_FACTS = `create function policy_facts(of_organisation uuid, clients uuid[], at timestamptz)
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
            from break_glass_grant g
           where g.organisation_id = of_organisation and g.client_id = any(clients) and g.expires_at > at;
      end $$;`;

/**
 * The two statements every request runs — who the caller is, and the policy's facts about the
 * clients it reaches — as PL/pgSQL functions, so that each connection plans them once and then
 * keeps the plan (PL/pgSQL caches its statements' plans; a statement sent as text is planned
 * anew every time). Planning the facts through the six branches of `client_involvement` took
 * longer than running them: ~1 ms of the statement's ~1.2 ms (bench/RESULTS.md). What they
 * answer is unchanged, and a change to a table they read makes PostgreSQL plan them again.
 *
 * Not prepared statements: MikroORM sends its statements as text, and a pooler in transaction
 * mode (docs/operations.md §2.4) loses a connection's prepared statements, but not its functions.
 *
 * Always the generic plan: left to choose, PostgreSQL finds a custom plan for one client cheaper
 * than the generic one and plans anew on every call — a client detail's facts then cost 0.9 ms
 * instead of 0.1. Both look rows up by a key (a client's id, a token's subject), so one plan fits
 * every value.
 */
export class Migration20261129150000_planned_once_per_connection extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function caller_of(token_subject text)
      returns table (id uuid, organisation_id uuid, kind text, municipality_id uuid, roles text[], name text, email text, active boolean, team_ids uuid[])
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return query
          select p.id, p.organisation_id, o.kind, o.municipality_id, p.roles, p.name, p.email, p.active,
                 array(select tm.team_id from team_member tm where tm.professional_id = p.id order by tm.team_id)
            from professional p join organisation o on o.id = p.organisation_id
           where p.subject = token_subject;
      end $$;`);
    this.addSql(POLICY_FACTS);
  }

  override async down(): Promise<void> {
    this.addSql('drop function policy_facts(uuid, uuid[], timestamptz);');
    this.addSql('drop function caller_of(text);');
  }
}
