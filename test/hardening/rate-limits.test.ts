/**
 * Rate limits per professional and per organisation: token buckets, answered with 429
 * RATE_LIMITED and a Retry-After the caller can honour.
 */
import { loadConfig } from '../../src/config';
import { RateLimiter } from '../../src/server/rate-limit';
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
