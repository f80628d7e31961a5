/**
 * Zone registrations (issued, revoked, held), handover outcomes (migration zone_and_handover_spans),
 * and signals, referrals and the women seen on the zone (migration chain_at_the_time) come from spans
 * and gaps that triggers keep beside their tables. They must stay exactly what counting the rows
 * themselves gives, for any period, after inserts, corrections, deletions, an erasure, a move to
 * another municipality (registered elsewhere, or handed over), a truncate, and when the migrations
 * backfill old rows.
 */
import { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import { HANDOVER_DESTINATIONS } from '../../src/modules/handovers/handover.entity';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { OTHER_MUNICIPALITY, chainOn, day, expectFiguresExact, periods, random } from '../helpers/periods';

/** The first moment of day `d` and of the day after `d`, in the chain's calendar. */
const DAY_FROM = (d: string) => `(${d}::date)::timestamp at time zone 'Europe/Amsterdam'`;
const DAY_AFTER = (d: string) => `(${d}::date + 1)::timestamp at time zone 'Europe/Amsterdam'`;
/** Whether the moment `at` of the woman `client` falls in the period, on a day she belonged to the municipality's chain. */
const MOMENT = (client: string, at: string) =>
  `${at} >= ${DAY_FROM('$2')} and ${at} < ${DAY_AFTER('$3')} and ${chainOn(client, `(${at} at time zone 'Europe/Amsterdam')::date`)} = $1::uuid`;

/** The figures as the report computed them before the spans: straight from the rows (registrations under the municipality that issued them). */
const DIRECT = `
  select
    (select count(distinct z.client_id)::int from zone_registration z where z.municipality_id = $1 and z.issued_on between $2 and $3) as issued,
    (select count(distinct z.client_id)::int from zone_registration z where z.municipality_id = $1 and z.revoked_on between $2 and $3) as revoked,
    (select count(distinct z.client_id)::int from zone_registration z
      where z.municipality_id = $1 and z.issued_on <= $3 and (z.revoked_on is null or z.revoked_on > $3)) as active,
    (select coalesce(json_object_agg(d.destination, d.n), '{}') from (
       select h.destination, count(distinct h.client_id)::int as n from handover h
        where h.status = 'COMPLETED' and ${MOMENT('h.client_id', 'h.completed_at')}
        group by 1) d) as outcomes,
    (select count(distinct o.client_id)::int from zone_observation o
      where o.observed_on between $2 and $3 and ${chainOn('o.client_id', 'o.observed_on')} = $1::uuid) as "activeOnZone",
    (select count(distinct r.client_id)::int from referral r where ${MOMENT('r.client_id', 'r.created_at')}) as referrals,
    (select count(distinct s.client_id)::int from signal s where ${MOMENT('s.client_id', 's.raised_at')}) as signals`;

const MUNICIPALITIES = [DEMO.org.nijmegen, OTHER_MUNICIPALITY];

let gw: TestGateway;
let pg: PgClient;
let professionals: { id: string; organisation_id: string }[];
let clients: string[];
let registrations = 0;

beforeAll(async () => {
  gw = await startGateway();
  pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  professionals = (await pg.query(`select id, organisation_id from professional where 'CASE_MANAGER' = any(roles) order by id`)).rows;
  clients = (await pg.query(`select id from client where municipality_id = $1 order by id limit 12`, [DEMO.org.nijmegen])).rows.map((r) => r.id);
  expect(new Set(professionals.map((p) => p.organisation_id)).size).toBeGreaterThan(1);
});
afterAll(async () => {
  await pg.end();
  await gw.close();
});

async function direct(municipalityId: string, from: string, to: string) {
  const { rows } = await pg.query(DIRECT, [municipalityId, from, to]);
  const { issued, revoked, active, outcomes, activeOnZone, referrals, signals } = rows[0];
  return { zoneRegistrations: { issued, revoked, active }, handoverOutcomes: Object.fromEntries(HANDOVER_DESTINATIONS.map((d) => [d, outcomes[d] ?? 0])), activeOnZone, referrals, signals };
}

const FIXED: [string, string][] = [
  ['2021-08-01', '2023-07-31'],
  ['2023-06-19', '2023-06-19'],
  ['2023-06-20', '2023-06-20'],
  ['2019-01-01', '2031-12-31'],
];
const DRAW = { firstDay: '2020-06-01', days: 1400, short: 10, long: 500 };

const expectExact = (label: string, seed: number, n = 25) =>
  expectFiguresExact(gw.orm.em.fork(), label, periods(random(seed), n, FIXED, DRAW), (f) => ({ zoneRegistrations: f.zoneRegistrations, handoverOutcomes: f.handoverOutcomes, activeOnZone: f.activeOnZone, referrals: f.referrals, signals: f.signals }), direct);

/**
 * Registrations (of either municipality, some revoked on the day of issue, several per woman),
 * handovers (completed near midnight, in Nijmegen or elsewhere, to another municipality and back, or
 * only proposed), signals, referrals and days seen on the zone for some women.
 */
async function addSome(seed: number, n: number, who = clients): Promise<void> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  for (let i = 0; i < n; i++) {
    const client = pick(who);
    const on = day('2020-09-01', Math.floor(rnd() * 1200));
    const at = `${on}T${pick(['00:10', '12:00', '23:50'])}:00${pick(['Z', '+02:00', '-05:00'])}`;
    const pro = pick(professionals);
    const what = rnd();
    if (what < 0.15) {
      await pg.query(`insert into signal (client_id, raised_by_id, raised_by_organisation_id, category, text, raised_at) values ($1, $2, $3, 'HOUSING', 'A concern', $4)`, [client, pro.id, pro.organisation_id, at]);
    } else if (what < 0.25) {
      await pg.query(
        `insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, reason_category, reason, created_at) values ($1, $2, $3, $4, 'BASIC', 'A reason', $5)`,
        [client, pro.organisation_id, pro.id, DEMO.stapteam, at],
      );
    } else if (what < 0.4) {
      await pg.query(`insert into zone_observation (client_id, observed_by_id, observed_on) values ($1, $2, $3)`, [client, pro.organisation_id, on]);
    } else if (what < 0.7) {
      const revoked = rnd() < 0.4 ? day(on, Math.floor(rnd() * (rnd() < 0.3 ? 1 : 300))) : null;
      await pg.query(
        `insert into zone_registration (client_id, municipality_id, number, issued_on, revoked_on, revoked_on_request, issued_by_id)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [client, pick(MUNICIPALITIES), `TZ-SPANS-${seed}-${registrations++}`, on, revoked, revoked !== null && rnd() < 0.5, pro.id],
      );
    } else {
      const destination = pick(HANDOVER_DESTINATIONS);
      const receivers = destination === 'OTHER_MUNICIPALITY' ? MUNICIPALITIES : professionals.filter((p) => p.organisation_id !== pro.organisation_id).map((p) => p.organisation_id);
      const to = destination === 'CLOSED' ? null : pick(receivers);
      const completedAt = rnd() < 0.8 ? at : null;
      await pg.query(
        `insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, proposed_by_id, completed_at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [client, pro.organisation_id, to, destination, completedAt ? 'COMPLETED' : 'PROPOSED', pro.id, completedAt],
      );
    }
  }
}

describe('zone registrations, handover outcomes, signals, referrals and women seen on the zone, from spans, equal counting the rows', () => {
  it('on the demo data, as seeded through the triggers', async () => {
    await expectExact('demo', 1);
  });

  it('after single and bulk inserts', async () => {
    await addSome(100, 120);
    await pg.query(`insert into zone_registration (client_id, municipality_id, number, issued_on, issued_by_id)
      select c, $2, 'TZ-BULK-' || k || '-' || c, date '2022-01-01' + k * 40, $3 from unnest($1::uuid[]) c, generate_series(0, 5) k`, [clients.slice(0, 6), DEMO.org.nijmegen, professionals[0].id]);
    await expectExact('inserted', 2);
  });

  it('after corrections: revoked, revocations withdrawn, other days, municipality and woman; completions, destinations, receivers; moments moved; updates that change nothing counted', async () => {
    await pg.query(`update zone_registration set revoked_on = issued_on + 20 where revoked_on is null and client_id = any($1)`, [clients.slice(0, 3)]);
    await pg.query(`update zone_registration set revoked_on = null, revoked_on_request = false where client_id = $1`, [clients[3]]);
    await pg.query(`update zone_registration set issued_on = issued_on - 30 where client_id = $1`, [clients[4]]);
    await pg.query(`update zone_registration set municipality_id = $2 where client_id = $1`, [clients[5], OTHER_MUNICIPALITY]);
    await pg.query(`update zone_registration set client_id = $2 where client_id = $1`, [clients[6], clients[7]]);
    await pg.query(`update handover set status = 'COMPLETED', completed_at = timestamptz '2022-11-30 23:30:00+00' where status = 'PROPOSED' and client_id = any($1)`, [clients.slice(0, 6)]);
    await pg.query(`update handover set completed_at = completed_at + interval '1 hour' where status = 'COMPLETED' and client_id = $1`, [clients[8]]);
    await pg.query(`update handover set destination = 'MONITORING' where destination in ('REGULAR_CARE', 'OTHER_MUNICIPALITY') and client_id = $1`, [clients[9]]);
    await pg.query(`update handover set client_id = $2 where client_id = $1`, [clients[10], clients[11]]);
    await pg.query(`update handover set to_organisation_id = $2 where destination = 'OTHER_MUNICIPALITY' and to_organisation_id <> $2 and client_id = any($1)`, [clients.slice(0, 6), OTHER_MUNICIPALITY]);
    await pg.query(`update handover set notes = 'nothing counted changes', version = version + 1`);
    await pg.query(`update signal set raised_at = raised_at + interval '3 days' where client_id = any($1)`, [clients.slice(0, 4)]);
    await pg.query(`update referral set client_id = $2 where client_id = $1`, [clients[4], clients[5]]);
    await pg.query(`update zone_observation set observed_on = observed_on - 10 where client_id = any($1)`, [clients.slice(6, 9)]);
    await pg.query(`update referral set reason = 'nothing counted changes', version = version + 1`);
    await pg.query(`update zone_registration set revoked_on_request = false, version = version + 1 where revoked_on is not null`);
    await expectExact('updated', 3);
  });

  it('after deletions', async () => {
    await pg.query(`delete from zone_registration where client_id = $1`, [clients[0]]);
    await pg.query(`delete from handover where completed_at between '2022-01-01' and '2022-06-30'`);
    await pg.query(`delete from signal where raised_at between '2022-01-01' and '2022-06-30'`);
    await pg.query(`delete from zone_observation where client_id = $1`, [clients[1]]);
    await expectExact('deleted', 4);
  });

  it('when a woman moves to another municipality, and back: her handovers go with her, her registrations stay where they were issued', async () => {
    await pg.query(`update client set municipality_id = $2 where id = any($1)`, [clients.slice(2, 5), OTHER_MUNICIPALITY]);
    await addSome(200, 40, clients.slice(2, 6));
    await expectExact('moved', 5);
    await pg.query(`update client set municipality_id = $2 where id = $1`, [clients[2], DEMO.org.nijmegen]);
    await expectExact('moved back', 6);
  });

  it('whatever the time zone of the session that writes', async () => {
    await pg.query(`set time zone 'Pacific/Auckland'`);
    try {
      await addSome(250, 30);
    } finally {
      await pg.query(`set time zone 'UTC'`);
    }
    await expectExact('another time zone', 7);
  });

  it('when a woman is erased and her rows go with her (a cascade)', async () => {
    const { rows } = await pg.query(`insert into client (code, status, municipality_id) values ('ERASED-3', 'ACTIVE', $1) returning id`, [DEMO.org.nijmegen]);
    await addSome(300, 20, [rows[0].id]);
    await expectExact('before erasure', 8, 10);
    await pg.query(`delete from client where id = $1`, [rows[0].id]);
    await expectExact('erased', 8, 10);
    expect(Number((await pg.query(`select count(*) from monitoring_span where client_id = $1`, [rows[0].id])).rows[0].count)).toBe(0);
  });

  it('the migration’s backfill builds the same spans the triggers kept', async () => {
    const figures = ['handover', 'zone_issued', 'zone_revoked', 'zone_active', 'signal', 'referral', 'on_zone'];
    const snapshot = async () => ({
      spans: (await pg.query(`select * from monitoring_span where figure = any($1) order by client_id, figure, key, municipality_id`, [figures])).rows,
      // Spans no woman holds any more are no figure.
      counts: (await pg.query(`select * from monitoring_span_count where figure = any($1) and clients <> 0 order by municipality_id, figure, key, first_day, last_day`, [figures])).rows,
      gaps: (await pg.query(`select * from monitoring_gap where figure = any($1) order by client_id, figure, key, municipality_id, days`, [figures])).rows,
    });
    const kept = await snapshot();
    expect(new Set(kept.gaps.map((g) => g.figure))).toEqual(new Set(figures));
    await pg.query('begin');
    try {
      await pg.query(`delete from monitoring_span where figure = any($1)`, [figures]);
      await pg.query(`delete from monitoring_span_count where figure = any($1)`, [figures]);
      await pg.query(`delete from monitoring_gap where figure = any($1)`, [figures]);
      // The backfills of Migration20261129120000_zone_and_handover_spans and Migration20261201090000_chain_at_the_time, verbatim.
      await pg.query(`select monitoring_span_refresh(array(select client_id from handover union select client_id from zone_registration))`);
      await pg.query(`select monitoring_span_refresh(array(select distinct client_id from handover where status = 'COMPLETED' and destination = 'OTHER_MUNICIPALITY'
        union select client_id from signal union select client_id from referral union select client_id from zone_observation))`);
      expect(await snapshot()).toEqual(kept);
    } finally {
      await pg.query('rollback');
    }
  });

  it('after a truncate, and starting again', async () => {
    const count = async (figures: string[]) => Number((await pg.query(`select count(*) from monitoring_span where figure = any($1)`, [figures])).rows[0].count);
    const lasting = await count(['caseload', 'trajectory']);
    await pg.query(`truncate handover`);
    expect(await count(['handover'])).toBe(0);
    await pg.query(`truncate zone_registration`);
    expect(await count(['zone_issued', 'zone_revoked', 'zone_active'])).toBe(0);
    for (const [table, figure] of [['signal', 'signal'], ['referral', 'referral'], ['zone_observation', 'on_zone']]) {
      await pg.query(`truncate ${table}`);
      expect(await count([figure])).toBe(0);
    }
    expect(await count(['caseload', 'trajectory'])).toBe(lasting);
    await expectExact('truncated', 9, 5);
    await addSome(400, 60);
    await expectExact('after truncate', 10);
  });
});
