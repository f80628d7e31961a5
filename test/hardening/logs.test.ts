/**
 * Structured logs: one JSON line per request with request id, operation name, the caller's
 * organisation and duration — and never a token or anything of a client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { REPO_ROOT } from '../../src/common/paths';
import { DEMO } from '../../src/db/demo/seed';
import { ClientAccess } from '../../src/policy/access';
import { createLogger } from '../../src/server/logger';
import { startGateway, type TestGateway } from '../helpers/gateway';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({}, { logger: createLogger('info', sink) });
});
afterAll(() => gw?.close());

it('logs who asked what and how long it took, but no token and nothing of the client', async () => {
  const cm = await gw.as('casemanager@iriszorg.example');
  const id = DEMO.client(16);
  const res = await cm.query('query ClientCard($id: ID!) { client(id: $id) { code identity { name bsn dateOfBirth } housing { situation } } }', { id }, { 'x-request-id': 'req-logs-0001' });
  expect(res.status).toBe(200);
  const identity = (res.body.data as any).client.identity;
  expect(identity?.name).toBeTruthy(); // the test is only meaningful when personal data was answered

  const entries = lines.map((l) => JSON.parse(l));
  const line = entries.find((e) => e.requestId === 'req-logs-0001' && e.msg === 'request');
  expect(line).toMatchObject({ operationName: 'ClientCard', organisationId: DEMO.org.iriszorg, status: 200, path: '/graphql' });
  expect(typeof line.durationMs).toBe('number');
  expect(line.sqlStatements).toBeGreaterThan(0);
  expect(res.headers.get('x-request-id')).toBe('req-logs-0001');
  // The fields docs/operations.md §3 shows an operator, no more and no fewer.
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  const example = JSON.parse(/^`(\{"level".*"msg":"request"\})`$/m.exec(doc)![1]);
  expect(Object.keys(line).sort()).toEqual(Object.keys(example).sort());

  const all = lines.join('\n');
  const secrets = [cm.token, cm.token.split('.')[2], identity.name, identity.bsn, identity.dateOfBirth, (res.body.data as any).client.code, id, 'casemanager@iriszorg.example'].filter(Boolean);
  for (const secret of secrets) expect(all).not.toContain(secret);
});

it('keeps the values out of a logged database error', async () => {
  const conn = gw.orm.em.getConnection();
  const cm = await gw.as('casemanager@iriszorg.example');
  await conn.execute('alter table consent rename to consent_gone');
  try {
    const res = await cm.query('query ($id: ID!) { client(id: $id) { identity { name } } }', { id: DEMO.client(16) });
    expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  } finally {
    await conn.execute('alter table consent_gone rename to consent');
  }
  const errors = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'internal error');
  expect(errors.length).toBeGreaterThan(0);
  expect(errors[0].requestId).toBeTruthy();
  expect(JSON.stringify(errors)).not.toContain(DEMO.client(16));
});

it('answers a path that is no valid percent-encoding with 400, and does not log the caller’s mistake as an error', async () => {
  const before = lines.length;
  const res = await fetch(`${gw.url}/playground/%`);
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ errors: [{ message: 'The request is malformed', extensions: { code: 'BAD_USER_INPUT' } }] });
  expect(lines.slice(before).map((l) => JSON.parse(l)).filter((e) => e.level === 'error' || e.level >= 50)).toEqual([]);
});

it('answers a rule that fails with INTERNAL_SERVER_ERROR on its field alone, and logs it for the operator without the value it quoted', async () => {
  const cm = await gw.as('casemanager@iriszorg.example');
  const id = DEMO.client(16);
  const query = 'query ($id: ID!) { client(id: $id) { code health { summary } } }';
  const summary = ((await cm.query(query, { id })).body.data as any).client.health?.summary as string;
  expect(summary).toBeTruthy(); // what a leaking error would quote
  const checkRead = ClientAccess.prototype.checkRead;
  // The rule's own code fails as PostgreSQL refuses a value: quoting it.
  const failing = jest.spyOn(ClientAccess.prototype, 'checkRead').mockImplementation(function (this: ClientAccess, clientId, category, field) {
    if (category === 'HEALTH') return Promise.reject(Object.assign(new Error(`invalid input syntax for type uuid: "${summary}"`), { code: '22P02' }));
    return checkRead.call(this, clientId, category, field);
  });
  const before = lines.length;
  try {
    const res = await cm.query(query, { id }, { 'x-request-id': 'req-logs-rule-fails' });
    expect(res.body).toEqual({
      data: { client: { code: 'KP-016', health: null } },
      errors: [{ message: 'Internal server error', path: ['client', 'health'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/Not Authorised/i);
  } finally {
    failing.mockRestore();
  }
  const logged = lines.slice(before).map((l) => JSON.parse(l)).filter((e) => e.msg === 'internal error');
  expect(logged).toEqual([expect.objectContaining({ requestId: 'req-logs-rule-fails', path: ['client', 'health'], err: expect.objectContaining({ code: '22P02' }) })]);
  expect(JSON.stringify(logged)).not.toContain(summary);
});

// pitfalls.md: a unique violation names the value it refused (PostgreSQL's detail, "Key (bsn)=(…)
// already exists") and MikroORM's message quotes the statement it sent, values and all.
it('answers a write that breaks a unique constraint with INTERNAL_SERVER_ERROR, and neither the answer nor the log holds her name or BSN', async () => {
  const conn = gw.orm.em.getConnection();
  const [{ bsn }] = await conn.execute<{ bsn: string }[]>('select bsn from client_record where bsn is not null limit 1');
  const name = 'Yolanda Q.';
  const dateOfBirth = '1994-03-17';
  // As if she had been registered once already: her new record is given a BSN the chain knows.
  await conn.execute(`create function give_known_bsn() returns trigger language plpgsql as $$ begin new.bsn := '${bsn}'; return new; end $$`);
  await conn.execute('create trigger give_known_bsn before insert on client_record for each row execute function give_known_bsn()');
  const wijkteam = await gw.as('casemanager@wijkteam.example');
  const clientsBefore = await conn.execute<{ n: string }[]>('select count(*)::text as n from client');
  const before = lines.length;
  let res;
  try {
    res = await wijkteam.query(
      'mutation ($input: ReferClientInput!) { referClient(input: $input) { id } }',
      { input: { teamId: DEMO.stapteam, newClient: { name, dateOfBirth }, reasonCategory: 'BASIC', reason: 'Asked us for help on the zone' } },
      { 'x-request-id': 'req-logs-unique' },
    );
  } finally {
    await conn.execute('drop trigger give_known_bsn on client_record');
    await conn.execute('drop function give_known_bsn()');
  }
  expect(res.body).toEqual({ data: { referClient: null }, errors: [{ message: 'Internal server error', path: ['referClient'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  expect(await conn.execute('select count(*)::text as n from client')).toEqual(clientsBefore);

  const logged = lines.slice(before).map((l) => JSON.parse(l)).filter((e) => e.requestId === 'req-logs-unique');
  // The operator learns which constraint refused what, not whose data it was.
  expect(logged).toContainEqual(expect.objectContaining({ msg: 'internal error', err: expect.objectContaining({ code: '23505', table: 'client_record' }) }));
  for (const secret of [bsn, name, dateOfBirth]) expect(JSON.stringify(logged)).not.toContain(secret);
});

// knex reports on its connections by itself (faults.test.ts loses one), in text of its own making:
// what it quotes is blanked as in a logged error.
it('logs what the database driver warns of as one JSON line without the values it quoted, and prints nothing itself', async () => {
  const value = 'Yolanda Q.';
  const before = lines.length;
  const printed = jest.spyOn(console, 'log');
  try {
    gw.orm.em.getConnection().getKnex().client.logger.warn(`Detected comma in searchPath "${value}, public".`);
    expect(printed).not.toHaveBeenCalled();
  } finally {
    printed.mockRestore();
  }
  const logged = lines.slice(before).map((l) => JSON.parse(l));
  expect(logged).toEqual([expect.objectContaining({ level: 40, component: 'database', msg: 'database driver warning', driverMessage: "Detected comma in searchPath '…'." })]);
  expect(JSON.stringify(logged)).not.toContain(value);
});
