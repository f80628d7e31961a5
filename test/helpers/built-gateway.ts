/** The gateway as `npm start` runs it: the built entry point in a process of its own. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../src/common/paths';

export const run = promisify(execFile);

/** Builds what `npm start` runs (the commands and the dashboard as well). */
export async function build(): Promise<void> {
  await run('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT });
}

export function readiness(port: number): Promise<number> {
  return fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
}

/** Starts the built gateway with `env` (its PORT among them) and waits until /readyz says ready. */
export async function startBuiltGateway(env: NodeJS.ProcessEnv, stdio: 'ignore' | 'pipe' = 'ignore'): Promise<{ gateway: ChildProcess; log: () => string }> {
  const gateway = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/main.js')], { cwd: REPO_ROOT, env, stdio: ['ignore', stdio, stdio] });
  let log = '';
  gateway.stdout?.on('data', (chunk) => (log += chunk));
  gateway.stderr?.on('data', (chunk) => (log += chunk));
  const deadline = Date.now() + 90_000;
  while ((await readiness(Number(env.PORT))) !== 200) {
    if (Date.now() > deadline || gateway.exitCode !== null) throw new Error(`the gateway did not become ready: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { gateway, log: () => log };
}

/** Stops a gateway a test left running, and with it its embedded cluster. */
export async function stopLeftOver(gateway: ChildProcess | undefined): Promise<void> {
  if (!gateway || gateway.exitCode !== null) return;
  gateway.kill('SIGTERM');
  await new Promise((resolve) => gateway.once('exit', resolve));
}
