/**
 * Latency at a fixed arrival rate: request i is due at start + i / rate, whether or not earlier
 * ones were answered, and its latency counts from when it was due — so a stall shows in every
 * request that waited behind it (no coordinated omission). At most `connections` are open at once;
 * a request due while all are busy waits for one, and that wait is part of its latency.
 *
 * Not autocannon's `overallRate`: it starts each connection's share of a second at the top of the
 * second (a burst, not a rate), and its correction for coordinated omission takes 1 / rate in
 * seconds for milliseconds, so every slow answer is counted hundreds of times over.
 */
import http from 'node:http';

export interface OpenLoopResult {
  p50: number;
  p99: number;
  sent: number;
  failures: Failures;
}

/** Requests that failed, by kind ("HTTP 503", "connection error"). */
export type Failures = Record<string, number>;

/** Adds `more` into `into` and answers `into`. */
export function addFailures(into: Failures, more: Failures): Failures {
  for (const [kind, n] of Object.entries(more)) into[kind] = (into[kind] ?? 0) + n;
  return into;
}

export const countOf = (failures: Failures) => Object.values(failures).reduce((a, b) => a + b, 0);

type Request = { method: 'POST'; headers: Record<string, string>; body: string };

function send(agent: http.Agent, url: URL, r: Request): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: r.method, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) }, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end(r.body);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);

export async function openLoop(target: string, requests: Request[], opts: { rate: number; seconds: number; connections: number }): Promise<OpenLoopResult> {
  const url = new URL(target);
  // fifo: every socket takes its turn, so none lies idle past the server's keep-alive timeout (5 s)
  // and is closed just as a request goes out on it (lifo, the default, reuses the last one freed).
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections, scheduling: 'fifo' });
  const total = Math.max(1, Math.round(opts.rate * opts.seconds));
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  const failures: Failures = {};
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      send(agent, url, requests[i % requests.length]).then((status) => {
        latencies.push(performance.now() - due);
        if (status < 200 || status >= 300) addFailures(failures, { [status ? `HTTP ${status}` : 'connection error']: 1 });
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), sent: total, failures };
}
