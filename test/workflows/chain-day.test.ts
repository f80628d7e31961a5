/**
 * The chain's calendar: a day of care is a Dutch calendar day, in the gateway and in PostgreSQL
 * alike, whatever time zone the database server or a session was set to.
 */
import { Client as PgClient } from 'pg';
import { dayOf } from '../../src/common/chain-calendar';
import { addDays } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { operation } from '../helpers/workflow-operations';
import { random } from '../helpers/periods';

let gw: TestGateway;
let pg: PgClient;
beforeAll(async () => {
  // Exact figures: one woman is enough to show on which day she counts.
  gw = await startGateway({ DISCLOSURE_K_POLICY_OFFICER: '1' });
  pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
});
afterAll(async () => {
  await pg.end();
  await gw.close();
});

/** Time zones far from the chain's on either side, and the chain's own. */
const SESSION_ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC', 'Europe/Amsterdam'];

async function inZone<T>(zone: string, fn: () => Promise<T>): Promise<T> {
  await pg.query(`set timezone = '${zone}'`);
  try {
    return await fn();
  } finally {
    await pg.query('reset timezone');
  }
}

describe('a day of care is a Dutch calendar day', () => {
  it('at half past midnight in Nijmegen it is already the new day, in winter and in summer', () => {
    expect(dayOf(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(dayOf(new Date('2026-11-30T22:59:59Z'))).toBe('2026-11-30');
    expect(dayOf(new Date('2027-07-15T22:30:00Z'))).toBe('2027-07-16');
    expect(dayOf(new Date('2027-07-15T21:59:59Z'))).toBe('2027-07-15');
    expect(dayOf(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('the gateway and PostgreSQL put every moment on the same day, whatever the session time zone', async () => {
    // Every quarter of an hour around midnight on the nights the clocks change and on New Year's
    // Eve, and moments drawn across ten years.
    const moments: Date[] = [];
    for (const night of ['2027-03-27T20:00:00Z', '2027-10-30T20:00:00Z', '2026-12-31T20:00:00Z', '2028-02-28T20:00:00Z']) {
      for (let q = 0; q <= 8 * 4; q++) moments.push(new Date(Date.parse(night) + q * 15 * 60_000));
    }
    const rnd = random(7513);
    for (let i = 0; i < 500; i++) moments.push(new Date(Date.parse('2020-01-01T00:00:00Z') + Math.floor(rnd() * 10 * 365.25 * 86_400_000)));

    for (const zone of SESSION_ZONES) {
      const { rows } = await inZone(zone, () =>
        pg.query<{ day: string; from: Date; to: Date }>(
          `select to_char(chain_day(m), 'YYYY-MM-DD') as day, chain_day_start(chain_day(m)) as "from", chain_day_start(chain_day(m) + 1) as "to"
             from unnest($1::timestamptz[]) with ordinality u(m, n) order by n`,
          [moments.map((m) => m.toISOString())],
        ),
      );
      expect(rows.map((r) => r.day)).toEqual(moments.map(dayOf));
      // The day's span in PostgreSQL holds the moment: 23, 24 or 25 hours long.
      rows.forEach((r, i) => {
        expect(r.from.getTime()).toBeLessThanOrEqual(moments[i].getTime());
        expect(r.to.getTime()).toBeGreaterThan(moments[i].getTime());
      });
    }
  });
});

describe("the municipality's figures count a moment on its Dutch day", () => {
  it('a handover completed and a referral made at 00:30 on New Year’s Day count in the new year', async () => {
    const { rows: [pro] } = await pg.query<{ id: string; organisation_id: string }>(`select id, organisation_id from professional where email = 'casemanager@iriszorg.example'`);
    const client = DEMO.client(16);
    const at = `chain_day_start('2025-01-01') + interval '30 minutes'`;
    await pg.query(
      `insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, proposed_by_id, completed_at)
       values ($1, $2, $3, 'REGULAR_CARE', 'COMPLETED', $4, ${at})`,
      [client, pro.organisation_id, DEMO.org.wijkteam, pro.id],
    );
    await pg.query(
      `insert into referral (client_id, referred_by_id, referred_by_professional_id, team_id, reason_category, reason, created_at)
       values ($1, $2, $3, $4, 'BASIC', 'Asked for help after midnight', ${at})`,
      [client, pro.organisation_id, pro.id, DEMO.stapteam],
    );
    const officer = await gw.as('policy@nijmegen.example');
    const report = async (day: string) => {
      const res = await officer.query(
        'query ($m: ID!, $from: Date!, $to: Date!) { monitoring(municipalityId: $m, from: $from, to: $to) { referrals { value } handoverOutcomes { outcome count { value } } } }',
        { m: DEMO.org.nijmegen, from: day, to: day },
      );
      expect(res.body.errors).toBeUndefined();
      const m = res.body.data.monitoring;
      return { referrals: m.referrals.value, regularCare: m.handoverOutcomes.find((o: { outcome: string }) => o.outcome === 'REGULAR_CARE').count.value };
    };
    expect(await report('2025-01-01')).toEqual({ referrals: 1, regularCare: 1 });
    expect(await report('2024-12-31')).toEqual({ referrals: 0, regularCare: 0 });
  });
});

describe('a night round logs its hours on the new day', () => {
  /** Half past midnight in Nijmegen, today (or yesterday, when it is not yet that late). */
  async function halfPastMidnight(): Promise<Date> {
    const { rows } = await pg.query<{ at: Date }>(
      `select case when t > now() then t - interval '1 day' else t end as at from (select chain_day_start(chain_today()) + interval '30 minutes' as t) s`,
    );
    return rows[0].at;
  }

  afterEach(() => jest.useRealTimers());
  /** The clock set to `now`; the timers the gateway and pg run on stay real. */
  const onlyTheClock = (now: Date): Parameters<typeof jest.useFakeTimers>[0] => ({
    now,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });

  it('at 00:30 the day of a contact is the new day, and naming it is not "in the future"', async () => {
    const at = await halfPastMidnight();
    const newDay = dayOf(at);
    // The moment lies on the previous day in UTC: what the gateway used to call today.
    expect(at.toISOString().slice(0, 10)).toBe(addDays(newDay, -1));
    jest.useFakeTimers(onlyTheClock(at));
    const cm = await gw.as('casemanager@iriszorg.example');

    const unnamed = await cm.query(operation('LogActivity'), { input: { clientId: DEMO.client(14), minutes: 35 } });
    expect(unnamed.body.errors).toBeUndefined();
    expect(unnamed.body.data.logActivity).toMatchObject({ day: newDay, minutes: 35 });

    const named = await cm.query(operation('LogActivity'), { input: { clientId: DEMO.client(14), minutes: 40, day: newDay } });
    expect(named.body.errors).toBeUndefined();
    expect(named.body.data.logActivity).toMatchObject({ day: newDay, minutes: 40 });

    const tomorrow = await cm.query(operation('LogActivity'), { input: { clientId: DEMO.client(14), minutes: 45, day: addDays(newDay, 1) } });
    expect(tomorrow.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/future/), extensions: { code: 'BAD_USER_INPUT', field: 'input.day' } });
  });

  it('an entry sent at 23:59:50 without a day and resent after midnight is the same entry, on the day it was first sent', async () => {
    const midnight = new Date((await halfPastMidnight()).getTime() - 30 * 60_000);
    jest.useFakeTimers(onlyTheClock(new Date(midnight.getTime() - 10_000)));
    const cm = await gw.as('casemanager@iriszorg.example');
    const input = { clientId: DEMO.client(14), minutes: 25, idempotencyKey: 'night-round-0001' };
    const first = await cm.query(operation('LogActivity'), { input });
    expect(first.body.data.logActivity).toMatchObject({ day: addDays(dayOf(midnight), -1), minutes: 25 });

    jest.setSystemTime(new Date(midnight.getTime() + 10_000));
    const resent = await cm.query(operation('LogActivity'), { input });
    expect(resent.body).toEqual(first.body);
    const { rows } = await pg.query(`select count(*)::int as n from activity_log where idempotency_key = $1`, [input.idempotencyKey]);
    expect(rows[0].n).toBe(1);
  });
});
