/**
 * A case manager leaves or goes on leave, and her organisation's clients pass to a colleague
 * (`reassignCaseManager`): the organisation's responsibility stays, its case manager changes from
 * today, other organisations' assignments of her stay theirs, and whatever is not a case manager of
 * the caller's own organisation on her care team is refused with nothing changed.
 */
import { addDays, today } from '../../src/common/scalars';
import { DEMO, demoId } from '../../src/db/demo/seed';
import { PROFESSIONALS } from '../../src/db/demo/personas';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { entriesDuring, sql } from '../helpers/audit';
import { clientVersion, fingerprint } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

const SANNE = 'casemanager@iriszorg.example';
/** A demo professional's id, by e-mail. */
const idOf = (email: string) => demoId(3, PROFESSIONALS.findIndex(([e]) => e === email) + 1);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

interface Assignment {
  id: string;
  client_id: string;
  organisation_id: string;
  professional_id: string | null;
  started_on: string;
  ended_on: string | null;
  minutes_per_week: number;
}

const assignmentsOf = (clientId: string) =>
  sql<Assignment[]>(gw, `select id, client_id, organisation_id, professional_id, started_on::text, ended_on::text, minutes_per_week from case_assignment where client_id = ? order by started_on, id`, [clientId]);

/** A Stapteam client whose Iriszorg case manager has carried her since before today. */
async function sharedClient(): Promise<{ clientId: string; iriszorgCaseManager: string }> {
  const [row] = await sql<{ client_id: string; professional_id: string }[]>(
    gw,
    `select a.client_id, a.professional_id from case_assignment a
      where a.organisation_id = ? and a.professional_id is not null and a.ended_on is null and a.started_on < chain_today()
      order by a.client_id limit 1`,
    [DEMO.org.iriszorg],
  );
  expect(row).toBeDefined();
  return { clientId: row.client_id, iriszorgCaseManager: row.professional_id };
}

it('passes her organisation’s case management to a colleague from today, keeping the hours and the other organisation’s assignment', async () => {
  const { clientId, iriszorgCaseManager } = await sharedClient();
  const colleague = ['casemanager2@iriszorg.example', 'casemanager3@iriszorg.example'].map(idOf).find((id) => id !== iriszorgCaseManager)!;
  // Leger des Heils carries her too, as the Stapteam's two organisations share women.
  await sql(gw, 'insert into case_assignment (client_id, organisation_id, professional_id, started_on) values (?, ?, ?, ?)', [
    clientId,
    DEMO.org.legerDesHeils,
    idOf('casemanager@legerdesheils.example'),
    addDays(today(), -30),
  ]);
  const before = await assignmentsOf(clientId);
  const previous = before.find((a) => a.professional_id === iriszorgCaseManager && a.ended_on === null)!;

  const cm = await gw.as(SANNE);
  const version = await clientVersion(gw, clientId);
  const { result: res, entries } = await entriesDuring(gw, () => cm.query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: colleague, version } }));
  expect(res.body.errors).toBeUndefined();
  const answer = (res.body.data as { reassignCaseManager: Record<string, any> }).reassignCaseManager;
  expect(answer).toMatchObject({ startedOn: today(), endedOn: null, hoursPerWeek: previous.minutes_per_week / 60, caseManager: { id: colleague }, organisation: { id: DEMO.org.iriszorg }, client: { id: clientId } });
  expect(answer.client.caseManagers.map((p: { id: string }) => p.id)).toContain(colleague);
  expect(answer.client.caseManagers.map((p: { id: string }) => p.id)).not.toContain(iriszorgCaseManager);

  const after = await assignmentsOf(clientId);
  expect(after.find((a) => a.id === previous.id)).toMatchObject({ ended_on: addDays(today(), -1) });
  const others = (list: Assignment[]) => list.filter((a) => a.organisation_id !== DEMO.org.iriszorg);
  expect(others(before)).not.toEqual([]);
  expect(others(after)).toEqual(others(before));
  expect(entries).toContainEqual(expect.objectContaining({ event_type: 'case-assignment.reassign', action: 'U', outcome: 'GRANTED', client_id: clientId }));

  // The same again is no change.
  const unchanged = await fingerprint(gw);
  const again = await cm.query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: colleague, version: await clientVersion(gw, clientId) } });
  expect(again.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'CONFLICT' }]);
  expect(await fingerprint(gw)).toEqual(unchanged);
});

it('two colleagues passing her on from the same page: the second is told so, and the first one’s choice stands', async () => {
  // One the test above passed on today, so the others still find one carried since before today.
  const [{ client_id: clientId }] = await sql<{ client_id: string }[]>(
    gw,
    `select client_id from case_assignment where organisation_id = ? and professional_id is not null and ended_on is null and started_on = chain_today() order by client_id limit 1`,
    [DEMO.org.iriszorg],
  );
  const carriedNow = (await assignmentsOf(clientId)).filter((a) => a.organisation_id === DEMO.org.iriszorg && a.ended_on === null).map((a) => a.professional_id);
  const [fleur, lotte] = [SANNE, 'casemanager2@iriszorg.example', 'casemanager3@iriszorg.example'].map(idOf).filter((id) => !carriedNow.includes(id));
  const seen = await clientVersion(gw, clientId);
  const first = await (await gw.as(SANNE)).query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: fleur, version: seen } });
  expect(first.body.errors).toBeUndefined();

  const before = await fingerprint(gw);
  const second = await (await gw.as('casemanager3@iriszorg.example')).query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: lotte, version: seen } });
  expect(second.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'CONFLICT' }]);
  expect(await fingerprint(gw)).toEqual(before);
  const carried = (await assignmentsOf(clientId)).filter((a) => a.organisation_id === DEMO.org.iriszorg && a.ended_on === null);
  expect(carried.map((a) => a.professional_id)).toEqual([fleur]);
});

it('replaces an assignment that began today rather than ending it before it began', async () => {
  const { clientId } = await sharedClient();
  const cm = await gw.as(SANNE);
  const [first, second] = ['casemanager2@iriszorg.example', 'casemanager3@iriszorg.example'].map(idOf);
  for (const caseManagerId of [first, second, first]) {
    const current = (await assignmentsOf(clientId)).find((a) => a.organisation_id === DEMO.org.iriszorg && a.ended_on === null);
    if (current?.professional_id === caseManagerId) continue;
    const res = await cm.query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId, version: await clientVersion(gw, clientId) } });
    expect(res.body.errors).toBeUndefined();
  }
  const iriszorgToday = (await assignmentsOf(clientId)).filter((a) => a.organisation_id === DEMO.org.iriszorg && (a.ended_on === null || a.ended_on >= today()));
  expect(iriszorgToday.map((a) => [a.professional_id, a.started_on])).toEqual([[first, today()]]);
});

it('leaves a deactivated case manager off her women until she is back, while her organisation keeps them', async () => {
  const { clientId, iriszorgCaseManager } = await sharedClient();
  const admin = await gw.as('admin@nijmegen.example');
  const setActive = async (op: 'DeactivateProfessional' | 'ReactivateProfessional') => {
    const [{ version }] = await sql<{ version: number }[]>(gw, 'select version from professional where id = ?', [iriszorgCaseManager]);
    const res = await admin.query(operation(op), { input: { id: iriszorgCaseManager, version } });
    expect(res.body.errors).toBeUndefined();
  };
  const HER = 'query($id: ID!) { client(id: $id) { id caseManagers { id } } }';
  const seen = async () => (await (await gw.as(SANNE)).query(HER, { id: clientId })).body.data as { client: { id: string; caseManagers: { id: string }[] } | null };

  const UNNAMED = '{ clients(first: 100, filter: { withoutCaseManager: true }) { totalCount edges { node { id } } } }';
  const unnamed = async () => ((await (await gw.as(SANNE)).query(UNNAMED)).body.data as { clients: { edges: { node: { id: string } }[] } }).clients.edges.map((e) => e.node.id);

  expect((await seen()).client?.caseManagers.map((p) => p.id)).toContain(iriszorgCaseManager);
  expect(await unnamed()).not.toContain(clientId);
  const assignments = await assignmentsOf(clientId);
  await setActive('DeactivateProfessional');
  try {
    const meanwhile = await seen();
    // Iriszorg still knows her: its assignment stands, only unnamed for as long as she cannot be reached.
    expect(meanwhile.client).not.toBeNull();
    expect(meanwhile.client!.caseManagers.map((p) => p.id)).not.toContain(iriszorgCaseManager);
    expect(await assignmentsOf(clientId)).toEqual(assignments);
    // Her colleagues find the women she left, to pass them on.
    expect(await unnamed()).toContain(clientId);
  } finally {
    await setActive('ReactivateProfessional');
  }
  expect((await seen()).client?.caseManagers.map((p) => p.id)).toContain(iriszorgCaseManager);
  expect(await unnamed()).not.toContain(clientId);
});

it('lists a case manager’s caseload: exactly the women she is a case manager of today', async () => {
  const cm = await gw.as(SANNE);
  // Of the Iriszorg case managers, the one who carries the most women today.
  const [{ carrier }] = await sql<{ carrier: string }[]>(
    gw,
    `select professional_id as carrier from case_assignment where organisation_id = ? and professional_id is not null and started_on <= chain_today() and (ended_on is null or ended_on >= chain_today())
      group by professional_id order by count(*) desc, professional_id limit 1`,
    [DEMO.org.iriszorg],
  );
  const ALL = '{ clients(first: 100) { totalCount edges { node { id caseManagers { id } } } } }';
  const all = (await cm.query(ALL)).body.data as { clients: { edges: { node: { id: string; caseManagers: { id: string }[] } }[] } };
  const hers = all.clients.edges.filter((e) => e.node.caseManagers.some((p) => p.id === carrier)).map((e) => e.node.id);
  expect(hers.length).toBeGreaterThan(0);
  expect(hers.length).toBeLessThan(all.clients.edges.length);

  const res = await cm.query('query($id: ID!) { clients(first: 100, filter: { caseManagerId: $id }) { totalCount edges { node { id } } } }', { id: carrier });
  expect(res.body.errors).toBeUndefined();
  const caseload = (res.body.data as { clients: { totalCount: number; edges: { node: { id: string } }[] } }).clients;
  expect(caseload.edges.map((e) => e.node.id)).toEqual(hers);
  expect(caseload.totalCount).toBe(hers.length);

  const bad = await cm.query('{ clients(filter: { caseManagerId: "sanne" }) { totalCount } }');
  expect(bad.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'filter.caseManagerId' }]);
});

it('names as colleagues the active professionals of her own organisation, in a team or not', async () => {
  const COLLEAGUES = '{ colleagues { id name roles } }';
  const names = async (email: string) => ((await (await gw.as(email)).query(COLLEAGUES)).body.data as { colleagues: { name: string }[] }).colleagues.map((c) => c.name);
  const iriszorg = PROFESSIONALS.filter(([, , organisation]) => organisation === 'iriszorg').map(([, name]) => name);
  expect(await names(SANNE)).toEqual([...iriszorg].sort((a, b) => a.localeCompare(b)));
  // One in no team is hers too; one who no longer works here is not.
  const lotte = idOf('casemanager3@iriszorg.example');
  await sql(gw, 'delete from team_member where professional_id = ?', [idOf('casemanager2@iriszorg.example')]);
  await sql(gw, 'update professional set active = false where id = ?', [lotte]);
  try {
    expect(await names(SANNE)).toEqual(iriszorg.filter((n) => n !== 'Lotte Brouwer').sort((a, b) => a.localeCompare(b)));
  } finally {
    await sql(gw, 'update professional set active = true where id = ?', [lotte]);
    await sql(gw, 'insert into team_member (team_id, professional_id) values (?, ?)', [DEMO.stapteam, idOf('casemanager2@iriszorg.example')]);
  }
  expect(await names('casemanager@wijkteam.example')).toEqual(['Ahmed El Idrissi']);
});

describe('refuses, changing nothing', () => {
  it.each([
    ['a case manager of another organisation', () => idOf('casemanager@legerdesheils.example')],
    ['a colleague who is no case manager', () => idOf('expert@iriszorg.example')],
    ['no professional at all', () => '00000000-0000-4000-8000-999999999999'],
  ])('%s', async (_what, caseManager) => {
    const { clientId } = await sharedClient();
    const before = await fingerprint(gw);
    const res = await (await gw.as(SANNE)).query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: caseManager(), version: await clientVersion(gw, clientId) } });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.caseManagerId' }]);
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('a colleague who no longer works here', async () => {
    const { clientId } = await sharedClient();
    const lotte = idOf('casemanager3@iriszorg.example');
    await sql(gw, 'update professional set active = false where id = ?', [lotte]);
    try {
      const before = await fingerprint(gw);
      const res = await (await gw.as(SANNE)).query(operation('ReassignCaseManager'), { input: { clientId, caseManagerId: lotte, version: await clientVersion(gw, clientId) } });
      expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.caseManagerId' }]);
      expect(await fingerprint(gw)).toEqual(before);
    } finally {
      await sql(gw, 'update professional set active = true where id = ?', [lotte]);
    }
  });

  it('an organisation that knows her through a consent only, not her care team', async () => {
    const her = DEMO.client(14);
    const recorded = await (await gw.as(SANNE)).query(operation('RecordConsent'), { input: { clientId: her, effect: 'PERMIT', organisationId: DEMO.org.wijkteam, purpose: 'CARE' } });
    expect(recorded.body.errors).toBeUndefined();
    const before = await fingerprint(gw);
    const res = await (await gw.as('casemanager@wijkteam.example')).query(operation('ReassignCaseManager'), {
      input: { clientId: her, caseManagerId: idOf('casemanager@wijkteam.example'), version: await clientVersion(gw, her) },
    });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' }]);
    expect(await fingerprint(gw)).toEqual(before);
  });
});
