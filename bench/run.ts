/**
 * `npm run bench` (10k clients, short runs) or `npm run bench -- --full` (1k, 10k and 100k):
 * generates the chain, then drives each scenario against the gateway, the gateway without
 * policy and audit, and the physical limit, and prints a markdown table and the verdict on each
 * target of issue #8. `--write` also writes bench/RESULTS.md; `--scenario=<part of a name>` runs
 * only the scenarios whose name holds it.
 *
 * Each server is measured twice with 16 connections: closed-loop for throughput (each connection
 * sends its next request when the last one is answered), then at a fixed arrival rate for latency
 * — half the gateway's own throughput, the same rate for all three servers (open-loop.ts). A
 * closed loop at saturation only measures its own queue (16 × the service time), and it
 * understates the tail besides (coordinated omission).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { devToken } from '../src/auth/token.cli';
import { REPO_ROOT } from '../src/common/paths';
import { loadConfig } from '../src/config';
import { ensureDatabase, migrate } from '../src/db/database';
import { seedDemo } from '../src/db/demo/seed';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { ormOptions } from '../src/db/orm.config';
import { SCALES, generateChain, type Scale } from './dataset';
import { databaseCpuMs } from './database-cpu';
import { openLoop } from './open-loop';
import { BENCH_PERSONA, SCENARIOS, type Scenario } from './scenarios';
import type { Mode } from './server';

const args = process.argv.slice(2);
const FULL = args.includes('--full');
const DURATION = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? (FULL ? 15 : 6));
const CONNECTIONS = 16;
/** The arrival rate latency is measured at, as a share of the gateway's closed-loop throughput. */
const LATENCY_LOAD = 0.5;
const NOTES_MARKER = '<!-- notes: kept by --write -->';
const scales: Scale[] = FULL ? ['1k', '10k', '100k'] : ['10k'];
const only = args.find((a) => a.startsWith('--scenario='))?.split('=')[1];

interface Row {
  scale: Scale;
  scenario: string;
  mode: Mode;
  rps: number;
  /** CPU time of the server's process per request: what a request costs, whatever else runs on the machine. */
  cpuMs: number;
  /** The fixed arrival rate the latencies were measured at. */
  rate: number;
  p50: number;
  p99: number;
  /** CPU time PostgreSQL spent per request (embedded cluster only; null where it cannot be read). */
  dbCpuMs: number | null;
  sqlPerRequest: number;
  /** Round trips to PostgreSQL: a batch of reads is several statements in one. */
  tripsPerRequest: number;
  peakRssMb: number;
  errors: number;
  note?: string;
}

interface Stats {
  statements: number;
  roundTrips: number;
  peakRssMb: number;
  cpu: NodeJS.CpuUsage;
}

function startServer(mode: Mode, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  // Node as `npm start` runs it (a larger young generation: a GraphQL answer allocates a lot that dies young).
  const child = fork(path.join(__dirname, 'server.js'), [mode], { env, execArgv: ['--max-semi-space-size=64'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type: string; port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

function stats(child: ChildProcess): Promise<Stats> {
  return new Promise((resolve) => {
    child.once('message', (m: Stats) => resolve(m));
    child.send({ type: 'stats' });
  });
}

/** A GraphQL answer the benchmark may count: no error but the FORBIDDEN of a withheld category. */
function problemOf(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  const parsed = JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] };
  const bad = (parsed.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
  return bad.length ? bad.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ') : null;
}

const failed = (scale: Scale, scenario: string, mode: Mode, note: string): Row => ({
  scale, scenario, mode, rps: 0, cpuMs: 0, dbCpuMs: null, rate: 0, p50: 0, p99: 0, sqlPerRequest: 0, tripsPerRequest: 0, peakRssMb: 0, errors: 1, note,
});

/** `rate`: the arrival rate for the latency run; without one, half of this server's own throughput. */
async function measure(
  scale: Scale,
  scenario: Scenario,
  mode: Mode,
  env: NodeJS.ProcessEnv,
  token: string | null,
  ids: string[],
  clusterDir: string | null,
  rate?: number,
): Promise<Row> {
  const { child, port } = await startServer(mode, { ...env, BENCH_SCENARIO: scenario.name });
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const requests = scenario.bodies(ids).map((b) => ({ method: 'POST' as const, headers, body: JSON.stringify(b) }));
    for (const r of requests.slice(0, 4)) {
      const res = await fetch(url, r);
      const problem = problemOf(res.status, await res.text());
      if (problem) return failed(scale, scenario.name, mode, problem);
    }
    const before = await stats(child);
    const dbBefore = databaseCpuMs(clusterDir);
    const throughput = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests });
    const dbAfter = databaseCpuMs(clusterDir);
    const after = await stats(child);
    const total = throughput.requests.total;
    const overallRate = Math.max(1, Math.round(rate ?? throughput.requests.average * LATENCY_LOAD));
    const latency = await openLoop(url, requests, { rate: overallRate, seconds: Math.max(10, DURATION), connections: CONNECTIONS });
    const cpuMicros = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
    return {
      scale,
      scenario: scenario.name,
      mode,
      rps: throughput.requests.average,
      cpuMs: total ? cpuMicros / 1000 / total : 0,
      dbCpuMs: total && dbBefore !== null && dbAfter !== null ? (dbAfter - dbBefore) / total : null,
      rate: overallRate,
      p50: latency.p50,
      p99: latency.p99,
      sqlPerRequest: total ? (after.statements - before.statements) / total : 0,
      tripsPerRequest: total ? (after.roundTrips - before.roundTrips) / total : 0,
      peakRssMb: (await stats(child)).peakRssMb,
      errors: throughput.non2xx + throughput.errors + throughput.timeouts + latency.errors,
    };
  } finally {
    child.kill();
  }
}

async function prepare(serverUrl: string, scale: Scale, dataDir: string) {
  const database = `ketenpoort_bench_${scale}`;
  const admin = new PgClient({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists "${database}" with (force)`);
  await admin.end();
  await ensureDatabase(serverUrl, database);
  const url = `${serverUrl}/${database}`;
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: url, KETENPOORT_DATA_DIR: dataDir });
  const orm = await MikroORM.init(ormOptions(url, config.db));
  try {
    await migrate(orm);
    await seedDemo(orm.em.fork());
  } finally {
    await orm.close(true);
  }
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const started = Date.now();
    await generateChain(pg, SCALES[scale]);
    // Leave autovacuum nothing to do on the fresh tables while the first scenario is measured.
    await pg.query('vacuum analyze');
    const seconds = (Date.now() - started) / 1000;
    const { rows: professionals } = await pg.query(`select id, email, organisation_id from professional where email = any($1)`, [[...new Set(SCENARIOS.map((s) => s.persona))]]);
    const actors = new Map(professionals.map((p) => [p.email as string, { professionalId: p.id as string, organisationId: p.organisation_id as string }]));
    const { rows: mine } = await pg.query(`select client_id from case_assignment where professional_id = $1 and ended_on is null order by client_id limit 50`, [actors.get(BENCH_PERSONA)!.professionalId]);
    return { url, config, seconds, actors, ids: mine.map((r) => r.client_id as string) };
  } finally {
    await pg.end();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b?: number) => (b ? `${fmt((100 * a) / b)}%` : '—');

function table(rows: Row[]): string {
  const lines = [
    '| scale | scenario | server | req/s | CPU ms/req | DB CPU ms/req | SQL/req | trips/req | at req/s | p50 ms | p99 ms | peak RSS MB | vs physical | vs no policy |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const base = (m: Mode) => rows.find((o) => o.scale === r.scale && o.scenario === r.scenario && o.mode === m && !o.note)?.rps;
    lines.push(
      r.note
        ? `| ${r.scale} | ${r.scenario} | ${r.mode} | — | — | — | — | — | — | — | — | — | — | ${r.note.replace(/\|/g, '/').slice(0, 120)} |`
        : `| ${r.scale} | ${r.scenario} | ${r.mode} | ${fmt(r.rps)} | ${fmt(r.cpuMs, 1)} | ${r.dbCpuMs === null ? '—' : fmt(r.dbCpuMs, 1)} | ${fmt(r.sqlPerRequest, 1)} | ${fmt(r.tripsPerRequest, 1)} | ${fmt(r.rate)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.peakRssMb} | ${r.mode === 'physical' ? '' : ratio(r.rps, base('physical'))} | ${r.mode === 'gateway' ? ratio(r.rps, base('bare')) : ''} |` +
            (r.errors ? ` (${r.errors} errors)` : ''),
    );
  }
  return lines.join('\n');
}

/** Issue #8's targets, judged from this run's rows alone; a target this run has no rows for says so. */
function verdicts(rows: Row[]): string {
  const ok = rows.filter((r) => !r.note && r.mode === 'gateway');
  const find = (scale: Scale, scenario: string, mode: Mode = 'gateway') => rows.find((r) => !r.note && r.scale === scale && r.scenario === scenario && r.mode === mode);
  const judge = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**missed**');
  const out: [string, string, boolean | null][] = [];

  const pages = ok.filter((r) => r.scenario.startsWith('dashboard page'));
  const spread = (xs: number[]) => (xs.length ? Math.max(...xs) - Math.min(...xs) : NaN);
  const byScale = [...new Set(pages.map((r) => r.scale))].map((scale) => pages.filter((r) => r.scale === scale).map((r) => r.sqlPerRequest));
  const acrossScales = [...new Set(ok.map((r) => r.scenario))].map((scenario) => ok.filter((r) => r.scenario === scenario).map((r) => r.sqlPerRequest));
  const constant = pages.length ? byScale.every((xs) => spread(xs) < 1) && acrossScales.every((xs) => spread(xs) < 1) : null;
  out.push(['SQL statements per request constant in page size and data size',
    ok.map((r) => `${r.scale} ${r.scenario}: ${fmt(r.sqlPerRequest, 1)}`).join('; ') || '—', constant]);

  const shares = ok.filter((r) => r.scenario === 'dashboard page (50)').map((r) => ({ r, physical: find(r.scale, r.scenario, 'physical') }));
  out.push(['dashboard page ≥ 50% of the physical limit',
    shares.map(({ r, physical }) => `${r.scale}: ${physical ? ratio(r.rps, physical.rps) : '—'} (${fmt(r.rps)} vs ${fmt(physical?.rps ?? 0)} req/s)`).join('; ') || '—',
    shares.length ? shares.every(({ r, physical }) => physical && r.rps >= 0.5 * physical.rps) : null]);

  const costs = ok.map((r) => ({ r, bare: find(r.scale, r.scenario, 'bare') })).filter((x) => x.bare);
  out.push(['authorization + audit cost ≤ 25% of throughput',
    costs.map(({ r, bare }) => `${r.scale} ${r.scenario}: ${fmt(100 * (1 - r.rps / bare!.rps))}%`).join('; ') || '—',
    costs.length ? costs.every(({ r, bare }) => r.rps >= 0.75 * bare!.rps) : null]);

  const tenK = ok.filter((r) => r.scale === '10k');
  out.push([`p99 < 100 ms with ${CONNECTIONS} connections at 10k clients (at ${LATENCY_LOAD * 100}% of the gateway's throughput)`,
    tenK.map((r) => `${r.scenario}: ${fmt(r.p99)} ms at ${fmt(r.rate)} req/s`).join('; ') || '—',
    tenK.length ? tenK.every((r) => r.p99 < 100) : null]);

  const monitoring = find('100k', 'monitoring, one year');
  out.push(['monitoring for a year in a few statements, < 250 ms at 100k clients',
    monitoring ? `${fmt(monitoring.sqlPerRequest, 1)} statements; p50 ${fmt(monitoring.p50)} ms, p99 ${fmt(monitoring.p99)} ms at ${fmt(monitoring.rate)} req/s` : 'runs with --full',
    monitoring ? monitoring.sqlPerRequest <= 5 && monitoring.p99 < 250 : null]);

  return ['| target | measured | verdict |', '|---|---|---|', ...out.map(([t, m, v]) => `| ${t} | ${m} | ${judge(v)} |`)].join('\n');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(dataDir, 'postgres'), { persistent: false });
  const serverUrl = embedded?.serverUrl ?? process.env.DATABASE_URL!.replace(/\/[^/]*$/, '');
  const clusterDir = embedded ? path.join(dataDir, 'postgres', 'pg') : null;
  const rows: Row[] = [];
  const generated: string[] = [];
  try {
    for (const scale of scales) {
      process.stderr.write(`generating ${scale} clients…\n`);
      const { url, config, seconds, actors, ids } = await prepare(serverUrl, scale, dataDir);
      generated.push(`${scale}: ${fmt(seconds, 1)} s`);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // Libraries as deployed; the gateway's settings stay development's (bench/server.ts).
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: url,
        KETENPOORT_DATA_DIR: dataDir,
        // One professional at full speed is the load being measured, not an abuse to throttle.
        RATE_LIMIT_PROFESSIONAL_BURST: '100000',
        RATE_LIMIT_PROFESSIONAL_PER_MINUTE: '1000000',
        RATE_LIMIT_ORGANISATION_BURST: '1000000',
        RATE_LIMIT_ORGANISATION_PER_MINUTE: '10000000',
      };
      for (const scenario of SCENARIOS.filter((s) => !only || s.name.includes(only))) {
        const token = await devToken(dataDir, scenario.persona, { audience: config.auth.audience, issuer: config.auth.devIssuer });
        let rate: number | undefined;
        for (const mode of ['gateway', 'bare', 'physical'] as Mode[]) {
          if (mode === 'physical' && !scenario.physical) continue;
          if (mode === 'bare' && scenario.name.startsWith('dashboard page (10)')) continue;
          process.stderr.write(`${scale} · ${scenario.name} · ${mode}\n`);
          const scenarioEnv = { ...env, BENCH_ACTOR: JSON.stringify(actors.get(scenario.persona)) };
          const row = await measure(scale, scenario, mode, scenarioEnv, mode === 'physical' ? null : token, ids, clusterDir, rate).catch((err: Error) => failed(scale, scenario.name, mode, err.message));
          rows.push(row);
          // The others are measured at the gateway's rate, so their latencies compare at equal load.
          if (mode === 'gateway' && !row.note) rate = row.rate;
        }
      }
    }
  } finally {
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const report = [
    `${CONNECTIONS} connections, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} shared by PostgreSQL, the server and the load generator, Node ${process.version}.`,
    `Throughput: closed loop for ${DURATION} s. Latency: open loop at a fixed arrival rate (${LATENCY_LOAD * 100}% of the gateway's throughput, "at req/s"), counted from when each request was due.`,
    `Dataset generated in ${generated.join(', ')}.`,
    '',
    table(rows),
    '',
    '### Against the targets of issue #8',
    '',
    verdicts(rows),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (args.includes('--write')) {
    const command = `npm run bench --${FULL ? ' --full' : ''}${only ? ` --scenario=${only}` : ''} --write`;
    const file = path.join(REPO_ROOT, 'bench', 'RESULTS.md');
    // What people wrote about the figures stays, below the marker; the figures above it are replaced.
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const notes = previous.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER)) : `${NOTES_MARKER}\n`;
    fs.writeFileSync(file, `# Benchmark results\n\nMeasured ${new Date().toISOString().slice(0, 10)} with \`${command}\`.\n\n${report}\n\n${notes}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
