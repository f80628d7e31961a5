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
  /** `alg`: sign with this algorithm (the key is an RSA key: RS256 by default, RS384, PS256, …). */
  token(email: string, claims?: { audience?: string; expiresIn?: string | number; issuer?: string; alg?: string }): Promise<string>;
  /** Stop publishing the signing key, as a provider does with a key it no longer trusts. */
  withdrawKey(): void;
  /**
   * Answer its key set with an error status (true: 503), as a provider in an outage or a proxy in
   * front of it does; 'refused': not listen at all; 'not-a-key-set': answer 200 with JSON that is
   * no key set (a maintenance notice); false: serve it again.
   */
  /** `stalls`: the key set's headers and the first bytes of it come, the rest never. */
  setDown(down: boolean | number | 'refused' | 'not-a-key-set' | 'stalls'): Promise<void>;
  close(): Promise<void>;
}

/**
 * `keyAlg`: the `alg` its key set names for the key (RS256); null names none, as RFC 7517 allows and
 * many providers do, so the key set itself does not say which algorithms the key may be used with.
 */
export async function startIdentityProvider(audience = 'ketenpoort', { keyAlg = 'RS256' as string | null } = {}): Promise<TestIdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', use: 'sig', ...(keyAlg ? { alg: keyAlg } : {}) };
  let keys = [jwk];
  let down: number | 'not-a-key-set' | 'stalls' | false = false;
  const server = http.createServer((_req, res) => {
    if (down === 'stalls') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
      return;
    }
    if (down === 'not-a-key-set') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'maintenance' }));
      return;
    }
    if (down) {
      res.statusCode = down;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  let listening = true;
  const issuer = `${base}/`;
  const jwksUrl = `${base}/jwks.json`;
  return {
    issuer,
    jwksUrl,
    audience,
    env: { OIDC_ISSUER: issuer, OIDC_JWKS_URL: jwksUrl, OIDC_AUDIENCE: audience },
    token: (email, claims = {}) =>
      sign(privateKey, { sub: demoSubject(email), iss: claims.issuer ?? issuer, aud: claims.audience ?? audience, exp: claims.expiresIn ?? '1h', alg: claims.alg ?? 'RS256' }),
    withdrawKey: () => {
      keys = [];
    },
    setDown: async (d) => {
      if (d === 'refused') {
        if (listening) {
          // Keep-alive connections the gateway holds would keep it answering.
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeAllConnections();
          await closed;
        }
        listening = false;
        return;
      }
      if (!listening) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
      down = d === true ? 503 : d;
    },
    close: async () => {
      if (!listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function sign(key: KeyLike, c: { sub: string; iss: string; aud: string; exp: string | number; alg: string }): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: c.alg, kid: 'test-key', typ: 'JWT' }).setSubject(c.sub).setIssuer(c.iss).setAudience(c.aud).setIssuedAt().setExpirationTime(c.exp).sign(key);
}
