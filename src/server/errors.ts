import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Context } from '../common/context';
import { ERROR_CODES, PersistedQueryNotFoundError, type ErrorCode } from '../common/errors';
import { isDatabaseNotAnswering, isDatabaseUnavailable, isStatementTimeout } from '../db/availability';
import { isTokenLimit, LIMIT_MESSAGES } from './limits';
import type { Logger } from './logger';

const PASSED: ReadonlySet<string> = new Set(ERROR_CODES.filter((c) => c !== 'INTERNAL_SERVER_ERROR'));
const DOCUMENT_LIMITS: ReadonlySet<string> = new Set(Object.values(LIMIT_MESSAGES));

/**
 * Apollo's own refusals (CSRF, a GET mutation, an unknown operation name) are the caller's mistake;
 * a document to register as an automatic persisted query is one not among the trusted documents.
 */
const APOLLO_CODES: Readonly<Record<string, ErrorCode>> = {
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_FOUND',
};

type Kind = 'contract' | 'unavailable' | 'internal';

function kindOf(code: unknown, original: unknown): Kind {
  const raw = String(code ?? 'INTERNAL_SERVER_ERROR');
  if (PASSED.has(APOLLO_CODES[raw] ?? raw)) return 'contract';
  return isDatabaseNotAnswering(original) ? 'unavailable' : 'internal';
}

/**
 * Only the codes of the API contract leave the gateway, with their own messages; anything else
 * (a database message that may quote a value, a bug) becomes a generic error. Never a stack
 * trace, never SQL. What is masked here is logged in full by `errorLogPlugin`.
 *
 * `hideSchemaDetails`: Apollo's own setting of that name takes the suggestions ("Did you mean …?")
 * out of validation errors only; graphql-js still suggests field and enum names when it coerces a
 * request's variables, so they are taken out here too.
 */
export function createFormatError({ hideSchemaDetails }: { hideSchemaDetails: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const raw = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const { stacktrace: _stack, http: _http, ...extensions } = formatted.extensions ?? {};
    switch (kindOf(raw, unwrapResolverError(error))) {
      case 'contract':
        // The limits' messages name neither the limit nor where a document crossed it. Whichever
        // limit refused it, the caller learns one thing: ask for less (not "your document is
        // wrong", as the validation and parse codes the limits are checked under would say).
        if (isTokenLimit(formatted.message)) return { message: LIMIT_MESSAGES.tokens, extensions: { code: 'QUERY_TOO_COMPLEX' } };
        if (DOCUMENT_LIMITS.has(formatted.message)) return { message: formatted.message, extensions: { code: 'QUERY_TOO_COMPLEX' } };
        if (raw === 'PERSISTED_QUERY_NOT_SUPPORTED') return { message: new PersistedQueryNotFoundError().message, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } };
        return { message: withoutSuggestion(formatted.message.replace(/^Context creation failed: /, ''), hideSchemaDetails), locations: formatted.locations, path: formatted.path, extensions: Object.assign(extensions, { code: APOLLO_CODES[raw] ?? raw }) };
      case 'unavailable':
        return { message: 'The service is temporarily unavailable; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      default:
        return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  };
}

function withoutSuggestion(message: string, hide: boolean): string {
  return hide ? message.replace(/ Did you mean [^?]*\?$/, '') : message;
}

/** Errors the caller sees only as a generic code, logged in full with the request id so an operator can find them. */
export function logUnexpectedError(logger: Logger, err: unknown, requestId: string | undefined, path?: readonly (string | number)[]): void {
  if (isDatabaseUnavailable(err)) logger.warn({ err, requestId }, 'database unavailable');
  else if (isStatementTimeout(err)) logger.warn({ err, path, requestId }, 'statement timed out');
  else logger.error({ err, path, requestId }, 'internal error');
}

export function errorLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const e of errors) {
            const original = unwrapResolverError(e);
            if (kindOf(e.extensions?.code, original) !== 'contract') logUnexpectedError(logger, original, contextValue.requestId, e.path);
          }
        },
      };
    },
  };
}
