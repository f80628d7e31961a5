import { Arg, ClassType, Extensions, Field, Int, ObjectType, Query } from 'type-graphql';
import { BadUserInputError } from './errors';
import { isStorableText } from './validate';

@ObjectType({ description: 'Where a page of a list stands in the whole list.' })
export class PageInfo {
  @Field({ description: 'Whether a page follows this one.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor to pass as `after` for the next page.' })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for `T` (one class per node type, named `<T>Connection`). */
export function ConnectionType<T extends object>(node: ClassType<T>, description: string) {
  @ObjectType(`${node.name}Edge`)
  class EdgeType {
    @Field({ description: 'Opaque position of this node in the list.' })
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${node.name}Connection`, { description })
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many nodes the whole list holds (that you may know of).' })
    totalCount: number;
  }
  return ConnectionClass;
}

export const MAX_PAGE_SIZE = 100;

/**
 * A root list that is not paged (handovers, referrals, signals, the break-glass review) gives the
 * newest this many, or fewer when asked (`first`): its readers work on what is recent, and a
 * request's cost and answer stay bounded however long the chain's history grows. Their descriptions
 * say so, and the status filters narrow them.
 */
export const NEWEST_AT_MOST = 500;

/** How many items a list field may answer at most, where it is bounded: the cost limit prices it so (server/limits.ts). */
export interface ListBound {
  maxItems: number;
}

/**
 * A root list of the newest NEWEST_AT_MOST: its description says so, and its bound travels with the
 * field, so the cost limit prices what sits under it by the `first` asked, else 500 times over — not
 * as a list of unknown size.
 */
export function NewestFirstQuery(returns: Parameters<typeof Query>[0], what: string): MethodDecorator {
  const query = Query(returns, { description: `${what}; newest first, at most ${NEWEST_AT_MOST} (fewer with \`first\`).` });
  const bound = Extensions({ maxItems: NEWEST_AT_MOST } satisfies ListBound);
  return (target, key, descriptor) => {
    query(target, key, descriptor);
    bound(target, key, descriptor);
  };
}

/** A NewestFirstQuery's `first`: how many of the newest to answer. */
export const NewestFirstArg = () => Arg('first', () => Int, { nullable: true, description: `How many of the newest (1 to ${NEWEST_AT_MOST}; ${NEWEST_AT_MOST} if not given).` });

export function pageSize(first: number | undefined | null, fallback = 50, max = MAX_PAGE_SIZE): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new BadUserInputError('first', `must be from 1 to ${max}`);
  return n;
}

/** How many rows a NewestFirstQuery answers, for the `first` asked. */
export const newestAtMost = (first: number | undefined | null) => pageSize(first, NEWEST_AT_MOST, NEWEST_AT_MOST);

/** Cursors are opaque to clients: base64url of the sort key, so the ordering can change without breaking them. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** One part of a list's sort key as its cursors hold it: anything else was not handed out by the list. */
export type CursorKey<T> = (part: unknown) => part is T;

const MAX_BIGINT = 2n ** 63n - 1n;

/** The parts sort keys are made of; each list names its own, so a forged cursor is refused before it reaches SQL. */
export const CURSOR_KEYS = {
  /** Text the database can compare (a client's code). */
  text(part: unknown): part is string {
    return typeof part === 'string' && isStorableText(part);
  },
  /** A `bigint` column's value as its digits (an audit line's place in the chain). */
  bigint(part: unknown): part is string {
    return typeof part === 'string' && /^\d{1,19}$/.test(part) && BigInt(part) <= MAX_BIGINT;
  },
};

export function decodeCursor<T extends unknown[]>(cursor: string | null | undefined, keys: { [I in keyof T]: CursorKey<T[I]> }): T | null {
  if (!cursor) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not even JSON: refused below, as the caller's mistake
  }
  if (Array.isArray(parts) && parts.length === keys.length && keys.every((isKey, i) => isKey(parts[i]))) return parts as T;
  throw new BadUserInputError('after', 'is not a cursor this list handed out');
}
