/**
 * Gives up on a connection whose database has stopped answering without refusing it — its host
 * lost, a network partition, a frozen machine. `statement_timeout` is the server's to enforce, so it
 * cannot end that wait, and node-postgres waits forever by default: the request hung holding its
 * admission turn, /readyz hung, and an audit insert shared by many requests held every one of their
 * answers behind it, until the kernel stopped retransmitting a quarter of an hour later.
 *
 * One sweep for the whole process looks at the pool's connections a few times a second, rather than
 * a timer per statement (node-postgres' `query_timeout`): that timer cost the dashboard page 12–30%
 * more CPU in paired runs (bench/RESULTS.md), this costs the statements nothing. A connection that
 * has been waiting for an answer, without a byte arriving, for longer than the server may take
 * over a statement plus a connection's worth of slack is destroyed: its statement fails as a lost
 * connection does (503), and the pool never hands it out again.
 */

/** The parts of a node-postgres client the sweep reads; its pool hands over the client itself. */
interface PgClient {
  /** false from the moment a statement is sent until the server says it is ready for the next. */
  readyForQuery?: boolean;
  connection: { stream: { bytesRead: number; destroy(): void } };
  once(event: 'end', listener: () => void): unknown;
}

interface Watch {
  limitMs: number;
  /** What had arrived when the wait was last seen to make progress, and when. */
  bytesRead: number;
  waitingSince?: number;
}

const SWEEP_MS = 250;

const watched = new Map<PgClient, Watch>();
const unbounded = new WeakSet<object>();
let sweep: NodeJS.Timeout | undefined;

function giveUpOnSilentConnections(): void {
  const now = performance.now();
  for (const [client, watch] of watched) {
    if (client.readyForQuery !== false || unbounded.has(client)) {
      watch.waitingSince = undefined;
      continue;
    }
    const { stream } = client.connection;
    if (watch.waitingSince === undefined || stream.bytesRead !== watch.bytesRead) {
      watch.bytesRead = stream.bytesRead;
      watch.waitingSince = now;
    } else if (now - watch.waitingSince >= watch.limitMs) {
      watched.delete(client);
      stream.destroy();
    }
  }
  if (!watched.size) stopSweep();
}

function stopSweep(): void {
  clearInterval(sweep);
  sweep = undefined;
}

/**
 * The pool's `afterCreate` hook that puts each new connection under the sweep. `limitMs` is how
 * long a statement may go without a byte of answer; undefined (statements without a server-side
 * timeout, as `audit:verify` runs them) leaves connections unwatched.
 */
export function watchForAnswers(limitMs: number | undefined) {
  return (client: PgClient, done: (err: Error | null, client: PgClient) => void): void => {
    if (limitMs !== undefined) {
      watched.set(client, { limitMs, bytesRead: 0 });
      client.once('end', () => {
        watched.delete(client);
        if (!watched.size) stopSweep();
      });
      // Unref'd: a process whose pool was not closed still exits when its work is done.
      sweep ??= setInterval(giveUpOnSilentConnections, SWEEP_MS).unref();
    }
    done(null, client);
  };
}

/**
 * Runs `work` on `client` with no bound on its wait: a migration that fills a table from a chain's
 * history runs as long as it takes, and the database is still answering it.
 */
export async function waitingAsLongAsItTakes<T>(client: object, work: () => Promise<T>): Promise<T> {
  unbounded.add(client);
  try {
    return await work();
  } finally {
    unbounded.delete(client);
  }
}
