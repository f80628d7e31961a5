/**
 * Errors are read by shape, not by `instanceof Error`: a socket's error is made by Node itself, and
 * where the code runs in a realm of its own (jest's sandbox) it is not an instance of that realm's `Error`.
 */
function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

/**
 * Errors that mean the database is away, not that the request was wrong; or that it takes no
 * writes (25006: a standby after a failover, or set read-only), which every request needs for its
 * audit line.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = err.constructor?.name ?? '';
  const code = codeOf(err);
  const { message } = err as { message?: unknown };
  return (
    name === 'ConnectionException' ||
    (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|57P02|57P03|08000|08003|08006|08001|08004|25006)$/.test(code)) ||
    (typeof message === 'string' &&
      /Timeout acquiring a connection|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(message))
  );
}

/**
 * Did the database give up on a statement after `DB_STATEMENT_TIMEOUT_MS` (57014)? It is there, but
 * too busy, or held up by a lock, to answer in time: the caller may try again shortly (503), and
 * the operator looks for what held it up, not for a bug.
 */
export function isStatementTimeout(err: unknown): boolean {
  return codeOf(err) === '57014';
}

/** The database cannot answer now — away, or gave up on the statement: 503, try again shortly. */
export function isDatabaseNotAnswering(err: unknown): boolean {
  return isDatabaseUnavailable(err) || isStatementTimeout(err);
}

/**
 * Did a hot standby cancel the statement because it stood in the way of replaying the primary's
 * WAL (a lock the replay needs, rows it removes)? Such a statement was fine: asked again on the
 * primary, it is answered.
 */
export function isRecoveryConflict(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40001' || code === '40P01';
}
