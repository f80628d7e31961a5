import { DataloaderType, LoadStrategy, Options, type PoolConfig } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { StatementCountingLogger } from '../common/request-scope';
import { migrationsList } from '../../migrations';
import { ENTITIES } from '../modules';
import { MONITORING_SUMMARY_TABLES } from '../modules/monitoring/summary-tables';

/**
 * How long a pooled connection may lie idle before it is closed. The benchmark's physical limit
 * keeps its own as long, so neither pays reconnections the other does not.
 */
export const POOL_IDLE_MS = 30_000;

/**
 * How long the gateway waits for the server's answer to a statement before it gives the connection
 * up, when statements have a timeout (a request's; migrations and `audit:verify` run without one).
 * `statement_timeout` is the server's to enforce: a server that stops answering without refusing —
 * its host lost, a network partition, a frozen machine — takes the statement and never answers,
 * and nothing else ends the wait: no error reaches the socket for as long as the kernel retransmits
 * (a quarter of an hour), or ever, while something on the way still acknowledges. The request hung,
 * holding its admission turn, and a shared audit insert held every read's answer behind it. Past
 * the statement timeout and a connection's worth of slack, the server is not answering: 503.
 */
export function readTimeoutMs(db: Config['db']): number | undefined {
  return db.statementTimeoutMs > 0 ? db.statementTimeoutMs + db.connectTimeoutMs : undefined;
}

/**
 * A connection whose statement timed out on our side still waits for that statement's answer, and
 * every statement sent on it after would queue behind it (node-postgres leaves it so): it is
 * destroyed when next taken from the pool, never handed to another request.
 */
function answersStatements(connection: { readyForQuery?: boolean }): boolean {
  return connection.readyForQuery !== false;
}

/**
 * The one MikroORM configuration, for the server, the CLI, tests and benchmarks alike.
 * Every timeout is set: node-postgres and PostgreSQL default to waiting forever (pitfalls.md).
 */
export function ormOptions(clientUrl: string, db: Config['db'], extra: Partial<Options<PostgreSqlDriver>> = {}): Options<PostgreSqlDriver> {
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
      // knex takes `validate` from its pool settings; MikroORM's type does not name it.
      ...({ validate: answersStatements } as PoolConfig),
    },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: db.connectTimeoutMs,
        query_timeout: readTimeoutMs(db),
        statement_timeout: db.statementTimeoutMs,
        idle_in_transaction_session_timeout: db.idleInTransactionTimeoutMs,
        application_name: 'ketenpoort',
      },
    },
    ...extra,
  };
}
