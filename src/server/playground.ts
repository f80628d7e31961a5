/**
 * The GraphQL playground: GraphiQL 3 served entirely from the gateway's own files.
 *
 * The machines the gateway runs on have no internet, so nothing may come from a CDN: the page,
 * GraphiQL's bundle and stylesheet and React 18's UMD builds are all served from `node_modules`
 * under `<mount>/playground/`. The page carries a small bar above GraphiQL to paste a bearer token
 * (sent on every request) and opens the example operations of `operations/playground/` as tabs.
 *
 * The token, and GraphiQL's tabs, history and answers, last as long as the browser tab and no
 * longer (sessionStorage), and a new or cleared token starts a clean GraphiQL: on a shared
 * workstation the next person finds neither the previous one's token nor what she asked and saw.
 * Signing out also ends the token at the gateway (`signOut`).
 *
 * Security: everything injected into the page is JSON-encoded with `<`, `>`, `&`, U+2028 and U+2029
 * escaped, so an example containing `</script>` cannot end the script element; the one inline
 * script runs under a per-response CSP nonce, every other script must come from 'self'.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import express from 'express';

const gzip = promisify(gzipCallback);

export interface PlaygroundExample {
  title: string;
  query: string;
  /** JSON text for GraphiQL's variables editor (pretty-printed). */
  variables?: string;
  /** The demo email that may run the operation. */
  persona?: string;
}

/** The command that prints a demo token for a persona (`npm run token`, src/auth/token.cli.ts). */
const TOKEN_COMMAND = 'npm run --silent token --';
/** The persona of the token hint in the bar (each example names its own persona). */
const HINT_PERSONA = 'policy@nijmegen.example';

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

const HEADER_LINE = /^#\s*(title|persona|variables)\s*:(.*)$/i;

/**
 * Reads every `*.graphql` file of `dir`, sorted by file name. A file starts with comment header
 * lines (`# title: …`, `# persona: …`, optionally `# variables: {…}` as one line of JSON); the rest
 * is the document. A missing directory gives an empty list; a malformed header throws, naming the file.
 */
export function loadPlaygroundExamples(dir: string): PlaygroundExample[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.graphql'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => parseExample(name, fs.readFileSync(path.join(dir, name), 'utf8')));
}

function parseExample(fileName: string, text: string): PlaygroundExample {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const m = HEADER_LINE.exec(line.trim());
    if (!m) break;
    header[m[1].toLowerCase()] = m[2].trim();
  }
  const query = lines.slice(i).join('\n').trim();
  if (query === '') throw new Error(`${fileName}: the example has no GraphQL document after its header`);

  const example: PlaygroundExample = {
    title: header.title || fileName.replace(/\.graphql$/, ''),
    query,
  };
  if (header.persona) example.persona = header.persona;
  if (header.variables) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(header.variables);
    } catch (err) {
      throw new Error(`${fileName}: "# variables:" is not one line of valid JSON (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${fileName}: "# variables:" must be a JSON object`);
    }
    example.variables = JSON.stringify(parsed, null, 2);
  }
  return example;
}

/** The text of a GraphiQL tab: a comment header with title and persona, then the document. */
export function exampleTabQuery(example: PlaygroundExample): string {
  const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
  const head = [`# ${oneLine(example.title)}`];
  if (example.persona) {
    const persona = oneLine(example.persona);
    head.push(
      `# Persona: ${persona}`,
      `# Get a token for this persona with: ${TOKEN_COMMAND} ${persona}`,
      '# and paste it into "Bearer token" above.',
    );
  }
  return `${head.join('\n')}\n\n${example.query}\n`;
}

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------

/**
 * JSON that is safe inside an HTML `<script>` element and as a JavaScript literal: no `<`, `>` or `&`
 * (so no `</script>`, `<!--` or `<script`), and no U+2028/U+2029 line terminators.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------
// Assets
// ---------------------------------------------------------------------------------------------

interface AssetSource {
  type: string;
  /** Goes into the asset's URL (`?v=`), so the long cache lifetime is safe across upgrades. */
  version: string;
  read(): Promise<Buffer>;
}

interface LoadedAsset {
  identity: Buffer;
  gzipped: Buffer;
  etag: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function packageFile(pkg: string, file: string): { file: string; version: string } {
  // React's `exports` do not list its UMD builds, so resolve the package root via package.json.
  const pkgJson = require.resolve(`${pkg}/package.json`);
  const resolved = path.join(path.dirname(pkgJson), file);
  if (!fs.existsSync(resolved)) throw new Error(`playground: ${pkg}/${file} is missing from node_modules`);
  const { version } = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string };
  return { file: resolved, version };
}

function fileAsset(pkg: string, file: string, type: string): AssetSource {
  const found = packageFile(pkg, file);
  return { type, version: found.version, read: () => fs.promises.readFile(found.file) };
}

function memoryAsset(content: string, type: string): AssetSource {
  const body = Buffer.from(content, 'utf8');
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { type, version, read: async () => body };
}

/** Layout of the token bar and the GraphiQL area (served as a file: no inline style is needed). */
const PLAYGROUND_CSS = `
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; }
.kp-bar {
  --kp-bg: #f5f6f8; --kp-fg: #1b1f24; --kp-muted: #3d4550; --kp-border: #d9dbe0;
  --kp-control: #fff; --kp-control-border: #8a919c; --kp-hover: #e9ebef; --kp-focus: #1a5fd0;
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px;
  padding: 6px 12px; border-bottom: 1px solid var(--kp-border); background: var(--kp-bg); color: var(--kp-fg);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
/* Follow GraphiQL's theme: its explicit choice (body class) or else the system preference. */
body.graphiql-dark .kp-bar {
  --kp-bg: #212a3b; --kp-fg: #e6e8ec; --kp-muted: #c3c8d0; --kp-border: #3a4354;
  --kp-control: #1a2233; --kp-control-border: #6b7485; --kp-hover: #2b3548; --kp-focus: #7fb0ff;
}
@media (prefers-color-scheme: dark) {
  body:not(.graphiql-light) .kp-bar {
    --kp-bg: #212a3b; --kp-fg: #e6e8ec; --kp-muted: #c3c8d0; --kp-border: #3a4354;
    --kp-control: #1a2233; --kp-control-border: #6b7485; --kp-hover: #2b3548; --kp-focus: #7fb0ff;
  }
}
.kp-bar strong { font-weight: 600; }
.kp-token { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0; }
.kp-bar input, .kp-bar button {
  padding: 4px 10px; font: inherit; color: inherit;
  border: 1px solid var(--kp-control-border); border-radius: 4px; background: var(--kp-control);
}
.kp-bar input { width: 22em; max-width: 60vw; }
.kp-bar button { cursor: pointer; }
.kp-bar button:hover { background: var(--kp-hover); }
.kp-bar input:focus-visible, .kp-bar button:focus-visible { outline: 2px solid var(--kp-focus); outline-offset: 1px; }
.kp-status, .kp-hint { color: var(--kp-muted); }
.kp-hint { margin: 0; }
.kp-hint code {
  font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--kp-hover); padding: 1px 4px; border-radius: 3px; user-select: all;
}
#graphiql { flex: 1 1 auto; min-height: 0; position: relative; }
#graphiql > .graphiql-container { position: absolute; inset: 0; height: auto; }
.kp-message { padding: 16px; font: 14px/1.4 system-ui, sans-serif; }
`;

/**
 * The inline bootstrap: renders GraphiQL with a fetcher that adds the stored bearer token, and
 * wires the token bar. `__CONFIG__` is replaced by the escaped JSON configuration.
 */
const BOOTSTRAP_JS = `(function () {
  'use strict';
  var config = __CONFIG__;
  var mount = document.getElementById('graphiql');
  var form = document.getElementById('kp-token-form');
  var input = document.getElementById('kp-token');
  var signOut = document.getElementById('kp-sign-out');
  var status = document.getElementById('kp-token-status');

  function readToken() {
    try { return window.sessionStorage.getItem(config.tokenKey) || ''; } catch (e) { return ''; }
  }
  function writeToken(value) {
    try {
      if (value) window.sessionStorage.setItem(config.tokenKey, value);
      else window.sessionStorage.removeItem(config.tokenKey);
    } catch (e) { /* storage unavailable: the token lives for this page only */ }
  }

  // GraphiQL's own storage (tabs, history with its variables and headers), in sessionStorage under
  // the namespace: GraphiQL's own createLocalStorage would keep it for good.
  var prefix = config.storageNamespace + ':';
  function namespaceKeys() {
    var out = [];
    try {
      for (var i = 0; i < window.sessionStorage.length; i++) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf(prefix) === 0) out.push(key);
      }
    } catch (e) { /* storage unavailable */ }
    return out;
  }
  function clearNamespace() {
    namespaceKeys().forEach(function (key) { window.sessionStorage.removeItem(key); });
  }
  // Each GraphiQL gets a store of its own that goes quiet once a newer one replaced it: GraphiQL
  // saves its tabs half a second after the last edit, and that save of the previous person's
  // queries still fires after the namespace was cleared for the next one.
  function sessionStore(ownGeneration) {
    function current() { return ownGeneration === generation; }
    return {
      getItem: function (key) { try { return window.sessionStorage.getItem(prefix + key); } catch (e) { return null; } },
      setItem: function (key, value) { if (current()) window.sessionStorage.setItem(prefix + key, value); },
      removeItem: function (key) {
        if (!current()) return; // the key is the next GraphiQL's now
        try { window.sessionStorage.removeItem(prefix + key); } catch (e) { /* unavailable */ }
      },
      clear: function () { if (current()) clearNamespace(); },
      get length() { return namespaceKeys().length; }
    };
  }
  function normalise(value) {
    return String(value || '').trim().replace(/^bearer\\s+/i, '').trim();
  }

  var token = readToken();
  input.value = token;

  function showStatus() {
    status.textContent = token
      ? 'Token set: requests are sent with it.'
      : 'No token: requests are anonymous.';
  }

  // Adds the token to every request GraphiQL makes (operations and schema introspection).
  // A header typed into GraphiQL's own headers editor takes precedence.
  function authorisedFetch(resource, init) {
    var options = Object.assign({}, init || {});
    var headers = new Headers(options.headers || {});
    if (token && !headers.has('Authorization')) headers.set('Authorization', 'Bearer ' + token);
    options.headers = headers;
    return window.fetch(resource, options);
  }

  if (!window.GraphiQL || !window.React || !window.ReactDOM) {
    mount.textContent = 'The playground scripts did not load.';
    mount.className = 'kp-message';
    return;
  }
  var root = window.ReactDOM.createRoot(mount);
  // Each token gets a GraphiQL of its own: a new key remounts it, without the previous answers.
  var generation = 0;

  // A new fetcher on every token change makes GraphiQL fetch the schema again with the new token.
  function render() {
    var props = {
      fetcher: window.GraphiQL.createFetcher({ url: config.graphqlPath, fetch: authorisedFetch }),
      storage: sessionStore(generation),
      defaultEditorToolsVisibility: 'variables',
      shouldPersistHeaders: false
    };
    if (config.tabs.length > 0) props.defaultTabs = config.tabs;
    props.key = 'token-' + generation;
    root.render(window.React.createElement(window.GraphiQL, props));
  }

  // Pressing Enter fires both "change" and "submit": only a changed token re-renders.
  function setToken(value) {
    var next = normalise(value);
    input.value = next;
    if (next === token) return;
    token = next;
    writeToken(token);
    generation += 1;
    clearNamespace();
    showStatus();
    render();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    setToken(input.value);
  });
  input.addEventListener('change', function () {
    setToken(input.value);
  });
  // Ends the token at the gateway too: a copy left on this workstation (a clipboard, the identity
  // provider's page) opens nothing more. Said in the status, so she knows which it was.
  function endAtGateway(ended) {
    window.fetch(config.graphqlPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': 'Bearer ' + ended },
      body: JSON.stringify({ documentId: config.signOutDocumentId })
    }).then(function (response) {
      return response.json().then(function (body) { return response.ok && body && body.data && body.data.signOut === true; });
    }).catch(function () { return false; }).then(function (done) {
      if (token) return; // she pasted another meanwhile: its status stands
      showStatus();
      status.textContent += done
        ? ' Signed out: the gateway refuses that token from now on.'
        : ' Signed out here, but the gateway could not be told: that token stays valid until it expires.';
    });
  }

  signOut.addEventListener('click', function () {
    var ended = token;
    setToken('');
    if (ended) endAtGateway(ended);
    input.focus();
  });

  showStatus();
  render();
})();`;

// ---------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    // The bundles come from 'self'; the one inline bootstrap script carries the response's nonce.
    `script-src 'self' 'nonce-${nonce}'`,
    // GraphiQL 3 renders with stylesheets and CSSOM only. The one thing this blocks is the <style>
    // element its modal dialogs (react-remove-scroll) add to lock body scrolling: the page has no
    // body scroll, so nothing changes but a console message when a dialog opens. Its nonce cannot
    // be set from outside the bundle and its content varies, so neither a nonce nor a hash works.
    "style-src 'self'",
    // GraphiQL's stylesheet embeds its fonts and a few images as data: URLs.
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

interface PageInput {
  nonce: string;
  assetUrl: (name: string) => string;
  config: unknown;
}

function renderPage({ nonce, assetUrl, config }: PageInput): string {
  const src = (name: string) => escapeHtml(assetUrl(name));
  const hint = escapeHtml(`${TOKEN_COMMAND} ${HINT_PERSONA}`);
  const script = BOOTSTRAP_JS.replace('__CONFIG__', () => jsonForScript(config));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Ketenpoort GraphQL playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${src('graphiql.min.css')}">
<link rel="stylesheet" href="${src('playground.css')}">
</head>
<body>
<header class="kp-bar">
  <strong>Ketenpoort</strong>
  <form id="kp-token-form" class="kp-token" autocomplete="off" aria-label="Authentication">
    <label for="kp-token">Bearer token</label>
    <input id="kp-token" name="token" type="password" autocomplete="off" spellcheck="false"
      aria-describedby="kp-token-hint kp-token-status">
    <button type="submit">Use token</button>
    <button type="button" id="kp-sign-out">Clear token (sign out)</button>
    <span id="kp-token-status" class="kp-status" role="status" aria-live="polite"></span>
  </form>
  <p id="kp-token-hint" class="kp-hint">Demo token: <code>${hint}</code></p>
</header>
<main id="graphiql" aria-label="GraphiQL"><p class="kp-message">Loading the playground…</p></main>
<noscript><p class="kp-message">The playground needs JavaScript.</p></noscript>
<script src="${src('react.production.min.js')}"></script>
<script src="${src('react-dom.production.min.js')}"></script>
<script src="${src('graphiql.min.js')}"></script>
<script nonce="${nonce}">
${script}
</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------------------

/**
 * `GET /` serves the playground page, `GET /playground/<asset>` its scripts and stylesheets.
 * Mount it anywhere: asset URLs follow the mount path. `graphqlPath` is where the page sends
 * operations (a same-origin path such as `/graphql`; the CSP allows no other origin).
 */
export function playgroundRouter(opts: { graphqlPath: string; examples: PlaygroundExample[]; signOutDocumentId: string }): express.Router {
  const assets = new Map<string, AssetSource>([
    ['graphiql.min.js', fileAsset('graphiql', 'graphiql.min.js', JS)],
    ['graphiql.min.css', fileAsset('graphiql', 'graphiql.min.css', CSS)],
    ['react.production.min.js', fileAsset('react', 'umd/react.production.min.js', JS)],
    ['react-dom.production.min.js', fileAsset('react-dom', 'umd/react-dom.production.min.js', JS)],
    ['playground.css', memoryAsset(PLAYGROUND_CSS, CSS)],
  ]);
  const loaded = new Map<string, Promise<LoadedAsset>>();
  const load = (name: string, source: AssetSource): Promise<LoadedAsset> => {
    let pending = loaded.get(name);
    if (!pending) {
      pending = (async () => {
        const identity = await source.read();
        const gzipped = await gzip(identity, { level: 9 });
        const etag = createHash('sha256').update(identity).digest('base64url').slice(0, 27);
        return { identity, gzipped, etag };
      })();
      pending.catch(() => loaded.delete(name)); // retry on the next request
      loaded.set(name, pending);
    }
    return pending;
  };

  const tabs = opts.examples.map((e) => ({ query: exampleTabQuery(e), variables: e.variables ?? null }));
  // GraphiQL keeps open tabs in its storage and then ignores `defaultTabs`; a namespace per set of
  // examples makes changed examples show up instead of an old session.
  const storageNamespace = `ketenpoort-playground:${createHash('sha256')
    .update(JSON.stringify(tabs))
    .digest('hex')
    .slice(0, 12)}`;
  const config = {
    graphqlPath: opts.graphqlPath,
    tokenKey: 'ketenpoort-playground:token',
    storageNamespace,
    tabs,
    // By the trusted document's id, which production takes from every role (operations/sessions/).
    signOutDocumentId: opts.signOutDocumentId,
  };

  const router = express.Router();

  router.get('/', (req, res) => {
    const nonce = randomBytes(16).toString('base64');
    const assetUrl = (name: string) => `${req.baseUrl}/playground/${name}?v=${assets.get(name)!.version}`;
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    res.send(renderPage({ nonce, assetUrl, config }));
  });

  router.get('/playground/:asset', async (req, res, next) => {
    const name = req.params.asset;
    const source = assets.get(name);
    if (!source) return next();
    try {
      const asset = await load(name, source);
      const useGzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      res.set({
        'Content-Type': source.type,
        'Cache-Control': `public, max-age=${ONE_YEAR_SECONDS}, immutable`,
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
        ETag: `"${asset.etag}${useGzip ? '-gz' : ''}"`,
      });
      if (useGzip) res.set('Content-Encoding', 'gzip');
      res.send(useGzip ? asset.gzipped : asset.identity); // answers 304 itself when the ETag matches
    } catch (err) {
      next(err);
    }
  });

  return router;
}
