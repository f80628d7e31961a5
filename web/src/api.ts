/**
 * The dashboard's only way to the gateway: GraphQL over POST /graphql with the typed documents
 * codegen makes from operations/. Each goes by its trusted-document id (`documentId`, the
 * GraphQL-over-HTTP way production requires of partner roles) together with the manifest's exact
 * text as `query`, for a gateway that does not resolve ids; where it does, the id wins.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import trustedDocuments from '../../src/generated/operations/persisted-documents.json';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; [key: string]: unknown };
}

export interface Result<R> {
  data: R | null;
  errors: GraphQLErrorShape[];
}

/** The gateway refused the token (HTTP 401): the session is over. */
export class UnauthenticatedError extends Error {}

/** A request that produced no data at all. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

const TRUSTED = trustedDocuments as Record<string, string>;

/** Names the dashboard in the audit trail's access point (NEN 7513: which application). */
const APPLICATION = 'ketenpoort-dashboard';

function trusted(document: TypedDocumentNode<unknown, never>): { documentId: string; query: string } {
  const documentId = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  const query = documentId ? TRUSTED[documentId] : undefined;
  // Only a document from operations/ has a manifest entry; anything else is a bug in the dashboard.
  if (!documentId || !query) throw new Error('not a trusted document: add it to operations/ and run npm run codegen');
  return { documentId, query };
}

export async function execute<R, V>(token: string, document: TypedDocumentNode<R, V>, variables: V): Promise<Result<R>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-client-application': APPLICATION },
    body: JSON.stringify({ ...trusted(document as TypedDocumentNode<unknown, never>), variables }),
  });
  if (response.status === 401) throw new UnauthenticatedError('unauthenticated');
  let body: { data?: R | null; errors?: GraphQLErrorShape[] };
  try {
    body = await response.json();
  } catch {
    throw new RequestError(`HTTP ${response.status}`);
  }
  const errors = body.errors ?? [];
  if (!body.data) {
    const first = errors[0];
    throw new RequestError(first?.message ?? `HTTP ${response.status}`, first?.extensions?.code, first?.extensions?.reason);
  }
  return { data: body.data, errors };
}

/** The error of a mutation that answered with data but refused (the field is null). */
export function firstError(result: Result<unknown>): GraphQLErrorShape | undefined {
  return result.errors[0];
}

/** Whether the value at `path` was withheld by the policy (null with a FORBIDDEN error). */
export function isForbiddenAt(errors: GraphQLErrorShape[], path: (string | number)[]): boolean {
  return errors.some(
    (e) => e.extensions?.code === 'FORBIDDEN' && e.path?.length === path.length && e.path.every((p, i) => p === path[i]),
  );
}
