import { randomFillSync, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { Authenticate } from '../auth/authenticate';
import type { Config } from '../config';
import type { Context } from '../common/context';
import { PersistedQueryNotFoundError, RateLimitedError, ServiceUnavailableError, UnauthenticatedError } from '../common/errors';
import { Loaders } from '../common/loaders';
import { statementContext } from '../common/request-scope';
import { AuditBuffer, type RequestOrigin } from '../modules/audit/audit-buffer';
import { signsOutOnly } from '../modules/sessions/signs-out-only';
import type { AuditWriter } from '../modules/audit/audit-writer';
import { ClientAccess } from '../policy/access';
import { isDatabaseNotAnswering } from '../db/availability';
import type { ReadReplica } from '../db/read-replica';
import { logUnexpectedError } from './errors';
import type { Logger } from './logger';
import { requestScopeOf } from './observability';
import type { RateLimiter } from './rate-limit';
import { mayUseAdHocDocuments, trustedDocumentIdOf } from './trusted-documents';

const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

/**
 * Random bytes for trace and span ids, drawn from the system 4 KiB at a time and each handed out
 * once, as Node's own randomUUID does: two randomBytes calls per request were two system calls.
 */
const randomPool = Buffer.alloc(4096);
let randomAt = randomPool.length;

function randomHex(bytes: number): string {
  if (randomAt + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  randomAt += bytes;
  return randomPool.toString('hex', randomAt - bytes, randomAt);
}

/**
 * W3C trace context (also the Logboek Dataverwerkingen standard's ids): the caller's
 * `traceparent: <version>-<trace id>-<parent span id>-<flags>` when it is valid, else a new trace.
 * The gateway's own work is a new span under it.
 */
export function traceOf(header: unknown): { traceId: string; spanId: string; parentSpanId: string | null; flags: string } {
  const m = TRACEPARENT.exec(typeof header === 'string' ? header.trim() : '');
  const valid = m && m[1] !== 'ff' && !(m[1] === '00' && m[5]) && !ZEROS.test(m[2]) && !ZEROS.test(m[3]);
  const spanId = randomHex(8);
  return valid ? { traceId: m[2], spanId, parentSpanId: m[3], flags: m[4] } : { traceId: randomHex(16), spanId, parentSpanId: null, flags: '01' };
}

/** The application the call came from, as it names itself (a dashboard, a partner's system). */
function applicationOf(req: Request): string | null {
  const named = req.headers['x-client-application'] ?? req.headers['apollographql-client-name'];
  const value = Array.isArray(named) ? named[0] : named;
  return value && /^[\x20-\x7e]{1,100}$/.test(value) ? value : null;
}

export function originOf(req: Request): RequestOrigin & { flags: string } {
  return {
    requestId: (req as Request & { id?: string }).id ?? randomUUID(),
    networkAddress: req.ip ?? null,
    application: applicationOf(req),
    ...traceOf(req.headers.traceparent),
  };
}

/** The one place a request's context is made: a fresh EntityManager fork, loaders and audit buffer. */
export function createContextFactory(orm: MikroORM, config: Config, authenticate: Authenticate, logger: Logger, rateLimiter: RateLimiter, auditWriter: AuditWriter, replica: ReadReplica) {
  const create = async (req: Request, res: Response): Promise<Context> => {
    const scope = requestScopeOf(res);
    const em = orm.em.fork({ loggerContext: statementContext(scope) });
    const origin = originOf(req);
    res.setHeader('traceparent', `00-${origin.traceId}-${origin.spanId}-${origin.flags}`);
    let actor: Context['actor'];
    let token: Context['token'];
    try {
      ({ actor, token } = await authenticate(req.headers.authorization, em, () => signsOutOnly(req)));
    } catch (err) {
      // Looking the professional up is the first query of every request: a database that is away,
      // or that gave up on the lookup, must answer 503 here, not 500.
      if (isDatabaseNotAnswering(err)) throw new ServiceUnavailableError();
      // A refused token is worth a look (NEN 7513); a request without any token is not an attempt.
      if (err instanceof UnauthenticatedError && err.failure !== 'NO_TOKEN') {
        // Past its budget of refused tokens an address is told to wait, and only the first refusal
        // of the run is written: each line takes the audit chain's lock. Past the budget of lines
        // from all addresses together, only the first line of that run is written.
        const throttled = rateLimiter.refuseToken(origin.networkAddress ?? 'unknown');
        const line = !throttled ? err.failure : throttled.first ? 'TOO_MANY_REFUSED_TOKENS' : null;
        const overall = line ? rateLimiter.writeRefusedToken() : null;
        const reason = !overall ? line : overall.first ? 'TOO_MANY_REFUSED_TOKENS_OVERALL' : null;
        if (reason) {
          const audit = new AuditBuffer(err.professional, origin);
          audit.record({ eventType: 'auth.failure', action: 'E', outcome: 'DENIED', reason });
          await auditWriter.write(audit, scope).catch((flushErr) => logger.error({ err: flushErr, requestId: origin.requestId }, 'refused token could not be audited'));
        }
        if (throttled) throw new RateLimitedError(throttled.retryAfter);
      }
      throw err;
    }
    if (config.trustedDocumentsOnly && !trustedDocumentIdOf(req) && !mayUseAdHocDocuments(actor)) {
      throw new PersistedQueryNotFoundError('Your role may send only the dashboards\' trusted documents: send a documentId');
    }
    const retryAfter = rateLimiter.take(actor);
    if (retryAfter !== null) throw new RateLimitedError(retryAfter);
    const now = new Date();
    const audit = new AuditBuffer(actor, origin);
    const loaders = new Loaders(em);
    return {
      requestId: origin.requestId,
      actor,
      token,
      em,
      loaders,
      access: new ClientAccess(actor, loaders, now, audit),
      audit,
      now,
      config,
      replica,
      scope,
    };
  };
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    try {
      return await create(req, res);
    } catch (err) {
      // Apollo answers a failed context without asking any plugin: its code and log are ours to keep.
      const code = (err as { extensions?: { code?: unknown } }).extensions?.code;
      requestScopeOf(res)?.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
      if (typeof code !== 'string') logUnexpectedError(logger, err, requestScopeOf(res)?.requestId);
      throw err;
    }
  };
}
