import 'reflect-metadata';
/**
 * `npm run audit:verify [-- --anchor <position>:<hash>]` — recompute the audit log's hash chain in
 * DATABASE_URL (or the embedded database) and name the first broken entry; exit code 1 when the
 * chain is broken. After entries were archived and purged, start from the archive's last entry.
 */
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/database';
import { verifyChain, type ChainAnchor } from './audit-chain';

function anchorOf(args: string[]): ChainAnchor | undefined {
  const i = args.indexOf('--anchor');
  if (i < 0) return undefined;
  const m = /^(\d+):([\da-f]{64})$/.exec(args[i + 1] ?? '');
  if (!m) throw new Error('--anchor takes <position>:<64 hex characters>, as an archive\'s head line gives it');
  return { position: m[1], hash: m[2] };
}

async function main(args: string[]): Promise<number> {
  const anchor = anchorOf(args);
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const report = await verifyChain(db.orm.em.fork(), anchor);
    if (report.broken) {
      const { position, id, problem } = report.broken;
      console.error(`audit chain BROKEN at entry ${position}${id ? ` (id ${id})` : ''}: ${problem}; ${report.checked} entries before it are intact`);
      return 1;
    }
    console.log(`audit chain intact: ${report.checked} entries checked; head ${report.head.position}:${report.head.hash}`);
    const keptFrom = new Date();
    keptFrom.setUTCFullYear(keptFrom.getUTCFullYear() - config.auditRetentionYears);
    console.log(`retention ${config.auditRetentionYears} years: entries from ${keptFrom.toISOString().slice(0, 10)} on must stay; older ones may be archived (docs/privacy.md)`);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
