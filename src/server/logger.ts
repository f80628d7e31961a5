import pino from 'pino';

/**
 * Structured JSON logs. Never personal data or tokens: the serializers below keep only what an
 * operator needs, and the authorization header is redacted wherever it appears.
 */
/**
 * Where a database error quotes personal data: SQL literals, a key's values, and the double-quoted
 * input PostgreSQL refuses (`invalid input syntax for type uuid: "…"`). Identifiers are
 * double-quoted too and go with them; the error's own fields name the table, column and constraint.
 */
const QUOTED = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\((?:[^()]*)\)=\((?:[^()]*)\)/g;

/** Text from the database or its driver as the log keeps it: every quoted value blanked. */
export function withoutValues(text: string): string {
  return text.replace(QUOTED, "'…'");
}

/**
 * An error as the log keeps it: its kind, codes and where it was thrown, with every quoted value
 * blanked and PostgreSQL's `detail` (which names the offending values) left out.
 */
export function errorWithoutValues(err: unknown): Record<string, unknown> {
  // By shape, not `instanceof Error`: a socket's error is made by Node itself, outside a sandbox's realm.
  if (typeof err !== 'object' || err === null || typeof (err as { message?: unknown }).message !== 'string') return { message: withoutValues(String(err)) };
  const e = err as Error & { code?: unknown; table?: unknown; column?: unknown; constraint?: unknown };
  return {
    type: e.constructor?.name ?? 'Error',
    message: withoutValues(e.message),
    code: e.code,
    table: e.table,
    column: e.column,
    constraint: e.constraint,
    stack: typeof e.stack === 'string' ? withoutValues(e.stack) : undefined,
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
