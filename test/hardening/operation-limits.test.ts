/**
 * Operation limits (OWASP GraphQL cheat sheet): every document the dashboards send passes them with
 * the default configuration; query bombs are refused before anything executes, with HTTP 400 and a
 * message that names neither the limit nor anything of the schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, specifiedRules, validate, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '../../src/config';
import { REPO_ROOT } from '../../src/common/paths';
import { limitRules, operationCost } from '../../src/server/limits';
import { buildGatewaySchema } from '../../src/server/schema';
import { startGateway, type Caller, type TestGateway } from '../helpers/gateway';

function operationFiles(dir = path.join(REPO_ROOT, 'operations')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? operationFiles(path.join(dir, e.name)) : e.name.endsWith('.graphql') ? [path.join(dir, e.name)] : []));
}

describe('the dashboards’ own documents', () => {
  const limits = loadConfig({ NODE_ENV: 'test' }).limits;
  const files = operationFiles();

  it('are all found', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(REPO_ROOT, f), f]))('%s passes every default limit', async (_name, file) => {
    const schema = await buildGatewaySchema();
    const document = parse(fs.readFileSync(file, 'utf8'), { maxTokens: limits.tokens });
    expect(validate(schema, document, [...specifiedRules, ...limitRules(limits)])).toEqual([]);
    for (const op of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
      // No variables: every page is assumed at its largest size.
      expect(operationCost(schema, document, op, {}, limits.defaultListSize)).toBeLessThanOrEqual(limits.cost);
    }
  });
});

describe('query bombs', () => {
  let gw: TestGateway;
  let cm: Caller;
  beforeAll(async () => {
    gw = await startGateway();
    cm = await gw.as('casemanager@iriszorg.example');
  });
  afterAll(() => gw?.close());

  it.each([
    ['too deep', `query { me { organisation { teams { members { organisation { teams { members { organisation { teams { id } } } } } } } } } }`, 'The operation is nested too deeply'],
    ['an alias bomb', `query { ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, 'The operation uses too many aliases'],
    ['a directive flood', `query { me ${'@include(if: true) '.repeat(30)} { id } }`, 'The operation uses too many directives'],
    ['one field repeated 500 times', `query { me { ${'id '.repeat(500)} } }`, 'The operation repeats a field too often'],
  ])('refuses %s with 400 QUERY_TOO_COMPLEX, naming neither the limit nor where', async (_what, document, message) => {
    const res = await cm.query(document);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toContainEqual({ message, extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  it('refuses a document of more tokens than allowed, 400, naming neither the limit nor where', async () => {
    const res = await cm.query(`query(${Array.from({ length: 300 }, (_, i) => `$v${i}: Int`).join(', ')}) { me { id } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'The operation is too long', extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
  });

  it('still answers a document that is merely wrong as such, not as too complex', async () => {
    const invalid = await cm.query('query { me { noSuchField } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const unparsable = await cm.query('query { me { id }');
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('counts list sizes from `first`: a wide page of nested lists costs too much, a small one passes', async () => {
    const wide = `query($first: Int) { clients(first: $first) { edges { node { consents { id organisation { id name } } trajectories { id } signals { id } handovers { id } activity { id day minutes } caseManagers { id name } access { category granted } } } } }`;
    const refused = await cm.query(wide, { first: 100 });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.body.errors?.[0].message).not.toMatch(/\d/);
    const small = await cm.query(wide, { first: 2 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });

  it('prices a root list at its bound of 500, or the `first` asked, not as a short list of 20', async () => {
    const schema = await buildGatewaySchema();
    const price = (text: string) => {
      const document = parse(text);
      return operationCost(schema, document, document.definitions[0] as OperationDefinitionNode, {}, gw.config.limits.defaultListSize);
    };
    expect(price('{ signals { id status } }')).toBe(1 + 500 * 2);
    expect(price('{ handovers(direction: INCOMING) { client { access { granted } } } }')).toBe(1 + 500 * (1 + 1 + 9 * 1));
    expect(price('{ signals(first: 30) { id status } }')).toBe(1 + 30 * 2);

    // Priced as a list of 20, every signal's client's four lists came to 4,101 and passed.
    const wide = `{ signals { client { consents { id organisation { id name } } trajectories { id kind } handovers { id } activity { id day minutes } } } }`;
    const refused = await cm.query(wide);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ message: 'The operation would read too much at once; ask for smaller pages', extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
    for (const fewer of ['{ signals { id status } }', wide.replace('signals', 'signals(first: 40)')]) {
      const res = await cm.query(fewer);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
  });

  /** Fragments that each spread the next twice: `me` asks for its `name` 2^n times. */
  const doubling = (n: number) =>
    `query { me { ...F0 } }\n${Array.from({ length: n }, (_, i) => `fragment F${i} on Professional { ...F${i + 1} ...F${i + 1} }`).join('\n')}\nfragment F${n} on Professional { name }`;

  it('refuses fragments that multiply (2^40 fields), and answers others meanwhile', async () => {
    const [refused, meanwhile] = await Promise.all([cm.query(doubling(40)), cm.query('{ me { name } }')]);
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.body.data?.me).toEqual({ name: expect.any(String) });
  });

  it('prices each fragment once, however often it is spread', async () => {
    const schema = await buildGatewaySchema();
    const document = parse(doubling(60));
    // One `me` and 2^60 names under it, counted in 60 steps, not 2^60.
    expect(operationCost(schema, document, document.definitions[0] as OperationDefinitionNode, {}, 20)).toBe(1 + 2 ** 60);
  });

  it('refuses a batch of operations before running any', async () => {
    const res = await gw.post([{ query: '{ me { id } }' }, { query: '{ me { id } }' }], { authorization: `Bearer ${cm.token}` });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await cm.query(`query { me { id } } # ${'x'.repeat(gw.config.limits.bodyBytes)}`);
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('takes its limits from the configuration', async () => {
    const strict = await startGateway({ LIMIT_DEPTH: '2' });
    try {
      const caller = await strict.as('casemanager@iriszorg.example');
      expect((await caller.query('{ me { id } }')).status).toBe(200);
      expect((await caller.query('{ me { organisation { id } } }')).status).toBe(400);
    } finally {
      await strict.close();
    }
  });
});
