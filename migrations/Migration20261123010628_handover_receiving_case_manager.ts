import { Migration } from '@mikro-orm/migrations';

export class Migration20261123010628_handover_receiving_case_manager extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "handover" add column "receiving_case_manager_id" uuid null;`);
    this.addSql(`alter table "handover" add constraint "handover_receiving_case_manager_id_foreign" foreign key ("receiving_case_manager_id") references "professional" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "handover" drop constraint "handover_receiving_case_manager_id_foreign";`);

    this.addSql(`alter table "handover" drop column "receiving_case_manager_id";`);
  }

}
