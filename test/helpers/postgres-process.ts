import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface OwnPostgres {
  serverUrl: string;
  /** Its streaming standby's server URL, when asked for one. */
  standbyUrl?: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and ends its process. */
  close(): Promise<void>;
}

/** A PostgreSQL server for one test file, in a child process (see postgres-child.js); with a streaming standby when asked. */
export async function startOwnPostgres(dir: string, opts: { standby?: boolean } = {}): Promise<OwnPostgres> {
  const child: ChildProcess = fork(path.join(__dirname, 'postgres-child.js'), [dir, ...(opts.standby ? ['--standby'] : [])], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<Record<string, string>>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Record<string, string>));
      child.once('exit', (code) => reject(new Error(`postgres process exited with ${code}`)));
    });
  const ready = await next();
  const command = async (msg: 'stop' | 'start') => {
    const answer = next();
    child.send(msg);
    const m = await answer;
    if (m.error) throw new Error(m.error);
  };
  return {
    serverUrl: ready.ready,
    standbyUrl: ready.standby,
    stop: () => command('stop'),
    start: () => command('start'),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
