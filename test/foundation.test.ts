import { ConfigError, loadConfig } from '../src/config';
import { DEMO } from '../src/db/demo/seed';
import { startGateway, type TestGateway } from './helpers/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

describe('identity', () => {
  it('answers `me` with the professional the token belongs to, organisation and roles from our own records', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const res = await cm.query('{ me { email name roles organisation { name kind } teams { name } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      me: { email: 'casemanager@iriszorg.example', name: 'Sanne Hofstede', roles: ['CASE_MANAGER'], organisation: { name: 'Iriszorg', kind: 'CARE_PROVIDER' }, teams: [{ name: 'Stapteam 2.0' }] },
    });
  });

  it.each([
    ['no token', {}],
    ['a malformed header', { authorization: 'Token abc' }],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-jwt' }],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_what, headers) => {
    const res = await gw.post({ query: '{ me { email } }' }, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.data ?? null).toBeNull();
  });
});

describe('clients of the caller’s organisation', () => {
  it('lists only the clients Iriszorg is involved with, with a total that counts only those', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const res = await cm.query('{ clients(first: 100) { totalCount edges { node { code status team { name } } } } }');
    expect(res.body.errors).toBeUndefined();
    const codes = res.body.data.clients.edges.map((e: { node: { code: string } }) => e.node.code);
    // Stapteam 2.0 holds the caseload 12..18 and the open referral 20; nothing else involves Iriszorg.
    expect(codes).toEqual(['KP-012', 'KP-013', 'KP-014', 'KP-015', 'KP-016', 'KP-017', 'KP-018', 'KP-020']);
    expect(res.body.data.clients.totalCount).toBe(codes.length);
  });

  it('answers a client of another chain exactly as an id that does not exist', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const other = await cm.query('query ($id: ID!) { client(id: $id) { code } }', { id: DEMO.client(3) });
    const none = await cm.query('query ($id: ID!) { client(id: $id) { code } }', { id: '00000000-0000-4000-8000-999999999999' });
    expect(other.status).toBe(none.status);
    expect(other.body).toEqual(none.body);
    expect(other.body).toEqual({ data: { client: null } });
  });
});

describe('tokens the gateway refuses', () => {
  async function sign(claims: { sub?: string; aud?: string; iss?: string; exp?: number }): Promise<string> {
    const { SignJWT } = await import('jose');
    const { devKeyPair } = await import('../src/auth/keys');
    const { privateKey } = await devKeyPair(gw.config.dataDir);
    let jwt = new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuedAt();
    if (claims.sub) jwt = jwt.setSubject(claims.sub);
    jwt = jwt.setIssuer(claims.iss ?? gw.config.auth.devIssuer).setAudience(claims.aud ?? gw.config.auth.audience);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(privateKey);
  }
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['expired', { sub: 'demo|casemanager@iriszorg.example', exp: now() - 3600 }],
    ['without an expiry', { sub: 'demo|casemanager@iriszorg.example' }],
    ['for another audience', { sub: 'demo|casemanager@iriszorg.example', aud: 'someone-else', exp: now() + 600 }],
    ['from another issuer', { sub: 'demo|casemanager@iriszorg.example', iss: 'urn:elsewhere', exp: now() + 600 }],
    ['of someone we do not know', { sub: 'demo|stranger@example.org', exp: now() + 600 }],
  ])('refuses a token %s with 401', async (_what, claims) => {
    const res = await gw.post({ query: '{ me { email } }' }, { authorization: `Bearer ${await sign(claims)}` });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token from the moment it expires, though it was accepted a moment before', async () => {
    // The gateway remembers tokens it verified; without clock tolerance the expiry is exact.
    const strict = await startGateway({ AUTH_CLOCK_TOLERANCE_SECONDS: '0' });
    try {
      const token = await sign({ sub: 'demo|casemanager@iriszorg.example', exp: now() + 2 });
      const before = await strict.post({ query: '{ me { email } }' }, { authorization: `Bearer ${token}` });
      expect(before.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example' } });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const after = await strict.post({ query: '{ me { email } }' }, { authorization: `Bearer ${token}` });
      expect(after.status).toBe(401);
      expect(after.body.errors?.[0]).toMatchObject({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      await strict.close();
    }
  });

  // pitfalls.md: jose's tolerance is zero unless set; set, it must stay small (≤ 60 s), or a token
  // lives on for as long past its expiry as the setting says.
  it('allows a clock a few seconds behind, but refuses a token that expired more than a minute ago', async () => {
    const late = (seconds: number) => sign({ sub: 'demo|casemanager@iriszorg.example', exp: now() - seconds });
    const justExpired = await gw.post({ query: '{ me { email } }' }, { authorization: `Bearer ${await late(5)}` });
    expect(justExpired.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example' } });
    const longExpired = await gw.post({ query: '{ me { email } }' }, { authorization: `Bearer ${await late(61)}` });
    expect(longExpired.status).toBe(401);
    expect(longExpired.body.errors?.[0]).toMatchObject({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } });
    for (const tolerance of ['61', '300', '-1']) expect(() => loadConfig({ NODE_ENV: 'test', AUTH_CLOCK_TOLERANCE_SECONDS: tolerance })).toThrow(ConfigError);
  });

  it('refuses a deactivated professional at once, with a token that was valid a moment ago', async () => {
    const cm = await gw.as('casemanager3@iriszorg.example');
    expect((await cm.query('{ me { email } }')).status).toBe(200);
    await gw.orm.em.fork().getConnection().execute(`update professional set active = false where email = 'casemanager3@iriszorg.example'`);
    const res = await cm.query('{ me { email } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
