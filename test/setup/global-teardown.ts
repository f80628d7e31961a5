import fs from 'node:fs';
import type { EmbeddedDatabase } from '../../src/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __ketenpoort?: { embedded?: EmbeddedDatabase; workDir: string } }).__ketenpoort;
  await state?.embedded?.stop();
  if (state?.workDir) fs.rmSync(state.workDir, { recursive: true, force: true });
}
