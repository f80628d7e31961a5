/**
 * An archive of the audit log: the entries of one stretch of the chain in a JSON-lines file, with
 * its boundary hashes in the first line, so it can be verified on its own and the live chain can
 * be verified from where it ends (docs/privacy.md, retention and archiving).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { checkChain, type ChainAnchor, type ChainEntry, type ChainReport } from './audit-chain';

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

/** Writes `entries` (already in chain order, from `anchor`) to `file`, checking the chain as it goes. */
export async function writeArchive(file: string, anchor: ChainAnchor, before: Date, entries: AsyncIterable<ChainEntry>): Promise<ChainReport> {
  const lines: string[] = [];
  async function* recorded() {
    for await (const e of entries) {
      lines.push(JSON.stringify(e));
      yield e;
    }
  }
  const report = await checkChain(recorded(), anchor);
  if (report.broken) return report;
  const header: ArchiveHeader = { format: FORMAT, anchor, head: report.head, entries: report.checked, before: before.toISOString() };
  fs.writeFileSync(file, [JSON.stringify(header), ...lines].join('\n') + '\n', { flag: 'wx' });
  return report;
}

/** Recomputes an archive's chain from its own anchor and checks it ends where its header says. */
export async function verifyArchive(file: string): Promise<{ header: ArchiveHeader; report: ChainReport }> {
  const input = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const lines = input[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = JSON.parse(first.done ? '{}' : first.value) as ArchiveHeader;
  if (header.format !== FORMAT) throw new Error(`${file} is not an audit archive (${FORMAT})`);
  async function* entries() {
    for await (const line of { [Symbol.asyncIterator]: () => lines }) if (line.trim()) yield JSON.parse(line) as ChainEntry;
  }
  const report = await checkChain(entries(), header.anchor);
  if (!report.broken && (report.head.position !== header.head.position || report.head.hash !== header.head.hash || report.checked !== header.entries)) {
    return { header, report: { ...report, broken: { position: report.head.position, id: null, problem: `the archive ends at entry ${report.head.position}, its header says ${header.head.position}` } } };
  }
  return { header, report };
}
