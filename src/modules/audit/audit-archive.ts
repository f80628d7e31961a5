/**
 * An archive of the audit log: the entries of one stretch of the chain in a JSON-lines file, with
 * its boundary hashes in the first line, so it can be verified on its own and the live chain can
 * be verified from where it ends (docs/privacy.md, retention and archiving).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { finished, pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditBuffer, type RequestOrigin } from './audit-buffer';
import { checkChain, entriesThrough, type ChainAnchor, type ChainEntry, type ChainReport } from './audit-chain';

const FORMAT = 'ketenpoort-audit-archive/1';

export interface ArchiveHeader {
  format: typeof FORMAT;
  /** The entry before the first archived one (position 0 and 64 zeros at the chain's beginning). */
  anchor: ChainAnchor;
  /** The last archived entry: the anchor to verify the live chain from once these are removed. */
  head: ChainAnchor;
  entries: number;
  /** Every archived entry happened before this moment. */
  before: string;
}

/**
 * The position of the last entry of the chain's oldest stretch that happened wholly before `until`:
 * where an archive "before `until`" ends; null when the oldest entry is not that old. The database
 * times each line as it stores it, under the chain's lock, so the chain runs in time order and this
 * is every entry before `until`; one dated out of order (a clock set back) waits for the next
 * archive rather than take a later one along, so `ArchiveHeader.before` holds for every entry.
 * Sought from the chain's oldest end, where an archive's entries lie, so it reads about as many
 * entries as the archive holds: `max(position) where occurred_at < until`, planned as a walk back
 * from the newest entry, read every entry after `until` first — years of them, for an archive
 * that keeps the retention period's.
 */
export async function lastEntryBefore(em: EntityManager, until: Date): Promise<string | null> {
  // The first entry at or after `until` (none: past the head), and the last entry below it.
  const [{ last }] = await em.getConnection().execute<{ last: string | null }[]>(
    `select max(chain_position)::text as last from audit_event
      where chain_position < coalesce((select min(chain_position) from audit_event where occurred_at >= ?), 9223372036854775807)`,
    [until],
  );
  return last;
}

/**
 * Writes `entries` (already in chain order, from `anchor`) to `file`, checking the chain as it goes.
 * The header needs the head and the count, known only at the end: the entries go to a file of
 * their own first and are copied after it, so memory stays flat however many there are.
 */
export async function writeArchive(file: string, anchor: ChainAnchor, before: Date, entries: AsyncIterable<ChainEntry>): Promise<ChainReport> {
  if (fs.existsSync(file)) throw new Error(`${file} exists: an archive is never overwritten`);
  // Ours alone: one left behind by an interrupted run is written over.
  const body = `${file}.entries`;
  const out = fs.createWriteStream(body);
  try {
    async function* recorded() {
      for await (const e of entries) {
        if (!out.write(`${JSON.stringify(e)}\n`)) await once(out, 'drain');
        yield e;
      }
    }
    const report = await checkChain(recorded(), anchor);
    out.end();
    await finished(out);
    if (report.broken) return report;
    const header: ArchiveHeader = { format: FORMAT, anchor, head: report.head, entries: report.checked, before: before.toISOString() };
    fs.writeFileSync(file, `${JSON.stringify(header)}\n`, { flag: 'wx' });
    await pipeline(fs.createReadStream(body), fs.createWriteStream(file, { flags: 'a' }));
    return report;
  } finally {
    out.destroy();
    fs.rmSync(body, { force: true });
  }
}

const isAnchor = (a: Partial<ChainAnchor> | undefined): a is ChainAnchor =>
  typeof a?.position === 'string' && /^\d+$/.test(a.position) && typeof a.hash === 'string' && /^[\da-f]{64}$/.test(a.hash);

/** The header of an archive file, or why the file is none. */
function archiveHeader(file: string, line: string | undefined): ArchiveHeader {
  const header = parsed(line) as Partial<ArchiveHeader> | undefined;
  if (header?.format !== FORMAT || !isAnchor(header.anchor) || !isAnchor(header.head)) {
    throw new Error(`${path.basename(file)} is not an audit archive (${FORMAT}): its first line is no such header`);
  }
  return header as ArchiveHeader;
}

/** One entry line as `writeArchive` wrote it, or undefined: the chain is checked after, its shape here. */
function archivedEntry(line: string): ChainEntry | undefined {
  const e = parsed(line) as Partial<ChainEntry> | undefined;
  const shaped =
    typeof e?.position === 'string' && /^\d+$/.test(e.position) && typeof e.id === 'string' && typeof e.prevHash === 'string' && typeof e.hash === 'string' &&
    Array.isArray(e.canonical) && e.canonical.every((v) => v === null || typeof v === 'string');
  return shaped ? (e as ChainEntry) : undefined;
}

function parsed(line: string | undefined): unknown {
  try {
    return line === undefined ? undefined : JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Recomputes an archive's chain from its own anchor and checks it ends where its header says. A line
 * that is no entry (cut short, edited by hand) breaks the chain there; a file that is no archive at
 * all, or cannot be read, throws.
 */
export async function verifyArchive(file: string): Promise<{ header: ArchiveHeader; report: ChainReport }> {
  const stream = fs.createReadStream(file, 'utf8');
  try {
    return await verifyLines(file, readline.createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]());
  } finally {
    stream.destroy();
  }
}

async function verifyLines(file: string, lines: AsyncIterator<string>): Promise<{ header: ArchiveHeader; report: ChainReport }> {
  const first = await lines.next();
  const header = archiveHeader(file, first.done ? undefined : first.value);
  let garbled: string | null = null;
  async function* entries() {
    let number = 1;
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      number += 1;
      if (!line.trim()) continue;
      const entry = archivedEntry(line);
      if (!entry) {
        garbled = `line ${number} of the archive is not an audit entry`;
        return;
      }
      yield entry;
    }
  }
  const report = await checkChain(entries(), header.anchor);
  if (!report.broken && garbled) return { header, report: { ...report, broken: { position: String(BigInt(report.head.position) + 1n), id: null, problem: garbled } } };
  if (!report.broken && (report.head.position !== header.head.position || report.head.hash !== header.head.hash || report.checked !== header.entries)) {
    return { header, report: { ...report, broken: { position: report.head.position, id: null, problem: `the archive ends at entry ${report.head.position}, its header says ${header.head.position}` } } };
  }
  return { header, report };
}

/**
 * Where a retention of `?` years begins, by the database's clock, which dates every entry
 * (`occurred_at`): the machine running the command may be set otherwise, and one set ahead would
 * take entries still within retention for past it.
 */
const KEPT_FROM = 'now() - make_interval(years => ?::int)';
/** A moment as ISO 8601 text in UTC, to the microsecond, as the messages name it. */
const iso = (moment: string) => `to_char((${moment}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The first moment still within `years` of retention (ISO 8601). */
export async function retainedFrom(em: EntityManager, years: number): Promise<string> {
  const [{ from }] = await em.getConnection().execute<{ from: string }[]>(`select ${iso(KEPT_FROM)} as "from"`, [years]);
  return from;
}

/** Why a purge changed nothing. */
export class PurgeRefused extends Error {}

/**
 * Removes from the live table exactly the entries archived in `file`, once every one of them is
 * past `retentionYears`: the one time the append-only guard is lifted (docs/privacy.md, retention
 * and archiving). Before anything changes, the archive must verify on its own, and the live chain
 * must start where the archive starts and hold, entry for entry, what it holds (the same hashes up
 * to its head); the chain's head must stay, since the next entry chains on it. Needs the table's
 * owner. The removal is written to the chain itself, as the entry after the head, by `origin`.
 *
 * The checks run before the table is locked; in the transaction that removes, the cheap ones run
 * again under the lock (nothing before the archive's anchor, the head's hash, a newer entry), so a
 * purge never removes what it did not check. Appends wait for that transaction: a quiet hour's job.
 *
 * A refusal is written to the chain too, after the refusing transaction is gone: an attempt to
 * remove audit entries (a tampered archive, a wrong role, entries still within retention) is what
 * a security officer reviewing the log needs to see.
 */
export async function purgeArchived(em: EntityManager, file: string, retentionYears: number, origin: RequestOrigin): Promise<{ removed: number; anchor: ChainAnchor }> {
  try {
    return await removeArchived(em, file, retentionYears, origin);
  } catch (err) {
    if (!(err instanceof PurgeRefused)) throw err;
    await purgeLine(origin, 'DENIED', `refused to remove the entries archived in ${path.basename(file)}: ${err.message}`)
      .flush(em)
      .catch((writeErr: unknown) => {
        throw new PurgeRefused(`${err.message} (and the refusal could not be written to the audit log: ${writeErr instanceof Error ? writeErr.message : String(writeErr)})`);
      });
    throw err;
  }
}

function purgeLine(origin: RequestOrigin, outcome: 'GRANTED' | 'DENIED', reason: string): AuditBuffer {
  const audit = new AuditBuffer(null, origin);
  audit.record({ eventType: 'audit.purge', action: 'D', outcome, reason });
  return audit;
}

async function removeArchived(em: EntityManager, file: string, retentionYears: number, origin: RequestOrigin): Promise<{ removed: number; anchor: ChainAnchor }> {
  // It only reads the file: whatever keeps it from verifying refuses the purge, and is on record.
  const { header, report } = await verifyArchive(file).catch((err: unknown) => {
    throw new PurgeRefused(`the archive cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (report.broken) throw new PurgeRefused(`the archive does not verify: entry ${report.broken.position}: ${report.broken.problem}`);
  const head = header.head;
  const live = await checkChain(entriesThrough(em, header.anchor.position, head.position), header.anchor);
  if (live.broken) throw new PurgeRefused(`the live chain is broken at entry ${live.broken.position}: ${live.broken.problem}`);
  if (live.head.position !== head.position || live.head.hash !== head.hash) {
    throw new PurgeRefused(`the live chain does not hold what the archive holds: its entries ${BigInt(header.anchor.position) + 1n} to ${head.position} differ or are gone`);
  }

  const sha256 = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) sha256.update(chunk);
  const digest = sha256.digest('hex');
  return em.transactional(async (tx) => {
    const run = <T>(sql: string, params: unknown[] = []) => tx.execute<T[]>(sql, params);
    try {
      // Locks the table against appends until the transaction ends; only its owner may.
      await run('alter table audit_event disable trigger audit_event_append_only');
    } catch (err) {
      throw /must be owner/.test(String(err)) ? new PurgeRefused("only the audit table's owner may remove entries: connect as the owner (DATABASE_URL)") : err;
    }
    // Compared in SQL: the driver hands timestamps over as text.
    const [facts] = await run<{ first: string | null; newest: string | null; kept_from: string; retained: boolean; last: string | null; hash: string | null }>(
      `with archived as (select max(occurred_at) as newest from audit_event where chain_position <= ?),
            retention as (select ${KEPT_FROM} as kept_from)
       select (select min(chain_position)::text from audit_event) as first,
              (select ${iso('newest')} from archived) as newest,
              (select ${iso('kept_from')} from retention) as kept_from,
              (select newest >= kept_from from archived, retention) as retained,
              (select max(chain_position)::text from audit_event) as last,
              (select hash from audit_event where chain_position = ?) as hash`,
      [head.position, retentionYears, head.position],
    );
    if (facts.first !== String(BigInt(header.anchor.position) + 1n)) throw new PurgeRefused(`the live chain starts at entry ${facts.first}, the archive after entry ${header.anchor.position}`);
    if (facts.hash !== head.hash) throw new PurgeRefused(`the live entry ${head.position} is not the archive's head`);
    if (BigInt(facts.last!) <= BigInt(head.position)) throw new PurgeRefused("the archive holds the chain's head, which must stay: archive up to an earlier moment");
    if (facts.retained !== false) {
      throw new PurgeRefused(`entries up to ${facts.newest} are within the retention period: only entries before ${facts.kept_from} may be removed`);
    }
    const removed = await run<{ n: number }>('with gone as (delete from audit_event where chain_position <= ? returning 1) select count(*)::int as n from gone', [head.position]);
    await run('alter table audit_event enable always trigger audit_event_append_only');
    await purgeLine(origin, 'GRANTED', `removed entries ${facts.first} to ${head.position}, past retention, archived in ${path.basename(file)} (sha256 ${digest}); the chain continues from ${head.position}:${head.hash}`).flush(tx);
    return { removed: removed[0].n, anchor: head };
  });
}
