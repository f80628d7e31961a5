/**
 * What the benchmark asks, once as the dashboards ask the gateway and once as hand-written SQL
 * (the physical limit: the same rows, serialised to the same JSON, with nothing in between).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { REPO_ROOT } from '../src/common/paths';
import { addDays, today } from '../src/common/scalars';
import { DEMO } from '../src/db/demo/seed';

export const BENCH_PERSONA = 'casemanager@iriszorg.example';
const operation = (file: string) => fs.readFileSync(path.join(REPO_ROOT, 'operations', file), 'utf8');

export const PAGE = `query DashboardPage($first: Int!) { clients(first: $first) { totalCount edges { node {
  id code status identity { name dateOfBirth } caseManagers { name }
  consents { effect categories state organisation { name } }
  trajectories { kind startedOn endedOn provider { name } }
  handovers { destination status toOrganisation { name } } } } } }`;

export const DETAIL = `query ClientDetail($id: ID!) { client(id: $id) {
  id code status access { category granted basis until }
  identity { name dateOfBirth } contact { phone } housing { situation }
  caseManagers { name } consents { effect categories state organisation { name } }
  trajectories { kind startedOn endedOn outcome provider { name } }
  handovers { destination status toOrganisation { name } } activity { day minutes } } }`;

export interface Scenario {
  name: string;
  persona: string;
  /** One body per request, taken round-robin: a mix when more than one. */
  bodies(ids: string[]): { query: string; variables: Record<string, unknown> }[];
  /** The physical limit's answer to the same body, or none where no fair equivalent exists. */
  physical?: (pg: Pool, variables: Record<string, unknown>, actor: { organisationId: string; professionalId: string }) => Promise<unknown>;
  /**
   * The physical limit answers the gateway's data, checked before either is measured (bench/run.ts):
   * the same, but for what the gateway withholds (a field it answers null with FORBIDDEN) and the
   * fields named here, which only the policy can answer. Absent for writes, whose rows are new each time.
   */
  sameAnswer?: { gatewayOnly: string[] };
}

/**
 * Her involvement as the gateway asks it (src/modules/clients/involved-clients.ts): for a list, the
 * organisation's clients read once as an array; for one client, a probe of the view by her id.
 */
const involvedList = `c.id = any(array(select ci.client_id from client_involvement ci where ci.organisation_id = $1))`;
const involvedOne = `exists (select 1 from client_involvement ci where ci.client_id = c.id and ci.organisation_id = $1)`;

/** The relations a page and a detail both ask, in the gateway's order; the detail asks a trajectory's outcome too. */
const relations = (outcome = false) => `
  (select coalesce(json_agg(json_build_object('name', p.name) order by a.started_on, a.id), '[]') from case_assignment a join professional p on p.id = a.professional_id and p.active
     where a.client_id = c.id and a.started_on <= chain_today() and (a.ended_on is null or a.ended_on >= chain_today())) as "caseManagers",
  (select coalesce(json_agg(json_build_object('effect', k.effect, 'categories', k.categories, 'state', case when k.revoked_at is not null then 'REVOKED' else 'ACTIVE' end,
          'organisation', case when o.id is null then null else json_build_object('name', o.name) end) order by k.valid_from desc, k.id), '[]')
     from consent k left join organisation o on o.id = k.organisation_id where k.client_id = c.id) as consents,
  (select coalesce(json_agg(json_build_object('kind', t.kind, 'startedOn', t.started_on, 'endedOn', t.ended_on${outcome ? ", 'outcome', t.outcome" : ''}, 'provider', json_build_object('name', o.name)) order by t.started_on desc, t.id), '[]')
     from trajectory t join organisation o on o.id = t.provider_id where t.client_id = c.id) as trajectories,
  (select coalesce(json_agg(json_build_object('destination', h.destination, 'status', h.status, 'toOrganisation', case when o.id is null then null else json_build_object('name', o.name) end) order by h.proposed_at desc, h.id), '[]')
     from handover h left join organisation o on o.id = h.to_organisation_id where h.client_id = c.id) as handovers`;

/**
 * The mix logs its hours on each of the last 364 days in turn (a run that passes midnight stays
 * within the year a day may be recorded in), a minute each. A professional's day holds at most 24
 * hours, and the thousands of entries a run sends as one professional would fill today within
 * seconds; the rest would be refused, with HTTP 200, and measured as if logged. A full run at one
 * scale sends some 25,000 of them, all servers together (bench/RESULTS.md): ~70 minutes a day,
 * beside the 720 the demo chain already logs of hers on a Monday.
 */
const MIX_DAYS = 364;
const MIX_MINUTES = 1;

export const SCENARIOS: Scenario[] = [
  {
    name: 'dashboard page (50)',
    persona: BENCH_PERSONA,
    bodies: () => [{ query: PAGE, variables: { first: 50 } }],
    sameAnswer: { gatewayOnly: [] },
    async physical(pg, v, actor) {
      const { rows } = await pg.query(
        `with page as (select c.*, count(*) over () as total from client c where ${involvedList} order by c.code limit $2)
         select c.id, c.code, c.status, json_build_object('name', r.name, 'dateOfBirth', r.date_of_birth) as identity, ${relations()}, c.total
           from page c left join client_record r on r.client_id = c.id order by c.code`,
        [actor.organisationId, v.first],
      );
      const totalCount = Number(rows[0]?.total ?? 0);
      return { data: { clients: { totalCount, edges: rows.map(({ total: _total, ...node }) => ({ node })) } } };
    },
  },
  {
    name: 'dashboard page (10)',
    persona: BENCH_PERSONA,
    bodies: () => [{ query: PAGE, variables: { first: 10 } }],
  },
  {
    name: 'client detail',
    persona: BENCH_PERSONA,
    bodies: (ids) => ids.map((id) => ({ query: DETAIL, variables: { id } })),
    sameAnswer: { gatewayOnly: ['access'] },
    async physical(pg, v, actor) {
      const { rows } = await pg.query(
        `select c.id, c.code, c.status, json_build_object('name', r.name, 'dateOfBirth', r.date_of_birth) as identity,
                json_build_object('phone', r.phone) as contact, json_build_object('situation', r.housing_situation) as housing, ${relations(true)},
                (select coalesce(json_agg(json_build_object('day', l.day, 'minutes', l.minutes) order by l.day desc, l.id), '[]')
                   from activity_log l where l.client_id = c.id and l.day >= chain_today() - 90) as activity
           from client c left join client_record r on r.client_id = c.id where c.id = $2 and ${involvedOne}`,
        [actor.organisationId, v.id],
      );
      return { data: { client: rows[0] ?? null } };
    },
  },
  {
    name: 'handover inbox',
    // The dataset proposes handovers from a team's first organisation to its second: in the
    // Stapteam, from Iriszorg to Leger des Heils. The inbox's own list: without the notes, with what
    // each client shares (`access`, which only the policy can answer), from which the dashboard asks
    // for the notes it may read.
    persona: 'casemanager@legerdesheils.example',
    bodies: () => [{ query: operation('dashboard/inbox-handovers.graphql'), variables: { direction: 'INCOMING', status: ['PROPOSED'] } }],
    sameAnswer: { gatewayOnly: ['access'] },
    async physical(pg, _v, actor) {
      const { rows } = await pg.query(
        `select h.id, h.destination, h.status, h.version, h.notes_category as "notesCategory", h.proposed_at as "proposedAt",
                h.decided_at as "decidedAt", h.completed_at as "completedAt",
                json_build_object('id', f.id, 'name', f.name) as "fromOrganisation", json_build_object('id', t.id, 'name', t.name) as "toOrganisation",
                json_build_object('id', c.id, 'code', c.code, 'status', c.status) as client
           from handover h join organisation f on f.id = h.from_organisation_id join organisation t on t.id = h.to_organisation_id
           join client c on c.id = h.client_id
          where h.to_organisation_id = $1 and h.status = 'PROPOSED' order by h.proposed_at desc, h.id`,
        [actor.organisationId],
      );
      return { data: { handovers: rows } };
    },
  },
  {
    name: 'monitoring, one year',
    persona: 'policy@nijmegen.example',
    bodies: () => [{ query: operation('playground/03-monitoring.graphql'), variables: { municipalityId: DEMO.org.nijmegen, from: '2024-01-01', to: '2024-12-31' } }],
  },
  {
    name: 'mutation mix',
    persona: BENCH_PERSONA,
    bodies: (ids) =>
      Array.from({ length: MIX_DAYS }, (_, i) => ids[i % ids.length]).flatMap((clientId, i) => [
        { query: operation('activity/log-activity.graphql'), variables: { input: { clientId, day: addDays(today(), -i), minutes: MIX_MINUTES } } },
        {
          query: operation('consents/record-consent.graphql'),
          variables: { input: { clientId, effect: 'PERMIT', organisationId: DEMO.org.zvh, purpose: 'CARE_COORDINATION', categories: ['HOUSING'] } },
        },
      ]),
    async physical(pg, v, actor) {
      const input = v.input as Record<string, unknown>;
      if ('minutes' in input) {
        const { rows } = await pg.query(
          `insert into activity_log (client_id, professional_id, day, minutes) values ($1, $2, $3, $4) returning id, day, minutes`,
          [input.clientId, actor.professionalId, input.day, input.minutes],
        );
        return { data: { logActivity: rows[0] } };
      }
      const { rows } = await pg.query(
        `insert into consent (client_id, effect, organisation_id, categories, purpose, valid_from, recorded_by_id)
           values ($1, $2, $3, $4, $5, now(), $6) returning id, effect, categories, purpose, version`,
        [input.clientId, input.effect, input.organisationId, input.categories, input.purpose, actor.professionalId],
      );
      return { data: { recordConsent: rows[0] } };
    },
  },
];
