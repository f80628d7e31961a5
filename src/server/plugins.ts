import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { Context } from '../common/context';
import type { AuditWriter } from '../modules/audit/audit-writer';
import { recordRefusedCalls, rootCalls, type RootCall } from '../modules/audit/refused-calls';
import type { Logger } from './logger';

const STATUS_OF: Record<string, number> = { SERVICE_UNAVAILABLE: 503, RATE_LIMITED: 429, UNAUTHENTICATED: 401 };

function errorsOf(rc: GraphQLRequestContext<Context>) {
  const body = rc.response.body;
  return body?.kind === 'single' ? (body.singleResult.errors ?? []) : [];
}

/**
 * The audit line of a read is written before its data leaves: when the audit cannot be written,
 * the answer is withheld (fail closed). Mutations write theirs inside their own transaction.
 */
export function auditFlushPlugin(logger: Logger, auditWriter: AuditWriter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let calls: RootCall[] = [];
      return {
        async didResolveOperation(rc) {
          rc.contextValue.audit.operationName = rc.operationName ?? null;
          calls = rc.operation ? rootCalls(rc.schema, rc.document, rc.operation, rc.request.variables) : [];
        },
        async willSendResponse(rc) {
          const ctx = rc.contextValue;
          if (!ctx?.audit) return;
          try {
            await recordRefusedCalls(ctx.audit, ctx.em, calls, errorsOf(rc), rc.errors ?? []);
            await auditWriter.write(ctx.audit, ctx.scope);
          } catch (err) {
            logger.error({ err, requestId: ctx.requestId }, 'audit could not be written; response withheld');
            // Told to try again after her change committed, a caller would make it twice.
            const error = ctx.audit.changeSaved
              ? { message: 'Your change was saved, but its answer could not be given; reload rather than send it again', extensions: { code: 'SERVICE_UNAVAILABLE', changeSaved: true } }
              : { message: 'The service is temporarily unavailable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } };
            rc.response.body = { kind: 'single', singleResult: { data: null, errors: [error] } };
            rc.response.http.status = 503;
          }
        },
      };
    },
  };
}

/** HTTP status from the contract's codes, where one error decides the whole answer. */
export function httpStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          for (const e of errorsOf(rc)) {
            const status = STATUS_OF[String(e.extensions?.code)];
            if (status && (rc.response.http.status ?? 200) < status) rc.response.http.status = status;
          }
        },
      };
    },
  };
}
