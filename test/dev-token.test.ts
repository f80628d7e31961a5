/**
 * The dashboard's persona sign-in mints tokens with the development key, so it exists exactly
 * where `npm run token` works: development and test without OIDC. With an OIDC issuer, or in
 * production, its paths answer 404 like any unknown path.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { REPO_ROOT } from '../src/common/paths';
import { startGateway, type TestGateway } from './helpers/gateway';

async function post(gw: TestGateway, path: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

describe('in development (no OIDC issuer)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw?.close());

  it('lists the demo personas and mints a token the gateway accepts for that professional', async () => {
    const personas = await fetch(`${gw.url}/dev/personas`).then((r) => r.json());
    expect(personas.personas).toContainEqual({ email: 'casemanager@iriszorg.example', name: 'Sanne Hofstede', roles: ['CASE_MANAGER'] });

    const minted = await post(gw, '/dev/token', { email: 'casemanager@iriszorg.example' });
    expect(minted.status).toBe(200);
    const { token } = JSON.parse(minted.text);
    const me = await gw.post({ query: '{ me { email organisation { name } } }' }, { authorization: `Bearer ${token}` });
    expect(me.body.data).toEqual({ me: { email: 'casemanager@iriszorg.example', organisation: { name: 'Iriszorg' } } });
  });

  it('mints nothing for a request addressed to another name: a page that rebinds its own name to this machine', async () => {
    const { port } = new URL(gw.url);
    const minted = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/dev/token', method: 'POST', headers: { host: `rebound.example:${port}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ email: 'casemanager@iriszorg.example' }));
    });
    expect(minted.status).toBe(403);
    expect(minted.text).not.toMatch(/eyJ/);
    expect((await post(gw, '/dev/token', { email: 'casemanager@iriszorg.example' })).status).toBe(200); // addressed to 127.0.0.1
  });

  it('refuses an email that is not a demo professional, and a body that is not JSON', async () => {
    expect((await post(gw, '/dev/token', { email: 'someone@elsewhere.example' })).status).toBe(400);
    expect((await post(gw, '/dev/token', {})).status).toBe(400);
    // A cross-site form can send only form encodings; those never get a token.
    expect((await post(gw, '/dev/token', 'email=casemanager%40iriszorg.example', 'application/x-www-form-urlencoded')).status).toBe(400);
  });
});

// A production configuration needs more than OIDC (a metrics token once the hardening lands); the
// extra settings are given so this test holds before and after.
describe.each([
  ['with an OIDC issuer configured', { OIDC_ISSUER: 'https://login.ketenpoort.example', OIDC_JWKS_URL: 'https://login.ketenpoort.example/jwks' }],
  ['in production', { NODE_ENV: 'production', METRICS_TOKEN: 'a-long-metrics-token-for-the-tests-0123456789', OIDC_ISSUER: 'https://login.ketenpoort.example', OIDC_JWKS_URL: 'https://login.ketenpoort.example/jwks' }],
])('%s', (_name, env) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(env);
  });
  afterAll(async () => gw?.close());

  it('answers 404 for the persona list and for minting, as for any unknown path', async () => {
    expect((await fetch(`${gw.url}/dev/personas`)).status).toBe(404);
    const minted = await post(gw, '/dev/token', { email: 'casemanager@iriszorg.example' });
    expect(minted.status).toBe(404);
    expect(minted.text).not.toMatch(/eyJ/); // no token in any form
  });

  it('still serves the dashboard, where only pasting a token remains', async () => {
    const res = await fetch(`${gw.url}/dashboard/`);
    // 503 "run npm run build" when this checkout has no bundle yet (the browser tests build it).
    expect(res.status).toBe(fs.existsSync(path.join(REPO_ROOT, 'dist', 'web', 'index.html')) ? 200 : 503);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });
});
