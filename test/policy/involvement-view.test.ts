/**
 * Involvement (policy §1) lives twice: as the SQL view `client_involvement` that every list and
 * lookup uses (a lookup by key through `is_involved`), and as the pure `involvementOf` the policy
 * reasons with. This test holds them together on every (organisation, client) pair of the demo
 * chain plus generated edge cases.
 */
import { Client as PgClient } from 'pg';
import { dayOf } from '../../src/common/chain-calendar';
import { addDays, today } from '../../src/common/scalars';
import { NEWEST_AT_MOST } from '../../src/common/pagination';
import { CaseAssignment } from '../../src/modules/clients/case-assignment.entity';
import { Client } from '../../src/modules/clients/client.entity';
import { Consent } from '../../src/modules/consents/consent.entity';
import { Handover } from '../../src/modules/handovers/handover.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Professional } from '../../src/modules/organisations/professional.entity';
import { Referral } from '../../src/modules/referrals/referral.entity';
import { BreakGlassGrant } from '../../src/modules/break-glass/break-glass-grant.entity';
import { Team } from '../../src/modules/organisations/team.entity';
import { DEMO } from '../../src/db/demo/seed';
import { Loaders } from '../../src/common/loaders';
import { involvedClient, involvedClients, involvedRows } from '../../src/modules/clients/involved-clients';
import { CLIENT_STATUSES } from '../../src/modules/clients/client.entity';
import type { ClientFilter } from '../../src/modules/clients/client-categories.types';
import { HANDOVER_STATUSES } from '../../src/modules/handovers/handover.entity';
import { REFERRAL_STATUSES } from '../../src/modules/referrals/referral.entity';
import { Signal, SIGNAL_STATUSES } from '../../src/modules/signals/signal.entity';
import { AuditBuffer } from '../../src/modules/audit/audit-buffer';
import { ClientAccess } from '../../src/policy/access';
import { basisUntilOf, clientFactsOf, decide, involvementOf, type Decision } from '../../src/policy/decide';
import { BREAK_GLASS_ROLES } from '../../src/policy/tables';
import { startGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  // Edge cases the demo lacks: assignments that ended yesterday or start tomorrow, a decided and an
  // open referral, handovers in every state, an expired and a live break-glass grant.
  const em = gw.orm.em.fork();
  const day = (offset: number) => addDays(today(), offset);
  const org = (k: keyof typeof DEMO.org) => em.getReference(Organisation, DEMO.org[k]);
  const client = (n: number) => em.getReference(Client, DEMO.client(n));
  const pro = await em.findOneOrFail(Professional, { email: 'casemanager@wijkteam.example' });
  em.create(CaseAssignment, { client: client(1), organisation: org('proPersona'), startedOn: '2024-01-01', endedOn: day(-1) });
  em.create(CaseAssignment, { client: client(2), organisation: org('proPersona'), startedOn: day(1) });
  em.create(CaseAssignment, { client: client(3), organisation: org('proPersona'), startedOn: day(0), endedOn: day(0) });
  em.create(Referral, { client: client(4), referredBy: org('wijkteam'), referredByProfessional: pro, team: em.getReference(Team, DEMO.stapteam), reasonCategory: 'BASIC', reason: 'x' });
  em.create(Referral, { client: client(5), referredBy: org('wijkteam'), referredByProfessional: pro, team: em.getReference(Team, DEMO.stapteam), reasonCategory: 'BASIC', reason: 'x', status: 'DECLINED', decidedAt: new Date() });
  em.create(Handover, { client: client(6), fromOrganisation: org('arnhem'), toOrganisation: org('wijkteam'), destination: 'REGULAR_CARE', proposedBy: pro, status: 'REJECTED', decidedAt: new Date() });
  em.create(Handover, { client: client(7), fromOrganisation: org('zvh'), toOrganisation: org('wijkteam'), destination: 'REGULAR_CARE', proposedBy: pro });
  // Answered handovers to an organisation with no other tie to her: only an open (proposed) one
  // involves it, not one it accepted, nor one cancelled or completed.
  em.create(Handover, { client: client(9), fromOrganisation: org('zvh'), toOrganisation: org('proPersona'), destination: 'REGULAR_CARE', proposedBy: pro, status: 'ACCEPTED', decidedAt: new Date() });
  em.create(Handover, { client: client(10), fromOrganisation: org('zvh'), toOrganisation: org('proPersona'), destination: 'REGULAR_CARE', proposedBy: pro, status: 'CANCELLED', decidedAt: new Date() });
  em.create(Handover, { client: client(11), fromOrganisation: org('zvh'), toOrganisation: org('proPersona'), destination: 'REGULAR_CARE', proposedBy: pro, status: 'COMPLETED', decidedAt: new Date(), completedAt: new Date() });
  em.create(BreakGlassGrant, { client: client(8), professional: pro, organisation: org('wijkteam'), reason: 'emergency on the zone', startedAt: new Date(Date.now() - 3600_000), expiresAt: new Date(Date.now() + 3600_000) });
  em.create(BreakGlassGrant, { client: client(9), professional: pro, organisation: org('wijkteam'), reason: 'emergency on the zone', startedAt: new Date(Date.now() - 7200_000), expiresAt: new Date(Date.now() - 3600_000) });
  // A professional who left the chain and is still listed in a team (deactivated, not yet removed):
  // the only link of her organisation to the team's clients.
  const left = em.create(Professional, { email: 'left@arnhem.example', name: 'Left the chain', subject: 'left-the-chain', organisation: org('arnhem'), roles: ['CASE_MANAGER'], active: false });
  // Running grants whose holders may no longer break the glass (policy §4): one left the chain,
  // one now holds another role. Neither involves her organisation any more.
  const running = { reason: 'emergency on the zone', startedAt: new Date(Date.now() - 3600_000), expiresAt: new Date(Date.now() + 3600_000) };
  const leftWithGrant = em.create(Professional, { email: 'left@wijkteam.example', name: 'Left with a grant', subject: 'left-with-grant', organisation: org('wijkteam'), roles: ['CASE_MANAGER'], active: false });
  const nowDirector = em.create(Professional, { email: 'director@wijkteam.example', name: 'Now directs', subject: 'now-directs', organisation: org('wijkteam'), roles: ['PROCESS_DIRECTOR'] });
  em.create(BreakGlassGrant, { ...running, client: client(12), professional: leftWithGrant, organisation: org('wijkteam') });
  em.create(BreakGlassGrant, { ...running, client: client(13), professional: nowDirector, organisation: org('wijkteam') });
  // A case manager who left, still assigned: her organisation carries the woman, with no one named.
  em.create(CaseAssignment, { client: client(14), organisation: org('wijkteam'), professional: leftWithGrant, startedOn: day(-30) });
  await em.flush();
  await em.getConnection().execute('insert into team_member (team_id, professional_id) values (?, ?)', [DEMO.stapteam, left.id]);
});
afterAll(() => gw.close());

/**
 * When the chain's day `day` begins, the moment an assignment whose last day is the one before
 * ends: Nijmegen is an hour or two ahead of UTC, so at 22:00 or 23:00 UTC the day before.
 */
function chainDayStart(day: string): Date {
  return [2, 1].map((hours) => new Date(Date.parse(`${day}T00:00:00Z`) - hours * 3600_000)).find((moment) => dayOf(moment) === day)!;
}

/** A grant counts while its holder works for the chain in a role that may break the glass (§4). */
const holderMayBreakGlass = (g: BreakGlassGrant) => g.professional.active && g.professional.roles.some((r) => BREAK_GLASS_ROLES.includes(r));

/** Every (organisation, client) pair's involvement as the pure policy derives it from the rows. */
async function pureInvolvement() {
  const em = gw.orm.em.fork();
  const now = new Date();
  const day = today(now);
  const [orgs, clients, assignments, consents, handovers, referrals, grants, teamOrgs, view] = await Promise.all([
    em.find(Organisation, {}),
    em.find(Client, {}),
    em.find(CaseAssignment, {}),
    em.find(Consent, {}),
    em.find(Handover, {}),
    em.find(Referral, {}),
    em.find(BreakGlassGrant, {}, { populate: ['professional'] }),
    em.getConnection().execute<{ team_id: string; organisation_id: string }[]>('select tm.team_id, p.organisation_id from team_member tm join professional p on p.id = tm.professional_id where p.active'),
    em.getConnection().execute<{ client_id: string; organisation_id: string; basis: string }[]>('select client_id, organisation_id, basis from client_involvement'),
  ]);
  const factsOf = (c: Client) => ({
    activeAssignments: assignments
      .filter((a) => a.client.id === c.id && a.startedOn <= day && (!a.endedOn || a.endedOn >= day))
      .map((a) => ({ organisationId: a.organisation.id, endsAt: a.endedOn ? chainDayStart(addDays(a.endedOn, 1)) : null })),
    teamMemberOrganisationIds: c.team ? teamOrgs.filter((t) => t.team_id === c.team!.id).map((t) => t.organisation_id) : [],
    openHandoverToOrganisationIds: handovers.filter((h) => h.client.id === c.id && h.status === 'PROPOSED' && h.toOrganisation).map((h) => h.toOrganisation!.id),
    openReferralByOrganisationIds: referrals.filter((r) => r.client.id === c.id && r.status === 'OPEN').map((r) => r.referredBy.id),
    consents: consents.filter((k) => k.client.id === c.id).map((k) => ({ ...k, organisationId: k.organisation?.id ?? null })),
    breakGlass: grants.filter((g) => g.client.id === c.id && holderMayBreakGlass(g)).map((g) => ({ id: g.id, professionalId: g.professional.id, organisationId: g.organisation.id, startedAt: g.startedAt, expiresAt: g.expiresAt })),
  });
  return { orgs, clients, grants, view, now, factsOf, assignments };
}

it('agrees with the pure policy for every organisation and client', async () => {
  const { orgs, clients, view, now, factsOf } = await pureInvolvement();
  const mismatches: string[] = [];
  for (const c of clients) {
    const facts = factsOf(c);
    for (const o of orgs) {
      const pure = [...new Set(involvementOf(o.id, facts, now))].sort();
      const sql = [...new Set(view.filter((v) => v.client_id === c.id && v.organisation_id === o.id).map((v) => v.basis))].sort();
      if (JSON.stringify(pure) !== JSON.stringify(sql)) mismatches.push(`${o.name} · ${c.code}: policy ${pure} vs view ${sql}`);
    }
  }
  expect(mismatches).toEqual([]);
  // The comparison means something only if it saw every basis.
  expect(new Set(view.map((v) => v.basis))).toEqual(new Set(['CARE_TEAM', 'CONSENT', 'HANDOVER', 'REFERRAL', 'BREAK_GLASS']));
});

it('counts a break-glass grant only while its holder works for the chain in a role that may break the glass', async () => {
  const { grants, view } = await pureInvolvement();
  const running = grants.filter((g) => g.startedAt <= new Date() && g.expiresAt > new Date());
  const byGrant = (g: BreakGlassGrant) => view.some((v) => v.client_id === g.client.id && v.organisation_id === g.organisation.id && v.basis === 'BREAK_GLASS');
  expect(running.filter((g) => !holderMayBreakGlass(g)).map((g) => [g.professional.email, byGrant(g)])).toEqual([
    ['left@wijkteam.example', false],
    ['director@wijkteam.example', false],
  ]);
  expect(running.filter(holderMayBreakGlass).map(byGrant)).toEqual([true]);
});

it('counts a team member only while she works for the chain: one who left involves her organisation no more', async () => {
  const conn = gw.orm.em.fork().getConnection();
  const careOf = async (sql: string) => (await conn.execute<{ client_id: string }[]>(sql, [DEMO.org.arnhem])).map((r) => r.client_id).sort();
  const inTeam = await careOf(`select distinct ci.client_id from client_involvement ci where ci.organisation_id = ? and ci.basis = 'CARE_TEAM'`);
  const assigned = await careOf(`select distinct a.client_id from case_assignment a where a.organisation_id = ? and a.started_on <= chain_today() and (a.ended_on is null or a.ended_on >= chain_today())`);
  expect(assigned.length).toBeGreaterThan(0);
  expect(inTeam).toEqual(assigned);
});

// The view reckons its day in the chain's calendar (migration …_chain_day), not in the session's
// time zone: sessions far east and far west of Nijmegen see exactly the rows checked above.
it('answers the same whatever the time zone of the session that asks', async () => {
  const { view } = await pureInvolvement();
  const rowsOf = (rows: { client_id: string; organisation_id: string; basis: string }[]) => rows.map((v) => `${v.organisation_id} ${v.client_id} ${v.basis}`).sort();
  const pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  try {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC', 'Europe/Amsterdam']) {
      await pg.query(`set timezone = '${zone}'`);
      const { rows } = await pg.query('select client_id, organisation_id, basis from client_involvement');
      expect({ zone, rows: rowsOf(rows) }).toEqual({ zone, rows: rowsOf(view) });
    }
  } finally {
    await pg.end();
  }
});

// The gateway loads only what the policy asks of involvement (one basis besides break-glass, and
// break-glass from the organisation's running grants), not every basis: it must decide as if it
// had them all — for a professional of each organisation, and for each one holding a grant.
it('decides from the facts it loads as from every basis of involvement', async () => {
  const { orgs, clients, grants, now, factsOf } = await pureInvolvement();
  const actors = orgs.flatMap((o) =>
    [null, ...grants.filter((g) => g.organisation.id === o.id).map((g) => g.professional.id)].map((professionalId) => ({
      professionalId: professionalId ?? `00000000-0000-4000-9000-${o.id.slice(-12)}`,
      organisationId: o.id,
      organisationKind: o.kind,
      roles: ['CASE_MANAGER' as const],
      name: 'test',
      email: 'test@example.org',
      municipalityId: null,
      teamIds: [],
    })),
  );
  expect(actors.length).toBeGreaterThan(orgs.length); // a grant holder among them
  const mismatches: string[] = [];
  for (const actor of actors) {
    const em = gw.orm.em.fork();
    const access = new ClientAccess(actor, new Loaders(em), now, new AuditBuffer(actor, { requestId: 'test', networkAddress: null, application: null, traceId: 't', spanId: 's', parentSpanId: null }));
    const loaded = await Promise.all(clients.map((c) => access.decide(c.id, 'BASIC')));
    clients.forEach((c, i) => {
      const facts = factsOf(c);
      const expected: Decision = decide(actor, clientFactsOf(actor.organisationId, facts, now), 'BASIC', now);
      if (JSON.stringify(loaded[i]) !== JSON.stringify(expected)) mismatches.push(`${actor.organisationId}/${actor.professionalId} · ${c.code}: ${JSON.stringify(loaded[i])} vs ${JSON.stringify(expected)}`);
    });
  }
  expect(mismatches).toEqual([]);
});

// The facts say, with the basis besides break-glass they load, when those bases end: the latest end
// among those that involve the organisation, none where one has no end recorded.
it('tells when the bases of involvement end as the pure policy does, for every organisation and client', async () => {
  const { orgs, clients, now, factsOf } = await pureInvolvement();
  const ids = `{${clients.map((c) => c.id).join(',')}}`;
  const mismatches: string[] = [];
  const told = new Set<string>();
  for (const o of orgs) {
    const rows = await gw.orm.em
      .fork()
      .getConnection()
      .execute<{ client_id: string; basis_until_ms: number | null }[]>(`select client_id, basis_until_ms from policy_facts(?, ?::uuid[], ?) where basis is not null`, [o.id, ids, now]);
    for (const row of rows) {
      const c = clients.find((x) => x.id === row.client_id)!;
      const ends = row.basis_until_ms === null ? null : new Date(row.basis_until_ms).getTime();
      const pure = basisUntilOf(o.id, factsOf(c), now)?.getTime() ?? null;
      told.add(ends === null ? 'no end' : 'an end');
      if (ends !== pure) mismatches.push(`${o.name} · ${c.code}: policy_facts ${ends}, policy ${pure}`);
    }
  }
  expect(mismatches).toEqual([]);
  // The comparison means something only if both answers occurred.
  expect(told).toEqual(new Set(['no end', 'an end']));
});

// A client detail and every write find their client by id through `is_involved`, not through the
// view's semi-join the lists use: the same clients must be found, and no other.
it('finds one client by id exactly where the view has her involved', async () => {
  const { orgs, clients, view } = await pureInvolvement();
  const mismatches: string[] = [];
  for (const o of orgs) {
    const em = gw.orm.em.fork();
    const found = await Promise.all(clients.map((c) => involvedClient(em, o.id, c.id)));
    clients.forEach((c, i) => {
      const involved = view.some((v) => v.client_id === c.id && v.organisation_id === o.id);
      if ((found[i]?.id === c.id) !== involved) mismatches.push(`${o.name} · ${c.code}: lookup ${found[i] ? 'found' : 'not found'}, view ${involved ? 'involved' : 'not involved'}`);
    });
  }
  expect(mismatches).toEqual([]);
  expect(view.length).toBeGreaterThan(0);
});

/** Whether the view has `organisationId` involved with `clientId`. */
const involvedIn = (view: { client_id: string; organisation_id: string }[]) => (organisationId: string, clientId: string) =>
  view.some((v) => v.client_id === clientId && v.organisation_id === organisationId);

// The lists are statements written by hand around the view's semi-join: walked page by page to the
// end, and under every filter, a list of clients must hold exactly those the view has involved.
it('pages through exactly the clients the view has involved, under every filter', async () => {
  const { orgs, clients, view, assignments } = await pureInvolvement();
  const involved = involvedIn(view);
  const day = today();
  const professionals = new Map((await gw.orm.em.fork().find(Professional, {})).map((p) => [p.id, p]));
  // Her case managers today as `Client.caseManagers` names them: assigned today, and still working.
  const current = assignments.filter((a) => a.startedOn <= day && (!a.endedOn || a.endedOn >= day));
  const named = (a: CaseAssignment) => !!a.professional && professionals.get(a.professional.id)!.active;
  const caseManagersOf = (c: Client) => current.filter((a) => a.client.id === c.id && named(a)).map((a) => a.professional!.id);
  const carriedUnnamed = (organisationId: string, c: Client) => {
    const carried = current.filter((a) => a.client.id === c.id && a.organisation.id === organisationId);
    return carried.length > 0 && !carried.some(named);
  };
  const caseManagers = [...new Set(current.filter(named).map((a) => a.professional!.id))];
  const byCode = (a: Client, b: Client) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const teams = [...new Set(clients.map((c) => c.team?.id).filter((t): t is string => !!t))];
  const mismatches: string[] = [];
  let pagesWalked = 0;
  for (const o of orgs) {
    const em = gw.orm.em.fork();
    const mine = clients.filter((c) => involved(o.id, c.id)).sort(byCode);
    const walked: string[] = [];
    let after: string | null = null;
    do {
      const page = await involvedClients(em, o.id, undefined, 3, after, day);
      if (page.totalCount !== mine.length) mismatches.push(`${o.name}: totalCount ${page.totalCount} after ${after}, ${mine.length} involved`);
      walked.push(...page.edges.map((e) => e.node.code));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pagesWalked += 1;
    } while (after && walked.length <= clients.length);
    if (walked.join() !== mine.map((c) => c.code).join()) mismatches.push(`${o.name}: walked ${walked.join()} instead of ${mine.map((c) => c.code).join()}`);

    const filters: ClientFilter[] = [
      ...CLIENT_STATUSES.map((status) => ({ status: [status] })),
      { status: ['ACTIVE', 'MONITORING'] },
      ...teams.map((teamId) => ({ teamId })),
      { status: ['ACTIVE'], teamId: DEMO.stapteam },
      ...mine.slice(0, 2).map((c) => ({ code: c.code })),
      { code: 'KP-999' },
      ...caseManagers.map((caseManagerId) => ({ caseManagerId })),
      { caseManagerId: [...professionals.values()].find((p) => !p.active)!.id },
      { withoutCaseManager: true },
      { withoutCaseManager: false },
      { withoutCaseManager: true, status: ['ACTIVE'] },
    ];
    for (const filter of filters) {
      const page = await involvedClients(em, o.id, filter, 100, null, day);
      const expected = mine.filter(
        (c) =>
          (!filter.status || filter.status.includes(c.status)) &&
          (!filter.teamId || c.team?.id === filter.teamId) &&
          (!filter.code || c.code === filter.code) &&
          (!filter.caseManagerId || caseManagersOf(c).includes(filter.caseManagerId)) &&
          (!filter.withoutCaseManager || carriedUnnamed(o.id, c)),
      );
      const got = page.edges.map((e) => e.node.code);
      if (got.join() !== expected.map((c) => c.code).join() || page.totalCount !== expected.length) {
        mismatches.push(`${o.name} · ${JSON.stringify(filter)}: ${got.join()} (${page.totalCount}) instead of ${expected.map((c) => c.code).join()}`);
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(pagesWalked).toBeGreaterThan(orgs.length); // some organisation needed more than one page
  // The filters meant something only if some woman was carried without a name, and some with.
  expect(orgs.some((o) => clients.some((c) => involved(o.id, c.id) && carriedUnnamed(o.id, c)))).toBe(true);
  expect(caseManagers.length).toBeGreaterThan(1);

  // A row comes back shaped as the entity: a reference as its id, a moment as a Date.
  const stapteamClient = clients.find((c) => c.team?.id === DEMO.stapteam && involved(DEMO.org.iriszorg, c.id))!;
  const [edge] = (await involvedClients(gw.orm.em.fork(), DEMO.org.iriszorg, { code: stapteamClient.code }, 1, null, day)).edges;
  expect(edge.node).toMatchObject({ id: stapteamClient.id, code: stapteamClient.code, status: stapteamClient.status, team: { id: DEMO.stapteam }, version: stapteamClient.version });
  expect(edge.node.createdAt).toEqual(stapteamClient.createdAt);
});

// Handovers, referrals and signals are listed the same way: for every organisation, direction and
// status, exactly the rows under clients the view has involved, newest first.
it('lists handovers, referrals and signals under exactly the clients the view has involved', async () => {
  const { orgs, view } = await pureInvolvement();
  const involved = involvedIn(view);
  const em = gw.orm.em.fork();
  const [handovers, referrals, signals] = await Promise.all([em.find(Handover, {}), em.find(Referral, {}), em.find(Signal, {})]);
  const newestFirst = <T extends { id: string }>(at: (row: T) => Date) => (a: T, b: T) => at(b).getTime() - at(a).getTime() || (a.id < b.id ? -1 : 1);
  const mismatches: string[] = [];
  const compare = (what: string, got: { id: string }[], expected: { id: string }[]) => {
    if (got.map((r) => r.id).join() !== expected.map((r) => r.id).join()) mismatches.push(`${what}: ${got.length} rows instead of ${expected.length}, or in another order`);
  };
  let nonEmpty = 0;
  for (const o of orgs) {
    const lists = gw.orm.em.fork();
    for (const status of [undefined, ...HANDOVER_STATUSES]) {
      for (const direction of ['INCOMING', 'OUTGOING'] as const) {
        const prop = direction === 'INCOMING' ? 'toOrganisation' : 'fromOrganisation';
        const got = await involvedRows(lists, Handover, o.id, { newest: 'proposedAt', atMost: NEWEST_AT_MOST, status: status && [status], where: { prop, equals: o.id } });
        const expected = handovers
          .filter((h) => involved(o.id, h.client.id) && h[prop]?.id === o.id && (!status || h.status === status))
          .sort(newestFirst((h) => h.proposedAt));
        compare(`${o.name} · handovers ${direction} ${status ?? 'any'}`, got, expected);
        nonEmpty += expected.length ? 1 : 0;
      }
    }
    for (const status of [undefined, ...REFERRAL_STATUSES]) {
      const got = await involvedRows(lists, Referral, o.id, { newest: 'createdAt', atMost: NEWEST_AT_MOST, status: status && [status] });
      const expected = referrals.filter((r) => involved(o.id, r.client.id) && (!status || r.status === status)).sort(newestFirst((r) => r.createdAt));
      compare(`${o.name} · referrals ${status ?? 'any'}`, got, expected);
      nonEmpty += expected.length ? 1 : 0;
    }
    for (const status of [undefined, ...SIGNAL_STATUSES]) {
      const got = await involvedRows(lists, Signal, o.id, { newest: 'raisedAt', atMost: NEWEST_AT_MOST, status: status && [status] });
      const expected = signals.filter((s) => involved(o.id, s.client.id) && (!status || s.status === status)).sort(newestFirst((s) => s.raisedAt));
      compare(`${o.name} · signals ${status ?? 'any'}`, got, expected);
      nonEmpty += expected.length ? 1 : 0;
    }
  }
  expect(mismatches).toEqual([]);
  expect(nonEmpty).toBeGreaterThan(10); // the comparison saw rows, not only empty lists
  expect(new Set(signals.map((s) => s.status)).size + new Set(referrals.map((r) => r.status)).size).toBeGreaterThan(2);
});
