import 'reflect-metadata';
/**
 * `npm run migrate` / `npm run seed` against DATABASE_URL (or the embedded database), and
 * `npm run migration:create` for developers: diff the entities against a throw-away database
 * migrated to the latest migration, and write what changed as a new migration.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, stopMessage } from '../config';
import { openDatabase, migrate, ensureDatabase } from './database';
import { startEmbeddedPostgres } from './embedded';
import { ormOptions } from './orm.config';
import { seedDemo } from './demo/seed';
import { createLogger } from '../server/logger';

/** migrations/index.ts lists every migration file in order, so no one has to keep it by hand. */
function writeMigrationsIndex(dir: string): void {
  const names = fs.readdirSync(dir).filter((f) => /^Migration\d+.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
  fs.writeFileSync(
    path.join(dir, 'index.ts'),
    [
      '/** Every migration in order; listed explicitly so the compiled server and ts-jest load the same ones. Written by `npm run migration:create`. */',
      "import type { MigrationObject } from '@mikro-orm/core';",
      ...names.map((n) => `import { ${n} } from './${n}';`),
      '',
      'export const migrationsList: MigrationObject[] = [',
      ...names.map((n) => `  { name: '${n}', class: ${n} },`),
      '];',
      '',
    ].join('\n'),
  );
}

export async function runCommand(command: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env, 'command');
  switch (command) {
    case 'migrate': {
      const db = await openDatabase(config);
      await migrate(db.orm);
      await db.close();
      console.log('migrated');
      return;
    }
    case 'seed': {
      if (config.env === 'production') throw new Error('refused: the demo chain is for development, never for a production database');
      const db = await openDatabase(config);
      await migrate(db.orm);
      const loaded = await seedDemo(db.orm.em.fork());
      await db.close();
      console.log(loaded ? 'demo dataset loaded' : 'database not empty: demo dataset not loaded');
      return;
    }
    case 'migration:create': {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-migration-'));
      const pg = await startEmbeddedPostgres(dir, { persistent: false });
      try {
        await ensureDatabase(pg.serverUrl, 'diff');
        const migrationsPath = path.resolve(__dirname, '../../../migrations');
        const options = ormOptions(`${pg.serverUrl}/diff`, config.db, createLogger(config.logLevel));
        const orm = await MikroORM.init({
          ...options,
          migrations: { ...options.migrations, path: migrationsPath, pathTs: migrationsPath, emit: 'ts', fileName: (ts, name) => `Migration${ts}${name ? `_${name}` : ''}` },
        });
        await orm.getMigrator().up();
        const result = await orm.getMigrator().createMigration(migrationsPath, false, false, process.argv[3]);
        await orm.close();
        if (result.fileName) writeMigrationsIndex(migrationsPath);
        console.log(result.fileName ? `wrote migrations/${result.fileName} and registered it in migrations/index.ts` : 'no changes');
      } finally {
        await pg.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      return;
    }
    default:
      throw new Error('usage: cli.js migrate | seed | migration:create [name]');
  }
}

if (require.main === module) {
  runCommand(process.argv[2]).catch((err) => {
    console.error(stopMessage(err));
    process.exit(1);
  });
}
