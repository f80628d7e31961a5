/**
 * Node CPU per request of one build of the gateway against another, for a change too small for
 * `npm run bench` to see: build each (`npx tsc -p bench/tsconfig.json --outDir distA`, the change,
 * then `--outDir distB`) and run `node distB/bench/fixed-cost.js distA distB`.
 *
 * Both builds serve one freshly generated 10k dataset, each in a server of its own as
 * bench/server.ts runs it, and take turns in short closed-loop rounds at 16 connections, each round
 * in the other order. This machine's CPU per request drifts by 10–25% from one round to the next,
 * A and B alike, so what is compared is B against A within each round (their geometric mean):
 * a difference of ~5% shows in 12–20 rounds of 2 s where the medians of whole runs do not.
 * Run every comparison a second time with the builds named the other way round, and believe only
 * what both runs say: the same two builds (with and without type-graphql's `simpleResolvers`)
 * measured 0.82x and 0.98x CPU per page (`bare`, gateway) one way and 1.04x and 1.09x the other,
 * in 11–12 of the rounds each time, so this machine can favour one of the two servers by more
 * than the change being measured.
 *
 * Cases: `a` `{ __typename }` (what every request pays: HTTP, Apollo, the token and the caller),
 * `b` `{ clients(first: 1) { totalCount } }`, `c` the dashboard page of 50, `d` a client's detail.
 *
 * Options: --cases=a,b,c,d --modes=gateway,bare --rounds=12 --duration=2 (seconds a round)
 * --warmup=4 (seconds per server and case, unmeasured) --connections=16; --capture prints the round
 * trips of one request of each case; --prof=<dir> writes a CPU profile of each server (node
 * --cpu-prof) when the run ends.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { devToken } from '../src/auth/token.cli';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { prepareDatabase } from './database';
import { BENCH_PERSONA, DETAIL, PAGE } from './scenarios';
import type { Mode } from './server';
import { ask, median, startServer } from './servers';

const args = process.argv.slice(2);
const option = (name: string, otherwise: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? otherwise;
const builds = args.filter((a) => !a.startsWith('--'));
const modes = option('modes', 'gateway').split(',') as Mode[];
const cases = option('cases', 'a,b,c,d').split(',');
const ROUNDS = Number(option('rounds', '12'));
const DURATION = Number(option('duration', '2'));
const WARMUP = Number(option('warmup', '4'));
const CONNECTIONS = Number(option('connections', '16'));
const PROFILES = option('prof', '');

type Body = { query: string; variables: Record<string, unknown> };
const CASES: Record<string, { name: string; bodies: (ids: string[]) => Body[] }> = {
  a: { name: '__typename', bodies: () => [{ query: '{ __typename }', variables: {} }] },
  b: { name: 'totalCount', bodies: () => [{ query: '{ clients(first: 1) { totalCount } }', variables: {} }] },
  c: { name: 'page of 50', bodies: () => [{ query: PAGE, variables: { first: 50 } }] },
  d: { name: 'client detail', bodies: (ids) => ids.map((id) => ({ query: DETAIL, variables: { id } })) },
};


interface Server {
  label: string;
  child: ChildProcess;
  url: string;
}

async function start(build: string, mode: Mode, env: NodeJS.ProcessEnv, label: string): Promise<Server> {
  const profile = PROFILES ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
  const { child, port } = await startServer(path.join(build, 'bench', 'server.js'), mode, env, profile);
  return { label, child, url: `http://127.0.0.1:${port}/graphql` };
}

const cpuMicros = async (child: ChildProcess) => {
  const { cpu } = await ask<{ cpu: NodeJS.CpuUsage }>(child, 'stats');
  return cpu.user + cpu.system;
};

const geometricMean = (xs: number[]) => Math.exp(xs.reduce((t, x) => t + Math.log(x), 0) / xs.length);

async function main(): Promise<void> {
  if (builds.length < 1 || builds.length > 2) throw new Error('usage: node dist/bench/fixed-cost.js <build A> [<build B>] [--cases=a,b,c,d] [--modes=gateway,bare] [--rounds=12] [--duration=2]');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-fixed-cost-'));
  fs.chmodSync(dataDir, 0o755);
  const embedded = await startEmbeddedPostgres(path.join(dataDir, 'postgres'), { persistent: false });
  const servers: Server[] = [];
  try {
    process.stderr.write('generating 10k clients…\n');
    const { config, env, ids } = await prepareDatabase(embedded.serverUrl, '10k', dataDir, [BENCH_PERSONA]);
    const token = await devToken(dataDir, BENCH_PERSONA, { audience: config.auth.audience, issuer: config.auth.devIssuer });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    for (const mode of modes) for (const [i, build] of builds.entries()) servers.push(await start(path.resolve(build), mode, env, `${mode}-${'AB'[i]}`));
    const results = new Map<string, { rps: number[]; cpu: number[] }>();
    for (const c of cases) {
      const requests = CASES[c].bodies(ids).map((b) => ({ method: 'POST' as const, headers, body: JSON.stringify(b) }));
      for (const s of servers) {
        const res = await fetch(s.url, requests[0]);
        const text = await res.text();
        // A withheld category (FORBIDDEN) is an answer; anything else is not a measurement.
        const errors = res.status === 200 ? ((JSON.parse(text).errors ?? []) as { extensions?: { code?: string } }[]).filter((e) => e.extensions?.code !== 'FORBIDDEN') : [];
        if (res.status !== 200 || errors.length) throw new Error(`${s.label}, ${CASES[c].name}: HTTP ${res.status} ${text.slice(0, 300)}`);
        await autocannon({ url: s.url, connections: CONNECTIONS, duration: WARMUP, requests });
        if (args.includes('--capture')) {
          s.child.send({ type: 'capture' });
          await (await fetch(s.url, requests[0])).text();
          const { trips } = await ask<{ trips: string[] }>(s.child, 'captured');
          process.stderr.write(`${s.label}, ${CASES[c].name}: ${trips.length} round trips\n${trips.map((t) => `  ${t.slice(0, 300)}`).join('\n')}\n`);
        }
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const mode of modes) {
          const pair = servers.filter((s) => s.label.startsWith(`${mode}-`));
          for (const s of round % 2 ? [...pair].reverse() : pair) {
            const before = await cpuMicros(s.child);
            const run = await autocannon({ url: s.url, connections: CONNECTIONS, duration: DURATION, requests });
            const after = await cpuMicros(s.child);
            if (run.non2xx || run.errors) throw new Error(`${s.label}, ${CASES[c].name}: ${run.non2xx} answers not 2xx, ${run.errors} errors`);
            const key = `${CASES[c].name} | ${s.label}`;
            const r = results.get(key) ?? { rps: [], cpu: [] };
            r.rps.push(run.requests.average);
            r.cpu.push((after - before) / run.requests.total);
            results.set(key, r);
          }
        }
      }
    }
    const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(' · ');
    const lines = ['| case | server | req/s, each round | CPU µs/req, each round | median µs/req |', '|---|---|---|---|---:|'];
    for (const [key, r] of results) lines.push(`| ${key} | ${list(r.rps)} | ${list(r.cpu)} | ${median(r.cpu).toFixed(0)} |`);
    for (const [key, a] of results) {
      const b = key.endsWith('-A') && results.get(key.replace(/-A$/, '-B'));
      if (!b) continue;
      const ratios = a.cpu.map((x, i) => b.cpu[i] / x);
      lines.push('', `${key.replace(/-A$/, '')}: CPU per request B/A ${geometricMean(ratios).toFixed(3)} (each round: ${list(ratios, 2)}; B below A in ${ratios.filter((r) => r < 1).length} of ${ratios.length}), median req/s B/A ${(median(b.rps) / median(a.rps)).toFixed(3)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    // Asked to exit rather than killed, so that --cpu-prof writes its profile; a build from before
    // bench/server.ts took `exit` is killed.
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => s.child.kill(), 5000);
            s.child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            s.child.send({ type: 'exit' });
          }),
      ),
    );
    await embedded.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
