import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../common/context';
import { BadUserInputError } from '../../common/errors';
import { id } from '../../common/validate';
import { columnsOf, readSql } from '../../common/loaders';
import { CURSOR_KEYS, decodeCursor, encodeCursor, type Connection } from '../../common/pagination';
import { ASSIGNED_TODAY, NAMED_TODAY } from './care-responsibility';
import { Client } from './client.entity';
import type { ClientFilter } from './client-categories.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * Involvement (policy §1) as a SQL subquery, a row when the client in `clientIdColumn` is one the
 * organisation is involved with: the only way any list of clients (or of what hangs under them)
 * reaches the database, so a client the caller's organisation is not involved with is left out of
 * rows and counts alike.
 */
function involvement(clientIdColumn: string): string {
  return `select 1 from client_involvement ci where ci.client_id = ${clientIdColumn} and ci.organisation_id = ?`;
}
/**
 * The same as a condition, for every list of clients and for a list with no narrowing column of its
 * own (`involvedRows`): the organisation's clients read first, as an array, and the list's rows then
 * found by their client id through its index.
 *
 * Not `exists (…)`: as a semi-join PostgreSQL guesses how many distinct clients the view's six branches
 * hold (it cannot know, and takes 200 for every organisation), so its plan followed the guess rather than
 * the organisation. At 100k clients (bench/dataset.ts, with a signal, referral and grant history per
 * woman) Pro Persona, which knows three women, read all 20,004 referrals (Seq Scan) for its two, and
 * procesregie, which knows them all, probed client_pkey once per woman (405,173 buffers) for a page of
 * 100. As an array the set is counted, not guessed: the same database reads 37 and 5,590 buffers.
 */
const involvedSql = (clientIdColumn: string) => `${clientIdColumn} = any(array(select ci.client_id from client_involvement ci where ci.organisation_id = ?))`;
const INVOLVED = involvedSql('c.id');

/**
 * The same condition for a lookup of one row by its key (a client, a record under her): the view's
 * condition inside `is_involved`, whose plan each connection keeps, where the statement as text was
 * planned through the view's six branches on every request (migration 20261129160000). Not for
 * lists: called once per row, it costs more than reading the organisation's clients once.
 */
export function involvedOneSql(clientIdColumn: string): string {
  return `is_involved(?, ${clientIdColumn})`;
}

/** A page of the clients `organisationId` is involved with, ordered by code, and their total; `day` is today, for her case managers. */
export async function involvedClients(
  em: EntityManager,
  organisationId: string,
  filter: ClientFilter | undefined,
  first: number,
  after: string | null | undefined,
  day: string,
): Promise<Connection<Client>> {
  const { table, column } = columnsOf(em, Client);
  const conditions = [INVOLVED];
  const params: unknown[] = [organisationId];
  if (filter?.status?.length) {
    conditions.push(`c.${column('status')} in (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter?.teamId) {
    if (!isUuid(filter.teamId)) throw new BadUserInputError('filter.teamId', 'is not a team id');
    conditions.push(`c.${column('team')} = ?`);
    params.push(filter.teamId);
  }
  if (filter?.code) {
    conditions.push(`c.${column('code')} = ?`);
    params.push(filter.code);
  }
  if (filter?.caseManagerId != null) {
    if (!isUuid(filter.caseManagerId)) throw new BadUserInputError('filter.caseManagerId', 'is not a professional id');
    conditions.push(`exists (select 1 ${NAMED_TODAY} and a.client_id = c.id and a.professional_id = ?)`);
    params.push(day, day, filter.caseManagerId);
  }
  if (filter?.withoutCaseManager === true) {
    conditions.push(`exists (select 1 ${ASSIGNED_TODAY} and a.client_id = c.id and a.organisation_id = ?)`);
    conditions.push(`not exists (select 1 ${NAMED_TODAY} and a.client_id = c.id and a.organisation_id = ?)`);
    params.push(day, day, organisationId, day, day, organisationId);
  }
  const where = conditions.join(' and ');
  const order = `order by c.${column('code')} asc limit ?`;
  const cursor = decodeCursor(after, [CURSOR_KEYS.text]);
  let rows: (Client & { totalCount?: number })[];
  let totalCount: number;
  if (cursor) {
    [rows, [{ totalCount }]] = await Promise.all([
      readSql<Client>(em, Client, `select c.* from ${table} c where ${where} and c.${column('code')} > ? ${order}`, [...params, cursor[0], first + 1]),
      em.execute<{ totalCount: number }[]>(`select count(*)::int as "totalCount" from ${table} c where ${where}`, params),
    ]);
  } else {
    // The first page — what a dashboard asks for — counts the whole set in the same statement.
    rows = await readSql(em, Client, `select c.*, count(*) over () as "totalCount" from ${table} c where ${where} ${order}`, [...params, first + 1]);
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
  const [client] = await readSql(em, Client, `select c.* from ${columnsOf(em, Client).table} c where c.id = ? and ${involvedOneSql('c.id')}`, [id, organisationId]);
  return client ?? null;
}

/**
 * How a root list's `ids` argument describes itself: a dashboard asks for the free text of just the
 * rows whose category the client shares with the caller, after the list without it.
 */
export function onlyThese(rows: string, text: string, category: string): string {
  return `Only these ${rows}: to ask for the \`${text}\` of just those whose \`${category}\` the client shares with you (\`client.access\`), so a list leaves no denied reads in her audit trail.`;
}

/** What a root list asks `involvedRows` for. */
export interface RowsAsked {
  newest: string;
  atMost: number;
  status?: readonly string[];
  where?: { prop: string; equals: string };
  ids?: readonly string[] | null;
}

/**
 * What hangs under the clients `organisationId` is involved with (a table with `client_id`: the
 * handovers, referrals and signals), filtered by `where` and by status, newest first (by `newest`,
 * then id), at most `atMost` (`newestAtMost`).
 *
 * `where` names an indexed column that narrows the rows to the organisation's own (a handover's
 * sender or receiver): those few rows are then checked one by one, each by a probe of the view's
 * branches by client id. The semi-join would build the organisation's whole involvement set first
 * (5,550 rows for Leger des Heils at 10k, bench/RESULTS.md) to keep ten proposals of an inbox.
 * Without `where`, the involvement set is the narrower side: read once, as `involvedSql`'s array.
 * `ids` (as the caller sent them, each checked as an id) keeps only those rows, in the statement:
 * before the limit, so none asked for falls past it, and before `readable` audits the BASIC read
 * of each row it lets through.
 */
export function involvedRows<T extends object>(em: EntityManager, entity: EntityClass<T>, organisationId: string, opts: RowsAsked): Promise<T[]> {
  const { table, column } = columnsOf(em, entity);
  const conditions: string[] = [];
  // The organisation's `?` comes first in either shape: the probe precedes `where`, the array leads it.
  const params: unknown[] = [organisationId];
  let involved = '';
  if (opts.where) {
    involved = `cross join lateral (${involvement('e.client_id')} limit 1) involved`;
    conditions.push(`e.${column(opts.where.prop)} = ?`);
    params.push(opts.where.equals);
  } else {
    conditions.push(involvedSql('e.client_id'));
  }
  if (opts.status?.length) {
    conditions.push(`e.${column('status')} in (${opts.status.map(() => '?').join(', ')})`);
    params.push(...opts.status);
  }
  if (opts.ids) {
    const ids = opts.ids.map((value, i) => id(`ids[${i}]`, value));
    conditions.push('e.id = any(?::uuid[])');
    params.push(`{${ids.join(',')}}`);
  }
  return readSql(
    em,
    entity,
    `select e.* from ${table} e ${involved} where ${conditions.join(' and ')} order by e.${column(opts.newest)} desc, e.id asc limit ?`,
    [...params, opts.atMost],
  );
}

/**
 * `involvedRows` as a root list answers them: each row's client's BASIC data decided and audited as
 * `field`. A row asked for by id that did not come back is a lookup, as `client(id)` is one: under
 * a client the organisation does not know, a denied access in her trail (policy §7); an id no row
 * has, of nobody. One its status or direction filter left out, of a client it knows, was not looked for.
 */
export async function readableRows<T extends { id: string; client: { id: string } }>(ctx: Context, entity: EntityClass<T>, field: string, opts: RowsAsked): Promise<T[]> {
  const rows = await involvedRows(ctx.em, entity, ctx.actor.organisationId, opts);
  const answered = new Set(rows.map((r) => r.id));
  // involvedRows has checked each id; PostgreSQL answers them in lower case.
  const missing = [...new Set((opts.ids ?? []).map((value) => value.toLowerCase()))].filter((value) => !answered.has(value));
  if (missing.length > 0) {
    const { table } = columnsOf(ctx.em, entity);
    const asked = await ctx.em.execute<{ client_id: string | null; involved: boolean | null }[]>(
      `select e.client_id, is_involved(?, e.client_id) as involved from unnest(?::uuid[]) asked(id) left join ${table} e on e.id = asked.id`,
      [ctx.actor.organisationId, `{${missing.join(',')}}`],
    );
    for (const { client_id } of asked.filter((a) => a.client_id !== null && !a.involved)) ctx.audit.recordLookup(client_id, field);
    if (asked.some((a) => a.client_id === null)) ctx.audit.recordLookup(null, field);
  }
  return ctx.access.readable(rows, field);
}
