import { Migration } from '@mikro-orm/migrations';

/**
 * The directory takes an organisation's or a team's name whatever its capitals (two "Iriszorg"s
 * would be told apart by nobody), but checked that before its insert while the constraint compared
 * names exactly: two administrators adding "Nachtteam Oost" and "NACHTTEAM OOST" at once both got
 * through. The database now compares as the directory does; the second is met by the index, which
 * keeps the constraint's name, so the directory names the field as before. A database that already
 * holds two such names stops this migration: rename one, and run it again.
 */
export class Migration20261211090000_names_unique_whatever_their_capitals extends Migration {
  override async up(): Promise<void> {
    for (const table of ['organisation', 'team']) {
      this.addSql(`alter table "${table}" drop constraint "${table}_name_unique";`);
      this.addSql(`create unique index "${table}_name_unique" on "${table}" (lower("name"));`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['organisation', 'team']) {
      this.addSql(`drop index "${table}_name_unique";`);
      this.addSql(`alter table "${table}" add constraint "${table}_name_unique" unique ("name");`);
    }
  }
}
