import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import helmet from 'helmet';
import { createAuthenticator } from '../auth/authenticate';
import { devTokenRouter } from '../auth/dev-token.route';
import { UnauthenticatedError } from '../common/errors';
import { REPO_ROOT } from '../common/paths';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { ReadReplica } from '../db/read-replica';
import { AuditWriter } from '../modules/audit/audit-writer';
import { createContextFactory } from './context';
import { dashboardRouter } from './dashboard';
import { dashboardCors } from './cors';
import { createFormatError, errorLogPlugin } from './errors';
import { costLimitPlugin, limitRules, storableTextPlugin } from './limits';
import { createLogger, type Logger } from './logger';
import { createMetrics, observePlugin, observeRequests, type Metrics } from './observability';
import { loadPlaygroundExamples, playgroundRouter } from './playground';
import { admission } from './admission';
import { auditFlushPlugin, httpStatusPlugin } from './plugins';
import { RateLimiter } from './rate-limit';
import { refuse } from './refuse';
import { schemaDisclosurePlugin } from './schema-disclosure';
import { buildGatewaySchema } from './schema';
import { loadTrustedDocuments, trustedDocumentResolver } from './trusted-documents';

export interface App {
  express: express.Express;
  apollo: ApolloServer<Context>;
  logger: Logger;
  metrics: Metrics;
  stop(): Promise<void>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The gateway as an express app, not yet listening: `main.ts`, the tests and the benchmarks all
 * boot it this way, `main.ts` and the tests on a database `prepareToServe` (db/database.ts) has
 * readied, which is where production checks the gateway's role.
 */
export async function buildApp(config: Config, orm: MikroORM, opts: { logger?: Logger } = {}): Promise<App> {
  return composeApp(config, orm, { ...opts, schema: await buildGatewaySchema(), auditReads: true });
}

/**
 * The app around a schema. What serves is always `buildApp`'s: every field behind its rule, every
 * read audited. Only the benchmark composes it otherwise — the unguarded schema, reads unaudited —
 * to price the policy against the very same app (bench/server.ts); no setting reaches this.
 */
export async function composeApp(
  config: Config,
  orm: MikroORM,
  opts: { logger?: Logger; schema: GraphQLSchema; auditReads: boolean },
): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const production = config.env === 'production';
  const trusted = loadTrustedDocuments();
  const metrics = createMetrics(orm);
  const auditWriter = new AuditWriter(orm.em.fork());
  const apollo = new ApolloServer<Context>({
    schema: opts.schema,
    // Explicit, never left to NODE_ENV (pitfalls.md): no stack traces anywhere, no CDN landing page.
    // Introspection is decided per caller (schema-disclosure.ts): analysts only, in production.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // Apollo's automatic persisted queries would let any caller register a document of its own.
    persistedQueries: false,
    // A request counts as preflighted when it carries a header a cross-site page cannot send
    // unasked. Every operation needs a bearer token, and Authorization is such a header (CORS only
    // lets the configured dashboards send it, cors.ts): so a GET with its token runs, as the API
    // contract promises, and one without is answered 401 like any request without a token.
    csrfPrevention: { requestHeaders: ['authorization', 'apollo-require-preflight', 'x-apollo-operation-name'] },
    // Apollo's own token limit answers 400 GRAPHQL_PARSE_FAILED (armor's turns parse errors into 500).
    parseOptions: { maxTokens: config.limits.tokens },
    // Apollo's maxRecursiveSelections stays off: set, it defers these rules until graphql-js's own
    // have passed, and a bomb that also breaks the spec would get graphql-js's messages instead of
    // ours. The cost limit counts fragments that multiply each other, pricing each once (limits.ts).
    validationRules: limitRules(config.limits),
    formatError: createFormatError({ hideSchemaDetails: production }),
    // The process's stop is gracefulStop's (main.ts): Apollo's own handler, installed whenever
    // NODE_ENV is not 'test', stops Apollo and then raises the signal again, which killed the
    // process (143) while the requests in flight were still being answered.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Answers hold personal data and are never cacheable (the route says no-store); Apollo's
      // cache-control plugin would otherwise wrap every field of every answer to compute hints.
      ApolloServerPluginCacheControlDisabled(),
      observePlugin(),
      errorLogPlugin(logger),
      schemaDisclosurePlugin(config),
      costLimitPlugin(config.limits),
      storableTextPlugin(),
      ...(opts.auditReads ? [auditFlushPlugin(logger, auditWriter)] : []),
      httpStatusPlugin(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(observeRequests(logger, metrics, trusted));
  // The API answers JSON only; the playground page sets its own, nonce-based policy on top.
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));
  app.use(dashboardCors(config.dashboardOrigins));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      // Every read of client data writes its audit line: a database that takes no writes (a
      // standby after a failover, or one set read-only) serves nothing, though it answers.
      const [db] = await orm.em.getConnection().execute<{ standby: boolean; read_only: string }[]>(
        `select pg_is_in_recovery() as standby, current_setting('transaction_read_only') as read_only`,
      );
      if (db.standby) return void res.status(503).json({ status: 'unavailable', reason: 'the database is a standby: it takes no writes' });
      if (db.read_only === 'on') return void res.status(503).json({ status: 'unavailable', reason: 'the database is read-only: it takes no writes' });
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'the database does not answer' });
    }
  });
  app.get('/metrics', async (req, res) => {
    if (config.metricsToken && !sameSecret(req.headers.authorization ?? '', `Bearer ${config.metricsToken}`)) {
      return void res.status(401).set('www-authenticate', 'Bearer').json({ status: 'unauthenticated' });
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const authenticate = await createAuthenticator(config);
  const replica = new ReadReplica(orm, logger, metrics.replicaFallbacks, config.db.replicaMaxLagMs);
  const turns = admission(config.admission);
  app.use(
    '/graphql',
    (req: Request, res: Response, next: NextFunction) => {
      // Personal data must not rest in a browser's or a proxy's cache.
      res.set('Cache-Control', 'no-store');
      // Only JSON bodies: a form or text/plain POST is what a cross-site page can send unasked.
      if (req.method === 'POST' && !req.is('application/json')) return refuse(res, 415, 'BAD_USER_INPUT', 'Send the operation as application/json');
      // Without a token a GET is what a cross-site page can send unasked: refused as every request
      // without one is (401), rather than by Apollo's CSRF check as a bad request.
      if (req.method === 'GET' && !req.headers.authorization) return refuse(res, 401, 'UNAUTHENTICATED', new UnauthenticatedError().message);
      next();
    },
    express.json({ limit: config.limits.bodyBytes }),
    (err: { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
      if (err.type === 'entity.too.large') return refuse(res, 413, 'QUERY_TOO_COMPLEX', 'The request body is too large');
      refuse(res, 400, 'BAD_USER_INPUT', 'The request body is not valid JSON');
    },
    (req: Request, res: Response, next: NextFunction) => {
      if (Array.isArray(req.body)) return refuse(res, 400, 'QUERY_TOO_COMPLEX', 'Send one operation per request; batches are not accepted');
      next();
    },
    // The turn is taken only once the body is in (at most LIMIT_BODY_BYTES), never while it is
    // still arriving: a sender may dribble a body a byte at a time for as long as the server's
    // request timeout allows (5 minutes), and ADMIT_CONCURRENT such connections, holding every
    // turn without even a token, would leave every other caller 503.
    turns.gate,
    trustedDocumentResolver(trusted),
    turns.holdsTurn(expressMiddleware(apollo, { context: createContextFactory(orm, config, authenticate, logger, new RateLimiter(config.rateLimit), auditWriter, replica) })),
  );
  app.use(devTokenRouter(config));
  app.use('/dashboard', dashboardRouter(path.join(REPO_ROOT, 'dist', 'web')));
  app.use(playgroundRouter({ graphqlPath: '/graphql', examples: loadPlaygroundExamples(path.join(REPO_ROOT, 'operations', 'playground')), signOutDocumentId: trusted.idOf.get('SignOut')! }));
  // Express's own handler would print a stack trace outside production.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // The caller's mistake, as a library reports it (a path that is no valid percent-encoding, a
    // development token's body that is no JSON): answered as such, and not logged as our failure —
    // an anonymous caller could otherwise fill the error log, and an operator's alerts, at will.
    const { status } = err as { status?: unknown };
    if (typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      return refuse(res, status, status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT', status === 404 ? 'Not found' : 'The request is malformed');
    }
    logger.error({ err, requestId: res.locals.scope?.requestId }, 'unhandled error');
    if (res.headersSent) return void res.end();
    refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });

  return {
    express: app,
    apollo,
    logger,
    metrics,
    async stop() {
      replica.stop();
      await apollo.stop();
    },
  };
}
