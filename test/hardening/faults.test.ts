/**
 * Faults: the database has its timeouts and pool limits; when PostgreSQL goes away, or takes no
 * writes, requests fail fast with 503 SERVICE_UNAVAILABLE and /readyz says so; when it comes back
 * the same gateway recovers by itself. This file runs its own PostgreSQL, so stopping it affects no other file.
 * A SIGTERM lets requests in flight finish, with their audit written, before the process exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import type { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../../src/db/availability';
import { connectToDatabase } from '../../src/db/database';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { createLogger } from '../../src/server/logger';
import { gracefulStop, stopOnSignals } from '../../src/server/shutdown';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { startOwnPostgres, type OwnPostgres } from '../helpers/postgres-process';
import type { Server } from 'node:http';

const ME = '{ me { id } }';
const LOG_ACTIVITY = 'mutation ($input: LogActivityInput!) { logActivity(input: $input) { id minutes } }';

let dir: string;
let pg: OwnPostgres;
let gw: TestGateway;

/** What the gateway logged at warn or above, as an operator reads it. */
const logged: { level: number; msg: string; err?: { code?: string }; component?: string; driverMessage?: string }[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
    done();
  },
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-faults-'));
  fs.chmodSync(dir, 0o755);
  pg = await startOwnPostgres(path.join(dir, 'postgres'));
  gw = await startGateway({ DB_STATEMENT_TIMEOUT_MS: '1500', DB_CONNECT_TIMEOUT_MS: '1000', DB_POOL_MAX: '8' }, { server: pg.serverUrl, logger: createLogger('warn', sink) });
}, 120000);
afterAll(async () => {
  await gw?.close().catch(() => undefined);
  await pg?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('database settings', () => {
  it('sets a statement timeout and an idle-in-transaction timeout on every connection', async () => {
    const conn = gw.orm.em.getConnection();
    expect((await conn.execute('show statement_timeout'))[0].statement_timeout).toBe('1500ms');
    expect((await conn.execute('show idle_in_transaction_session_timeout'))[0].idle_in_transaction_session_timeout).toBe('10s');
    await expect(conn.execute('select pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
  });

  it('bounds the pool and how long a request waits for a connection: 503 while all are taken, served once one is free', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const { client } = gw.orm.em.getConnection().getKnex();
    // Every connection of the pool (DB_POOL_MAX) held, as by as many slow requests.
    const held: unknown[] = await Promise.all(Array.from({ length: gw.config.db.poolMax }, () => client.acquireConnection()));
    try {
      const waited = await cm.query(ME);
      expect(waited.status).toBe(503);
      expect(waited.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    } finally {
      for (const connection of held) client.releaseConnection(connection);
    }
    expect((await cm.query(ME)).status).toBe(200);
  });
});

describe('connections the server ends while they lie idle in the pool', () => {
  /** Ends the gateway's idle connections from the server's side, as a restart or an administrator would. */
  async function endIdleConnections(cm: Caller): Promise<void> {
    // Several requests at once, so that several connections lie idle afterwards.
    await Promise.all(Array.from({ length: 4 }, () => cm.query(ME)));
    const admin = new PgClient({ connectionString: gw.config.databaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and application_name = 'ketenpoort' and state = 'idle'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      // Their errors reach the gateway's clients as the sockets close.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await admin.end();
    }
  }

  // pitfalls.md: node-postgres emits 'error' on an idle client whose server ended it (a restart, a
  // failover, an administrator, idle_session_timeout); an 'error' nobody listens for ends the
  // process. knex, through which MikroORM pools, listens on every connection it opens: this test
  // fails should an upgrade (MikroORM 7 pools through kysely and pg-pool) drop that listener.
  it('costs nothing but new connections: the gateway keeps serving', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    await endIdleConnections(cm);
    const after = await Promise.all(Array.from({ length: 4 }, () => cm.query(ME)));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  // knex says so when the pool hands out a connection that died (its "Connection Error"), by
  // itself with console.log: a coloured line of text among the JSON an operator's pipeline reads.
  it('says in the structured log that a connection was lost, and writes nothing to stdout itself', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const before = logged.length;
    const printed = jest.spyOn(console, 'log');
    try {
      await endIdleConnections(cm);
      expect((await cm.query(ME)).status).toBe(200);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
    expect(logged.slice(before)).toContainEqual(
      expect.objectContaining({ level: 40, component: 'database', msg: 'database driver warning', driverMessage: expect.stringMatching(/^Connection Error: /) }),
    );
  });
});

describe('a statement held up past DB_STATEMENT_TIMEOUT_MS', () => {
  it('answers 503 SERVICE_UNAVAILABLE, not 500, and serves again once nothing holds it up', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    expect((await cm.query(ME)).status).toBe(200);
    // Another session holds the professionals' table: the request's lookup of its caller waits for
    // it longer than the 1.5 s a statement may take here.
    const holder = new PgClient({ connectionString: gw.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table professional in access exclusive mode');
      const held = await cm.query(ME);
      expect(held.status).toBe(503);
      expect(held.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect((await cm.query(ME)).status).toBe(200);
  });

  // Once a change committed, nothing held up after it may answer "try again": a resend would log
  // her hours twice, and her trail would say the change both happened and failed.
  it('answers a change that committed as made, even when what follows its commit is held up', async () => {
    const her = DEMO.client(14);
    const cm = await gw.as('casemanager@iriszorg.example');
    const conn = gw.orm.em.fork().getConnection();
    const logged = async () => (await conn.execute(`select count(*)::int as n from activity_log where client_id = ?`, [her]))[0].n as number;
    const before = await logged();
    const [rowHolder, tableHolder, watcher] = [0, 1, 2].map(() => new PgClient({ connectionString: gw.config.databaseUrl }));
    await Promise.all([rowHolder, tableHolder, watcher].map((c) => c.connect()));
    const waitingOnLocks = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (rows[0].n >= n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`fewer than ${n} sessions waiting on a lock`);
    };
    try {
      // The write waits for her row inside its transaction; behind it queues a lock that takes the
      // grants away from everyone else the moment the write commits, for longer than a statement may take.
      await rowHolder.query('begin');
      await rowHolder.query('select 1 from client where id = $1 for update', [her]);
      const answer = cm.query(LOG_ACTIVITY, { input: { clientId: her, minutes: 45 } }, { 'x-request-id': 'committed-then-held-up' });
      await waitingOnLocks(1);
      await tableHolder.query('begin');
      const grantsTaken = tableHolder.query('lock table break_glass_grant in access exclusive mode');
      await waitingOnLocks(2);
      await rowHolder.query('rollback');
      await grantsTaken;
      const res = await answer;
      await tableHolder.query('rollback');

      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.logActivity).toMatchObject({ id: expect.any(String), minutes: 45 });
      expect((await logged()) - before).toBe(1);
      const lines = await conn.execute(`select event_type, outcome from audit_event where request_id = 'committed-then-held-up'`);
      expect(lines).toEqual([{ event_type: 'activity.log', outcome: 'GRANTED' }]);
    } finally {
      await Promise.all([rowHolder, tableHolder].map((c) => c.query('rollback').catch(() => undefined)));
      await Promise.all([rowHolder, tableHolder, watcher].map((c) => c.end()));
    }
  });
});

describe('the audit chain held up past DB_STATEMENT_TIMEOUT_MS', () => {
  it('answers every read waiting to write its audit 503 within its own timeout and the one ahead of it, however many wait, then serves again', async () => {
    const timeout = gw.config.db.statementTimeoutMs;
    const cm = await gw.as('casemanager@iriszorg.example');
    const read = () => cm.query('query ($id: ID!) { client(id: $id) { code } }', { id: DEMO.client(14) });
    // Another session holds the chain's lock (7513, migration …_audit_append_only), as a long insert would.
    const holder = new PgClient({ connectionString: gw.config.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock(7513)');
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => read().then((res) => ({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, slow: Date.now() - started > 2.5 * timeout }))),
      );
      expect(answers).toEqual(Array.from({ length: 6 }, () => ({ status: 503, code: 'SERVICE_UNAVAILABLE', slow: false })));
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect((await read()).status).toBe(200);
  }, 30000);
});

describe('a database that answers but takes no writes (a standby after a failover, or set read-only)', () => {
  async function readyz(until: number): Promise<{ status: number; body: unknown }> {
    let res = await fetch(`${gw.url}/readyz`);
    for (let attempt = 0; attempt < 50 && res.status !== until; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await fetch(`${gw.url}/readyz`);
    }
    return { status: res.status, body: await res.json() };
  }

  it('is not ready and says why; a write is answered and logged as the database unavailable; ready again once it takes writes', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const her = { input: { clientId: DEMO.client(14), minutes: 30 } };
    expect((await readyz(200)).status).toBe(200);
    const admin = new PgClient({ connectionString: gw.config.databaseUrl });
    await admin.connect();
    try {
      // The whole server turns read-only, as a fenced old primary does; this session alone keeps writing, to undo it.
      await admin.query('set default_transaction_read_only = off');
      await admin.query('alter system set default_transaction_read_only = on');
      await admin.query('select pg_reload_conf()');
      expect(await readyz(503)).toEqual({ status: 503, body: { status: 'unavailable', reason: expect.stringMatching(/read-only/) } });

      logged.length = 0;
      const write = await cm.query(LOG_ACTIVITY, her);
      expect(write.status).toBe(503);
      expect(write.body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(logged.filter((l) => l.msg === 'internal error')).toEqual([]);
      expect(logged).toContainEqual(expect.objectContaining({ msg: 'database unavailable', err: expect.objectContaining({ code: '25006' }) }));
    } finally {
      await admin.query('alter system reset default_transaction_read_only');
      await admin.query('select pg_reload_conf()');
      await admin.end();
    }
    expect((await readyz(200)).status).toBe(200);
    const write = await cm.query(LOG_ACTIVITY, her);
    expect(write.body.errors).toBeUndefined();
    expect(write.body.data.logActivity).toMatchObject({ minutes: 30 });
  });
});

describe('PostgreSQL going away and coming back', () => {
  it('fails fast with 503 while the database is down, and recovers without a restart', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    expect((await cm.query(ME)).status).toBe(200);
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);

    await pg.stop();
    try {
      const down = await cm.query(ME);
      expect(down.status).toBe(503);
      expect(down.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
      expect((await fetch(`${gw.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    } finally {
      await pg.start();
    }

    let ready = 503;
    for (let attempt = 0; attempt < 50 && ready !== 200; attempt++) {
      ready = (await fetch(`${gw.url}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready).toBe(200);
    const back = await cm.query(ME);
    expect(back.status).toBe(200);
    expect((back.body.data as any).me.id).toBeTruthy();
  }, 60000);
});

describe('a gateway started while its database does not answer (DB_START_WAIT_SECONDS)', () => {
  const waitingLines = (from: number) => logged.slice(from).filter((l) => l.msg === 'the database does not answer yet: trying again');

  it('waits for it, saying so each time it tries, and is connected once it answers', async () => {
    const from = logged.length;
    await pg.stop();
    let down = true;
    let orm: MikroORM | undefined;
    try {
      const connecting = connectToDatabase(gw.config.databaseUrl!, gw.config.db, createLogger('warn', sink));
      for (let i = 0; i < 100 && waitingLines(from).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(waitingLines(from)).toEqual([
        expect.objectContaining({ level: 40, retryInMs: 1000, err: expect.objectContaining({ code: 'ECONNREFUSED' }) }),
        expect.objectContaining({ level: 40, retryInMs: 1000, err: expect.objectContaining({ code: 'ECONNREFUSED' }) }),
      ]);
      await pg.start();
      down = false;
      orm = await connecting;
      expect(await orm.em.getConnection().execute('select current_database() as db')).toEqual([{ db: gw.database }]);
    } finally {
      if (down) await pg.start();
      await orm?.close(true);
    }
  }, 60000);

  it('gives up after DB_START_WAIT_SECONDS with the error that kept it away', async () => {
    const from = logged.length;
    await pg.stop();
    try {
      const db = { ...gw.config.db, startWaitMs: 2000 };
      const refused = await connectToDatabase(gw.config.databaseUrl!, db, createLogger('warn', sink)).then(
        () => 'connected',
        (err: unknown) => err,
      );
      expect(isDatabaseUnavailable(refused)).toBe(true);
      expect(waitingLines(from).length).toBeGreaterThanOrEqual(1);
    } finally {
      await pg.start();
    }
  }, 60000);

  it('does not wait for a database that refuses it: a wrong password stops the start at once', async () => {
    const from = logged.length;
    const wrong = new URL(gw.config.databaseUrl!);
    wrong.password = 'not-the-password';
    await expect(connectToDatabase(wrong.toString(), gw.config.db, createLogger('warn', sink))).rejects.toMatchObject({ code: '28P01' });
    expect(waitingLines(from)).toEqual([]);
  });
});

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the request in flight, writes its audit, then stops and exits', async () => {
    // A gateway of its own, with the default statement timeout, which the held lock stays well within.
    const gw = await startGateway({}, { server: pg.serverUrl });
    const cm = await gw.as('casemanager@iriszorg.example');
    const server: Server = gw.http;
    // Hold the audit table so the read below is in flight, waiting to write its audit line.
    const blocker = new PgClient({ connectionString: `${pg.serverUrl}/${gw.database}` });
    blocker.on('error', () => undefined); // the database of this file is stopped at its end
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table audit_event in exclusive mode');
    const inFlight = cm.query('query ($id: ID!) { client(id: $id) { identity { name } } }', { id: DEMO.client(16) }, { 'x-request-id': 'req-shutdown-1' });
    // Watched from another session: pg_stat_activity stays frozen within the blocker's transaction.
    const watcher = new PgClient({ connectionString: `${pg.serverUrl}/${gw.database}` });
    watcher.on('error', () => undefined);
    await watcher.connect();
    let waiting = false;
    for (let i = 0; i < 100 && !waiting; i++) {
      const { rows } = await watcher.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%audit_append(%' and pid <> pg_backend_pid()`);
      waiting = rows.length > 0;
      if (!waiting) await new Promise((r) => setTimeout(r, 50));
    }
    await watcher.end();
    expect(waiting).toBe(true);

    let exitCode: number | undefined;
    let stopped = false;
    const exited = new Promise<void>((resolve) => {
      stopOnSignals(
        () => gracefulStop(server, { app: gw.app, close: async () => { stopped = true; } }, gw.app.logger),
        (code) => {
          exitCode = code;
          resolve();
        },
      );
    });
    process.emit('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(exitCode).toBeUndefined(); // still waiting for the request in flight
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow(); // no new connections

    await blocker.query('commit');
    await blocker.end();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((res.body.data as any).client.identity.name).toBeTruthy();
    await exited;
    expect(exitCode).toBe(0);
    expect(stopped).toBe(true);
    const em = gw.orm.em.fork();
    // Its lines are all there: her lookup (BASIC) and her identity, each on its own basis.
    const lines = await em.find(AuditEvent, { requestId: 'req-shutdown-1' });
    expect(lines.flatMap((l) => l.categories).sort()).toEqual(['BASIC', 'IDENTITY']);
    await gw.orm.close(true);
  }, 30000);
});
