/** Process entry: config → database (migrated; in production its role checked and nothing left to migrate) → server → listen, and a graceful stop. */
import 'reflect-metadata';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { openDatabase, prepareToServe } from './db/database';
import { leaveStopSignalsToTheGateway } from './db/embedded';
import { seedDemo } from './db/demo/seed';
import { buildApp } from './server/app';
import { listen } from './server/listen';
import { createLogger } from './server/logger';
import { gracefulStop, stopOnSignals } from './server/shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger);
  await prepareToServe(config, db.orm);
  if (config.seedDemo && (await seedDemo(db.orm.em.fork()))) logger.info('demo dataset loaded');
  const app = await buildApp(config, db.orm, { logger });
  const listening = (err?: Error) => {
    if (err) {
      // Express 5 hands a failed listen (the port taken, say) to this callback. Without its socket
      // the gateway serves nothing: it stops, its database with it (an embedded one included),
      // rather than stay up announcing an address that another process answers.
      logger.error({ err, port: config.port }, 'Ketenpoort cannot listen');
      void app
        .stop()
        .finally(() => db.close())
        .finally(() => process.exit(1));
      return;
    }
    const url = `http://localhost:${config.port}/`;
    logger.info({ url, host: config.host ?? 'every interface', embeddedDatabase: Boolean(db.embedded) }, 'Ketenpoort is listening');
    if (process.stdout.isTTY || config.env === 'development') {
      console.log(`\n  Ketenpoort playground: ${url}\n  Dashboard:             ${url}dashboard\n  Get a token:           npm run --silent token -- casemanager@iriszorg.example\n`);
    }
  };
  const server: Server = listen(app.express, config.port, config.host, listening);

  if (db.embedded) leaveStopSignalsToTheGateway();
  stopOnSignals(() => gracefulStop(server, { app, close: () => db.close() }, logger));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `configuration: ${err.message}` : err);
  process.exit(1);
});
