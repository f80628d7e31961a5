import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { isDatabaseUnavailable } from './availability';

/** Runs one read-only statement and answers its rows. */
export type Reader = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** How long the primary answers for a replica that could not be reached, before it is tried again. */
const REPLICA_RETRY_MS = 30_000;

/** Reads on `connection`, counted to the request of `em`. */
function readerOn(connection: ReturnType<EntityManager['getConnection']>, em: EntityManager): Reader {
  return (sql, params) => connection.execute(sql, params, 'all', undefined, em.getLoggerContext());
}

/** Reads on the primary, counted to the request of `em`. */
export function primaryReader(em: EntityManager): Reader {
  return readerOn(em.getConnection('write'), em);
}

/**
 * Where the monitoring aggregates read (docs/scaling.md, step 2): a streaming replica when
 * DATABASE_REPLICA_URLS names any, so that a municipality's year reports do not compete with the
 * dashboards for the primary. Only for what tolerates a replica's lag of seconds: client data,
 * the policy's facts and anything a request has just written stay on the primary.
 *
 * A replica that cannot be reached does not take the figures away: the primary answers them, for
 * REPLICA_RETRY_MS, so that each report does not wait for a connection timeout first. The log says
 * so once per outage; `fallbacks` counts every read the primary took over, for an alert. Any other
 * error is the statement's and is thrown as it is.
 */
export class ReadReplica {
  private primaryUntil = 0;

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly fallbacks: Pick<Counter, 'inc'>,
  ) {}

  reader(em: EntityManager): Reader {
    const primary = primaryReader(em);
    return async <T>(sql: string, params: unknown[]) => {
      const replica = em.getConnection('read');
      // Without replicas MikroORM answers the primary for 'read' too.
      if (replica === em.getConnection('write')) return primary<T>(sql, params);
      if (Date.now() >= this.primaryUntil) {
        try {
          return await readerOn(replica, em)<T>(sql, params);
        } catch (err) {
          if (!isDatabaseUnavailable(err)) throw err;
          this.primaryUntil = Date.now() + REPLICA_RETRY_MS;
          this.logger.warn({ err, retryInMs: REPLICA_RETRY_MS }, 'read replica unavailable: the primary answers aggregates meanwhile');
        }
      }
      this.fallbacks.inc();
      return primary<T>(sql, params);
    };
  }
}
