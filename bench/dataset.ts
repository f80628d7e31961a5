/**
 * A region's chain at a chosen scale, generated in SQL on top of the migrated demo database.
 *
 * Deterministic: every value is a function of the row number (no random()), so two runs at the
 * same scale hold the same rows. Proportions follow the Nijmegen report, scaled out: one team
 * of two care organisations per thousand women, four case managers per organisation (~125
 * women each — a heavy caseload, as a region would have), a permission for both team organisations
 * and for procesregie per woman, case management for all, a time-out stay for every third,
 * twelve weeks of logged hours, a zone registration for every second, handovers (one in ten
 * still open), the referral each woman came in by (one in a hundred referred again and waiting),
 * a signal a year for every third woman (one in ten of them still open) and audit lines.
 *
 * Team 0 is the demo Stapteam (Iriszorg + Leger des Heils), so the demo case managers' caseload
 * is about a thousand women at every scale: what grows with the scale is the database, not
 * what the benchmark's case manager asks for. Every "one in n" counts a woman's number within her
 * team (j), so each team — the Stapteam too — holds the same mix at every scale.
 */
import type { Client as PgClient } from 'pg';
import { DEMO } from '../src/db/demo/seed';

export const SCALES = { '1k': 1_000, '10k': 10_000, '100k': 100_000 } as const;
export type Scale = keyof typeof SCALES;

const PER_TEAM = 1_000;

export async function generateChain(pg: PgClient, clients: number): Promise<void> {
  const teams = Math.ceil(clients / PER_TEAM);
  await pg.query('begin');
  await pg.query(`set local synchronous_commit = off`);
  // Team 0 is the Stapteam; teams 1.. get two new care organisations each.
  await pg.query(
    `create temporary table bench_team on commit drop as
       select 0 as n, $1::uuid as team_id, $2::uuid as org_a, $3::uuid as org_b
       union all
       select n, gen_random_uuid(), gen_random_uuid(), gen_random_uuid() from generate_series(1, $4::int - 1) n`,
    [DEMO.stapteam, DEMO.org.iriszorg, DEMO.org.legerDesHeils, teams],
  );
  await pg.query(
    `insert into organisation (id, name, kind, municipality_id)
       select org_a, 'Zorgpartner ' || n || 'A', 'CARE_PROVIDER', $1::uuid from bench_team where n > 0
       union all
       select org_b, 'Zorgpartner ' || n || 'B', 'CARE_PROVIDER', $1::uuid from bench_team where n > 0`,
    [DEMO.org.nijmegen],
  );
  await pg.query(`insert into team (id, name, municipality_id) select team_id, 'Regioteam ' || n, $1::uuid from bench_team where n > 0`, [DEMO.org.nijmegen]);
  // Four case managers per organisation per team; in the Stapteam the demo ones first.
  await pg.query(
    `create temporary table bench_cm on commit drop as
       select t.n as team_n, side, k, gen_random_uuid() as id, case side when 0 then t.org_a else t.org_b end as org
         from bench_team t, generate_series(0, 1) side, generate_series(0, 3) k`,
  );
  await pg.query(
    `update bench_cm b set id = p.id
       from (select id, organisation_id, row_number() over (partition by organisation_id order by email) - 1 as k
               from professional where 'CASE_MANAGER' = any(roles) and organisation_id in ($1, $2)) p
      where b.team_n = 0 and b.org = p.organisation_id and b.k = p.k`,
    [DEMO.org.iriszorg, DEMO.org.legerDesHeils],
  );
  await pg.query(
    `insert into professional (id, name, email, subject, organisation_id, roles)
       select id, 'Casemanager ' || team_n || '-' || side || '-' || k, 'cm-' || team_n || '-' || side || '-' || k || '@bench.example',
              'bench|cm-' || team_n || '-' || side || '-' || k, org, array['CASE_MANAGER']
         from bench_cm c where not exists (select 1 from professional p where p.id = c.id)`,
  );
  await pg.query(`insert into team_member (team_id, professional_id) select t.team_id, c.id from bench_cm c join bench_team t on t.n = c.team_n on conflict do nothing`);

  await pg.query(
    `create temporary table bench_referrer on commit drop as
       select false as outreach, id as pro, organisation_id as org from professional where email = 'procesregie@zvh.example'
       union all
       select true, id, organisation_id from professional where email = 'psychiatrist@propersona.example'`,
  );
  await pg.query(
    `create temporary table bench_client on commit drop as
       select i, j, gen_random_uuid() as id, t.team_id, t.org_a, t.org_b, (j % 2) as side,
              (select c.id from bench_cm c where c.team_n = t.n and c.side = j % 2 and c.k = (j / 2) % 4) as cm
         from generate_series(0, $1::int - 1) i
         cross join lateral (select i / $2::int as j) w
         join bench_team t on t.n = i % $2::int`,
    [clients, teams],
  );
  await pg.query(
    `insert into client (id, code, status, municipality_id, team_id, created_at)
       select id, 'B-' || lpad(i::text, 6, '0'), 'ACTIVE', $1::uuid, team_id, timestamptz '2022-01-01' + (i % 700) * interval '1 day' from bench_client`,
    [DEMO.org.nijmegen],
  );
  await pg.query(
    `insert into client_record (client_id, name, date_of_birth, phone, health_summary, substance_use, housing_situation, income)
       select id, 'Cliënt ' || i, date '1975-01-01' + (i % 9000), '06-' || lpad((i % 100000000)::text, 8, '0'),
              'Samenvatting ' || i, case when j % 3 = 0 then 'Cocaïne' end, 'Dakloos', 'Uitkering' from bench_client`,
  );
  await pg.query(
    `insert into case_assignment (client_id, organisation_id, professional_id, started_on, minutes_per_week)
       select id, case side when 0 then org_a else org_b end, cm, date '2022-01-01' + (i % 700), 240 from bench_client`,
  );
  // Both organisations of her team for care, procesregie for coordination; every fourth objects
  // to HEALTH for the team partner.
  await pg.query(
    `insert into consent (client_id, effect, organisation_id, categories, purpose, valid_from, recorded_by_id)
       select id, 'PERMIT', org, null, 'CARE', timestamptz '2022-01-01' + (i % 700) * interval '1 day', cm from bench_client, unnest(array[org_a, org_b]) org
       union all
       select id, 'PERMIT', $1::uuid, array['HOUSING', 'JUSTICE'], 'CARE_COORDINATION', timestamptz '2022-01-01' + (i % 700) * interval '1 day', cm from bench_client
       union all
       select id, 'DENY', case side when 0 then org_b else org_a end, array['HEALTH'], null, timestamptz '2022-02-01' + (i % 700) * interval '1 day', cm from bench_client where j % 4 = 0`,
    [DEMO.org.zvh],
  );
  await pg.query(
    `insert into trajectory (client_id, kind, provider_id, status, started_on, ended_on, outcome, notes)
       select id, 'CASE_MANAGEMENT', case side when 0 then org_a else org_b end, 'ACTIVE', date '2022-01-01' + (i % 700), null, null, 'Casemanagement' from bench_client
       union all
       select id, 'TIME_OUT', org_a, 'ENDED', date '2022-03-01' + (i % 600), date '2022-03-15' + (i % 600), 'Rust gevonden', 'Time-out' from bench_client where j % 3 = 0`,
  );
  // One entry a week per woman on a weekday, by her case manager: a week of ~31 hours over her ~125
  // women, ~6 hours a day. The report's 4 hours per case (domain.md) holds for a caseload of ten;
  // at this caseload it would be 100 hours a day, which logActivity refuses (24 hours a day at most).
  await pg.query(
    `insert into activity_log (client_id, professional_id, day, minutes)
       select c.id, c.cm, date '2024-01-01' + w * 7 + (c.i % 5), 15 from bench_client c, generate_series(0, 11) w`,
  );
  await pg.query(
    `insert into zone_registration (client_id, municipality_id, number, issued_on, issued_by_id)
       select id, $1::uuid, 'TZ-B-' || i, date '2022-01-01' + (i % 700), (select id from professional where email = 'permits@nijmegen.example') from bench_client where j % 2 = 0`,
    [DEMO.org.nijmegen],
  );
  // Handovers inside the team for one woman in ten, one in ten of them still proposed (the inbox).
  await pg.query(
    `insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, proposed_by_id, decided_by_id, proposed_at, decided_at, completed_at, notes)
       select id, case side when 0 then org_a else org_b end, case side when 0 then org_b else org_a end, 'STAPTEAM',
              case when j % 100 = 0 then 'PROPOSED' else 'COMPLETED' end, cm,
              case when j % 100 = 0 then null else cm end,
              timestamptz '2024-01-01' + (i % 300) * interval '1 day',
              case when j % 100 = 0 then null else timestamptz '2024-01-02' + (i % 300) * interval '1 day' end,
              case when j % 100 = 0 then null else timestamptz '2024-01-03' + (i % 300) * interval '1 day' end,
              'Overdracht binnen het team'
         from bench_client where j % 10 = 0`,
  );
  // Each woman came to her team by a referral of procesregie or, one in five, of the psychiatric
  // outreach, accepted within the week; one in a hundred was referred again after a relapse and
  // waits. An open referral keeps its organisation involved (policy §1), so the involvement view's
  // branch of open referrals and the monitoring's referral figure are priced on rows, not on none.
  await pg.query(
    `insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, status, reason_category, reason, created_at, decided_at)
       select c.id, r.org, r.pro, c.team_id, 'ACCEPTED', case when c.j % 5 = 0 then 'HEALTH' else 'HOUSING' end, 'Aanmelding ' || c.i, s.since, s.since + interval '7 days'
         from bench_client c
         cross join lateral (select timestamptz '2022-01-01' + (c.i % 700) * interval '1 day' as since) s
         join bench_referrer r on r.outreach = (c.j % 5 = 0)
       union all
       select c.id, r.org, r.pro, c.team_id, 'OPEN', 'HOUSING', 'Opnieuw aangemeld ' || c.i, timestamptz '2024-06-01' + (c.i % 180) * interval '1 day', null
         from bench_client c join bench_referrer r on not r.outreach
        where c.j % 100 = 50`,
  );
  // Signals with procesregie: one a year for every third woman, raised by her case manager, resolved
  // by procesregie within two weeks but one in ten.
  await pg.query(
    `insert into signal (client_id, raised_by_id, raised_by_organisation_id, category, text, status, raised_at, resolved_at, resolved_by_id)
       select c.id, c.cm, case c.side when 0 then c.org_a else c.org_b end, (array['HOUSING', 'HEALTH', 'BASIC'])[1 + c.j / 3 % 3], 'Signaal ' || c.i,
              case when c.j % 30 = 1 then 'OPEN' else 'RESOLVED' end, s.at,
              case when c.j % 30 = 1 then null else s.at + interval '14 days' end,
              case when c.j % 30 = 1 then null else (select pro from bench_referrer where not outreach) end
         from bench_client c cross join lateral (select timestamptz '2024-01-01 10:00' + (c.i % 360) * interval '1 day' as at) s
        where c.j % 3 = 1`,
  );
  // Audit lines as a year of reads leaves them: five per woman.
  await pg.query(
    `insert into audit_event (occurred_at, event_type, action, outcome, professional_id, organisation_id, roles, client_id, categories, fields)
       select timestamptz '2024-01-01' + ((c.i * 5 + k) % 525600) * interval '1 minute', 'client.read', 'R', 'GRANTED', c.cm,
              case c.side when 0 then c.org_a else c.org_b end, array['CASE_MANAGER'], c.id, array['BASIC', 'IDENTITY'], array['Client.code', 'Client.identity']
         from bench_client c, generate_series(0, 4) k order by 1`,
  );
  await pg.query('commit');
  await pg.query('analyze');
}
