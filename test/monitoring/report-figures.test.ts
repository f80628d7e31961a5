/**
 * The municipality's monitoring figures (issue 6, policy §5): on the demo data they are the closing
 * report's table; with the default thresholds small counts are suppressed exactly as the pure
 * disclosure module says; subtracting two overlapping periods does not give a suppressed count away;
 * and every period boundary is a whole day, both ends included.
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
    { from: '2023-07-31', to: '2023-07-31' },
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
      for (const { from, to } of [...periods, { from: '2021-09-10', to: '2021-09-10' }]) {
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
    ['policy@nijmegen.example', '2021-09-10', 2],
    ['analyst@nijmegen.example', '2021-12-01', 4],
  ])('withholds from %s on %s the case managers who would pin the %i women under case management', async (email, day, n) => {
    const truth = await report(await exact.as(email), day, day);
    expect([truth.caseload.caseManagers, truth.caseload.clients]).toEqual([exactly(n), exactly(n)]);

    const shown = await report(await defaults.as(email), day, day);
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

describe('an attacker who subtracts two overlapping periods', () => {
  /** The true differences consistent with two published counts, knowing the rounding base. */
  function feasibleDifferences(a: Count, b: Count, rule: DisclosureRule): number[] {
    const candidates = (c: Count) => {
      if (c.suppressed) return Array.from({ length: rule.threshold - 1 }, (_, i) => i + 1);
      if (c.value === 0) return [0];
      return Array.from({ length: rule.roundingBase }, (_, i) => c.value! - i).filter((n) => n > 0);
    };
    const diffs = new Set<number>();
    for (const x of candidates(a)) for (const y of candidates(b)) if (x - y >= 0) diffs.add(x - y);
    return [...diffs].sort((p, q) => p - q);
  }

  const attacks: { what: string; wider: [string, string]; narrower: [string, string]; pick: (m: Report) => Count }[] = [
    {
      // KP-001's registration was issued on 2021-08-02: the first two days hold exactly one.
      what: 'zone registrations issued on 1–2 August 2021',
      wider: ['2021-08-01', '2023-07-31'],
      narrower: ['2021-08-03', '2023-07-31'],
      pick: (m) => m.zoneRegistrations.issued,
    },
    {
      // One woman went to monitoring by procesregie on 21 July 2023.
      what: 'handovers to monitoring on 21 July 2023',
      wider: ['2023-01-01', '2023-07-21'],
      narrower: ['2023-01-01', '2023-07-20'],
      pick: (m) => byKey(m.handoverOutcomes, 'outcome').MONITORING,
    },
    {
      // KP-019 asked to end her registration on 2023-06-20: registered on the 19th, not on the 20th.
      what: 'registrations held on 19 and on 20 June 2023',
      wider: ['2021-08-01', '2023-06-19'],
      narrower: ['2021-08-01', '2023-06-20'],
      pick: (m) => m.zoneRegistrations.active,
    },
  ];

  it.each(attacks)('learns the small difference exactly without protection, but not as the policy officer: $what', async ({ wider, narrower, pick }) => {
    const rule = ruleFor(3, COMMON_BASE);
    const exactPolicy = await exact.as('policy@nijmegen.example');
    const policy = await defaults.as('policy@nijmegen.example');

    const truth = pick(await report(exactPolicy, ...wider)).value! - pick(await report(exactPolicy, ...narrower)).value!;
    expect(truth).toBeGreaterThanOrEqual(1);
    expect(truth).toBeLessThan(rule.threshold);

    const a = pick(await report(policy, ...wider));
    const b = pick(await report(policy, ...narrower));
    expect(a.suppressed || b.suppressed).toBe(false); // both published: the case rounding exists for
    const feasible = feasibleDifferences(a, b, rule);
    expect(feasible).toContain(truth);
    expect(feasible.length).toBeGreaterThan(1);
    for (let n = 1; n < rule.threshold; n++) expect(feasible).toContain(n); // nothing narrower than "suppressed" already said
  });

  /** The true counts consistent with one published count, read with the rule its answer states. */
  function feasibleCounts(c: Count, answer: { threshold: number; roundingBase: number }): number[] {
    if (c.suppressed) return Array.from({ length: answer.threshold - 1 }, (_, i) => i + 1);
    if (c.value === 0) return [0];
    return Array.from({ length: answer.roundingBase }, (_, i) => c.value! - i).filter((n) => n >= answer.threshold);
  }

  // The policy officer's figures (k = 3) and the analyst's (k = 5) are both for publishing, and a reader
  // may hold both. Rounded to different bases (3 and 5), the two answers for one period intersect to a
  // single count where each alone left three or more (a 6 and a 10 mean exactly 6), and two such
  // periods subtract to a small count exactly: the registrations issued between 8 and 9 February 2023
  // (4 against 3), 2 January 2023 (5 against 4) or 26 November 2022 (6 against 5) were exactly one.
  it.each([
    ['2022-11-26', '2022-11-27'],
    ['2023-01-02', '2023-01-03'],
    ['2023-02-08', '2023-02-09'],
  ])('learns no small count exactly from the policy officer’s and the analyst’s answers together: registrations issued from %s and from %s', async (wider, narrower) => {
    const to = '2023-07-31';
    const exactPolicy = await exact.as('policy@nijmegen.example');
    const issued = async (caller: Caller, from: string) => (await report(caller, from, to)).zoneRegistrations.issued as Count;
    const truth = (await issued(exactPolicy, wider)).value! - (await issued(exactPolicy, narrower)).value!;
    expect(truth).toBe(1);

    const together = async (from: string) => {
      const sets = await Promise.all(
        ['policy@nijmegen.example', 'analyst@nijmegen.example'].map(async (email) => {
          const m = await report(await defaults.as(email), from, to);
          return feasibleCounts(m.zoneRegistrations.issued, m);
        }),
      );
      return sets[0].filter((n) => sets[1].includes(n));
    };
    const [a, b] = [await together(wider), await together(narrower)];
    const feasible = [...new Set(a.flatMap((x) => b.map((y) => x - y)).filter((d) => d >= 0))].sort((p, q) => p - q);
    expect(feasible).toContain(truth);
    expect({ wider, narrower, feasible: feasible.length > 1 }).toEqual({ wider, narrower, feasible: true });
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
