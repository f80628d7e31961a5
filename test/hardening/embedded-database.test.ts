/**
 * Without DATABASE_URL the gateway and the operator's commands share the embedded cluster in the
 * data folder. A command run while `npm start` serves (`npm run audit:verify`, say) connects to the
 * running cluster and leaves it running; before, it tried to start a second server on the same data
 * and printed "undefined". A cluster that cannot start says why.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../src/common/paths';
import { folderClosedToOthers, freePort } from '../../src/db/embedded';
import { build, readiness, run, startBuiltGateway, stopLeftOver } from '../helpers/built-gateway';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-embedded-'));
fs.chmodSync(dataDir, 0o755); // the embedded server may run as another user (src/db/embedded.ts)
const env = (extra: NodeJS.ProcessEnv = {}) => {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', KETENPOORT_DATA_DIR: dataDir, ...extra };
  delete e.DATABASE_URL;
  return e;
};

async function auditVerify(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(REPO_ROOT, 'dist/src/modules/audit/audit-verify.cli.js')], { cwd: REPO_ROOT, env: env() });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

let gateway: ChildProcess | undefined;

// The commands run as built, like `npm start` and `npm run audit:verify`.
beforeAll(build, 120_000);

afterAll(async () => {
  await stopLeftOver(gateway);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('an operator command run while the gateway serves uses the running cluster, and leaves it running', async () => {
  const port = await freePort();
  ({ gateway } = await startBuiltGateway(env({ PORT: String(port) })));

  // Outside production it answers this machine only: its development key hands out tokens.
  const elsewhere = Object.values(os.networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4');
  for (const a of elsewhere) expect(await fetch(`http://${a!.address}:${port}/readyz`).then((r) => r.status, () => 0)).toBe(0);

  const verified = await auditVerify();
  expect(verified).toMatchObject({ code: 0, out: expect.stringContaining('audit chain intact') });
  // The command's end did not stop the gateway's database.
  expect(await readiness(port)).toBe(200);

  // Stopped gracefully with its own database (stop-signal.test.ts).
  gateway.kill('SIGTERM');
  expect(await new Promise((resolve) => gateway!.once('exit', resolve))).toBe(0);
  expect(await readiness(port)).toBe(0);
}, 120_000);

it('a cluster that cannot start says why', async () => {
  // The cluster the test above made, now stopped, with a setting PostgreSQL refuses.
  fs.appendFileSync(path.join(dataDir, 'postgres', 'pg', 'postgresql.conf'), "\nshared_buffers = 'plenty'\n");
  const refused = await auditVerify();
  expect(refused.code).not.toBe(0);
  expect(refused.out).toContain(`the embedded PostgreSQL in ${path.join(dataDir, 'postgres', 'pg')} did not start`);
  expect(refused.out).toContain('invalid value for parameter "shared_buffers"');
}, 60_000);

// Run by root, the server runs as the 'postgres' user; below a private folder it cannot reach its
// binaries or its data, and the package's spawn would fail with a bare EACCES (src/db/embedded.ts).
it('finds the folder that keeps other users out, so a start as root can say which one', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-private-'));
  const inside = path.join(root, 'clone', 'node_modules');
  fs.mkdirSync(inside, { recursive: true });
  try {
    fs.chmodSync(root, 0o700);
    expect(folderClosedToOthers(inside)).toBe(root);
    fs.chmodSync(root, 0o755);
    expect(folderClosedToOthers(inside)).toBeUndefined();
    fs.chmodSync(path.join(root, 'clone'), 0o750);
    expect(folderClosedToOthers(inside)).toBe(path.join(root, 'clone'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
