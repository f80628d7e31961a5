/**
 * Who may write what (policy.md §6, §4, and §2's administrator), generated as every role × every
 * mutation of the schema: a role the policy does not name is refused with ROLE_NOT_ALLOWED before
 * anything is looked up; a role it names gets past that, to the check of what it names (here always
 * someone or something that does not exist, or a name already taken). Nothing changes either way.
 */
import { DEMO } from '../../src/db/demo/seed';
import { PROFESSIONALS } from '../../src/db/demo/personas';
import { buildGatewaySchema } from '../../src/server/schema';
import { ROLES, type Role } from '../../src/policy/tables';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { fingerprint } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

const CASE_MANAGER: readonly Role[] = ['CASE_MANAGER'];
const RECEIVER: readonly Role[] = ['CASE_MANAGER', 'CLINICIAN', 'PROCESS_DIRECTOR'];
const ANYONE_INVOLVED: readonly Role[] = ['CASE_MANAGER', 'EXPERT_BY_EXPERIENCE', 'CLINICIAN', 'PROCESS_DIRECTOR', 'PERMIT_OFFICER'];
/** A partner asks the team to take someone on (domain.md); the team's case managers decide. */
const REFERRER: readonly Role[] = ['CASE_MANAGER', 'CLINICIAN', 'PROCESS_DIRECTOR'];
const ADMIN: readonly Role[] = ['ADMIN'];

const UNKNOWN = '00000000-0000-4000-8000-999999999999';
const unknownVersion = { input: { id: UNKNOWN, version: 1 } };

/** [mutation, the roles policy.md lets write it, the document, variables naming nothing that exists] */
const WRITES: [string, readonly Role[], string, Record<string, unknown>][] = [
  ['logActivity', CASE_MANAGER, operation('LogActivity'), { input: { clientId: UNKNOWN, minutes: 60 } }],
  ['recordConsent', CASE_MANAGER, operation('RecordConsent'), { input: { clientId: UNKNOWN, effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION' } }],
  ['revokeConsent', CASE_MANAGER, operation('RevokeConsent'), { input: { id: UNKNOWN, version: 1, reasonCategory: 'BASIC', reason: 'She asked us to' } }],
  ['startTrajectory', CASE_MANAGER, operation('StartTrajectory'), { input: { clientId: UNKNOWN, kind: 'TIME_OUT' } }],
  ['endTrajectory', CASE_MANAGER, operation('EndTrajectory'), { input: { id: UNKNOWN, version: 1, outcome: 'Found rest' } }],
  ['proposeHandover', CASE_MANAGER, operation('ProposeHandover'), { input: { clientId: UNKNOWN, destination: 'MONITORING', toOrganisationId: DEMO.org.zvh } }],
  ['cancelHandover', CASE_MANAGER, operation('CancelHandover'), unknownVersion],
  ['completeHandover', CASE_MANAGER, operation('CompleteHandover'), unknownVersion],
  ['acceptHandover', RECEIVER, operation('AcceptHandover'), unknownVersion],
  ['rejectHandover', RECEIVER, operation('RejectHandover'), unknownVersion],
  ['raiseSignal', ANYONE_INVOLVED, operation('RaiseSignal'), { input: { clientId: UNKNOWN, category: 'BASIC', text: 'Not seen for a week' } }],
  ['resolveSignal', ANYONE_INVOLVED, operation('ResolveSignal'), unknownVersion],
  ['issueZoneRegistration', ['PERMIT_OFFICER'], operation('IssueZoneRegistration'), { input: { clientId: UNKNOWN, number: 'ZR-2026-0999' } }],
  ['revokeZoneRegistration', ['PERMIT_OFFICER'], operation('RevokeZoneRegistration'), unknownVersion],
  ['reviewBreakGlass', ['PROCESS_DIRECTOR'], operation('ReviewBreakGlass'), { id: UNKNOWN }],
  ['breakGlass', ['CASE_MANAGER', 'CLINICIAN'], 'mutation ($id: ID!) { breakGlass(clientId: $id, reason: "Found unwell on the zone, need her medication list") { id } }', { id: UNKNOWN }],
  ['referClient', REFERRER, operation('ReferClient'), { input: { teamId: UNKNOWN, newClient: { name: 'Yara Q.' }, reasonCategory: 'BASIC', reason: 'Asked for help' } }],
  ['withdrawReferral', REFERRER, operation('WithdrawReferral'), unknownVersion],
  ['acceptReferral', CASE_MANAGER, operation('AcceptReferral'), unknownVersion],
  ['declineReferral', CASE_MANAGER, operation('DeclineReferral'), unknownVersion],
  ['reassignCaseManager', CASE_MANAGER, operation('ReassignCaseManager'), { input: { clientId: UNKNOWN, caseManagerId: UNKNOWN, version: 1 } }],
  // The directory (policy §2): its administrator's alone, and no administrator's but hers.
  ['addOrganisation', ADMIN, operation('AddOrganisation'), { input: { name: 'Iriszorg', kind: 'CARE_PROVIDER' } }],
  ['addTeam', ADMIN, operation('AddTeam'), { input: { name: 'Stapteam 2.0' } }],
  ['addProfessional', ADMIN, operation('AddProfessional'), { input: { organisationId: UNKNOWN, name: 'Iris N.', email: 'iris@nowhere.example', subject: 'nowhere|iris', roles: ['CASE_MANAGER'] } }],
  ['changeProfessional', ADMIN, operation('ChangeProfessional'), { input: { id: UNKNOWN, version: 1, roles: ['CASE_MANAGER'] } }],
  ['deactivateProfessional', ADMIN, operation('DeactivateProfessional'), unknownVersion],
  ['reactivateProfessional', ADMIN, operation('ReactivateProfessional'), unknownVersion],
  ['addTeamMember', ADMIN, operation('AddTeamMember'), { input: { teamId: UNKNOWN, version: 1, professionalId: UNKNOWN } }],
  ['removeTeamMember', ADMIN, operation('RemoveTeamMember'), { input: { teamId: UNKNOWN, version: 1, professionalId: UNKNOWN } }],
];

/** The first demo professional of each role. */
const PERSONA = Object.fromEntries(ROLES.map((role) => [role, PROFESSIONALS.find(([, , , roles]) => roles.includes(role))![0]])) as Record<Role, string>;

let gw: TestGateway;
let before: Record<string, string>;
beforeAll(async () => {
  gw = await startGateway();
  before = await fingerprint(gw);
});
afterAll(() => gw.close());

/** The one mutation that writes nothing of the chain's: it ends the caller's own token (test/workflows/sign-out.test.ts). */
const OF_HER_OWN_SESSION = ['signOut'];

it('names every mutation of the schema', async () => {
  const schema = await buildGatewaySchema();
  expect([...WRITES.map(([name]) => name), ...OF_HER_OWN_SESSION].sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
});

describe.each(WRITES)('%s', (mutation, mayWrite, document, variables) => {
  it.each(ROLES.map((role) => [role, mayWrite.includes(role)] as const))('as %s (may write: %s)', async (role, allowed) => {
    const res = await (await gw.as(PERSONA[role])).query(document, variables);
    const codes = (res.body.errors ?? []).map((e) => e.extensions);
    expect((res.body.data as Record<string, unknown> | null)?.[mutation] ?? null).toBeNull();
    if (allowed) {
      expect(codes).toEqual([expect.objectContaining({ code: expect.stringMatching(/^(NOT_FOUND|BAD_USER_INPUT)$/) })]);
    } else {
      expect(codes).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
    }
  });
});

it('changed nothing', async () => {
  expect(await fingerprint(gw)).toEqual(before);
});
