import { Migration } from '@mikro-orm/migrations';

/**
 * `reviewBreakGlass` marks a grant reviewed, and names who did: procesregie answers for the review
 * (policy §4). Until now no call set `reviewed_at`: a row marked by hand, with no reviewer to name,
 * stops this migration rather than keep a review nobody answers for; name its reviewer, and run it again.
 */
export class Migration20261210090000_break_glass_reviewed_by extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "break_glass_grant" add column "reviewed_by_id" uuid null;`);
    this.addSql(`alter table "break_glass_grant" add constraint "break_glass_grant_reviewed_by_id_foreign" foreign key ("reviewed_by_id") references "professional" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "break_glass_grant" add constraint break_glass_reviewed check ((reviewed_at is null) = (reviewed_by_id is null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "break_glass_grant" drop constraint break_glass_reviewed;`);
    this.addSql(`alter table "break_glass_grant" drop constraint "break_glass_grant_reviewed_by_id_foreign";`);
    this.addSql(`alter table "break_glass_grant" drop column "reviewed_by_id";`);
  }
}
