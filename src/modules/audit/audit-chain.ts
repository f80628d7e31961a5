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

interface Row {
  chain_position: string;
  id: string;
  prev_hash: string;
  hash: string;
  canonical: (string | null)[];
}

/**
 * Walks the chain from `anchor` (default: its beginning) in batches and stops at the first entry
 * that was altered, removed or inserted out of turn.
 */
export async function verifyChain(em: EntityManager, anchor: ChainAnchor = { position: '0', hash: GENESIS }, batch = 5000): Promise<ChainReport> {
  const conn = em.getConnection();
  let expected = anchor;
  let checked = 0;
  for (;;) {
    const rows = await conn.execute<Row[]>(
      `select chain_position::text as chain_position, id::text as id, prev_hash, hash, array[${CANONICAL_COLUMNS.join(', ')}] as canonical
         from audit_event where chain_position > ? order by audit_event.chain_position limit ?`,
      [expected.position, batch],
    );
    for (const row of rows) {
      const position = row.chain_position;
      const broken = (problem: string): ChainReport => ({ checked, head: expected, broken: { position, id: row.id, problem } });
      if (BigInt(position) !== BigInt(expected.position) + 1n) {
        return { checked, head: expected, broken: { position: String(BigInt(expected.position) + 1n), id: null, problem: `missing: the chain jumps from entry ${expected.position} to ${position}` } };
      }
      if (row.prev_hash !== expected.hash) return broken(`its prev_hash does not match the hash of entry ${expected.position}`);
      if (entryHash(row.prev_hash, row.canonical) !== row.hash) return broken('its content does not match its hash (it was altered)');
      expected = { position, hash: row.hash };
      checked += 1;
    }
    if (rows.length < batch) return { checked, head: expected, broken: null };
  }
}
