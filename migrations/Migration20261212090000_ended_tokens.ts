import { Migration } from '@mikro-orm/migrations';

const CALLER = `select p.id, p.organisation_id, o.kind, o.municipality_id, p.roles, p.name, p.email, p.active,
                 array(select tm.team_id from team_member tm where tm.professional_id = p.id order by tm.team_id)`;

/**
 * Signing out ends the token at the gateway (`signOut`, src/modules/sessions): until now a token
 * stayed good until its `exp` after she signed out, on a computer the next person sits down at.
 * Every request's caller lookup answers whether its token was ended, in the statement it already
 * runs, so ending one costs no request a round trip and holds across every gateway instance at once.
 *
 * The key has a default, and the old function goes in the same transaction as the new one comes:
 * during a rolling deploy (docs/operations.md §2.4) the instances not yet replaced still call
 * `caller_of(subject)`, and are answered as before, with one column more they do not ask for.
 */
export class Migration20261212090000_ended_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "ended_token" ("key" text not null, "ended_at" timestamptz not null default now(), "expires_at" timestamptz not null, constraint "ended_token_pkey" primary key ("key"));`);
    this.addSql(`create index "ended_token_expires_at_index" on "ended_token" ("expires_at");`);
    this.addSql('drop function caller_of(text);');
    this.addSql(`create function caller_of(token_subject text, presented_key text default null)
      returns table (id uuid, organisation_id uuid, kind text, municipality_id uuid, roles text[], name text, email text, active boolean, team_ids uuid[], ended boolean)
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return query
          ${CALLER},
                 exists (select from ended_token e where e.key = presented_key)
            from professional p join organisation o on o.id = p.organisation_id
           where p.subject = token_subject;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function caller_of(text, text);');
    this.addSql(`create function caller_of(token_subject text)
      returns table (id uuid, organisation_id uuid, kind text, municipality_id uuid, roles text[], name text, email text, active boolean, team_ids uuid[])
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return query
          ${CALLER}
            from professional p join organisation o on o.id = p.organisation_id
           where p.subject = token_subject;
      end $$;`);
    this.addSql('drop table "ended_token";');
  }
}
