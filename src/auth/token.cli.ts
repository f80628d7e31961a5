/**
 * `npm run --silent token -- <email>`: a bearer token for a demo professional, signed with the
 * local development key. It needs no database (so it works while `npm start` holds the embedded
 * one) and refuses to run against a production configuration.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { loadConfig, stopMessage, type Config } from '../config';
import { DEMO_EMAILS, demoSubject } from '../db/demo/personas';
import { DEV_ALGORITHM, devKeyPair, devTokensAllowed } from './keys';

export async function devToken(dataDir: string, email: string, opts: { audience: string; issuer: string; ttlSeconds?: number }): Promise<string> {
  const { privateKey } = await devKeyPair(dataDir);
  return new SignJWT({})
    .setProtectedHeader({ alg: DEV_ALGORITHM, typ: 'JWT' })
    .setSubject(demoSubject(email))
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt()
    // Two tokens made in the same second would otherwise be one token: signing out of one would end both.
    .setJti(randomUUID())
    .setExpirationTime(`${opts.ttlSeconds ?? 8 * 3600}s`)
    .sign(privateKey);
}

/** The token the command prints; refused outside development. */
export async function tokenCommand(config: Config, email: string | undefined): Promise<string> {
  if (!devTokensAllowed(config)) {
    throw new Error('refused: tokens from the development key are for development only (an OIDC issuer is configured or NODE_ENV=production)');
  }
  if (!email || !DEMO_EMAILS.includes(email)) {
    throw new Error(`usage: npm run --silent token -- <email>\ndemo professionals:\n  ${DEMO_EMAILS.join('\n  ')}`);
  }
  return devToken(config.dataDir, email, { audience: config.auth.audience, issuer: config.auth.devIssuer });
}

async function main(): Promise<void> {
  process.stdout.write(`${await tokenCommand(loadConfig(), process.argv[2])}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(stopMessage(err));
    process.exit(1);
  });
}
