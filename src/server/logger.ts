import pino from 'pino';

/**
 * Structured JSON logs. Never personal data or tokens: the serializers below keep only what an
 * operator needs, and the authorization header is redacted wherever it appears.
 */
/** SQL literals and quoted values in a message: where a database error quotes personal data. */
const QUOTED = /'(?:[^']|'')*'|\((?:[^()]*)\)=\((?:[^()]*)\)/g;

/**
 * An error as the log keeps it: its kind, codes and where it was thrown, with every quoted value
 * blanked and PostgreSQL's `detail` (which names the offending values) left out.
 */
export function errorWithoutValues(err: unknown): Record<string, unknown> {
  // By shape, not `instanceof Error`: a socket's error is made by Node itself, outside a sandbox's realm.
  if (typeof err !== 'object' || err === null || typeof (err as { message?: unknown }).message !== 'string') return { message: String(err).replace(QUOTED, "'…'") };
  const e = err as Error & { code?: unknown; routine?: unknown; table?: unknown };
  return {
    type: e.constructor?.name ?? 'Error',
    message: e.message.replace(QUOTED, "'…'"),
    code: e.code,
    table: e.table,
    stack: e.stack?.replace(QUOTED, "'…'"),
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'ketenpoort' },
    redact: { paths: ['req.headers.authorization', '*.authorization', 'authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errorWithoutValues },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = ReturnType<typeof createLogger>;
