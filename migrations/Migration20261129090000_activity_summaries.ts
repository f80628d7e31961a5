import { Migration } from '@mikro-orm/migrations';

/**
 * Summaries of activity_log, kept exact by triggers, so that the monitoring report's activity figure
 * (minutes, client-weeks, women) no longer reads every logged hour of the period: a year at 100k
 * clients is 1.2 M rows, seconds of work, while these summaries answer it from a few hundred rows
 * (src/modules/monitoring/monitoring-figures.ts).
 *
 * - activity_municipality_day: minutes per municipality and day. Minutes add up, so any period is a
 *   sum of days, exact whatever its bounds.
 * - activity_client_week: one row per woman and ISO week (its Monday) with a bitmask of the weekdays she
 *   has logs on (bit 0 = Monday): what she contributes to activity_municipality_week, so that a change
 *   to her logs can take exactly that back out.
 * - activity_municipality_week: per municipality, week and weekday mask, how many women have logs on
 *   exactly those weekdays of that week. A whole week is the sum of its masks; a partial boundary week
 *   the sum of the masks that share a day with the period: a few rows either way, where counting the
 *   women's own week rows read up to one row per woman (100k) per boundary week.
 * - activity_client: per woman her first and last log day (her span); activity_client_gap: every run of days
 *   without a log between two of her log days. She has a log inside [f, t] exactly when her span
 *   overlaps it and no gap of hers contains it (consecutive log days a < f and t < b), and at most one
 *   gap can: so the women of a period = spans overlapping it minus gaps containing it (a GiST
 *   containment search, a handful of rows for a long period).
 * - activity_span_count: how many women of a municipality share one span, so that the spans overlapping
 *   a period are summed per distinct span (a handful at 100k) rather than counted in activity_client
 *   woman by woman (100k rows, ~40 ms from the heap until autovacuum sets the visibility map).
 *
 * Figures counted a woman under client.municipality_id, as the report always had, so the summaries carry
 * a municipality too; a trigger on client moves her summaries when it changes. Since migration
 * chain_at_the_time a log counts under the chain she belonged to on its day, and her weeks, span and
 * gaps are per chain.
 *
 * Kept exact by AFTER ... FOR EACH STATEMENT triggers with transition tables on activity_log for
 * INSERT, UPDATE and DELETE (the application only inserts, but an erasure cascades deletes from client,
 * and a correction by hand must not leave the figures wrong), and TRUNCATE empties the summaries.
 * Statement triggers make a bulk insert (the benchmark's 1.2 M rows, a data import) one set-based pass
 * instead of a million row-by-row upserts. Minutes move by deltas from the transition tables;
 * everything that depends on which days a woman has logs (weeks, span, gaps) is recomputed for the
 * touched women from activity_log itself, which keeps deletes and updates as exact as inserts, and the
 * shared counters move by the difference. Every counter changes in one upsert per statement, ordered by
 * key, so concurrent writers take them in the same order and never deadlock on them.
 *
 * Concurrency (READ COMMITTED, the gateway's level): two transactions recomputing the same woman could
 * each miss the other's uncommitted rows, so writers take a transaction-scoped advisory lock per woman
 * (class 8), in key order so they never deadlock, and every statement after it sees what the other
 * committed. A statement touching more than 1000 women takes the class lock exclusively instead (the
 * shared lock table would not hold 100k locks); single writers hold it shared. The client trigger takes
 * the same per-woman lock, because inserting a log only KEY SHARE-locks her client row and would not
 * wait for a concurrent change of her municipality.
 */
export class Migration20261129090000_activity_summaries extends Migration {

  override async up(): Promise<void> {
    // The backfill reads every logged hour: at 100k clients longer than the gateway's statement timeout.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create table "activity_municipality_day" ("municipality_id" uuid not null, "day" date not null, "minutes" bigint not null, constraint "activity_municipality_day_pkey" primary key ("municipality_id", "day"));`);
    this.addSql(`create table "activity_municipality_week" ("municipality_id" uuid not null, "monday" date not null, "days" smallint not null, "clients" int not null, constraint "activity_municipality_week_pkey" primary key ("municipality_id", "monday", "days"));`);
    this.addSql(`create table "activity_client_week" ("client_id" uuid not null, "monday" date not null, "municipality_id" uuid not null, "days" smallint not null, constraint "activity_client_week_pkey" primary key ("client_id", "monday"));`);
    this.addSql(`create table "activity_client" ("client_id" uuid not null, "municipality_id" uuid not null, "first_day" date not null, "last_day" date not null, constraint "activity_client_pkey" primary key ("client_id"));`);
    this.addSql(`create table "activity_span_count" ("municipality_id" uuid not null, "first_day" date not null, "last_day" date not null, "clients" int not null, constraint "activity_span_count_pkey" primary key ("municipality_id", "first_day", "last_day"));`);
    this.addSql(`create table "activity_client_gap" ("client_id" uuid not null, "municipality_id" uuid not null, "days" daterange not null);`);

    // Recomputes weeks, span and gaps of the given women from activity_log, moving the shared week and
    // span counts by the difference; the caller has locked them.
    this.addSql(`create function activity_summary_refresh(ids uuid[]) returns void language plpgsql volatile as $$
      begin
        -- Week counts move by the difference between the weeks the women had and the weeks they now have,
        -- in one statement ordered by key: concurrent writers then lock shared counters in the same order
        -- and never deadlock on them. Only weeks that changed are deleted and inserted: a new log changes
        -- one week of hers, and rewriting all of them (hundreds over years) cost milliseconds a log.
        with fresh as (
          select l.client_id, c.municipality_id, l.day - (extract(isodow from l.day)::int - 1) as monday,
                 bit_or(1 << (extract(isodow from l.day)::int - 1))::smallint as days
            from activity_log l join unnest(ids) i(id) on i.id = l.client_id join client c on c.id = l.client_id
           group by 1, 2, 3
        ), kept as materialized (
          select w.client_id, w.municipality_id, w.monday, w.days from activity_client_week w join unnest(ids) i(id) on i.id = w.client_id
        ), gone as (
          delete from activity_client_week w using unnest(ids) i(id)
           where w.client_id = i.id
             and not exists (select 1 from fresh f where (f.client_id, f.municipality_id, f.monday, f.days) = (w.client_id, w.municipality_id, w.monday, w.days))
          returning w.municipality_id, w.monday, w.days
        ), added as (
          select f.municipality_id, f.monday, f.days from fresh f
           where not exists (select 1 from kept k where (k.client_id, k.municipality_id, k.monday, k.days) = (f.client_id, f.municipality_id, f.monday, f.days))
        )
        insert into activity_municipality_week (municipality_id, monday, days, clients)
        select municipality_id, monday, days, sum(n)::int
          from (select *, -1 as n from gone union all select *, 1 from added) x
         group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
        on conflict (municipality_id, monday, days) do update set clients = activity_municipality_week.clients + excluded.clients;
        insert into activity_client_week (client_id, monday, municipality_id, days)
        select l.client_id, l.day - (extract(isodow from l.day)::int - 1), c.municipality_id, bit_or(1 << (extract(isodow from l.day)::int - 1))::smallint
          from activity_log l join unnest(ids) i(id) on i.id = l.client_id join client c on c.id = l.client_id
         group by 1, 2, 3
        on conflict (client_id, monday) do nothing;

        with gone as (
          delete from activity_client a using unnest(ids) i(id) where a.client_id = i.id returning a.municipality_id, a.first_day, a.last_day
        ), fresh as (
          select c.municipality_id, min(l.day) as first_day, max(l.day) as last_day
            from activity_log l join unnest(ids) i(id) on i.id = l.client_id join client c on c.id = l.client_id
           group by l.client_id, 1
        )
        insert into activity_span_count (municipality_id, first_day, last_day, clients)
        select municipality_id, first_day, last_day, sum(n)::int
          from (select *, -1 as n from gone union all select *, 1 from fresh) x
         group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
        on conflict (municipality_id, first_day, last_day) do update set clients = activity_span_count.clients + excluded.clients;
        insert into activity_client (client_id, municipality_id, first_day, last_day)
        select l.client_id, c.municipality_id, min(l.day), max(l.day)
          from activity_log l join unnest(ids) i(id) on i.id = l.client_id join client c on c.id = l.client_id
         group by 1, 2;

        -- Only the gaps that changed are deleted and inserted: a woman logging today changes one gap at
        -- most, and rewriting all of hers (hundreds over years) in the GiST index cost milliseconds a log.
        with fresh as (
          select d.client_id, c.municipality_id, daterange(d.prev + 1, d.day) as days
            from (select l.client_id, l.day, lag(l.day) over (partition by l.client_id order by l.day) as prev
                    from (select distinct l.client_id, l.day from activity_log l join unnest(ids) i(id) on i.id = l.client_id) l) d
            join client c on c.id = d.client_id
           where d.day > d.prev + 1
        ), kept as materialized (
          -- Hers, by client_id: probing the GiST index for equal ranges visits every woman with the same gap.
          select g.client_id, g.municipality_id, g.days from activity_client_gap g join unnest(ids) i(id) on i.id = g.client_id
        ), gone as (
          delete from activity_client_gap g using unnest(ids) i(id)
           where g.client_id = i.id
             and not exists (select 1 from fresh f where f.client_id = g.client_id and f.municipality_id = g.municipality_id and f.days = g.days)
        )
        insert into activity_client_gap (client_id, municipality_id, days)
        select f.client_id, f.municipality_id, f.days from fresh f
         where not exists (select 1 from kept g where g.client_id = f.client_id and g.municipality_id = f.municipality_id and g.days = f.days);
      end $$;`);

    // Per-woman advisory locks, or the class lock for a bulk statement (see above).
    this.addSql(`create function activity_summary_lock(ids uuid[]) returns void language plpgsql volatile as $$
      begin
        if cardinality(ids) > 1000 then
          perform pg_advisory_xact_lock(8, 0);
        else
          perform pg_advisory_xact_lock_shared(8, 0);
          perform pg_advisory_xact_lock(8, k) from (select distinct hashtext(id::text) as k from unnest(ids) id) x order by k;
        end if;
      end $$;`);

    this.addSql(`create function activity_log_summarise_insert() returns trigger language plpgsql volatile as $$
      declare ids uuid[] := array(select distinct client_id from new_rows);
      begin
        perform activity_summary_lock(ids);
        insert into activity_municipality_day (municipality_id, day, minutes)
        select municipality_id, day, sum(minutes) from (select c.municipality_id, n.day, n.minutes from new_rows n join client c on c.id = n.client_id) x group by 1, 2 order by 1, 2
        on conflict (municipality_id, day) do update set minutes = activity_municipality_day.minutes + excluded.minutes;
        perform activity_summary_refresh(ids);
        return null;
      end $$;`);
    // Removed minutes leave the municipality they were counted under, which activity_client still holds
    // even when the client row itself is already gone (an erasure cascading to activity_log).
    this.addSql(`create function activity_log_summarise_delete() returns trigger language plpgsql volatile as $$
      declare ids uuid[] := array(select distinct client_id from old_rows);
      begin
        perform activity_summary_lock(ids);
        insert into activity_municipality_day (municipality_id, day, minutes)
        select municipality_id, day, sum(minutes) from (select a.municipality_id, o.day, -o.minutes as minutes from old_rows o join activity_client a on a.client_id = o.client_id) x group by 1, 2 order by 1, 2
        on conflict (municipality_id, day) do update set minutes = activity_municipality_day.minutes + excluded.minutes;
        perform activity_summary_refresh(ids);
        return null;
      end $$;`);
    this.addSql(`create function activity_log_summarise_update() returns trigger language plpgsql volatile as $$
      declare ids uuid[] := array(select client_id from old_rows union select client_id from new_rows);
      begin
        perform activity_summary_lock(ids);
        insert into activity_municipality_day (municipality_id, day, minutes)
        select municipality_id, day, sum(minutes) from (select a.municipality_id, o.day, -o.minutes as minutes from old_rows o join activity_client a on a.client_id = o.client_id
                              union all select c.municipality_id, n.day, n.minutes from new_rows n join client c on c.id = n.client_id) x group by 1, 2 order by 1, 2
        on conflict (municipality_id, day) do update set minutes = activity_municipality_day.minutes + excluded.minutes;
        perform activity_summary_refresh(ids);
        return null;
      end $$;`);
    this.addSql(`create function activity_log_summarise_truncate() returns trigger language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(8, 0);
        truncate activity_municipality_day, activity_municipality_week, activity_client_week, activity_client, activity_span_count, activity_client_gap;
        return null;
      end $$;`);
    // A woman moving to another municipality takes her minutes and weeks with her (since migration
    // chain_at_the_time: those of the days she belonged to the chain that registered her).
    this.addSql(`create function client_move_activity_summaries() returns trigger language plpgsql volatile as $$
      begin
        perform activity_summary_lock(array[new.id]);
        insert into activity_municipality_day (municipality_id, day, minutes)
        select municipality_id, day, sum(minutes) from (select old.municipality_id as municipality_id, l.day, -l.minutes as minutes from activity_log l where l.client_id = new.id
                              union all select new.municipality_id, l.day, l.minutes from activity_log l where l.client_id = new.id) x group by 1, 2 order by 1, 2
        on conflict (municipality_id, day) do update set minutes = activity_municipality_day.minutes + excluded.minutes;
        perform activity_summary_refresh(array[new.id]);
        return null;
      end $$;`);
    this.addSql(`create trigger activity_log_summarise_insert after insert on activity_log referencing new table as new_rows for each statement execute function activity_log_summarise_insert();`);
    this.addSql(`create trigger activity_log_summarise_update after update on activity_log referencing old table as old_rows new table as new_rows for each statement execute function activity_log_summarise_update();`);
    this.addSql(`create trigger activity_log_summarise_delete after delete on activity_log referencing old table as old_rows for each statement execute function activity_log_summarise_delete();`);
    this.addSql(`create trigger activity_log_summarise_truncate after truncate on activity_log for each statement execute function activity_log_summarise_truncate();`);
    this.addSql(`create trigger client_move_activity_summaries after update of municipality_id on client for each row when (old.municipality_id is distinct from new.municipality_id) execute function client_move_activity_summaries();`);

    // Backfill from the rows already logged.
    this.addSql(`insert into activity_municipality_day (municipality_id, day, minutes)
      select c.municipality_id, l.day, sum(l.minutes) from activity_log l join client c on c.id = l.client_id group by 1, 2;`);
    this.addSql(`select activity_summary_refresh(array(select distinct client_id from activity_log));`);
    // Indexes after the backfill: built in one pass rather than entry by entry during it (at 100k the
    // GiST index of a million gaps takes seconds even so).
    this.addSql(`create index "activity_client_gap_client_id_index" on "activity_client_gap" ("client_id");`);
    this.addSql(`create index "activity_client_gap_days_index" on "activity_client_gap" using gist ("days");`);
    // Fresh tables have no statistics until autovacuum comes by; the report's plans need them now.
    this.addSql(`analyze activity_municipality_day, activity_municipality_week, activity_client_week, activity_client, activity_span_count, activity_client_gap;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger client_move_activity_summaries on client;`);
    this.addSql(`drop trigger activity_log_summarise_truncate on activity_log;`);
    this.addSql(`drop trigger activity_log_summarise_delete on activity_log;`);
    this.addSql(`drop trigger activity_log_summarise_update on activity_log;`);
    this.addSql(`drop trigger activity_log_summarise_insert on activity_log;`);
    this.addSql(`drop function client_move_activity_summaries();`);
    this.addSql(`drop function activity_log_summarise_truncate();`);
    this.addSql(`drop function activity_log_summarise_update();`);
    this.addSql(`drop function activity_log_summarise_delete();`);
    this.addSql(`drop function activity_log_summarise_insert();`);
    this.addSql(`drop function activity_summary_lock(uuid[]);`);
    this.addSql(`drop function activity_summary_refresh(uuid[]);`);
    this.addSql(`drop table "activity_client_gap", "activity_span_count", "activity_client", "activity_client_week", "activity_municipality_week", "activity_municipality_day";`);
  }

}
