import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '../common/errors';
import type { Logger } from './logger';
import { currentRequestId } from './observability';

/** Errors that mean the database is away, not that the request was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.constructor?.name ?? '';
  const code = (err as { code?: string }).code ?? '';
  return (
    name === 'ConnectionException' ||
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|57P02|57P03|08000|08003|08006|08001|08004)$/.test(code) ||
    /Timeout acquiring a connection|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(err.message)
  );
}

const PASSED: ReadonlySet<string> = new Set(ERROR_CODES.filter((c) => c !== 'INTERNAL_SERVER_ERROR'));

/** Apollo's own refusals (CSRF, a GET mutation, an unknown operation name) are the caller's mistake. */
const APOLLO_CODES: Readonly<Record<string, ErrorCode>> = { BAD_REQUEST: 'BAD_USER_INPUT', OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT' };

/**
 * Only the codes of the API contract leave the gateway, with their own messages; anything else
 * (a database message that may quote a value, a bug) becomes a generic error, logged here in full
 * with the request id so an operator can find it. Never a stack trace, never SQL.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const raw = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const code = APOLLO_CODES[raw] ?? (raw as ErrorCode);
    const { stacktrace: _stack, http: _http, ...extensions } = formatted.extensions ?? {};
    if (PASSED.has(code)) {
      return { message: formatted.message.replace(/^Context creation failed: /, ''), locations: formatted.locations, path: formatted.path, extensions: { ...extensions, code } };
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, requestId: currentRequestId() }, 'database unavailable');
      return { message: 'The service is temporarily unavailable; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    logger.error({ err: original, path: formatted.path, requestId: currentRequestId() }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
