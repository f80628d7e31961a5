/**
 * The reference partner dashboard (web/), built by `npm run build` into `dist/web` and served here
 * from the gateway's own files: no CDN, one origin, so the dashboard's only way out is `/graphql`
 * (and `/dev/token` in development), which the CSP pins.
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * `GET <mount>/` serves the dashboard's page, `<mount>/assets/*` its hashed (hence immutable)
 * scripts and stylesheets. Without a build it answers 503 saying how to make one, rather than a
 * bare 404 that looks like a wrong address.
 */
export function dashboardRouter(dir: string): express.Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');

  router.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      index: false,
      redirect: false,
      setHeaders: (res) => res.setHeader('Cache-Control', `public, max-age=${ONE_YEAR_SECONDS}, immutable`),
    }),
    // A bare 404, not the default handler's page (which shows a stack outside production).
    (_req: express.Request, res: express.Response) => {
      res.status(404).type('text/plain').send('Not found\n');
    },
  );
  // Pages are addressed by the fragment (#/caseload), so the one document is all there is to serve.
  router.get('/', (req, res) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) {
      res.redirect(301, `${req.baseUrl}/`);
      return;
    }
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built: run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    res.set('Cache-Control', 'no-store');
    res.sendFile(index);
  });
  return router;
}
