import { Migration } from '@mikro-orm/migrations';

/**
 * A permit number was unique across the chain, so issuing one another municipality already used was
 * refused as "in use": that told a municipality that someone it is not involved with holds a zone
 * registration (policy §1: not involved = not found). Each municipality numbers its own permits.
 */
export class Migration20261202090000_zone_registration_number_per_municipality extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "zone_registration" drop constraint "zone_registration_number_unique";`);
    this.addSql(`alter table "zone_registration" add constraint "zone_registration_municipality_id_number_unique" unique ("municipality_id", "number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "zone_registration" drop constraint "zone_registration_municipality_id_number_unique";`);
    this.addSql(`alter table "zone_registration" add constraint "zone_registration_number_unique" unique ("number");`);
  }
}
