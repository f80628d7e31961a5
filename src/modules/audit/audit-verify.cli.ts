import 'reflect-metadata';
/**
 * Checks the audit log's hash chain and names the first broken entry (exit code 1 when broken):
 *   npm run audit:verify                                   the live chain in DATABASE_URL (or the embedded database)
 *   npm run audit:verify -- --anchor <position>:<hash>     the live chain after archived entries were removed
 *   npm run audit:verify -- --expect-head <position>:<hash>
 *                                                          …and still holding the head an earlier run printed
 *                                                          (kept outside the database), at least that far
 *   npm run audit:verify -- --archive <file>               an archive file on its own
 *   npm run audit:verify -- --archive-before <ISO date> --out <file> [--anchor …]
 *                                                          write the entries before that moment to an archive
 *   npm run audit:verify -- --purge-archived <file>        remove an archive's entries from the live table, once
 *                                                          past retention (as the table's owner)
 */
import { randomUUID } from 'node:crypto';
import { loadConfig, stopMessage } from '../../config';
import { openDatabase } from '../../db/database';
import { traceOf } from '../../server/context';
import { PurgeRefused, lastEntryBefore, purgeArchived, retainedFrom, verifyArchive, writeArchive } from './audit-archive';
import { GENESIS, entriesThrough, verifyChain, type ChainAnchor, type ChainReport } from './audit-chain';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  if (!args[i + 1]) throw new Error(`${name} needs a value`);
  return args[i + 1];
}

/** A `<position>:<hash>` option: an archive's head (`--anchor`), or one a verification printed (`--expect-head`). */
function headOption(args: string[], name: string): ChainAnchor | undefined {
  const raw = option(args, name);
  if (raw === undefined) return undefined;
  const m = /^(\d+):([\da-f]{64})$/.exec(raw);
  if (!m) throw new Error(`${name} takes <position>:<64 hex characters>, as a head is printed`);
  // As the chain prints it: a position written 0042 is entry 42, and is compared as such.
  return { position: String(BigInt(m[1])), hash: m[2] };
}

function told(report: ChainReport, what: string): number {
  if (report.broken) {
    const { position, id, problem } = report.broken;
    console.error(`${what} BROKEN at entry ${position}${id ? ` (id ${id})` : ''}: ${problem}; ${report.checked} entries before it are intact`);
    return 1;
  }
  console.log(`${what} intact: ${report.checked} entries checked; head ${report.head.position}:${report.head.hash}`);
  return 0;
}

async function main(args: string[]): Promise<number> {
  const archive = option(args, '--archive');
  if (archive) return told((await verifyArchive(archive)).report, `audit archive ${archive}`);

  const config = loadConfig(process.env, 'command');
  // An operator's job over the whole log, not a request: a request's statement timeout (5 s) would
  // stop it on a large one (reading or removing the month of entries an archive holds). 0: none.
  const db = await openDatabase({ ...config, db: { ...config.db, statementTimeoutMs: 0 } });
  try {
    const em = db.orm.em.fork();
    const anchor = headOption(args, '--anchor');
    const expectedHead = headOption(args, '--expect-head');
    const before = option(args, '--archive-before');
    if (before) {
      const out = option(args, '--out');
      const until = new Date(before);
      if (!out || Number.isNaN(until.getTime())) throw new Error('usage: --archive-before <ISO date> --out <file> [--anchor <position>:<hash>]');
      const from = anchor ?? { position: '0', hash: GENESIS };
      const last = await lastEntryBefore(em, until);
      // Nothing older, or only what the archive the anchor ends holds already: no empty archive.
      if (!last || BigInt(last) <= BigInt(from.position)) {
        console.log(`nothing to archive before ${until.toISOString()}${anchor ? ` after entry ${anchor.position}` : ''}`);
        return 0;
      }
      const code = told(await writeArchive(out, from, until, entriesThrough(em, from.position, last)), `audit archive ${out}`);
      if (!code) console.log(`once every entry in it is past retention, remove them from the live table with: npm run audit:verify -- --purge-archived ${out}`);
      return code;
    }

    const purge = option(args, '--purge-archived');
    if (purge) {
      try {
        const origin = { requestId: randomUUID(), networkAddress: null, application: 'audit:verify', ...traceOf(undefined) };
        const { removed, anchor: head } = await purgeArchived(em, purge, config.auditRetentionYears, origin);
        console.log(`removed ${removed} archived entries; the removal is the chain's newest entry`);
        return told(await verifyChain(em, head, expectedHead), 'audit chain');
      } catch (err) {
        if (!(err instanceof PurgeRefused)) throw err;
        console.error(`nothing removed: ${err.message}`);
        return 1;
      }
    }

    const code = told(await verifyChain(em, anchor, expectedHead), 'audit chain');
    console.log(`retention ${config.auditRetentionYears} years: entries from ${(await retainedFrom(em, config.auditRetentionYears)).slice(0, 10)} on must stay; older ones may be archived (docs/privacy.md)`);
    return code;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(stopMessage(err));
    process.exit(2);
  },
);
