import path from 'node:path';

/** Every setting of the gateway, read and validated once at start-up. */
export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
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
    poolMax: number;
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
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
}

export class ConfigError extends Error {}

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

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${nodeEnv}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  const oidcIssuer = env.OIDC_ISSUER || undefined;
  const jwksUrl = env.OIDC_JWKS_URL || undefined;
  if (Boolean(oidcIssuer) !== Boolean(jwksUrl)) {
    throw new ConfigError('OIDC_ISSUER and OIDC_JWKS_URL go together');
  }
  if (nodeEnv === 'production' && !oidcIssuer) {
    // The development key lives on local disk and anyone with the repo can mint tokens with it.
    throw new ConfigError('production needs OIDC_ISSUER and OIDC_JWKS_URL; the development key is refused');
  }
  if (nodeEnv === 'production' && !databaseUrl) {
    throw new ConfigError('production needs DATABASE_URL; the embedded database is for development only');
  }
  return {
    env: nodeEnv as Config['env'],
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.KETENPOORT_DATA_DIR || '.data'),
    seedDemo: bool(env, 'SEED_DEMO', !databaseUrl),
    auth: {
      oidcIssuer,
      jwksUrl,
      audience: env.OIDC_AUDIENCE || 'ketenpoort',
      devIssuer: 'urn:ketenpoort:dev',
      clockToleranceSeconds: int(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 60),
    },
    db: {
      poolMax: int(env, 'DB_POOL_MAX', 10, 1, 200),
      connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 3000, 100, 60000),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600000),
      idleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10000, 100, 600000),
    },
    breakGlassHours: int(env, 'BREAK_GLASS_HOURS', 4, 1, 24),
    auditRetentionYears: int(env, 'AUDIT_RETENTION_YEARS', 5, 5, 100),
    disclosureThreshold: {
      ANALYST: int(env, 'DISCLOSURE_K_ANALYST', 5, 1, 100),
      POLICY_OFFICER: int(env, 'DISCLOSURE_K_POLICY_OFFICER', 3, 1, 100),
      PROCESS_DIRECTOR: int(env, 'DISCLOSURE_K_PROCESS_DIRECTOR', 3, 1, 100),
    },
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
  };
}
