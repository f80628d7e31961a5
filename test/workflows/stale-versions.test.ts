/**
 * Every state change that names a version (VersionInput and its kin) refuses any version but the
 * record's own with CONFLICT and changes nothing; the same call with the record's version then
 * goes through, so the refusal was the version's and nothing else's.
 */
import { getNamedType, isInputObjectType } from 'graphql';
import { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import { buildGatewaySchema } from '../../src/server/schema';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { clientVersion, fingerprint } from '../helpers/workflow-db';
import { made as madeThrough, operation, stepErrors } from '../helpers/workflow-operations';

const CM = 'casemanager@iriszorg.example';
const PROCESREGIE = 'procesregie@zvh.example';
const PERMITS = 'permits@nijmegen.example';
const HER = DEMO.client(14);
const KP002_REGISTRATION = '00000000-0000-4000-8008-000000000002';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

const field = (op: string) => op[0].toLowerCase() + op.slice(1);

/** A record made through the API, as a dashboard would: its id and version. */
const made = (who: string, op: string, input: Record<string, unknown>) => madeThrough(gw, who, op, input);

const referral = (name: string) => made(CM, 'ReferClient', { teamId: DEMO.stapteam, newClient: { name }, reasonCategory: 'BASIC', reason: 'Asked for help' });
const proposal = (client = HER) => made(CM, 'ProposeHandover', { clientId: client, destination: 'MONITORING', toOrganisationId: DEMO.org.zvh });
/** Procesregie may accept only what she consented to share with it (policy §6). */
const acceptable = async (client = HER) => {
  await made(CM, 'RecordConsent', { clientId: client, effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION' });
  return proposal(client);
};

const ADMIN = 'admin@nijmegen.example';
let hired = 0;
/** A case manager the administrator adds to Iriszorg, new each time. */
const newCaseManager = () => {
  hired++;
  return made(ADMIN, 'AddProfessional', {
    organisationId: DEMO.org.iriszorg,
    name: `Case manager ${hired}`,
    email: `cm${hired}@stale.example`,
    subject: `stale|${hired}`,
    roles: ['CASE_MANAGER'],
  });
};
const stapteam = async () => {
  const [row] = await gw.orm.em.getConnection().execute<{ version: number }[]>('select version from team where id = ?', [DEMO.stapteam]);
  return { id: DEMO.stapteam, version: row.version };
};
/** Who joins or leaves the team, or takes her on, in the step that follows. */
let member = '';

/** [operation, who takes the step, the record in a state where it may, its input at a version] */
const STEPS: [string, string, () => Promise<{ id: string; version: number }>, (id: string, version: number) => Record<string, unknown>][] = [
  ['EndTrajectory', CM, () => made(CM, 'StartTrajectory', { clientId: HER, kind: 'TIME_OUT' }), (id, version) => ({ id, version, outcome: 'Found rest' })],
  ['RevokeConsent', CM, () => made(CM, 'RecordConsent', { clientId: HER, effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION' }), (id, version) => ({ id, version, reasonCategory: 'BASIC', reason: 'She asked us to' })],
  ['ResolveSignal', CM, () => made(CM, 'RaiseSignal', { clientId: HER, category: 'BASIC', text: 'Not seen for a week' }), (id, version) => ({ id, version })],
  [
    'RevokeZoneRegistration',
    PERMITS,
    async () => {
      const [row] = await gw.orm.em.getConnection().execute<{ version: number }[]>('select version from zone_registration where id = ?', [KP002_REGISTRATION]);
      return { id: KP002_REGISTRATION, version: row.version };
    },
    (id, version) => ({ id, version }),
  ],
  ['WithdrawReferral', CM, () => referral('Yara Q.'), (id, version) => ({ id, version })],
  ['AcceptReferral', CM, () => referral('Zoë R.'), (id, version) => ({ id, version })],
  ['DeclineReferral', CM, () => referral('Wendy S.'), (id, version) => ({ id, version })],
  ['CancelHandover', CM, () => proposal(), (id, version) => ({ id, version })],
  ['RejectHandover', PROCESREGIE, () => proposal(), (id, version) => ({ id, version })],
  ['AcceptHandover', PROCESREGIE, () => acceptable(), (id, version) => ({ id, version })],
  [
    'CompleteHandover',
    CM,
    async () => {
      // Another client: the handover accepted above stays open for her until it is completed.
      const proposed = await acceptable(DEMO.client(16));
      return made(PROCESREGIE, 'AcceptHandover', { id: proposed.id, version: proposed.version });
    },
    (id, version) => ({ id, version }),
  ],
  [
    'ReassignCaseManager',
    CM,
    async () => {
      member = (await newCaseManager()).id;
      return { id: HER, version: await clientVersion(gw, HER) };
    },
    (clientId, version) => ({ clientId, version, caseManagerId: member }),
  ],
  ['ChangeProfessional', ADMIN, newCaseManager, (id, version) => ({ id, version, roles: ['CASE_MANAGER', 'CLINICIAN'] })],
  ['DeactivateProfessional', ADMIN, newCaseManager, (id, version) => ({ id, version })],
  [
    'ReactivateProfessional',
    ADMIN,
    async () => {
      const { id, version } = await newCaseManager();
      return made(ADMIN, 'DeactivateProfessional', { id, version });
    },
    (id, version) => ({ id, version }),
  ],
  [
    'AddTeamMember',
    ADMIN,
    async () => {
      member = (await newCaseManager()).id;
      return stapteam();
    },
    (teamId, version) => ({ teamId, version, professionalId: member }),
  ],
  [
    'RemoveTeamMember',
    ADMIN,
    async () => {
      member = (await newCaseManager()).id;
      const team = await stapteam();
      return made(ADMIN, 'AddTeamMember', { teamId: team.id, version: team.version, professionalId: member });
    },
    (teamId, version) => ({ teamId, version, professionalId: member }),
  ],
];

it('covers every mutation that names a version', async () => {
  const mutations = (await buildGatewaySchema()).getMutationType()!.getFields();
  const versioned = Object.values(mutations).filter((m) =>
    m.args.some((a) => {
      const type = getNamedType(a.type);
      return isInputObjectType(type) && 'version' in type.getFields();
    }),
  );
  expect(STEPS.map(([op]) => field(op)).sort()).toEqual(versioned.map((m) => m.name).sort());
});

it.each(STEPS)('%s: any version but the record’s own is CONFLICT and changes nothing; its own goes through', async (op, who, record, input) => {
  const { id, version } = await record();
  const caller = await gw.as(who);
  const before = await fingerprint(gw);
  for (const wrong of [version + 1, version - 1]) {
    const refused = await caller.query(operation(op), { input: input(id, wrong) });
    expect((refused.body.data as Record<string, unknown>)[field(op)]).toBeNull();
    expect(refused.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'CONFLICT' }]);
    expect(await fingerprint(gw)).toEqual(before);
  }
  const taken = await caller.query(operation(op), { input: input(id, version) });
  expect(stepErrors(taken)).toEqual([]);
  expect(await fingerprint(gw)).not.toEqual(before);
});

// pitfalls.md: MikroORM maps a deadlock (40P01) and a serialisation failure (40001) to
// DeadlockException and retries nothing. Two writers that met in the database are a lost race,
// like a stale version: CONFLICT (try again), not INTERNAL_SERVER_ERROR, and nothing of it stays.
it('answers a write that deadlocks with another session CONFLICT, and changes nothing', async () => {
  const caller = await gw.as(CM);
  const [other, watcher] = [0, 1].map(() => new PgClient({ connectionString: gw.config.databaseUrl }));
  await Promise.all([other, watcher].map((c) => c.connect()));
  const waitingOnALock = async () => {
    for (let i = 0; i < 200; i++) {
      const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'ketenpoort' and wait_event_type = 'Lock'`);
      if (rows[0].n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the write never waited on the other session');
  };
  const before = await fingerprint(gw);
  try {
    // The other session is the one left to run: only the gateway's backend, which waits first,
    // looks for the deadlock (after the default deadlock_timeout of 1 s) and gives up.
    await other.query(`set deadlock_timeout = '60s'`);
    await other.query('begin');
    await other.query('lock table activity_log in share row exclusive mode');
    // The write locks her client row, then waits to insert the hours.
    const answer = caller.query('mutation ($input: LogActivityInput!) { logActivity(input: $input) { id minutes } }', { input: { clientId: HER, minutes: 25 } }, { 'x-request-id': 'deadlocked-write' });
    await waitingOnALock();
    // …while the other session, holding what the write waits for, asks for her row.
    const otherGotHer = other.query('select 1 from client where id = $1 for update', [HER]);
    const res = await answer;
    await otherGotHer;
    await other.query('rollback');
    expect(res.body).toEqual({ data: { logActivity: null }, errors: [expect.objectContaining({ path: ['logActivity'], extensions: { code: 'CONFLICT' } })] });
    expect(await fingerprint(gw)).toEqual(before);
    const trail = await gw.orm.em.fork().getConnection().execute(`select event_type, outcome from audit_event where request_id = 'deadlocked-write' and outcome = 'GRANTED'`);
    expect(trail).toEqual([]);
  } finally {
    await other.query('rollback').catch(() => undefined);
    await Promise.all([other, watcher].map((c) => c.end()));
  }
});
