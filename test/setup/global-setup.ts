/**
 * One real PostgreSQL for the whole run: the embedded one from npm, or the server of DATABASE_URL.
 * The first test file migrates a template database and loads the demo chain into it
 * (test/helpers/gateway.ts); every file then gets its own copy. MikroORM is not started here:
 * initialising it in jest's global setup breaks it in every test file after (mikro-orm#3783).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';
import { TEMPLATE } from '../helpers/template';
import { browserTestsSelected, ensureChromium, ensureDashboardBuilt } from './browser-prerequisites';

export default async function globalSetup(globalConfig: { testPathPattern?: string; testPathPatterns?: string[] }): Promise<void> {
  const patterns = globalConfig.testPathPatterns ?? (globalConfig.testPathPattern ? [globalConfig.testPathPattern] : []);
  if (browserTestsSelected(patterns)) {
    ensureDashboardBuilt();
    ensureChromium();
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-test-'));
  fs.chmodSync(workDir, 0o755); // the embedded server may run as another user (see db/embedded.ts)
  let serverUrl: string;
  let embedded: EmbeddedDatabase | undefined;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '';
    serverUrl = url.toString().replace(/\/$/, '');
  } else {
    embedded = await startEmbeddedPostgres(path.join(workDir, 'postgres'), { persistent: false });
    serverUrl = embedded.serverUrl;
  }
  // A stale template from an interrupted run on the same server would hide migration changes.
  const admin = new PgClient({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists "${TEMPLATE}" with (force)`);
  await admin.query(`drop database if exists "${TEMPLATE}_building" with (force)`);
  await admin.end();

  process.env.KETENPOORT_TEST_SERVER = serverUrl;
  process.env.KETENPOORT_TEST_DIR = workDir;
  (globalThis as { __ketenpoort?: unknown }).__ketenpoort = { embedded, workDir };
}
