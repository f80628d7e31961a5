import { Migration } from '@mikro-orm/migrations';
import { involvementOn } from './Migration20261123000721_initial';
import { INTERVALS } from './Migration20261129120000_zone_and_handover_spans';

/**
 * One calendar for the whole chain, the Dutch one (`CHAIN_TIME_ZONE`, src/common/scalars.ts):
 * `chain_day(moment)`, `chain_today()` and `chain_day_start(day)`, whatever the server's or the
 * session's TimeZone is. Before, involvement through a case assignment asked `current_date` — the
 * day in the session's time zone, which is the server's, whatever `initdb` found (UTC in a
 * container, Europe/Amsterdam on a Dutch laptop) — while the gateway reckoned in UTC days; and a
 * handover completed shortly after midnight counted on the UTC day before.
 *
 * `chain_day` is IMMUTABLE (as `timezone(text, timestamptz)` is), so PostgreSQL inlines it; the
 * view's condition stays as cheap as `current_date` was.
 */
const ZONE = `'Europe/Amsterdam'`;

const involvement = (today: string) => `create or replace view "client_involvement" as ${involvementOn(today)};`;

const UTC_DAY = `(h.completed_at at time zone 'UTC')::date`;

function handoverDays(day: string): string {
  if (!INTERVALS.includes(UTC_DAY)) throw new Error('monitoring_intervals no longer reads a handover day as it did');
  return INTERVALS.replace(UTC_DAY, day);
}

/** Recompute the spans of every woman with a completed handover: their day may have moved. */
const REFRESH_HANDOVERS = [
  `select activity_summary_lock(array(select distinct client_id from handover where completed_at is not null));`,
  `select monitoring_span_refresh(array(select distinct client_id from handover where completed_at is not null));`,
];

export class Migration20261130120000_chain_day extends Migration {
  override async up(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create function chain_day(moment timestamptz) returns date
      language sql immutable parallel safe as $$ select (moment at time zone ${ZONE})::date $$;`);
    this.addSql(`create function chain_today() returns date
      language sql stable parallel safe as $$ select chain_day(now()) $$;`);
    this.addSql(`create function chain_day_start(day date) returns timestamptz
      language sql immutable parallel safe as $$ select day::timestamp at time zone ${ZONE} $$;`);
    this.addSql(involvement('chain_today()'));
    this.addSql(handoverDays('chain_day(h.completed_at)'));
    for (const sql of REFRESH_HANDOVERS) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(involvement('current_date'));
    this.addSql(INTERVALS);
    for (const sql of REFRESH_HANDOVERS) this.addSql(sql);
    this.addSql('drop function chain_day_start(date);');
    this.addSql('drop function chain_today();');
    this.addSql('drop function chain_day(timestamptz);');
  }
}
