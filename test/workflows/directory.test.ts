/**
 * The chain's administrator keeps its directory through the gateway (policy §2): who may sign in,
 * for which organisation, with which roles, in which teams. Each of those decides which clients an
 * organisation knows and what it sees of them (§1), so the tests follow the change through to what
 * a professional sees; and whatever would reach beyond the administrator's own chain, or let her
 * grant herself anything, is refused and changes nothing.
 */
import { DEMO, ORGANISATIONS, demoId } from '../../src/db/demo/seed';
import { AGGREGATE_ONLY_ROLES, CLIENT_DATA_ROLES, PROCESS_DIRECTION_KINDS, PROCESS_DIRECTION_ROLES } from '../../src/policy/tables';
import { PROFESSIONALS, demoSubject } from '../../src/db/demo/personas';
import { addProfessional, startGateway, type Caller, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { entriesDuring, sql } from '../helpers/audit';
import { fingerprint, queuedBehindLock } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

const ADMIN = 'admin@nijmegen.example';
const PSYCHIATRIST = 'psychiatrist@propersona.example';
const UNKNOWN = '00000000-0000-4000-8000-999999999999';
/** A demo professional's id, by e-mail. */
const demoIdOf = (email: string) => demoId(3, PROFESSIONALS.findIndex(([e]) => e === email) + 1);
const CLIENTS = 'query { clients(first: 1) { totalCount } }';
const ME = 'query { me { id name email roles active organisation { id } teams { id } } }';

let gw: TestGateway;
let admin: Caller;
beforeAll(async () => {
  gw = await startGateway();
  admin = await gw.as(ADMIN);
});
afterAll(() => gw.close());

type Versioned = { id: string; version: number; [k: string]: unknown };

/** A step as the administration page sends it, which must go through. */
async function step(op: string, input: Record<string, unknown>): Promise<Versioned> {
  const res = await admin.query(operation(op), { input });
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as Record<string, Versioned>)[op[0].toLowerCase() + op.slice(1)];
}

/** A step that must be refused with `expected` (its extensions), leaving the database as it was. */
async function refused(caller: Caller, op: string, input: Record<string, unknown>, expected: Record<string, unknown>): Promise<void> {
  const before = await fingerprint(gw);
  const res = await caller.query(operation(op), { input });
  expect(res.body.errors?.map((e) => e.extensions)).toEqual([expected]);
  expect(res.body.data).toEqual({ [op[0].toLowerCase() + op.slice(1)]: null });
  expect(await fingerprint(gw)).toEqual(before);
}

let hired = 0;
/** A professional the demo does not have, signed in as the demo's are (`gw.as(email)`). */
function newcomer(organisationId: string, roles: string[]) {
  hired++;
  const email = `newcomer${hired}@directory.example`;
  return { organisationId, name: `Newcomer ${hired}`, email, subject: demoSubject(email), roles };
}

async function teamVersion(teamId = DEMO.stapteam): Promise<number> {
  const [row] = await sql<{ version: number }[]>(gw, 'select version from team where id = ?', [teamId]);
  return row.version;
}

const totalCount = async (caller: Caller) => {
  const res = await caller.query(CLIENTS);
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as { clients: { totalCount: number } }).clients.totalCount;
};

describe('what the administrator changes, a professional meets on her next request', () => {
  it('adds a professional who signs in at once, as what she was given, and leaves a line of who added her', async () => {
    const input = newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']);
    const { result: added, entries } = await entriesDuring(gw, () => step('AddProfessional', input));
    expect(added).toMatchObject({ name: input.name, email: input.email, roles: ['CASE_MANAGER'], active: true, version: 1, organisation: { id: DEMO.org.iriszorg } });

    const me = await (await gw.as(input.email)).query(ME);
    expect(me.body.data).toEqual({ me: { id: added.id, name: input.name, email: input.email, roles: ['CASE_MANAGER'], active: true, organisation: { id: DEMO.org.iriszorg }, teams: [] } });

    const adminId = ((await admin.query(ME)).body.data as { me: { id: string } }).me.id;
    expect(entries).toEqual([
      expect.objectContaining({ event_type: 'professional.add', action: 'C', outcome: 'GRANTED', professional_id: adminId, organisation_id: DEMO.org.nijmegen, client_id: null, reason: added.id }),
    ]);
  });

  it('changes her roles from her next request on, with the token she already holds', async () => {
    const input = newcomer(DEMO.org.iriszorg, ['EXPERT_BY_EXPERIENCE']);
    const added = await step('AddProfessional', input);
    const her = await gw.as(input.email);
    // An expert by experience does not log hours (policy §6); a case manager does.
    const hours = { input: { clientId: DEMO.client(14), minutes: 30 } };
    expect((await her.query(operation('LogActivity'), hours)).body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });

    const changed = await step('ChangeProfessional', { id: added.id, version: added.version, roles: ['CASE_MANAGER'] });
    expect(changed).toMatchObject({ roles: ['CASE_MANAGER'], version: added.version + 1 });
    expect(((await her.query(ME)).body.data as { me: { roles: string[] } }).me.roles).toEqual(['CASE_MANAGER']);
    expect((await her.query(operation('LogActivity'), hours)).body.errors).toBeUndefined();
  });

  it('refuses a deactivated professional’s token at once, and lets her back in once reactivated', async () => {
    const input = newcomer(DEMO.org.legerDesHeils, ['CASE_MANAGER']);
    const added = await step('AddProfessional', input);
    const her = await gw.as(input.email);
    expect((await her.query(ME)).status).toBe(200);

    const off = await step('DeactivateProfessional', { id: added.id, version: added.version });
    expect(off).toMatchObject({ active: false });
    const refusedToken = await her.query(ME);
    expect([refusedToken.status, refusedToken.body.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);

    await step('ReactivateProfessional', { id: off.id, version: off.version });
    expect((await her.query(ME)).status).toBe(200);
  });

  // A team member makes her organisation involved with every client of the team (policy §1).
  it('makes her organisation know the team’s clients while she is an active member, and only then', async () => {
    const psychiatrist = await gw.as(PSYCHIATRIST);
    const alone = await totalCount(psychiatrist);
    const [{ n: teamClients }] = await sql<{ n: number }[]>(gw, 'select count(*)::int as n from client where team_id = ?', [DEMO.stapteam]);

    const clinician = await step('AddProfessional', newcomer(DEMO.org.proPersona, ['CLINICIAN']));
    const joined = await step('AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: clinician.id });
    expect(joined.members).toContainEqual({ id: clinician.id, name: clinician.name, roles: ['CLINICIAN'], active: true });
    const withTeam = await totalCount(psychiatrist);
    expect(withTeam).toBeGreaterThan(alone);
    expect(withTeam).toBeGreaterThanOrEqual(teamClients);

    const off = await step('DeactivateProfessional', { id: clinician.id, version: clinician.version });
    expect(await totalCount(psychiatrist)).toBe(alone);
    const on = await step('ReactivateProfessional', { id: off.id, version: off.version });
    expect(await totalCount(psychiatrist)).toBe(withTeam);

    const left = await step('RemoveTeamMember', { teamId: DEMO.stapteam, version: joined.version, professionalId: on.id });
    expect(left.version).toBe(joined.version + 1);
    expect((left.members as { id: string }[]).map((m) => m.id)).not.toContain(on.id);
    expect(await totalCount(psychiatrist)).toBe(alone);
  });

  it('adds an organisation and a team to her own chain', async () => {
    const org = await step('AddOrganisation', { name: 'Stichting Onderdak', kind: 'REGULAR_CARE' });
    expect(org).toMatchObject({ name: 'Stichting Onderdak', kind: 'REGULAR_CARE', municipality: { id: DEMO.org.nijmegen } });
    const team = await step('AddTeam', { name: 'Nachtteam' });
    expect(team).toMatchObject({ name: 'Nachtteam', version: 1, members: [] });
    const teams = await admin.query(operation('Teams'));
    expect((teams.body.data as { teams: { id: string; municipality: { id: string } }[] }).teams).toContainEqual(expect.objectContaining({ id: team.id, municipality: expect.objectContaining({ id: DEMO.org.nijmegen }) }));
    // Her organisation's professionals may be added at once.
    const newcomerThere = await step('AddProfessional', newcomer(org.id, ['CASE_MANAGER']));
    expect(newcomerThere.organisation).toEqual({ id: org.id, name: 'Stichting Onderdak' });
  });

  it('lists the professionals she keeps, inactive ones too, and no other chain’s', async () => {
    const input = newcomer(DEMO.org.legerDesHeils, ['CASE_MANAGER']);
    const added = await step('AddProfessional', input);
    await step('DeactivateProfessional', { id: added.id, version: added.version });
    const res = await admin.query(operation('Professionals'));
    expect(res.body.errors).toBeUndefined();
    const listed = (res.body.data as { professionals: { email: string; active: boolean; organisation: { id: string } }[] }).professionals;
    expect(listed).toContainEqual(expect.objectContaining({ email: input.email, active: false }));
    expect(listed.map((p) => p.email)).toEqual(expect.arrayContaining(['casemanager@iriszorg.example', 'casemanager@legerdesheils.example', ADMIN]));
    expect(listed.map((p) => p.email)).not.toContain('procesregie@arnhem.example');
    const [{ n }] = await sql<{ n: number }[]>(gw, `select count(*)::int as n from professional p join organisation o on o.id = p.organisation_id where o.municipality_id = ?`, [DEMO.org.nijmegen]);
    expect(listed).toHaveLength(n);

    const ldh = await admin.query(operation('Professionals'), { organisationId: DEMO.org.legerDesHeils });
    expect(new Set((ldh.body.data as { professionals: { organisation: { id: string } }[] }).professionals.map((p) => p.organisation.id))).toEqual(new Set([DEMO.org.legerDesHeils]));
  });

  it('lists the professionals to administrators only', async () => {
    const res = await (await gw.as('casemanager@iriszorg.example')).query(operation('Professionals'));
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
  });

  it('stores a name as the text it is', async () => {
    const name = "'; drop table client; --";
    const org = await step('AddOrganisation', { name, kind: 'CARE_PROVIDER' });
    expect(org.name).toBe(name);
    const [{ n }] = await sql<{ n: number }[]>(gw, 'select count(*)::int as n from client');
    expect(n).toBeGreaterThan(0);
  });
});

describe('what the administrator may not do, refused with nothing changed', () => {
  const notHers = { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' };

  it.each([
    ['an address that is no e-mail address', { email: 'sanne.iriszorg' }, 'input.email'],
    ['an e-mail address already in use, in other capitals', { email: 'CaseManager@IrisZorg.example' }, 'input.email'],
    ['a subject already in use', { subject: demoSubject('casemanager@iriszorg.example') }, 'input.subject'],
    ['a subject with spaces', { subject: 'demo | someone' }, 'input.subject'],
    ['no role', { roles: [] }, 'input.roles'],
    ['an administrator who also reads client data', { roles: ['ADMIN', 'CASE_MANAGER'] }, 'input.roles'],
    ['a blank name', { name: '  ' }, 'input.name'],
    ['a name of 201 characters', { name: 'x'.repeat(201) }, 'input.name'],
    ['a malformed organisation id', { organisationId: 'iriszorg' }, 'input.organisationId'],
  ])('a new professional with %s', async (_what, change, field) => {
    await refused(admin, 'AddProfessional', { ...newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']), ...change }, bad(field));
  });

  // Generated from the policy's tables: every role that sees aggregates only, beside every role that
  // reads clients, and at every organisation that is not a municipality.
  const partners = Object.entries(DEMO.org).filter(([key]) => !['nijmegen', 'arnhem'].includes(key));
  it.each(AGGREGATE_ONLY_ROLES.flatMap((aggregate) => CLIENT_DATA_ROLES.map((reader) => [aggregate, reader])))(
    'a new professional who would see %s figures and read clients as %s',
    async (aggregate, reader) => {
      await refused(admin, 'AddProfessional', newcomer(DEMO.org.nijmegen, [aggregate, reader]), bad('input.roles'));
    },
  );
  it.each(AGGREGATE_ONLY_ROLES.flatMap((aggregate) => partners.map(([key, org]) => [aggregate, key, org])))(
    'a new %s at a partner (%s), whose figures and budget are the municipality’s',
    async (aggregate, _key, organisationId) => {
      await refused(admin, 'AddProfessional', newcomer(organisationId, [aggregate]), bad('input.roles'));
    },
  );
  it('a partner’s case manager given a role that sees figures only, alone or beside her own', async () => {
    const [cm] = await sql<{ id: string; version: number }[]>(gw, `select id, version from professional where email = 'casemanager@wijkteam.example'`);
    await refused(admin, 'ChangeProfessional', { id: cm.id, version: cm.version, roles: ['ANALYST'] }, bad('input.roles'));
    await refused(admin, 'ChangeProfessional', { id: cm.id, version: cm.version, roles: ['CASE_MANAGER', 'POLICY_OFFICER'] }, bad('input.roles'));
    // At the municipality, alone, the role is hers to have.
    const analyst = await step('AddProfessional', newcomer(DEMO.org.nijmegen, ['ANALYST']));
    expect(analyst).toMatchObject({ roles: ['ANALYST'] });
  });

  // Every organisation of the demo chain that is neither a safety house nor a municipality.
  const notDirecting = ORGANISATIONS.filter(([, , kind, chain]) => chain === 'nijmegen' && !PROCESS_DIRECTION_KINDS.includes(kind));
  it.each(PROCESS_DIRECTION_ROLES.flatMap((role) => notDirecting.map(([key, , kind]) => [role, key, kind])))(
    'a new %s at a partner (%s, %s), who would read every woman’s audit trail and the chain’s figures',
    async (role, key) => {
      await refused(admin, 'AddProfessional', newcomer(DEMO.org[key as keyof typeof DEMO.org], [role]), bad('input.roles'));
    },
  );
  it('a partner’s case manager made process director; at the safety house and the municipality the role is theirs', async () => {
    expect(notDirecting.length).toBeGreaterThan(0);
    const [cm] = await sql<{ id: string; version: number }[]>(gw, `select id, version from professional where email = 'casemanager@iriszorg.example'`);
    await refused(admin, 'ChangeProfessional', { id: cm.id, version: cm.version, roles: ['CASE_MANAGER', 'PROCESS_DIRECTOR'] }, bad('input.roles'));
    for (const at of [DEMO.org.zvh, DEMO.org.nijmegen]) expect(await step('AddProfessional', newcomer(at, ['PROCESS_DIRECTOR']))).toMatchObject({ roles: ['PROCESS_DIRECTOR'] });
  });

  it('a new professional of an organisation that does not exist', async () => {
    await refused(admin, 'AddProfessional', newcomer(UNKNOWN, ['CASE_MANAGER']), { code: 'NOT_FOUND' });
  });

  it('a new professional of another chain’s organisation', async () => {
    await refused(admin, 'AddProfessional', newcomer(DEMO.org.arnhem, ['PROCESS_DIRECTOR']), notHers);
  });

  it('a change of another chain’s professional', async () => {
    const [arnhem] = await sql<{ id: string; version: number }[]>(gw, `select id, version from professional where email = 'procesregie@arnhem.example'`);
    await refused(admin, 'ChangeProfessional', { id: arnhem.id, version: arnhem.version, roles: ['PROCESS_DIRECTOR', 'PERMIT_OFFICER'] }, notHers);
    await refused(admin, 'DeactivateProfessional', { id: arnhem.id, version: arnhem.version }, notHers);
  });

  it('a change of her own record: her roles, her sign-in, her teams', async () => {
    const me = ((await admin.query(ME)).body.data as { me: { id: string } }).me;
    const [{ version }] = await sql<{ version: number }[]>(gw, 'select version from professional where id = ?', [me.id]);
    await refused(admin, 'ChangeProfessional', { id: me.id, version, name: 'Peter van Dam' }, notHers);
    await refused(admin, 'DeactivateProfessional', { id: me.id, version }, notHers);
    await refused(admin, 'AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: me.id }, notHers);
  });

  it('a change that names nothing to change', async () => {
    const added = await step('AddProfessional', newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']));
    await refused(admin, 'ChangeProfessional', { id: added.id, version: added.version }, bad('input'));
  });

  it('taking the team’s roles from a team member, and a team member without them', async () => {
    const member = await step('AddProfessional', newcomer(DEMO.org.legerDesHeils, ['CASE_MANAGER']));
    await step('AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: member.id });
    await refused(admin, 'ChangeProfessional', { id: member.id, version: member.version, roles: ['PERMIT_OFFICER'] }, bad('input.roles'));
    // A policy officer in a care team would make the municipality know every woman of it.
    const officer = await step('AddProfessional', newcomer(DEMO.org.nijmegen, ['POLICY_OFFICER']));
    await refused(admin, 'AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: officer.id }, bad('input.professionalId'));
  });

  it('a step its state does not allow: deactivated twice, joined twice, left without having joined', async () => {
    const added = await step('AddProfessional', newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']));
    const off = await step('DeactivateProfessional', { id: added.id, version: added.version });
    await refused(admin, 'DeactivateProfessional', { id: off.id, version: off.version }, { code: 'CONFLICT' });
    const on = await step('ReactivateProfessional', { id: off.id, version: off.version });
    await refused(admin, 'ReactivateProfessional', { id: on.id, version: on.version }, { code: 'CONFLICT' });
    await refused(admin, 'RemoveTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: on.id }, { code: 'CONFLICT' });
    await step('AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: on.id });
    await refused(admin, 'AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: on.id }, { code: 'CONFLICT' });
  });

  it.each([
    ['a municipality, which starts a chain of its own', { name: 'Gemeente Wijchen', kind: 'MUNICIPALITY' }, 'input.kind'],
    ['a name in use, in other capitals', { name: 'IRISZORG', kind: 'CARE_PROVIDER' }, 'input.name'],
  ])('an organisation that is %s', async (_what, input, field) => {
    await refused(admin, 'AddOrganisation', input, bad(field));
  });

  it('a team whose name is in use', async () => {
    await refused(admin, 'AddTeam', { name: 'stapteam 2.0' }, bad('input.name'));
  });

  it.each([
    ['teams', 'AddTeam', 'team', (name: string) => ({ name })],
    ['organisations', 'AddOrganisation', 'organisation', (name: string) => ({ name, kind: 'CARE_PROVIDER' })],
  ] as const)('two %s whose names differ only in capitals, added at the same moment: the second is told the name is in use', async (_what, op, table, input) => {
    // Both pass the directory's own check, then wait at their insert's check of the municipality's row.
    const add = (name: string) => () => admin.query(operation(op), { input: input(name) });
    const [first, second] = await queuedBehindLock(gw, 'select 1 from organisation where id = $1 for update', [DEMO.org.nijmegen], [add(`Nachtpost ${table}`), add(`NACHTPOST ${table.toUpperCase()}`)]);
    expect(first.body.errors).toBeUndefined();
    expect(second.body.errors?.map((e) => e.extensions)).toEqual([bad('input.name')]);
    expect(await sql(gw, `select name from ${table} where lower(name) = lower(?)`, [`Nachtpost ${table}`])).toEqual([{ name: `Nachtpost ${table}` }]);
  });

  it('keeps the chain’s last administrator: two taking each other out at the same moment, the second is refused', async () => {
    const second = newcomer(DEMO.org.nijmegen, ['ADMIN']);
    const added = await step('AddProfessional', second);
    const other = await gw.as(second.email);
    const [first] = await sql<{ id: string; version: number }[]>(gw, `select id, version from professional where email = 'admin@nijmegen.example'`);
    // Each locks the other's row, then waits for the municipality's: the one that came first goes first.
    const [outBySecond, outByFirst] = await queuedBehindLock(gw, 'select 1 from organisation where id = $1 for update', [DEMO.org.nijmegen], [
      () => admin.query(operation('DeactivateProfessional'), { input: { id: added.id, version: added.version } }),
      () => other.query(operation('DeactivateProfessional'), { input: { id: first.id, version: first.version } }),
    ]);
    expect(outBySecond.body.errors).toBeUndefined();
    expect(outByFirst.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'CONFLICT' }]);
    expect(await sql(gw, `select email from professional where organisation_id = ? and active and 'ADMIN' = any(roles)`, [DEMO.org.nijmegen])).toEqual([{ email: 'admin@nijmegen.example' }]);
  });

  it('records each refusal in the audit log', async () => {
    const { entries } = await entriesDuring(gw, () => admin.query(operation('AddOrganisation'), { input: { name: 'Iriszorg', kind: 'CARE_PROVIDER' } }));
    expect(entries).toEqual([expect.objectContaining({ event_type: 'mutation.addOrganisation', action: 'C', outcome: 'ERROR', reason: 'BAD_USER_INPUT', client_id: null })]);
  });
});

describe('an organisation’s own administrator', () => {
  let iriszorgAdmin: Caller;
  beforeAll(async () => {
    const input = newcomer(DEMO.org.iriszorg, ['ADMIN']);
    await step('AddProfessional', input);
    iriszorgAdmin = await gw.as(input.email);
  });

  it('keeps her own organisation’s professionals and their places in the chain’s teams', async () => {
    const res = await iriszorgAdmin.query(operation('AddProfessional'), { input: newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']) });
    expect(res.body.errors).toBeUndefined();
    const added = (res.body.data as { addProfessional: Versioned }).addProfessional;
    const joined = await iriszorgAdmin.query(operation('AddTeamMember'), { input: { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: added.id } });
    expect(joined.body.errors).toBeUndefined();
  });

  it('lists her own organisation’s professionals only', async () => {
    const res = await iriszorgAdmin.query(operation('Professionals'));
    const organisations = new Set((res.body.data as { professionals: { organisation: { id: string } }[] }).professionals.map((p) => p.organisation.id));
    expect(organisations).toEqual(new Set([DEMO.org.iriszorg]));
    const elsewhere = await iriszorgAdmin.query(operation('Professionals'), { organisationId: DEMO.org.legerDesHeils });
    expect(elsewhere.body.data).toEqual({ professionals: [] });
  });

  it('keeps no other organisation’s people, and adds no organisation or team', async () => {
    const notHers = { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' };
    await refused(iriszorgAdmin, 'AddProfessional', newcomer(DEMO.org.legerDesHeils, ['CASE_MANAGER']), notHers);
    const [ldh] = await sql<{ id: string; version: number }[]>(gw, `select id, version from professional where email = 'casemanager@legerdesheils.example'`);
    await refused(iriszorgAdmin, 'DeactivateProfessional', { id: ldh.id, version: ldh.version }, notHers);
    await refused(iriszorgAdmin, 'RemoveTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: ldh.id }, notHers);
    await refused(iriszorgAdmin, 'AddOrganisation', { name: 'Stichting Elders', kind: 'CARE_PROVIDER' }, notHers);
    await refused(iriszorgAdmin, 'AddTeam', { name: 'Iriszorg-team' }, notHers);
  });
});

it('lets one of two administrators’ additions of the same address through, and tells the other it is taken', async () => {
  const input = newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']);
  const answers = await Promise.all([1, 2].map((n) => admin.query(operation('AddProfessional'), { input: { ...input, subject: `${input.subject}-${n}` } })));
  const outcomes = answers.map((res) => res.body.errors?.[0].extensions ?? 'added');
  expect(outcomes.sort()).toEqual([bad('input.email'), 'added'].sort());
  const [{ n }] = await sql<{ n: number }[]>(gw, 'select count(*)::int as n from professional where email = ?', [input.email]);
  expect(n).toBe(1);
});

function bad(field: string) {
  return { code: 'BAD_USER_INPUT', field };
}

describe('the directory’s changes, read back by its administrators', () => {
  type Change = { id: string; eventType: string; action: string; outcome: string; fields: string[]; refusal: string | null; by: { id: string; name: string } | null; professional: { id: string } | null; team: { id: string } | null };
  const changes = async (caller: Caller, variables: Record<string, unknown> = {}) => {
    const res = await caller.query(operation('DirectoryChanges'), variables);
    expect(res.body.errors).toBeUndefined();
    return (res.body.data as { directoryChanges: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Change }[] } }).directoryChanges;
  };

  it('tells the chain’s administrator who changed what, newest first, the refused attempts too', async () => {
    const added = await step('AddProfessional', newcomer(DEMO.org.legerDesHeils, ['EXPERT_BY_EXPERIENCE']));
    const changed = await step('ChangeProfessional', { id: added.id, version: added.version, roles: ['CASE_MANAGER'] });
    await step('AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: changed.id });
    await refused(admin, 'ChangeProfessional', { id: changed.id, version: added.version, roles: ['CLINICIAN'] }, { code: 'CONFLICT' });

    const { edges, totalCount } = await changes(admin, { first: 4 });
    const peter = { id: demoIdOf(ADMIN), name: 'Peter van Dam' };
    expect(edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ eventType: 'mutation.changeProfessional', action: 'UPDATE', outcome: 'ERROR', refusal: 'CONFLICT', by: peter, professional: null }),
      expect.objectContaining({ eventType: 'team.member.add', action: 'CREATE', outcome: 'GRANTED', refusal: null, fields: ['members'], by: peter, professional: { id: added.id, name: added.name }, team: { id: DEMO.stapteam, name: 'Stapteam 2.0' } }),
      expect.objectContaining({ eventType: 'professional.change', action: 'UPDATE', outcome: 'GRANTED', fields: ['roles'], by: peter, professional: { id: added.id, name: added.name }, team: null }),
      expect.objectContaining({ eventType: 'professional.add', action: 'CREATE', outcome: 'GRANTED', fields: ['name', 'email', 'subject', 'organisation', 'roles'], by: peter, professional: { id: added.id, name: added.name } }),
    ]);
    const directoryCalls = ['addOrganisation', 'addTeam', 'addProfessional', 'changeProfessional', 'deactivateProfessional', 'reactivateProfessional', 'addTeamMember', 'removeTeamMember'];
    const [{ n }] = await sql<{ n: number }[]>(
      gw,
      `select count(*)::int as n from audit_event where client_id is null and (event_type ~ '^(professional|team|organisation)\\.' or event_type = any(?::text[]))`,
      [`{${directoryCalls.map((c) => `mutation.${c}`).join(',')}}`],
    );
    expect(totalCount).toBe(n);
  });

  /** Every change the caller reads, three at a time. */
  const pagedThrough = async (caller: Caller) => {
    const seen: Change[] = [];
    let after: string | null = null;
    do {
      const page = await changes(caller, { first: 3, after });
      seen.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return seen;
  };

  it('pages through them without a line twice or left out', async () => {
    const newest = await changes(admin, { first: 100 });
    const paged = await pagedThrough(admin);
    expect(paged).toHaveLength(newest.totalCount);
    expect(paged.slice(0, newest.edges.length)).toEqual(newest.edges.map((e) => e.node));
    expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length);
  });

  it('tells an organisation’s administrator what was changed from her own organisation and what the chain’s administrator changed of her people, and another chain’s nothing of this one', async () => {
    const input = newcomer(DEMO.org.iriszorg, ['ADMIN']);
    const herself = await step('AddProfessional', input);
    const hers = await gw.as(input.email);
    const added = await hers.query(operation('AddProfessional'), { input: newcomer(DEMO.org.iriszorg, ['CASE_MANAGER']) });
    expect(added.body.errors).toBeUndefined();
    const caseManager = (added.body.data as { addProfessional: { id: string } }).addProfessional.id;
    // The chain's administrator places her case manager in a team, changes another organisation's
    // professional, and is refused a change of one of hers.
    await step('AddTeamMember', { teamId: DEMO.stapteam, version: await teamVersion(), professionalId: caseManager });
    const elsewhere = await step('AddProfessional', newcomer(DEMO.org.legerDesHeils, ['CASE_MANAGER']));
    await refused(admin, 'DeactivateProfessional', { id: caseManager, version: 99 }, { code: 'CONFLICT' });

    const BY =
      'query ($after: String) { directoryChanges(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { eventType outcome by { organisation { id } } professional { id organisation { id } } } } } }';
    type Node = { eventType: string; outcome: string; by: { organisation: { id: string } }; professional: { id: string; organisation: { id: string } } | null };
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] };
    /** Every change she may read, page by page. */
    const nodesOf = async (caller: Caller) => {
      const nodes: Node[] = [];
      let page: Page | null = null;
      do {
        const res: GraphQLResponse = await caller.query(BY, { after: page?.pageInfo.endCursor ?? null });
        expect(res.body.errors).toBeUndefined();
        page = (res.body.data as { directoryChanges: Page }).directoryChanges;
        nodes.push(...page.edges.map((e) => e.node));
      } while (page.pageInfo.hasNextPage);
      expect(nodes).toHaveLength(page.totalCount);
      return nodes;
    };
    const own = await nodesOf(hers);
    const nijmegen = { organisation: { id: DEMO.org.nijmegen } };
    const iriszorg = { organisation: { id: DEMO.org.iriszorg } };
    expect(own.slice(0, 2)).toEqual([
      { eventType: 'team.member.add', outcome: 'GRANTED', by: nijmegen, professional: { id: caseManager, ...iriszorg } },
      { eventType: 'professional.add', outcome: 'GRANTED', by: iriszorg, professional: { id: caseManager, ...iriszorg } },
    ]);
    expect(own).toContainEqual({ eventType: 'professional.add', outcome: 'GRANTED', by: nijmegen, professional: { id: herself.id, ...iriszorg } });
    expect(own.some((n) => n.professional?.id === elsewhere.id)).toBe(false);
    // Of what the chain's administrator reads: what was done from Iriszorg, and what was done to its people.
    const chain = await nodesOf(admin);
    expect(own).toEqual(chain.filter((n) => n.by.organisation.id === DEMO.org.iriszorg || (n.outcome === 'GRANTED' && n.professional?.organisation.id === DEMO.org.iriszorg)));
    expect(await pagedThrough(hers)).toEqual((await changes(hers, { first: 100 })).edges.map((e) => e.node));

    await addProfessional(gw, 96, 'admin@arnhem.example', 'Arnhem’s administrator', DEMO.org.arnhem, ['ADMIN']);
    expect((await changes(await gw.as('admin@arnhem.example'))).totalCount).toBe(0);
  });

  it('is for administrators only', async () => {
    for (const email of ['casemanager@iriszorg.example', 'policy@nijmegen.example']) {
      const res = await (await gw.as(email)).query(operation('DirectoryChanges'));
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
    }
  });
});
