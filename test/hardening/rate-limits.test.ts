/**
 * Rate limits per professional and per organisation, and on refused tokens per network address:
 * token buckets, answered with 429 RATE_LIMITED and a Retry-After the caller can honour. And a
 * budget of audit lines for refused tokens from all addresses together.
 */
import { loadConfig } from '../../src/config';
import { MAX_BUCKETS, RateLimiter, senderOf } from '../../src/server/rate-limit';
import { entriesDuring } from '../helpers/audit';
import { startGateway, type TestGateway } from '../helpers/gateway';

const ME = '{ me { id } }';

describe('the buckets', () => {
  const limits = loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PROFESSIONAL_BURST: '2', RATE_LIMIT_PROFESSIONAL_PER_MINUTE: '60', RATE_LIMIT_ORGANISATION_BURST: '3', RATE_LIMIT_ORGANISATION_PER_MINUTE: '60' }).rateLimit;
  const sanne = { professionalId: 'p1', organisationId: 'iriszorg' };
  const fleur = { professionalId: 'p2', organisationId: 'iriszorg' };
  const marloes = { professionalId: 'p3', organisationId: 'leger' };

  it('lets a burst through, then asks to wait until a token has refilled', () => {
    let now = 0;
    const limiter = new RateLimiter(limits, () => now);
    expect(limiter.take(sanne)).toBeNull();
    expect(limiter.take(sanne)).toBeNull();
    expect(limiter.take(sanne)).toBe(1);
    now += 1000;
    expect(limiter.take(sanne)).toBeNull();
  });

  it('limits the organisation as a whole, and no other organisation', () => {
    const limiter = new RateLimiter(limits, () => 0);
    expect(limiter.take(sanne)).toBeNull();
    expect(limiter.take(sanne)).toBeNull();
    expect(limiter.take(fleur)).toBeNull();
    expect(limiter.take(fleur)).toBe(1); // Fleur's own bucket is full, Iriszorg's is empty
    expect(limiter.take(marloes)).toBeNull();
  });

  it('counts refused tokens per address, and says which refusal starts a run', () => {
    let now = 0;
    const limiter = new RateLimiter({ ...limits, refusedTokens: { burst: 2, perMinute: 60 } }, () => now);
    expect(limiter.refuseToken('10.0.0.1')).toBeNull();
    expect(limiter.refuseToken('10.0.0.1')).toBeNull();
    expect(limiter.refuseToken('10.0.0.1')).toEqual({ retryAfter: 1, first: true });
    expect(limiter.refuseToken('10.0.0.1')).toEqual({ retryAfter: 1, first: false });
    expect(limiter.refuseToken('10.0.0.2')).toBeNull(); // another address has its own budget
    now += 1000;
    expect(limiter.refuseToken('10.0.0.1')).toBeNull(); // one refusal back
    expect(limiter.refuseToken('10.0.0.1')).toEqual({ retryAfter: 1, first: true }); // a new run
    // Refused tokens take nothing from the professional's or organisation's buckets.
    expect(limiter.take(sanne)).toBeNull();
  });

  it('counts an IPv6 /64 as one sender, and an IPv4 address however it is written', () => {
    expect(senderOf('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(senderOf('2001:0db8:0000:0001:ffff:0:0:2')).toBe('2001:db8:0:1::/64');
    expect(senderOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(senderOf('::1')).toBe('0:0:0:0::/64');
    expect(senderOf('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(senderOf('10.0.0.1')).toBe('10.0.0.1');
    const limiter = new RateLimiter({ ...limits, refusedTokens: { burst: 1, perMinute: 60 } }, () => 0);
    expect(limiter.refuseToken('2001:db8:0:1::1')).toBeNull();
    expect(limiter.refuseToken('2001:db8:0:1::2')).not.toBeNull(); // a new address in the same /64
    expect(limiter.refuseToken('2001:db8:0:2::1')).toBeNull();
  });

  it('keeps a bounded number of buckets: a flood of new senders pushes out the least recently used, never the professional still sending', () => {
    const limiter = new RateLimiter({ ...limits, refusedTokens: { burst: 1, perMinute: 60 } }, () => 0);
    limiter.take(sanne);
    limiter.take(sanne);
    expect(limiter.take(sanne)).toBe(1);
    const sender = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    for (let i = 0; i < MAX_BUCKETS; i++) {
      if (limiter.refuseToken(sender(i)) !== null) throw new Error(`a new sender, ${sender(i)}, was refused`);
      // She keeps sending throughout, and stays limited: her buckets are never the least recently used.
      if (i % 1000 === 0) expect(limiter.take(sanne)).toBe(1);
    }
    // The flood's first sender was pushed out: back, she is a new address with a full bucket.
    expect(limiter.refuseToken(sender(0))).toBeNull();
    expect(limiter.take(sanne)).toBe(1);
  });

  it('takes nothing from a bucket when the other refuses', () => {
    let now = 0;
    const limiter = new RateLimiter(limits, () => now);
    limiter.take(sanne);
    limiter.take(sanne);
    limiter.take(fleur); // organisation empty
    expect(limiter.take(fleur)).not.toBeNull();
    now += 1000; // one organisation token back
    expect(limiter.take(fleur)).toBeNull(); // Fleur still had her second token
  });
});

describe('over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_PROFESSIONAL_BURST: '3', RATE_LIMIT_PROFESSIONAL_PER_MINUTE: '1', RATE_LIMIT_ORGANISATION_BURST: '5', RATE_LIMIT_ORGANISATION_PER_MINUTE: '1' });
  });
  afterAll(() => gw?.close());

  it('answers 429 RATE_LIMITED with Retry-After once a professional, then her organisation, used up their burst', async () => {
    const sanne = await gw.as('casemanager@iriszorg.example');
    const fleur = await gw.as('casemanager2@iriszorg.example');
    const marloes = await gw.as('casemanager@legerdesheils.example');
    for (let i = 0; i < 3; i++) expect((await sanne.query(ME)).status).toBe(200);
    const limited = await sanne.query(ME);
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(limited.body.data).toBeUndefined();
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited.body.errors?.[0].extensions?.retryAfter).toBe(retryAfter);

    // Iriszorg has 2 of its 5 left: Fleur gets those, then the whole organisation waits.
    expect((await fleur.query(ME)).status).toBe(200);
    expect((await fleur.query(ME)).status).toBe(200);
    expect((await fleur.query(ME)).status).toBe(429);
    // Another organisation is not held up by Iriszorg.
    expect((await marloes.query(ME)).status).toBe(200);
  });
});

describe('refused tokens from one address', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_REFUSED_TOKENS_BURST: '3', RATE_LIMIT_REFUSED_TOKENS_PER_MINUTE: '1' });
  });
  afterAll(() => gw?.close());

  // Each refused token is an audit line, and each line takes the chain's lock that every audited
  // read and write needs: a flood of bad tokens must not become a flood of lines.
  it('are answered 429 past the budget, leave one audit line for the run, and hold up no valid token', async () => {
    const bad = () => gw.post({ query: ME }, { authorization: 'Bearer not a token' });
    const { result: answers, entries } = await entriesDuring(gw, async () => {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push(await bad());
      return statuses;
    });
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429, 429, 429]);
    const limited = answers[3];
    expect(limited.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.data).toBeUndefined();
    expect(entries.map((e) => [e.event_type, e.outcome, e.reason])).toEqual([
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN'],
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN'],
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN'],
      ['auth.failure', 'DENIED', 'TOO_MANY_REFUSED_TOKENS'],
    ]);

    const sanne = await gw.as('casemanager@iriszorg.example');
    const served = await sanne.query(ME);
    expect(served.status).toBe(200);
    expect(served.body.data).toEqual({ me: { id: expect.any(String) } });
  });
});

describe('refused tokens from many addresses', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      RATE_LIMIT_REFUSED_TOKENS_BURST: '2',
      RATE_LIMIT_REFUSED_TOKENS_PER_MINUTE: '1',
      RATE_LIMIT_REFUSED_TOKENS_OVERALL_BURST: '4',
      RATE_LIMIT_REFUSED_TOKENS_OVERALL_PER_MINUTE: '1',
    });
  });
  afterAll(() => gw?.close());

  // A botnet's addresses each stay within their own budget; together they must not become a flood
  // of lines either, each taking the chain's lock that every audited read and write needs.
  it('leave one audit line each up to the budget of all addresses together, then one for the run, and hold up no valid token', async () => {
    // The gateway trusts the loopback proxy's word for the sender (X-Forwarded-For).
    const bad = (i: number) => gw.post({ query: ME }, { authorization: 'Bearer not a token', 'x-forwarded-for': `198.51.100.${i}` });
    const { result: answers, entries } = await entriesDuring(gw, async () => {
      const statuses = [];
      for (let i = 1; i <= 8; i++) statuses.push(await bad(i));
      // One address past its own budget meanwhile: told to wait, and its run goes unwritten too.
      for (let k = 0; k < 2; k++) statuses.push(await bad(1));
      return statuses;
    });
    // Each address is refused as ever: its token is no good, and it sent no more than its budget.
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 429]);
    expect(answers.slice(0, 9).every((a) => a.body.errors?.[0].extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(entries.map((e) => [e.event_type, e.outcome, e.reason, e.network_address])).toEqual([
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN', '198.51.100.1'],
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN', '198.51.100.2'],
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN', '198.51.100.3'],
      ['auth.failure', 'DENIED', 'MALFORMED_TOKEN', '198.51.100.4'],
      ['auth.failure', 'DENIED', 'TOO_MANY_REFUSED_TOKENS_OVERALL', '198.51.100.5'],
    ]);

    const sanne = await gw.as('casemanager@iriszorg.example');
    const { result: served, entries: read } = await entriesDuring(gw, () => sanne.query('{ clients(first: 1) { edges { node { code } } } }'));
    expect(served.status).toBe(200);
    expect((served.body.data as any).clients.edges).toHaveLength(1);
    expect(read.map((e) => [e.event_type, e.outcome])).toEqual([['client.read', 'GRANTED']]);
  });
});
