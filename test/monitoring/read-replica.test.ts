/**
 * A read replica for the monitoring aggregates (DATABASE_REPLICA_URLS, docs/scaling.md step 2), on
 * a real streaming standby of a PostgreSQL of this file's own. Year reports read the standby while
 * it is provably within DATABASE_REPLICA_MAX_LAG_SECONDS of the primary, and the primary once it
 * lags further; client data and the policy's facts never read it, so a consent revoked on the
 * primary stops the very next read while the standby still holds it. A replica that is away, a
 * copy or a promoted standby (no standby at all), or a standby that cancels a report for a conflict
 * with its recovery leaves the figures to the primary instead of taking them away.
 *
 * The tests pause the standby's replay to hold it at a known point: every answer then shows which
 * server it came from.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { today as chainToday } from '../../src/common/scalars';
import { ConfigError, loadConfig } from '../../src/config';
import { ensureDatabase } from '../../src/db/database';
import { ormOptions } from '../../src/db/orm.config';
import { primaryReader } from '../../src/db/read-replica';
import { DEMO } from '../../src/db/demo/seed';
import { monitoringFigures } from '../../src/modules/monitoring/monitoring-figures';
import { createLogger } from '../../src/server/logger';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { startOwnPostgres, type OwnPostgres } from '../helpers/postgres-process';
import { TEMPLATE, ensureTemplate } from '../helpers/template';
import { firstError } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

const EXACT = { DISCLOSURE_K_ANALYST: '1', DISCLOSURE_K_POLICY_OFFICER: '1', DISCLOSURE_K_PROCESS_DIRECTOR: '1' };
const REFERRALS = 'query ($m: ID!, $from: Date!, $to: Date!) { monitoring(municipalityId: $m, from: $from, to: $to) { referrals { value suppressed } } }';
const HEALTH = 'query ($id: ID!) { client(id: $id) { health { summary } } }';
const today = chainToday();
const THIS_YEAR = { m: DEMO.org.nijmegen, from: `${today.slice(0, 4)}-01-01`, to: today };
const MAX_LAG_SECONDS = 3;

/** The figures as one database holds them, read straight from it. */
const figuresIn = (orm: MikroORM) => monitoringFigures(primaryReader(orm.em.fork()), THIS_YEAR.m, THIS_YEAR.from, THIS_YEAR.to);

/** A log that keeps its lines, parsed. */
function logSink() {
  const lines: { msg: string; level: number; [k: string]: unknown }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

/** What `/metrics` says the primary took over, by reason. */
async function fallbacks(gw: TestGateway): Promise<Record<string, number>> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  return Object.fromEntries([...text.matchAll(/^ketenpoort_read_replica_fallbacks_total\{reason="(\w+)"\} (\d+)$/gm)].map(([, reason, n]) => [reason, Number(n)]));
}

/** Waits until `holds` answers true. */
async function until(holds: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !(await holds()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
  }
}

async function referNewClient(gw: TestGateway, name: string): Promise<void> {
  const wijkteam = await gw.as('casemanager@wijkteam.example');
  const made = await wijkteam.query(operation('ReferClient'), {
    input: { teamId: DEMO.stapteam, newClient: { name }, reasonCategory: 'BASIC', reason: 'Asked us for help on the zone' },
  });
  expect(made.body.errors).toBeUndefined();
}

describe('with a streaming standby', () => {
  const log = logSink();
  let dir: string;
  let pg: OwnPostgres;
  let gw: TestGateway;
  let standby: MikroORM;
  // WAL positions and replay are the whole server's: asked in its `postgres` database.
  let primaryServer: PgClient;
  let standbyServer: PgClient;

  /** Waits until the standby has replayed all the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const { rows: [{ lsn }] } = await primaryServer.query('select pg_current_wal_lsn() as lsn');
    await until(async () => (await standbyServer.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as done', [lsn])).rows[0].done, 'the standby catches up');
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-replica-'));
    fs.chmodSync(dir, 0o755);
    pg = await startOwnPostgres(path.join(dir, 'postgres'), { standby: true });
    primaryServer = new PgClient({ connectionString: `${pg.serverUrl}/postgres` });
    standbyServer = new PgClient({ connectionString: `${pg.standbyUrl}/postgres` });
    await Promise.all([primaryServer.connect(), standbyServer.connect()]);
    gw = await startGateway({ ...EXACT, DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS) }, { server: pg.serverUrl, standby: pg.standbyUrl, logger: log.logger });
    await caughtUp();
    standby = await MikroORM.init(ormOptions(`${pg.standbyUrl}/${gw.database}`, gw.config.db));
  });
  afterAll(async () => {
    await gw?.close();
    await standby?.close(true);
    await Promise.all([primaryServer?.end(), standbyServer?.end()]);
    await pg?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the figures from the standby while it keeps up, and from the primary once it lags further', async () => {
    const officer = await gw.as('policy@nijmegen.example');
    await caughtUp();
    await standbyServer.query('select pg_wal_replay_pause()');
    try {
      // A woman referred now: written on the primary; the paused standby does not see her.
      await referNewClient(gw, 'Yara Z.');
      const [primaryHas, standbyHas] = await Promise.all([figuresIn(gw.orm), figuresIn(standby)]);
      expect(primaryHas.referrals).toBe(standbyHas.referrals + 1);

      // Seconds ago the standby held all the primary did: within the bound, it answers.
      const early = await officer.query(REFERRALS, THIS_YEAR);
      expect(early.body.errors).toBeUndefined();
      expect(early.body.data.monitoring.referrals).toEqual({ value: standbyHas.referrals, suppressed: false });
      expect(await fallbacks(gw)).toEqual({ unavailable: 0, lagging: 0, conflict: 0 });

      // Held back past the bound, it no longer answers: the primary does, with the referral in it.
      const paused = Date.now();
      await until(async () => {
        const late = await officer.query(REFERRALS, THIS_YEAR);
        expect(late.body.errors).toBeUndefined();
        return late.body.data.monitoring.referrals.value === primaryHas.referrals;
      }, 'the primary takes over');
      expect(Date.now() - paused).toBeGreaterThanOrEqual((MAX_LAG_SECONDS - 1) * 1000);
      expect((await officer.query(REFERRALS, THIS_YEAR)).body.data.monitoring.referrals.value).toBe(primaryHas.referrals);
      expect((await fallbacks(gw)).lagging).toBeGreaterThanOrEqual(2);
      const warnings = log.lines.filter((l) => /read replica lags/.test(l.msg));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 40, maxLagMs: MAX_LAG_SECONDS * 1000 });
    } finally {
      await standbyServer.query('select pg_wal_replay_resume()');
    }

    // Caught up again, the standby answers again: the primary takes over nothing more.
    await caughtUp();
    const before = await fallbacks(gw);
    const again = await officer.query(REFERRALS, THIS_YEAR);
    expect(again.body.data.monitoring.referrals.value).toBe((await figuresIn(standby)).referrals);
    expect(await fallbacks(gw)).toEqual(before);
    expect(log.lines.filter((l) => /read replica caught up/.test(l.msg))).toHaveLength(1);
  });

  it('answers from the primary a report the standby cancelled for a conflict with its recovery', async () => {
    // The standby gives way to replay at once, not after the default 30 s.
    await standbyServer.query('alter system set max_standby_streaming_delay = 0');
    await standbyServer.query('select pg_reload_conf()');
    const locker = new PgClient({ connectionString: `${pg.serverUrl}/${gw.database}` });
    await locker.connect();
    const waitingFor = (server: PgClient) => async () =>
      (await server.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%monitoring_span_count%'")).rowCount! > 0;
    try {
      const officer = await gw.as('policy@nijmegen.example');
      const expected = (await figuresIn(gw.orm)).referrals;
      const before = await fallbacks(gw);
      // On the primary, a transaction locks the activity's gaps, which the figures read last; the standby
      // replays the lock, so the report's statement there waits, holding the tables it read first.
      await locker.query('begin');
      await locker.query('lock table activity_client_gap in access exclusive mode');
      await primaryServer.query('select pg_switch_wal()');
      await until(async () => (await standby.em.fork().getConnection().execute("select 1 from pg_locks where relation = 'activity_client_gap'::regclass and mode = 'AccessExclusiveLock'")).length > 0, 'the standby holds the lock');
      const report = officer.query(REFERRALS, THIS_YEAR);
      await until(waitingFor(standbyServer), 'the report waits on the standby');
      // Then it locks one of those: to replay that, the standby cancels the report's statement.
      await locker.query('lock table monitoring_span_count in access exclusive mode');
      await primaryServer.query('select pg_switch_wal()');
      // The primary takes the report over, and answers once the locks are gone.
      await until(waitingFor(primaryServer), 'the report waits on the primary');
      await locker.query('rollback');
      const res = await report;
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.monitoring.referrals).toEqual({ value: expected, suppressed: false });
      expect(await fallbacks(gw)).toEqual({ ...before, conflict: before.conflict + 1 });
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
      await standbyServer.query('alter system reset max_standby_streaming_delay');
      await standbyServer.query('select pg_reload_conf()');
    }
  });

  it('reads client data from the primary: a consent revoked there stops the very next read', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const consents = (await cm.query(operation('ClientWorkflow'), { id: DEMO.client(16) })).body.data.client.consents;
    const consent = consents.find((c: { organisation: { id: string } | null; state: string }) => c.organisation?.id === DEMO.org.iriszorg && c.state === 'ACTIVE');
    expect((await cm.query(HEALTH, { id: DEMO.client(16) })).body.data.client.health).toEqual({ summary: expect.any(String) });

    await caughtUp();
    await standbyServer.query('select pg_wal_replay_pause()');
    try {
      const revoked = await cm.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reasonCategory: 'BASIC', reason: 'She no longer wants this shared' } });
      expect(revoked.body.errors).toBeUndefined();
      // The standby still holds the consent as it was.
      const [held] = await standby.em.fork().getConnection().execute('select revoked_at from consent where id = ?', [consent.id]);
      expect(held.revoked_at).toBeNull();

      const next = await cm.query(HEALTH, { id: DEMO.client(16) });
      expect(next.body.data.client.health).toBeNull();
      expect(firstError(next)).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REVOKED' });
    } finally {
      await standbyServer.query('select pg_wal_replay_resume()');
    }
  });

  // Last: it ends the standby.
  it('never reads a standby once it is promoted, though it replayed all the primary wrote', async () => {
    const officer = await gw.as('policy@nijmegen.example');
    await referNewClient(gw, 'Xena W.');
    await caughtUp();
    expect((await officer.query(REFERRALS, THIS_YEAR)).body.data.monitoring.referrals.value).toBe((await figuresIn(standby)).referrals);
    const before = await fallbacks(gw);

    await standbyServer.query('select pg_promote()');
    // Its own server now: what is written there alone was never true on the primary.
    await standby.em.fork().getConnection().execute('delete from referral where created_at >= chain_day_start(?::date)', [THIS_YEAR.from]);
    const [primaryHas, promotedHas] = await Promise.all([figuresIn(gw.orm), figuresIn(standby)]);
    expect(primaryHas.referrals).toBeGreaterThan(0);
    expect(promotedHas.referrals).toBe(0);

    const res = await officer.query(REFERRALS, THIS_YEAR);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.monitoring.referrals).toEqual({ value: primaryHas.referrals, suppressed: false });
    expect((await fallbacks(gw)).lagging).toBe(before.lagging + 1);
    expect(log.lines.filter((l) => /read replica is no standby/.test(l.msg))).toHaveLength(1);
  });
});

describe('with a copy that replays nothing', () => {
  const log = logSink();
  let gw: TestGateway;
  let copy: MikroORM;

  beforeAll(async () => {
    // A copy of the demo database on the run's server: no standby, so it never follows the primary.
    const server = process.env.KETENPOORT_TEST_SERVER!;
    const copyDb = `t_copy_${randomBytes(6).toString('hex')}`;
    const { db } = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `${server}/${copyDb}` });
    await ensureTemplate(server, db);
    await ensureDatabase(server, copyDb, TEMPLATE);
    copy = await MikroORM.init(ormOptions(`${server}/${copyDb}`, db));
    gw = await startGateway({ ...EXACT, DATABASE_REPLICA_URLS: `${server}/${copyDb}` }, { logger: log.logger });
  });
  afterAll(async () => {
    await gw?.close();
    await copy?.close(true);
  });

  it('never reads it: the primary answers, and the log says why', async () => {
    await referNewClient(gw, 'Zoë Y.');
    const [primaryHas, copyHas] = await Promise.all([figuresIn(gw.orm), figuresIn(copy)]);
    expect(primaryHas.referrals).toBe(copyHas.referrals + 1);
    const officer = await gw.as('policy@nijmegen.example');
    for (let i = 0; i < 2; i++) {
      const res = await officer.query(REFERRALS, THIS_YEAR);
      expect(res.body.data.monitoring.referrals).toEqual({ value: primaryHas.referrals, suppressed: false });
    }
    expect(await fallbacks(gw)).toEqual({ unavailable: 0, lagging: 2, conflict: 0 });
    expect(log.lines.filter((l) => /read replica is no standby/.test(l.msg))).toEqual([expect.objectContaining({ level: 40 })]);
    expect(log.lines.filter((l) => /read replica lags/.test(l.msg))).toEqual([]);
  });
});

describe('with a replica that cannot be reached', () => {
  const log = logSink();
  const PASSWORD = 'replica-secret-do-not-log';
  let away: TestGateway;

  beforeAll(async () => {
    // A port nothing listens on: the replica is down, or not there yet.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    away = await startGateway({ ...EXACT, DATABASE_REPLICA_URLS: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/ketenpoort` }, { logger: log.logger });
  });
  afterAll(() => away?.close());

  it('starts, and the primary answers the figures; the outage is logged once, without the URL, and counted', async () => {
    const officer = await away.as('policy@nijmegen.example');
    const expected = { value: (await figuresIn(away.orm)).referrals, suppressed: false };
    for (let i = 0; i < 3; i++) {
      const res = await officer.query(REFERRALS, THIS_YEAR);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.monitoring.referrals).toEqual(expected);
    }
    const warnings = log.lines.filter((l) => /read replica unavailable/.test(l.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, retryInMs: 30_000, err: { code: 'ECONNREFUSED' } });
    expect(JSON.stringify(log.lines)).not.toContain(PASSWORD);
    expect(await fallbacks(away)).toEqual({ unavailable: 3, lagging: 0, conflict: 0 });
  });
});

describe('DATABASE_REPLICA_URLS and DATABASE_REPLICA_MAX_LAG_SECONDS', () => {
  const base = { NODE_ENV: 'test', DATABASE_URL: 'postgresql://gateway:secret@db.example/ketenpoort' };

  it('takes a comma-separated list of postgresql:// URLs', () => {
    const urls = 'postgresql://r:s@replica1.example/ketenpoort, postgres://r:s@replica2.example/ketenpoort';
    expect(loadConfig({ ...base, DATABASE_REPLICA_URLS: urls }).db.replicaUrls).toEqual([
      'postgresql://r:s@replica1.example/ketenpoort',
      'postgres://r:s@replica2.example/ketenpoort',
    ]);
    expect(loadConfig(base).db.replicaUrls).toEqual([]);
  });

  it('refuses anything else without repeating it, and refuses replicas of the embedded database', () => {
    const wrong = () => loadConfig({ ...base, DATABASE_REPLICA_URLS: 'mysql://r:hunter2@replica.example/x' });
    expect(wrong).toThrow(ConfigError);
    expect(wrong).toThrow(/not a postgresql:\/\/ URL/);
    expect(wrong).not.toThrow(/hunter2/);
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_REPLICA_URLS: 'postgresql://r:s@replica.example/x' })).toThrow(/needs DATABASE_URL/);
  });

  it('bounds the lag at 30 seconds unless told otherwise, from 1 second to an hour', () => {
    expect(loadConfig(base).db.replicaMaxLagMs).toBe(30_000);
    expect(loadConfig({ ...base, DATABASE_REPLICA_MAX_LAG_SECONDS: '5' }).db.replicaMaxLagMs).toBe(5_000);
    for (const value of ['0', '3601', 'soon']) expect(() => loadConfig({ ...base, DATABASE_REPLICA_MAX_LAG_SECONDS: value })).toThrow(ConfigError);
  });
});
