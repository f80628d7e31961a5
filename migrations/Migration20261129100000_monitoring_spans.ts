import { Migration } from '@mikro-orm/migrations';

/**
 * Spans for the monitoring report's figures of things that last (case assignments, trajectories), kept
 * exact by triggers, so that a year at 100k clients no longer joins every assignment and trajectory of
 * the municipality with client and sorts them to count distinct women (~0.2 s per figure at 100k,
 * three such figures); the report now sums counts of distinct spans instead (monitoring-figures.ts).
 *
 * A figure counts, per key, the women with at least one interval [started_on, ended_on or infinity]
 * overlapping the period [f, t]:
 * - 'caseload': key = the case manager (assignments with a professional);
 * - 'caseload_any': key = '' (the same assignments, whoever holds them: the women under case management);
 * - 'trajectory': key = the kind.
 * For every (figure, key, woman) monitoring_span holds the first start and the last end of her
 * intervals, and monitoring_gap every run of days between them that no interval covers;
 * monitoring_span_count how many women of a municipality share each (figure, key, first, last), which is
 * what the report scans: at 100k, 333k spans but ~102k distinct ones (women under case management and
 * trajectories share start days; the caseloads per case manager hardly do). Intervals
 * never end before they start (case_assignment_period, trajectory_period), so she has an interval
 * overlapping [f, t] exactly when her span overlaps it and no gap contains it, and at most one gap can
 * (gaps are disjoint): per key, the women = spans overlapping [f, t] minus gaps containing it.
 *
 * Figures counted a woman under client.municipality_id, as the report always had, so the spans carry a
 * municipality; a trigger on client recomputes hers when it changes. Since migration chain_at_the_time
 * each day of an interval counts under the chain she belonged to that day.
 *
 * Kept by AFTER ... FOR EACH STATEMENT triggers with transition tables on case_assignment and trajectory
 * for INSERT, UPDATE and DELETE (the application inserts and updates; an erasure cascades deletes),
 * and TRUNCATE empties the figure. An update that changes none of client, professional, kind or dates
 * (a version bump, minutes per week, a status or note) costs nothing more. Otherwise the touched women's
 * spans and gaps are recomputed from the source rows, which is exact for every kind of change. Writers
 * take the per-woman lock of activity_summary_lock (migration activity_summaries) for the same reason
 * as there: two transactions recomputing one woman under READ COMMITTED must not miss each other's rows.
 */
export class Migration20261129100000_monitoring_spans extends Migration {

  override async up(): Promise<void> {
    // The backfill reads every assignment and trajectory: at 100k clients longer than the gateway's statement timeout.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(`create table "monitoring_span" ("figure" text not null, "key" text not null, "client_id" uuid not null, "municipality_id" uuid not null, "first_day" date not null, "last_day" date not null, constraint "monitoring_span_pkey" primary key ("client_id", "figure", "key"));`);
    // How many women share one span: what the report reads, one row per distinct span rather than per woman.
    this.addSql(`create table "monitoring_span_count" ("municipality_id" uuid not null, "figure" text not null, "key" text not null, "first_day" date not null, "last_day" date not null, "clients" int not null, constraint "monitoring_span_count_pkey" primary key ("municipality_id", "figure", "key", "first_day", "last_day"));`);
    this.addSql(`create table "monitoring_gap" ("figure" text not null, "key" text not null, "client_id" uuid not null, "municipality_id" uuid not null, "days" daterange not null);`);

    // Every interval of the given women, per figure and key, under client.municipality_id (since migration
    // chain_at_the_time: cut to the chains she belonged to).
    this.addSql(`create function monitoring_intervals(ids uuid[]) returns table (figure text, key text, client_id uuid, municipality_id uuid, s date, e date)
      language sql stable as $$
        select iv.figure, iv.key, iv.client_id, c.municipality_id, iv.s, iv.e from (
          select 'caseload' as figure, a.professional_id::text as key, a.client_id, a.started_on as s, coalesce(a.ended_on, 'infinity') as e
            from case_assignment a join unnest(ids) i(id) on i.id = a.client_id where a.professional_id is not null
          union all
          select 'caseload_any', '', a.client_id, a.started_on, coalesce(a.ended_on, 'infinity')
            from case_assignment a join unnest(ids) i(id) on i.id = a.client_id where a.professional_id is not null
          union all
          select 'trajectory', tr.kind, tr.client_id, tr.started_on, coalesce(tr.ended_on, 'infinity')
            from trajectory tr join unnest(ids) i(id) on i.id = tr.client_id
        ) iv join client c on c.id = iv.client_id
      $$;`);
    // Recomputes every figure's spans and gaps of the given women from their rows; the caller has locked them.
    // The shared counters move by the difference between the spans the women had and have now, in one
    // statement ordered by key, so concurrent writers lock them in the same order and never deadlock.
    // reach = the furthest end of her intervals before this one (by start): a start beyond reach + 1 leaves a gap.
    this.addSql(`create function monitoring_span_refresh(ids uuid[]) returns void language plpgsql volatile as $$
      begin
        with gone as (
          delete from monitoring_span s using unnest(ids) i(id) where s.client_id = i.id
          returning s.municipality_id, s.figure, s.key, s.first_day, s.last_day
        ), fresh as (
          select iv.municipality_id, iv.figure, iv.key, min(iv.s) as first_day, max(iv.e) as last_day
            from monitoring_intervals(ids) iv group by iv.client_id, 1, 2, 3
        )
        insert into monitoring_span_count (municipality_id, figure, key, first_day, last_day, clients)
        select municipality_id, figure, key, first_day, last_day, sum(n)::int
          from (select *, -1 as n from gone union all select *, 1 from fresh) x
         group by 1, 2, 3, 4, 5 having sum(n) <> 0 order by 1, 2, 3, 4, 5
        on conflict (municipality_id, figure, key, first_day, last_day) do update set clients = monitoring_span_count.clients + excluded.clients;

        delete from monitoring_gap g using unnest(ids) i(id) where g.client_id = i.id;
        with located as (
          select iv.*, max(iv.e) over (partition by iv.figure, iv.key, iv.client_id order by iv.s, iv.e rows between unbounded preceding and 1 preceding) as reach
            from monitoring_intervals(ids) iv
        ), spans as (
          insert into monitoring_span (figure, key, client_id, municipality_id, first_day, last_day)
          select figure, key, client_id, municipality_id, min(s), max(e) from located group by 1, 2, 3, 4
        )
        insert into monitoring_gap (figure, key, client_id, municipality_id, days)
        select figure, key, client_id, municipality_id, daterange(reach + 1, s) from located where reach < s - 1;
      end $$;`);

    for (const [table, relevant] of [
      ['case_assignment', 'client_id, professional_id, started_on, ended_on'],
      ['trajectory', 'client_id, kind, started_on, ended_on'],
    ]) {
      const changed = (o: string, n: string) => `(${relevant.split(', ').map((c) => `${o}.${c}`).join(', ')}) is distinct from (${relevant.split(', ').map((c) => `${n}.${c}`).join(', ')})`;
      this.addSql(`create function ${table}_span_insert() returns trigger language plpgsql volatile as $$
        declare ids uuid[] := array(select distinct client_id from new_rows);
        begin
          perform activity_summary_lock(ids);
          perform monitoring_span_refresh(ids);
          return null;
        end $$;`);
      this.addSql(`create function ${table}_span_delete() returns trigger language plpgsql volatile as $$
        declare ids uuid[] := array(select distinct client_id from old_rows);
        begin
          perform activity_summary_lock(ids);
          perform monitoring_span_refresh(ids);
          return null;
        end $$;`);
      this.addSql(`create function ${table}_span_update() returns trigger language plpgsql volatile as $$
        declare ids uuid[] := array(
          select o.client_id from old_rows o join new_rows n on n.id = o.id where ${changed('o', 'n')}
          union
          select n.client_id from old_rows o join new_rows n on n.id = o.id where ${changed('o', 'n')});
        begin
          if cardinality(ids) = 0 then return null; end if;
          perform activity_summary_lock(ids);
          perform monitoring_span_refresh(ids);
          return null;
        end $$;`);
      this.addSql(`create trigger ${table}_span_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${table}_span_insert();`);
      this.addSql(`create trigger ${table}_span_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${table}_span_update();`);
      this.addSql(`create trigger ${table}_span_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${table}_span_delete();`);
    }
    this.addSql(`create function monitoring_span_truncate() returns trigger language plpgsql volatile as $$
      declare figures text[] := case tg_table_name when 'trajectory' then array['trajectory'] else array['caseload', 'caseload_any'] end;
      begin
        perform pg_advisory_xact_lock(8, 0);
        delete from monitoring_span where figure = any(figures);
        delete from monitoring_span_count where figure = any(figures);
        delete from monitoring_gap where figure = any(figures);
        return null;
      end $$;`);
    this.addSql(`create trigger case_assignment_span_truncate after truncate on case_assignment for each statement execute function monitoring_span_truncate();`);
    this.addSql(`create trigger trajectory_span_truncate after truncate on trajectory for each statement execute function monitoring_span_truncate();`);
    this.addSql(`create function client_move_spans() returns trigger language plpgsql volatile as $$
      begin
        perform activity_summary_lock(array[new.id]);
        perform monitoring_span_refresh(array[new.id]);
        return null;
      end $$;`);
    this.addSql(`create trigger client_move_spans after update of municipality_id on client for each row when (old.municipality_id is distinct from new.municipality_id) execute function client_move_spans();`);

    // Backfill from the rows already there.
    this.addSql(`select monitoring_span_refresh(array(select client_id from case_assignment union select client_id from trajectory));`);
    // Indexes after the backfill: built in one pass rather than entry by entry during it (at 100k the
    // GiST index of a million gaps takes seconds even so).
    this.addSql(`create index "monitoring_gap_client_id_index" on "monitoring_gap" ("client_id");`);
    this.addSql(`create index "monitoring_gap_days_index" on "monitoring_gap" using gist ("days");`);
    // Fresh tables have no statistics until autovacuum comes by; the report's plans need them now.
    this.addSql(`analyze monitoring_span, monitoring_span_count, monitoring_gap;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger client_move_spans on client;`);
    this.addSql(`drop function client_move_spans();`);
    for (const table of ['case_assignment', 'trajectory']) {
      this.addSql(`drop trigger ${table}_span_truncate on ${table};`);
      for (const op of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger ${table}_span_${op} on ${table};`);
        this.addSql(`drop function ${table}_span_${op}();`);
      }
    }
    this.addSql(`drop function monitoring_span_truncate();`);
    this.addSql(`drop function monitoring_span_refresh(uuid[]);`);
    this.addSql(`drop function monitoring_intervals(uuid[]);`);
    this.addSql(`drop table "monitoring_gap", "monitoring_span_count", "monitoring_span";`);
  }

}
