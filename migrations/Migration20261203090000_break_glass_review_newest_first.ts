import { Migration } from '@mikro-orm/migrations';

/**
 * `breakGlassReview` answers the chain's 500 newest grants (started_at desc). Without an index on
 * started_at PostgreSQL read every grant and every client of the municipality, hashed them and sorted
 * the lot to keep 500: at 100k clients and 5,002 grants (bench/dataset.ts grown with a grant for one
 * woman in twenty) a Seq Scan of client (100,022 rows) and of break_glass_grant, 1,424 buffers and
 * 18.8 ms, ten times the 10k database's 152 buffers and 1.75 ms for the same 500 rows. Read newest
 * first through this index it checks each grant's client and stops at 500: 604 grants, 4.7 ms, at
 * any size of the chain.
 */
export class Migration20261203090000_break_glass_review_newest_first extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "break_glass_grant_started_at_index" on "break_glass_grant" ("started_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "break_glass_grant_started_at_index";`);
  }
}
