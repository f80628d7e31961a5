import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeCursor, type Connection } from '../../common/pagination';
import { AuditEvent } from './audit-event.entity';

/**
 * A page of the log's lines matching `where`, newest first by their place in the chain (which a
 * clock cannot reorder), after the line `cursor` names, and how many match in all. `where` is made
 * once for each of the two statements: a raw SQL fragment in a filter serves one query only.
 */
export async function pageOfLines(em: EntityManager, where: () => FilterQuery<AuditEvent>, size: number, cursor: [string] | null): Promise<Connection<AuditEvent>> {
  const [rows, totalCount] = await Promise.all([
    em.find(AuditEvent, cursor ? { $and: [where(), { chainPosition: { $lt: cursor[0] } }] } : where(), { orderBy: { chainPosition: 'desc' }, limit: size + 1 }),
    em.count(AuditEvent, where()),
  ]);
  const page = rows.slice(0, size);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor([node.chainPosition]), node })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? encodeCursor([page[page.length - 1].chainPosition]) : null },
    totalCount,
  };
}
