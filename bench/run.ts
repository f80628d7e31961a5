/**
 * `npm run bench` (10k clients, short runs) or `npm run bench -- --full` (1k, 10k and 100k):
 * generates the chain, then drives each scenario against the gateway, the gateway without
 * policy and audit, and the physical limit, and prints a markdown table and the verdict on each
 * target of issue #8. `--write` also writes bench/RESULTS.md; `--scale=<1k|10k|100k>` runs one
 * scale; `--scenario=<part of a name>` runs only the scenarios whose name holds it.
 *
 * Each server is measured twice with 16 connections: closed-loop for throughput (each connection
 * sends its next request when the last one is answered; `--rounds` rounds of `--duration` seconds,
 * the servers of a scenario taking turns, req/s the median round), then at a fixed arrival rate for
 * latency — half the gateway's own throughput, the same rate for all three servers, in a full run
 * for at least 1,000 requests (open-loop.ts).
 * A closed loop at saturation only measures its own queue (16 × the service time), and it
 * understates the tail besides (coordinated omission). Last, for each scale, one dashboard page's
 * database time is taken apart (page-cost.ts). Before any of it, the physical limit's answers are
 * checked against the gateway's (`Scenario.sameAnswer`).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { devToken } from '../src/auth/token.cli';
import { REPO_ROOT } from '../src/common/paths';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { SCALES, type Scale } from './dataset';
import { prepareDatabase } from './database';
import { databaseCpuMs } from './database-cpu';
import { addFailures, countOf, openLoop, type Failures } from './open-loop';
import { pageCost, type PageCost } from './page-cost';
import { SCENARIOS, type Scenario } from './scenarios';
import { ask, median, startServer } from './servers';
import type { Mode } from './server';

const args = process.argv.slice(2);
const FULL = args.includes('--full');
/**
 * Seconds of each closed-loop round, and how many rounds each server runs (taking turns with the
 * others), after an unmeasured warm-up. The short run is a check that everything runs and where the
 * ratios stand, in a few minutes (issue #8 asks "a minute or two"); the full run is the measurement.
 */
const DURATION = Number(args.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? (FULL ? 8 : 3));
const WARMUP_SECONDS = FULL ? 2 : 1;
const ROUNDS = Number(args.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? (FULL ? 5 : 1));
const CONNECTIONS = 16;
/** The arrival rate latency is measured at, as a share of the gateway's closed-loop throughput. */
const LATENCY_LOAD = 0.5;
/**
 * How many requests a full run's open loop sends at least, within 10 to 40 s: at a page's 27 a
 * second, ten seconds made a p99 of its three slowest requests out of 270 — one pause decided it.
 */
const LATENCY_REQUESTS = FULL ? 1000 : 0;
const latencySeconds = (rate: number) => Math.max(FULL ? 10 : 4, DURATION, Math.min(40, Math.ceil(LATENCY_REQUESTS / rate)));
const NOTES_MARKER = '<!-- notes: kept by --write -->';
/** The scenario whose database time is taken apart (page-cost.ts), and how many connections replay it: as many as the gateway admits at once. */
const TAKEN_APART = 'dashboard page (50)';
const REPLAY_CONNECTIONS = loadConfig({ NODE_ENV: 'development' }).admission.concurrent;
const scaleArg = args.find((a) => a.startsWith('--scale='))?.split('=')[1];
if (scaleArg && !(scaleArg in SCALES)) throw new Error(`--scale=${scaleArg}: one of ${Object.keys(SCALES).join(', ')}`);
const scales = (scaleArg ? [scaleArg] : FULL ? ['1k', '10k', '100k'] : ['10k']) as Scale[];
const only = args.find((a) => a.startsWith('--scenario='))?.split('=')[1];

interface Row {
  scale: Scale;
  scenario: string;
  mode: Mode;
  /** The median of its closed-loop rounds. */
  rps: number;
  /** Each round's requests/s, in the order they ran. */
  rounds: number[];
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
  /** Requests that failed, by kind: an HTTP status, a timeout, a connection that broke (`failureKinds`). */
  failures: Failures;
  note?: string;
}

interface Stats {
  statements: number;
  roundTrips: number;
  peakRssMb: number;
  cpu: NodeJS.CpuUsage;
}

const stats = (child: ChildProcess) => ask<Stats>(child, 'stats');

/** A GraphQL answer the benchmark may count: no error but the FORBIDDEN of a withheld category. */
function problemOf(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  const parsed = JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] };
  const bad = (parsed.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
  return bad.length ? bad.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ') : null;
}

const failed = (scale: Scale, scenario: string, mode: Mode, note: string): Row => ({
  scale, scenario, mode, rps: 0, rounds: [], cpuMs: 0, dbCpuMs: null, rate: 0, p50: 0, p99: 0, sqlPerRequest: 0, tripsPerRequest: 0, peakRssMb: 0, failures: {}, note,
});

type HttpRequest = { method: 'POST'; headers: Record<string, string>; body: string };

interface Server {
  mode: Mode;
  child: ChildProcess;
  url: string;
  requests: HttpRequest[];
}

/** What a server's closed-loop rounds add up to. */
interface Tally {
  rps: number[];
  requests: number;
  cpuMicros: number;
  dbCpuMs: number | null;
  statements: number;
  trips: number;
  failures: Failures;
}

/** How one closed-loop run failed: each status that was not 2xx, its timeouts, its broken connections. */
function failureKinds(run: autocannon.Result): Failures {
  const kinds: Failures = {};
  for (const [code, { count }] of Object.entries(run.statusCodeStats ?? {})) if (!code.startsWith('2') && count) kinds[`HTTP ${code}`] = count;
  if (run.timeouts) kinds['no answer within 10 s'] = run.timeouts;
  if (run.errors > run.timeouts) kinds['connection error'] = run.errors - run.timeouts;
  return kinds;
}


/** Starts `mode` for `scenario` and checks its first answers; a server that answers wrongly is a failed row, not a number. */
async function startChecked(scale: Scale, scenario: Scenario, mode: Mode, env: NodeJS.ProcessEnv, token: string | null, ids: string[]): Promise<Server | Row> {
  const { child, port } = await startServer(path.join(__dirname, 'server.js'), mode, { ...env, BENCH_SCENARIO: scenario.name });
  const url = `http://127.0.0.1:${port}/graphql`;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(mode !== 'physical' && token ? { authorization: `Bearer ${token}` } : {}) };
  const requests = scenario.bodies(ids).map((b) => ({ method: 'POST' as const, headers, body: JSON.stringify(b) }));
  for (const r of requests.slice(0, 4)) {
    const res = await fetch(url, r);
    const problem = problemOf(res.status, await res.text());
    if (problem) {
      child.kill();
      return failed(scale, scenario.name, mode, problem);
    }
  }
  return { mode, child, url, requests };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where two answers first differ (a path such as `client.trajectories.1.outcome`), or null where they do not. */
function firstDifference(a: Json | undefined, b: Json | undefined, at = ''): string | null {
  if (a === b) return null;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return at || '(the answer)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, Json>)[k], (b as Record<string, Json>)[k], at ? `${at}.${k}` : k);
    if (d) return d;
  }
  return null;
}

/**
 * The physical limit's data as the gateway would answer it to this caller: null where the gateway
 * withheld a field (FORBIDDEN), and without the fields only the policy answers (`gatewayOnly`).
 */
function asTheGatewayWouldAnswer(physical: Json, gateway: { data?: Json; errors?: { path?: (string | number)[]; extensions?: { code?: string } }[] }, gatewayOnly: string[]): { gateway: Json; physical: Json } {
  const strip = (v: Json): Json =>
    Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !gatewayOnly.includes(k)).map(([k, x]) => [k, strip(x)])) : v;
  const withheld = structuredClone(physical) as Record<string, Json>;
  for (const e of gateway.errors ?? []) {
    if (e.extensions?.code !== 'FORBIDDEN' || !e.path?.length) continue;
    const parent = e.path.slice(0, -1).reduce<Json | undefined>((v, k) => (v && typeof v === 'object' ? (v as Record<string, Json>)[k] : undefined), withheld);
    if (parent && typeof parent === 'object') (parent as Record<string, Json>)[e.path[e.path.length - 1]] = null;
  }
  return { gateway: strip(gateway.data ?? null), physical: strip(withheld) };
}

/**
 * A physical limit that answers less (or other) than the gateway would make every ratio a lie: its
 * answers to the scenario's first bodies must be the gateway's (`Scenario.sameAnswer`). Returns
 * what differs, or null.
 */
async function answersDiffer(scenario: Scenario, gateway: Server, physical: Server): Promise<string | null> {
  if (!scenario.sameAnswer) return null;
  for (let i = 0; i < Math.min(4, gateway.requests.length); i++) {
    const [g, p] = await Promise.all([gateway, physical].map(async (s) => (await fetch(s.url, s.requests[i])).json()));
    const { gateway: expected, physical: actual } = asTheGatewayWouldAnswer(p.data, g, scenario.sameAnswer.gatewayOnly);
    const at = firstDifference(expected, actual);
    if (at) return `answers other data than the gateway (request ${i + 1}, at ${at})`;
  }
  return null;
}

/**
 * The servers in the order they run in `round`: rotated by one each round, so over as many rounds
 * as servers each runs once first, once second and once last. Whatever drifts during a scenario
 * (the machine settling after the dataset load, autovacuum woken by the gateway's audit lines) then
 * weighs on every server alike, instead of always on the one that runs first (or right after the
 * gateway).
 */
function turnOrder<T>(servers: T[], round: number): T[] {
  const k = round % Math.max(1, servers.length);
  return [...servers.slice(k), ...servers.slice(0, k)];
}

/** Unmeasured: the first seconds of a server are its JIT's, its caches' and its pool's, not its steady state. */
async function warmUp(s: Server): Promise<void> {
  await autocannon({ url: s.url, connections: CONNECTIONS, duration: WARMUP_SECONDS, requests: s.requests });
}

/**
 * One scenario on each of `modes`. The servers run side by side, idle but for the one measured, and
 * take turns in closed-loop rounds, each round in another order (`turnOrder`): whatever drifts on
 * the machine meanwhile (autovacuum after the gateway's audit inserts, a checkpoint, a neighbour)
 * weighs on each of them alike, and req/s is the median round. Latency follows, each server at the
 * same fixed arrival rate: half the gateway's median throughput (or, without a gateway row, half
 * its own).
 */
async function measureScenario(
  scale: Scale,
  scenario: Scenario,
  modes: Mode[],
  env: NodeJS.ProcessEnv,
  token: string,
  ids: string[],
  clusterDir: string | null,
  /** Receives the round trips one gateway request sent. */
  record?: (trips: string[]) => void,
): Promise<Row[]> {
  const rows = new Map<Mode, Row>();
  const live: Server[] = [];
  try {
    for (const mode of modes) {
      const started = await startChecked(scale, scenario, mode, env, token, ids).catch((err: Error) => failed(scale, scenario.name, mode, err.message));
      if ('child' in started) live.push(started);
      else rows.set(mode, started);
    }
    const gateway = live.find((s) => s.mode === 'gateway');
    const physical = live.find((s) => s.mode === 'physical');
    const differs = gateway && physical && (await answersDiffer(scenario, gateway, physical));
    if (differs) {
      physical.child.kill();
      live.splice(live.indexOf(physical), 1);
      rows.set('physical', failed(scale, scenario.name, 'physical', differs));
    }
    if (record && gateway) {
      gateway.child.send({ type: 'capture' });
      await (await fetch(gateway.url, gateway.requests[0])).text();
      record((await ask<{ trips: string[] }>(gateway.child, 'captured')).trips);
    }
    for (const s of live) await warmUp(s);
    const tallies = new Map<Mode, Tally>(live.map((s) => [s.mode, { rps: [], requests: 0, cpuMicros: 0, dbCpuMs: 0, statements: 0, trips: 0, failures: {} }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of turnOrder(live, round)) {
        const t = tallies.get(s.mode)!;
        const before = await stats(s.child);
        const dbBefore = databaseCpuMs(clusterDir);
        const run = await autocannon({ url: s.url, connections: CONNECTIONS, duration: DURATION, requests: s.requests });
        const dbAfter = databaseCpuMs(clusterDir);
        const after = await stats(s.child);
        t.rps.push(run.requests.average);
        t.requests += run.requests.total;
        t.cpuMicros += after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
        t.dbCpuMs = t.dbCpuMs !== null && dbBefore !== null && dbAfter !== null ? t.dbCpuMs + dbAfter - dbBefore : null;
        t.statements += after.statements - before.statements;
        t.trips += after.roundTrips - before.roundTrips;
        addFailures(t.failures, failureKinds(run));
      }
    }
    const gatewayRate = gateway && median(tallies.get('gateway')!.rps) * LATENCY_LOAD;
    for (const s of live) {
      const t = tallies.get(s.mode)!;
      const rate = Math.max(1, Math.round(gatewayRate ?? median(t.rps) * LATENCY_LOAD));
      // Warmed again: a server may wait a minute or more for its open loop while the others run
      // theirs, and its pool closes the connections it left idle (30 s). Without this, a p99 was the
      // price of new PostgreSQL connections opened at once in its first second or two, not of its
      // steady state (bench/RESULTS.md).
      await warmUp(s);
      const latency = await openLoop(s.url, s.requests, { rate, seconds: latencySeconds(rate), connections: CONNECTIONS });
      const per = (x: number) => (t.requests ? x / t.requests : 0);
      rows.set(s.mode, {
        scale,
        scenario: scenario.name,
        mode: s.mode,
        rps: median(t.rps),
        rounds: t.rps,
        cpuMs: per(t.cpuMicros / 1000),
        dbCpuMs: t.dbCpuMs === null ? null : per(t.dbCpuMs),
        rate,
        p50: latency.p50,
        p99: latency.p99,
        sqlPerRequest: per(t.statements),
        tripsPerRequest: per(t.trips),
        peakRssMb: (await stats(s.child)).peakRssMb,
        failures: addFailures(t.failures, latency.failures),
      });
    }
    return modes.map((m) => rows.get(m)!);
  } finally {
    for (const s of live) s.child.kill();
  }
}


const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b?: number) => (b ? `${fmt((100 * a) / b)}%` : '—');

function table(rows: Row[]): string {
  const lines = [
    '| scale | scenario | server | req/s | rounds | CPU ms/req | DB CPU ms/req | SQL/req | trips/req | at req/s | p50 ms | p99 ms | peak RSS MB | vs physical | vs no policy |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const base = (m: Mode) => rows.find((o) => o.scale === r.scale && o.scenario === r.scenario && o.mode === m && !o.note)?.rps;
    lines.push(
      r.note
        ? `| ${r.scale} | ${r.scenario} | ${r.mode} | — | — | — | — | — | — | — | — | — | — | — | ${r.note.replace(/\|/g, '/').slice(0, 120)} |`
        : `| ${r.scale} | ${r.scenario} | ${r.mode} | ${fmt(r.rps)} | ${r.rounds.map((x) => fmt(x)).join(' · ')} | ${fmt(r.cpuMs, 1)} | ${r.dbCpuMs === null ? '—' : fmt(r.dbCpuMs, 1)} | ${fmt(r.sqlPerRequest, 1)} | ${fmt(r.tripsPerRequest, 1)} | ${fmt(r.rate)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.peakRssMb} | ${r.mode === 'physical' ? '' : ratio(r.rps, base('physical'))} | ${r.mode === 'gateway' ? ratio(r.rps, base('bare')) : ''} |` +
            (countOf(r.failures) ? ` (${countOf(r.failures)} errors: ${Object.entries(r.failures).map(([kind, n]) => `${n} × ${kind}`).join(', ')})` : ''),
    );
  }
  return lines.join('\n');
}

/**
 * The recorded page replayed without the gateway (page-cost.ts), beside the physical limit's whole
 * database time for the same page.
 */
function costTable(costs: { scale: Scale; parts: PageCost[] }[], rows: Row[]): string {
  const lines = [
    `The round trips of one page as the gateway sent them, replayed through \`pg\` by ${REPLAY_CONNECTIONS} connections, whole and with one part left out (taking turns, ${ROUNDS} × ${DURATION} s each); "costs" is the difference.`,
    '',
    '| scale | replayed | pages/s | DB CPU ms/page | costs ms/page | physical limit, whole page |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const { scale, parts } of costs) {
    const physical = rows.find((r) => !r.note && r.scale === scale && r.scenario === TAKEN_APART && r.mode === 'physical')?.dbCpuMs;
    parts.forEach((p, i) =>
      lines.push(
        `| ${scale} | ${p.variant} | ${p.pagesPerSecond ? fmt(p.pagesPerSecond) : '—'} | ${p.dbCpuMs === null ? '—' : fmt(p.dbCpuMs, 1)} | ${p.costMs === null ? '' : fmt(p.costMs, 1)} | ${i === 0 && physical != null ? fmt(physical, 1) : ''} |`,
      ),
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
  const costs: { scale: Scale; parts: PageCost[] }[] = [];
  const generated: string[] = [];
  try {
    for (const scale of scales) {
      process.stderr.write(`generating ${scale} clients…\n`);
      const { url, config, env, seconds, actors, ids } = await prepareDatabase(serverUrl, scale, dataDir, SCENARIOS.map((s) => s.persona));
      generated.push(`${scale}: ${fmt(seconds, 1)} s`);
      let pageTrips: string[] | undefined;
      for (const scenario of SCENARIOS.filter((s) => !only || s.name.includes(only))) {
        const token = await devToken(dataDir, scenario.persona, { audience: config.auth.audience, issuer: config.auth.devIssuer });
        const modes = (['gateway', 'bare', 'physical'] as Mode[]).filter(
          (mode) => !(mode === 'physical' && !scenario.physical) && !(mode === 'bare' && scenario.name.startsWith('dashboard page (10)')),
        );
        process.stderr.write(`${scale} · ${scenario.name} · ${modes.join(', ')}\n`);
        const scenarioEnv = { ...env, BENCH_ACTOR: JSON.stringify(actors.get(scenario.persona)) };
        const record = scenario.name === TAKEN_APART ? (trips: string[]) => (pageTrips = trips) : undefined;
        rows.push(...(await measureScenario(scale, scenario, modes, scenarioEnv, token, ids, clusterDir, record)));
      }
      // After the scenarios, so the lines it audits do not weigh on theirs.
      if (pageTrips) {
        process.stderr.write(`${scale} · ${TAKEN_APART} · database time taken apart\n`);
        const parts = await pageCost(url, pageTrips, { connections: REPLAY_CONNECTIONS, seconds: DURATION, rounds: ROUNDS, clusterDir }).catch(
          (err: Error): PageCost[] => [{ variant: `replay failed: ${err.message.replace(/\|/g, '/').slice(0, 120)}`, pagesPerSecond: 0, dbCpuMs: null, costMs: null }],
        );
        costs.push({ scale, parts });
      }
    }
  } finally {
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const report = [
    `${CONNECTIONS} connections, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} shared by PostgreSQL, the server and the load generator, Node ${process.version}.`,
    `Throughput: closed loop, ${ROUNDS === 1 ? `one round of ${DURATION} s` : `${ROUNDS} rounds of ${DURATION} s, the servers of a scenario taking turns, each round starting with the next server; req/s is the median round, "rounds" all of them in the order they ran`}. Latency: open loop, each server warmed up again for ${WARMUP_SECONDS} s first, at a fixed arrival rate (${LATENCY_LOAD * 100}% of the gateway's throughput, "at req/s")${LATENCY_REQUESTS ? `, at least ${fmt(LATENCY_REQUESTS)} requests within 10–40 s` : `, for ${latencySeconds(1)} s`}, counted from when each request was due.`,
    `Dataset generated in ${generated.join(', ')}.`,
    '',
    table(rows),
    '',
    '### Against the targets of issue #8',
    '',
    verdicts(rows),
    ...(costs.length ? ['', `### Where a ${TAKEN_APART}'s database time goes`, '', costTable(costs, rows)] : []),
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
