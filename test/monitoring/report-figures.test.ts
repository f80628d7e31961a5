/**
 * The municipality's monitoring figures (issue 6, policy §5): on the demo data they are the closing
 * report's table; with the default thresholds small counts are suppressed exactly as the pure
 * disclosure module says, over whole months; subtracting two overlapping periods does not give a
 * suppressed count away; and every period boundary is a whole day, both ends included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from '../../src/db/demo/seed';
import { protectAverage, protectBreakdown, protectCaseload, protectCount, ruleFor, type Count, type DisclosureRule } from '../../src/modules/monitoring/disclosure';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';

/** The playground's own example: what a new user runs is what is tested. */
const MONITORING = fs.readFileSync(path.join(__dirname, '..', '..', 'operations', 'playground', '03-monitoring.graphql'), 'utf8');
const PROJECT = { municipalityId: DEMO.org.nijmegen, ...DEMO.projectPeriod };

const EXACT = { DISCLOSURE_K_ANALYST: '1', DISCLOSURE_K_POLICY_OFFICER: '1', DISCLOSURE_K_PROCESS_DIRECTOR: '1' };
/** Every aggregate role rounds to one base, the largest k configured: the analyst's default 5 (aggregate-access.ts). */
const COMMON_BASE = 5;

let exact: TestGateway;
let defaults: TestGateway;
beforeAll(async () => {
  exact = await startGateway(EXACT);
  defaults = await startGateway();
});
afterAll(async () => {
  await exact.close();
  await defaults.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Report = any;

async function report(caller: Caller, from: string, to: string): Promise<Report> {
  const res = await caller.query(MONITORING, { municipalityId: DEMO.org.nijmegen, from, to });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.monitoring;
}

const exactly = (value: number): Count => ({ value, suppressed: false });
const WITHHELD: Count = { value: null, suppressed: true };
const byKey = (list: Report[], key: string): Record<string, Count> => Object.fromEntries(list.map((x) => [x[key], x.count]));

describe('the closing report, reproduced with suppression off (k = 1)', () => {
  it('gives the policy officer the report’s figures for the project period 2021-08-01 .. 2023-07-31', async () => {
    const m = await report(await exact.as('policy@nijmegen.example'), PROJECT.from, PROJECT.to);
    expect(m).toMatchObject({ municipality: { id: DEMO.org.nijmegen, name: 'Gemeente Nijmegen' }, from: '2021-08-01', to: '2023-07-31', threshold: 1, roundingBase: 1 });
    // The closing report (September 2023), as quoted in docs/design/domain.md, "Figures in the closing report":
    // 19 zone registrations issued, 1 revoked on her request → 18 registered.
    expect(m.zoneRegistrations).toEqual({ issued: exactly(19), revoked: exactly(1), active: exactly(18) });
    // 11 women active on the zone over the project period.
    expect(m.activeOnZone).toEqual(exactly(11));
    // 5 time-out and 2 inflow-housing trajectories (plus the outreach diagnostics pilot of Pro Persona).
    expect(byKey(m.trajectories, 'kind')).toMatchObject({ TIME_OUT: exactly(5), INFLOW_HOUSING: exactly(2) });
    // Where the 18 went: 2 closed, 2 regular care, 2 Arnhem, 5 monitoring by procesregie, 7 Stapteam 2.0.
    expect(byKey(m.handoverOutcomes, 'outcome')).toEqual({
      CLOSED: exactly(2),
      REGULAR_CARE: exactly(2),
      OTHER_MUNICIPALITY: exactly(2),
      MONITORING: exactly(5),
      STAPTEAM: exactly(7),
    });
    // 7 case managers: 4 Leger des Heils, 3 Iriszorg; about 4 hours per case (a week).
    expect(m.caseload.caseManagers).toEqual(exactly(7));
    expect(m.caseManagers).toEqual([
      { organisation: { name: 'Iriszorg' }, count: exactly(3) },
      { organisation: { name: 'Leger des Heils' }, count: exactly(4) },
    ]);
    expect(m.hoursPerCase).toEqual({ value: 4, suppressed: false, clients: exactly(18) });
  });

  it('counts the caseload of every case manager, anonymously, and the women under case management', async () => {
    const m = await report(await exact.as('analyst@nijmegen.example'), PROJECT.from, PROJECT.to);
    expect(m.caseload.clients).toEqual(exactly(18));
    const loads = m.caseload.perCaseManager.map((c: Count) => c.value);
    expect(loads).toHaveLength(7);
    expect(loads.reduce((a: number, b: number) => a + b, 0)).toBe(18);
    expect([...loads].sort((a, b) => b - a)).toEqual(loads);
  });

  it('shows the same figures to procesregie of the same chain', async () => {
    const policy = await report(await exact.as('policy@nijmegen.example'), PROJECT.from, PROJECT.to);
    const zvh = await report(await exact.as('procesregie@zvh.example'), PROJECT.from, PROJECT.to);
    expect(zvh).toEqual(policy);
  });
});

/** What the pure module makes of the exact figures: the expected answer for a role with `rule`. */
function protectedReport(m: Report, rule: DisclosureRule): Report {
  const values = (list: { count: Count }[], key: string) => Object.fromEntries(list.map((x: Record<string, unknown>) => [x[key], (x.count as Count).value!]));
  const trajectories = protectBreakdown(values(m.trajectories, 'kind'), rule).cells;
  const outcomes = protectBreakdown(values(m.handoverOutcomes, 'outcome'), rule).cells;
  const caseload = protectCaseload(m.caseload.perCaseManager.map((c: Count) => c.value!), m.caseload.clients.value, rule);
  return {
    ...m,
    threshold: rule.threshold,
    roundingBase: rule.roundingBase,
    method: expect.any(String),
    zoneRegistrations: {
      issued: protectCount(m.zoneRegistrations.issued.value, rule),
      revoked: protectCount(m.zoneRegistrations.revoked.value, rule),
      active: protectCount(m.zoneRegistrations.active.value, rule),
    },
    activeOnZone: protectCount(m.activeOnZone.value, rule),
    trajectories: m.trajectories.map((t: Report) => ({ kind: t.kind, count: trajectories[t.kind] })),
    handoverOutcomes: m.handoverOutcomes.map((h: Report) => ({ outcome: h.outcome, count: outcomes[h.outcome] })),
    caseload: {
      caseManagers: caseload.withheld ? WITHHELD : m.caseload.caseManagers,
      clients: caseload.clients,
      perCaseManager: caseload.perCaseManager,
      caseManagersWithheld: caseload.withheld,
    },
    caseManagers: caseload.withheld ? null : m.caseManagers,
    hoursPerCase: { ...protectAverage(m.hoursPerCase.value ?? 0, m.hoursPerCase.value === null ? 0 : 1, rule, m.hoursPerCase.clients.value), clients: protectCount(m.hoursPerCase.clients.value, rule) },
    referrals: protectCount(m.referrals.value, rule),
    signals: protectCount(m.signals.value, rule),
  };
}

/** Every count of a report with its path, for "which cells are suppressed". */
function cells(m: Report): Map<string, Count> {
  const out = new Map<string, Count>();
  const walk = (v: unknown, at: string) => {
    if (at.endsWith('.hoursPerCase')) walk((v as Report).clients, `${at}.clients`); // an average, not a count: only its basis is one
    else if (/caseManagers/.test(at)) return; // professionals, not women (below)
    else if (v && typeof v === 'object' && 'suppressed' in v) out.set(at, v as Count);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${(x as Record<string, string>).kind ?? (x as Record<string, string>).outcome ?? (x as Report).organisation?.name ?? i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k === 'count' ? at : `${at}.${k}`);
  };
  walk(m, 'monitoring');
  return out;
}

describe('with the default thresholds', () => {
  const periods = [
    PROJECT,
    { from: '2023-01-01', to: '2023-03-31' },
    { from: '2023-05-01', to: '2023-07-31' },
    { from: '2022-02-01', to: '2022-02-28' },
    { from: '2023-07-01', to: '2023-07-31' },
  ];

  it.each([
    ['policy@nijmegen.example', 3],
    ['analyst@nijmegen.example', 5],
    ['procesregie@zvh.example', 3],
  ])('%s (k = %i) gets exactly the cells below k and the secondary ones suppressed', async (email, k) => {
    const rule = ruleFor(k, COMMON_BASE);
    const exactCaller = await exact.as(email);
    const caller = await defaults.as(email);
    let secondary = 0;
    for (const { from, to } of periods) {
      const truth = await report(exactCaller, from, to);
      const shown = await report(caller, from, to);
      expect(shown).toEqual(protectedReport(truth, rule));
      expect(shown.threshold).toBe(k);
      expect(shown.method).toContain(`1 to ${k - 1} suppressed`);

      // Read as the policy says it: every count of 1 .. k−1 is suppressed, zero is shown, a shown count is ≥ the truth and < truth + the rounding base.
      const t = cells(truth);
      for (const [at, c] of cells(shown)) {
        const n = t.get(at)!.value!;
        if (n >= 1 && n < k) expect({ at, c }).toEqual({ at, c: { value: null, suppressed: true } });
        if (!c.suppressed) expect(c.value! - n).toBeGreaterThanOrEqual(0);
        if (!c.suppressed) expect(c.value! - n).toBeLessThan(rule.roundingBase);
        if (c.suppressed && (n === 0 || n >= k)) secondary++;
      }
    }
    expect(secondary).toBeGreaterThan(0); // the periods above do exercise secondary suppression
  });

  // Each case manager has an entry in the caseload list, so the list states how many there are: a
  // rounded number beside it would only pretend, and undo the count per organisation. But each has at
  // least one woman, so beside a suppressed number of women they would bound it: then none is shown.
  it('counts case managers (professionals, not women) exactly, as many as the caseload list has entries, or withholds them all and says why', async () => {
    let withheld = 0;
    for (const email of ['analyst@nijmegen.example', 'policy@nijmegen.example']) {
      for (const { from, to } of [...periods, { from: '2021-09-01', to: '2021-09-30' }]) {
        const truth = await report(await exact.as(email), from, to);
        const shown = await report(await defaults.as(email), from, to);
        const caseManagers = (m: Report) => ({ email, from, caseManagers: m.caseload.caseManagers, perOrganisation: m.caseManagers, list: m.caseload.perCaseManager?.length ?? null });
        if (shown.caseload.caseManagersWithheld === null) {
          expect(caseManagers(shown)).toEqual({ ...caseManagers(truth), list: truth.caseload.caseManagers.value });
        } else {
          withheld++;
          expect(caseManagers(shown)).toEqual({ email, from, caseManagers: WITHHELD, perOrganisation: null, list: null });
        }
      }
    }
    expect(withheld).toBeGreaterThan(0);
  });

  // A woman has one case manager (per organisation) and every case manager listed has a woman, so the
  // number of case managers is at most the number of women: published exactly beside a suppressed
  // number of women, it gave that number away.
  it.each([
    ['policy@nijmegen.example', '2021-08-01', '2021-08-31', 1],
    ['analyst@nijmegen.example', '2021-09-01', '2021-09-30', 2],
  ])('withholds from %s for %s to %s the case managers who would pin the %i women under case management', async (email, from, to, n) => {
    const truth = await report(await exact.as(email), from, to);
    expect([truth.caseload.caseManagers, truth.caseload.clients]).toEqual([exactly(n), exactly(n)]);

    const shown = await report(await defaults.as(email), from, to);
    expect(shown.caseload).toEqual({ caseManagers: WITHHELD, clients: WITHHELD, perCaseManager: null, caseManagersWithheld: 'CLIENTS_SUPPRESSED' });
    expect(shown.caseManagers).toBeNull();
  });

  it('hides from the analyst (k = 5) what the policy officer (k = 3) may see, over the project period', async () => {
    const policy = await report(await defaults.as('policy@nijmegen.example'), PROJECT.from, PROJECT.to);
    const analyst = await report(await defaults.as('analyst@nijmegen.example'), PROJECT.from, PROJECT.to);
    expect(byKey(policy.trajectories, 'kind').TIME_OUT).toEqual(exactly(5)); // 5, rounded up to a multiple of the common base 5
    expect(byKey(analyst.trajectories, 'kind').TIME_OUT).toEqual(exactly(5));
    expect(byKey(analyst.trajectories, 'kind').INFLOW_HOUSING).toEqual({ value: null, suppressed: true });
    expect(analyst.zoneRegistrations.revoked).toEqual({ value: null, suppressed: true });
  });
});

/** The true counts consistent with one published count, read with the rule its answer states. */
function feasibleCounts(c: Count, answer: { threshold: number; roundingBase: number }): number[] {
  if (c.suppressed) return Array.from({ length: answer.threshold - 1 }, (_, i) => i + 1);
  if (c.value === 0) return [0];
  return Array.from({ length: answer.roundingBase }, (_, i) => c.value! - i).filter((n) => n >= answer.threshold);
}

/** The non-negative differences of two counts, each one of its feasible values. */
const differences = (a: number[], b: number[]) => [...new Set(a.flatMap((x) => b.map((y) => x - y)).filter((d) => d >= 0))].sort((p, q) => p - q);

/** The project's months, each as its first and last day. */
const MONTHS = Array.from({ length: 24 }, (_, i) => {
  const first = new Date(Date.UTC(2021, 7 + i, 1));
  const last = new Date(Date.UTC(2021, 8 + i, 0));
  return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
});

/**
 * Every pair of overlapping periods that differ by one month, either end: from one month or the
 * next to the project's end (the difference: that month's events), from the project's start to
 * one month's end or the one before (the difference: the later month's events, and what its stock
 * gained).
 */
const PAIRS = MONTHS.slice(1).flatMap((month, i) => [
  { wider: [MONTHS[i].first, PROJECT.to], narrower: [month.first, PROJECT.to] },
  { wider: [PROJECT.from, month.last], narrower: [PROJECT.from, MONTHS[i].last] },
]) as { wider: [string, string]; narrower: [string, string] }[];

describe('an attacker who subtracts two overlapping periods', () => {
  it('finds the period a month wide at most: a period of days is refused to every role that suppresses, and no figure answered', async () => {
    expect(MONTHS.at(-1)!.last).toBe(PROJECT.to);
    // Day-wide differences that pinned one woman: a registration issued on 2 August 2021, a handover
    // to monitoring on 21 July 2023, and single days beside a stock of registrations held.
    const dayWide: [string, string, 'from' | 'to'][] = [
      ['2021-08-03', '2023-07-31', 'from'],
      ['2023-01-01', '2023-07-21', 'to'],
      ['2022-09-13', '2022-09-13', 'from'],
      ['2023-07-31', '2023-07-31', 'from'],
      ['2021-08-01', '2023-06-19', 'to'],
    ];
    for (const email of ['policy@nijmegen.example', 'analyst@nijmegen.example', 'procesregie@zvh.example']) {
      const caller = await defaults.as(email);
      for (const [from, to, field] of dayWide) {
        const res = await caller.query(MONITORING, { municipalityId: DEMO.org.nijmegen, from, to });
        expect({ email, from, to, data: res.body.data, errors: res.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field]) }).toEqual({ email, from, to, data: null, errors: [['BAD_USER_INPUT', field]] });
      }
    }
  });

  it.each([
    ['policy@nijmegen.example', 3],
    ['analyst@nijmegen.example', 5],
    ['procesregie@zvh.example', 3],
  ])('learns no small difference of one month exactly, for any figure, as %s (k = %i)', async (email, k) => {
    const [truthOf, shownOf] = [await exact.as(email), await defaults.as(email)].map((caller) => {
      const answers = new Map<string, Promise<{ m: Report; counts: Map<string, Count> }>>();
      return (period: [string, string]) => {
        const key = period.join();
        if (!answers.has(key)) answers.set(key, report(caller, ...period).then((m) => ({ m, counts: cells(m) })));
        return answers.get(key)!;
      };
    });
    let attacked = 0;
    for (const { wider, narrower } of PAIRS) {
      const [tw, tn, sw, sn] = await Promise.all([truthOf(wider), truthOf(narrower), shownOf(wider), shownOf(narrower)]);
      for (const [at, a] of sw.counts) {
        const b = sn.counts.get(at)!;
        const truth = tw.counts.get(at)!.value! - tn.counts.get(at)!.value!;
        // Exact without protection; the case rounding exists for: both published.
        if (truth < 1 || truth >= k || a.suppressed || b.suppressed) continue;
        attacked++;
        const feasible = differences(feasibleCounts(a, sw.m), feasibleCounts(b, sn.m));
        expect({ at, wider, narrower, feasible: feasible.includes(truth), hidden: feasible.filter((n) => n >= 1 && n < k).length }).toEqual({ at, wider, narrower, feasible: true, hidden: k - 1 });
      }
    }
    expect(attacked).toBeGreaterThan(10);
  });

  // The policy officer's figures (k = 3) and the analyst's (k = 5) are both for publishing, and a reader
  // may hold both. Rounded to different bases (3 and 5), the two answers for one period intersected to
  // a single count where each alone left three or more (a 6 and a 10 mean exactly 6), and two such
  // periods subtracted to a small count exactly: one registration issued on 8 February 2023.
  it('learns no small difference of one month exactly from the policy officer’s and the analyst’s answers together', async () => {
    const exactPolicy = await exact.as('policy@nijmegen.example');
    const [policy, analyst] = await Promise.all(['policy@nijmegen.example', 'analyst@nijmegen.example'].map((email) => defaults.as(email)));
    // A cell of a breakdown may be suppressed whatever its size (secondary suppression): no bound.
    const bounded = (at: string, c: Count) => !(c.suppressed && at.endsWith(']'));
    const together = async (period: [string, string]) => {
      const [p, a] = await Promise.all([report(policy, ...period), report(analyst, ...period)]);
      const [cp, ca] = [cells(p), cells(a)];
      return new Map([...cp].filter(([at, c]) => bounded(at, c) && bounded(at, ca.get(at)!)).map(([at, c]) => [at, feasibleCounts(c, p).filter((n) => feasibleCounts(ca.get(at)!, a).includes(n))]));
    };
    let attacked = 0;
    for (const { wider, narrower } of PAIRS) {
      const [tw, tn] = [cells(await report(exactPolicy, ...wider)), cells(await report(exactPolicy, ...narrower))];
      const [w, n] = [await together(wider), await together(narrower)];
      for (const [at, feasibleWider] of w) {
        const truth = tw.get(at)!.value! - tn.get(at)!.value!;
        if (truth < 1 || truth >= 5 || !n.has(at)) continue;
        attacked++;
        const feasible = differences(feasibleWider, n.get(at)!);
        expect({ at, wider, narrower, feasible: feasible.includes(truth), values: feasible.length > 1 }).toEqual({ at, wider, narrower, feasible: true, values: true });
      }
    }
    expect(attacked).toBeGreaterThan(10);
  });
});

describe('computed in the database', () => {
  it('asks PostgreSQL the same few statements for a day or for two years: no rows are pulled to count them', async () => {
    const policy = await exact.as('policy@nijmegen.example');
    const day = await exact.countStatements(() => report(policy, '2023-07-31', '2023-07-31'));
    const years = await exact.countStatements(() => report(policy, PROJECT.from, PROJECT.to));
    expect(years.statements.length).toBe(day.statements.length);
    expect(years.statements.length).toBeLessThanOrEqual(5);
  });
});

describe('period boundaries are whole days, both included', () => {
  let caller: Caller;
  beforeAll(async () => {
    caller = await exact.as('policy@nijmegen.example');
  });
  const one = (from: string, to = from) => report(caller, from, to);

  it('counts a registration issued on the first or the last day, not the day before or after', async () => {
    expect((await one('2021-08-02')).zoneRegistrations.issued).toEqual(exactly(1));
    expect((await one('2021-08-01')).zoneRegistrations.issued).toEqual(exactly(0));
    expect((await one('2021-08-03')).zoneRegistrations.issued).toEqual(exactly(0));
    expect((await one('2021-07-01', '2021-08-02')).zoneRegistrations.issued).toEqual(exactly(1));
    expect((await one('2021-08-02', '2021-09-01')).zoneRegistrations.issued).toEqual(exactly(1));
  });

  it('counts a revocation on its day, and she no longer holds the registration from that day', async () => {
    expect((await one('2023-06-20')).zoneRegistrations.revoked).toEqual(exactly(1));
    expect((await one('2023-06-19')).zoneRegistrations.revoked).toEqual(exactly(0));
    expect((await one('2023-06-19')).zoneRegistrations.active).toEqual(exactly(19));
    expect((await one('2023-06-20')).zoneRegistrations.active).toEqual(exactly(18));
  });

  it('counts handovers completed on the last day of the period (31 July), and not in the next one', async () => {
    const last = byKey((await one('2023-07-31')).handoverOutcomes, 'outcome');
    expect(last).toMatchObject({ REGULAR_CARE: exactly(2), STAPTEAM: exactly(7), MONITORING: exactly(0) });
    const next = byKey((await one('2023-08-01', '2023-12-31')).handoverOutcomes, 'outcome');
    expect(next).toMatchObject({ REGULAR_CARE: exactly(0), STAPTEAM: exactly(0) });
    const before = byKey((await one('2023-07-01', '2023-07-30')).handoverOutcomes, 'outcome');
    expect(before).toMatchObject({ REGULAR_CARE: exactly(0), STAPTEAM: exactly(0), MONITORING: exactly(5) });
  });

  it('counts a trajectory on its first and last day (KP-008’s time-out, 1–22 February 2022)', async () => {
    const timeOut = async (from: string, to = from) => byKey((await one(from, to)).trajectories, 'kind').TIME_OUT;
    expect(await timeOut('2022-02-01')).toEqual(exactly(1));
    expect(await timeOut('2022-02-22')).toEqual(exactly(1));
    expect(await timeOut('2022-01-31')).toEqual(exactly(0));
    expect(await timeOut('2022-02-23', '2022-04-30')).toEqual(exactly(0));
  });

  it('adds up: two adjacent periods hold what the whole holds, for events', async () => {
    const whole = await one(PROJECT.from, PROJECT.to);
    const first = await one(PROJECT.from, '2022-12-31');
    const second = await one('2023-01-01', PROJECT.to);
    for (const pick of [(m: Report) => m.zoneRegistrations.issued, (m: Report) => m.zoneRegistrations.revoked]) {
      expect(pick(first).value + pick(second).value).toBe(pick(whole).value);
    }
    const outcomes = (m: Report) => m.handoverOutcomes.map((h: Report) => h.count.value);
    expect(outcomes(first).map((n: number, i: number) => n + outcomes(second)[i])).toEqual(outcomes(whole));
  });

  it('refuses a period that ends before it starts, and a day that does not exist', async () => {
    const backwards = await caller.query(MONITORING, { municipalityId: DEMO.org.nijmegen, from: '2023-07-31', to: '2023-07-30' });
    expect(backwards.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    // Year 0 is no year of the calendar PostgreSQL keeps (1 BC is followed by AD 1).
    for (const from of ['2023-02-30', '0000-01-01']) {
      const nonsense = await caller.query(MONITORING, { municipalityId: DEMO.org.nijmegen, from, to: '2023-07-30' });
      expect({ from, code: nonsense.body.errors?.[0].extensions?.code }).toEqual({ from, code: 'BAD_USER_INPUT' });
    }
  });
});
