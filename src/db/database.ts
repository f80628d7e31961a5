import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { ConfigError, type Config } from '../config';
import { isDatabaseUnavailable } from './availability';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
import { refuseUnfitGatewayRole } from './gateway-role';
import { ormOptions } from './orm.config';
import { createLogger, type Logger } from '../server/logger';
import { waitingAsLongAsItTakes } from './unanswered-statements';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

/** Create `name` on the server at `serverUrl` when it is not there yet. */
export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  const pg = new PgClient({ connectionString: `${serverUrl}/postgres` });
  await pg.connect();
  try {
    const { rowCount } = await pg.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await pg.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await pg.end();
  }
}

/** How long a starting gateway waits between tries to reach its database. */
const START_RETRY_MS = 1000;

/**
 * MikroORM connected to the database at `url`. One that does not answer yet is tried again each
 * second for up to DB_START_WAIT_SECONDS, with a warning each time: a database started beside the
 * gateway, one still recovering, or a first connection that takes longer than
 * DB_CONNECT_TIMEOUT_MS on a busy machine would otherwise stop the start, and the operator would
 * restart by hand what was only early. A refusal (a wrong password, a missing role) is not waited for.
 */
export async function connectToDatabase(url: string, db: Config['db'], logger: Logger): Promise<MikroORM> {
  const orm = await MikroORM.init({ ...ormOptions(url, db, logger), connect: false });
  const deadline = Date.now() + db.startWaitMs;
  for (;;) {
    try {
      await orm.connect();
      return orm;
    } catch (err) {
      // Its pool goes with the failed try: a connection it was still opening would linger in it.
      await orm.close(true);
      if (!isDatabaseUnavailable(err) || Date.now() + START_RETRY_MS > deadline) throw err;
      logger.warn({ err, retryInMs: START_RETRY_MS }, 'the database does not answer yet: trying again');
      await new Promise((resolve) => setTimeout(resolve, START_RETRY_MS));
    }
  }
}

/**
 * The configured database, or — without DATABASE_URL — an embedded PostgreSQL whose cluster is
 * kept in the git-ignored data folder. What its driver reports goes to `logger` (the gateway's own,
 * from main.ts; a command's at LOG_LEVEL).
 */
export async function openDatabase(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), { persistent: true });
    await ensureDatabase(embedded.serverUrl, 'ketenpoort');
    url = `${embedded.serverUrl}/ketenpoort`;
  }
  try {
    const orm = await connectToDatabase(url, config.db, logger);
    return {
      orm,
      url,
      embedded,
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

/**
 * Runs the pending migrations, all in one transaction. Without the statement timeout a request
 * gets (DB_STATEMENT_TIMEOUT_MS): a migration that fills a new table or column from a chain's
 * history runs for as long as the history is long — chaining the audit log of the benchmark's 10k
 * clients took longer than the default 5 s — and stopping it only rolls the deployment back. Nor
 * is its connection given up on for a long wait (unanswered-statements.ts).
 */
export async function migrate(orm: MikroORM): Promise<void> {
  const connection = orm.em.getConnection();
  await connection.transactional(async (trx) => {
    await waitingAsLongAsItTakes(await trx.client.acquireConnection(), async () => {
      await connection.execute('set local statement_timeout = 0', [], 'run', trx);
      await orm.getMigrator().up({ transaction: trx });
    });
  });
}

/**
 * The database made ready for the gateway to serve from, as `main.ts` and the tests' gateways
 * start. Outside production the pending migrations run. In production the role is checked first,
 * and the gateway runs no migration at all: they are the owner's step (docs/operations.md §2.6),
 * and a role the check lets through may not run them. A start it refuses changes nothing: pointed
 * at the owner, the gateway would otherwise migrate and stop after; pointed at a role short of the
 * grants it would stop inside MikroORM, unable to create a migrations table it cannot see; with a
 * migration pending it would stop on a failed statement instead of saying what to run.
 */
export async function prepareToServe(config: Config, orm: MikroORM): Promise<void> {
  if (config.env !== 'production') return migrate(orm);
  await refuseUnfitGatewayRole(orm);
  const pending = (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
  if (pending.length) {
    throw new ConfigError(
      `the database at DATABASE_URL lacks ${pending.length === 1 ? 'a migration' : `${pending.length} migrations`} this gateway needs (${pending.join(', ')}): run the migration step as the owner first (docs/operations.md §2.6)`,
    );
  }
}
