/**
 * A database that stops answering without refusing anything: its host lost, a network partition, a
 * frozen server. Unlike a stopped PostgreSQL (faults.test.ts), nothing tells the gateway: its
 * connections stay open, the statements it sends are taken and never answered, and
 * `statement_timeout`, which the server enforces, cannot help. The gateway sees the server through a
 * proxy that can swallow everything in both directions, as such a network does.
 */
import net from 'node:net';
import { DEMO } from '../../src/db/demo/seed';
import { waitingAsLongAsItTakes } from '../../src/db/unanswered-statements';
import { startGateway, type TestGateway } from '../helpers/gateway';

interface BlackHole {
  serverUrl: string;
  /** From now on nothing gets through, on the connections open now and on new ones. */
  swallow(): void;
  /** New connections get through again; the ones swallowed stay dead, as a partition leaves them. */
  restore(): void;
  close(): Promise<void>;
}

async function blackHole(serverUrl: string): Promise<BlackHole> {
  const upstream = new URL(serverUrl);
  const sockets = new Set<net.Socket>();
  let swallowing = false;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (swallowing) return void client.on('data', () => undefined);
    const db = net.connect(Number(upstream.port), upstream.hostname);
    sockets.add(db);
    db.on('error', () => client.destroy());
    client.on('error', () => db.destroy());
    db.on('close', () => (sockets.delete(db), client.destroy()));
    client.on('close', () => db.destroy());
    let dead = false;
    const kill = () => (dead = true);
    cut.add(kill);
    client.on('data', (chunk) => void (!dead && !swallowing && db.write(chunk)));
    db.on('data', (chunk) => void (!dead && !swallowing && client.write(chunk)));
  });
  const cut = new Set<() => void>();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    serverUrl: `${upstream.protocol}//${upstream.username}:${upstream.password}@127.0.0.1:${port}`,
    swallow() {
      swallowing = true;
      for (const kill of cut) kill();
      cut.clear();
    },
    restore() {
      swallowing = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const STATEMENT_MS = 1500;
const CONNECT_MS = 1000;

let hole: BlackHole;
let gw: TestGateway;

beforeAll(async () => {
  hole = await blackHole(process.env.KETENPOORT_TEST_SERVER!);
  gw = await startGateway({ DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS), DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS), DB_POOL_MAX: '4' }, { server: hole.serverUrl });
}, 120000);
afterAll(async () => {
  // The swallowed connections end first: a pool does not close while one of its connections waits for an answer.
  await hole?.close();
  await gw?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('answers 503 within its timeouts, not never, and serves again once the database answers, without a restart', async () => {
  const cm = await gw.as('casemanager@iriszorg.example');
  // A read of client data: the caller's lookup, her record, and the audit line the answer waits for.
  const read = () => cm.query('query ($id: ID!) { client(id: $id) { code } }', { id: DEMO.client(14) });
  // An answer, or none within twice what a request's statement and connection may take, and a margin.
  const bound = 2 * (STATEMENT_MS + CONNECT_MS) + 2000;
  const answered = async (res: Promise<{ status: number; body: { errors?: { extensions?: Record<string, unknown> }[] } }>) =>
    Promise.race([res.then((r) => ({ status: r.status, code: r.body.errors?.[0]?.extensions?.code })), sleep(bound).then(() => 'no answer')]);
  const ready = () => Promise.race([fetch(`${gw.url}/readyz`).then((r) => r.status), sleep(bound).then(() => 'no answer')]);

  // Several at once, so that several connections lie in the pool when the network goes.
  expect(await Promise.all([read(), read(), read()].map(answered))).toEqual(Array.from({ length: 3 }, () => ({ status: 200, code: undefined })));

  hole.swallow();
  expect(await answered(read())).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  expect(await ready()).toBe(503);
  expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);

  hole.restore();
  // Connections the network swallowed may each cost a request its answer, once; none may hang it.
  const after: unknown[] = [];
  for (let i = 0; i < 8 && (after.length < 3 || JSON.stringify(after.slice(-3)) !== JSON.stringify(Array(3).fill({ status: 200 }))); i++) {
    const r = await answered(read());
    after.push(typeof r === 'string' ? r : r.code ? r : { status: r.status });
  }
  expect(after).not.toContain('no answer');
  expect(after.slice(-3)).toEqual(Array(3).fill({ status: 200 }));
  // Reads at once share the audit writer: it is not left waiting for an answer that will never come.
  expect(await Promise.all(Array.from({ length: 6 }, () => answered(read())))).toEqual(Array.from({ length: 6 }, () => ({ status: 200, code: undefined })));
  expect(await ready()).toBe(200);
}, 90000);

describe('a statement the server is still working on, with no timeout of its own', () => {
  // Longer than a request's statement may go unanswered (STATEMENT_MS + CONNECT_MS).
  const slow = `select pg_sleep(${(STATEMENT_MS + CONNECT_MS + 1500) / 1000}) as slept`;
  const untimed = (bounded: boolean) => {
    const connection = gw.orm.em.getConnection();
    return connection.transactional(async (trx) => {
      const run = async () => {
        await connection.execute('set local statement_timeout = 0', [], 'run', trx);
        return connection.execute(slow, [], 'all', trx);
      };
      return bounded ? run() : waitingAsLongAsItTakes(await trx.client.acquireConnection(), run);
    });
  };

  it('is waited for as long as it takes where a migration runs it', async () => {
    await expect(untimed(false)).resolves.toEqual([{ slept: '' }]);
  }, 30000);

  it('is given up on anywhere else, as a server that stopped answering', async () => {
    await expect(untimed(true)).rejects.toThrow(/Connection terminated/);
    // The pool does not hand out the connection it gave up on.
    await expect(gw.orm.em.getConnection().execute('select 1 as one')).resolves.toEqual([{ one: 1 }]);
  }, 30000);
});
