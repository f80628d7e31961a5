/**
 * The municipality sees figures for its own chain only (policy §5), and a woman's chain changes when
 * she is handed over to another municipality: each figure counts what happened on a day under the
 * chain she belonged to on that day. KP-005, registered in Nijmegen, was handed over to Arnhem on
 * 15 April 2023: what Arnhem's chain does with her since counts for Arnhem and never for Nijmegen,
 * and Arnhem counts nothing of her time in Nijmegen. The day a handover to another municipality
 * completes is the sending chain's last: its outcome counts there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addDays, today } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { addProfessional, startGateway, type Caller, type TestGateway } from '../helpers/gateway';
import { operation } from '../helpers/workflow-operations';

const MONITORING = fs.readFileSync(path.join(__dirname, '..', '..', 'operations', 'playground', '03-monitoring.graphql'), 'utf8');

/** Professionals of Arnhem's chain whom the demo does not have. */
const ARNHEM_POLICY = 'policy@arnhem.example';
const ARNHEM_CASE_MANAGER = 'casemanager@arnhem.example';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Report = any;

let gw: TestGateway;
let nijmegen: Caller;
let arnhem: Caller;
let arnhemCaseManagerId: string;

beforeAll(async () => {
  // Exact figures: one woman is the whole difference.
  gw = await startGateway({ DISCLOSURE_K_POLICY_OFFICER: '1' });
  await addProfessional(gw, 97, ARNHEM_POLICY, 'Anouk de Vries', DEMO.org.arnhem, ['POLICY_OFFICER']);
  await addProfessional(gw, 96, ARNHEM_CASE_MANAGER, 'Wouter Claassen', DEMO.org.arnhem, ['CASE_MANAGER']);
  arnhemCaseManagerId = (await gw.orm.em.getConnection().execute(`select id from professional where email = ?`, [ARNHEM_CASE_MANAGER]))[0].id;
  nijmegen = await gw.as('policy@nijmegen.example');
  arnhem = await gw.as(ARNHEM_POLICY);
});
afterAll(() => gw.close());

async function report(caller: Caller, municipalityId: string, from: string, to = from): Promise<Report> {
  const res = await caller.query(MONITORING, { municipalityId, from, to });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.monitoring;
}
const ofNijmegen = (from: string, to = from) => report(nijmegen, DEMO.org.nijmegen, from, to);
const ofArnhem = (from: string, to = from) => report(arnhem, DEMO.org.arnhem, from, to);

const exactly = (value: number) => ({ value, suppressed: false });
const outcome = (m: Report, destination: string) => m.handoverOutcomes.find((h: Report) => h.outcome === destination).count;
const caseManagerOrganisations = (m: Report) => m.caseManagers.map((c: Report) => c.organisation.name);

async function ok(caller: Caller, name: string, variables: Record<string, unknown>): Promise<Report> {
  const res = await caller.query(operation(name), variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data;
}

describe('KP-005, handed over to Arnhem in 2023', () => {
  const LEFT = '2023-04-15';

  it('counts a signal and hours Arnhem’s chain records about her today for Arnhem, and nothing of them for Nijmegen', async () => {
    const day = today();
    const nijmegenBefore = { today: await ofNijmegen(day), untilSheLeft: await ofNijmegen('2021-08-01', LEFT), since: await ofNijmegen(addDays(LEFT, 1), day) };
    expect((await ofArnhem(day)).signals).toEqual(exactly(0));

    await ok(await gw.as('procesregie@arnhem.example'), 'RaiseSignal', { input: { clientId: DEMO.client(5), category: 'HOUSING', text: 'Lives with her sister in Arnhem now' } });
    await ok(await gw.as(ARNHEM_CASE_MANAGER), 'LogActivity', { input: { clientId: DEMO.client(5), minutes: 90 } });

    expect(await ofNijmegen(day)).toEqual(nijmegenBefore.today);
    expect(await ofNijmegen('2021-08-01', LEFT)).toEqual(nijmegenBefore.untilSheLeft);
    expect(await ofNijmegen(addDays(LEFT, 1), day)).toEqual(nijmegenBefore.since);
    const own = await ofArnhem(day);
    expect(own.signals).toEqual(exactly(1));
    expect(own.hoursPerCase.clients).toEqual(exactly(1));
  });

  it('counts nothing of her time in Nijmegen for Arnhem', async () => {
    const m = await ofArnhem('2021-08-01', LEFT);
    expect(m.trajectories.every((t: Report) => t.count.value === 0)).toBe(true);
    expect(m.handoverOutcomes.every((h: Report) => h.count.value === 0)).toBe(true);
    expect([m.caseload.clients, m.hoursPerCase.clients, m.activeOnZone, m.signals, m.referrals]).toEqual(Array(5).fill(exactly(0)));
  });
});

describe('a handover to Arnhem completed today', () => {
  it('leaves Nijmegen its figures until today and the handover’s outcome, but never her case manager in Arnhem; from tomorrow she counts for Arnhem only', async () => {
    const [day, tomorrow] = [today(), addDays(today(), 1)];
    const her = DEMO.client(18);
    const before = {
      nijmegenUntilYesterday: await ofNijmegen('2021-08-01', addDays(day, -1)),
      nijmegenToday: await ofNijmegen(day),
      arnhemToday: await ofArnhem(day),
    };
    expect(caseManagerOrganisations(await ofArnhem(tomorrow))).toEqual([]);

    const ldh = await gw.as('casemanager@legerdesheils.example');
    await ok(ldh, 'RecordConsent', {
      input: { clientId: her, effect: 'PERMIT', organisationId: DEMO.org.arnhem, categories: ['IDENTITY', 'CONTACT', 'HOUSING'], purpose: 'CARE_COORDINATION' },
    });
    const { proposeHandover: handover } = await ok(ldh, 'ProposeHandover', { input: { clientId: her, destination: 'OTHER_MUNICIPALITY', toOrganisationId: DEMO.org.arnhem } });
    const { acceptHandover: accepted } = await ok(await gw.as('procesregie@arnhem.example'), 'AcceptHandover', {
      input: { id: handover.id, version: handover.version, caseManagerId: arnhemCaseManagerId },
    });
    await ok(ldh, 'CompleteHandover', { input: { id: handover.id, version: accepted.version } });

    expect(await ofNijmegen('2021-08-01', addDays(day, -1))).toEqual(before.nijmegenUntilYesterday);
    expect(outcome(await ofNijmegen(day), 'OTHER_MUNICIPALITY')).toEqual(exactly(outcome(before.nijmegenToday, 'OTHER_MUNICIPALITY').value + 1));
    expect(outcome(await ofArnhem(day), 'OTHER_MUNICIPALITY')).toEqual(outcome(before.arnhemToday, 'OTHER_MUNICIPALITY'));
    // Arnhem's case manager takes her on today, still Nijmegen's day: counted there, she would say where
    // a woman went today, where the handover outcomes may be suppressed.
    const nijmegenToday = await ofNijmegen(day);
    expect(caseManagerOrganisations(nijmegenToday)).toEqual(caseManagerOrganisations(before.nijmegenToday));
    expect(nijmegenToday.caseload.caseManagers.value).toBe(nijmegenToday.caseload.perCaseManager.length);

    expect(caseManagerOrganisations(await ofNijmegen(tomorrow))).not.toContain('Gemeente Arnhem');
    const arnhemTomorrow = await ofArnhem(tomorrow);
    expect(arnhemTomorrow.caseload.clients).toEqual(exactly(1));
    expect(arnhemTomorrow.caseManagers).toEqual([{ organisation: { name: 'Gemeente Arnhem' }, count: exactly(1) }]);
  });
});
