import type { Server } from 'node:http';
import type { Logger } from './logger';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Stops taking new connections, lets the requests in flight finish (each writes its audit before it
 * answers, so their audit is flushed by then), then stops the app and closes the database. After
 * `graceMs` the connections still open are cut, so a stuck client cannot hold the stop forever.
 */
export async function gracefulStop(server: Server, parts: { app: Stoppable; close(): Promise<void> }, logger: Logger, graceMs = 25_000): Promise<void> {
  logger.info('stopping: finishing requests in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A kept-alive connection that finishes its request after close() began would stay open.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const cut = setTimeout(() => {
    logger.warn('requests still in flight after the grace period: closing their connections');
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
  await parts.app.stop();
  await parts.close();
  logger.info('stopped');
}

/**
 * SIGTERM (an orchestrator's stop) and SIGINT (Ctrl-C) stop the gateway gracefully, once. A second
 * signal while it stops changes nothing: with no handler left, Node's default would end the process
 * at once, cutting the requests in flight and leaving an embedded cluster running without its owner.
 * The grace period already bounds how long a stop takes.
 */
export function stopOnSignals(stop: () => Promise<void>, exit: (code: number) => void = (code) => process.exit(code)): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => exit(0),
      (err) => {
        console.error(`stopping after ${signal} failed:`, err);
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
