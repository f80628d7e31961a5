/**
 * The dashboard's persona sign-in: `GET /dev/personas` lists the demo professionals and
 * `POST /dev/token {"email"}` mints a token for one of them, exactly as `npm run token` does.
 *
 * Mounted only where `npm run token` would run (development key, no OIDC issuer, not production):
 * elsewhere both paths answer 404 like any unknown path, so a production gateway does not even
 * reveal that the feature exists. The body must be JSON, which a cross-site form cannot send
 * without a CORS preflight the gateway never answers. And the request must be addressed to this
 * machine by name: a web page that rebinds its own name to 127.0.0.1 (DNS rebinding) is, to the
 * browser, its own origin, and would otherwise be handed tokens; it sends its own name as Host.
 */
import express from 'express';
import type { Config } from '../config';
import { DEMO_EMAILS, PROFESSIONALS } from '../db/demo/personas';
import { devTokensAllowed } from './keys';
import { devToken } from './token.cli';

const TOKEN_TTL_SECONDS = 8 * 3600;
const THIS_MACHINE = ['localhost', '127.0.0.1', '::1'];

function addressedToThisMachine(host: string | undefined, config: Config): boolean {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return THIS_MACHINE.includes(name) || name === config.host;
}

export function devTokenRouter(config: Config): express.Router {
  const router = express.Router();
  if (!devTokensAllowed(config)) return router;

  router.use('/dev', (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (!addressedToThisMachine(req.headers.host, config)) {
      res.status(403).json({ error: 'the persona sign-in answers only requests addressed to this machine (localhost, 127.0.0.1, or HOST)' });
      return;
    }
    next();
  });

  router.get('/dev/personas', (_req, res) => {
    res.json({ personas: PROFESSIONALS.map(([email, name, , roles]) => ({ email, name, roles })) });
  });

  router.post('/dev/token', express.json({ limit: '1kb' }), async (req, res, next) => {
    const email: unknown = req.is('application/json') ? (req.body as { email?: unknown } | undefined)?.email : undefined;
    if (typeof email !== 'string' || !DEMO_EMAILS.includes(email)) {
      res.status(400).json({ error: 'email must be one of the demo professionals (GET /dev/personas)' });
      return;
    }
    try {
      const token = await devToken(config.dataDir, email, { audience: config.auth.audience, issuer: config.auth.devIssuer, ttlSeconds: TOKEN_TTL_SECONDS });
      res.json({ token, expiresIn: TOKEN_TTL_SECONDS });
    } catch (err) {
      next(err);
    }
  });

  return router;
}
