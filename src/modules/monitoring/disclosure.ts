/**
 * Statistical disclosure control for the aggregates of policy.md §5, as pure functions.
 *
 * The counts are of very vulnerable women in one small programme: a count of 1 or 2 can point at a
 * person. So:
 * - Primary suppression: a count of 1 .. k−1 is published as "suppressed", never as a number.
 *   Zero is published (it hides nobody). k is per role; k = 1 publishes everything exactly.
 * - Secondary suppression: within one breakdown (cells and their total), suppressed cells must not
 *   be recoverable from the total and the other cells. More non-zero cells are suppressed (the
 *   smallest first) until the suppressed ones are at least two, sum to at least k, and are not all
 *   ones — so the interval an attacker can compute for each (the standard audit of suppression
 *   patterns) always holds more than one value. When no cell is left to add, or the total itself is
 *   1 .. k−1, the whole breakdown is withheld: with a small total even zeros would narrow the rest.
 * - Differencing across periods: the same figure asked for two overlapping periods (Jan–Mar, then
 *   Jan–Feb) subtracts to the count of the difference. Every published non-zero count is therefore
 *   rounded UP to a multiple of the rounding base b (b = k by default). A published value V then
 *   says only "n lies in (V − b, V]", and the difference of two published values confines the
 *   difference of the true counts to an interval of width 2b − 1, which for b = k ≥ 3 always holds
 *   every value 1 .. k−1: the subtraction tells an attacker no more than "suppressed" already did.
 *   Rounding up (not to the nearest) makes V = k mean exactly k while keeping that guarantee.
 *   Limits, measured by the tests: when both periods are themselves suppressed (two small counts),
 *   their difference can still narrow a month to one value — a limit of any threshold, not of the
 *   rounding; an attacker who combines many overlapping periods can intersect their intervals; and
 *   one who re-runs this exact algorithm on every candidate can sometimes exploit its
 *   deterministic tie-breaking. These are documented in docs/privacy.md.
 */

export interface Count {
  /** null exactly when suppressed. */
  value: number | null;
  suppressed: boolean;
}

export interface DisclosureRule {
  /** k: counts 1 .. k−1 are suppressed. */
  threshold: number;
  /** b: published non-zero counts are rounded up to a multiple of b. */
  roundingBase: number;
}

export interface ProtectedBreakdown<K extends string> {
  cells: Record<K, Count>;
  total: Count;
}

function assertCount(n: number, what = 'count'): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

export function ruleFor(threshold: number, roundingBase = threshold): DisclosureRule {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be an integer ≥ 1, got ${threshold}`);
  if (!Number.isInteger(roundingBase) || roundingBase < 1) throw new RangeError(`roundingBase must be an integer ≥ 1, got ${roundingBase}`);
  return { threshold, roundingBase };
}

/** How the rule protects counts, in words for the answer's `method`. */
export function describeRule(rule: DisclosureRule): string {
  if (rule.threshold === 1 && rule.roundingBase === 1) return 'exact counts, no suppression';
  return `counts of 1 to ${rule.threshold - 1} suppressed with secondary suppression; other counts rounded up to a multiple of ${rule.roundingBase}`;
}

const SUPPRESSED: Count = Object.freeze({ value: null, suppressed: true }) as Count;

function publish(n: number, rule: DisclosureRule): Count {
  if (n === 0) return { value: 0, suppressed: false };
  return { value: Math.ceil(n / rule.roundingBase) * rule.roundingBase, suppressed: false };
}

export function protectCount(n: number, rule: DisclosureRule): Count {
  assertCount(n);
  return n >= 1 && n < rule.threshold ? { ...SUPPRESSED } : publish(n, rule);
}

export function protectBreakdown<K extends string>(cells: Record<K, number>, rule: DisclosureRule): ProtectedBreakdown<K> {
  const keys = Object.keys(cells) as K[];
  for (const key of keys) assertCount(cells[key], `cell ${key}`);
  const total = keys.reduce((sum, key) => sum + cells[key], 0);
  const small = (n: number) => n >= 1 && n < rule.threshold;
  const suppressed = new Set(keys.filter((key) => small(cells[key])));
  let totalSuppressed = small(total);
  if (suppressed.size > 0 && !totalSuppressed) {
    const sum = () => [...suppressed].reduce((s, key) => s + cells[key], 0);
    const exposed = () => suppressed.size < 2 || sum() < rule.threshold || sum() === suppressed.size;
    while (exposed()) {
      // The smallest non-zero cell hides the most with the least loss; ties go to the earlier cell.
      const next = keys.filter((key) => !suppressed.has(key) && cells[key] > 0).sort((a, b) => cells[a] - cells[b] || keys.indexOf(a) - keys.indexOf(b))[0];
      if (next === undefined) {
        totalSuppressed = true;
        break;
      }
      suppressed.add(next);
    }
  }
  return {
    cells: Object.fromEntries(keys.map((key) => [key, totalSuppressed || suppressed.has(key) ? { ...SUPPRESSED } : publish(cells[key], rule)])) as Record<K, Count>,
    total: totalSuppressed ? { ...SUPPRESSED } : publish(total, rule),
  };
}

/**
 * An average (e.g. hours per case and week): withheld when it rests on 1 .. k−1 clients. `clients`
 * is how many women the average is about, when that differs from the denominator (client-weeks).
 */
export function protectAverage(numerator: number, denominator: number, rule: DisclosureRule, clients = denominator): { value: number | null; suppressed: boolean } {
  if (!Number.isFinite(numerator) || numerator < 0) throw new RangeError(`numerator must be a non-negative number, got ${numerator}`);
  assertCount(denominator, 'denominator');
  assertCount(clients, 'clients');
  if (denominator === 0 || clients === 0) return { value: null, suppressed: false };
  if (clients < rule.threshold) return { value: null, suppressed: true };
  return { value: Math.round((numerator / denominator) * 10) / 10, suppressed: false };
}

/** Why a report withholds its case managers' figures; see `protectCaseload`. */
export const CASE_MANAGERS_WITHHELD = ['CLIENTS_SUPPRESSED', 'CASELOAD_KNOWN'] as const;
export type CaseManagersWithheld = (typeof CASE_MANAGERS_WITHHELD)[number];

export interface ProtectedCaseload {
  /** The women under case management. */
  clients: Count;
  /** One entry per case manager, largest first; null when withheld. */
  perCaseManager: Count[] | null;
  /** Null when the case managers' figures (their number, per organisation, and `perCaseManager`) may be published. */
  withheld: CaseManagersWithheld | null;
}

/** The least a shown count can stand for: a shown V is more than V − b, and not small. */
function lowestBehind(c: Count, rule: DisclosureRule): number {
  return c.value === 0 ? 0 : Math.max(rule.threshold, c.value! - rule.roundingBase + 1);
}

/**
 * Whether the caseloads shown and the women shown leave some suppressed caseload a single value. The
 * attacker bounds each cell by what is shown of it, by the order (largest first), and by the caseloads
 * adding up to the women within the rounding; the values a cell can take then form an interval around
 * the true one, so it is known exactly when neither neighbour of the true value fits.
 */
function pinsACaseload(caseloads: number[], cells: Count[], clients: Count, rule: DisclosureRule): boolean {
  const lo = cells.map((c) => (c.suppressed ? 1 : lowestBehind(c, rule)));
  const hi = cells.map((c) => (c.suppressed ? Infinity : c.value!));
  for (let i = lo.length - 2; i >= 0; i--) lo[i] = Math.max(lo[i], lo[i + 1]);
  for (let i = 1; i < hi.length; i++) hi[i] = Math.min(hi[i], hi[i - 1]);
  const fits = (i: number, x: number) => {
    if (x < lo[i] || x > hi[i]) return false;
    let least = x;
    let most = x;
    for (let j = 0; j < cells.length; j++) {
      if (j === i) continue;
      least += j < i ? Math.max(lo[j], x) : lo[j];
      most += j < i ? hi[j] : Math.min(hi[j], x);
    }
    return least <= clients.value! && most > clients.value! - rule.roundingBase;
  };
  return cells.some((c, i) => c.suppressed && !fits(i, caseloads[i] - 1) && !fits(i, caseloads[i] + 1));
}

/**
 * The women under case management and the anonymous caseloads. Every listed case manager has at least
 * one woman, and a woman has one case manager (per organisation), so the caseloads add up to about the
 * women: the number of case managers bounds the women from below, and the women bound the caseloads
 * from above. The case managers' figures are therefore withheld, all of them, when
 * - the women are suppressed: 2 case managers beside a suppressed count with k = 3 say it is 2;
 * - the women shown pin a suppressed caseload: 3 suppressed caseloads of at most 5 women between them
 *   put the smallest at exactly 1.
 */
export function protectCaseload(caseloads: number[], clients: number, rule: DisclosureRule): ProtectedCaseload {
  const shownClients = protectCount(clients, rule);
  if (shownClients.suppressed) return { clients: shownClients, perCaseManager: null, withheld: 'CLIENTS_SUPPRESSED' };
  // Keys carry only the rank by size: the breakdown's tie-breaking needs an order, not a person.
  const cells = protectBreakdown(Object.fromEntries(caseloads.map((n, i) => [`rank${i}`, n])), rule).cells;
  const perCaseManager = caseloads.map((_, i) => cells[`rank${i}`]);
  if (pinsACaseload(caseloads, perCaseManager, shownClients, rule)) return { clients: shownClients, perCaseManager: null, withheld: 'CASELOAD_KNOWN' };
  return { clients: shownClients, perCaseManager, withheld: null };
}
