/**
 * docs/operations.md §2.6 as an operator follows it: the two roles and the database made by its
 * first SQL block, the migration step run as the owner in production's environment (the image's
 * NODE_ENV=production and the owner's DATABASE_URL, nothing else), its grants run as written, and
 * the built gateway in production connecting as the role that owns nothing: it serves, writes its
 * audit, cannot change the audit, and `audit:verify` finds the chain intact.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../../src/common/paths';
import { freePort } from '../../src/db/embedded';
import { DEMO } from '../../src/db/demo/seed';
import { loadTrustedDocuments } from '../../src/server/trusted-documents';
import { build, startBuiltGateway, stopLeftOver } from '../helpers/built-gateway';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc';

const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
const section = doc.slice(doc.indexOf('### 2.6 Database and roles'), doc.indexOf('## 3. Watching it'));
const [asSuperuser, asOwner] = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);

const suffix = randomBytes(4).toString('hex');
const OWNER = `ketenpoort_owner_${suffix}`;
const GATEWAY = `ketenpoort_gateway_${suffix}`;
const DATABASE = `t_roles_${suffix}`;
/** The doc's names, made this run's own: roles are the whole server's, and other runs may share it. */
const ours = (sql: string) => sql.replace(/\bketenpoort_owner\b/g, OWNER).replace(/\bketenpoort_gateway\b/g, GATEWAY).replace(/\bketenpoort\b/g, DATABASE);

const server = new URL(process.env.KETENPOORT_TEST_SERVER ?? 'postgresql://unset');
function urlOf(role: string, password: string, database = DATABASE): string {
  const url = new URL(`/${database}`, server);
  url.username = role;
  url.password = password;
  return url.toString();
}
const superuserUrl = urlOf(decodeURIComponent(server.username), decodeURIComponent(server.password), 'postgres');
const passwordOf = (role: 'ketenpoort_owner' | 'ketenpoort_gateway') => new RegExp(`create role ${role} login password '([^']+)'`).exec(asSuperuser ?? '')![1];
const ownerUrl = () => urlOf(OWNER, passwordOf('ketenpoort_owner'));
const gatewayUrl = () => urlOf(GATEWAY, passwordOf('ketenpoort_gateway'));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-roles-'));
let idp: TestIdentityProvider | undefined;
let gateway: ChildProcess | undefined;

async function sql<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A built command as the operator runs it: only the environment given, nothing of jest's. */
function command(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, KETENPOORT_DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(build, 120_000);

afterAll(async () => {
  await stopLeftOver(gateway);
  await idp?.close();
  await sql(superuserUrl, `drop database if exists "${DATABASE}" with (force)`);
  for (const role of [GATEWAY, OWNER]) await sql(superuserUrl, `drop role if exists "${role}"`);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('has the two blocks of SQL the operator runs', () => {
  expect(asSuperuser).toMatch(/create role ketenpoort_owner/);
  expect(asOwner).toMatch(/grant .* to ketenpoort_gateway/);
});

it('runs the gateway as a role that owns nothing, after the migration step ran as the owner', async () => {
  // As a superuser, one statement at a time: CREATE DATABASE runs in no transaction block.
  for (const statement of ours(asSuperuser).split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) await sql(superuserUrl, statement);

  // The migration step, in the image's environment: production, and the owner's DATABASE_URL alone.
  const migrated = command('dist/src/db/cli.js', ['migrate'], { NODE_ENV: 'production', DATABASE_URL: ownerUrl() });
  expect({ status: migrated.status, stdout: migrated.stdout.trim(), stderr: migrated.stderr }).toEqual({ status: 0, stdout: 'migrated', stderr: '' });
  // Clients to serve: the demo chain, loaded as the owner by the development command (never in production).
  const seeded = command('dist/src/db/cli.js', ['seed'], { NODE_ENV: 'development', DATABASE_URL: ownerUrl() });
  expect(seeded.stdout.trim()).toBe('demo dataset loaded');

  await sql(ownerUrl(), ours(asOwner));

  idp = await startIdentityProvider();
  const port = await freePort();
  const started = await startBuiltGateway({ PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: gatewayUrl(), METRICS_TOKEN: 'metrics', LOG_LEVEL: 'warn', ...idp.env }, 'pipe');
  gateway = started.gateway;

  const trusted = loadTrustedDocuments();
  const idOf = (name: string) => [...trusted.byId].find(([, text]) => text.includes(` ${name}(`))![0];
  const post = async (token: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: unknown[] } };
  };
  const cm = await idp.token('casemanager@iriszorg.example');
  const client = DEMO.client(16);

  const read = await post(cm, { documentId: idOf('ClientWorkflow'), variables: { id: client } });
  expect(read).toEqual({ status: 200, body: { data: { client: expect.objectContaining({ id: client }) } } });
  const logged = await post(cm, { documentId: idOf('LogActivity'), variables: { input: { clientId: client, minutes: 30, idempotencyKey: randomUUID() } } });
  expect(logged).toEqual({ status: 200, body: { data: { logActivity: expect.objectContaining({ minutes: 30 }) } } });
  expect((await post('not-a-token', { documentId: idOf('ClientWorkflow'), variables: { id: client } })).status).toBe(401);

  // What it wrote is in the audit, which its role can add to and read, and change in no way.
  const [{ lines }] = await sql<{ lines: number }>(gatewayUrl(), "select count(*)::int as lines from audit_event where client_id = $1 and occurred_at > now() - interval '1 hour'", [client]);
  expect(lines).toBeGreaterThanOrEqual(2);
  for (const change of ['update audit_event set reason = reason', 'delete from audit_event', 'truncate audit_event', "insert into mikro_orm_migrations (name) values ('forged')"]) {
    await expect(sql(gatewayUrl(), change)).rejects.toThrow(/permission denied/);
  }
  // A table a later migration adds is the gateway's to use too (the default privileges).
  await sql(ownerUrl(), 'create table added_later (id int)');
  expect(await sql(gatewayUrl(), 'select * from added_later')).toEqual([]);

  const verified = command('dist/src/modules/audit/audit-verify.cli.js', [], { NODE_ENV: 'production', DATABASE_URL: gatewayUrl() });
  expect(verified.stderr).toBe('');
  expect(verified.status).toBe(0);
  expect(verified.stdout).toMatch(/^audit chain intact: [1-9]\d* entries checked/);

  const exited = new Promise<number | null>((resolve) => gateway!.once('exit', resolve));
  gateway.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(started.log()).not.toMatch(/"level":(50|60)/);
}, 240_000);
