import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

type Row = { id?: unknown } & object;

function idOf(ref: unknown): string {
  return typeof ref === 'object' && ref !== null ? String((ref as { id: unknown }).id) : String(ref);
}

/**
 * The dataloaders of one request, made on first use. They live in the request's context and die
 * with it: a loader cache shared across callers would be a data leak, not an optimisation.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly em: EntityManager) {}

  private get<V>(key: string, make: () => DataLoader<string, V>): DataLoader<string, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = make() as DataLoader<string, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<string, V>;
  }

  /** One entity by primary key (or by `key`, a unique to-one column) — undefined when absent. */
  one<T extends Row>(entity: EntityClass<T>, key = 'id', populate: string[] = []): DataLoader<string, T | undefined> {
    return this.get(`one:${entity.name}:${key}:${populate.join(',')}`, () =>
      new DataLoader<string, T | undefined>(async (ids) => {
        const rows = await this.em.find(entity, { [key]: { $in: [...ids] } } as FilterQuery<T>, { populate: populate as never[] });
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
    opts: { where?: FilterQuery<T>; orderBy?: QueryOrderMap<T>; populate?: string[] } = {},
  ): DataLoader<string, T[]> {
    return this.get(`many:${name}`, () =>
      new DataLoader<string, T[]>(async (ids) => {
        const where = { $and: [{ [key]: { $in: [...ids] } }, opts.where ?? {}] } as FilterQuery<T>;
        const rows = await this.em.find(entity, where, { orderBy: opts.orderBy, populate: (opts.populate ?? []) as never[] });
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
