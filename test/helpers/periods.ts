/** Periods for tests that compare the monitoring figures with counting the rows themselves. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import { primaryReader } from '../../src/db/read-replica';
import { monitoringFigures, type MonitoringFigures } from '../../src/modules/monitoring/monitoring-figures';
import { addDays } from '../../src/common/scalars';

/** A municipality of the demo chain other than Nijmegen (Arnhem). */
export const OTHER_MUNICIPALITY = '00000000-0000-4000-8000-000000000006';

/**
 * SQL: the municipality whose chain the woman `client` belonged to on `day` — the one that registered
 * her, or the receiving organisation's of her last handover to another municipality completed on an
 * earlier day. Asked per day, as the policy says it, to check the migration's periods against.
 */
export function chainOn(client: string, day: string): string {
  return `coalesce(
    (select moved_to.municipality_id from handover move join organisation moved_to on moved_to.id = move.to_organisation_id
      where move.client_id = ${client} and move.status = 'COMPLETED' and move.destination = 'OTHER_MUNICIPALITY' and chain_day(move.completed_at) < ${day}
      order by move.completed_at desc, move.id desc limit 1),
    (select registered.municipality_id from client registered where registered.id = ${client}))`;
}

/**
 * SQL: whether the woman `client` belonged to the chain of `municipality` on a day from `from` to `to`.
 * Her chain changes only on the day after a move, so those days and the first are all to ask.
 */
export function inChainBetween(client: string, from: string, to: string, municipality: string): string {
  return `exists (select 1 from (select ${from} as day
      union select chain_day(move.completed_at) + 1 from handover move
       where move.client_id = ${client} and move.status = 'COMPLETED' and move.destination = 'OTHER_MUNICIPALITY' and chain_day(move.completed_at) + 1 between ${from} and ${to}) asked
    where ${chainOn(client, 'asked.day')} = ${municipality})`;
}

/** Records a handover of `client` to the municipality `to`, completed at `at` (a moment), as completing it through the API leaves it; its id. */
export async function handOver(pg: PgClient, client: string, to: string, at: string): Promise<string> {
  const { rows } = await pg.query(
    `insert into handover (client_id, from_organisation_id, to_organisation_id, destination, status, proposed_by_id, completed_at)
     select $1, p.organisation_id, $2, 'OTHER_MUNICIPALITY', 'COMPLETED', p.id, $3 from professional p where p.organisation_id <> $2 order by p.id limit 1
     returning id`,
    [client, to, at],
  );
  return rows[0].id;
}

/**
 * One woman handed over to another municipality at `leaves` and back, another at the turn of the
 * year in the chain's calendar (still 2021 in UTC), with `records` of theirs in between; then the
 * first handover completed earlier, given another receiver and deleted. `expectExact` checks the
 * summaries after each step.
 */
export async function movedAndCorrected(pg: PgClient, [she, other]: [string, string], leaves: string, records: () => Promise<void>, expectExact: (label: string, seed: number) => Promise<void>): Promise<void> {
  const away = await handOver(pg, she, OTHER_MUNICIPALITY, leaves);
  await handOver(pg, other, OTHER_MUNICIPALITY, '2021-12-31T23:30:00Z');
  await records();
  await expectExact('handed over', 20);
  await handOver(pg, she, DEMO.org.nijmegen, '2022-09-01T10:00:00+02:00');
  await expectExact('handed back', 21);
  await pg.query(`update handover set completed_at = completed_at - interval '60 days' where id = $1`, [away]);
  await expectExact('completed earlier', 22);
  await pg.query(`update handover set to_organisation_id = $2 where id = $1`, [away, DEMO.org.nijmegen]);
  await expectExact('to another receiver', 23);
  await pg.query(`delete from handover where id = $1`, [away]);
  await expectExact('deleted', 24);
}

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
