import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import express from 'express';
import { parse } from 'graphql';
import { jsonForScript, loadPlaygroundExamples, playgroundRouter, type PlaygroundExample } from './playground';

type Server = ReturnType<express.Express['listen']>;

async function serve(app: express.Express): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'playground-test-'));
}

/** Every src/href attribute value in the page, except the empty favicon (`data:,`, no request). */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]).filter((ref) => ref !== 'data:,');
}

/** The text of each <script> element, as the HTML parser delimits it. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script/gi)]
    .filter((m) => !/\bsrc=/.test(m[1]))
    .map((m) => m[2]);
}

const HOSTILE = 'query Evil { a(s: "</script><script>alert(1)</script><!-- \u2028") }';

describe('loadPlaygroundExamples', () => {
  it('parses the header lines and sorts the files by name', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, '02-second.graphql'),
      '# title: Second one\n# persona: casemanager@iriszorg.example\n# variables: {"first": 20}\n\nquery Second { me { id } }\n',
    );
    fs.writeFileSync(path.join(dir, '01-first.graphql'), '# title: First one\n# persona: policy@nijmegen.example\nquery First { me { id } }');
    fs.writeFileSync(path.join(dir, '10-untitled.graphql'), '# just a comment\n{ me { id } }\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an example');
    fs.mkdirSync(path.join(dir, 'sub.graphql'));

    expect(loadPlaygroundExamples(dir)).toEqual([
      { title: 'First one', persona: 'policy@nijmegen.example', query: 'query First { me { id } }' },
      {
        title: 'Second one',
        persona: 'casemanager@iriszorg.example',
        variables: JSON.stringify({ first: 20 }, null, 2),
        query: 'query Second { me { id } }',
      },
      { title: '10-untitled', query: '# just a comment\n{ me { id } }' },
    ]);
  });

  it('gives an empty list for a missing directory', () => {
    expect(loadPlaygroundExamples(path.join(tempDir(), 'does-not-exist'))).toEqual([]);
  });

  it('names the file whose variables header is not JSON', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.graphql'), '# title: Bad\n# variables: {first: 20}\n{ me { id } }\n');
    expect(() => loadPlaygroundExamples(dir)).toThrow(/bad\.graphql.*variables/);
  });

  it("loads the repository's examples: titled, with a persona, valid GraphQL", () => {
    let root = __dirname; // the repository root, also when this test runs compiled from dist/
    while (!fs.existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
    const examples = loadPlaygroundExamples(path.join(root, 'operations/playground'));
    // Every example file is loaded (examples come and go with the API they show).
    expect(examples.map((e) => e.title)).toHaveLength(fs.readdirSync(path.join(root, 'operations/playground')).filter((f) => f.endsWith('.graphql')).length);
    for (const e of examples) {
      expect(e.title).not.toMatch(/^\d\d-/);
      expect(e.persona).toMatch(/^[a-z]+@[a-z]+\.example$/);
      expect(() => parse(e.query)).not.toThrow();
    }
    expect(JSON.parse(examples[2].variables!)).toEqual({
      municipalityId: '00000000-0000-4000-8000-000000000003',
      from: '2021-08-01',
      to: '2023-07-31',
    });
  });
});

describe('jsonForScript', () => {
  it('round-trips and contains no characters that could end a script element', () => {
    const value = { s: '</script><!--<script>&\u2028\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('playgroundRouter', () => {
  const examples: PlaygroundExample[] = [
    {
      title: 'Monitoring report for the project period',
      persona: 'policy@nijmegen.example',
      variables: '{\n  "municipalityId": "m-1"\n}',
      query: 'query Monitoring($municipalityId: ID!) { monitoring(municipalityId: $municipalityId) { threshold } }',
    },
    { title: 'Hostile </script> title', persona: 'x@y.example</script>', query: HOSTILE },
  ];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(playgroundRouter({ graphqlPath: '/graphql', examples, signOutDocumentId: 'sha256:sign-out' }));
    const nested = express.Router();
    nested.use(playgroundRouter({ graphqlPath: '/graphql', examples: [], signOutDocumentId: 'sha256:sign-out' }));
    app.use('/tools', nested);
    ({ server, base } = await serve(app));
  });
  afterAll(() => close(server));

  it('serves an HTML page with a CSP and no external origin', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();

    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/(src|href)\s*=\s*"\/\//i); // no protocol-relative URL either
    const refs = references(html);
    expect(refs.length).toBeGreaterThanOrEqual(5);
    for (const ref of refs) expect(ref).toMatch(/^\/playground\/[\w.-]+\?v=[\w.-]+$/);

    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toBeTruthy();
    const directives = Object.fromEntries(csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toContain("'self'");
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
    expect(directives['script-src']).not.toContain("'unsafe-eval'");
    expect(directives['style-src']).toEqual(["'self'"]);
    const nonce = /'nonce-([^']+)'/.exec(directives['script-src'].join(' '))?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // The one inline script carries the nonce; every other script has a src.
    const scriptTags = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
    expect(scriptTags.filter((attrs) => !/\bsrc=/.test(attrs))).toEqual([` nonce="${nonce}"`]);
    expect(csp).not.toMatch(/https?:|\*/);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const again = await fetch(`${base}/`);
    expect(again.headers.get('content-security-policy')).not.toBe(csp); // a fresh nonce per response
  });

  it('has the token bar: a labelled password input, the token hint and a sign-out button', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toMatch(/<label for="kp-token">Bearer token<\/label>/);
    expect(html).toMatch(/<input id="kp-token"[^>]*type="password"/);
    expect(html).toContain('npm run --silent token -- policy@nijmegen.example');
    expect(html).toMatch(/<button type="button" id="kp-sign-out">[^<]+<\/button>/);
    expect(html).toContain("'Bearer ' + token");
    expect(html).toContain('sessionStorage');
    expect(html).not.toContain('localStorage');
  });

  it('serves every script and stylesheet the page references with the right content type', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    const styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.map((s) => s.replace(/\?.*/, ''))).toEqual([
      '/playground/react.production.min.js',
      '/playground/react-dom.production.min.js',
      '/playground/graphiql.min.js',
    ]);
    expect(styles.map((s) => s.replace(/\?.*/, ''))).toEqual(['/playground/graphiql.min.css', '/playground/playground.css']);

    for (const [urls, type] of [
      [scripts, 'text/javascript; charset=utf-8'],
      [styles, 'text/css; charset=utf-8'],
    ] as const) {
      for (const url of urls) {
        const res = await fetch(base + url);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect((await res.text()).length).toBeGreaterThan(100);
      }
    }
    // The served GraphiQL is the installed 3.8.3 bundle, and React is the 18 UMD build.
    const graphiql = await (await fetch(base + scripts[2])).text();
    expect(graphiql).toContain('window.GraphiQL');
    expect(scripts[2]).toContain('?v=3.8.3');
    expect(scripts[0]).toMatch(/\?v=18\./);
  });

  it('answers conditional and uncompressed requests for assets', async () => {
    const url = `${base}/playground/react.production.min.js`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    // fetch() adds "Cache-Control: no-cache" to conditional requests, so ask like a browser cache does.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(url, { headers: { 'If-None-Match': etag, 'Accept-Encoding': 'gzip' } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });
    expect(status).toBe(304);

    // Node's fetch asks for gzip and decodes it; ask for identity explicitly as well.
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(
      fs.readFileSync(path.join(path.dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'), 'utf8'),
    );
  });

  it('does not serve anything else under /playground/', async () => {
    for (const p of ['/playground/package.json', '/playground/..%2Fpackage.json', '/playground/graphiql.min.js.map']) {
      expect((await fetch(base + p)).status).toBe(404);
    }
  });

  it('puts the examples into the page as JSON, and </script> in an example cannot break out', async () => {
    const html = await (await fetch(`${base}/`)).text();

    // Exactly one </script> per <script>: the hostile example did not end any element early.
    expect(html.match(/<script\b/gi)!.length).toBe(4);
    expect(html.match(/<\/script/gi)!.length).toBe(4);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('\u2028');

    // Run the inline script's configuration literal and compare it with what went in.
    const [inline] = inlineScripts(html);
    const literal = /var config = (\{.*\});\n/.exec(inline)![1];
    const config = vm.runInNewContext(`(${literal})`) as {
      graphqlPath: string;
      tabs: { query: string; variables: string | null }[];
    };
    expect(config.graphqlPath).toBe('/graphql');
    expect(config.tabs).toHaveLength(2);
    expect(config.tabs[0].query).toBe(
      '# Monitoring report for the project period\n' +
        '# Persona: policy@nijmegen.example\n' +
        '# Get a token for this persona with: npm run --silent token -- policy@nijmegen.example\n' +
        '# and paste it into "Bearer token" above.\n\n' +
        examples[0].query +
        '\n',
    );
    expect(config.tabs[0].variables).toBe(examples[0].variables);
    expect(config.tabs[1].query).toContain(HOSTILE);
    expect(config.tabs[1].query.startsWith('# Hostile </script> title\n# Persona: x@y.example</script>\n')).toBe(true);
  });

  it('follows the mount path for its asset URLs', async () => {
    const res = await fetch(`${base}/tools/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const ref of references(html)) {
      expect(ref).toMatch(/^\/tools\/playground\//);
      expect((await fetch(base + ref)).status).toBe(200);
    }
    // No examples: GraphiQL's default tab.
    expect(html).toContain('"tabs":[]');
  });
});
