import { DefaultLogger, type LogContext } from '@mikro-orm/core';

/**
 * What one HTTP request did, for its log line and its metrics. Never personal data.
 *
 * Handed along explicitly (`res.locals`, the GraphQL context, the EntityManager's logger context),
 * never through AsyncLocalStorage: on Node 20 that installs a promise hook for the whole process,
 * which cost a third of a dashboard page's CPU time (bench/RESULTS.md). A class, not a plain
 * object, because MikroORM copies plain objects when it hands a logger context to a fork.
 */
export class RequestScope {
  readonly startedAt = process.hrtime.bigint();
  operationName?: string;
  organisationId?: string;
  statements = 0;
  readonly errorCodes: string[] = [];

  constructor(readonly requestId: string) {}

  countStatements(n: number): void {
    this.statements += n;
  }
}

/** The logger context of a request's EntityManager fork: every statement it sends is counted to it. */
export function statementContext(scope: RequestScope | undefined): { requestScope?: RequestScope } {
  return scope ? { requestScope: scope } : {};
}

/** A batch of reads (common/loaders.ts) is one round trip but as many statements as it holds. */
export function statementsIn(context: LogContext): number {
  return (context as { statements?: number }).statements ?? 1;
}

/**
 * MikroORM hands every statement to its logger with the logger context of the EntityManager that
 * sent it, whether or not query logging is on: the one place to count them per request.
 */
export class StatementCountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    (context as { requestScope?: RequestScope }).requestScope?.countStatements(statementsIn(context));
    super.logQuery(context);
  }
}
