import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import type { Authenticate } from '../auth/authenticate';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { PersistedQueryNotFoundError, RateLimitedError, ServiceUnavailableError } from '../common/errors';
import { Loaders } from '../common/loaders';
import { AuditBuffer, type RequestOrigin } from '../modules/audit/audit-buffer';
import { ClientAccess } from '../policy/access';
import { isDatabaseUnavailable } from './errors';
import type { RateLimiter } from './rate-limit';
import { mayUseAdHocDocuments, trustedDocumentIdOf } from './trusted-documents';

/** W3C trace context: `traceparent: 00-<trace id>-<parent span id>-<flags>`. */
export function traceOf(req: Request): { traceId: string; spanId: string } {
  const m = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/.exec(String(req.headers.traceparent ?? ''));
  return m ? { traceId: m[1], spanId: m[2] } : { traceId: randomUUID().replace(/-/g, ''), spanId: randomUUID().replace(/-/g, '').slice(0, 16) };
}

export function originOf(req: Request): RequestOrigin {
  const app = req.headers['x-client-application'];
  return {
    requestId: (req as Request & { id?: string }).id ?? randomUUID(),
    networkAddress: req.ip ?? null,
    application: typeof app === 'string' && app.length <= 100 ? app : null,
    ...traceOf(req),
  };
}

/** The one place a request's context is made: a fresh EntityManager fork, loaders and audit buffer. */
export function createContextFactory(orm: MikroORM, config: Config, authenticate: Authenticate, rateLimiter: RateLimiter) {
  return async ({ req }: { req: Request }): Promise<Context> => {
    const em = orm.em.fork();
    const origin = originOf(req);
    const actor = await authenticate(req.headers.authorization, em).catch((err: unknown) => {
      // Looking the professional up is the first query of every request: a database that is away
      // must answer 503 here, at once, not 500.
      throw isDatabaseUnavailable(err) ? new ServiceUnavailableError() : err;
    });
    if (config.trustedDocumentsOnly && !trustedDocumentIdOf(req) && !mayUseAdHocDocuments(actor)) {
      throw new PersistedQueryNotFoundError('Your role may send only the dashboards\' trusted documents: send a documentId');
    }
    const retryAfter = rateLimiter.take(actor);
    if (retryAfter !== null) throw new RateLimitedError(retryAfter);
    const now = new Date();
    const audit = new AuditBuffer(actor, origin);
    return {
      requestId: origin.requestId,
      actor,
      em,
      loaders: new Loaders(em),
      access: new ClientAccess(actor, em, now, audit),
      audit,
      now,
      config,
    };
  };
}
