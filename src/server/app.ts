import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { createAuthenticator } from '../auth/authenticate';
import { devTokenRouter } from '../auth/dev-token.route';
import { REPO_ROOT } from '../common/paths';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { createContextFactory } from './context';
import { dashboardRouter } from './dashboard';
import { createFormatError } from './errors';
import { createLogger, type Logger } from './logger';
import { loadPlaygroundExamples, playgroundRouter } from './playground';
import { auditFlushPlugin, httpStatusPlugin } from './plugins';
import { buildGatewaySchema } from './schema';

export interface App {
  express: express.Express;
  apollo: ApolloServer<Context>;
  logger: Logger;
  stop(): Promise<void>;
}


/**
 * The gateway as an express app, not yet listening: `main.ts`, the tests and the benchmarks all
 * boot it this way.
 */
export async function buildApp(config: Config, orm: MikroORM, opts: { logger?: Logger } = {}): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const production = config.env === 'production';
  const apollo = new ApolloServer<Context>({
    schema: await buildGatewaySchema(),
    // Explicit, never left to NODE_ENV (pitfalls.md): no stack traces anywhere, no CDN landing page.
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: createFormatError(logger),
    plugins: [ApolloServerPluginLandingPageDisabled(), auditFlushPlugin(logger), httpStatusPlugin()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  const authenticate = await createAuthenticator(config);
  app.use(
    '/graphql',
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: createContextFactory(orm, config, authenticate, logger) }),
  );
  app.use(devTokenRouter(config));
  app.use('/dashboard', dashboardRouter(path.join(REPO_ROOT, 'dist', 'web')));
  app.use(playgroundRouter({ graphqlPath: '/graphql', examples: loadPlaygroundExamples(path.join(REPO_ROOT, 'operations', 'playground')) }));

  return {
    express: app,
    apollo,
    logger,
    async stop() {
      await apollo.stop();
    },
  };
}
