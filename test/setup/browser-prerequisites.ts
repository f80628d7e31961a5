/**
 * What the browser tests (test/browser/) need before any of them starts: the dashboard's bundle,
 * built from the current sources, and Debian's Chromium. Nothing is downloaded from a browser
 * vendor: Chromium comes from the distribution's packages (`apt-get install chromium`), installed
 * here when absent and we may (root, apt present); otherwise the run stops saying what to install.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.join(__dirname, '..', '..');
const BROWSER_TESTS = path.join(ROOT, 'test', 'browser');
/** What the bundle is built from: its sources, the generated documents and the policy tables. */
const BUNDLE_INPUTS = [path.join(ROOT, 'web'), path.join(ROOT, 'src', 'generated', 'operations'), path.join(ROOT, 'src', 'policy', 'policy-tables.json')];
const BUNDLE = path.join(ROOT, 'dist', 'web', 'index.html');

/** Whether this jest run includes a browser test (a run of other files should not build or install anything). */
export function browserTestsSelected(patterns: string[]): boolean {
  if (!fs.existsSync(BROWSER_TESTS)) return false;
  const files = fs.readdirSync(BROWSER_TESTS).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(BROWSER_TESTS, f));
  if (patterns.length === 0) return files.length > 0;
  return files.some((file) => patterns.some((p) => new RegExp(p, 'i').test(file)));
}

function newestChange(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(target)
    .filter((name) => name !== 'node_modules')
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(target, name))), stat.mtimeMs);
}

/** Builds dist/web when it is missing or older than what it is built from. */
export function ensureDashboardBuilt(): void {
  const built = fs.existsSync(BUNDLE) ? fs.statSync(BUNDLE).mtimeMs : 0;
  if (built > Math.max(...BUNDLE_INPUTS.map(newestChange))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(ROOT, 'web', 'vite.config.mts')], {
    cwd: ROOT,
    stdio: 'inherit',
    // jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !hasCommand('apt-get')) {
    throw new Error(
      `The browser tests need Chromium from Debian's packages at ${CHROMIUM}. Install it with ` +
        '`sudo apt-get install -y chromium` (no browser is ever downloaded from a vendor), then run the tests again.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}
