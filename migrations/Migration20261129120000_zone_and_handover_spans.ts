import { Migration } from '@mikro-orm/migrations';

/** The intervals of migration monitoring_spans, and a day for each moment. */
export const INTERVALS = `create or replace function monitoring_intervals(ids uuid[]) returns table (figure text, key text, client_id uuid, municipality_id uuid, s date, e date)
  language sql stable as $$
    select iv.figure, iv.key, iv.client_id, coalesce(iv.municipality_id, c.municipality_id), iv.s, iv.e from (
      select 'caseload' as figure, a.professional_id::text as key, a.client_id, null::uuid as municipality_id, a.started_on as s, coalesce(a.ended_on, 'infinity') as e
        from case_assignment a join unnest(ids) i(id) on i.id = a.client_id where a.professional_id is not null
      union all
      select 'caseload_any', '', a.client_id, null, a.started_on, coalesce(a.ended_on, 'infinity')
        from case_assignment a join unnest(ids) i(id) on i.id = a.client_id where a.professional_id is not null
      union all
      select 'trajectory', tr.kind, tr.client_id, null, tr.started_on, coalesce(tr.ended_on, 'infinity')
        from trajectory tr join unnest(ids) i(id) on i.id = tr.client_id
      union all
      select 'handover', h.destination, h.client_id, null, d.day, d.day
        from handover h join unnest(ids) i(id) on i.id = h.client_id, lateral (select (h.completed_at at time zone 'UTC')::date as day) d
       where h.status = 'COMPLETED'
      union all
      select 'zone_issued', z.municipality_id::text, z.client_id, z.municipality_id, z.issued_on, z.issued_on
        from zone_registration z join unnest(ids) i(id) on i.id = z.client_id
      union all
      select 'zone_revoked', z.municipality_id::text, z.client_id, z.municipality_id, z.revoked_on, z.revoked_on
        from zone_registration z join unnest(ids) i(id) on i.id = z.client_id where z.revoked_on is not null
      union all
      select 'zone_active', z.municipality_id::text, z.client_id, z.municipality_id, z.issued_on, coalesce(z.revoked_on - 1, 'infinity')
        from zone_registration z join unnest(ids) i(id) on i.id = z.client_id where z.revoked_on is null or z.revoked_on > z.issued_on
    ) iv join client c on c.id = iv.client_id
  $$;`;

/** As migration monitoring_spans made it, for down(). */
const INTERVALS_BEFORE = `create or replace function monitoring_intervals(ids uuid[]) returns table (figure text, key text, client_id uuid, municipality_id uuid, s date, e date)
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
      $$;`;

const TRUNCATE = (figures: string) => `create or replace function monitoring_span_truncate() returns trigger language plpgsql volatile as $$
      declare figures text[] := ${figures};
      begin
        perform pg_advisory_xact_lock(8, 0);
        delete from monitoring_span where figure = any(figures);
        delete from monitoring_span_count where figure = any(figures);
        delete from monitoring_gap where figure = any(figures);
        return null;
      end $$;`;

/** Each table, the columns its figures depend on, and which of its rows count at all. */
const TABLES = [
  ['handover', 'client_id, destination, completed_at', 'completed_at is not null'],
  ['zone_registration', 'client_id, municipality_id, issued_on, revoked_on', 'true'],
] as const;

/**
 * Zone registrations and handover outcomes from the spans of migration monitoring_spans, so that the
 * monitoring report no longer counts them row by row: at 100k clients a year's completed handovers
 * (9,000) were each joined with client for her municipality and sorted per destination (~27 ms), and
 * "registrations held" read every registration ever issued (50,000, ~23 ms), issued ones every
 * registration of the period (up to 24,000, ~15 ms); each time the report ran. They are now sums over
 * distinct spans, like caseloads and trajectories (monitoring-figures.ts).
 *
 * A moment is an interval of one day, so "the women with at least one of them in [f, t]" is the same
 * question the spans answer for things that last:
 * - 'handover': key = the destination; a completed handover on the UTC day of its completion, counted
 *   under client.municipality_id, as the report always had (since migration chain_at_the_time: under
 *   the chain she belonged to on that day, the sending chain's for a handover to another municipality);
 * - 'zone_issued' and 'zone_revoked': a registration on the day it was issued or revoked;
 * - 'zone_active': a registration from its issue to the day before its revocation (none when revoked
 *   on the day of issue), asked for the period's last day only: held on day t = issued by t and not
 *   revoked by t.
 * Zone figures count under the registration's own municipality, not the woman's: their key is that
 * municipality, so that a woman registered in two municipalities has a span in each (spans and gaps
 * are per figure, key and woman).
 *
 * Kept by the same statement triggers as case_assignment and trajectory. A handover counts only once
 * completed, and completed_at is set exactly then (handover_completed), so proposing, accepting,
 * rejecting or cancelling one changes nothing counted and costs nothing more: only rows with a
 * completed_at, or an update of what is counted, recompute a woman.
 */
/** A statement trigger's body: recompute the women `ids` selects from its transition tables, under their summary lock. */
const refreshing = (ids: string) => `
  declare ids uuid[] := array(${ids});
  begin
    if cardinality(ids) = 0 then return null; end if;
    perform activity_summary_lock(ids);
    perform monitoring_span_refresh(ids);
    return null;
  end`;

export class Migration20261129120000_zone_and_handover_spans extends Migration {

  override async up(): Promise<void> {
    // The backfill recomputes every woman with a handover or a registration: at 100k clients longer than the gateway's statement timeout.
    this.addSql(`set local statement_timeout = 0;`);
    this.addSql(INTERVALS);
    this.addSql(TRUNCATE(`case tg_table_name when 'trajectory' then array['trajectory'] when 'handover' then array['handover']
        when 'zone_registration' then array['zone_issued', 'zone_revoked', 'zone_active'] else array['caseload', 'caseload_any'] end`));
    for (const [table, relevant, counted] of TABLES) {
      const changed = (o: string, n: string) => `(${relevant.split(', ').map((c) => `${o}.${c}`).join(', ')}) is distinct from (${relevant.split(', ').map((c) => `${n}.${c}`).join(', ')})`;
      this.addSql(`create function ${table}_span_insert() returns trigger language plpgsql volatile as $$ ${refreshing(`select distinct client_id from new_rows where ${counted}`)} $$;`);
      this.addSql(`create function ${table}_span_delete() returns trigger language plpgsql volatile as $$ ${refreshing(`select distinct client_id from old_rows where ${counted}`)} $$;`);
      const moved = `select o.client_id from old_rows o join new_rows n on n.id = o.id where ${changed('o', 'n')}
          union
          select n.client_id from old_rows o join new_rows n on n.id = o.id where ${changed('o', 'n')}`;
      this.addSql(`create function ${table}_span_update() returns trigger language plpgsql volatile as $$ ${refreshing(moved)} $$;`);
      this.addSql(`create trigger ${table}_span_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${table}_span_insert();`);
      this.addSql(`create trigger ${table}_span_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${table}_span_update();`);
      this.addSql(`create trigger ${table}_span_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${table}_span_delete();`);
      this.addSql(`create trigger ${table}_span_truncate after truncate on ${table} for each statement execute function monitoring_span_truncate();`);
    }

    // Backfill: the refresh recomputes every figure of these women, and the ones already there come out unchanged.
    this.addSql(`select activity_summary_lock(array(select client_id from handover union select client_id from zone_registration));`);
    this.addSql(`select monitoring_span_refresh(array(select client_id from handover union select client_id from zone_registration));`);
    this.addSql(`analyze monitoring_span, monitoring_span_count, monitoring_gap;`);
  }

  override async down(): Promise<void> {
    this.addSql(TRUNCATE(`case tg_table_name when 'trajectory' then array['trajectory'] else array['caseload', 'caseload_any'] end`));
    for (const [table] of TABLES) {
      this.addSql(`drop trigger ${table}_span_truncate on ${table};`);
      for (const op of ['insert', 'update', 'delete']) {
        this.addSql(`drop trigger ${table}_span_${op} on ${table};`);
        this.addSql(`drop function ${table}_span_${op}();`);
      }
    }
    this.addSql(`delete from monitoring_span where figure in ('handover', 'zone_issued', 'zone_revoked', 'zone_active');`);
    this.addSql(`delete from monitoring_span_count where figure in ('handover', 'zone_issued', 'zone_revoked', 'zone_active');`);
    this.addSql(`delete from monitoring_gap where figure in ('handover', 'zone_issued', 'zone_revoked', 'zone_active');`);
    this.addSql(INTERVALS_BEFORE);
  }

}
