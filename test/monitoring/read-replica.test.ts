/**
 * A read replica for the monitoring aggregates (DATABASE_REPLICA_URLS, docs/scaling.md step 2):
 * year reports read the replica; client data and the policy's facts never do, so a consent revoked
 * on the primary stops the very next read while the replica still holds it; and a replica that is
 * away leaves the figures to the primary instead of taking them from the municipality.
 *
 * The replica here is a copy of the demo database taken before the gateway starts and never
 * updated: a replica whose lag never ends, so every answer shows which database it came from.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../../src/config';
import { ensureDatabase } from '../../src/db/database';
import { ormOptions } from '../../src/db/orm.config';
import { primaryReader } from '../../src/db/read-replica';
import { DEMO } from '../../src/db/demo/seed';
import { monitoringFigures } from '../../src/modules/monitoring/monitoring-figures';
import { createLogger } from '../../src/server/logger';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { TEMPLATE, ensureTemplate } from '../helpers/template';
import { firstError } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

const EXACT = { DISCLOSURE_K_ANALYST: '1', DISCLOSURE_K_POLICY_OFFICER: '1', DISCLOSURE_K_PROCESS_DIRECTOR: '1' };
const REFERRALS = 'query ($m: ID!, $from: Date!, $to: Date!) { monitoring(municipalityId: $m, from: $from, to: $to) { referrals { value suppressed } } }';
const HEALTH = 'query ($id: ID!) { client(id: $id) { health { summary } } }';
const today = new Date().toISOString().slice(0, 10);
const THIS_YEAR = { m: DEMO.org.nijmegen, from: `${today.slice(0, 4)}-01-01`, to: today };

const server = process.env.KETENPOORT_TEST_SERVER!;
let gw: TestGateway;
let replica: MikroORM;

/** The figures as one database holds them, read straight from it. */
const figuresIn = (orm: MikroORM) => monitoringFigures(primaryReader(orm.em.fork()), THIS_YEAR.m, THIS_YEAR.from, THIS_YEAR.to);

beforeAll(async () => {
  const replicaDb = `t_replica_${randomBytes(6).toString('hex')}`;
  const { db } = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `${server}/${replicaDb}` });
  await ensureTemplate(server, db);
  await ensureDatabase(server, replicaDb, TEMPLATE);
  replica = await MikroORM.init(ormOptions(`${server}/${replicaDb}`, db));
  gw = await startGateway({ ...EXACT, DATABASE_REPLICA_URLS: `${server}/${replicaDb}` });
});
afterAll(async () => {
  await gw?.close();
  await replica?.close(true);
});

describe('with a replica', () => {
  it('answers the monitoring figures from the replica, not from the primary', async () => {
    const officer = await gw.as('policy@nijmegen.example');
    const before = (await officer.query(REFERRALS, THIS_YEAR)).body.data.monitoring.referrals;

    // A woman referred now: written on the primary, which the replica never sees.
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const made = await wijkteam.query(operation('ReferClient'), {
      input: { teamId: DEMO.stapteam, newClient: { name: 'Yara Z.' }, reasonCategory: 'BASIC', reason: 'Asked us for help on the zone' },
    });
    expect(made.body.errors).toBeUndefined();
    const [onPrimary, onReplica] = await Promise.all([figuresIn(gw.orm), figuresIn(replica)]);
    expect(onPrimary.referrals).toBe(onReplica.referrals + 1);

    const after = await officer.query(REFERRALS, THIS_YEAR);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.monitoring.referrals).toEqual({ value: onReplica.referrals, suppressed: false });
    expect(before).toEqual(after.body.data.monitoring.referrals);
    expect(await (await fetch(`${gw.url}/metrics`)).text()).toMatch(/^ketenpoort_read_replica_fallbacks_total 0$/m);
  });

  it('reads client data from the primary: a consent revoked there stops the very next read', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const consents = (await cm.query(operation('ClientWorkflow'), { id: DEMO.client(16) })).body.data.client.consents;
    const consent = consents.find((c: { organisation: { id: string } | null; state: string }) => c.organisation?.id === DEMO.org.iriszorg && c.state === 'ACTIVE');
    expect((await cm.query(HEALTH, { id: DEMO.client(16) })).body.data.client.health).toEqual({ summary: expect.any(String) });

    const revoked = await cm.query(operation('RevokeConsent'), { input: { id: consent.id, version: consent.version, reason: 'She no longer wants this shared' } });
    expect(revoked.body.errors).toBeUndefined();
    // The replica still holds the consent as it was.
    const [held] = await replica.em.fork().getConnection().execute('select revoked_at from consent where id = ?', [consent.id]);
    expect(held.revoked_at).toBeNull();

    const next = await cm.query(HEALTH, { id: DEMO.client(16) });
    expect(next.body.data.client.health).toBeNull();
    expect(firstError(next)).toMatchObject({ code: 'FORBIDDEN', reason: 'CONSENT_REVOKED' });
  });
});

describe('with a replica that cannot be reached', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
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
    away = await startGateway({ ...EXACT, DATABASE_REPLICA_URLS: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/ketenpoort` }, { logger: createLogger('warn', sink) });
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
    const warnings = lines.map((l) => JSON.parse(l)).filter((e) => /read replica unavailable/.test(e.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, retryInMs: 30_000, err: { code: 'ECONNREFUSED' } });
    expect(lines.join('\n')).not.toContain(PASSWORD);
    const metrics = await (await fetch(`${away.url}/metrics`)).text();
    expect(metrics).toMatch(/^ketenpoort_read_replica_fallbacks_total 3$/m);
  });
});

describe('DATABASE_REPLICA_URLS', () => {
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
});
