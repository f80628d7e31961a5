/**
 * The figures of things that last (caseloads, women under case management, case managers per
 * organisation, trajectories per kind) come from spans and gaps that triggers keep beside
 * case_assignment and trajectory (migration monitoring_spans). They must stay exactly what counting the
 * rows themselves gives, for any period, after inserts, corrections, ends, deletions, an erasure, a move
 * to another municipality (registered elsewhere, or handed over), a truncate, and when the migrations
 * backfill old rows.
 */
import { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { OTHER_MUNICIPALITY, day, expectFiguresExact, handOver, inChainBetween, movedAndCorrected, periods, random } from '../helpers/periods';

/**
 * The figures as the report computed them before the spans: straight from the rows, for the days of
 * the period she belonged to the municipality's chain.
 */
const DIRECT = `
  with assigned as (
    select a.client_id, a.professional_id from case_assignment a
    where a.professional_id is not null and a.started_on <= $3 and (a.ended_on is null or a.ended_on >= $2)
      and ${inChainBetween('a.client_id', 'greatest(a.started_on, $2::date)', 'least(a.ended_on, $3::date)', '$1::uuid')}
  ), caseload as (
    select a.professional_id, count(distinct a.client_id)::int as n
    from assigned a join professional pr on pr.id = a.professional_id join organisation o on o.id = pr.organisation_id
    where o.municipality_id = $1 group by a.professional_id)
  select
    (select coalesce(json_agg(n order by n desc), '[]') from caseload) as caseloads,
    (select count(distinct client_id)::int from assigned) as "caseloadClients",
    (select coalesce(json_agg(json_build_object('organisationId', o.organisation_id, 'count', o.n) order by o.organisation_id), '[]')
       from (select pr.organisation_id, count(*)::int as n from caseload cl join professional pr on pr.id = cl.professional_id group by 1) o) as "caseManagersByOrganisation",
    (select coalesce(json_object_agg(kind, n), '{}') from (
       select tr.kind, count(distinct tr.client_id)::int as n from trajectory tr
        where tr.started_on <= $3 and (tr.ended_on is null or tr.ended_on >= $2)
          and ${inChainBetween('tr.client_id', 'greatest(tr.started_on, $2::date)', 'least(tr.ended_on, $3::date)', '$1::uuid')}
        group by 1) k) as trajectories`;

const KINDS = ['CASE_MANAGEMENT', 'TIME_OUT', 'INFLOW_HOUSING', 'DIAGNOSTICS', 'HOUSING_FIRST'];

let gw: TestGateway;
let pg: PgClient;
let professionals: { id: string; organisation_id: string }[];
let clients: string[];

beforeAll(async () => {
  gw = await startGateway();
  pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  professionals = (await pg.query(`select id, organisation_id from professional where 'CASE_MANAGER' = any(roles) order by id`)).rows;
  clients = (await pg.query(`select id from client where municipality_id = $1 order by id limit 12`, [DEMO.org.nijmegen])).rows.map((r) => r.id);
  expect(professionals.length).toBeGreaterThan(2);
});
afterAll(async () => {
  await pg.end();
  await gw.close();
});

async function direct(municipalityId: string, from: string, to: string) {
  const { rows } = await pg.query(DIRECT, [municipalityId, from, to]);
  const trajectories = Object.fromEntries(KINDS.map((k) => [k, rows[0].trajectories[k] ?? 0]));
  return { caseloads: rows[0].caseloads, caseloadClients: rows[0].caseloadClients, caseManagersByOrganisation: rows[0].caseManagersByOrganisation, trajectories };
}

const FIXED: [string, string][] = [
  ['2021-08-01', '2023-07-31'],
  ['2022-02-01', '2022-02-22'],
  ['2022-02-22', '2022-02-22'],
  ['2019-01-01', '2031-12-31'],
];
const DRAW = { firstDay: '2020-06-01', days: 1400, short: 10, long: 500 };

const expectExact = (label: string, seed: number, n = 25) =>
  expectFiguresExact(gw.orm.em.fork(), label, periods(random(seed), n, FIXED, DRAW), (f) => ({ caseloads: f.caseloads, caseloadClients: f.caseloadClients, caseManagersByOrganisation: f.caseManagersByOrganisation, trajectories: f.trajectories }), direct);

/** Intervals for some women, overlapping, adjacent, separated, open and closed, some without a case manager. */
async function addSome(seed: number, n: number, who = clients): Promise<void> {
  const rnd = random(seed);
  for (let i = 0; i < n; i++) {
    const client = who[Math.floor(rnd() * who.length)];
    const start = day('2020-09-01', Math.floor(rnd() * 1200));
    const end = rnd() < 0.3 ? null : day(start, Math.floor(rnd() * (rnd() < 0.5 ? 3 : 200)));
    if (rnd() < 0.5) {
      const pro = professionals[Math.floor(rnd() * professionals.length)];
      await pg.query(`insert into case_assignment (client_id, organisation_id, professional_id, started_on, ended_on) values ($1, $2, $3, $4, $5)`, [
        client,
        pro.organisation_id,
        rnd() < 0.15 ? null : pro.id,
        start,
        end,
      ]);
    } else {
      await pg.query(`insert into trajectory (client_id, kind, provider_id, status, started_on, ended_on) values ($1, $2, $3, $4, $5, $6)`, [
        client,
        KINDS[Math.floor(rnd() * KINDS.length)],
        professionals[0].organisation_id,
        end ? 'ENDED' : 'ACTIVE',
        start,
        end,
      ]);
    }
  }
}

describe('the figures of things that last, from spans, equal counting the rows', () => {
  it('on the demo data, as seeded through the triggers', async () => {
    await expectExact('demo', 1);
  });

  it('after inserts', async () => {
    await addSome(100, 80);
    await expectExact('inserted', 2);
  });

  it('after corrections: ends, new starts, another case manager, another kind, another woman; and updates that change nothing counted', async () => {
    await pg.query(`update case_assignment set ended_on = started_on + 30 where ended_on is null and client_id = any($1)`, [clients.slice(0, 4)]);
    await pg.query(`update case_assignment set started_on = started_on - 40 where client_id = any($1)`, [clients.slice(4, 8)]);
    await pg.query(`update case_assignment set professional_id = $2 where client_id = $1`, [clients[8], professionals[1].id]);
    await pg.query(`update trajectory set kind = 'HOUSING_FIRST' where client_id = $1`, [clients[9]]);
    await pg.query(`update trajectory set client_id = $2 where client_id = $1`, [clients[10], clients[11]]);
    await pg.query(`update trajectory set notes = 'nothing counted changes', version = version + 1`);
    await expectExact('updated', 3);
  });

  it('after deletions', async () => {
    await pg.query(`delete from case_assignment where client_id = $1`, [clients[0]]);
    await pg.query(`delete from trajectory where started_on between '2022-01-01' and '2022-06-30'`);
    await expectExact('deleted', 4);
  });

  it('when a woman moves to another municipality, and back', async () => {
    await pg.query(`update client set municipality_id = $2 where id = any($1)`, [clients.slice(2, 5), OTHER_MUNICIPALITY]);
    await addSome(200, 30, clients.slice(2, 6));
    await expectExact('moved', 5);
    await pg.query(`update client set municipality_id = $2 where id = $1`, [clients[2], DEMO.org.nijmegen]);
    await expectExact('moved back', 6);
  });

  it('when a woman is handed over to another municipality and back, and the handovers are corrected or deleted', async () => {
    await movedAndCorrected(pg, [clients[6], clients[7]], '2022-03-10T12:00:00+01:00', () => addSome(250, 40, [clients[6], clients[7]]), expectExact);
  });

  it('when a woman is erased and her rows go with her (a cascade)', async () => {
    const { rows } = await pg.query(`insert into client (code, status, municipality_id) values ('ERASED-2', 'ACTIVE', $1) returning id`, [DEMO.org.nijmegen]);
    // Handed over too: her handovers, her logs and the rest go in one cascade, in whatever order.
    await handOver(pg, rows[0].id, OTHER_MUNICIPALITY, '2022-06-01T12:00:00Z');
    await addSome(300, 20, [rows[0].id]);
    await expectExact('before erasure', 7, 10);
    await pg.query(`delete from client where id = $1`, [rows[0].id]);
    await expectExact('erased', 7, 10);
    expect(Number((await pg.query(`select count(*) from monitoring_span where client_id = $1`, [rows[0].id])).rows[0].count)).toBe(0);
  });

  it('the migration’s backfill builds the same spans the triggers kept', async () => {
    const snapshot = async () => ({
      spans: (await pg.query(`select * from monitoring_span order by client_id, figure, key, municipality_id`)).rows,
      // Spans no woman holds any more are no figure.
      counts: (await pg.query(`select * from monitoring_span_count where clients <> 0 order by municipality_id, figure, key, first_day, last_day`)).rows,
      gaps: (await pg.query(`select * from monitoring_gap order by client_id, figure, key, municipality_id, days`)).rows,
    });
    const kept = await snapshot();
    expect(kept.gaps.length).toBeGreaterThan(0);
    await pg.query('begin');
    try {
      await pg.query(`truncate monitoring_span, monitoring_span_count, monitoring_gap`);
      // The backfills of Migration20261129100000_monitoring_spans, Migration20261129120000_zone_and_handover_spans and
      // Migration20261201090000_chain_at_the_time, verbatim.
      await pg.query(`select monitoring_span_refresh(array(select client_id from case_assignment union select client_id from trajectory))`);
      await pg.query(`select monitoring_span_refresh(array(select client_id from handover union select client_id from zone_registration))`);
      await pg.query(`select monitoring_span_refresh(array(select distinct client_id from handover where status = 'COMPLETED' and destination = 'OTHER_MUNICIPALITY'
        union select client_id from signal union select client_id from referral union select client_id from zone_observation))`);
      expect(await snapshot()).toEqual(kept);
    } finally {
      await pg.query('rollback');
    }
  });

  it('after a truncate, and starting again', async () => {
    await pg.query(`truncate trajectory`);
    expect(Number((await pg.query(`select count(*) from monitoring_span where figure = 'trajectory'`)).rows[0].count)).toBe(0);
    expect(Number((await pg.query(`select count(*) from monitoring_span_count where figure = 'trajectory'`)).rows[0].count)).toBe(0);
    expect(Number((await pg.query(`select count(*) from monitoring_span where figure = 'caseload'`)).rows[0].count)).toBeGreaterThan(0);
    await addSome(400, 40);
    await expectExact('after truncate', 8);
  });
});
