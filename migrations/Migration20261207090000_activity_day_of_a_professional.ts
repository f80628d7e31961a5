import { Migration } from '@mikro-orm/migrations';

/**
 * A professional logs at most 24 hours on one day (logActivity, src/modules/activity/): an entry
 * that would take her past them is refused. `activity_day_minutes(professional, day)` answers the
 * minutes she has logged on that day once it holds the day for the rest of the transaction, so two
 * entries of hers for one day are counted one after the other, the second with the first in it.
 * Her client rows do not do that: entries for two women lock two rows.
 *
 * The count must be read in a snapshot taken after the lock was granted, or it would miss an entry
 * committed while this one waited. A VOLATILE function takes a fresh snapshot for each query in it,
 * so lock and count are one statement of the write instead of two.
 *
 * The day is spelled by to_char, not cast to text: a cast follows the session's DateStyle, and two
 * sessions that spelled one day differently would lock two keys. The lock's key is a hash, as the
 * zone registration number's is; two days that share one only queue behind each other.
 *
 * (professional_id, day) reads a day's few rows rather than all of her years; it serves the foreign
 * key to professional as well as professional_id alone did.
 */
export class Migration20261207090000_activity_day_of_a_professional extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "activity_log_professional_id_index";`);
    this.addSql(`create index "activity_log_professional_id_day_index" on "activity_log" ("professional_id", "day");`);
    this.addSql(`create function activity_day_minutes(of_professional uuid, on_day date) returns bigint language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(hashtext('ketenpoort.activity_day:' || of_professional || ':' || to_char(on_day, 'YYYY-MM-DD')));
        return (select coalesce(sum(l.minutes), 0) from activity_log l where l.professional_id = of_professional and l.day = on_day);
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function activity_day_minutes(uuid, date);`);
    this.addSql(`drop index "activity_log_professional_id_day_index";`);
    this.addSql(`create index "activity_log_professional_id_index" on "activity_log" ("professional_id");`);
  }
}
