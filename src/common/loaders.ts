import { ReferenceKind, type EntityClass, type LoggingOptions, type EntityData, type EntityMetadata } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

type Row = { id?: unknown } & object;

/**
 * The parent a field resolver receives: a plain row from the loaders or an entity a mutation
 * returned. Declared as `@Root() x: Plain<T>` rather than `x: T` because with a class type
 * type-graphql copies every plain parent into a new instance of the entity — and constructing a
 * MikroORM entity runs its property setters, for every field of every row.
 */
export type Plain<T> = Readonly<T>;

function idOf(ref: unknown): string {
  return typeof ref === 'object' && ref !== null ? String((ref as { id: unknown }).id) : String(ref);
}

const computedFields = new Map<EntityClass<object>, object | null>();

/**
 * The entity's own getters (a computed GraphQL field such as `hoursPerWeek`) on a prototype of
 * their own, so a plain row answers them as the entity would; null when the entity has none.
 * MikroORM's own accessors (`__helper` and the like) stay behind: a row is not managed.
 */
function computedFieldsOf(entity: EntityClass<object>): object | null {
  if (!computedFields.has(entity)) {
    const getters = Object.entries(Object.getOwnPropertyDescriptors(entity.prototype)).filter(([name, d]) => d.get && !name.startsWith('__'));
    computedFields.set(entity, getters.length ? Object.create(Object.prototype, Object.fromEntries(getters)) : null);
  }
  return computedFields.get(entity)!;
}

/**
 * Rows of `meta`'s table as plain objects shaped like its entity: columns mapped to properties by
 * MikroORM's own result mapper (dates as dates), a to-one reference as `{ id }` (exactly what an
 * unpopulated reference holds), the entity's computed fields answering as they would on the
 * entity. Not managed: for reads only, where MikroORM's hydration and identity map would cost
 * several times the SQL (bench/RESULTS.md). Writes load their entities through the EntityManager.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function plainRows<T extends object>(meta: EntityMetadata<any>, mapped: Record<string, unknown>[]): T[] {
  const references = meta.props.filter((p) => p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner));
  const computed = computedFieldsOf(meta.class as EntityClass<object>);
  return mapped.map((row) => {
    for (const p of references) if (row[p.name] != null) row[p.name] = { id: row[p.name] };
    return (computed ? Object.assign(Object.create(computed), row) : row) as T;
  });
}

/** Rows as PostgreSQL answered them, mapped to `entity`'s properties by MikroORM's own result mapper, as plain objects (see `plainRows`). */
function mapRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: EntityData<object>[]): T[] {
  const meta = em.getMetadata().get(entity.name);
  const driver = em.getDriver();
  return plainRows(meta, rows.map((row) => driver.mapResult(row, meta) as Record<string, unknown>));
}

/** The quoted column of `meta`'s property `prop`: a statement written by hand names its columns through it, so a renamed property fails loudly. */
function quotedColumn(meta: EntityMetadata, prop: string): string {
  const p = meta.properties[prop];
  if (!p?.fieldNames?.length) throw new Error(`${meta.className}.${prop} is not a column`);
  return `"${p.fieldNames[0]}"`;
}

/** The quoted columns of `entity`'s properties, and its table, for a statement written by hand. */
export function columnsOf(em: EntityManager, entity: EntityClass<object>): { table: string; column(prop: string): string } {
  const meta = em.getMetadata().get(entity.name);
  return { table: `"${meta.tableName}"`, column: (prop) => quotedColumn(meta, prop) };
}

/**
 * Rows of `entity`'s table read by a statement of your own (`select <alias>.* …`), as plain objects
 * (see `plainRows`). For the lists a request starts from — a page of clients, the handover inbox,
 * one client by id — where MikroORM's query builder spent ~0.8 ms of Node building the statement,
 * more than reading its fifty rows took (bench/RESULTS.md).
 */
export async function readSql<T extends object>(em: EntityManager, entity: EntityClass<T>, text: string, params: unknown[]): Promise<T[]> {
  return mapRows(em, entity, await em.execute<EntityData<object>[]>(text, params));
}

const keyedStatements = new Map<string, string>();

/**
 * `select * from <table> where <key> = any(?::uuid[]) [and <since> >= ?] order by …`, written once
 * per entity, key, lower bound and order: a page's loaders send the same few statements every time,
 * so building each one anew through the query builder (most of a statement's cost in Node) buys
 * nothing.
 */
function keyedStatement(meta: EntityMetadata, key: string, orderBy: Record<string, 'asc' | 'desc'> = {}, since?: string): string {
  const id = `${meta.className}|${key}|${JSON.stringify(orderBy)}|${since ?? ''}`;
  let sql = keyedStatements.get(id);
  if (!sql) {
    const column = (prop: string) => quotedColumn(meta, prop);
    const order = Object.entries(orderBy).map(([prop, dir]) => `${column(prop)} ${dir === 'desc' ? 'desc' : 'asc'}`);
    sql = `select * from "${meta.tableName}" where ${column(key)} = any(?::uuid[])${since ? ` and ${column(since)} >= ?` : ''}${order.length ? ` order by ${order.join(', ')}` : ''}`;
    keyedStatements.set(id, sql);
  }
  return sql;
}

/** A lower bound on a column: only rows whose `prop` is `value` or later (the last 90 days of activity). */
interface Since {
  prop: string;
  value: string;
}

interface Pending {
  statement: string;
  resolve(rows: Record<string, unknown>[]): void;
  reject(err: unknown): void;
}

/**
 * The read statements a request's resolvers ask for while graphql-js walks one level of a page
 * (trajectories, consents, handovers, case managers, policy facts, …), sent to PostgreSQL in one
 * round trip as one multi-statement query. Each round trip is a write to the socket and a wake-up
 * of a backend; on this machine that cost more than the statements themselves (bench/RESULTS.md).
 * Flushed on `setImmediate`, after every loader that dataloader dispatches from the same turn of
 * the event loop. Reads only: a statement in a batch must not change anything, because a failing
 * one fails the whole batch.
 */
class StatementBatch {
  private pending: Pending[] = [];

  constructor(private readonly em: EntityManager) {}

  send(text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const statement = this.em.getPlatform().formatQuery(text, params);
    return new Promise((resolve, reject) => {
      if (this.pending.push({ statement, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      // Counted as the statements it holds, not as one (request-scope.ts).
      const context = Object.assign({}, this.em.getLoggerContext(), { statements: batch.length });
      const result = await this.em.execute(batch.map((b) => b.statement).join(';\n'), [], 'all', context as LoggingOptions);
      const rowsOf = batch.length === 1 ? [result] : (result as unknown as Record<string, unknown>[][]);
      batch.forEach((b, i) => b.resolve(rowsOf[i]));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}

/**
 * The dataloaders of one request, made on first use. They live in the request's context and die
 * with it: a loader cache shared across callers would be a data leak, not an optimisation.
 * What they load is read, never changed: they answer plain rows (`plainRows`), not entities.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();
  private readonly batch: StatementBatch;

  constructor(private readonly em: EntityManager) {
    this.batch = new StatementBatch(em);
  }

  private get<V>(key: string, make: () => DataLoader<string, V>): DataLoader<string, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = make() as DataLoader<string, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<string, V>;
  }

  /** A hand-written read, sent with the others of its turn (`StatementBatch`), counted to the request. */
  sql<T extends object>(text: string, params: unknown[]): Promise<T[]> {
    return this.batch.send(text, params) as Promise<T[]>;
  }

  /** Rows of `entity`'s table, read by a statement of your own, as plain objects (see `plainRows`). */
  mapped<T extends object>(entity: EntityClass<T>, rows: EntityData<object>[]): T[] {
    return mapRows(this.em, entity, rows);
  }

  /** Rows of `entity` whose uuid `key` is one of `ids` (and `since.prop` at least `since.value`), as plain objects (see `plainRows`). */
  private async keyed<T extends object>(entity: EntityClass<T>, key: string, ids: readonly string[], orderBy?: Record<string, 'asc' | 'desc'>, since?: Since): Promise<T[]> {
    const statement = keyedStatement(this.em.getMetadata().get(entity.name), key, orderBy, since?.prop);
    return this.mapped(entity, await this.sql<EntityData<object>>(statement, [`{${ids.join(',')}}`, ...(since ? [since.value] : [])]));
  }

  /** One row by primary key (or by `key`, a unique to-one column) — undefined when absent. */
  one<T extends Row>(entity: EntityClass<T>, key = 'id'): DataLoader<string, T | undefined> {
    return this.get(`one:${entity.name}:${key}`, () =>
      new DataLoader<string, T | undefined>(async (ids) => {
        const rows = await this.keyed(entity, key, ids);
        const byKey = new Map(rows.map((r) => [idOf((r as Record<string, unknown>)[key]), r]));
        return ids.map((id) => byKey.get(id));
      }),
    );
  }

  /** All rows whose `key` points at each id, e.g. the trajectories of each client on a page. */
  many<T extends Row>(
    name: string,
    entity: EntityClass<T>,
    key: string,
    opts: { since?: Since; orderBy?: Record<string, 'asc' | 'desc'> } = {},
  ): DataLoader<string, T[]> {
    return this.get(`many:${name}`, () =>
      new DataLoader<string, T[]>(async (ids) => {
        const rows = await this.keyed(entity, key, ids, opts.orderBy, opts.since);
        const grouped = new Map<string, T[]>(ids.map((id) => [id, []]));
        for (const r of rows) grouped.get(idOf((r as Record<string, unknown>)[key]))?.push(r);
        return ids.map((id) => grouped.get(id)!);
      }),
    );
  }

  /** A loader of your own making, kept for the rest of the request under `name`. */
  custom<V>(name: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    return this.get(`custom:${name}`, () => new DataLoader<string, V>(batch));
  }
}

/** What `loadMany` found, in order: absent ones left out, a failed batch thrown rather than hidden. */
export function found<T>(results: readonly (T | undefined | Error)[]): T[] {
  const error = results.find((r): r is Error => r instanceof Error);
  if (error) throw error;
  return results.filter((r): r is T => r !== undefined);
}
