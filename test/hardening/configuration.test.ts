/**
 * What the operator sees of a bad setting (docs/operations.md §1): the process stops, exit 1, with
 * one line `configuration: <what is wrong>` — never a library's stack trace, never a gateway that
 * starts half-configured, never a database URL's password.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/common/paths';
import { ConfigError, METRICS_TOKEN_MIN_LENGTH, loadConfig } from '../../src/config';
import { build } from '../helpers/built-gateway';
import { startGateway, type TestGateway } from '../helpers/gateway';

const config = fs.readFileSync(path.join(REPO_ROOT, 'src', 'config.ts'), 'utf8');
const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://gw:pw@db:5432/ketenpoort', OIDC_ISSUER: 'https://idp.example/', OIDC_JWKS_URL: 'https://idp.example/jwks', METRICS_TOKEN: 'a-metrics-token-of-the-least-length' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('every setting the gateway reads', () => {
  it('refuses a value that is no integer, naming the setting, for every integer setting', () => {
    const names = [...config.matchAll(/int\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(25);
    for (const name of names) expect(refusal({ [name]: 'lots' })).toContain(name);
  });

  it('refuses a value that is neither true nor false, for every switch', () => {
    const names = [...config.matchAll(/bool\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) expect(refusal({ [name]: 'perhaps' })).toContain(name);
  });

  it('refuses a log level pino does not know, and accepts every level the doc lists', () => {
    expect(refusal({ LOG_LEVEL: 'verbose' })).toContain('LOG_LEVEL');
    const row = /^\| `LOG_LEVEL` \|.*$/m.exec(doc)![0];
    const listed = [...row.split('|')[3].matchAll(/`([a-z]+)`/g)].map((m) => m[1]);
    expect(listed).toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
    for (const level of listed) expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it('refuses a DATABASE_URL that is no PostgreSQL URL with a database, without echoing it', () => {
    for (const url of ['nonsense', 'mysql://gw:s3cret@db/ketenpoort', 'postgresql://gw:s3cret@db:5432']) {
      const message = refusal({ DATABASE_URL: url });
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain('s3cret');
    }
    expect(loadConfig({ DATABASE_URL: 'postgresql://gw:s3cret@db:5432/ketenpoort?sslmode=require' }).databaseUrl).toContain('/ketenpoort');
  });

  it('refuses in production a key set fetched without TLS from another machine', () => {
    expect(refusal({ ...PRODUCTION, OIDC_JWKS_URL: 'http://idp.example/jwks' })).toContain('OIDC_JWKS_URL must be https://');
    for (const local of ['http://127.0.0.1:8080/jwks', 'http://localhost/jwks']) expect(loadConfig({ ...PRODUCTION, OIDC_JWKS_URL: local }).auth).toBeDefined();
  });

  it('refuses an OIDC_JWKS_URL that is no http(s) URL', () => {
    expect(refusal({ OIDC_ISSUER: 'https://idp.example/', OIDC_JWKS_URL: 'idp.example/jwks' })).toContain('OIDC_JWKS_URL');
  });

  it('refuses TRUSTED_DOCUMENTS_ONLY=false in production, and keeps it on there', () => {
    expect(loadConfig(PRODUCTION).trustedDocumentsOnly).toBe(true);
    expect(refusal({ ...PRODUCTION, TRUSTED_DOCUMENTS_ONLY: 'false' })).toContain('TRUSTED_DOCUMENTS_ONLY');
    expect(loadConfig({ TRUSTED_DOCUMENTS_ONLY: 'false' }).trustedDocumentsOnly).toBe(false);
  });

  it('refuses a METRICS_TOKEN of whitespace, with whitespace at an end, or short enough to guess, without echoing it', () => {
    const secret = '0123456789abcdef'.repeat(2);
    expect(refusal({ ...PRODUCTION, METRICS_TOKEN: '   ' })).toMatch(/^METRICS_TOKEN is only whitespace: .*guess/);
    for (const padded of [`${secret}\n`, ` ${secret}`, `${secret}\t`]) {
      const message = refusal({ ...PRODUCTION, METRICS_TOKEN: padded });
      expect(message).toMatch(/^METRICS_TOKEN starts or ends with whitespace .*refuse every scrape/);
      expect(message).not.toContain(secret);
    }
    for (const env of [PRODUCTION, {}]) {
      const message = refusal({ ...env, METRICS_TOKEN: secret.slice(1) });
      expect(message).toBe(`METRICS_TOKEN is shorter than ${METRICS_TOKEN_MIN_LENGTH} characters: /metrics would be protected by a token one can guess (make one with: openssl rand -hex 32)`);
      expect(loadConfig({ ...env, METRICS_TOKEN: secret }).metricsToken).toBe(secret);
    }
  });

  it('admits no more requests at once than the pool has connections, naming both settings', () => {
    const message = refusal({ DB_POOL_MAX: '10', ADMIT_CONCURRENT: '11' });
    expect(message).toContain('ADMIT_CONCURRENT (11)');
    expect(message).toContain('DB_POOL_MAX (10)');
    expect(loadConfig({ DB_POOL_MAX: '10', ADMIT_CONCURRENT: '10' }).admission.concurrent).toBe(10);
    expect(loadConfig({}).admission.concurrent).toBe(8);
    // A smaller pool alone lowers the default with it.
    expect(loadConfig({ DB_POOL_MAX: '4' }).admission.concurrent).toBe(4);
  });

  it('takes TRUST_PROXY as addresses, subnets and Express’s names, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
    expect(loadConfig({ TRUST_PROXY: 'fc00::/7,2001:db8:1::/48,::ffff:10.0.0.0/104,::ffff:192.0.2.7' }).trustProxy).toEqual(['fc00::/7', '2001:db8:1::/48', '::ffff:10.0.0.0/104', '::ffff:192.0.2.7']);
    for (const bad of ['my-balancer', '10.0.0.0/33', '10.0.0.1/8/8', 'true', '1']) expect(refusal({ TRUST_PROXY: bad })).toContain('TRUST_PROXY');
    // Wider than a network of proxies: any client could name its own address for the audit log.
    // IPv4 written as IPv6 counts as IPv4 (Express sees IPv4 clients so), and a subnet around all of
    // it trusts every IPv4 client; outside IPv6's private range, more than a site is the internet.
    for (const everyone of ['0.0.0.0/0', '::/0', '0.0.0.0/1,128.0.0.0/1', '10.0.0.0/7', '2000::/3', '::ffff:0:0/96', '::ffff:10.0.0.0/103', '::/64', '2000::/7', '2001:db8::/32', 'fc00::/6']) {
      expect({ everyone, refusal: refusal({ TRUST_PROXY: everyone }) }).toEqual({ everyone, refusal: expect.stringContaining('TRUST_PROXY') });
    }
  });
});

describe('the operator’s view of a bad setting', () => {
  beforeAll(build, 120_000);

  const bad: Record<string, string>[] = [
    { LOG_LEVEL: 'verbose' },
    { DATABASE_URL: 'postgres://gw:s3cret@db.example' },
    { OIDC_ISSUER: 'https://idp.example/', OIDC_JWKS_URL: 'not-a-url' },
    { TRUST_PROXY: 'the-balancer' },
    { ...PRODUCTION, TRUSTED_DOCUMENTS_ONLY: 'false' },
    { PORT: 'http' },
    { ADMIT_CONCURRENT: '20' },
    { ...PRODUCTION, METRICS_TOKEN: 's3cret\n' },
    { ...PRODUCTION, METRICS_TOKEN: 's3cret' },
  ];
  it.each(bad)('the gateway stops with one configuration line: %j', (env) => {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toMatch(/^configuration: [^\n]+$/);
    expect(run.stderr).not.toContain('s3cret');
  });

  it('the commands stop the same way', () => {
    for (const command of [['dist/src/db/cli.js', 'migrate'], ['dist/src/modules/audit/audit-verify.cli.js'], ['dist/src/auth/token.cli.js', 'analyst@nijmegen.example']]) {
      const run = spawnSync(process.execPath, command, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, LOG_LEVEL: 'verbose' }, encoding: 'utf8', timeout: 30_000 });
      expect({ command: command[0], status: run.status === 0 ? 0 : 'failed', stderr: run.stderr.trim() }).toEqual({ command: command[0], status: 'failed', stderr: expect.stringMatching(/^configuration: LOG_LEVEL[^\n]+$/) });
    }
  });
});

describe('TRUST_PROXY', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  /** The network address the audit keeps for a refused token sent through a proxy on this machine. */
  async function auditedAddress(trustProxy: string): Promise<string | null> {
    gw = await startGateway({ TRUST_PROXY: trustProxy });
    const requestId = `trust-proxy-${trustProxy.replace(/[^a-z0-9]/gi, '-')}`;
    const res = await gw.post({ query: '{ me { name } }' }, { authorization: 'Bearer not-a-token', 'x-forwarded-for': '198.51.100.23', 'x-request-id': requestId });
    expect(res.status).toBe(401);
    const rows = await gw.orm.em.getConnection().execute<{ network_address: string | null }[]>('select network_address from audit_event where request_id = ?', [requestId]);
    expect(rows).toHaveLength(1);
    return rows[0].network_address;
  }

  it('believes X-Forwarded-For from the proxies it names', async () => {
    expect(await auditedAddress('127.0.0.1')).toBe('198.51.100.23');
  });

  it('does not believe it from anyone else, loopback included once the value leaves it out', async () => {
    expect(await auditedAddress('10.0.0.0/8')).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});
