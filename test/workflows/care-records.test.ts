/**
 * The daily records of care: trajectories start and end once, hours and signals survive a resend
 * without counting twice, procesregie resolves signals, and the municipality's permit officer
 * issues and revokes zone registrations.
 */
import { addDays, today } from '../../src/common/scalars';
import { DEMO } from '../../src/db/demo/seed';
import { ActivityLog } from '../../src/modules/activity/activity-log.entity';
import { Client } from '../../src/modules/clients/client.entity';
import { Professional } from '../../src/modules/organisations/professional.entity';
import { Signal } from '../../src/modules/signals/signal.entity';
import { Trajectory } from '../../src/modules/trajectories/trajectory.entity';
import { ZoneRegistration } from '../../src/modules/zone-registrations/zone-registration.entity';
import { entriesDuring, sql } from '../helpers/audit';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { fingerprint, firstError, queuedBehindLock } from '../helpers/workflow-db';
import { operation } from '../helpers/workflow-operations';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());

describe('trajectories', () => {
  it('one active trajectory of a kind at a time; it ends once, with its outcome', async () => {
    const cm = await gw.as('casemanager@iriszorg.example'); // KP-016 shares HOUSING with Iriszorg
    // KP-016's inflow housing is still running (continued by Stapteam 2.0).
    const twice = await cm.query(operation('StartTrajectory'), { input: { clientId: DEMO.client(16), kind: 'INFLOW_HOUSING' } });
    expect(firstError(twice)).toMatchObject({ code: 'CONFLICT' });

    const running = (await cm.query(operation('ClientWorkflow'), { id: DEMO.client(16) })).body.data.client.trajectories.find(
      (t: { kind: string; status: string }) => t.kind === 'INFLOW_HOUSING' && t.status === 'ACTIVE',
    );
    const ended = await cm.query(operation('EndTrajectory'), { input: { id: running.id, version: running.version, outcome: 'Own tenancy from next month' } });
    expect(ended.body.data.endTrajectory).toMatchObject({ status: 'ENDED', outcome: 'Own tenancy from next month', endedOn: today() });

    const before = await fingerprint(gw);
    const again = await cm.query(operation('EndTrajectory'), { input: { id: running.id, version: running.version + 1, outcome: 'again' } });
    expect(firstError(again)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);

    const startedOn = addDays(today(), -60);
    const next = await cm.query(operation('StartTrajectory'), { input: { clientId: DEMO.client(16), kind: 'INFLOW_HOUSING', startedOn } });
    expect(next.body.data.startTrajectory).toMatchObject({ kind: 'INFLOW_HOUSING', status: 'ACTIVE', startedOn });
  });

  it('are recorded by case managers of involved organisations only', async () => {
    const before = await fingerprint(gw);
    const expert = await gw.as('expert@iriszorg.example');
    const byExpert = await expert.query(operation('StartTrajectory'), { input: { clientId: DEMO.client(14), kind: 'TIME_OUT' } });
    expect(firstError(byExpert)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const wijkteam = await gw.as('casemanager@wijkteam.example');
    const hidden = await wijkteam.query(operation('StartTrajectory'), { input: { clientId: DEMO.client(14), kind: 'TIME_OUT' } });
    const missing = await wijkteam.query(operation('StartTrajectory'), { input: { clientId: '00000000-0000-4000-8004-999999999999', kind: 'TIME_OUT' } });
    expect(hidden.body).toEqual(missing.body);
    expect(firstError(hidden)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint(gw)).toEqual(before);
  });

  it('are started and ended by her care team, not by an organisation still deciding on a handover of her', async () => {
    const wijkteam = await gw.as('casemanager@wijkteam.example'); // KP-013's open handover to the wijkteam involves it
    const [active] = await gw.orm.em.fork().find(Trajectory, { client: DEMO.client(13), status: 'ACTIVE' });
    const before = await fingerprint(gw);
    const start = await wijkteam.query(operation('StartTrajectory'), { input: { clientId: DEMO.client(13), kind: 'TIME_OUT' } });
    expect(firstError(start)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const end = await wijkteam.query(operation('EndTrajectory'), { input: { id: active.id, version: active.version, outcome: 'Taken over by the wijkteam' } });
    expect(firstError(end)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(await fingerprint(gw)).toEqual(before);

    const ldh = await gw.as('casemanager@legerdesheils.example');
    const started = await ldh.query(operation('StartTrajectory'), { input: { clientId: DEMO.client(13), kind: 'TIME_OUT' } });
    expect(started.body.data.startTrajectory).toMatchObject({ kind: 'TIME_OUT', status: 'ACTIVE' });
  });
});

describe('logging hours', () => {
  const count = (key: string) => gw.orm.em.fork().count(ActivityLog, { idempotencyKey: key });

  it("a client's activity shows her last 90 days, newest first", async () => {
    const em = gw.orm.em.fork();
    const professional = await em.findOneOrFail(Professional, { email: 'casemanager@iriszorg.example' });
    const daysAgo = (n: number) => addDays(today(), -n);
    // Minutes no other entry of hers has, to tell these apart: 89 and 90 days ago count, 91 not.
    for (const [ago, minutes] of [[91, 1301], [90, 1302], [89, 1303]]) {
      em.create(ActivityLog, { client: em.getReference(Client, DEMO.client(15)), professional, day: daysAgo(ago), minutes });
    }
    await em.flush();
    const cm = await gw.as('casemanager@iriszorg.example');
    const res = await cm.query('query ($id: ID!) { client(id: $id) { activity { day minutes } } }', { id: DEMO.client(15) });
    const activity: { day: string; minutes: number }[] = res.body.data.client.activity;
    expect(activity.filter((a) => a.minutes > 1300)).toEqual([
      { day: daysAgo(89), minutes: 1303 },
      { day: daysAgo(90), minutes: 1302 },
    ]);
    expect(activity.map((a) => a.day)).toEqual([...activity.map((a) => a.day)].sort().reverse());
    expect(activity.every((a) => a.day >= daysAgo(90))).toBe(true);
  });

  it('a resend with the same key returns the first entry and counts the time once', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const input = { clientId: DEMO.client(14), minutes: 90, day: '2026-11-20', idempotencyKey: 'a6f1c2d0-hours-1' };
    const first = await cm.query(operation('LogActivity'), { input });
    const { result: second, entries } = await entriesDuring(gw, () => cm.query(operation('LogActivity'), { input }));
    expect(first.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(await count(input.idempotencyKey)).toBe(1);
    expect(entries).toEqual([expect.objectContaining({ event_type: 'activity.log.resend', action: 'R', outcome: 'GRANTED', client_id: DEMO.client(14), categories: ['BASIC'] })]);
  });

  it('two copies sent at the same moment still make one entry', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const input = { clientId: DEMO.client(14), minutes: 45, idempotencyKey: 'a6f1c2d0-hours-race' };
    const answers = await Promise.all([1, 2, 3].map(() => cm.query(operation('LogActivity'), { input })));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect(answers[0].body.data.logActivity).toMatchObject({ minutes: 45 });
    expect(await count(input.idempotencyKey)).toBe(1);
  });

  it('the same key for different hours is a CONFLICT; another case manager’s key is her own', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const before = await fingerprint(gw);
    const changed = await cm.query(operation('LogActivity'), { input: { clientId: DEMO.client(14), minutes: 91, day: '2026-11-20', idempotencyKey: 'a6f1c2d0-hours-1' } });
    expect(firstError(changed)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);

    const colleague = await gw.as('casemanager2@iriszorg.example');
    const own = await colleague.query(operation('LogActivity'), { input: { clientId: DEMO.client(14), minutes: 90, day: '2026-11-20', idempotencyKey: 'a6f1c2d0-hours-1' } });
    expect(own.body.data.logActivity).toMatchObject({ minutes: 90, professional: { name: 'Fleur Arends' } });
    expect(await count('a6f1c2d0-hours-1')).toBe(2);
  });

  it('without a key, every send is an entry of its own', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const input = { clientId: DEMO.client(17), minutes: 30, day: '2026-11-02' };
    const a = await cm.query(operation('LogActivity'), { input });
    const b = await cm.query(operation('LogActivity'), { input });
    expect(a.body.data.logActivity.id).not.toBe(b.body.data.logActivity.id);
  });
});

describe('a professional’s day holds at most 24 hours of logged time', () => {
  const SANNE = 'casemanager@iriszorg.example';
  const FLEUR = 'casemanager2@iriszorg.example';
  const DAY = 24 * 60;
  const daysAgo = (n: number) => addDays(today(), -n);
  const loggedBy = async (email: string, day: string) =>
    Number(
      (await sql<{ minutes: string }[]>(gw, `select coalesce(sum(l.minutes), 0) as minutes from activity_log l join professional p on p.id = l.professional_id where p.email = ? and l.day = ?`, [email, day]))[0]
        .minutes,
    );
  const log = async (email: string, input: Record<string, unknown>) => (await gw.as(email)).query(operation('LogActivity'), { input });

  it('refuses the entry that would take her past 24 hours, naming what is left that day, and changes nothing', async () => {
    const day = daysAgo(2);
    const filled = await log(SANNE, { clientId: DEMO.client(14), day, minutes: DAY - (await loggedBy(SANNE, day)) - 30 });
    expect(filled.body.errors).toBeUndefined();

    const before = await fingerprint(gw);
    const { result: over, entries } = await entriesDuring(gw, () => log(SANNE, { clientId: DEMO.client(17), day, minutes: 31 }));
    expect(over.body.data).toEqual({ logActivity: null });
    expect(over.body.errors).toHaveLength(1);
    expect(over.body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.minutes' });
    expect(over.body.errors![0].message).toBe(`input.minutes: would take the time you logged on ${day} past 24 hours; 30 minutes are left that day`);
    // Neither the entry nor the monitoring summaries it would have moved; only the refusal's own line.
    expect(await fingerprint(gw)).toEqual(before);
    expect(entries).toEqual([expect.objectContaining({ event_type: 'mutation.logActivity', action: 'C', outcome: 'ERROR', reason: 'BAD_USER_INPUT' })]);
  });

  it('lets her fill the day to exactly 24 hours, and then refuses even a minute', async () => {
    const day = daysAgo(3);
    const exactly = await log(SANNE, { clientId: DEMO.client(14), day, minutes: DAY - (await loggedBy(SANNE, day)) });
    expect(exactly.body.errors).toBeUndefined();
    expect(await loggedBy(SANNE, day)).toBe(DAY);

    const oneMore = await log(SANNE, { clientId: DEMO.client(17), day, minutes: 1 });
    expect(firstError(oneMore)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.minutes' });
    expect(oneMore.body.errors![0].message).toMatch(/; no time is left that day$/);
    expect(await loggedBy(SANNE, day)).toBe(DAY);
  });

  it('counts each professional’s own day: a full day of hers leaves a colleague’s and her next day whole', async () => {
    const [day, next] = [daysAgo(5), daysAgo(4)];
    expect((await log(SANNE, { clientId: DEMO.client(14), day, minutes: DAY - (await loggedBy(SANNE, day)) })).body.errors).toBeUndefined();
    expect((await log(FLEUR, { clientId: DEMO.client(14), day, minutes: DAY - (await loggedBy(FLEUR, day)) })).body.errors).toBeUndefined();
    expect((await log(SANNE, { clientId: DEMO.client(14), day: next, minutes: DAY - (await loggedBy(SANNE, next)) })).body.errors).toBeUndefined();
    expect([await loggedBy(SANNE, day), await loggedBy(FLEUR, day), await loggedBy(SANNE, next)]).toEqual([DAY, DAY, DAY]);
  });

  it('answers a resend of the entry that filled her day with that entry, also when its copies arrive together', async () => {
    const day = daysAgo(6);
    const input = { clientId: DEMO.client(14), day, minutes: DAY - (await loggedBy(SANNE, day)), idempotencyKey: 'a6f1c2d0-full-day' };
    const answers = await Promise.all([1, 2, 3].map(() => log(SANNE, input)));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect(answers[0].body.data.logActivity).toMatchObject({ day, minutes: input.minutes });
    expect((await log(SANNE, input)).body).toEqual(answers[0].body);
    expect(await gw.orm.em.fork().count(ActivityLog, { idempotencyKey: input.idempotencyKey })).toBe(1);
  });

  it('of two entries at the same moment that together pass 24 hours, takes one, also for women of two chains', async () => {
    // A woman of Arnhem in her caseload: her hours count under another chain than KP-014's, so no
    // summary row of the monitoring figures is shared to queue the two entries by chance.
    const [{ id: arnhem }] = await sql<{ id: string }[]>(gw, `insert into client (code, status, municipality_id) values ('KP-A01', 'ACTIVE', ?) returning id`, [DEMO.org.arnhem]);
    await sql(gw, `insert into case_assignment (client_id, organisation_id, professional_id, started_on) select ?, organisation_id, id, ? from professional where email = ?`, [arnhem, daysAgo(30), SANNE]);
    const day = daysAgo(7);
    const left = DAY - (await loggedBy(SANNE, day));
    const [{ id: sanne }] = await sql<{ id: string }[]>(gw, `select id from professional where email = ?`, [SANNE]);
    // Held by another session, her day stops both entries once they are in, each before it is counted.
    const send = (clientId: string) => () => log(SANNE, { clientId, day, minutes: left - 60 });
    const answers = await queuedBehindLock(gw, 'select activity_day_minutes($1, $2)', [sanne, day], [send(DEMO.client(14)), send(arnhem)]);
    expect(answers.map((a) => firstError(a)?.code ?? 'LOGGED').sort()).toEqual(['BAD_USER_INPUT', 'LOGGED']);
    expect(await loggedBy(SANNE, day)).toBe(DAY - 60);
  });
});

describe('signals', () => {
  const OPEN_HEALTH_SIGNAL = '00000000-0000-4000-800b-000000000001'; // KP-014, raised by Iriszorg

  it('anyone involved may raise one, and a resend with the same key returns the first', async () => {
    const expert = await gw.as('expert@iriszorg.example');
    const input = { clientId: DEMO.client(15), category: 'HOUSING', text: 'Her room was broken into', idempotencyKey: 'signal-7f3a-0001' };
    // A document that asks for the text back, as a partner's may: the resend's answer must be the first's.
    const raise = 'mutation ($input: RaiseSignalInput!) { raiseSignal(input: $input) { id category text status version } }';
    const first = await expert.query(raise, { input });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.raiseSignal).toMatchObject({ category: 'HOUSING', text: 'Her room was broken into', status: 'OPEN', version: 1 });
    // The resend answers the signal again: a read of it, on her trail like any other.
    const { result: second, entries } = await entriesDuring(gw, () => expert.query(raise, { input }));
    expect(second.body).toEqual(first.body);
    expect(await gw.orm.em.fork().count(Signal, { idempotencyKey: input.idempotencyKey })).toBe(1);
    // (Its text, HOUSING, has the line of its own every read of it leaves.)
    expect(entries.map((e) => [e.event_type, e.fields])).toEqual(expect.arrayContaining([['signal.raise.resend', []], ['client.read', ['Signal.text']]]));
    expect(entries).toContainEqual(expect.objectContaining({ event_type: 'signal.raise.resend', action: 'R', outcome: 'GRANTED', client_id: DEMO.client(15), categories: ['BASIC', 'HOUSING'] }));
    expect(entries).toHaveLength(2);

    const zvh = await gw.as('procesregie@zvh.example');
    const seen = (await zvh.query(operation('Signals'), { status: ['OPEN'] })).body.data.signals;
    expect(seen.map((s: { id: string }) => s.id)).toContain(first.body.data.raiseSignal.id);
  });

  it('a list of just the signals asked for, narrowed before her BASIC read is audited; one about a woman not known is left out as one of nobody', async () => {
    const SIGNALS = 'query ($ids: [ID!]) { signals(ids: $ids) { id client { code } } }';
    const nobodys = '00000000-0000-4000-800b-0000000000ff';
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const { result: mine, entries } = await entriesDuring(gw, () => iriszorg.query(SIGNALS, { ids: [OPEN_HEALTH_SIGNAL, nobodys] }));
    expect(mine.body).toEqual({ data: { signals: [{ id: OPEN_HEALTH_SIGNAL, client: { code: 'KP-014' } }] } });
    // Iriszorg knows other women with signals (KP-016's): the list read her alone, and looked up nobody with the id of no signal.
    expect(entries.map((e) => [e.event_type, e.client_id])).toEqual([
      ['client.read', DEMO.client(14)],
      ['client.lookup', null],
    ]);

    const zvh = await gw.as('procesregie@zvh.example'); // KP-014 shared nothing with procesregie
    const hers = await entriesDuring(gw, () => zvh.query(SIGNALS, { ids: [OPEN_HEALTH_SIGNAL] }));
    expect(hers.result.body).toEqual({ data: { signals: [] } });
    expect(hers.entries.map((e) => [e.event_type, e.client_id, e.outcome])).toEqual([['client.lookup', DEMO.client(14), 'DENIED']]);
    expect((await zvh.query(SIGNALS, { ids: [nobodys] })).body).toEqual({ data: { signals: [] } });
    expect(firstError(await iriszorg.query(SIGNALS, { ids: ['KP-014'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids[0]' });
  });

  it('roles that see no client at all raise none', async () => {
    const analyst = await gw.as('analyst@nijmegen.example');
    const res = await analyst.query(operation('RaiseSignal'), { input: { clientId: DEMO.client(15), category: 'BASIC', text: 'x' } });
    expect(firstError(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
  });

  it('is resolved by procesregie or by the organisation that raised it, once', async () => {
    const ldh = await gw.as('casemanager@legerdesheils.example');
    const before = await fingerprint(gw);
    const notTheirs = await ldh.query(operation('ResolveSignal'), { input: { id: OPEN_HEALTH_SIGNAL, version: 1 } });
    expect(firstError(notTheirs)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const zvh = await gw.as('procesregie@zvh.example'); // KP-014 shared nothing with procesregie
    expect(firstError(await zvh.query(operation('ResolveSignal'), { input: { id: OPEN_HEALTH_SIGNAL, version: 1 } }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint(gw)).toEqual(before);

    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const resolved = await iriszorg.query(operation('ResolveSignal'), { input: { id: OPEN_HEALTH_SIGNAL, version: 1 } });
    expect(resolved.body.data.resolveSignal).toMatchObject({ status: 'RESOLVED', version: 2, resolvedAt: expect.any(String) });
    const again = await iriszorg.query(operation('ResolveSignal'), { input: { id: OPEN_HEALTH_SIGNAL, version: 2 } });
    expect(firstError(again)).toMatchObject({ code: 'CONFLICT' });
  });
  it('is not resolved by the process director of another chain that a handover involves', async () => {
    const iriszorg = await gw.as('casemanager@iriszorg.example');
    const raised = await iriszorg.query(operation('RaiseSignal'), { input: { clientId: DEMO.client(12), category: 'BASIC', text: 'Missed two appointments', idempotencyKey: 'kp012-missed-appointments' } });
    const signal = raised.body.data.raiseSignal;
    const arnhem = await gw.as('procesregie@arnhem.example'); // the open handover to Arnhem involves it with KP-012
    expect((await arnhem.query(operation('Signals'), { status: ['OPEN'] })).body.data.signals.map((s: { id: string }) => s.id)).toContain(signal.id);
    const before = await fingerprint(gw);
    const refused = await arnhem.query(operation('ResolveSignal'), { input: { id: signal.id, version: signal.version } });
    expect(firstError(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    expect(await fingerprint(gw)).toEqual(before);
    const zvh = await gw.as('procesregie@zvh.example');
    const resolved = await zvh.query(operation('ResolveSignal'), { input: { id: signal.id, version: signal.version } });
    expect(resolved.body.data.resolveSignal).toMatchObject({ status: 'RESOLVED' });
  });
});

describe('zone registrations', () => {
  const KP001 = DEMO.client(1);

  it('the permit officer revokes a registration on her request, and may register her again', async () => {
    const permits = await gw.as('permits@nijmegen.example');
    const current = (await permits.query('query ($id: ID!) { client(id: $id) { zoneRegistration { id number version revokedOn } } }', { id: KP001 })).body.data.client
      .zoneRegistration;
    expect(current.revokedOn).toBeNull();

    const before = await fingerprint(gw);
    const duplicate = await permits.query(operation('IssueZoneRegistration'), { input: { clientId: KP001, number: 'TZ-2026-101' } });
    expect(firstError(duplicate)).toMatchObject({ code: 'CONFLICT' });
    expect(await fingerprint(gw)).toEqual(before);

    const revoked = await permits.query(operation('RevokeZoneRegistration'), { input: { id: current.id, version: current.version, onRequest: true } });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data.revokeZoneRegistration).toMatchObject({ number: current.number, revokedOn: today(), revokedOnRequest: true });
    const twice = await permits.query(operation('RevokeZoneRegistration'), { input: { id: current.id, version: current.version + 1 } });
    expect(firstError(twice)).toMatchObject({ code: 'CONFLICT' });

    // Backdated into the days the revoked one still held, she would be registered twice at once, and
    // her latest registration by its day of issue would be the revoked one.
    const beforeBackdated = await fingerprint(gw);
    const backdated = await permits.query(operation('IssueZoneRegistration'), { input: { clientId: KP001, number: 'TZ-2026-101', issuedOn: addDays(today(), -1) } });
    expect(firstError(backdated)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.issuedOn' });
    expect(await fingerprint(gw)).toEqual(beforeBackdated);

    const issued = await permits.query(operation('IssueZoneRegistration'), { input: { clientId: KP001, number: 'TZ-2026-101' } });
    expect(issued.body.data.issueZoneRegistration).toMatchObject({ number: 'TZ-2026-101', revokedOn: null, version: 1 });
    const latest = await permits.query('query ($id: ID!) { client(id: $id) { zoneRegistration { number revokedOn } } }', { id: KP001 });
    expect(latest.body.data.client.zoneRegistration).toEqual({ number: 'TZ-2026-101', revokedOn: null });
    expect(await gw.orm.em.fork().count(ZoneRegistration, { client: KP001 })).toBe(2);
  });

  it('one number for two women at the same moment: the second is told it is in use', async () => {
    const permits = await gw.as('permits@nijmegen.example');
    const women = [DEMO.client(3), DEMO.client(4)];
    for (const id of women) {
      const held = (await permits.query('query ($id: ID!) { client(id: $id) { zoneRegistration { id version revokedOn } } }', { id })).body.data.client.zoneRegistration;
      if (held && !held.revokedOn) expect((await permits.query(operation('RevokeZoneRegistration'), { input: { id: held.id, version: held.version } })).body.errors).toBeUndefined();
    }
    // Held by another session, the municipality's row stops each insert at its foreign-key check,
    // after its own checks; each woman's row is locked apart, so only the number can order them.
    const issue = (id: string) => () => permits.query(operation('IssueZoneRegistration'), { input: { clientId: id, number: 'TZ-2026-110' } });
    const [first, second] = await queuedBehindLock(gw, 'select 1 from organisation where id = $1 for update', [DEMO.org.nijmegen], women.map(issue));
    expect(first.body.data.issueZoneRegistration).toMatchObject({ number: 'TZ-2026-110' });
    expect(firstError(second)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.number' });
    expect(await gw.orm.em.fork().count(ZoneRegistration, { number: 'TZ-2026-110' })).toBe(1);
  });

  it('not for a woman who objects to the municipality seeing it: the same refusal whether she holds one or not, nothing written, her trail names the objection', async () => {
    const cm = await gw.as('casemanager@iriszorg.example');
    const permits = await gw.as('permits@nijmegen.example');
    const registrationOf = async (id: string) =>
      (await permits.query('query ($id: ID!) { client(id: $id) { zoneRegistration { id version revokedOn } } }', { id })).body.data.client.zoneRegistration;
    // KP-013 holds an active registration; KP-014's ends today, while she still shares it.
    const [holds, held] = [DEMO.client(13), DEMO.client(14)];
    const active = await registrationOf(holds);
    expect(active.revokedOn).toBeNull();
    const ending = await registrationOf(held);
    expect((await permits.query(operation('RevokeZoneRegistration'), { input: { id: ending.id, version: ending.version } })).body.errors).toBeUndefined();
    const objections = new Map<string, string>();
    for (const id of [holds, held]) {
      const objected = await cm.query(operation('RecordConsent'), { input: { clientId: id, effect: 'DENY', organisationId: DEMO.org.nijmegen, categories: ['SEX_WORK'] } });
      expect(objected.body.errors).toBeUndefined();
      objections.set(id, objected.body.data.recordConsent.id);
    }

    const before = await fingerprint(gw);
    const { result: answers, entries } = await entriesDuring(gw, async () => [
      // One holds a registration, the other's ended today: a CONFLICT, or a day "before her previous
      // registration ended", would tell the municipality what her read refuses.
      await permits.query(operation('IssueZoneRegistration'), { input: { clientId: holds, number: 'TZ-2026-120' } }),
      await permits.query(operation('IssueZoneRegistration'), { input: { clientId: held, number: 'TZ-2026-121', issuedOn: addDays(today(), -1) } }),
      await permits.query(operation('RevokeZoneRegistration'), { input: { id: active.id, version: active.version, onRequest: true } }),
    ]);
    for (const answer of answers) {
      expect(answer.body.data).toEqual({ [Object.keys(answer.body.data)[0]]: null });
      expect(answer.body.errors).toEqual([expect.objectContaining({ message: 'The client has not consented to share this with your organisation', extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NO_CONSENT' }) })]);
    }
    expect(await fingerprint(gw)).toEqual(before);
    expect(entries.map((e) => [e.event_type, e.outcome, e.client_id, e.categories, e.reason, e.consent_checked, e.consent_id])).toEqual([
      ['zone-registration.issue', 'DENIED', holds, ['SEX_WORK'], 'NO_CONSENT', true, objections.get(holds)],
      ['zone-registration.issue', 'DENIED', held, ['SEX_WORK'], 'NO_CONSENT', true, objections.get(held)],
      ['zone-registration.revoke', 'DENIED', holds, ['SEX_WORK'], 'NO_CONSENT', true, objections.get(holds)],
    ]);

    // With the objection revoked, the municipality's permission decides again, and is named on the change.
    const lifted = await cm.query(operation('RevokeConsent'), { input: { id: objections.get(held), version: 1, reason: 'Wants her permit back', reasonCategory: 'SEX_WORK' } });
    expect(lifted.body.errors).toBeUndefined();
    const { result: issued, entries: issuing } = await entriesDuring(gw, () => permits.query(operation('IssueZoneRegistration'), { input: { clientId: held, number: 'TZ-2026-121' } }));
    expect(issued.body.data.issueZoneRegistration).toMatchObject({ number: 'TZ-2026-121', revokedOn: null });
    const change = issuing.filter((e) => e.event_type === 'zone-registration.issue');
    expect(change).toEqual([expect.objectContaining({ outcome: 'GRANTED', consent_checked: true, consent_id: expect.any(String) })]);
    expect(change[0].consent_id).not.toBe(objections.get(held));
  });

  it('only a permit officer issues, only for women the municipality is involved with', async () => {
    const before = await fingerprint(gw);
    const cm = await gw.as('casemanager@iriszorg.example');
    expect(firstError(await cm.query(operation('IssueZoneRegistration'), { input: { clientId: DEMO.client(14), number: 'TZ-2026-102' } }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    // KP-019 withdrew her consent for the municipality with her registration: she does not exist for it.
    const permits = await gw.as('permits@nijmegen.example');
    const hidden = await permits.query(operation('IssueZoneRegistration'), { input: { clientId: DEMO.client(19), number: 'TZ-2026-103' } });
    expect(firstError(hidden)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint(gw)).toEqual(before);
  });
});
