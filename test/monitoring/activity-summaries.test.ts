/**
 * The activity figure (hoursPerCase: minutes, client-weeks, women) comes from summaries that triggers
 * keep beside activity_log (migration activity_summaries). It must stay exactly what counting the logged
 * hours themselves gives, for any period, after inserts, corrections, deletions, an erasure, a move to
 * another municipality (registered elsewhere, or handed over), a truncate, concurrent writers, and when
 * the summaries are built from the logs at once.
 */
import { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import { primaryReader } from '../../src/db/read-replica';
import { monitoringFigures } from '../../src/modules/monitoring/monitoring-figures';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { OTHER_MUNICIPALITY, chainOn, day, expectFiguresExact, handOver, movedAndCorrected, periods, random } from '../helpers/periods';

/** The figure as the report computed it before the summaries: straight from activity_log, each log in the chain she belonged to on its day. */
const DIRECT = `
  select coalesce(sum(w.minutes), 0)::bigint as minutes, count(*)::int as "clientWeeks", count(distinct w.client_id)::int as clients
  from (select l.client_id, l.day - (extract(isodow from l.day)::int - 1) as monday, sum(l.minutes) as minutes
          from activity_log l
         where l.day between $2 and $3 and ${chainOn('l.client_id', 'l.day')} = $1::uuid
         group by 1, 2) w`;

let gw: TestGateway;
let pg: PgClient;
let professionalId: string;
let clients: string[];

beforeAll(async () => {
  gw = await startGateway();
  pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  const { rows: pro } = await pg.query(`select id from professional order by id limit 1`);
  professionalId = pro[0].id;
  const { rows } = await pg.query(`select id from client where municipality_id = $1 order by id limit 12`, [DEMO.org.nijmegen]);
  clients = rows.map((r) => r.id);
  const { rows: other } = await pg.query(`select kind from organisation where id = $1`, [OTHER_MUNICIPALITY]);
  expect(other[0].kind).toBe('MUNICIPALITY');
});
afterAll(async () => {
  await pg.end();
  await gw.close();
});

async function direct(municipalityId: string, from: string, to: string) {
  const { rows } = await pg.query(DIRECT, [municipalityId, from, to]);
  return { minutes: Number(rows[0].minutes), clientWeeks: rows[0].clientWeeks, clients: rows[0].clients };
}

/** Periods of every shape: one day, within one week, Monday to Sunday, across years, long and short. */
const FIXED: [string, string][] = [
  ['2021-08-01', '2023-07-31'], // the project period (a Sunday to a Monday)
  ['2022-01-03', '2022-01-09'], // exactly one ISO week
  ['2022-01-04', '2022-01-06'], // inside one week
  ['2022-01-09', '2022-01-10'], // a Sunday and the next Monday
  ['2022-03-07', '2022-03-07'],
  ['2020-01-01', '2030-12-31'],
];
const DRAW = { firstDay: '2021-06-01', days: 900, short: 14, long: 400 };

const expectExact = (label: string, seed: number, n = 25) =>
  expectFiguresExact(gw.orm.em.fork(), label, periods(random(seed), n, FIXED, DRAW), (f) => f.activity, direct);

/** Logs for some women on scattered days, a few on the same day and in the same week. */
async function logSome(seed: number, n: number, who = clients): Promise<void> {
  const rnd = random(seed);
  const values: string[] = [];
  const args: unknown[] = [professionalId];
  for (let i = 0; i < n; i++) {
    args.push(who[Math.floor(rnd() * who.length)], day('2021-07-01', Math.floor(rnd() * 800)), 1 + Math.floor(rnd() * 300));
    values.push(`($${args.length - 2}::uuid, $1::uuid, $${args.length - 1}::date, $${args.length}::int)`);
  }
  await pg.query(`insert into activity_log (client_id, professional_id, day, minutes) values ${values.join(', ')}`, args);
}

describe('the activity figure from summaries equals counting the logged hours', () => {
  it('on the demo data, as seeded through the triggers', async () => {
    await expectExact('demo', 1);
  });

  it('after single and bulk inserts', async () => {
    for (let i = 0; i < 20; i++) await logSome(100 + i, 1);
    await logSome(200, 400);
    await expectExact('inserted', 2);
  });

  it('after corrections: minutes, day and woman changed, in one statement and row by row', async () => {
    await pg.query(`update activity_log set minutes = minutes + 7 where day between '2022-02-01' and '2022-04-30'`);
    await pg.query(`update activity_log set day = day + 3 where day between '2022-05-01' and '2022-05-20'`);
    const { rows } = await pg.query(`select id from activity_log where client_id = $1 order by day limit 5`, [clients[0]]);
    for (const r of rows) await pg.query(`update activity_log set client_id = $2 where id = $1`, [r.id, clients[1]]);
    await expectExact('updated', 3);
  });

  it('after deletions, down to a woman with no logs left', async () => {
    await pg.query(`delete from activity_log where day between '2022-06-01' and '2022-06-15'`);
    await pg.query(`delete from activity_log where client_id = $1`, [clients[2]]);
    await expectExact('deleted', 4);
    const { rows } = await pg.query(`select (select count(*) from activity_client where client_id = $1) + (select count(*) from activity_client_week where client_id = $1) as n`, [clients[2]]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('when a woman moves to another municipality, and back', async () => {
    await pg.query(`update client set municipality_id = $2 where id = $1`, [clients[3], OTHER_MUNICIPALITY]);
    await pg.query(`update client set municipality_id = $2 where id = any($1)`, [clients.slice(4, 6), OTHER_MUNICIPALITY]);
    await logSome(300, 60, clients.slice(3, 7));
    await expectExact('moved', 5);
    await pg.query(`update client set municipality_id = $2 where id = $1`, [clients[3], DEMO.org.nijmegen]);
    await expectExact('moved back', 6);
  });

  it('when a woman is handed over to another municipality in the middle of a week and back, and the handovers are corrected or deleted', async () => {
    // She leaves on a Wednesday: the week she leaves has days in both chains.
    await movedAndCorrected(pg, [clients[8], clients[9]], '2022-03-09T12:00:00+01:00', () => logSome(600, 80, [clients[8], clients[9]]), expectExact);
  });

  it('when a woman is erased and her logs go with her (a cascade)', async () => {
    const { rows } = await pg.query(`insert into client (code, status, municipality_id) values ('ERASED-1', 'ACTIVE', $1) returning id`, [DEMO.org.nijmegen]);
    // Handed over too: her handovers, her logs and the rest go in one cascade, in whatever order.
    await handOver(pg, rows[0].id, OTHER_MUNICIPALITY, '2022-06-01T12:00:00Z');
    await logSome(400, 40, [rows[0].id]);
    await expectExact('before erasure', 7, 10);
    await pg.query(`delete from client where id = $1`, [rows[0].id]);
    await expectExact('erased', 7, 10);
    const left = await pg.query(`select (select count(*) from activity_client where client_id = $1) + (select count(*) from activity_client_week where client_id = $1)
      + (select count(*) from activity_client_gap where client_id = $1) as n`, [rows[0].id]);
    expect(Number(left.rows[0].n)).toBe(0);
  });

  it('with two writers logging for the same woman and week at the same time', async () => {
    const other = new PgClient({ connectionString: gw.config.databaseUrl });
    await other.connect();
    try {
      // A week she has no logs in yet: both transactions would create her week row.
      await pg.query(`delete from activity_log where client_id = $1 and day between '2023-09-04' and '2023-09-10'`, [clients[7]]);
      await pg.query('begin');
      await other.query('begin');
      await pg.query(`insert into activity_log (client_id, professional_id, day, minutes) values ($1, $2, '2023-09-05', 30)`, [clients[7], professionalId]);
      const second = other.query(`insert into activity_log (client_id, professional_id, day, minutes) values ($1, $2, '2023-09-07', 45)`, [clients[7], professionalId]);
      await new Promise((r) => setTimeout(r, 200)); // the second waits for the first's lock on her
      await pg.query('commit');
      await second;
      await other.query('commit');
    } finally {
      await other.end();
    }
    expect(await monitoringFigures(primaryReader(gw.orm.em.fork()), DEMO.org.nijmegen, '2023-09-04', '2023-09-10').then((f) => f.activity)).toEqual(await direct(DEMO.org.nijmegen, '2023-09-04', '2023-09-10'));
    await expectExact('concurrent', 8, 10);
  });

  it('built from the logs at once, the summaries are those the triggers kept', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [table, order] of [
        ['activity_municipality_day', 'municipality_id, day'],
        ['activity_municipality_week', 'municipality_id, monday, days'],
        ['activity_client_week', 'client_id, monday, municipality_id'],
        ['activity_client', 'client_id, municipality_id'],
        ['activity_span_count', 'municipality_id, first_day, last_day'],
        ['activity_client_gap', 'client_id, municipality_id, days'],
      ]) {
        // Rows the triggers left at zero (a week or day emptied by deletions) are no figure.
        const zero = table === 'activity_municipality_day' ? 'where minutes <> 0' : ['activity_municipality_week', 'activity_span_count'].includes(table) ? 'where clients <> 0' : '';
        out[table] = (await pg.query(`select * from ${table} ${zero} order by ${order}`)).rows;
      }
      return out;
    };
    const kept = await snapshot();
    expect(kept.activity_client_gap.length).toBeGreaterThan(0);
    await pg.query('begin');
    try {
      await pg.query(`truncate activity_municipality_day, activity_municipality_week, activity_client_week, activity_client, activity_span_count, activity_client_gap`);
      // Every woman moved from nowhere (no week of hers holds a minute any more) to the chains of her days.
      await pg.query(`select activity_summary_move(array(select distinct client_id from activity_log))`);
      expect(await snapshot()).toEqual(kept);
    } finally {
      await pg.query('rollback');
    }
  });

  it('after a truncate, and logging again', async () => {
    await pg.query(`truncate activity_log`);
    await expectExact('truncated', 9, 5);
    const { rows } = await pg.query(`select (select count(*) from activity_client) + (select count(*) from activity_client_week) + (select count(*) from activity_municipality_day) + (select count(*) from activity_span_count) as n`);
    expect(Number(rows[0].n)).toBe(0);
    await logSome(500, 200);
    await expectExact('after truncate', 10);
  });
});
