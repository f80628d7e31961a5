/**
 * Boot the real gateway for one test file, on its own copy of the demo database, and speak to it
 * as a person would: `as('casemanager@iriszorg.example').query(…)` sends the operation over HTTP
 * with that professional's real token.
 */
import { listen } from '../../src/server/listen';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../src/config';
import { connectToDatabase, ensureDatabase, prepareToServe } from '../../src/db/database';
import { devToken } from '../../src/auth/token.cli';
import { demoId } from '../../src/db/demo/seed';
import { demoSubject } from '../../src/db/demo/personas';
import { buildApp, type App } from '../../src/server/app';
import { createLogger, type Logger } from '../../src/server/logger';
import { AS_OWNER, AS_SUPERUSER, ChainRoles, sql } from './database-roles';
import { TEMPLATE, ensureTemplate } from './template';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

export interface Caller {
  email: string;
  token: string;
  query<T = any>(document: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
}

export interface TestGateway {
  url: string;
  orm: MikroORM;
  config: Config;
  app: App;
  /** The listening HTTP server (a shutdown test stops it itself). */
  http: Server;
  database: string;
  /** The database as the server's superuser: for what a test does that the gateway's own role may not. */
  superuserUrl: string;
  as(email: string): Promise<Caller>;
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Count the SQL statements `fn` sends to the database. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[]; roundTrips: number }>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Mints a caller's token; by default the development key signs it (production needs an OIDC issuer: test/helpers/oidc.ts). */
  token?: (email: string) => Promise<string>;
  /** Another PostgreSQL server than the run's shared one (a test that stops its database). */
  server?: string;
  /** A streaming standby of `server`: DATABASE_REPLICA_URLS then names the gateway's database on it. */
  standby?: string;
  logger?: Logger;
  /**
   * A production gateway connects as the role docs/operations.md §2.6 sets up, which may not alter
   * the audit and holds what the gateway needs (the gateway refuses any other); with `asSuperuser`
   * it connects as the server's superuser instead. `afterGrants` is SQL run after the doc's grants,
   * in the doc's names: a grant more (`… to ketenpoort_gateway`), or one taken back.
   */
  asSuperuser?: boolean;
  afterGrants?: string;
  /** How long a connection may stay quiet before the server cuts it (SOCKET_IDLE_MS otherwise). */
  socketIdleMs?: number;
}

export async function startGateway(env: Record<string, string> = {}, opts: GatewayOptions = {}): Promise<TestGateway> {
  const server = opts.server ?? process.env.KETENPOORT_TEST_SERVER;
  if (!server) throw new Error('the jest global setup did not start a database');
  const database = `t_${randomBytes(6).toString('hex')}`;
  const superuserUrl = `${server}/${database}`;
  const roles = env.NODE_ENV === 'production' && !opts.asSuperuser ? new ChainRoles(server, database) : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    KETENPOORT_DATA_DIR: process.env.KETENPOORT_TEST_DIR!,
    DATABASE_URL: roles?.url('ketenpoort_gateway') ?? superuserUrl,
    // Test files send hundreds of requests as one person, and many refused tokens from one
    // address; the rate-limit tests set their own.
    RATE_LIMIT_PROFESSIONAL_BURST: '100000',
    RATE_LIMIT_ORGANISATION_BURST: '100000',
    RATE_LIMIT_REFUSED_TOKENS_BURST: '100000',
    RATE_LIMIT_REFUSED_TOKENS_OVERALL_BURST: '100000',
    ...(opts.standby ? { DATABASE_REPLICA_URLS: `${opts.standby}/${database}` } : {}),
    ...env,
  });
  await ensureTemplate(server, config.db);
  await ensureDatabase(server, database, TEMPLATE);
  if (roles) await setUpRoles(roles, opts.afterGrants);
  // One logger for the gateway and its database driver, as main.ts has it.
  const logger = opts.logger ?? createLogger(config.logLevel);
  const orm = await connectToDatabase(config.databaseUrl!, config.db, logger);
  let app: App;
  try {
    await prepareToServe(config, orm);
    app = await buildApp(config, orm, { logger });
  } catch (err) {
    await orm.close(true);
    await roles?.drop();
    throw err;
  }
  const http: Server = await new Promise((resolve) => {
    const s = listen(app.express, 0, '127.0.0.1', () => resolve(s), opts.socketIdleMs);
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const statements: string[] = [];
  let roundTrips = 0;
  let counting = false;
  orm.em.getConnection().getKnex().on('query', (q: { sql: string }) => {
    // A batch of reads is one round trip holding several statements (src/common/loaders.ts).
    if (!counting) return;
    roundTrips++;
    statements.push(...q.sql.split(';\n'));
  });

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: GraphQLResponse['body'];
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { errors: [{ message: text }] };
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  return {
    url,
    orm,
    config,
    app,
    http,
    database,
    superuserUrl,
    post,
    async as(email) {
      const token = opts.token ? await opts.token(email) : await devToken(config.dataDir, email, { audience: config.auth.audience, issuer: config.auth.devIssuer });
      return {
        email,
        token,
        query: (document, variables, headers = {}) => post({ query: document, variables }, { authorization: `Bearer ${token}`, ...headers }) as never,
      };
    },
    async countStatements(fn) {
      statements.length = 0;
      roundTrips = 0;
      counting = true;
      try {
        const result = await fn();
        return { result, statements: [...statements], roundTrips };
      } finally {
        counting = false;
      }
    },
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await app.stop();
      await orm.close(true);
      await roles?.drop();
    },
  };
}

/**
 * The roles of docs/operations.md §2.6 on a copy of the template: those its first block makes (the
 * copy is its database), and its grants, run as the superuser who owns the copied tables.
 */
async function setUpRoles(roles: ChainRoles, afterGrants = ''): Promise<void> {
  for (const statement of roles.statements(AS_SUPERUSER).filter((s) => s.startsWith('create role'))) await sql(roles.superuserUrl('postgres'), statement);
  await sql(roles.superuserUrl(), roles.ours(`${AS_OWNER}\n${afterGrants}`));
}

/** A professional the demo does not have (number `n` among the demo's professionals' ids), signed in as any demo professional is. */
export async function addProfessional(gw: TestGateway, n: number, email: string, name: string, organisationId: string, roles: string[]): Promise<void> {
  await gw.orm.em
    .getConnection()
    .execute(`insert into professional (id, name, email, subject, organisation_id, roles) values (?, ?, ?, ?, ?, ?)`, [demoId(3, n), name, email, demoSubject(email), organisationId, `{${roles.join(',')}}`]);
}
