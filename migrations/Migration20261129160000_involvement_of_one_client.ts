import { Migration } from '@mikro-orm/migrations';

/**
 * Involvement of one client, for the lookups that find a row by its key (a client detail, a write
 * on her or on a record under her): as the PL/pgSQL function `is_involved`, whose plan each
 * connection keeps, as `policy_facts` does. Sent as text, such a lookup was planned anew through
 * the six branches of `client_involvement` on every request — 0.9 ms of planning for a read of
 * 0.05 ms. The condition is the view's, unchanged; lists keep the view's semi-join, which one call
 * per row would cost more than (modules/clients/involved-clients.ts).
 */
export class Migration20261129160000_involvement_of_one_client extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function is_involved(of_organisation uuid, of_client uuid)
      returns boolean
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return exists (select 1 from client_involvement ci where ci.client_id = of_client and ci.organisation_id = of_organisation);
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function is_involved(uuid, uuid);');
  }
}
