import type { Server } from 'node:http';
import type { Express } from 'express';

/**
 * How long a connection may go without a byte either way before it is cut. A caller who stops
 * reading her answers (admission.ts gives her turn back once the answer is handed to Node) would
 * otherwise keep them in the server's memory for as long as she keeps the connection open. Two
 * minutes is far beyond any answer the gateway's own limits let it take (statement timeouts, the
 * admission wait); slow senders are cut sooner by Node's request timeout.
 */
export const SOCKET_IDLE_MS = 120_000;

/** The gateway's express app listening on `port` (and `host`, when given), its idle connections cut. */
export function listen(app: Express, port: number, host: string | undefined, listening: (err?: Error) => void, idleMs = SOCKET_IDLE_MS): Server {
  const server = host ? app.listen(port, host, listening) : app.listen(port, listening);
  // Without a 'timeout' listener Node destroys the socket that went quiet.
  server.setTimeout(idleMs);
  return server;
}
