import { raw, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../common/errors';
import { readRows } from '../../common/loaders';
import { decodeCursor, encodeCursor, type Connection } from '../../common/pagination';
import { Client } from './client.entity';
import type { ClientFilter } from './client-categories.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * Involvement (policy §1) as a SQL condition on the column that holds a client id: the only way
 * any list of clients (or of what hangs under them) reaches the database, so a client the
 * caller's organisation is not involved with is left out of rows and counts alike.
 */
export function involvedSql(clientIdColumn: string): string {
  return `exists (select 1 from client_involvement ci where ci.client_id = ${clientIdColumn} and ci.organisation_id = ?)`;
}
const INVOLVED = involvedSql('c.id');

/**
 * The same condition for a lookup of one row by its key (a client, a record under her): the view's
 * condition inside `is_involved`, whose plan each connection keeps, where the statement as text was
 * planned through the view's six branches on every request (migration 20261129160000). Not for
 * lists: called once per row, it costs more than the view's semi-join.
 */
export function involvedOneSql(clientIdColumn: string): string {
  return `is_involved(?, ${clientIdColumn})`;
}

/** A page of the clients `organisationId` is involved with, ordered by code, and their total. */
export async function involvedClients(
  em: EntityManager,
  organisationId: string,
  filter: ClientFilter | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Connection<Client>> {
  const base = () => {
    const qb = em.createQueryBuilder(Client, 'c').where(INVOLVED, [organisationId]);
    if (filter?.status?.length) qb.andWhere({ status: { $in: filter.status } });
    if (filter?.teamId) {
      if (!isUuid(filter.teamId)) throw new BadUserInputError('filter.teamId', 'is not a team id');
      qb.andWhere({ team: filter.teamId });
    }
    if (filter?.code) qb.andWhere({ code: filter.code });
    return qb;
  };
  const cursor = decodeCursor(after, 1);
  const page = base().orderBy({ code: 'asc' }).limit(first + 1);
  let rows: (Client & { totalCount?: number })[];
  let totalCount: number;
  if (cursor) {
    page.select('*').andWhere({ code: { $gt: String(cursor[0]) } });
    [rows, totalCount] = await Promise.all([readRows(page), base().getCount()]);
  } else {
    // The first page — what a dashboard asks for — counts the whole set in the same statement.
    rows = await readRows(page.select(['*', raw('count(*) over () as "totalCount"')]));
    totalCount = Number(rows[0]?.totalCount ?? 0);
  }
  rows.forEach((row) => delete row.totalCount);
  const nodes = rows.slice(0, first);
  return {
    edges: nodes.map((node) => ({ cursor: encodeCursor([node.code]), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.length ? encodeCursor([nodes[nodes.length - 1].code]) : null },
    totalCount,
  };
}

/** One client, or null when she does not exist *or* the organisation is not involved: the same answer. */
export async function involvedClient(em: EntityManager, organisationId: string, id: string): Promise<Client | null> {
  if (!isUuid(id)) return null;
  const [client] = await readRows(em.createQueryBuilder(Client, 'c').select('*').where({ id }).andWhere(involvedOneSql('c.id'), [organisationId]));
  return client ?? null;
}
