import { DataloaderType, LoadStrategy, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { StatementCountingLogger } from '../common/request-scope';
import { migrationsList } from '../../migrations';
import { ENTITIES } from '../modules';
import { createLogger, type Logger } from '../server/logger';
import { MONITORING_SUMMARY_TABLES } from '../modules/monitoring/summary-tables';
import { driverLog } from './driver-log';
import { watchForAnswers } from './unanswered-statements';

/**
 * How long a pooled connection may lie idle before it is closed. The benchmark's physical limit
 * keeps its own as long, so neither pays reconnections the other does not.
 */
export const POOL_IDLE_MS = 30_000;

/**
 * How long a statement may wait without a byte of answer before its connection is given up on
 * (unanswered-statements.ts): the server ends a statement itself at the statement timeout, so past
 * that and a connection's worth of slack it is not answering. Without a statement timeout (as
 * `audit:verify` runs), unbounded.
 */
export function answerDeadlineMs(db: Config['db']): number | undefined {
  return db.statementTimeoutMs > 0 ? db.statementTimeoutMs + db.connectTimeoutMs : undefined;
}

/**
 * The one MikroORM configuration, for the server, the CLI, tests and benchmarks alike.
 * Every timeout is set: node-postgres and PostgreSQL default to waiting forever (pitfalls.md).
 * What the database driver reports goes to `logger`; without one, to a logger of its own at the
 * production default level, so that it is a JSON line all the same.
 */
export function ormOptions(clientUrl: string, db: Config['db'], logger: Logger = createLogger('info')): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: ENTITIES,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    schemaGenerator: { skipTables: [...MONITORING_SUMMARY_TABLES] },
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    // Joins for to-one, select-in for to-many: no cartesian explosion across sibling collections.
    loadStrategy: LoadStrategy.BALANCED,
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    loggerFactory: (options) => new StatementCountingLogger(options),
    allowGlobalContext: false,
    // Replicas serve only what asks for one (`em.getConnection('read')`, db/read-replica.ts):
    // MikroORM would otherwise send every read outside a transaction to a replica, and a revoked
    // consent must stop the very next request, not the one after the replica catches up.
    replicas: db.replicaUrls.map((url, i) => ({ name: `replica-${i + 1}`, clientUrl: url })),
    preferReadReplicas: false,
    pool: {
      min: 0,
      max: db.poolMax,
      acquireTimeoutMillis: db.connectTimeoutMs,
      idleTimeoutMillis: POOL_IDLE_MS,
      afterCreate: watchForAnswers(answerDeadlineMs(db)),
    },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: db.connectTimeoutMs,
        statement_timeout: db.statementTimeoutMs,
        idle_in_transaction_session_timeout: db.idleInTransactionTimeoutMs,
        application_name: 'ketenpoort',
      },
      log: driverLog(logger),
    },
  };
}
