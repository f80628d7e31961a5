/**
 * The audit log's hash chain, recomputed independently of the database trigger that builds it
 * (migration …_audit_append_only): each entry's hash is sha256(prev_hash || canonical entry), where
 * the canonical entry is every column as PostgreSQL renders it as text, each written as
 * `<octets>:<text>` (or `-` for null) and joined by `|`, the moment as microseconds since the epoch.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

export const GENESIS = '0'.repeat(64);

/** The columns in chain order, as the trigger's `audit_event_canonical` lists them. */
const CANONICAL_COLUMNS = [
  'chain_position::text',
  'id::text',
  '((extract(epoch from occurred_at) * 1000000)::bigint)::text',
  'event_type',
  'action',
  'outcome',
  'professional_id::text',
  'responsible_professional_id::text',
  'organisation_id::text',
  'roles::text',
  'application',
  'network_address',
  'client_id::text',
  'categories::text',
  'fields::text',
  'authorisation_checked::text',
  'care_relationship_checked::text',
  'consent_checked::text',
  'break_glass_used::text',
  'consent_id::text',
  'grant_id::text',
  'reason',
  'operation_name',
  'request_id',
  'trace_id',
  'span_id',
  'parent_span_id',
];

export function canonical(values: (string | null)[]): string {
  return values.map((v) => (v === null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`)).join('|');
}

export function entryHash(prevHash: string, values: (string | null)[]): string {
  return createHash('sha256').update(prevHash + canonical(values), 'utf8').digest('hex');
}

/** Where verification starts: the chain's beginning, or the last entry of an archived stretch. */
export interface ChainAnchor {
  position: string;
  hash: string;
}

export interface ChainReport {
  checked: number;
  /** The last entry checked: the anchor the next archive or verification starts from. */
  head: ChainAnchor;
  /** The first entry that does not fit the chain, and why. */
  broken: { position: string; id: string | null; problem: string } | null;
}

/** One entry as the chain sees it: its place, its links and its canonical column values. */
export interface ChainEntry {
  position: string;
  id: string;
  prevHash: string;
  hash: string;
  /** Every column as PostgreSQL renders it as text, in CANONICAL_COLUMNS order. */
  canonical: (string | null)[];
}

/** The entries in the database after `position`, in chain order, read in batches. */
export async function* databaseEntries(em: EntityManager, after: string, batch = 5000): AsyncGenerator<ChainEntry> {
  const conn = em.getConnection();
  let last = after;
  for (;;) {
    const rows = await conn.execute<{ position: string; id: string; prev_hash: string; hash: string; canonical: (string | null)[] }[]>(
      `select chain_position::text as position, id::text as id, prev_hash, hash, array[${CANONICAL_COLUMNS.join(', ')}] as canonical
         from audit_event where chain_position > ? order by audit_event.chain_position limit ?`,
      [last, batch],
    );
    for (const r of rows) yield { position: r.position, id: r.id, prevHash: r.prev_hash, hash: r.hash, canonical: r.canonical };
    if (rows.length < batch) return;
    last = rows[rows.length - 1].position;
  }
}

/** The entries in the database after `after`, up to and including `through`. */
export async function* entriesThrough(em: EntityManager, after: string, through: string): AsyncGenerator<ChainEntry> {
  for await (const e of databaseEntries(em, after)) {
    if (BigInt(e.position) > BigInt(through)) return;
    yield e;
  }
}

/**
 * Walks entries from `anchor` (default: the chain's beginning) and stops at the first one that was
 * altered, removed or inserted out of turn. The chain alone cannot show that its newest entries were
 * removed, or that every entry from one on was rewritten with hashes recomputed: what is left holds
 * together. `expectedHead`, a head an earlier run reported and the operator kept outside the database,
 * shows both: the chain must still hold that entry with that hash, and reach at least that far.
 */
export async function checkChain(entries: AsyncIterable<ChainEntry>, anchor: ChainAnchor = { position: '0', hash: GENESIS }, expectedHead?: ChainAnchor): Promise<ChainReport> {
  // Positions are numbers, whatever their text: 0042 would otherwise never meet entry 42, and a rewrite would pass.
  const samePosition = (a: string, b: string) => BigInt(a) === BigInt(b);
  const isAnchor = expectedHead !== undefined && samePosition(expectedHead.position, anchor.position) && expectedHead.hash === anchor.hash;
  if (expectedHead && BigInt(expectedHead.position) <= BigInt(anchor.position) && !isAnchor) {
    throw new Error(`the expected head, entry ${expectedHead.position}, is not after the anchor, entry ${anchor.position}: the live chain no longer holds it; expect a head reported since`);
  }
  let last = anchor;
  let checked = 0;
  for await (const e of entries) {
    const broken = (problem: string): ChainReport => ({ checked, head: last, broken: { position: e.position, id: e.id, problem } });
    if (BigInt(e.position) !== BigInt(last.position) + 1n) {
      return { checked, head: last, broken: { position: String(BigInt(last.position) + 1n), id: null, problem: `missing: the chain jumps from entry ${last.position} to ${e.position}` } };
    }
    if (e.prevHash !== last.hash) return broken(`its prev_hash does not match the hash of entry ${last.position}`);
    if (entryHash(e.prevHash, e.canonical) !== e.hash) return broken('its content does not match its hash (it was altered)');
    if (expectedHead && samePosition(e.position, expectedHead.position) && e.hash !== expectedHead.hash) {
      // It holds together up to here, yet is not what was verified before: no entry before it can be trusted either.
      return { checked: 0, head: anchor, broken: { position: e.position, id: e.id, problem: `its hash is not the expected head's, ${expectedHead.hash}: the chain was rewritten from this entry or one before it` } };
    }
    last = { position: e.position, hash: e.hash };
    checked += 1;
  }
  if (expectedHead && BigInt(expectedHead.position) > BigInt(last.position)) {
    return {
      checked,
      head: last,
      broken: { position: String(BigInt(last.position) + 1n), id: null, problem: `missing: the chain ends at entry ${last.position}, the expected head is entry ${expectedHead.position} (its newest entries were removed)` },
    };
  }
  return { checked, head: last, broken: null };
}

/** The chain in the database, from `anchor` (after archived entries were removed: the archive's head). */
export function verifyChain(em: EntityManager, anchor?: ChainAnchor, expected?: ChainAnchor, batch = 5000): Promise<ChainReport> {
  return checkChain(databaseEntries(em, anchor?.position ?? '0', batch), anchor, expected);
}
