/**
 * Every input of every workflow mutation is checked: a wrong one answers BAD_USER_INPUT naming the
 * field, and the database is exactly as it was — read back after each rejected call.
 */
import { addDays, today } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { Trajectory } from '../../src/modules/trajectories/trajectory.entity';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { fingerprint } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
let before: Record<string, string>;
let inflowHousing: { id: string; version: number };
beforeAll(async () => {
  gw = await startGateway();
  const em = gw.orm.em.fork();
  // Both began ten days ago, so a day before that is still within the year a day may be recorded in.
  await em.getConnection().execute(`update trajectory set started_on = ? where client_id = ? and kind = 'INFLOW_HOUSING' and status = 'ACTIVE'`, [daysFromNow(-10), DEMO.client(16)]);
  await em.getConnection().execute(`update zone_registration set issued_on = ? where id = ?`, [daysFromNow(-10), KP002_REGISTRATION]);
  await em.getConnection().execute(`insert into organisation (id, name, kind, municipality_id) values (?, 'Zorg Arnhem', 'CARE_PROVIDER', ?), (?, 'Veiligheidshuis Arnhem', 'SAFETY_HOUSE', ?)`, [
    ARNHEM_CARE,
    DEMO.org.arnhem,
    ARNHEM_SAFETY_HOUSE,
    DEMO.org.arnhem,
  ]);
  const t = await em.findOneOrFail(Trajectory, { client: DEMO.client(16), kind: 'INFLOW_HOUSING', status: 'ACTIVE' });
  inflowHousing = { id: t.id, version: t.version };
  before = await fingerprint(gw);
});
afterAll(() => gw.close());

const CM = 'casemanager@iriszorg.example';
const UNKNOWN = '00000000-0000-4000-8000-999999999999';
const TO_ARNHEM = '00000000-0000-4000-8007-000000000019';
const KP002_REGISTRATION = '00000000-0000-4000-8008-000000000002'; // issued ten days ago (beforeAll)
const ARNHEM_CARE = '00000000-0000-4000-8000-000000000077'; // a care provider of Arnhem's chain (beforeAll)
const ARNHEM_SAFETY_HOUSE = '00000000-0000-4000-8000-000000000078'; // and its safety house
const long = (n: number) => 'x'.repeat(n);
const daysFromNow = (n: number) => addDays(today(), n);

const referral = { teamId: DEMO.stapteam, newClient: { name: 'Yara Q.' }, reasonCategory: 'BASIC', reason: 'Asked for help' };
const consent = { clientId: DEMO.client(14), effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION' };
const handover = { clientId: DEMO.client(14), destination: 'MONITORING', toOrganisationId: DEMO.org.zvh };
const hours = { clientId: DEMO.client(14), minutes: 60 };
const signal = { clientId: DEMO.client(14), category: 'BASIC', text: 'Not seen for a week' };

/** [what is wrong, who sends it, operation, input, the field named] */
const CASES: [string, string, string, Record<string, unknown>, string][] = [
  ['a referral naming both a client and someone new', CM, 'ReferClient', { ...referral, clientId: DEMO.client(14) }, 'input.clientId'],
  ['a referral naming nobody', CM, 'ReferClient', { ...referral, newClient: null }, 'input.clientId'],
  ['a blank name', CM, 'ReferClient', { ...referral, newClient: { name: '   ' } }, 'input.newClient.name'],
  ['a name of 201 characters', CM, 'ReferClient', { ...referral, newClient: { name: long(201) } }, 'input.newClient.name'],
  ['a date of birth in the future', CM, 'ReferClient', { ...referral, newClient: { name: 'Yara Q.', dateOfBirth: daysFromNow(2) } }, 'input.newClient.dateOfBirth'],
  ['a team that does not exist', CM, 'ReferClient', { ...referral, teamId: UNKNOWN }, 'input.teamId'],
  ['a malformed team id', CM, 'ReferClient', { ...referral, teamId: 'stapteam' }, 'input.teamId'],
  ['a reason of 2001 characters', CM, 'ReferClient', { ...referral, reason: long(2001) }, 'input.reason'],

  ['a consent naming an organisation and a kind', CM, 'RecordConsent', { ...consent, organisationKind: 'SAFETY_HOUSE' }, 'input.organisationId'],
  ['a consent naming no grantee', CM, 'RecordConsent', { ...consent, organisationId: null }, 'input.organisationId'],
  ['a consent for an organisation that does not exist', CM, 'RecordConsent', { ...consent, organisationId: UNKNOWN }, 'input.organisationId'],
  ['a consent for no category at all', CM, 'RecordConsent', { ...consent, categories: [] }, 'input.categories'],
  ['a consent naming BASIC', CM, 'RecordConsent', { ...consent, categories: ['BASIC', 'HEALTH'] }, 'input.categories'],
  ['a consent naming a category twice', CM, 'RecordConsent', { ...consent, categories: ['HEALTH', 'HEALTH'] }, 'input.categories'],
  ['a permission without a purpose', CM, 'RecordConsent', { ...consent, purpose: null }, 'input.purpose'],
  ['an objection for one purpose only (it holds for every purpose)', CM, 'RecordConsent', { ...consent, effect: 'DENY' }, 'input.purpose'],
  ['a consent that ends before it starts', CM, 'RecordConsent', { ...consent, validFrom: '2027-01-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z' }, 'input.validUntil'],
  ['a consent that has already ended', CM, 'RecordConsent', { ...consent, validFrom: `${daysFromNow(-30)}T12:00:00Z`, validUntil: `${daysFromNow(-1)}T12:00:00Z` }, 'input.validUntil'],
  ['a consent given more than a year back', CM, 'RecordConsent', { ...consent, validFrom: `${daysFromNow(-367)}T12:00:00Z` }, 'input.validFrom'],
  ['a consent given in the year 0', CM, 'RecordConsent', { ...consent, validFrom: '0000-01-01T00:00:00Z' }, 'input.validFrom'],

  ['a handover to monitoring without a receiver', CM, 'ProposeHandover', { ...handover, toOrganisationId: null }, 'input.toOrganisationId'],
  ['a closing trajectory with a receiver', CM, 'ProposeHandover', { ...handover, destination: 'CLOSED' }, 'input.toOrganisationId'],
  ['regular care handed to the safety house', CM, 'ProposeHandover', { ...handover, destination: 'REGULAR_CARE' }, 'input.toOrganisationId'],
  ['another municipality that is her own', CM, 'ProposeHandover', { ...handover, destination: 'OTHER_MUNICIPALITY', toOrganisationId: DEMO.org.nijmegen }, 'input.toOrganisationId'],
  ['regular care handed to one’s own organisation', 'casemanager@wijkteam.example', 'ProposeHandover', { clientId: DEMO.client(3), destination: 'REGULAR_CARE', toOrganisationId: DEMO.org.wijkteam }, 'input.toOrganisationId'],
  ['a receiver that does not exist', CM, 'ProposeHandover', { ...handover, toOrganisationId: UNKNOWN }, 'input.toOrganisationId'],
  ['monitoring by the safety house of another municipality’s chain', CM, 'ProposeHandover', { ...handover, toOrganisationId: ARNHEM_SAFETY_HOUSE }, 'input.toOrganisationId'],
  ['handover notes of 4001 characters', CM, 'ProposeHandover', { ...handover, notes: long(4001) }, 'input.notes'],
  ['a case manager of another organisation', 'procesregie@arnhem.example', 'AcceptHandover', { id: TO_ARNHEM, version: 1, caseManagerId: '00000000-0000-4000-8003-000000000001' }, 'input.caseManagerId'],
  ['a malformed case manager id', 'procesregie@arnhem.example', 'AcceptHandover', { id: TO_ARNHEM, version: 1, caseManagerId: 'sanne' }, 'input.caseManagerId'],

  ['a trajectory starting in the future', CM, 'StartTrajectory', { clientId: DEMO.client(14), kind: 'TIME_OUT', startedOn: daysFromNow(3) }, 'input.startedOn'],
  ['a provider that does not exist', CM, 'StartTrajectory', { clientId: DEMO.client(14), kind: 'TIME_OUT', providerId: UNKNOWN }, 'input.providerId'],
  ['a municipality as provider', CM, 'StartTrajectory', { clientId: DEMO.client(14), kind: 'TIME_OUT', providerId: DEMO.org.nijmegen }, 'input.providerId'],
  ['a provider of another municipality’s chain', CM, 'StartTrajectory', { clientId: DEMO.client(14), kind: 'TIME_OUT', providerId: ARNHEM_CARE }, 'input.providerId'],
  ['trajectory notes of 4001 characters', CM, 'StartTrajectory', { clientId: DEMO.client(14), kind: 'TIME_OUT', notes: long(4001) }, 'input.notes'],
  ['a trajectory starting more than a year back', CM, 'StartTrajectory', { clientId: DEMO.client(14), kind: 'TIME_OUT', startedOn: daysFromNow(-366) }, 'input.startedOn'],
  ['a trajectory ending before it started', CM, 'EndTrajectory', { id: '', version: 0, endedOn: daysFromNow(-11), outcome: 'x' }, 'input.endedOn'],
  ['a trajectory ending in the future', CM, 'EndTrajectory', { id: '', version: 0, endedOn: daysFromNow(1), outcome: 'x' }, 'input.endedOn'],
  ['a blank outcome', CM, 'EndTrajectory', { id: '', version: 0, outcome: ' ' }, 'input.outcome'],

  ['zero minutes', CM, 'LogActivity', { ...hours, minutes: 0 }, 'input.minutes'],
  ['more minutes than a day has', CM, 'LogActivity', { ...hours, minutes: 1441 }, 'input.minutes'],
  ['hours on a day still to come', CM, 'LogActivity', { ...hours, day: daysFromNow(1) }, 'input.day'],
  ['hours more than a year back', CM, 'LogActivity', { ...hours, day: daysFromNow(-400) }, 'input.day'],
  ['an idempotency key that is too short', CM, 'LogActivity', { ...hours, idempotencyKey: 'abc' }, 'input.idempotencyKey'],
  ['an idempotency key with spaces', CM, 'LogActivity', { ...hours, idempotencyKey: 'my key 12345' }, 'input.idempotencyKey'],

  ['an empty signal', CM, 'RaiseSignal', { ...signal, text: '' }, 'input.text'],
  ['a signal of 2001 characters', CM, 'RaiseSignal', { ...signal, text: long(2001) }, 'input.text'],
  ['an idempotency key that is too long', CM, 'RaiseSignal', { ...signal, idempotencyKey: long(101) }, 'input.idempotencyKey'],

  ['a permit number with spaces', 'permits@nijmegen.example', 'IssueZoneRegistration', { clientId: DEMO.client(1), number: 'TZ 2026 1' }, 'input.number'],
  ['a permit number already in use', 'permits@nijmegen.example', 'IssueZoneRegistration', { clientId: DEMO.client(1), number: 'TZ-2021-002' }, 'input.number'],
  ['a registration issued in the future', 'permits@nijmegen.example', 'IssueZoneRegistration', { clientId: DEMO.client(1), number: 'TZ-2026-200', issuedOn: daysFromNow(1) }, 'input.issuedOn'],
  ['a registration issued more than a year back', 'permits@nijmegen.example', 'IssueZoneRegistration', { clientId: DEMO.client(1), number: 'TZ-2026-201', issuedOn: daysFromNow(-366) }, 'input.issuedOn'],
  ['a registration revoked before it was issued', 'permits@nijmegen.example', 'RevokeZoneRegistration', { id: KP002_REGISTRATION, version: 1, revokedOn: daysFromNow(-11) }, 'input.revokedOn'],
  ['a registration revoked in the future', 'permits@nijmegen.example', 'RevokeZoneRegistration', { id: KP002_REGISTRATION, version: 1, revokedOn: daysFromNow(1) }, 'input.revokedOn'],
];

describe('input validation', () => {
  it.each(CASES)('refuses %s, naming the field, and writes nothing', async (what, email, op, input, field) => {
    const caller = await gw.as(email);
    const vars = op === 'EndTrajectory' ? { ...input, ...inflowHousing } : input;
    const res = await caller.query(operation(op), { input: vars });
    expect(res.status).toBe(200);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    // Refused for its order, not for lying more than a year back.
    if (/before it (started|was issued)/.test(what)) expect(res.body.errors![0].message).not.toMatch(/a year ago/);
    expect(res.body.data).toEqual({ [op[0].toLowerCase() + op.slice(1)]: null });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('refuses a category the policy does not know before any resolver runs', async () => {
    const cm = await gw.as(CM);
    const res = await cm.query(operation('RecordConsent'), { input: { ...consent, categories: ['SECRETS'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toContain('input.categories');
    expect(await fingerprint(gw)).toEqual(before);
  });
});
