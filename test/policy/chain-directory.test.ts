/**
 * Who works in a team — her name, work e-mail address and roles — is for the team's own chain.
 * Organisations stay open across chains (a handover names one in another city); `teams` lists the
 * caller's chain's teams only, and a team of another chain, reached through a woman who moved or a
 * professional, answers its members null with FORBIDDEN.
 */
import { DEMO, demoId } from '../../src/db/demo/seed';
import { addProfessional, startGateway, type TestGateway } from '../helpers/gateway';
import { sql } from '../helpers/audit';

// The demo's KP-005 moved from Nijmegen to Arnhem.
const MOVED = DEMO.client(5);
const ARNHEM_TEAM = demoId(2, 90);
const ARNHEM_CASE_MANAGER = 'casemanager@arnhem.example';

const TEAMS = '{ teams { id name members { name email } } }';
const HER_TEAM = 'query($id: ID!) { client(id: $id) { id team { id name members { name } } } }';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  await addProfessional(gw, 95, ARNHEM_CASE_MANAGER, 'Wouter Claassen', DEMO.org.arnhem, ['CASE_MANAGER']);
  await sql(gw, `insert into team (id, name, municipality_id) values (?, 'Team Arnhem', ?)`, [ARNHEM_TEAM, DEMO.org.arnhem]);
  await sql(gw, 'insert into team_member (team_id, professional_id) values (?, ?)', [ARNHEM_TEAM, demoId(3, 95)]);
  await sql(gw, 'update client set team_id = ? where id = ?', [ARNHEM_TEAM, MOVED]);
  // Procesregie of the chain she left still knows her, through her consent.
  await sql(gw, `insert into consent (client_id, effect, organisation_id, categories, purpose, legal_basis, valid_from, recorded_by_id) values (?, 'PERMIT', ?, null, 'CARE_COORDINATION', 'CONSENT', now() - interval '1 day', ?)`, [
    MOVED,
    DEMO.org.zvh,
    demoId(3, 1),
  ]);
});
afterAll(() => gw.close());

type Teams = { teams: { id: string; name: string; members: { name: string; email: string }[] | null }[] };

it.each([
  ['a Nijmegen case manager', 'casemanager@iriszorg.example', DEMO.stapteam],
  ['Nijmegen’s administrator', 'admin@nijmegen.example', DEMO.stapteam],
  ['an Arnhem case manager', ARNHEM_CASE_MANAGER, ARNHEM_TEAM],
])('lists to %s the teams of her own chain, with their members', async (_who, email, team) => {
  const res = await (await gw.as(email)).query(TEAMS);
  expect(res.body.errors).toBeUndefined();
  const { teams } = res.body.data as Teams;
  expect(teams.map((t) => t.id)).toEqual([team]);
  expect(teams[0].members?.length).toBeGreaterThan(0);
});

it('answers the members of another chain’s team, reached through a woman who moved there, null with FORBIDDEN', async () => {
  const res = await (await gw.as('procesregie@zvh.example')).query(HER_TEAM, { id: MOVED });
  expect(res.body.data).toEqual({ client: { id: MOVED, team: { id: ARNHEM_TEAM, name: 'Team Arnhem', members: null } } });
  expect(res.body.errors?.map((e) => [e.path, e.extensions])).toEqual([[['client', 'team', 'members'], { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]]);
  expect(JSON.stringify(res.body)).not.toContain('Wouter');

  // Her chain's own sees who works with her.
  const arnhem = await (await gw.as(ARNHEM_CASE_MANAGER)).query(HER_TEAM, { id: MOVED });
  expect(arnhem.body.errors).toBeUndefined();
  expect(arnhem.body.data).toEqual({ client: { id: MOVED, team: { id: ARNHEM_TEAM, name: 'Team Arnhem', members: [{ name: 'Wouter Claassen' }] } } });
});

it('answers the members of another chain’s team, reached through one of its professionals, null with FORBIDDEN', async () => {
  // Nijmegen's procesregie meets Arnhem's case manager as the woman's case manager; her teams are Arnhem's.
  await sql(gw, 'insert into case_assignment (client_id, organisation_id, professional_id, started_on) values (?, ?, ?, chain_today())', [MOVED, DEMO.org.arnhem, demoId(3, 95)]);
  const res = await (await gw.as('procesregie@zvh.example')).query('query($id: ID!) { client(id: $id) { caseManagers { name teams { name members { name } } } } }', { id: MOVED });
  expect(res.body.data).toEqual({ client: { caseManagers: [{ name: 'Wouter Claassen', teams: [{ name: 'Team Arnhem', members: null }] }] } });
  expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
});

// graphql-shield caches a rule's answer per request: a rule that looks at its parent must be
// `no_cache`, or the first team's answer is given for every team of the document (docs/design/pitfalls.md).
describe('the members of her own chain’s team and of another chain’s team, asked in one document', () => {
  const OWN = 'own: me { teams { id members { name } } }';
  const OTHER = 'other: client(id: $id) { team { id members { name } } }';
  const CALLER = 'casemanager@iriszorg.example';

  beforeAll(async () => {
    // Iriszorg, in Nijmegen's Stapteam, still knows the woman who moved, through her consent.
    await sql(gw, `insert into consent (client_id, effect, organisation_id, categories, purpose, legal_basis, valid_from, recorded_by_id) values (?, 'PERMIT', ?, null, 'CARE', 'CONSENT', now() - interval '1 day', ?)`, [
      MOVED,
      DEMO.org.iriszorg,
      demoId(3, 1),
    ]);
  });

  it.each([
    ['her own team first', `query($id: ID!) { ${OWN} ${OTHER} }`],
    ['the other chain’s team first', `query($id: ID!) { ${OTHER} ${OWN} }`],
  ])('answers the own chain’s and refuses the other’s, with %s', async (_order, document) => {
    const res = await (await gw.as(CALLER)).query(document, { id: MOVED });
    const data = res.body.data as { own: { teams: { id: string; members: { name: string }[] | null }[] }; other: { team: { id: string; members: unknown } } };
    expect(data.other).toEqual({ team: { id: ARNHEM_TEAM, members: null } });
    expect(data.own.teams.map((t) => t.id)).toEqual([DEMO.stapteam]);
    // Sanne Hofstede works in Stapteam 2.0 herself (src/db/demo/personas.ts).
    expect(data.own.teams[0].members?.map((m) => m.name)).toContain('Sanne Hofstede');
    expect(res.body.errors?.map((e) => [e.path, e.extensions])).toEqual([[['other', 'team', 'members'], { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]]);
    expect(JSON.stringify(res.body)).not.toContain('Wouter');
  });
});
