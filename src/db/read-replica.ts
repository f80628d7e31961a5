import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { isDatabaseUnavailable, isRecoveryConflict } from './availability';

/** Runs one read-only statement and answers its rows. */
export type Reader = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** Why the primary answered a read meant for a replica. */
export const FALLBACK_REASONS = ['unavailable', 'lagging', 'conflict'] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** How long the primary answers for a replica that could not be reached, before it is tried again. */
const REPLICA_RETRY_MS = 30_000;

/** How often the primary's WAL position is noted: the grain of the lag a replica is judged by. */
const POSITION_EVERY_MS = 1_000;

/** Where the primary's WAL stood at a moment: everything committed before `at` lies below `lsn`. */
interface Position {
  at: number;
  lsn: bigint;
}

/** A WAL position as PostgreSQL writes it, `X/Y` in hex. */
function lsnOf(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

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
 * A replica is read only while it is provably no more than `maxLagMs` behind: every second the
 * primary's WAL position is noted, and the replica must have replayed one noted within the bound.
 * One that lags further leaves the figures to the primary until it catches up — a report is never
 * older than the bound says — and one that is no standby at all (a copy, a promoted standby)
 * leaves them to the primary for as long as it is none.
 *
 * A replica that cannot be reached does not take the figures away either: the primary answers
 * them, for REPLICA_RETRY_MS, so that each report does not wait for a connection timeout first.
 * Nor does one that cancels a report for a conflict with its recovery: the primary answers that
 * report. The log says so once per outage and once per spell of lag; `fallbacks` counts every read
 * the primary took over, by reason, for an alert. Any other error is the statement's and is thrown.
 */
export class ReadReplica {
  private primaryUntil = 0;
  /** The primary's positions over the last `maxLagMs`, oldest first. */
  private positions: Position[] = [];
  /** Per replica: whether it was last found lagging, so the log tells of each spell once. */
  private readonly lagging = new WeakMap<object, boolean>();
  private readonly timer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    private readonly fallbacks: Pick<Counter<'reason'>, 'inc'>,
    private readonly maxLagMs: number,
  ) {
    // No replicas, nothing to judge.
    if (orm.em.getConnection('read') === orm.em.getConnection('write')) return;
    void this.notePosition();
    this.timer = setInterval(() => void this.notePosition(), POSITION_EVERY_MS).unref();
  }

  /** Stops noting the primary's position (at shutdown). */
  stop(): void {
    clearInterval(this.timer);
  }

  private async notePosition(): Promise<void> {
    const at = Date.now();
    try {
      const [{ lsn }] = await this.orm.em.getConnection('write').execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
      this.positions = [...this.positions.filter((p) => p.at >= at - this.maxLagMs), { at, lsn: lsnOf(lsn) }];
    } catch {
      // A primary that is away fails its requests on its own; its old positions age out meanwhile.
    }
  }

  /** Is `connection` a standby of the primary that has replayed what the primary held `maxLagMs` ago? */
  private async keepsUp(connection: object, replica: Reader): Promise<boolean> {
    // A server out of recovery (a copy, a promoted standby) follows no primary any more, however
    // far it once replayed: what it holds may never have been true on ours.
    const [{ lsn, standby }] = await replica<{ lsn: string | null; standby: boolean }>('select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as standby', []);
    const bound = this.positions.find((p) => p.at >= Date.now() - this.maxLagMs);
    const keepsUp = standby && lsn !== null && bound !== undefined && lsnOf(lsn) >= bound.lsn;
    if (keepsUp === (this.lagging.get(connection) ?? false)) {
      this.lagging.set(connection, !keepsUp);
      if (keepsUp) this.logger.info('read replica caught up: it answers aggregates again');
      else if (!standby) this.logger.warn('read replica is no standby (a copy, or promoted): the primary answers aggregates meanwhile');
      else this.logger.warn({ maxLagMs: this.maxLagMs }, 'read replica lags behind the primary: the primary answers aggregates meanwhile');
    }
    return keepsUp;
  }

  reader(em: EntityManager): Reader {
    const primary = primaryReader(em);
    return async <T>(sql: string, params: unknown[]) => {
      const connection = em.getConnection('read');
      // No replicas: MikroORM answers the primary for 'read' too.
      if (connection === em.getConnection('write')) return primary<T>(sql, params);
      let reason: FallbackReason = 'unavailable';
      if (Date.now() >= this.primaryUntil) {
        const replica = readerOn(connection, em);
        try {
          // The replica only moves forward: what it held when judged, the figures read after hold too.
          if (await this.keepsUp(connection, replica)) return await replica<T>(sql, params);
          reason = 'lagging';
        } catch (err) {
          if (isRecoveryConflict(err)) reason = 'conflict';
          else if (isDatabaseUnavailable(err)) {
            this.primaryUntil = Date.now() + REPLICA_RETRY_MS;
            this.logger.warn({ err, retryInMs: REPLICA_RETRY_MS }, 'read replica unavailable: the primary answers aggregates meanwhile');
          } else throw err;
        }
      }
      this.fallbacks.inc({ reason });
      return primary<T>(sql, params);
    };
  }
}
