import { Migration } from '@mikro-orm/migrations';

/**
 * `client_chain_on` (migration …_her_chain_on_a_day) built her chain periods for every question,
 * though only a woman a completed handover moved was ever in a chain but the one that registered
 * her. The review of break-glass grants asks it of each grant it reads (most of a small chain's
 * grants are another chain's), so it answers the women who never moved from their client row and
 * builds the periods only for the others — in the function, for every caller, rather than as a
 * shortcut of one query beside it.
 */
export class Migration20261208100000_her_chain_at_a_glance extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function client_chain_on(of_client uuid, on_day date) returns uuid language sql stable as $$
      select case when exists (select 1 from handover h where h.client_id = of_client and h.status = 'COMPLETED' and h.destination = 'OTHER_MUNICIPALITY')
                  then (select ch.municipality_id from client_chain_periods(array[of_client]) ch where on_day between ch.first_day and ch.last_day)
                  else (select c.municipality_id from client c where c.id = of_client) end
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function client_chain_on(of_client uuid, on_day date) returns uuid language sql stable as $$
      select ch.municipality_id from client_chain_periods(array[of_client]) ch where on_day between ch.first_day and ch.last_day
    $$;`);
  }
}
