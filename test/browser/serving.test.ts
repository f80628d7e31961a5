/**
 * The gateway serves the built dashboard itself (no CDN): one page under a strict CSP that lets it
 * talk to its own origin only, and hashed assets cached for good.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/common/paths';
import { startGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw?.close());

it('serves the page at /dashboard/ under a CSP that allows only its own origin', async () => {
  const bare = await fetch(`${gw.url}/dashboard`, { redirect: 'manual' });
  expect({ status: bare.status, location: bare.headers.get('location') }).toEqual({ status: 301, location: '/dashboard/' });

  const res = await fetch(`${gw.url}/dashboard/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  const html = await res.text();
  expect(html).toContain('<html lang="nl">');
  // Every script and stylesheet comes from the gateway itself.
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'));
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) expect(url).toMatch(/^\/dashboard\/assets\//);
});

it('serves the hashed assets with a long cache lifetime, and a plain 404 for anything else', async () => {
  const script = fs.readdirSync(path.join(REPO_ROOT, 'dist', 'web', 'assets')).find((f) => f.endsWith('.js'))!;
  const asset = await fetch(`${gw.url}/dashboard/assets/${script}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

  const missing = await fetch(`${gw.url}/dashboard/assets/nothing-here.js`);
  expect(missing.status).toBe(404);
  expect(await missing.text()).toBe('Not found\n');
});
