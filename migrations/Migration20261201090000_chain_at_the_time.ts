import { Migration } from '@mikro-orm/migrations';
import { INTERVALS } from './Migration20261129120000_zone_and_handover_spans';

/**
 * Each figure counts what happened on a day under the chain the woman belonged to on that day: "the
 * municipality sees figures for its own chain only" (policy §5). Until now every summary carried
 * client.municipality_id, which nothing changes: a woman handed over from Nijmegen to Arnhem stayed in
 * Nijmegen's figures with everything Arnhem's chain did with her since, and Arnhem never counted her.
 *
 * Her chains are derived from the handovers that moved her (`client_chain_periods`): she belongs to the
 * chain that registered her (client.municipality_id) until the chain day her first completed handover to
 * another municipality completed, then to the chain of its receiving organisation
 * (organisation.municipality_id), and so on for later moves. client.municipality_id stays the chain that
 * registered her rather than following her: the access rules read it (who directs her process, reviews
 * her break-glass grants, resolves her signals), which is no decision for the figures to take; the
 * records that place her already exist, so the women handed over before this migration are placed exactly;
 * and a correction of a handover by hand places her anew, where an overwritten column would have lost
 * where she came from.
 *
 * The completion day is the sending chain's last day, the receiving chain's first the day after: the
 * handover is the sending chain's outcome and counts there, with the trajectory that completing it ends
 * that day (handover-completion.ts) — so whatever ends on the day she left stays whole in the figures of
 * the chain she left. What the receiving chain records about her on that very day counts for the sending one too.
 *
 * Attribution happens when the summaries are written, never when the report reads them:
 * - spans and gaps: an interval across a move is cut at it, each part a span of hers under its chain
 *   (monitoring_span is keyed by the chain too). Zone registrations keep counting under the municipality
 *   that issued them, their key, whichever chain she is in.
 * - logged hours: minutes count on the chain of their day; her weeks, span and gaps are per chain
 *   (activity_client_week and activity_client keyed by it too; a week she moved in has a row per chain,
 *   each with its own weekdays).
 * - signals, referrals and days seen on the zone, which the report still read row by row and placed by a
 *   join with client, become moments in the spans as completed handovers are ('signal', 'referral',
 *   'on_zone'): the report reads summaries only.
 * A completed handover to another municipality (inserted, corrected or deleted) moves every summary of
 * hers to her chains as they now are, in the same trigger that recomputes her spans, as a change of
 * client.municipality_id already did.
 */

/** The chains of her days: each chain she was in, from the day after the move that brought her there to the day of the next one. */
const CHAIN_PERIODS = `create function client_chain_periods(ids uuid[]) returns table (client_id uuid, municipality_id uuid, first_day date, last_day date)
  language sql stable as $$
    select p.client_id, p.municipality_id, p.first_day, p.last_day from (
      select m.client_id, m.municipality_id, coalesce(m.moved_on + 1, '-infinity') as first_day,
             coalesce(lead(m.moved_on) over (partition by m.client_id order by m.moved_at nulls first, m.handover_id), 'infinity') as last_day
        from (
          select c.id as client_id, c.municipality_id, null::date as moved_on, null::timestamptz as moved_at, null::uuid as handover_id
            from client c join unnest(ids) i(id) on i.id = c.id
          union all
          -- Through client as well: an erased woman (her rows going in a cascade) is in no chain any more.
          select h.client_id, o.municipality_id, chain_day(h.completed_at), h.completed_at, h.id
            from handover h join unnest(ids) i(id) on i.id = h.client_id join client c on c.id = h.client_id join organisation o on o.id = h.to_organisation_id
           where h.status = 'COMPLETED' and h.destination = 'OTHER_MUNICIPALITY'
        ) m
    ) p
    -- Moved on twice in one day: not one day in the chain between.
    where p.first_day <= p.last_day
  $$;`;

/** Until this migration: every woman in the chain that registered her, on every day (down() places her back so). */
const REGISTERED_PERIODS = `create or replace function client_chain_periods(ids uuid[]) returns table (client_id uuid, municipality_id uuid, first_day date, last_day date)
  language sql stable as $$
    select c.id, c.municipality_id, '-infinity'::date, 'infinity'::date from client c join unnest(ids) i(id) on i.id = c.id
  $$;`;

/** The women with a completed handover to another municipality: the only ones whose chain ever changed. */
const MOVED = `select distinct client_id from handover where status = 'COMPLETED' and destination = 'OTHER_MUNICIPALITY'`;

/** The intervals of migration zone_and_handover_spans, all but the zone's cut to the chains of their days, and the new moments. */
const INTERVALS_IN_CHAIN = `create or replace function monitoring_intervals(ids uuid[]) returns table (figure text, key text, client_id uuid, municipality_id uuid, s date, e date)
  language sql stable as $$
    select iv.figure, iv.key, iv.client_id, iv.municipality_id, iv.s, iv.e from (
      select 'zone_issued' as figure, z.municipality_id::text as key, z.client_id, z.municipality_id, z.issued_on as s, z.issued_on as e
        from zone_registration z join unnest(ids) i(id) on i.id = z.client_id
      union all
      select 'zone_revoked', z.municipality_id::text, z.client_id, z.municipality_id, z.revoked_on, z.revoked_on
        from zone_registration z join unnest(ids) i(id) on i.id = z.client_id where z.revoked_on is not null
      union all
      select 'zone_active', z.municipality_id::text, z.client_id, z.municipality_id, z.issued_on, coalesce(z.revoked_on - 1, 'infinity')
        from zone_registration z join unnest(ids) i(id) on i.id = z.client_id where z.revoked_on is null or z.revoked_on > z.issued_on
    ) iv join client c on c.id = iv.client_id
    union all
    select iv.figure, iv.key, iv.client_id, ch.municipality_id, greatest(iv.s, ch.first_day), least(iv.e, ch.last_day) from (
      select 'caseload' as figure, a.professional_id::text as key, a.client_id, a.started_on as s, coalesce(a.ended_on, 'infinity') as e
        from case_assignment a join unnest(ids) i(id) on i.id = a.client_id where a.professional_id is not null
      union all
      select 'caseload_any', '', a.client_id, a.started_on, coalesce(a.ended_on, 'infinity')
        from case_assignment a join unnest(ids) i(id) on i.id = a.client_id where a.professional_id is not null
      union all
      select 'trajectory', tr.kind, tr.client_id, tr.started_on, coalesce(tr.ended_on, 'infinity')
        from trajectory tr join unnest(ids) i(id) on i.id = tr.client_id
      union all
      select 'handover', h.destination, h.client_id, chain_day(h.completed_at), chain_day(h.completed_at)
        from handover h join unnest(ids) i(id) on i.id = h.client_id where h.status = 'COMPLETED'
      union all
      select 'signal', '', s.client_id, chain_day(s.raised_at), chain_day(s.raised_at)
        from signal s join unnest(ids) i(id) on i.id = s.client_id
      union all
      select 'referral', '', r.client_id, chain_day(r.created_at), chain_day(r.created_at)
        from referral r join unnest(ids) i(id) on i.id = r.client_id
      union all
      select 'on_zone', '', o.client_id, o.observed_on, o.observed_on
        from zone_observation o join unnest(ids) i(id) on i.id = o.client_id
    ) iv join client_chain_periods(ids) ch on ch.client_id = iv.client_id and ch.first_day <= iv.e and iv.s <= ch.last_day
  $$;`;

/** As migration chain_day left monitoring_intervals, for down(). */
const INTERVALS_ON_CHAIN_DAYS = INTERVALS.replace(`(h.completed_at at time zone 'UTC')::date`, 'chain_day(h.completed_at)');

/**
 * Migration monitoring_spans' refresh; a gap is a run of days between the intervals of one `partition`
 * (now per chain too: a woman's days in one chain are no gap in another's).
 */
const spanRefresh = (partition: string) => `create or replace function monitoring_span_refresh(ids uuid[]) returns void language plpgsql volatile as $$
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
      select iv.*, max(iv.e) over (partition by ${partition} order by iv.s, iv.e rows between unbounded preceding and 1 preceding) as reach
        from monitoring_intervals(ids) iv
    ), spans as (
      insert into monitoring_span (figure, key, client_id, municipality_id, first_day, last_day)
      select figure, key, client_id, municipality_id, min(s), max(e) from located group by 1, 2, 3, 4
    )
    insert into monitoring_gap (figure, key, client_id, municipality_id, days)
    select figure, key, client_id, municipality_id, daterange(reach + 1, s) from located where reach < s - 1;
  end $$;`;

/** The figures a truncate of each table empties (others: case_assignment's). */
const FIGURES_OF: Record<string, string[]> = {
  trajectory: ['trajectory'],
  handover: ['handover'],
  zone_registration: ['zone_issued', 'zone_revoked', 'zone_active'],
};
/** The moments this migration puts in the spans: each table, the columns its figure depends on, the figure. */
const MOMENTS = [
  ['signal', 'client_id, raised_at', 'signal'],
  ['referral', 'client_id, created_at', 'referral'],
  ['zone_observation', 'client_id, observed_on', 'on_zone'],
] as const;
const truncating = (figuresOf: Record<string, string[]>) => `create or replace function monitoring_span_truncate() returns trigger language plpgsql volatile as $$
  declare figures text[] := case tg_table_name ${Object.entries(figuresOf)
    .map(([table, figures]) => `when '${table}' then array[${figures.map((f) => `'${f}'`).join(', ')}]`)
    .join(' ')} else array['caseload', 'caseload_any'] end;
  begin
    perform pg_advisory_xact_lock(8, 0);
    delete from monitoring_span where figure = any(figures);
    delete from monitoring_span_count where figure = any(figures);
    delete from monitoring_gap where figure = any(figures);
    return null;
  end $$;`;

/**
 * A statement trigger's body: recompute the spans of the women `ids` selects, under their summary lock;
 * first move every summary of those `moved` selects (a subset) to the chains of their days.
 */
const refreshing = (ids: string, moved?: string) => `
  declare
    ids uuid[] := array(${ids});${moved ? `\n    moved uuid[] := array(${moved});` : ''}
  begin
    if cardinality(ids) = 0 then return null; end if;
    perform activity_summary_lock(ids);${moved ? '\n    perform activity_summary_move(moved);' : ''}
    perform monitoring_span_refresh(ids);
    return null;
  end`;

/**
 * The span triggers' functions of `table`: `relevant` are the columns its figures depend on, `counted`
 * which rows count at all, `moves` which of those change the chain she is in.
 */
function spanTriggers(table: string, relevant: string, counted: (row: string) => string, moves?: (row: string) => string): string[] {
  const changed = `(${relevant.split(', ').map((c) => `o.${c}`).join(', ')}) is distinct from (${relevant.split(', ').map((c) => `n.${c}`).join(', ')})`;
  const of = (rows: string, which: (row: string) => string) => `select distinct r.client_id from ${rows} r where ${which('r')}`;
  const updated = (which: (row: string) => string) => `select o.client_id from old_rows o join new_rows n on n.id = o.id where ${changed} and ${which('o')}
          union
          select n.client_id from old_rows o join new_rows n on n.id = o.id where ${changed} and ${which('n')}`;
  return [
    `create or replace function ${table}_span_insert() returns trigger language plpgsql volatile as $$ ${refreshing(of('new_rows', counted), moves && of('new_rows', moves))} $$;`,
    `create or replace function ${table}_span_delete() returns trigger language plpgsql volatile as $$ ${refreshing(of('old_rows', counted), moves && of('old_rows', moves))} $$;`,
    `create or replace function ${table}_span_update() returns trigger language plpgsql volatile as $$ ${refreshing(updated(EVERY), moves && updated(moves))} $$;`,
  ];
}
const EVERY = () => 'true';
const COMPLETED = (h: string) => `${h}.completed_at is not null`;
const MOVING = (h: string) => `${h}.completed_at is not null and ${h}.destination = 'OTHER_MUNICIPALITY'`;

/** Where a woman's logged hours count. */
export interface Attribution {
  /** Her logs (of the women `ids`) as a from-item `l` of client_id, municipality_id and day. */
  logs: string;
  /** The municipality_id, day and minutes of the logs in the from-item `rows`, where they count now. */
  added: (rows: string) => string;
  /** The same, negative, where they were counted until this statement: for taking them out. */
  removed: (rows: string) => string;
  /** activity_client_week's key. */
  weekKey: string;
}

const MONDAY = (day: string) => `${day} - (extract(isodow from ${day})::int - 1)`;
const WEEKDAY = (day: string) => `(1 << (extract(isodow from ${day})::int - 1))`;
const IN_CHAIN = (l: string) => `join client_chain_periods(ids) ch on ch.client_id = ${l}.client_id and ${l}.day between ch.first_day and ch.last_day`;

export const BY_CHAIN: Attribution = {
  logs: `(select l.client_id, ch.municipality_id, l.day from activity_log l join unnest(ids) i(id) on i.id = l.client_id ${IN_CHAIN('l')}) l`,
  added: (rows) => `select ch.municipality_id, r.day, r.minutes from ${rows} r ${IN_CHAIN('r')}`,
  // Her week rows hold where each of her log days was counted, also when the client row itself is
  // already gone (an erasure cascading to activity_log): each day of a week is in one chain only.
  removed: (rows) => `select w.municipality_id, r.day, -r.minutes as minutes from ${rows} r
    join activity_client_week w on w.client_id = r.client_id and w.monday = ${MONDAY('r.day')} and w.days & ${WEEKDAY('r.day')} <> 0`,
  weekKey: 'client_id, monday, municipality_id',
};

/** As migration activity_summaries counted them, for down(). */
export const BY_REGISTRATION: Attribution = {
  logs: `(select l.client_id, c.municipality_id, l.day from activity_log l join unnest(ids) i(id) on i.id = l.client_id join client c on c.id = l.client_id) l`,
  added: (rows) => `select c.municipality_id, r.day, r.minutes from ${rows} r join client c on c.id = r.client_id`,
  removed: (rows) => `select a.municipality_id, r.day, -r.minutes as minutes from ${rows} r join activity_client a on a.client_id = r.client_id`,
  weekKey: 'client_id, monday',
};

/** Adds the municipality_id, day and minutes rows of `parts` to the minutes per municipality and day, in key order. */
const addMinutes = (...parts: string[]) => `insert into activity_municipality_day (municipality_id, day, minutes)
    select municipality_id, day, sum(minutes) from (${parts.join('\n      union all ')}) x group by 1, 2 having sum(minutes) <> 0 order by 1, 2
    on conflict (municipality_id, day) do update set minutes = activity_municipality_day.minutes + excluded.minutes;`;

/** The logs of the women `ids` (or of the one woman `id`), as a from-item. */
const LOGS_OF = (ids: string) => `(select l.* from activity_log l join unnest(${ids}) i(id) on i.id = l.client_id)`;

/** Migration activity_summaries' refresh of her weeks, span and gaps, each of them per municipality her logs count under. */
export const activityRefresh = ({ logs, weekKey }: Attribution, name = 'activity_summary_refresh') => `create or replace function ${name}(ids uuid[]) returns void language plpgsql volatile as $$
  begin
    -- Week counts move by the difference between the weeks the women had and the weeks they now have,
    -- in one statement ordered by key: concurrent writers then lock shared counters in the same order
    -- and never deadlock on them. Only weeks that changed are deleted and inserted: a new log changes
    -- one week of hers, and rewriting all of them (hundreds over years) cost milliseconds a log.
    with fresh as (
      select l.client_id, l.municipality_id, ${MONDAY('l.day')} as monday, bit_or(${WEEKDAY('l.day')})::smallint as days
        from ${logs}
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
    select l.client_id, ${MONDAY('l.day')}, l.municipality_id, bit_or(${WEEKDAY('l.day')})::smallint
      from ${logs}
     group by 1, 2, 3
    on conflict (${weekKey}) do nothing;

    with gone as (
      delete from activity_client a using unnest(ids) i(id) where a.client_id = i.id returning a.municipality_id, a.first_day, a.last_day
    ), fresh as (
      select l.municipality_id, min(l.day) as first_day, max(l.day) as last_day from ${logs} group by l.client_id, 1
    )
    insert into activity_span_count (municipality_id, first_day, last_day, clients)
    select municipality_id, first_day, last_day, sum(n)::int
      from (select *, -1 as n from gone union all select *, 1 from fresh) x
     group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
    on conflict (municipality_id, first_day, last_day) do update set clients = activity_span_count.clients + excluded.clients;
    insert into activity_client (client_id, municipality_id, first_day, last_day)
    select l.client_id, l.municipality_id, min(l.day), max(l.day) from ${logs} group by 1, 2;

    -- Only the gaps that changed are deleted and inserted: a woman logging today changes one gap at
    -- most, and rewriting all of hers (hundreds over years) in the GiST index cost milliseconds a log.
    with fresh as (
      select d.client_id, d.municipality_id, daterange(d.prev + 1, d.day) as days
        from (select l.client_id, l.municipality_id, l.day, lag(l.day) over (partition by l.client_id, l.municipality_id order by l.day) as prev
                from (select distinct l.client_id, l.municipality_id, l.day from ${logs}) l) d
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
  end $$;`;

/** Migration activity_summaries' statement triggers on activity_log: minutes by delta, then her weeks, span and gaps anew. */
const logTriggers = ({ added, removed }: Attribution) => {
  const summarising = (ids: string, minutes: string) => `
    declare ids uuid[] := array(${ids});
    begin
      perform activity_summary_lock(ids);
      ${minutes}
      perform activity_summary_refresh(ids);
      return null;
    end`;
  return [
    `create or replace function activity_log_summarise_insert() returns trigger language plpgsql volatile as $$ ${summarising('select distinct client_id from new_rows', addMinutes(added('new_rows')))} $$;`,
    `create or replace function activity_log_summarise_delete() returns trigger language plpgsql volatile as $$ ${summarising('select distinct client_id from old_rows', addMinutes(removed('old_rows')))} $$;`,
    `create or replace function activity_log_summarise_update() returns trigger language plpgsql volatile as $$ ${summarising(
      'select client_id from old_rows union select client_id from new_rows',
      addMinutes(removed('old_rows'), added('new_rows')),
    )} $$;`,
  ];
};

/**
 * Her chains changed (a handover to another municipality completed or corrected, or the chain that
 * registered her): her minutes leave the chains they were counted under for the chains of their days
 * now, and her weeks, span and gaps follow. The caller holds the women's summary lock.
 */
const MOVE = `create function activity_summary_move(women uuid[]) returns void language plpgsql volatile as $$
  -- Not an erased woman, whose handovers go in the same cascade as her logs: activity_log's own trigger
  -- takes her minutes out, from her weeks as they were, whether it runs before this or after.
  declare ids uuid[] := array(select c.id from client c join unnest(women) w(id) on w.id = c.id);
  begin
    if cardinality(ids) = 0 then return; end if;
    ${addMinutes(BY_CHAIN.removed(LOGS_OF('ids')), BY_CHAIN.added(LOGS_OF('ids')))}
    perform activity_summary_refresh(ids);
  end $$;`;

const CLIENT_MOVE = `create or replace function client_move_activity_summaries() returns trigger language plpgsql volatile as $$
  begin
    perform activity_summary_lock(array[new.id]);
    perform activity_summary_move(array[new.id]);
    return null;
  end $$;`;

/** As migration activity_summaries made it, for down(): all her minutes from her old municipality to her new one. */
const CLIENT_MOVE_BEFORE = `create or replace function client_move_activity_summaries() returns trigger language plpgsql volatile as $$
  declare ids uuid[] := array[new.id];
  begin
    perform activity_summary_lock(ids);
    ${addMinutes(BY_REGISTRATION.removed(LOGS_OF('ids')), BY_REGISTRATION.added(LOGS_OF('ids')))}
    perform activity_summary_refresh(ids);
    return null;
  end $$;`;

/** The summaries whose key now holds the chain too, with their key before. */
const KEYS = [
  ['monitoring_span', 'client_id, figure, key'],
  ['activity_client_week', 'client_id, monday'],
  ['activity_client', 'client_id'],
] as const;
const primaryKey = (table: string, columns: string) =>
  `alter table "${table}" drop constraint "${table}_pkey", add constraint "${table}_pkey" primary key (${columns.split(', ').map((c) => `"${c}"`).join(', ')});`;

const SUMMARIES = 'monitoring_span, monitoring_span_count, monitoring_gap, activity_municipality_day, activity_municipality_week, activity_client_week, activity_client, activity_span_count, activity_client_gap';

export class Migration20261201090000_chain_at_the_time extends Migration {
  override async up(): Promise<void> {
    // The backfill recomputes every woman with a signal, referral or day on the zone: at 100k clients longer than the gateway's statement timeout.
    this.addSql(`set local statement_timeout = 0;`);
    for (const [table, key] of KEYS) this.addSql(primaryKey(table, `${key}, municipality_id`));
    this.addSql(CHAIN_PERIODS);
    this.addSql(INTERVALS_IN_CHAIN);
    this.addSql(spanRefresh('iv.figure, iv.key, iv.client_id, iv.municipality_id'));
    this.addSql(activityRefresh(BY_CHAIN));
    for (const sql of logTriggers(BY_CHAIN)) this.addSql(sql);
    this.addSql(MOVE);
    this.addSql(CLIENT_MOVE);
    for (const sql of spanTriggers('handover', 'client_id, destination, completed_at, to_organisation_id', COMPLETED, MOVING)) this.addSql(sql);

    this.addSql(truncating({ ...FIGURES_OF, ...Object.fromEntries(MOMENTS.map(([table, , figure]) => [table, [figure]])) }));
    for (const [table, relevant] of MOMENTS) {
      for (const sql of spanTriggers(table, relevant, EVERY)) this.addSql(sql);
      for (const op of ['insert', 'update', 'delete']) {
        const rows = op === 'insert' ? 'new table as new_rows' : op === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
        this.addSql(`create trigger ${table}_span_${op} after ${op} on ${table} referencing ${rows} for each statement execute function ${table}_span_${op}();`);
      }
      this.addSql(`create trigger ${table}_span_truncate after truncate on ${table} for each statement execute function monitoring_span_truncate();`);
    }

    // Backfill: the women handed over to another municipality move, and every woman with a moment gets its spans.
    const touched = `${MOVED} union select client_id from signal union select client_id from referral union select client_id from zone_observation`;
    this.addSql(`select activity_summary_lock(array(${touched}));`);
    this.addSql(`select activity_summary_move(array(${MOVED}));`);
    this.addSql(`select monitoring_span_refresh(array(${touched}));`);
    this.addSql(`analyze ${SUMMARIES};`);
  }

  override async down(): Promise<void> {
    this.addSql(`set local statement_timeout = 0;`);
    for (const [table] of MOMENTS) {
      for (const op of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger ${table}_span_${op} on ${table};`);
      for (const op of ['insert', 'update', 'delete']) this.addSql(`drop function ${table}_span_${op}();`);
    }
    this.addSql(INTERVALS_ON_CHAIN_DAYS);
    const moments = `array[${MOMENTS.map(([, , figure]) => `'${figure}'`).join(', ')}]`;
    for (const table of ['monitoring_span', 'monitoring_span_count', 'monitoring_gap']) this.addSql(`delete from ${table} where figure = any(${moments});`);
    // Every woman back in the chain that registered her, by this migration's own functions: then she has
    // one row per week, span and figure again, as the keys before allow.
    this.addSql(REGISTERED_PERIODS);
    this.addSql(`select activity_summary_lock(array(${MOVED}));`);
    this.addSql(`select activity_summary_move(array(${MOVED}));`);
    this.addSql(`select monitoring_span_refresh(array(${MOVED}));`);
    for (const [table, key] of KEYS) this.addSql(primaryKey(table, key));

    this.addSql(truncating(FIGURES_OF));
    for (const sql of spanTriggers('handover', 'client_id, destination, completed_at', COMPLETED)) this.addSql(sql);
    this.addSql(spanRefresh('iv.figure, iv.key, iv.client_id'));
    this.addSql(activityRefresh(BY_REGISTRATION));
    for (const sql of logTriggers(BY_REGISTRATION)) this.addSql(sql);
    this.addSql(CLIENT_MOVE_BEFORE);
    this.addSql(`drop function activity_summary_move(uuid[]);`);
    this.addSql(`drop function client_chain_periods(uuid[]);`);
    this.addSql(`analyze ${SUMMARIES};`);
  }
}
