/**
 * One server under test, in a process of its own so its memory and CPU are its own:
 * `gateway` (as deployed), `bare` (the same app — limits, logs, metrics, helmet — around the same
 * resolvers without graphql-shield and without the read audit: composed here, in benchmark code,
 * so no setting of the real server can turn policy off), or `physical` (hand-written SQL behind
 * node:http: the limit of this machine and database).
 *
 * The parent talks to it over IPC: `stats` answers statements and round trips to PostgreSQL, peak
 * RSS and CPU time so far; `capture` starts recording the text of each round trip and `captured`
 * answers what was recorded since (what one request sends, for bench/page-cost.ts); `exit` ends it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { statementsIn } from '../src/common/request-scope';
import { ormOptions, POOL_IDLE_MS } from '../src/db/orm.config';
import { buildApp, composeApp } from '../src/server/app';
import { buildBareSchema } from '../src/server/schema';
import { SCENARIOS } from './scenarios';

export type Mode = 'gateway' | 'bare' | 'physical';

let statements = 0;
let roundTrips = 0;
let captured: string[] | null = null;

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
}

async function graphqlServer(mode: 'gateway' | 'bare'): Promise<http.Server> {
  // The libraries run as in production (NODE_ENV=production: graphql-js, for one, checks every
  // type test twice in development); the gateway's own settings are development's, because the
  // benchmark has no identity provider and signs its tokens with the development key.
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const orm = await MikroORM.init(ormOptions(config.databaseUrl!, config.db));
  // Statements as the gateway counts them for its metrics (a batch of reads counts what it holds);
  // round trips as knex sends them.
  const logger = orm.config.getLogger();
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (context) => {
    statements += statementsIn(context);
    logQuery(context);
  };
  // MikroORM sends its values inlined, so the text is what PostgreSQL ran.
  orm.em.getConnection().getKnex().on('query', (q: { sql: string }) => {
    roundTrips++;
    captured?.push(q.sql);
  });
  const app = mode === 'gateway' ? await buildApp(config, orm) : await composeApp(config, orm, { schema: await buildBareSchema(), auditReads: false });
  return http.createServer(app.express);
}

function physicalServer(): http.Server {
  // Connections kept as long as the gateway keeps its own: with node-postgres' 10 s, the pool was
  // empty again at the start of each of its rounds, the other two servers' turns taking 16 s.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10), idleTimeoutMillis: POOL_IDLE_MS });
  const query = pool.query.bind(pool);
  pool.query = ((...args: Parameters<Pool['query']>) => {
    statements++;
    roundTrips++;
    return (query as (...a: unknown[]) => unknown)(...args);
  }) as Pool['query'];
  const actor = JSON.parse(process.env.BENCH_ACTOR!) as { organisationId: string; professionalId: string };
  const scenario = SCENARIOS.find((s) => s.name === process.env.BENCH_SCENARIO)!;
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      try {
        const answer = await scenario.physical!(pool, JSON.parse(body).variables ?? {}, actor);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  });
}

async function main(): Promise<void> {
  const mode = process.argv[2] as Mode;
  const server = mode === 'physical' ? physicalServer() : await graphqlServer(mode);
  server.listen(0, '127.0.0.1', () => process.send!({ type: 'ready', port: (server.address() as AddressInfo).port }));
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'stats') process.send!({ type: 'stats', statements, roundTrips, peakRssMb: peakRssMb(), cpu: process.cpuUsage() });
    if (msg.type === 'capture') captured = [];
    // A profiled server (node --cpu-prof) writes its profile only when it exits by itself.
    if (msg.type === 'exit') process.exit(0);
    if (msg.type === 'captured') {
      process.send!({ type: 'captured', trips: captured ?? [] });
      captured = null;
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
