import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { BadUserInputError } from './errors';

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

export function pageSize(first: number | undefined | null, fallback = 50): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw new BadUserInputError('first', `must be from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

/** Cursors are opaque to clients: base64url of the sort key, so the ordering can change without breaking them. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    // fall through: any malformed cursor is the caller's mistake
  }
  throw new BadUserInputError('after', 'is not a cursor this list handed out');
}
