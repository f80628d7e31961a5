/**
 * `npm run bench` (10k clients, short runs) or `npm run bench -- --full` (1k, 10k and 100k):
 * generates the chain, then drives each scenario against the gateway, the gateway without
 * policy and audit, and the physical limit, at a fixed concurrency for a fixed time, and prints
 * a markdown table. `--write` also writes bench/RESULTS.md.
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
import { BENCH_PERSONA, SCENARIOS, type Scenario } from './scenarios';
import type { Mode } from './server';

const args = process.argv.slice(2);
const FULL = args.includes('--full');
const DURATION = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? (FULL ? 20 : 6));
const CONNECTIONS = 16;
const scales: Scale[] = FULL ? ['1k', '10k', '100k'] : ['10k'];

interface Row {
  scale: Scale;
  scenario: string;
  mode: Mode;
  rps: number;
  p50: number;
  p99: number;
  sqlPerRequest: number;
  peakRssMb: number;
  errors: number;
  note?: string;
}

function startServer(mode: Mode, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  // Node as `npm start` runs it (a larger young generation: a GraphQL answer allocates a lot that dies young).
  const child = fork(path.join(__dirname, 'server.js'), [mode], { env, execArgv: ['--max-semi-space-size=64'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type: string; port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

function stats(child: ChildProcess): Promise<{ statements: number; peakRssMb: number }> {
  return new Promise((resolve) => {
    child.once('message', (m: { statements: number; peakRssMb: number }) => resolve(m));
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

async function measure(scale: Scale, scenario: Scenario, mode: Mode, env: NodeJS.ProcessEnv, token: string | null, ids: string[]): Promise<Row> {
  const { child, port } = await startServer(mode, { ...env, BENCH_SCENARIO: scenario.name });
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const requests = scenario.bodies(ids).map((b) => ({ method: 'POST' as const, headers, body: JSON.stringify(b) }));
    for (const r of requests.slice(0, 4)) {
      const res = await fetch(url, r);
      const problem = problemOf(res.status, await res.text());
      if (problem) return { scale, scenario: scenario.name, mode, rps: 0, p50: 0, p99: 0, sqlPerRequest: 0, peakRssMb: 0, errors: 1, note: problem };
    }
    const before = await stats(child);
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests });
    const after = await stats(child);
    const total = result.requests.total;
    return {
      scale,
      scenario: scenario.name,
      mode,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      sqlPerRequest: total ? (after.statements - before.statements) / total : 0,
      peakRssMb: after.peakRssMb,
      errors: result.non2xx + result.errors + result.timeouts,
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
    const seconds = (Date.now() - started) / 1000;
    const { rows: me } = await pg.query(`select id, organisation_id from professional where email = $1`, [BENCH_PERSONA]);
    const { rows: mine } = await pg.query(`select client_id from case_assignment where professional_id = $1 and ended_on is null order by client_id limit 50`, [me[0].id]);
    const actor = { professionalId: me[0].id as string, organisationId: me[0].organisation_id as string };
    return { url, config, seconds, actor, ids: mine.map((r) => r.client_id as string) };
  } finally {
    await pg.end();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b?: number) => (b ? `${fmt((100 * a) / b)}%` : '—');

function table(rows: Row[]): string {
  const lines = [
    '| scale | scenario | server | req/s | p50 ms | p99 ms | SQL/req | peak RSS MB | vs physical | vs no policy |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const base = (m: Mode) => rows.find((o) => o.scale === r.scale && o.scenario === r.scenario && o.mode === m && !o.note)?.rps;
    lines.push(
      r.note
        ? `| ${r.scale} | ${r.scenario} | ${r.mode} | — | — | — | — | — | — | ${r.note.replace(/\|/g, '/').slice(0, 120)} |`
        : `| ${r.scale} | ${r.scenario} | ${r.mode} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.sqlPerRequest, 1)} | ${r.peakRssMb} | ${r.mode === 'physical' ? '' : ratio(r.rps, base('physical'))} | ${r.mode === 'gateway' ? ratio(r.rps, base('bare')) : ''} |` +
            (r.errors ? ` (${r.errors} errors)` : ''),
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(path.join(dataDir, 'postgres'), { persistent: false });
  const serverUrl = embedded?.serverUrl ?? process.env.DATABASE_URL!.replace(/\/[^/]*$/, '');
  const rows: Row[] = [];
  const generated: string[] = [];
  try {
    for (const scale of scales) {
      process.stderr.write(`generating ${scale} clients…\n`);
      const { url, config, seconds, actor, ids } = await prepare(serverUrl, scale, dataDir);
      generated.push(`${scale}: ${fmt(seconds, 1)} s`);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'silent',
        DATABASE_URL: url,
        KETENPOORT_DATA_DIR: dataDir,
        BENCH_ACTOR: JSON.stringify(actor),
        // One professional at full speed is the load being measured, not an abuse to throttle.
        RATE_LIMIT_PROFESSIONAL_BURST: '100000',
        RATE_LIMIT_PROFESSIONAL_PER_MINUTE: '1000000',
        RATE_LIMIT_ORGANISATION_BURST: '1000000',
        RATE_LIMIT_ORGANISATION_PER_MINUTE: '10000000',
      };
      for (const scenario of SCENARIOS) {
        const token = await devToken(dataDir, scenario.persona, { audience: config.auth.audience, issuer: config.auth.devIssuer });
        for (const mode of ['gateway', 'bare', 'physical'] as Mode[]) {
          if (mode === 'physical' && !scenario.physical) continue;
          if (mode === 'bare' && scenario.name.startsWith('dashboard page (10)')) continue;
          process.stderr.write(`${scale} · ${scenario.name} · ${mode}\n`);
          rows.push(
            await measure(scale, scenario, mode, env, mode === 'physical' ? null : token, ids).catch((err: Error) => ({
              scale, scenario: scenario.name, mode, rps: 0, p50: 0, p99: 0, sqlPerRequest: 0, peakRssMb: 0, errors: 1, note: err.message,
            })),
          );
        }
      }
    }
  } finally {
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const report = [
    `${CONNECTIONS} concurrent connections, ${DURATION} s per run, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`,
    `Dataset generated in ${generated.join(', ')}.`,
    '',
    table(rows),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (args.includes('--write')) {
    const command = `npm run bench --${FULL ? ' --full' : ''} --write`;
    fs.writeFileSync(
      path.join(REPO_ROOT, 'bench', 'RESULTS.md'),
      `# Benchmark results\n\nMeasured ${new Date().toISOString().slice(0, 10)} with \`${command}\`.\n\n${report}\n`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
