/** Periods for tests that compare the monitoring figures with counting the rows themselves. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO } from '../../src/db/demo/seed';
import { primaryReader } from '../../src/db/read-replica';
import { monitoringFigures, type MonitoringFigures } from '../../src/modules/monitoring/monitoring-figures';
import { addDays } from '../../src/common/scalars';

/** A municipality of the demo chain other than Nijmegen (Arnhem). */
export const OTHER_MUNICIPALITY = '00000000-0000-4000-8000-000000000006';

/** A small deterministic generator, so a failure replays. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The day `offset` days after `base` (both YYYY-MM-DD). */
export const day = addDays;

/**
 * The `fixed` periods, then `n` drawn ones starting within `days` days of `firstDay`: half short
 * (up to `short` days), half long (up to `long` days).
 */
export function periods(rnd: () => number, n: number, fixed: [string, string][], draw: { firstDay: string; days: number; short: number; long: number }): [string, string][] {
  const out = [...fixed];
  for (let i = 0; i < n; i++) {
    const from = day(draw.firstDay, Math.floor(rnd() * draw.days));
    out.push([from, day(from, Math.floor(rnd() * (rnd() < 0.5 ? draw.short : draw.long)))]);
  }
  return out;
}

/**
 * For Nijmegen and one other municipality, and for each of `asked`, the report's figures (the part
 * `part` takes) equal `direct`, which counts the rows themselves. `label` names the moment of the
 * test's story in a failure.
 */
export async function expectFiguresExact<T>(
  em: EntityManager,
  label: string,
  asked: [string, string][],
  part: (figures: MonitoringFigures) => T,
  direct: (municipalityId: string, from: string, to: string) => Promise<T>,
): Promise<void> {
  for (const municipalityId of [DEMO.org.nijmegen, OTHER_MUNICIPALITY]) {
    for (const [from, to] of asked) {
      const got = part(await monitoringFigures(primaryReader(em), municipalityId, from, to));
      expect({ label, municipalityId, from, to, got }).toEqual({ label, municipalityId, from, to, got: await direct(municipalityId, from, to) });
    }
  }
}
