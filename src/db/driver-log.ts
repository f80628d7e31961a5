import { withoutValues, type Logger } from '../server/logger';

/**
 * What knex, through which MikroORM pools, says of its own accord — above all "Connection Error:
 * …" when the pool hands out a connection the server ended — as the gateway's JSON lines. Left to
 * itself knex prints a coloured line of text with console.log: a line an operator's log pipeline
 * cannot parse, outside the serializers that keep personal data out of the log. Its text is its
 * own making and may quote values (a search path, a server's message), so they are blanked as in
 * a logged error.
 */
export function driverLog(logger: Logger) {
  const log = logger.child({ component: 'database' });
  // knex hands each function one message: a deprecation's too, made from the method and its
  // alternative (its types say otherwise).
  const text = (message: unknown) => ({ driverMessage: withoutValues(String(message)) });
  return {
    warn: (message: unknown) => log.warn(text(message), 'database driver warning'),
    error: (message: unknown) => log.error(text(message), 'database driver error'),
    deprecate: (message: unknown) => log.warn(text(message), 'database driver deprecation'),
    debug: (message: unknown) => log.debug(text(message), 'database driver debug'),
  };
}
