/**
 * Errors that mean the database is away, not that the request was wrong. Read by shape, not by
 * `instanceof Error`: a socket's error is made by Node itself, and where the code runs in a realm
 * of its own (jest's sandbox) it is not an instance of that realm's `Error`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = err.constructor?.name ?? '';
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (
    name === 'ConnectionException' ||
    (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|57P02|57P03|08000|08003|08006|08001|08004)$/.test(code)) ||
    (typeof message === 'string' &&
      /Timeout acquiring a connection|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(message))
  );
}
