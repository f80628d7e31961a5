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
