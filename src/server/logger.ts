import pino from 'pino';

/**
 * Structured JSON logs. Never personal data or tokens: the serializers below keep only what an
 * operator needs, and the authorization header is redacted wherever it appears.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'ketenpoort' },
    redact: { paths: ['req.headers.authorization', '*.authorization', 'authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type Logger = ReturnType<typeof createLogger>;
