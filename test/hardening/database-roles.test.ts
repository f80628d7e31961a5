/**
 * docs/operations.md §2.6 as an operator follows it: the two roles and the database made by its
 * first SQL block, the migration step run as the owner in production's environment (the image's
 * NODE_ENV=production and the owner's DATABASE_URL, nothing else), its grants run as written, and
 * the built gateway in production connecting as the role that owns nothing: it serves, writes its
 * audit, cannot change the audit, and `audit:verify` finds the chain intact. Pointed at the owner,
 * or at that role before its grants or short of one, or at a database not migrated yet, the gateway
 * refuses to start, and changes nothing; the owner's commands still run.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { REPO_ROOT } from '../../src/common/paths';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { DEMO } from '../../src/db/demo/seed';
import { ormOptions } from '../../src/db/orm.config';
import { loadTrustedDocuments } from '../../src/server/trusted-documents';
import { build, startBuiltGateway, stopLeftOver } from '../helpers/built-gateway';
import { AS_OWNER, AS_SUPERUSER, ChainRoles, sql } from '../helpers/database-roles';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc';

const roles = new ChainRoles(process.env.KETENPOORT_TEST_SERVER ?? 'postgresql://unset', `t_roles_${randomBytes(4).toString('hex')}`);
const ownerUrl = () => roles.url('ketenpoort_owner');
const gatewayUrl = () => roles.url('ketenpoort_gateway');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-roles-'));
let idp: TestIdentityProvider | undefined;
let gateway: ChildProcess | undefined;

/** A built command as the operator runs it: only the environment given, nothing of jest's. */
function command(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, KETENPOORT_DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(build, 120_000);

afterAll(async () => {
  await stopLeftOver(gateway);
  await idp?.close();
  await roles.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('has the two blocks of SQL the operator runs', () => {
  expect(AS_SUPERUSER).toMatch(/create role ketenpoort_owner/);
  expect(AS_OWNER).toMatch(/grant .* to ketenpoort_gateway/);
});

it('runs the gateway as a role that owns nothing, after the migration step ran as the owner', async () => {
  // As a superuser.
  for (const statement of roles.statements(AS_SUPERUSER)) await sql(roles.superuserUrl('postgres'), statement);

  idp = await startIdentityProvider();
  const production = { NODE_ENV: 'production', METRICS_TOKEN: 'metrics-token-of-the-database-roles-test', LOG_LEVEL: 'warn', ...idp.env };
  const asGateway = async () => command('dist/src/main.js', [], { ...production, PORT: String(await freePort()), DATABASE_URL: gatewayUrl() });
  const asOwner = async () => command('dist/src/main.js', [], { ...production, PORT: String(await freePort()), DATABASE_URL: ownerUrl() });

  // Before the migration step, the owner could migrate: the gateway stops before it would, and the database stays empty.
  const unmigrated = await asOwner();
  expect({ status: unmigrated.status, stdout: unmigrated.stdout, stderr: unmigrated.stderr.trim() }).toEqual({
    status: 1,
    stdout: '',
    stderr: 'configuration: the database at DATABASE_URL has no audit log: run the migration step as the owner first (docs/operations.md §2.6)',
  });
  const [{ objects }] = await sql<{ objects: number }>(ownerUrl(), "select count(*)::int as objects from pg_class where relnamespace = 'public'::regnamespace");
  expect(objects).toBe(0);

  // The migration step, in the image's environment: production, and the owner's DATABASE_URL alone.
  const migrated = command('dist/src/db/cli.js', ['migrate'], { NODE_ENV: 'production', DATABASE_URL: ownerUrl() });
  expect({ status: migrated.status, stdout: migrated.stdout.trim(), stderr: migrated.stderr }).toEqual({ status: 0, stdout: 'migrated', stderr: '' });
  // Clients to serve: the demo chain, loaded as the owner by the development command (never in production).
  const seeded = command('dist/src/db/cli.js', ['seed'], { NODE_ENV: 'development', DATABASE_URL: ownerUrl() });
  expect(seeded.stdout.trim()).toBe('demo dataset loaded');

  // Before the grants the gateway's role may read nothing, the migrations table included. The
  // refusal names what it lacks on the first few tables, and counts the dozens of others.
  const ungranted = await asGateway();
  expect({ status: ungranted.status, stdout: ungranted.stdout }).toEqual({ status: 1, stdout: '' });
  expect(ungranted.stderr.trim()).toMatch(
    new RegExp(`^configuration: DATABASE_URL connects as ${roles.gateway}, which may not (SELECT, INSERT, UPDATE, DELETE on table \\w+; ){5}and [1-9]\\d+ more: the gateway cannot serve without them; grant what docs/operations\\.md §2\\.6 grants$`),
  );
  // The grants but the sequence's: it would start, and then fail every request it must audit.
  for (const statement of roles.statements(AS_OWNER).filter((s) => !/ on sequence /.test(s))) await sql(ownerUrl(), statement);
  const short = await asGateway();
  expect({ status: short.status, stdout: short.stdout, stderr: short.stderr.trim() }).toEqual({
    status: 1,
    stdout: '',
    stderr: `configuration: DATABASE_URL connects as ${roles.gateway}, which may not USAGE on sequence audit_event_id_seq: the gateway cannot serve without them; grant what docs/operations.md §2.6 grants`,
  });

  await sql(ownerUrl(), roles.ours(AS_OWNER));
  // Pointed at the owner, who could switch off the triggers that keep the audit append-only, the
  // gateway does not start; nor does it first run the migration pending, which the owner could.
  // Pointed at its own role, it runs none either: migrating is the owner's step.
  const owner = await MikroORM.init(ormOptions(ownerUrl(), loadConfig({ NODE_ENV: 'test', DATABASE_URL: ownerUrl() }).db));
  try {
    const [newest] = await owner.getMigrator().down();
    const refused = await asOwner();
    expect({ status: refused.status, stdout: refused.stdout, stderr: refused.stderr.trim() }).toEqual({
      status: 1,
      stdout: '',
      stderr: `configuration: DATABASE_URL connects as ${roles.owner}, which owns audit_event: the audit log is append-only, and in production the gateway's role may only insert into it and read it (docs/operations.md §2.6)`,
    });
    expect((await owner.getMigrator().getPendingMigrations()).map((m) => m.name)).toEqual([newest.name]);
    // Its own role may not run the migration; the gateway says which one the owner's step must.
    const behind = await asGateway();
    expect({ status: behind.status, stdout: behind.stdout, stderr: behind.stderr.trim() }).toEqual({
      status: 1,
      stdout: '',
      stderr: `configuration: the database at DATABASE_URL lacks a migration this gateway needs (${newest.name}): run the migration step as the owner first (docs/operations.md §2.6)`,
    });
    expect((await owner.getMigrator().getPendingMigrations()).map((m) => m.name)).toEqual([newest.name]);
  } finally {
    await owner.close(true);
  }
  expect(command('dist/src/db/cli.js', ['migrate'], { NODE_ENV: 'production', DATABASE_URL: ownerUrl() }).stdout.trim()).toBe('migrated');

  const port = await freePort();
  const started = await startBuiltGateway({ PATH: process.env.PATH, ...production, PORT: String(port), DATABASE_URL: gatewayUrl() }, 'pipe');
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
  // The commands are the owner's to run in production too (a purge of archived entries needs it).
  const verifiedAsOwner = command('dist/src/modules/audit/audit-verify.cli.js', [], { NODE_ENV: 'production', DATABASE_URL: ownerUrl() });
  expect({ status: verifiedAsOwner.status, stderr: verifiedAsOwner.stderr }).toEqual({ status: 0, stderr: '' });

  const exited = new Promise<number | null>((resolve) => gateway!.once('exit', resolve));
  gateway.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(started.log()).not.toMatch(/"level":(50|60)/);
}, 240_000);
