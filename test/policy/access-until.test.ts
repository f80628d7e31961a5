/**
 * `Client.access` tells a dashboard until when each category stays open to the caller, so it can
 * tell a professional how long she may count on seeing it. That moment can come no later than the
 * end of what opens the category (a consent, a break-glass grant) nor than the end of her
 * organisation's involvement with the client (policy §1) — the latest end among its bases, none
 * where one has no end recorded. Each case is a woman of her own, on no team unless it says so.
 */
import { DEMO } from '../../src/db/demo/seed';
import type { Category } from '../../src/policy/tables';
import { sql } from '../helpers/audit';
import { startGateway, type TestGateway } from '../helpers/gateway';

const HOLDER = 'casemanager2@legerdesheils.example';
const CALLER = 'casemanager@legerdesheils.example';
const WIJKTEAM = 'casemanager@wijkteam.example';
const YEAR = '1 year';

let gw: TestGateway;
let recorderId: string;
let clients = 0;
beforeAll(async () => {
  gw = await startGateway();
  [{ id: recorderId }] = await sql<{ id: string }[]>(gw, 'select id from professional where email = ?', [CALLER]);
});
afterAll(() => gw.close());

async function newClient(team: string | null = null): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>(gw, 'insert into client (code, municipality_id, team_id) values (?, ?, ?) returning id', [
    `UNTIL-${++clients}`,
    DEMO.org.nijmegen,
    team,
  ]);
  return id;
}

type Grantee = { organisationId: string } | { organisationKind: string };

/** A permission for care, from `from` ago (or ahead, negative) for `runsFor` from now (null: until revoked); answers its end. */
async function permit(clientId: string, grantee: Grantee, runsFor: string | null, categories: Category[] | null = null, from = '-1 day'): Promise<Date | null> {
  const [{ valid_until }] = await sql<{ valid_until: string | null }[]>(
    gw,
    `insert into consent (client_id, effect, organisation_id, organisation_kind, categories, purpose, valid_from, valid_until, recorded_by_id)
     values (?, 'PERMIT', ?, ?, ?::text[], 'CARE', now() + ?::interval, now() + ?::interval, ?) returning valid_until`,
    [
      clientId,
      'organisationId' in grantee ? grantee.organisationId : null,
      'organisationKind' in grantee ? grantee.organisationKind : null,
      categories && `{${categories.join(',')}}`,
      from,
      runsFor,
      recorderId,
    ],
  );
  return valid_until === null ? null : new Date(valid_until);
}

/** An assignment of her to `organisationId` that ran from ten days ago and runs through the chain's day `lastDay` days ahead; answers when it ends. */
async function assignUntil(clientId: string, organisationId: string, lastDay: number): Promise<Date> {
  const [{ ends }] = await sql<{ ends: string }[]>(
    gw,
    `with a as (insert into case_assignment (client_id, organisation_id, started_on, ended_on) values (?, ?, chain_today() - 10, chain_today() + ?::int) returning ended_on)
     select chain_day_start(ended_on + 1) as ends from a`,
    [clientId, organisationId, lastDay],
  );
  return new Date(ends);
}

async function breakGlass(email: string, clientId: string): Promise<Date> {
  const res = await (await gw.as(email)).query('mutation ($id: ID!) { breakGlass(clientId: $id, reason: "Found unwell on the zone; the ambulance asks") { expiresAt } }', { id: clientId });
  expect(res.body.errors).toBeUndefined();
  return new Date(res.body.data.breakGlass.expiresAt);
}

type Shown = { granted: boolean; basis: string | null; until: number | null };

/** What `Client.access` tells `email` of her, per category; `until` in milliseconds. */
async function accessOf(email: string, clientId: string): Promise<Record<Category, Shown>> {
  const res = await (await gw.as(email)).query('query ($id: ID!) { client(id: $id) { access { category granted basis until } } }', { id: clientId });
  expect(res.body.errors).toBeUndefined();
  const access: (Shown & { category: Category; until: string | null })[] = res.body.data.client.access;
  return Object.fromEntries(access.map(({ category, granted, basis, until }) => [category, { granted, basis, until: until === null ? null : new Date(until).getTime() }])) as Record<Category, Shown>;
}

const shown = (basis: string, until: Date | null): Shown => ({ granted: true, basis, until: until?.getTime() ?? null });

it('ends with the break-glass grant her organisation knows her through, not with a permission for its kind that runs a year', async () => {
  const clientId = await newClient();
  await permit(clientId, { organisationKind: 'CARE_PROVIDER' }, YEAR);
  const expires = await breakGlass(HOLDER, clientId);

  // A colleague sees her on the holder's grant: her BASIC data on it, the rest on the permission —
  // for as long as the grant makes her organisation involved.
  const colleague = await accessOf(CALLER, clientId);
  expect(colleague).toMatchObject({ BASIC: shown('BREAK_GLASS', expires), IDENTITY: shown('CONSENT', expires), HEALTH: shown('CONSENT', expires) });
  expect((await accessOf(HOLDER, clientId)).HEALTH).toEqual(shown('BREAK_GLASS', expires));
});

it('ends with her case assignment where that is what involves the organisation', async () => {
  const clientId = await newClient();
  await permit(clientId, { organisationKind: 'CARE_PROVIDER' }, YEAR);
  const ends = await assignUntil(clientId, DEMO.org.legerDesHeils, 2);
  expect(await accessOf(CALLER, clientId)).toMatchObject({ BASIC: shown('INVOLVEMENT', ends), HEALTH: shown('CONSENT', ends) });
});

it('ends with the latest-ending basis of involvement: an assignment that outlasts a break-glass grant', async () => {
  const clientId = await newClient();
  await permit(clientId, { organisationKind: 'CARE_PROVIDER' }, YEAR);
  const ends = await assignUntil(clientId, DEMO.org.legerDesHeils, 3);
  const expires = await breakGlass(HOLDER, clientId);
  expect(await accessOf(HOLDER, clientId)).toMatchObject({ BASIC: shown('INVOLVEMENT', ends), HEALTH: shown('BREAK_GLASS', expires) });
  expect((await accessOf(CALLER, clientId)).HEALTH).toEqual(shown('CONSENT', ends));
});

it('ends with the permission naming the organisation, though one for its kind runs longer', async () => {
  const clientId = await newClient();
  await permit(clientId, { organisationKind: 'CARE_PROVIDER' }, YEAR);
  const ends = await permit(clientId, { organisationId: DEMO.org.legerDesHeils }, '10 days', ['IDENTITY']);
  expect(await accessOf(CALLER, clientId)).toMatchObject({ BASIC: shown('INVOLVEMENT', ends), IDENTITY: shown('CONSENT', ends), HEALTH: shown('CONSENT', ends) });
});

it('runs on where a permission naming the organisation, already recorded, takes over before the first ends', async () => {
  const clientId = await newClient();
  await permit(clientId, { organisationKind: 'CARE_PROVIDER' }, YEAR);
  await permit(clientId, { organisationId: DEMO.org.legerDesHeils }, '10 days', ['IDENTITY']);
  const renewed = await permit(clientId, { organisationId: DEMO.org.legerDesHeils }, '60 days', ['IDENTITY'], '5 days');
  expect(await accessOf(CALLER, clientId)).toMatchObject({ BASIC: shown('INVOLVEMENT', renewed), IDENTITY: shown('CONSENT', renewed), HEALTH: shown('CONSENT', renewed) });
});

it('ends with the permission where her team involves the organisation with no end', async () => {
  const clientId = await newClient(DEMO.stapteam);
  const ends = await permit(clientId, { organisationId: DEMO.org.legerDesHeils }, '30 days');
  expect(await accessOf(CALLER, clientId)).toMatchObject({ BASIC: shown('INVOLVEMENT', null), HEALTH: shown('CONSENT', ends) });
});

// A handover is open until the receiving organisation answers it, at a moment nothing records, as
// nothing records when she will revoke a permission "until revoked": neither has an end to tell.
it('tells no end for an open handover, and the permission’s end for what it opens', async () => {
  const clientId = await newClient();
  const ends = await permit(clientId, { organisationKind: 'REGULAR_CARE' }, YEAR);
  await sql(
    gw,
    `insert into handover (client_id, from_organisation_id, to_organisation_id, destination, proposed_by_id) values (?, ?, ?, 'REGULAR_CARE', ?)`,
    [clientId, DEMO.org.legerDesHeils, DEMO.org.wijkteam, recorderId],
  );
  expect(await accessOf(WIJKTEAM, clientId)).toMatchObject({ BASIC: shown('INVOLVEMENT', null), HEALTH: shown('CONSENT', ends) });
});
