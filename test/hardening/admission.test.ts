/**
 * Admission: at most ADMIT_CONCURRENT GraphQL requests execute at once, the others wait their turn
 * in arrival order; a full queue, or a turn that does not come within ADMIT_WAIT_MS, is answered
 * 503 SERVICE_UNAVAILABLE with Retry-After — and such a request did nothing.
 */
import net from 'node:net';
import { Client as PgClient } from 'pg';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { headPosition } from '../helpers/audit';

let gw: TestGateway;
let cm: Caller;
beforeAll(async () => {
  gw = await startGateway({ ADMIT_CONCURRENT: '1', ADMIT_QUEUE: '2', ADMIT_WAIT_MS: '1000' });
  cm = await gw.as('casemanager@iriszorg.example');
});
afterAll(() => gw.close());

const PAGE = '{ clients(first: 1) { edges { node { code } } } }';

/**
 * While `fn` runs, another connection holds the audit chain's lock: a request that reads client
 * data is answered only after its audit lines are written, so it stays in flight until then.
 */
async function holdingTheAuditChain<T>(fn: (release: () => Promise<void>) => Promise<T>): Promise<T> {
  const pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  await pg.query('begin');
  await pg.query('select pg_advisory_xact_lock(7513)');
  let held = true;
  const release = async () => {
    if (held) await pg.query('rollback');
    held = false;
  };
  try {
    return await fn(release);
  } finally {
    await release();
    await pg.end();
  }
}

/** Until a request waits for the chain's lock, i.e. is executing. */
async function untilWaitingForTheChain(): Promise<void> {
  const pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await pg.query(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`);
      if (rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no request came to wait for the audit chain');
  } finally {
    await pg.end();
  }
}

const settled = <T>(p: Promise<T>) => p.then((value) => ({ value, at: Date.now() }));

it('answers 503 with Retry-After when the queue is full or the turn does not come, and those requests leave no trace', async () => {
  const before = await headPosition(gw);
  const [first, queued, refused] = await holdingTheAuditChain(async (release) => {
    const first = settled(cm.query(PAGE));
    await untilWaitingForTheChain();
    const queued = [settled(cm.query(PAGE)), settled(cm.query(PAGE))];
    await new Promise((r) => setTimeout(r, 100));
    const refused = await settled(cm.query(PAGE)); // the queue holds two
    const timedOut = await Promise.all(queued);
    await release();
    return [await first, timedOut, refused];
  });
  for (const res of [refused.value, ...queued.map((q) => q.value)]) {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toEqual({ errors: [{ message: 'The gateway is busy; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  }
  // The one that found the queue full was answered at once; the queued ones only when their wait ran out.
  for (const q of queued) expect(refused.at).toBeLessThan(q.at);
  expect(first.value.status).toBe(200);
  expect(first.value.body.data).toEqual({ clients: { edges: [{ node: { code: expect.any(String) } }] } });
  // Only the admitted request read anything, so only it left an audit line.
  expect(Number(await headPosition(gw)) - Number(before)).toBe(1);
});

it('admits the waiting requests in arrival order as turns free up', async () => {
  const answers = await holdingTheAuditChain(async (release) => {
    const first = settled(cm.query(PAGE));
    await untilWaitingForTheChain();
    const second = settled(cm.query('{ me { email } }'));
    await new Promise((r) => setTimeout(r, 20));
    const third = settled(cm.query('{ me { name } }'));
    await new Promise((r) => setTimeout(r, 50));
    await release();
    return Promise.all([first, second, third]);
  });
  expect(answers.map((a) => a.value.status)).toEqual([200, 200, 200]);
  expect(answers[1].value.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example' } });
  const [first, second, third] = answers.map((a) => a.at);
  expect(first).toBeLessThanOrEqual(second);
  expect(second).toBeLessThanOrEqual(third);
});

it('keeps the turn of a caller who hangs up until the work she started is done', async () => {
  await holdingTheAuditChain(async (release) => {
    // She asks for a page, which stays in flight on the chain's lock, and hangs up.
    const hangUp = new AbortController();
    const abandoned = fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cm.token}` },
      body: JSON.stringify({ query: PAGE }),
      signal: hangUp.signal,
    }).catch((err: Error) => err.name);
    await untilWaitingForTheChain();
    hangUp.abort();
    expect(await abandoned).toBe('AbortError');

    // Her page still executes: the next request waits its turn, and here its wait runs out.
    const next = await cm.query('{ me { email } }');
    expect(next.status).toBe(503);
    expect(next.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');

    await release();
  });
  // Once her page is done, the turn passes on.
  const after = await cm.query('{ me { email } }');
  expect(after.status).toBe(200);
  expect(after.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example' } });
});

it('gives no turn to a request whose body has not arrived: a few slow senders, without a token, hold up no one', async () => {
  // Anyone can open a connection, send a POST's headers and then its body a byte at a time: the
  // server waits up to its request timeout (5 minutes) for the rest. Were the turn taken before the
  // body is read, ADMIT_CONCURRENT such connections (here 1, by default 8) would leave every
  // caller 503 for as long as they keep it up.
  const { port } = new URL(gw.url);
  const slow = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
  try {
    slow.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    await new Promise((r) => setTimeout(r, 100));
    const res = await cm.query('{ me { email } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example' } });
  } finally {
    slow.destroy();
  }
});

it('gives back the turns of answers their caller stops reading: a pipelined burst holds up no one', async () => {
  // Anyone can pipeline requests on one connection and never read the answers: once the socket's
  // buffers are full, the answers queued behind are never sent. Were their turns held until then,
  // one such connection would leave every caller 503 for as long as it stays open.
  const roomy = await startGateway({ ADMIT_CONCURRENT: '2', ADMIT_QUEUE: '100', ADMIT_WAIT_MS: '1000' }, { socketIdleMs: 3000 });
  const caller = await roomy.as('casemanager@iriszorg.example');
  // The server's end of the stalled connection, to see when the server lets it go.
  let theirs: net.Socket | undefined;
  roomy.http.once('connection', (socket: net.Socket) => (theirs = socket));
  const stalled = net.connect(Number(new URL(roomy.url).port), '127.0.0.1');
  try {
    await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
    stalled.pause();
    const SCHEMA = '{ __schema { types { name description fields { name description args { name description } } } } }';
    const body = JSON.stringify({ query: SCHEMA });
    const request = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${caller.token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    // Its answers (the schema, a few hundred kB each) come to far more than loopback's buffers hold.
    stalled.write(request.repeat(200));
    await new Promise((r) => setTimeout(r, 3000));
    const res = await caller.query('{ me { email } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example' } });
    // What the stalled connection holds is let go too: once it has gone quiet, the server cuts it.
    await new Promise<void>((resolve) => (theirs!.destroyed ? resolve() : theirs!.once('close', () => resolve())));
  } finally {
    stalled.destroy();
    await roomy.close();
  }
});
