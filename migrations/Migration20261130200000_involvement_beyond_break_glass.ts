import { Migration } from '@mikro-orm/migrations';

/**
 * Whether an organisation knows a client other than through break-glass: `is_involved` without the
 * BREAK_GLASS branch, planned once per connection as `is_involved` is. Break-glass opens her data
 * for a few hours (policy §4); a consent the organisation recorded for itself in those hours would
 * outlast them, so the consent writes ask this (common/write.ts).
 */
export class Migration20261130200000_involvement_beyond_break_glass extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function is_involved_beyond_break_glass(of_organisation uuid, of_client uuid)
      returns boolean
      language plpgsql stable set plan_cache_mode = force_generic_plan as $$
      begin
        return exists (select 1 from client_involvement ci
                        where ci.client_id = of_client and ci.organisation_id = of_organisation and ci.basis <> 'BREAK_GLASS');
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function is_involved_beyond_break_glass(uuid, uuid);');
  }
}
