import { Migration } from '@mikro-orm/migrations';

/**
 * `directoryChanges` reads the directory's lines back, by the organisations an administrator keeps,
 * newest first. They are a handful among the millions of reads a chain logs in its five years:
 * walking the chain backwards from its head would read every line since the last change. They hang
 * under no client, but so does every refused sign-in (no organisation either), which a flood of bad
 * tokens makes many, and the log's client index would read all of those. This index holds the lines
 * under no client by their organisation, so a refused sign-in, which has none, is never read for it.
 */
const INDEX = 'audit_event_organisation_id_chain_position_without_client_index';

export class Migration20261209090000_directory_changes_by_organisation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "${INDEX}" on "audit_event" ("organisation_id", "chain_position") where "client_id" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "${INDEX}";`);
  }
}
