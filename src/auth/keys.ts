import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import type { Config } from '../config';

export const DEV_ALGORITHM = 'ES256';

/**
 * The local development signing key: made on first start and kept in the git-ignored data folder,
 * so tokens survive restarts but never leave this machine. Production refuses it (config.ts).
 */
export async function devKeyPair(dataDir: string): Promise<{ privateKey: KeyLike; publicKey: KeyLike }> {
  const file = path.join(dataDir, 'dev-signing-key.json');
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    fs.mkdirSync(dataDir, { recursive: true });
    // Written exclusively so two processes starting at once cannot each write a different key.
    try {
      fs.writeFileSync(file, JSON.stringify({ ...jwk, alg: DEV_ALGORITHM }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, DEV_ALGORITHM)) as KeyLike,
    publicKey: (await importJWK(publicJwk, DEV_ALGORITHM)) as KeyLike,
  };
}

/**
 * Whether tokens may be minted with the development key: never in production, never once an OIDC
 * issuer is configured (its tokens are then the only valid ones). `npm run token` and the
 * dashboard's persona sign-in (POST /dev/token) both ask this.
 */
export function devTokensAllowed(config: Config): boolean {
  return config.env !== 'production' && !config.auth.oidcIssuer;
}
