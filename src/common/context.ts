import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../auth/actor';
import type { PresentedToken } from '../auth/authenticate';
import type { Config } from '../config';
import type { ReadReplica } from '../db/read-replica';
import type { AuditBuffer } from '../modules/audit/audit-buffer';
import type { ClientAccess } from '../policy/access';
import type { RequestScope } from './request-scope';
import type { Loaders } from './loaders';

/** Everything one request owns, built in one place (server/context.ts) and gone when it ends. */
export interface Context {
  requestId: string;
  actor: Actor;
  /** The token the request came with (for a sign-out to end it). */
  token: PresentedToken;
  em: EntityManager;
  loaders: Loaders;
  access: ClientAccess;
  audit: AuditBuffer;
  /** One clock per request, so every decision in it agrees on what "now" is. */
  now: Date;
  config: Config;
  /** Where aggregates read: a replica when there is one, else the primary. */
  replica: ReadReplica;
  /** The request's log line and metrics (absent where a request is made without HTTP, as in benchmarks). */
  scope?: RequestScope;
}
