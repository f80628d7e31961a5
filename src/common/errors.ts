import { GraphQLError } from 'graphql';
import type { DenyReason } from '../policy/tables';

/** The stable codes of the API contract; anything else reaching a client is masked. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_FOUND',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

abstract class KetenpoortError extends GraphQLError {
  constructor(message: string, code: ErrorCode, httpStatus: number | undefined, extra: Record<string, unknown> = {}, headers?: Map<string, string>) {
    super(message, { extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus, ...(headers ? { headers } : {}) } } : {}) } });
  }
}

/** Why a token was refused, for the audit log only (NEN 7513): the caller is told no more than UNAUTHENTICATED. */
export type AuthFailure = 'NO_TOKEN' | 'MALFORMED_TOKEN' | 'TOKEN_EXPIRED' | 'SIGNATURE_INVALID' | 'CLAIMS_INVALID' | 'TOKEN_INVALID' | 'UNKNOWN_PROFESSIONAL' | 'PROFESSIONAL_INACTIVE' | 'TOKEN_ENDED';

export class UnauthenticatedError extends KetenpoortError {
  constructor(
    message = 'A valid bearer token is required',
    readonly failure: AuthFailure = 'NO_TOKEN',
    /** The professional a validly signed token named, when the gateway knows her. */
    readonly professional: { professionalId: string; organisationId: string; roles: string[] } | null = null,
  ) {
    super(message, 'UNAUTHENTICATED', 401);
  }
}

/** A denied field or action; `reason` comes from the fixed set of policy.md §3. */
export class ForbiddenError extends KetenpoortError {
  constructor(reason: DenyReason, message = forbiddenMessage(reason)) {
    super(message, 'FORBIDDEN', undefined, { reason });
  }
}

function forbiddenMessage(reason: DenyReason): string {
  switch (reason) {
    case 'NO_CONSENT':
      return 'The client has not consented to share this with your organisation';
    case 'ROLE_NOT_ALLOWED':
      return 'Your role may not see or do this';
    case 'CONSENT_REVOKED':
      return 'The client revoked her consent for this';
    case 'CONSENT_EXPIRED':
      return 'The client’s consent for this has expired';
  }
}

export class NotFoundError extends KetenpoortError {
  constructor(what: string) {
    super(`${what} not found`, 'NOT_FOUND', undefined);
  }
}

export class BadUserInputError extends KetenpoortError {
  /** `httpStatus` 400 when the input refuses the whole request before anything runs, as graphql-js's own refusal of a variable does. */
  constructor(field: string, message: string, httpStatus?: 400) {
    super(`${field}: ${message}`, 'BAD_USER_INPUT', httpStatus, { field });
  }
}

/** A stale version or a transition the state machine does not allow. */
export class ConflictError extends KetenpoortError {
  constructor(message: string) {
    super(message, 'CONFLICT', undefined);
  }
}

export class ServiceUnavailableError extends KetenpoortError {
  constructor(message = 'The service is temporarily unavailable; try again shortly') {
    super(message, 'SERVICE_UNAVAILABLE', 503);
  }
}

export class RateLimitedError extends KetenpoortError {
  constructor(retryAfterSeconds: number) {
    super('Too many requests; slow down', 'RATE_LIMITED', 429, { retryAfter: retryAfterSeconds }, new Map([['retry-after', String(retryAfterSeconds)]]));
  }
}

/** A document id that is not in the trusted manifest, or an ad-hoc document where only trusted ones run. */
export class PersistedQueryNotFoundError extends KetenpoortError {
  constructor(message = 'Send the id of one of the dashboards\' trusted documents') {
    super(message, 'PERSISTED_QUERY_NOT_FOUND', 400);
  }
}

export class QueryTooComplexError extends KetenpoortError {
  constructor(message: string) {
    super(message, 'QUERY_TOO_COMPLEX', 400);
  }
}
