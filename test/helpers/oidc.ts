/**
 * A stand-in OIDC identity provider for production-mode tests: it serves its JWKS over local HTTP
 * and signs tokens for the demo professionals, as the real provider would.
 */
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { demoSubject } from '../../src/db/demo/personas';

export interface TestIdentityProvider {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** The env a production gateway needs to trust this provider. */
  env: Record<string, string>;
  token(email: string, claims?: { audience?: string; expiresIn?: string | number; issuer?: string }): Promise<string>;
  /** Stop publishing the signing key, as a provider does with a key it no longer trusts. */
  withdrawKey(): void;
  /** Answer its key set with 503, as a provider in an outage does, or serve it again. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startIdentityProvider(audience = 'ketenpoort'): Promise<TestIdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let keys = [jwk];
  let down = false;
  const server = http.createServer((_req, res) => {
    if (down) {
      res.statusCode = 503;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/`;
  const jwksUrl = `${base}/jwks.json`;
  return {
    issuer,
    jwksUrl,
    audience,
    env: { OIDC_ISSUER: issuer, OIDC_JWKS_URL: jwksUrl, OIDC_AUDIENCE: audience },
    token: (email, claims = {}) => sign(privateKey, { sub: demoSubject(email), iss: claims.issuer ?? issuer, aud: claims.audience ?? audience, exp: claims.expiresIn ?? '1h' }),
    withdrawKey: () => {
      keys = [];
    },
    setDown: (d) => {
      down = d;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function sign(key: KeyLike, c: { sub: string; iss: string; aud: string; exp: string | number }): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).setSubject(c.sub).setIssuer(c.iss).setAudience(c.aud).setIssuedAt().setExpirationTime(c.exp).sign(key);
}
