import { MikroORM } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import type { Config } from '../../src/config';
import { migrate } from '../../src/db/database';
import { seedDemo } from '../../src/db/demo/seed';
import { ormOptions } from '../../src/db/orm.config';

export const TEMPLATE = 'ketenpoort_template';
const LOCK = 727_001;

/**
 * The migrated demo database that every test file copies. Made once per run by whichever file
 * comes first, under an advisory lock so parallel workers wait rather than race.
 */
export async function ensureTemplate(serverUrl: string, db: Config['db']): Promise<void> {
  const admin = new PgClient({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [LOCK]);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [TEMPLATE]);
    if (rowCount) return;
    // A build that failed earlier in this run leaves its half-made copy behind; start over.
    await admin.query(`drop database if exists "${TEMPLATE}_building"`);
    await admin.query(`create database "${TEMPLATE}_building"`);
    const orm = await MikroORM.init(ormOptions(`${serverUrl}/${TEMPLATE}_building`, db));
    try {
      await migrate(orm);
      await seedDemo(orm.em.fork());
    } finally {
      await orm.close(true);
    }
    // Renamed only when complete, so an interrupted build never passes for a template.
    await admin.query(`alter database "${TEMPLATE}_building" rename to "${TEMPLATE}"`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
    await admin.end();
  }
}
