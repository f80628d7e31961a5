/** Errors that mean the database is away, not that the request was wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.constructor?.name ?? '';
  const code = (err as { code?: string }).code ?? '';
  return (
    name === 'ConnectionException' ||
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|57P02|57P03|08000|08003|08006|08001|08004)$/.test(code) ||
    /Timeout acquiring a connection|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(err.message)
  );
}
