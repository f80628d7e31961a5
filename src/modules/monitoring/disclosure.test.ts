import { describeRule, protectAverage, protectBreakdown, protectCaseload, protectCount, ruleFor, type Count, type DisclosureRule } from './disclosure';

/** Every tuple of `length` values from 0..max. */
function* tuples(length: number, max: number): Generator<number[]> {
  const t = new Array(length).fill(0);
  for (;;) {
    yield [...t];
    let i = length - 1;
    while (i >= 0 && t[i] === max) t[i--] = 0;
    if (i < 0) return;
    t[i]++;
  }
}

const asCells = (values: number[]) => Object.fromEntries(values.map((v, i) => [`c${i}`, v])) as Record<string, number>;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe('single counts', () => {
  it('publishes every count exactly with k = 1', () => {
    for (let n = 0; n <= 50; n++) expect(protectCount(n, ruleFor(1))).toEqual({ value: n, suppressed: false });
  });

  it('suppresses exactly the counts 1 .. k−1, shows zero, and never rounds a count below k', () => {
    for (let k = 1; k <= 6; k++) {
      for (let n = 0; n <= 40; n++) {
        const c = protectCount(n, ruleFor(k));
        expect(c.suppressed).toBe(n >= 1 && n < k);
        if (n === 0) expect(c).toEqual({ value: 0, suppressed: false });
        if (!c.suppressed && n > 0) {
          expect(c.value! % k).toBe(0);
          expect(c.value!).toBeGreaterThanOrEqual(n);
          expect(c.value! - n).toBeLessThan(k);
        }
        if (c.suppressed) expect(c.value).toBeNull();
      }
    }
  });

  it('says which method it applied', () => {
    expect(describeRule(ruleFor(1))).toBe('exact counts, no suppression');
    expect(describeRule(ruleFor(5))).toContain('1 to 4 suppressed');
  });

  it('refuses what is not a count', () => {
    expect(() => protectCount(-1, ruleFor(3))).toThrow(RangeError);
    expect(() => protectCount(1.5, ruleFor(3))).toThrow(RangeError);
    expect(() => ruleFor(0)).toThrow(RangeError);
    expect(() => protectBreakdown({ a: -2 }, ruleFor(3))).toThrow(RangeError);
  });
});

describe('breakdowns', () => {
  it('publishes every cell and the total exactly with k = 1', () => {
    for (const values of tuples(3, 6)) {
      const p = protectBreakdown(asCells(values), ruleFor(1));
      expect(Object.values(p.cells).map((c) => c.value)).toEqual(values);
      expect(p.total.value).toBe(values.reduce((a, b) => a + b, 0));
    }
  });

  it('suppresses every primary cell (1 .. k−1) and shows every zero unless the whole breakdown is withheld', () => {
    for (let k = 2; k <= 5; k++) {
      for (const values of tuples(4, 6)) {
        const p = protectBreakdown(asCells(values), ruleFor(k));
        values.forEach((v, i) => {
          if (v >= 1 && v < k) expect(p.cells[`c${i}`].suppressed).toBe(true);
          if (v === 0 && !p.total.suppressed) expect(p.cells[`c${i}`]).toEqual({ value: 0, suppressed: false });
        });
      }
    }
  });

  /**
   * The standard audit of a suppression pattern: the attacker sees the published cells and total,
   * knows zeros are always published (unless the whole breakdown is withheld) and that suppressed
   * cells are therefore at least 1, and computes the feasible interval of each suppressed cell.
   */
  it('never lets the feasibility interval of a primary-suppressed cell shrink to one value', () => {
    const pinned: string[] = [];
    for (let k = 2; k <= 5; k++) {
      for (const values of tuples(4, 7)) {
        const published = protectBreakdown(asCells(values), ruleFor(k, 1));
        const hidden = values.map((_, i) => i).filter((i) => published.cells[`c${i}`].suppressed);
        if (hidden.length === 0) continue;
        const shown = values.filter((_, i) => !hidden.includes(i)).reduce((a, b) => a + b, 0);
        const withheld = published.total.suppressed;
        const lower = withheld ? 0 : 1;
        const maxSum = withheld ? k - 1 - shown : published.total.value! - shown;
        const upper = maxSum - lower * (hidden.length - 1);
        hidden.forEach((cell) => {
          const primary = values[cell] >= 1 && values[cell] < k;
          if (primary && upper <= lower) pinned.push(`k=${k} ${values} cell ${cell}`);
        });
      }
    }
    expect(pinned).toEqual([]);
  });

  // Two small cells hidden alone would be given away by the total minus the rest: their sum, itself
  // a count below k, of few enough women to point at them.
  it('hides cells until the hidden ones together hold at least k', () => {
    const p = protectBreakdown({ a: 1, b: 2, c: 7, d: 7 }, ruleFor(5));
    expect([p.cells.a, p.cells.b, p.cells.c].every((c) => c.suppressed)).toBe(true);
    expect([p.cells.d, p.total]).toEqual([{ value: 10, suppressed: false }, { value: 20, suppressed: false }]);

    const givenAway: string[] = [];
    for (let k = 2; k <= 5; k++) {
      for (const values of tuples(4, 7)) {
        const published = protectBreakdown(asCells(values), ruleFor(k));
        if (published.total.suppressed) continue;
        const hidden = values.filter((_, i) => published.cells[`c${i}`].suppressed);
        const sum = hidden.reduce((a, b) => a + b, 0);
        if (hidden.length > 0 && sum < k) givenAway.push(`k=${k} ${values}: hidden cells hold ${sum}`);
      }
    }
    expect(givenAway).toEqual([]);
  });

  it('withholds the whole breakdown when no cell can hide a lone small one', () => {
    const lone = protectBreakdown({ a: 2, b: 0, c: 0 }, ruleFor(3));
    expect(lone.total).toEqual({ value: null, suppressed: true });
    expect(Object.values(lone.cells).every((c) => c.suppressed)).toBe(true);
    const p = protectBreakdown({ a: 1, b: 0, c: 7 }, ruleFor(3));
    expect(p.cells.a.suppressed && p.cells.c.suppressed).toBe(true);
    expect(p.total).toEqual({ value: 9, suppressed: false });
  });
});

describe('differencing across periods', () => {
  /**
   * Monthly counts of four months; every contiguous period is asked and published. The attacker
   * brute-forces every series that would have produced the same answers, and looks at each month
   * whose own count was suppressed.
   */
  function attack(k: number, roundingBase: number) {
    const rule = ruleFor(k, roundingBase);
    const MONTHS = 4;
    const MAX = 5;
    const periods: [number, number][] = [];
    for (let i = 0; i < MONTHS; i++) for (let j = i; j < MONTHS; j++) periods.push([i, j]);
    const answers = (series: number[]) => periods.map(([i, j]) => protectCount(series.slice(i, j + 1).reduce((a, b) => a + b, 0), rule));
    const all = [...tuples(MONTHS, MAX)];
    const byAnswers = new Map<string, number[][]>();
    for (const s of all) {
      const key = JSON.stringify(answers(s));
      byAnswers.set(key, [...(byAnswers.get(key) ?? []), s]);
    }
    let suppressedMonths = 0;
    let pinned = 0;
    for (const s of all) {
      const consistent = byAnswers.get(JSON.stringify(answers(s)))!;
      s.forEach((v, m) => {
        if (v < 1 || v >= k) return;
        suppressedMonths++;
        if (new Set(consistent.map((c) => c[m])).size < 2) pinned++;
      });
    }
    return { suppressedMonths, pinned };
  }

  it('lets exact publication be differenced (the threat is real)', () => {
    const { suppressedMonths, pinned } = attack(3, 1);
    expect(suppressedMonths).toBeGreaterThan(0);
    expect(pinned / suppressedMonths).toBeGreaterThan(0.5);
  });

  it('with rounding up to a multiple of k, never lets one published period minus another pin a suppressed month', () => {
    // Published values V1, V2 confine the month to (V2 − V1 − k, V2 − V1 + k), which always holds
    // all of 1 .. k−1 — when both periods are published (a suppressed one bounds it differently).
    for (const k of [3, 4, 5]) {
      const rule = ruleFor(k);
      for (let before = 0; before <= 4 * k; before++) {
        for (let month = 1; month < k; month++) {
          if (protectCount(before + month, rule).suppressed || protectCount(before, rule).suppressed) continue;
          const v1 = protectCount(before, rule);
          const v2 = protectCount(before + month, rule);
          const candidates = new Set<number>();
          for (let b = 0; b <= 6 * k; b++) {
            for (let m = 1; m < k; m++) if (same(protectCount(b, rule), v1) && same(protectCount(b + m, rule), v2)) candidates.add(m);
          }
          expect(candidates.size).toBe(k - 1);
        }
      }
    }
  });

  it('cannot stop two suppressed periods from narrowing a month (a limit of any threshold, documented)', () => {
    // Period 1: 1 (suppressed); period 1 + next month: 2 (suppressed); the next month alone: suppressed.
    // With k = 3 the attacker knows 1 ≤ P1 < P2 ≤ 2, so the month is 1.
    const rule = ruleFor(3);
    expect([protectCount(1, rule), protectCount(2, rule), protectCount(1, rule)].every((c) => c.suppressed)).toBe(true);
  });

  it('with rounding, leaves fewer months pinned when every contiguous period is asked (measured, see docs/privacy.md)', () => {
    const exact = attack(3, 1);
    const rounded = attack(3, 3);
    expect(rounded.suppressedMonths).toBe(exact.suppressedMonths);
    expect(rounded.pinned).toBeLessThan(exact.pinned);
  });
});

describe('case managers beside the women under case management', () => {
  const SUPPRESSED = { value: null, suppressed: true };

  it('withholds them when the women are suppressed: 2 case managers with a woman each would say 2', () => {
    expect(protectCaseload([1, 1], 2, ruleFor(3, 5))).toEqual({ clients: SUPPRESSED, perCaseManager: null, withheld: 'CLIENTS_SUPPRESSED' });
  });

  it('withholds them when 3 suppressed caseloads and 5 women put the smallest at 1', () => {
    expect(protectCaseload([2, 2, 1], 5, ruleFor(5, 5))).toMatchObject({ clients: { value: 5, suppressed: false }, perCaseManager: null, withheld: 'CASELOAD_KNOWN' });
  });

  it('shows them, exactly as the breakdown suppresses the caseloads, when the women leave every suppressed one open', () => {
    expect(protectCaseload([2, 2, 2, 2, 2, 2, 2, 2, 1, 1], 18, ruleFor(3, 5))).toMatchObject({ clients: { value: 20, suppressed: false }, withheld: null });
    expect(protectCaseload([], 0, ruleFor(3, 5))).toEqual({ clients: { value: 0, suppressed: false }, perCaseManager: [], withheld: null });
    expect(protectCaseload([3, 1], 4, ruleFor(1))).toEqual({ clients: { value: 4, suppressed: false }, perCaseManager: [3, 1].map((value) => ({ value, suppressed: false })), withheld: null });
  });

  /** Every list of `length` caseloads of at least 1, largest first, that add up to at most `budget`. */
  function* caseloadLists(length: number, budget: number, atMost = budget): Generator<number[]> {
    if (length === 0) yield [];
    else for (let n = 1; n <= Math.min(atMost, budget - (length - 1)); n++) for (const rest of caseloadLists(length - 1, budget - n, n)) yield [n, ...rest];
  }

  /** Each value a caseload can have for one who reads the answer: every list, largest first, that fits what is shown and adds up to the women shown. */
  function feasible(shown: Count[], clients: Count, rule: DisclosureRule): Set<number>[] {
    const sets = shown.map(() => new Set<number>());
    const fits = (c: Count, n: number) => c.suppressed || (n >= Math.max(rule.threshold, c.value! - rule.roundingBase + 1) && n <= c.value!);
    for (const list of caseloadLists(shown.length, clients.value!)) {
      const sum = list.reduce((a, b) => a + b, 0);
      if (sum <= clients.value! - rule.roundingBase || sum < rule.threshold || list.some((n, i) => !fits(shown[i], n))) continue;
      list.forEach((n, i) => sets[i].add(n));
    }
    return sets;
  }

  it('never shows caseloads from which, with the women shown, one suppressed caseload can be worked out', () => {
    let shown = 0;
    let withheld = 0;
    for (const [k, b] of [[3, 5], [5, 5], [3, 3]]) {
      const rule = ruleFor(k, b);
      for (let length = 1; length <= 4; length++) {
        for (const list of caseloadLists(length, 7 * length, 7)) {
          const clients = list.reduce((a, c) => a + c, 0);
          const answer = protectCaseload(list, clients, rule);
          if (answer.withheld) {
            withheld++;
            continue;
          }
          shown++;
          const sets = feasible(answer.perCaseManager!, answer.clients, rule);
          answer.perCaseManager!.forEach((c, i) => {
            if (c.suppressed) expect({ list, k, b, i, values: sets[i].size > 1 }).toEqual({ list, k, b, i, values: true });
          });
        }
      }
    }
    expect(shown).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
  });
});

describe('averages', () => {
  it('withholds an average that rests on fewer than k clients', () => {
    expect(protectAverage(480, 2, ruleFor(3))).toEqual({ value: null, suppressed: true });
    expect(protectAverage(12, 3, ruleFor(3))).toEqual({ value: 4, suppressed: false });
    expect(protectAverage(0, 0, ruleFor(3))).toEqual({ value: null, suppressed: false });
  });

  it('judges an average over client-weeks by the number of women it rests on, not the weeks', () => {
    // 2 women, 40 logged weeks between them: still about 2 women.
    expect(protectAverage(160, 40, ruleFor(3), 2)).toEqual({ value: null, suppressed: true });
    expect(protectAverage(160, 40, ruleFor(3), 3)).toEqual({ value: 4, suppressed: false });
    expect(protectAverage(160, 40, ruleFor(1), 1)).toEqual({ value: 4, suppressed: false });
  });
});

// Keep the Count type honest: a suppressed count never carries a value.
it('never pairs a value with suppression', () => {
  const check = (c: Count) => expect(c.suppressed ? c.value === null : c.value !== null).toBe(true);
  for (const values of tuples(3, 5)) {
    const p = protectBreakdown(asCells(values), ruleFor(3));
    Object.values(p.cells).forEach(check);
    check(p.total);
  }
});
