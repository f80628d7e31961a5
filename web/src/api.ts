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

/** What is known of a failed request: enough to tell people what happened (describe-error.ts). */
export interface Problem {
  /** No answer at all: the network, or the gateway, is out of reach, or the connection broke off. */
  network?: boolean;
  /** No answer within ANSWER_WITHIN_SECONDS. */
  timedOut?: boolean;
  /**
   * A write whose answer never came whole — none in time, a connection that broke off, a proxy's
   * page or a body cut short: the gateway may have made the change and only its answer got lost, so
   * it must not be called refused (and a key it went with is kept for the resend).
   */
  mayBeMade?: boolean;
  /** The HTTP status, when something answered. */
  status?: number;
  /** `extensions.code` of the gateway's error; absent when the answer was not the gateway's JSON. */
  code?: string;
  /** `extensions.reason` of a FORBIDDEN. */
  reason?: string;
  /** Seconds to wait before trying again (Retry-After, or `extensions.retryAfter`). */
  retryAfter?: number;
  /** The gateway's id of the request, which its logs carry. */
  requestId?: string;
  /** The gateway saved the change and lost only its answer (`extensions.changeSaved`). */
  changeSaved?: boolean;
  /** The input a BAD_USER_INPUT names as not accepted (`extensions.field`, e.g. `input.email`). */
  field?: string;
}

/** A request that produced no data at all. */
export class RequestError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code ?? (problem.network ? 'no answer' : problem.timedOut ? 'no answer in time' : `HTTP ${problem.status}`));
  }
}

/** The problem one of the gateway's errors names (also a refused field or mutation in an answer with data). */
export function problemOf(error: GraphQLErrorShape): Problem {
  const { code, reason, retryAfter, changeSaved, field } = error.extensions ?? {};
  return { code, reason, retryAfter: typeof retryAfter === 'number' ? retryAfter : undefined, changeSaved: changeSaved === true, field: typeof field === 'string' ? field : undefined };
}

/**
 * What went wrong, from whatever a request ended in: a RequestError (no data at all, as when a
 * non-null field is refused), an UnauthenticatedError, or an error of the gateway's answer.
 */
export function problemIn(error: unknown): Problem {
  if (error instanceof RequestError) return error.problem;
  if (error instanceof UnauthenticatedError) return { code: 'UNAUTHENTICATED' };
  if (error !== null && typeof error === 'object' && 'extensions' in error) return problemOf(error as GraphQLErrorShape);
  return {};
}

/** Retry-After in seconds: a number of seconds or an HTTP date. */
function secondsToWait(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

/**
 * How long the dashboard waits for an answer, body and all. A gateway in trouble still answers
 * well within it: its admission queue gives up after 10 s (ADMIT_WAIT_MS), a free connection after
 * 3 s (DB_CONNECT_TIMEOUT_MS) and each statement after 5 s (DB_STATEMENT_TIMEOUT_MS), each with a
 * 503. Past it something on the way holds the request, and without a bound the page would wait
 * for ever.
 */
export const ANSWER_WITHIN_SECONDS = 30;

/**
 * fetch and `read` of its answer, with "no answer at all" and "none in time" as a RequestError
 * like any other failure. `kind` says whether the request asks for a change.
 */
export async function send<T>(url: string, init: RequestInit, read: (response: Response) => Promise<T>, kind: 'read' | 'write' = 'read'): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  // setTimeout rather than AbortSignal.timeout: the tests move the page's clock past it.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ANSWER_WITHIN_SECONDS * 1000);
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: controller.signal });
    } catch {
      // The browser cannot tell a gateway out of reach from a connection that broke off after the
      // request went out: for a write, either may have been made.
      throw new RequestError({ ...(timedOut ? { timedOut } : { network: true }), mayBeMade: kind === 'write' });
    }
    try {
      return await read(response);
    } catch (err) {
      // Cut off while the body was still on its way: whatever `read` made of that is not what happened.
      throw timedOut ? new RequestError({ timedOut, mayBeMade: kind === 'write' }) : err;
    }
  } finally {
    clearTimeout(timer);
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
  // The operation, wherever the document puts it among its fragments.
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as { operation?: string } | undefined;
  const kind = operation?.operation === 'mutation' ? 'write' : 'read';
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-client-application': APPLICATION },
    body: JSON.stringify({ ...trusted(document as TypedDocumentNode<unknown, never>), variables }),
  };
  return send('/graphql', init, async (response) => {
    if (response.status === 401) throw new UnauthenticatedError('unauthenticated');
    const answer: Problem = {
      status: response.status,
      retryAfter: secondsToWait(response.headers.get('retry-after')),
      requestId: response.headers.get('x-request-id') ?? undefined,
    };
    let body: { data?: R | null; errors?: GraphQLErrorShape[] } | null;
    try {
      body = await response.json();
    } catch {
      // Not the gateway's JSON: a proxy's error page, or an answer cut short. A change may have been
      // made behind either, unless the proxy refused the request itself (4xx: too large, too many).
      const refusedOnTheWay = response.status >= 400 && response.status < 500;
      throw new RequestError({ ...answer, mayBeMade: kind === 'write' && !refusedOnTheWay });
    }
    const errors = body?.errors ?? [];
    if (!body?.data) {
      const named = errors[0] ? problemOf(errors[0]) : {};
      throw new RequestError({ ...answer, ...named, retryAfter: answer.retryAfter ?? named.retryAfter });
    }
    return { data: body.data, errors };
  }, kind);
}

/** Whether the value at `path` was withheld by the policy (null with a FORBIDDEN error). */
export function isForbiddenAt(errors: GraphQLErrorShape[], path: (string | number)[]): boolean {
  return errors.some(
    (e) => e.extensions?.code === 'FORBIDDEN' && e.path?.length === path.length && e.path.every((p, i) => p === path[i]),
  );
}

/** The input a refusal names as not accepted (BAD_USER_INPUT's `extensions.field`, e.g. `input.email`), to say next to it; else null. */
export function refusedInput(refusal: unknown): string | null {
  const problem = problemIn(refusal);
  return problem.code === 'BAD_USER_INPUT' && problem.field ? problem.field : null;
}
