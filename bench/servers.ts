/**
 * The servers under test (bench/server.ts) as child processes, for bench/run.ts and
 * bench/fixed-cost.ts alike: started with `npm start`'s own Node flags, so each runs as deployed,
 * and asked over IPC for their counters.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/common/paths';
import type { Mode } from './server';

/** Node's own flags in `npm start` (the young generation's size). */
export const START_FLAGS: string[] = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts.start as string)
  .split(/\s+/)
  .filter((a) => a.startsWith('--'));

/** `server.js` of a build (`dist/bench`, or another build's) in `mode`, answering once it listens; `flags` come after START_FLAGS. */
export function startServer(serverJs: string, mode: Mode, env: NodeJS.ProcessEnv, flags: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(serverJs, [mode], { env, execArgv: [...START_FLAGS, ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

/** Sends `type` and answers the server's next message. */
export function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m: T) => resolve(m));
    child.send({ type });
  });
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
