/**
 * The benchmark's database at one scale, made anew: the migrated demo chain, the generated chain on
 * top of it (bench/dataset.ts) and fresh statistics. Answers where it is, the development settings
 * that reach it, the environment the servers under test run with, how long generating took, the given personas as the servers' actors, and the
 * first 50 clients the benchmark's case manager is assigned (the detail's and the mix's).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../src/config';
import { ensureDatabase, migrate } from '../src/db/database';
import { seedDemo } from '../src/db/demo/seed';
import { ormOptions } from '../src/db/orm.config';
import { SCALES, generateChain, type Scale } from './dataset';
import { BENCH_PERSONA } from './scenarios';

export async function prepareDatabase(serverUrl: string, scale: Scale, dataDir: string, personas: string[]) {
  const database = `ketenpoort_bench_${scale}`;
  const admin = new PgClient({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists "${database}" with (force)`);
  await admin.end();
  await ensureDatabase(serverUrl, database);
  const url = `${serverUrl}/${database}`;
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: url, KETENPOORT_DATA_DIR: dataDir });
  const orm = await MikroORM.init(ormOptions(url, config.db));
  try {
    await migrate(orm);
    await seedDemo(orm.em.fork());
  } finally {
    await orm.close(true);
  }
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    const started = Date.now();
    await generateChain(pg, SCALES[scale]);
    // Leave autovacuum nothing to do on the fresh tables while the first scenario is measured.
    await pg.query('vacuum analyze');
    const seconds = (Date.now() - started) / 1000;
    const { rows: professionals } = await pg.query(`select id, email, organisation_id from professional where email = any($1)`, [[...new Set([BENCH_PERSONA, ...personas])]]);
    const actors = new Map(professionals.map((p) => [p.email as string, { professionalId: p.id as string, organisationId: p.organisation_id as string }]));
    const { rows: mine } = await pg.query(`select client_id from case_assignment where professional_id = $1 and ended_on is null order by client_id limit 50`, [actors.get(BENCH_PERSONA)!.professionalId]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Libraries as deployed; the gateway's settings stay development's (bench/server.ts).
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      KETENPOORT_DATA_DIR: dataDir,
      // One professional at full speed is the load being measured, not an abuse to throttle.
      RATE_LIMIT_PROFESSIONAL_BURST: '100000',
      RATE_LIMIT_PROFESSIONAL_PER_MINUTE: '1000000',
      RATE_LIMIT_ORGANISATION_BURST: '1000000',
      RATE_LIMIT_ORGANISATION_PER_MINUTE: '10000000',
    };
    return { url, config, env, seconds, actors, ids: mine.map((r) => r.client_id as string) };
  } finally {
    await pg.end();
  }
}
