/** Read the audit log the way a privacy officer would: straight from the table, in chain order. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TestGateway } from './gateway';

export interface AuditRow {
  chain_position: string;
  id: string;
  event_type: string;
  action: string;
  outcome: string;
  professional_id: string | null;
  responsible_professional_id: string | null;
  organisation_id: string | null;
  roles: string[];
  application: string | null;
  network_address: string | null;
  client_id: string | null;
  categories: string[];
  fields: string[];
  authorisation_checked: boolean;
  care_relationship_checked: boolean;
  consent_checked: boolean;
  break_glass_used: boolean;
  consent_id: string | null;
  grant_id: string | null;
  reason: string | null;
  operation_name: string | null;
  request_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
  prev_hash: string;
  hash: string;
}

export function em(gw: TestGateway): EntityManager {
  return gw.orm.em.fork() as EntityManager;
}

export async function headPosition(gw: TestGateway): Promise<string> {
  const [row] = await em(gw).getConnection().execute<{ head: string }[]>('select coalesce(max(chain_position), 0)::text as head from audit_event');
  return row.head;
}

/** The entries written while `fn` ran (the gateway's requests, not the test's own reads). */
export async function entriesDuring<T>(gw: TestGateway, fn: () => Promise<T>): Promise<{ result: T; entries: AuditRow[] }> {
  const before = await headPosition(gw);
  const result = await fn();
  const entries = await em(gw)
    .getConnection()
    .execute<AuditRow[]>('select * from audit_event where chain_position > ? order by chain_position', [before]);
  return { result, entries };
}

/** Run SQL as the database's superuser would, outside the gateway. */
export async function sql<T = unknown[]>(gw: TestGateway, text: string, params: unknown[] = []): Promise<T> {
  return em(gw).getConnection().execute(text, params) as Promise<T>;
}
