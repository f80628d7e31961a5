/**
 * The dashboards' typed documents and the manifest of trusted documents production accepts are
 * generated from operations/: when someone changes an operation (or the schema) and forgets
 * `npm run codegen`, production would refuse the dashboard's new document. This catches it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../src/common/paths';

const GENERATED = 'src/generated/operations/';

function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

it('src/generated/operations/ is exactly what codegen makes from operations/ and the schema', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ketenpoort-codegen-'));
  try {
    // The project's own codegen.yml, writing into a temporary folder instead (the CLI is ESM-only
    // in parts, so it runs as its own process rather than inside jest).
    const config = fs.readFileSync(path.join(REPO_ROOT, 'codegen.yml'), 'utf8');
    expect(config).toContain(`  ${GENERATED}:`);
    const configFile = path.join(out, 'codegen.yml');
    fs.writeFileSync(configFile, config.replace(`  ${GENERATED}:`, `  ${JSON.stringify(`${out}/generated/`)}:`));
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'graphql-codegen'), ['--config', configFile, '--silent'], { cwd: REPO_ROOT, stdio: 'pipe' });
    expect(filesIn(path.join(REPO_ROOT, GENERATED))).toEqual(filesIn(path.join(out, 'generated')));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120000);
