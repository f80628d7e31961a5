import type { Reader } from '../../db/read-replica';
import { HANDOVER_DESTINATIONS, type HandoverDestination } from '../handovers/handover.entity';
import { TRAJECTORY_KINDS, type TrajectoryKind } from '../trajectories/trajectory.entity';

/** The exact figures of one municipality and period, before disclosure control. */
export interface MonitoringFigures {
  zoneRegistrations: { issued: number; revoked: number; active: number };
  activeOnZone: number;
  trajectories: Record<TrajectoryKind, number>;
  handoverOutcomes: Record<HandoverDestination, number>;
  /** Each case manager's caseload, largest first; who she is never leaves the database. */
  caseloads: number[];
  caseloadClients: number;
  caseManagersByOrganisation: { organisationId: string; count: number }[];
  activity: { minutes: number; clientWeeks: number; clients: number };
  referrals: number;
  signals: number;
}

/**
 * One statement computes every figure inside PostgreSQL: only counts come back, no row of a client.
 * Periods are whole days, both ends included. A figure counts women (distinct clients), so one woman
 * with three signals is one, as disclosure control assumes. Moments (a handover's completion, a
 * referral, a signal, a day seen on the zone) fall on their day in the chain's calendar, as every other
 * day of the gateway does (`CHAIN_TIME_ZONE`, common/chain-calendar; `chain_day`, migration …_chain_day).
 * Things that last (registrations, trajectories, caseloads) count when they overlap the period.
 * Each day of hers counts for the chain she belonged to that day (migration …_chain_at_the_time): the
 * summaries are written so, and this statement only reads those of the municipality asked for.
 */
const FIGURES_SQL = `
with p as (
  select ?::uuid as m, ?::date as f, ?::date as t
),
-- Counts of women from the spans of migrations monitoring_spans, zone_and_handover_spans and
-- chain_at_the_time rather than the rows themselves: per figure and key, the women whose span overlaps
-- the period (counted per distinct span) minus those with a gap (no interval) containing the whole
-- period. Registrations held are asked for the period's last day, every other figure for the whole period.
windows as (
  select p.m, false as at_end, p.f as lo, p.t as hi from p
  union all
  select p.m, true, p.t, p.t from p
),
spans as (
  select s.figure, s.key, sum(s.clients)::int as n from monitoring_span_count s join windows w on w.at_end = (s.figure = 'zone_active')
  where s.municipality_id = w.m and s.last_day >= w.lo and s.first_day <= w.hi
  group by 1, 2
  union all
  select g.figure, g.key, -count(*)::int from monitoring_gap g join windows w on w.at_end = (g.figure = 'zone_active')
  where g.municipality_id = w.m and g.days @> daterange(w.lo, w.hi, '[]')
  group by 1, 2
),
lasting as (
  select figure, key, sum(n)::int as n from spans group by 1, 2 having sum(n) > 0
),
-- Only the chain's own professionals: on the day a handover to another municipality completes (still
-- the sending chain's day) the receiving chain's case manager takes her on, and counting her here
-- would say where a woman went that day however the handover outcomes are suppressed.
caseload as (
  select pr.organisation_id, l.n
  from lasting l join professional pr on pr.id = l.key::uuid join organisation o on o.id = pr.organisation_id, p
  where l.figure = 'caseload' and o.municipality_id = p.m
),
-- The ISO weeks the period touches, each with the first and last of its weekdays (0 = Monday) inside it.
weeks as (
  select w.monday, greatest(p.f, w.monday) - w.monday as lo, least(p.t, w.monday + 6) - w.monday as hi
  from p, lateral (select p.f - (extract(isodow from p.f)::int - 1) + 7 * k as monday
                   from generate_series(0, (p.t - (p.f - (extract(isodow from p.f)::int - 1))) / 7) k) w
)
select
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'zone_issued') as issued,
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'zone_revoked') as revoked,
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'zone_active') as active,
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'on_zone') as active_on_zone,
  (select coalesce(json_object_agg(l.key, l.n), '{}') from lasting l where l.figure = 'trajectory') as trajectories,
  (select coalesce(json_object_agg(l.key, l.n), '{}') from lasting l where l.figure = 'handover') as handover_outcomes,
  (select coalesce(json_agg(cl.n order by cl.n desc), '[]') from caseload cl) as caseloads,
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'caseload_any') as caseload_clients,
  (select coalesce(json_agg(json_build_object('organisationId', o.organisation_id, 'count', o.n) order by o.organisation_id), '[]') from (
    select cl.organisation_id, count(*)::int as n from caseload cl group by cl.organisation_id) o) as case_managers,
  -- From the summaries of migration activity_summaries, not from a year of logged hours:
  -- minutes are a sum of days; client-weeks count, week by week, the women whose weekday mask shares a
  -- day with the period (every mask for a whole week, the period's days of it for the at most two
  -- partial boundary weeks), from per-mask counts; women are spans overlapping the period minus gaps
  -- containing it.
  json_build_object(
    'minutes', (select coalesce(sum(d.minutes), 0) from activity_municipality_day d, p
      where d.municipality_id = p.m and d.day between p.f and p.t),
    'clientWeeks', (select coalesce(sum(s.clients), 0) from activity_municipality_week s join weeks w on w.monday = s.monday, p
      where s.municipality_id = p.m and s.days & ((1 << (w.hi + 1)) - (1 << w.lo)) <> 0),
    'clients',
      (select coalesce(sum(a.clients), 0) from activity_span_count a, p where a.municipality_id = p.m and a.last_day >= p.f and a.first_day <= p.t)
      - (select count(*) from activity_client_gap g, p where g.municipality_id = p.m and g.days @> daterange(p.f, p.t, '[]'))
  ) as activity,
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'referral') as referrals,
  (select coalesce(sum(l.n), 0)::int from lasting l where l.figure = 'signal') as signals
`;

interface FiguresRow {
  issued: number;
  revoked: number;
  active: number;
  active_on_zone: number;
  trajectories: Partial<Record<TrajectoryKind, number>>;
  handover_outcomes: Partial<Record<HandoverDestination, number>>;
  caseloads: number[];
  caseload_clients: number;
  case_managers: { organisationId: string; count: number }[];
  activity: { minutes: number; clientWeeks: number; clients: number };
  referrals: number;
  signals: number;
}

/** Every kind listed, absent ones as zero: a missing row and a zero are the same figure. */
function complete<K extends string>(keys: readonly K[], found: Partial<Record<K, number>>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, found[k] ?? 0])) as Record<K, number>;
}

/** The figures as `read` finds them: a read replica's, when the gateway has one (db/read-replica.ts). */
export async function monitoringFigures(read: Reader, municipalityId: string, from: string, to: string): Promise<MonitoringFigures> {
  const [row] = await read<FiguresRow>(FIGURES_SQL, [municipalityId, from, to]);
  return {
    zoneRegistrations: { issued: row.issued, revoked: row.revoked, active: row.active },
    activeOnZone: row.active_on_zone,
    trajectories: complete(TRAJECTORY_KINDS, row.trajectories),
    handoverOutcomes: complete(HANDOVER_DESTINATIONS, row.handover_outcomes),
    caseloads: row.caseloads,
    caseloadClients: row.caseload_clients,
    caseManagersByOrganisation: row.case_managers,
    activity: { minutes: Number(row.activity.minutes), clientWeeks: row.activity.clientWeeks, clients: row.activity.clients },
    referrals: row.referrals,
    signals: row.signals,
  };
}
