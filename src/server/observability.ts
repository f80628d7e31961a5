import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../common/context';
import { RequestScope } from '../common/request-scope';
import { FALLBACK_REASONS } from '../db/read-replica';
import type { Logger } from './logger';
import type { TrustedDocuments } from './trusted-documents';

export function requestScopeOf(res: Response): RequestScope | undefined {
  return res.locals.scope as RequestScope | undefined;
}

export interface Metrics {
  registry: Registry;
  requests: Counter<'route' | 'operation' | 'status'>;
  duration: Histogram<'route' | 'operation'>;
  errors: Counter<'code'>;
  statements: Histogram<'operation'>;
  /** Aggregate reads the primary answered because the read replica could not be reached or lagged (db/read-replica.ts). */
  replicaFallbacks: Counter<'reason'>;
}

/** One registry per app (tests build several apps in one process), with the pool read on scrape. */
export function createMetrics(orm: MikroORM): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ketenpoort_' });
  const pool = () => (orm.em.getConnection().getKnex().client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number } }).pool;
  new Gauge({ name: 'ketenpoort_db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'], registers: [registry], collect() {
    const p = pool();
    this.set({ state: 'used' }, p?.numUsed() ?? 0);
    this.set({ state: 'free' }, p?.numFree() ?? 0);
    this.set({ state: 'pending_acquires' }, p?.numPendingAcquires() ?? 0);
    this.set({ state: 'max' }, p?.max ?? 0);
  } });
  return {
    registry,
    requests: new Counter({ name: 'ketenpoort_http_requests_total', help: 'HTTP requests by route, operation and status', labelNames: ['route', 'operation', 'status'], registers: [registry] }),
    duration: new Histogram({ name: 'ketenpoort_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['route', 'operation'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] }),
    errors: new Counter({ name: 'ketenpoort_graphql_errors_total', help: 'Errors returned, by extensions.code', labelNames: ['code'], registers: [registry] }),
    statements: new Histogram({ name: 'ketenpoort_sql_statements_per_request', help: 'SQL statements sent for one GraphQL request', labelNames: ['operation'], buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89], registers: [registry] }),
    replicaFallbacks: replicaFallbacks(registry),
  };
}

function replicaFallbacks(registry: Registry): Counter<'reason'> {
  const counter = new Counter({
    name: 'ketenpoort_read_replica_fallbacks_total',
    help: 'Aggregate reads the primary answered because the read replica could not be reached (unavailable), lagged too far behind (lagging) or cancelled the read for a conflict with its recovery (conflict)',
    labelNames: ['reason'],
    registers: [registry],
  });
  // Every series from the start, so that an alert on its rate has something to compare against.
  for (const reason of FALLBACK_REASONS) counter.inc({ reason }, 0);
  return counter;
}

const REQUEST_ID = /^[\w-]{8,64}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is a plain token, else a new one),
 * and writes one log line and the metrics when the response is finished. The line holds the path
 * without its query string (a GET carries variables there) and no header: never personal data,
 * never a token.
 */
export function observeRequests(logger: Logger, metrics: Metrics, trusted: TrustedDocuments) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    (req as Request & { id?: string }).id = requestId;
    res.setHeader('x-request-id', requestId);
    const scope = new RequestScope(requestId);
    res.locals.scope = scope;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - scope.startedAt) / 1e9;
      const route = req.baseUrl === '/graphql' || req.path === '/graphql' ? '/graphql' : ['/healthz', '/readyz', '/metrics', '/'].includes(req.path) ? req.path : 'other';
      // A 4xx without any error recorded is Apollo refusing the request's shape (no query, say).
      if (route === '/graphql' && res.statusCode >= 400 && res.statusCode < 500 && scope.errorCodes.length === 0) scope.errorCodes.push('BAD_USER_INPUT');
      const operation = route !== '/graphql' ? '' : scope.operationName && trusted.operationNames.has(scope.operationName) ? scope.operationName : 'other';
      metrics.requests.inc({ route, operation, status: String(res.statusCode) });
      metrics.duration.observe({ route, operation }, seconds);
      for (const code of scope.errorCodes) metrics.errors.inc({ code });
      if (route === '/graphql') metrics.statements.observe({ operation }, scope.statements);
      if (route === '/metrics' || route === '/healthz' || route === '/readyz') return;
      logger.info(
        {
          requestId,
          method: req.method,
          path: route,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1000),
          operationName: scope.operationName?.slice(0, 100),
          organisationId: scope.organisationId,
          errorCodes: scope.errorCodes.length ? scope.errorCodes : undefined,
          sqlStatements: scope.statements,
        },
        'request',
      );
    });
    next();
  };
}

/** Operation name, organisation and error codes of a GraphQL request, into its scope. */
export function observePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart(rc) {
      const scope = rc.contextValue.scope;
      if (scope) scope.organisationId = rc.contextValue.actor?.organisationId;
      return {
        async didResolveOperation(r) {
          if (scope) scope.operationName = r.operationName ?? undefined;
        },
        async willSendResponse(r) {
          if (!scope) return;
          if (!scope.operationName && r.request.operationName) scope.operationName = r.request.operationName;
          const body = r.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          for (const e of errors) scope.errorCodes.push(String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
      };
    },
  };
}
