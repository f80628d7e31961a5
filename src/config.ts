import { BlockList, isIP } from 'node:net';
import path from 'node:path';

/** Every setting of the gateway, read and validated once at start-up. */
export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  /**
   * The address to listen on. Outside production this machine only: there the development key
   * hands anyone who reaches `/dev/token` a token for any demo professional.
   */
  host: string | undefined;
  /** Absent: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Load the demo dataset into an empty database (always on for the embedded default). */
  seedDemo: boolean;
  auth: {
    /** OIDC issuer; absent means the local development key in `dataDir` signs and verifies tokens. */
    oidcIssuer?: string;
    jwksUrl?: string;
    audience: string;
    devIssuer: string;
    clockToleranceSeconds: number;
  };
  db: {
    /**
     * Streaming replicas that only the monitoring aggregates read from (DATABASE_REPLICA_URLS):
     * client data and the policy's facts always come from the primary (db/read-replica.ts).
     */
    replicaUrls: string[];
    /**
     * How far behind the primary a replica may be for the aggregates to read it
     * (DATABASE_REPLICA_MAX_LAG_SECONDS); one further behind leaves them to the primary.
     */
    replicaMaxLagMs: number;
    poolMax: number;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
    /** How long a starting gateway waits for a database that does not answer yet. */
    startWaitMs: number;
  };
  breakGlassHours: number;
  /**
   * How many years audit log entries are kept (NEN 7513 and policy §7: at least five). Older
   * entries may be archived and then removed by the procedure in docs/privacy.md; never sooner.
   */
  auditRetentionYears: number;
  /** Disclosure-control threshold k per aggregate-reading role (policy §5). */
  disclosureThreshold: { ANALYST: number; POLICY_OFFICER: number; PROCESS_DIRECTOR: number };
  logLevel: string;
  /** Operation limits (OWASP GraphQL cheat sheet), checked before anything executes. */
  limits: {
    bodyBytes: number;
    depth: number;
    aliases: number;
    directives: number;
    tokens: number;
    /** How often one response key may repeat within one selection set (field duplication). */
    repeatedFields: number;
    cost: number;
    /** The size a list field without `first` or a bound of its own (`ListBound`) is assumed to have. */
    defaultListSize: number;
  };
  /** Token buckets: `burst` requests at once, refilled at `perMinute`. In-memory, per instance. */
  rateLimit: {
    professional: { burst: number; perMinute: number };
    organisation: { burst: number; perMinute: number };
    /** Refused tokens per network address: each one is written to the audit chain. */
    refusedTokens: { burst: number; perMinute: number };
    /** Audit lines for refused tokens, from all addresses together: what many addresses, each within its own budget, may write. */
    refusedTokensOverall: { burst: number; perMinute: number };
  };
  /** GraphQL requests executing at once, and how many may wait how long for a turn (server/admission.ts). */
  admission: { concurrent: number; queue: number; waitMs: number };
  /** Partner roles may send only documents of the generated manifest (on in production). */
  trustedDocumentsOnly: boolean;
  /** Browser origins of the dashboards allowed to call the gateway cross-origin (CORS). */
  dashboardOrigins: string[];
  /** Bearer token /metrics requires; required in production. */
  metricsToken?: string;
  /**
   * Express's `trust proxy`: the addresses (or subnets, or `loopback`, `linklocal`, `uniquelocal`)
   * whose `X-Forwarded-For` names the caller. The audit and the refused-token limits use that address.
   */
  trustProxy: string[];
}

export class ConfigError extends Error {}

/** The one line an operator's command prints when it stops: a setting to correct says so. */
export function stopMessage(err: unknown): string {
  return err instanceof ConfigError ? `configuration: ${err.message}` : err instanceof Error ? err.message : String(err);
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** pino's levels, and `silent`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The names Express's `trust proxy` knows beside addresses and subnets. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** IPv6's unique local addresses (a private network's) and the IPv6 spelling of IPv4 addresses. */
const UNIQUE_LOCAL = subnets([['fc00::', 7]]);
const IPV4_MAPPED = subnets([['::ffff:0:0', 96]]);

function subnets(list: [string, number][]): BlockList {
  const blocks = new BlockList();
  for (const [address, bits] of list) blocks.addSubnet(address, bits, 'ipv6');
  return blocks;
}

/**
 * An address, or a subnet no wider than a private network of proxies: an IPv4 /8, written as IPv4
 * or as IPv6 (::ffff:10.0.0.0/104); within IPv6's private range fc00::/7, anything; elsewhere in
 * IPv6 a site's /48. Wider, and any client could write its own address into the audit log and the
 * per-address limits by sending X-Forwarded-For (0.0.0.0/0 trusts everyone; so do ::ffff:0:0/96,
 * every IPv4 client as Express sees it, and ::/64, which holds that; 2000::/7 trusts half the
 * internet's IPv6).
 */
function isAddressOrSubnet(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  if (!/^\d+$/.test(bits) || n > (family === 4 ? 32 : 128)) return false;
  if (family === 4) return n >= 8;
  if (IPV4_MAPPED.check(address, 'ipv6')) return n >= 96 + 8;
  const subnet = subnets([[address, n]]);
  if (subnet.check('::ffff:0:0', 'ipv6')) return false;
  return n >= (UNIQUE_LOCAL.check(address, 'ipv6') ? 7 : 48);
}

/** Whether a URL's host is this machine: the one place a key set may be fetched without TLS. */
function onThisMachine(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** 128 bits as hex: the least a secret that anyone on the network may try should have. */
export const METRICS_TOKEN_MIN_LENGTH = 32;

/**
 * What the configuration is for: the gateway itself, or an operator's command that only reaches
 * the database (`migrate`, `audit:verify`). A command needs no identity provider and serves no
 * metrics, so production does not ask it for OIDC_ISSUER or METRICS_TOKEN: the migration step
 * before a rollout runs in the gateway's image with the table owner's DATABASE_URL alone.
 */
export type ConfigPurpose = 'gateway' | 'command';

export function loadConfig(env: Env = process.env, purpose: ConfigPurpose = 'gateway'): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  // Never echo the value: a database URL carries its password.
  if (databaseUrl && !/^postgres(ql)?:\/\/[^\s/]*\/[^\s/?]+(\?\S*)?$/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL is not a postgresql://user:password@host:port/database URL');
  }
  const oidcIssuer = env.OIDC_ISSUER || undefined;
  const jwksUrl = env.OIDC_JWKS_URL || undefined;
  if (Boolean(oidcIssuer) !== Boolean(jwksUrl)) {
    throw new ConfigError('OIDC_ISSUER and OIDC_JWKS_URL go together');
  }
  if (jwksUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(jwksUrl)) {
    throw new ConfigError(`OIDC_JWKS_URL must be an http(s) URL, got "${jwksUrl}"`);
  }
  if (nodeEnv === 'production' && jwksUrl && !jwksUrl.startsWith('https://') && !onThisMachine(jwksUrl)) {
    // Whoever sits on the path could serve her own keys and sign tokens for anyone.
    throw new ConfigError('OIDC_JWKS_URL must be https:// in production (http only to this machine)');
  }
  if (nodeEnv === 'production' && !oidcIssuer && purpose === 'gateway') {
    // The development key lives on local disk and anyone with the repo can mint tokens with it.
    throw new ConfigError('production needs OIDC_ISSUER and OIDC_JWKS_URL; the development key is refused');
  }
  if (nodeEnv === 'production' && !databaseUrl) {
    throw new ConfigError('production needs DATABASE_URL; the embedded database is for development only');
  }
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const url of replicaUrls) {
    // Never echo the value: a database URL carries its password.
    if (!/^postgres(ql)?:\/\/[^\s]+$/.test(url)) throw new ConfigError('DATABASE_REPLICA_URLS holds a value that is not a postgresql:// URL');
  }
  if (replicaUrls.length && !databaseUrl) {
    throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL: the embedded database has no replicas');
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  // Never echo the value: it is the secret.
  if (metricsToken && !metricsToken.trim()) {
    throw new ConfigError('METRICS_TOKEN is only whitespace: /metrics would be protected by a token anyone can guess');
  }
  if (metricsToken && metricsToken.trim() !== metricsToken) {
    // HTTP takes the whitespace off a header's ends (and a line break cannot be in one at all).
    throw new ConfigError('METRICS_TOKEN starts or ends with whitespace (a line break kept from a file?): no scraper can send it, so /metrics would refuse every scrape');
  }
  if (metricsToken && metricsToken.length < METRICS_TOKEN_MIN_LENGTH) {
    // /metrics answers anyone who reaches the port: a short token falls to guessing over the network.
    throw new ConfigError(`METRICS_TOKEN is shorter than ${METRICS_TOKEN_MIN_LENGTH} characters: /metrics would be protected by a token one can guess (make one with: openssl rand -hex 32)`);
  }
  if (nodeEnv === 'production' && !metricsToken && purpose === 'gateway') {
    // Metrics name operations, error rates and load per instance: not for anyone on the network.
    throw new ConfigError('production needs METRICS_TOKEN to protect /metrics');
  }
  const seedDemo = bool(env, 'SEED_DEMO', !databaseUrl);
  if (nodeEnv === 'production' && seedDemo) {
    // The demo chain's professionals have known subjects: seeded, they would be real accounts.
    throw new ConfigError('SEED_DEMO is for development: production never loads the demo chain');
  }
  const trustedDocumentsOnly = bool(env, 'TRUSTED_DOCUMENTS_ONLY', nodeEnv === 'production');
  if (nodeEnv === 'production' && !trustedDocumentsOnly) {
    // A partner's token could then send any document: whatever the schema offers, not what its dashboard asks.
    throw new ConfigError('TRUSTED_DOCUMENTS_ONLY is always on in production: partner roles send only the trusted documents');
  }
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const trustProxy = (env.TRUST_PROXY || 'loopback').split(',').map((p) => p.trim()).filter(Boolean);
  for (const proxy of trustProxy) {
    if (!PROXY_NAMES.includes(proxy) && !isAddressOrSubnet(proxy)) {
      throw new ConfigError(`TRUST_PROXY holds "${proxy}", not an address, a subnet of proxies (10.0.0.0/8 at widest, /7 for IPv6) or one of ${PROXY_NAMES.join(', ')}`);
    }
  }
  const poolMax = int(env, 'DB_POOL_MAX', 10, 1, 200);
  // The default follows a smaller pool, so that lowering DB_POOL_MAX alone is enough.
  const admitConcurrent = int(env, 'ADMIT_CONCURRENT', Math.min(8, poolMax), 1, 1000);
  if (admitConcurrent > poolMax) {
    // A request waiting for its turn has done nothing, and past ADMIT_WAIT_MS is answered 503 with
    // Retry-After. One admitted beyond the pool waits for a connection instead, and past
    // DB_CONNECT_TIMEOUT_MS fails partway through.
    throw new ConfigError(`ADMIT_CONCURRENT (${admitConcurrent}) may not exceed DB_POOL_MAX (${poolMax}): requests admitted beyond the pool's connections would wait for one instead of for their turn`);
  }
  const dashboardOrigins = (env.DASHBOARD_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of dashboardOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError(`DASHBOARD_ORIGINS holds "${origin}", not an origin like https://dashboard.example`);
  }
  return {
    env: nodeEnv as Config['env'],
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || (nodeEnv === 'production' ? undefined : '127.0.0.1'),
    databaseUrl,
    dataDir: path.resolve(env.KETENPOORT_DATA_DIR || '.data'),
    seedDemo,
    auth: {
      oidcIssuer,
      jwksUrl,
      audience: env.OIDC_AUDIENCE || 'ketenpoort',
      devIssuer: 'urn:ketenpoort:dev',
      clockToleranceSeconds: int(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 60),
    },
    db: {
      replicaUrls,
      replicaMaxLagMs: int(env, 'DATABASE_REPLICA_MAX_LAG_SECONDS', 30, 1, 3600) * 1000,
      poolMax,
      connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 3000, 100, 60000),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600000),
      idleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10000, 100, 600000),
      startWaitMs: int(env, 'DB_START_WAIT_SECONDS', 30, 0, 600) * 1000,
    },
    breakGlassHours: int(env, 'BREAK_GLASS_HOURS', 4, 1, 24),
    auditRetentionYears: int(env, 'AUDIT_RETENTION_YEARS', 5, 5, 100),
    disclosureThreshold: {
      ANALYST: int(env, 'DISCLOSURE_K_ANALYST', 5, 1, 100),
      POLICY_OFFICER: int(env, 'DISCLOSURE_K_POLICY_OFFICER', 3, 1, 100),
      PROCESS_DIRECTOR: int(env, 'DISCLOSURE_K_PROCESS_DIRECTOR', 3, 1, 100),
    },
    logLevel,
    limits: {
      bodyBytes: int(env, 'LIMIT_BODY_BYTES', 100_000, 1_000, 10_000_000),
      depth: int(env, 'LIMIT_DEPTH', 8, 2, 50),
      aliases: int(env, 'LIMIT_ALIASES', 15, 0, 1000),
      directives: int(env, 'LIMIT_DIRECTIVES', 10, 0, 1000),
      tokens: int(env, 'LIMIT_TOKENS', 1000, 50, 100_000),
      repeatedFields: int(env, 'LIMIT_REPEATED_FIELDS', 3, 1, 100),
      cost: int(env, 'LIMIT_COST', 25_000, 10, 10_000_000),
      defaultListSize: int(env, 'LIMIT_DEFAULT_LIST_SIZE', 20, 1, 10_000),
    },
    rateLimit: {
      professional: { burst: int(env, 'RATE_LIMIT_PROFESSIONAL_BURST', 60, 1, 100_000), perMinute: int(env, 'RATE_LIMIT_PROFESSIONAL_PER_MINUTE', 300, 1, 1_000_000) },
      organisation: { burst: int(env, 'RATE_LIMIT_ORGANISATION_BURST', 300, 1, 1_000_000), perMinute: int(env, 'RATE_LIMIT_ORGANISATION_PER_MINUTE', 1500, 1, 10_000_000) },
      refusedTokens: { burst: int(env, 'RATE_LIMIT_REFUSED_TOKENS_BURST', 20, 1, 100_000), perMinute: int(env, 'RATE_LIMIT_REFUSED_TOKENS_PER_MINUTE', 10, 1, 1_000_000) },
      refusedTokensOverall: {
        burst: int(env, 'RATE_LIMIT_REFUSED_TOKENS_OVERALL_BURST', 100, 1, 1_000_000),
        perMinute: int(env, 'RATE_LIMIT_REFUSED_TOKENS_OVERALL_PER_MINUTE', 600, 1, 10_000_000),
      },
    },
    admission: {
      concurrent: admitConcurrent,
      queue: int(env, 'ADMIT_QUEUE', 1000, 0, 100_000),
      waitMs: int(env, 'ADMIT_WAIT_MS', 10_000, 100, 600_000),
    },
    trustedDocumentsOnly,
    dashboardOrigins,
    metricsToken,
    trustProxy,
  };
}
