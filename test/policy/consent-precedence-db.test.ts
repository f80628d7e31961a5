/**
 * Her consents, as the database holds them, against the oracle written from policy.md
 * (test/helpers/consent-precedence.ts) that the pure precedence matrix in decide.test.ts uses:
 * - the involvement view (`client_involvement`, `is_involved`, `policy_facts`) counts "a valid
 *   permitting consent … an objection never makes an organisation involved" (§1) exactly as policy.md
 *   does, for every single generated consent and every pair over what involvement depends on;
 * - what the gateway decides from the rows it loads (`ClientAccess`), and what `Client.access`
 *   tells a dashboard (basis, the consent that decided it, until), is what policy.md says for the
 *   same generated consents, and what the pure decide() says from the same facts.
 */
import { Client as PgClient } from 'pg';
import { DEMO } from '../../src/db/demo/seed';
import { Loaders } from '../../src/common/loaders';
import { AuditBuffer } from '../../src/modules/audit/audit-buffer';
import { ClientAccess } from '../../src/policy/access';
import { basisUntilOf, clientFactsOf, decide, involvementOf, type ConsentFact, type InvolvementFacts } from '../../src/policy/decide';
import { CATEGORIES, ROLE_CAPS, ROLE_PURPOSES, type Category, type Role } from '../../src/policy/tables';
import type { Actor } from '../../src/auth/actor';
import { allSpecs, consentOf, describeSpec, involvedByConsent, oracle, seeded, STATES, type ConsentSpec, type World } from '../helpers/consent-precedence';
import { startGateway, type TestGateway } from '../helpers/gateway';

const CALLER_EMAIL = 'casemanager@legerdesheils.example';
const ORG = DEMO.org.legerDesHeils; // a CARE_PROVIDER
const SAME_KIND = DEMO.org.iriszorg; // another CARE_PROVIDER: named alone, it is "another organisation"

let gw: TestGateway;
let recorderId: string;
beforeAll(async () => {
  gw = await startGateway();
  const [row] = await gw.orm.em.fork().getConnection().execute<{ id: string }[]>('select id from professional where email = ?', [CALLER_EMAIL]);
  recorderId = row.id;
});
afterAll(() => gw.close());

const worldAt = (now: Date): World => ({
  caller: { organisationId: ORG, organisationKind: 'CARE_PROVIDER', role: 'CASE_MANAGER' },
  otherOrganisationId: SAME_KIND,
  otherKind: 'MUNICIPALITY',
  aboutCategory: 'HEALTH',
  anotherCategory: 'HOUSING',
  now,
});

const idOf = (group: number, n: number) => `00000000-0000-4000-9${group.toString(16).padStart(3, '0')}-${n.toString().padStart(12, '0')}`;

interface Case {
  clientId: string;
  specs: ConsentSpec[];
  consents: ConsentFact[];
}

/** Cases of one to three consents each, a client of her own per case, ids stable from run to run. */
function casesOf(group: number, sets: ConsentSpec[][], w: World): Case[] {
  let next = 0;
  return sets.map((specs, n) => ({ clientId: idOf(group, n), specs, consents: specs.map((s) => consentOf(s, idOf(group + 1, next++), w)) }));
}

/**
 * Inserts the cases' clients and consents, every instant as an offset from the database's `now()`
 * (so a consent that runs until "exactly now" does so in the database's clock, in the same statement).
 */
async function insert(query: (sql: string, params: unknown[]) => Promise<unknown>, cases: Case[], w: World): Promise<void> {
  const ms = (d: Date | null) => (d === null ? null : d.getTime() - w.now.getTime());
  await query(
    `insert into client (id, code, municipality_id) select id, 'GEN-' || id::text, $2 from unnest($1::uuid[]) as t(id)`,
    [cases.map((c) => c.clientId), DEMO.org.nijmegen],
  );
  const rows = cases.flatMap((c) => c.consents.map((k) => ({ ...k, clientId: c.clientId })));
  await query(
    `insert into consent (id, client_id, effect, organisation_id, organisation_kind, categories, purpose, valid_from, valid_until, revoked_at, revocation_reason, recorded_by_id)
     select id, client_id, effect, organisation_id, organisation_kind, case when categories is null then null else string_to_array(categories, ',') end, purpose,
            now() + valid_from * interval '1 millisecond', now() + valid_until * interval '1 millisecond',
            now() + revoked_at * interval '1 millisecond', case when revoked_at is null then null else 'generated' end, $11
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::float8[])
         as t(id, client_id, effect, organisation_id, organisation_kind, categories, purpose, valid_from, valid_until, revoked_at)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.clientId),
      rows.map((r) => r.effect),
      rows.map((r) => r.organisationId),
      rows.map((r) => r.organisationKind),
      rows.map((r) => (r.categories === null ? null : r.categories.join(','))),
      rows.map((r) => r.purpose),
      rows.map((r) => ms(r.validFrom)),
      rows.map((r) => ms(r.validUntil)),
      rows.map((r) => ms(r.revokedAt)),
      recorderId,
    ],
  );
}

const describeCase = (c: Case) => c.specs.map(describeSpec).join(' + ');

/** Her consents as the only facts: she is on no team, nothing is handed over or referred. */
const byConsentsAlone = (consents: readonly ConsentFact[]): InvolvementFacts => ({
  activeAssignments: [],
  teamMemberOrganisationIds: [],
  openHandoverToOrganisationIds: [],
  openReferralByOrganisationIds: [],
  consents,
  breakGlass: [],
});

it('counts a valid permission naming the organisation, and nothing else of hers, as involvement, until it ends — for every generated consent and pair', async () => {
  // What involvement depends on (§1): effect, grantee and state. Every single consent over all the
  // dimensions, and every pair of those three (categories and purpose varied by a seeded choice).
  const specs = allSpecs('CASE_MANAGER');
  const random = seeded(0x1a7e);
  const classes = specs.filter((s) => s.categories === 'exactly the asked' && s.purpose === (s.effect === 'PERMIT' ? 'served' : 'none'));
  const vary = (s: ConsentSpec): ConsentSpec => {
    const like = specs.filter((o) => o.effect === s.effect && o.grantee === s.grantee && o.state === s.state);
    return like[Math.floor(random() * like.length)];
  };
  const sets = [...specs.map((s) => [s]), ...classes.flatMap((a, i) => classes.slice(i).map((b) => [vary(a), vary(b)]))];
  expect(classes).toHaveLength(2 * 4 * STATES.length);

  const pg = new PgClient({ connectionString: gw.config.databaseUrl });
  await pg.connect();
  try {
    // One transaction: `now()` stands still in it, so "expired at exactly now" is exactly now. Rolled back.
    await pg.query('begin');
    const { rows: at } = await pg.query<{ now: Date }>('select now()');
    const w = worldAt(at[0].now);
    const cases = casesOf(0x10, sets, w);
    await insert((sql, params) => pg.query(sql, params as unknown[]), cases, w);
    const ids = cases.map((c) => c.clientId);
    const mismatches: string[] = [];
    for (const organisation of [ORG, SAME_KIND]) {
      const { rows: view } = await pg.query<{ client_id: string }>(`select client_id from client_involvement where organisation_id = $1 and client_id = any($2::uuid[])`, [organisation, ids]);
      const { rows: lookups } = await pg.query<{ id: string; involved: boolean }>(`select id, is_involved($1, id) as involved from unnest($2::uuid[]) as t(id)`, [organisation, ids]);
      const { rows: facts } = await pg.query<{ client_id: string; basis: string | null; basis_until_ms: number | null }>(
        `select client_id, basis, basis_until_ms from policy_facts($1, $2::uuid[], now())`,
        [organisation, ids],
      );
      for (const c of cases) {
        const policy = involvedByConsent(organisation, c.consents, w.now);
        const pure = involvementOf(organisation, byConsentsAlone(c.consents), w.now).length > 0;
        const inView = view.some((v) => v.client_id === c.clientId);
        const byLookup = lookups.find((l) => l.id === c.clientId)!.involved;
        const fact = facts.find((f) => f.client_id === c.clientId && f.basis !== null);
        const inFacts = fact !== undefined;
        if ([pure, inView, byLookup, inFacts].some((x) => x !== policy)) {
          mismatches.push(`${organisation === ORG ? 'caller' : 'other organisation'} · ${describeCase(c)}: policy ${policy}, involvementOf ${pure}, view ${inView}, is_involved ${byLookup}, policy_facts ${inFacts}`);
        }
        // Her consents' instants are the database's now() plus whole milliseconds: the end it tells, to the millisecond.
        const ends = fact?.basis_until_ms == null ? null : new Date(fact.basis_until_ms).getTime();
        const pureEnds = inFacts ? (basisUntilOf(organisation, byConsentsAlone(c.consents), w.now)?.getTime() ?? null) : null;
        if (ends !== pureEnds) mismatches.push(`${organisation === ORG ? 'caller' : 'other organisation'} · ${describeCase(c)}: basis held until ${ends} by policy_facts, ${pureEnds} by basisUntilOf`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The comparison means something only if both answers occurred.
    expect(new Set(cases.map((c) => involvedByConsent(ORG, c.consents, w.now)))).toEqual(new Set([true, false]));
  } finally {
    await pg.query('rollback').catch(() => undefined);
    await pg.end();
  }
});

describe('what the gateway decides and tells from her stored consents', () => {
  // Committed rows, read at the gateway's own "now" (a request's): "expired at exactly now" cannot
  // stand still across requests and is left to the transaction above and the pure matrix.
  const STATES_HERE = STATES.filter((s) => s !== 'expired at exactly now');
  const ASKED: Category[] = ['BASIC', 'IDENTITY', 'HEALTH', 'SEX_WORK'];
  let cases: Case[];

  beforeAll(async () => {
    const specs = allSpecs('CASE_MANAGER', STATES_HERE);
    const random = seeded(0x5eed);
    const pick = () => specs[Math.floor(random() * specs.length)];
    const sets = [
      ...specs.map((s) => [s]),
      ...Array.from({ length: 1500 }, () => [pick(), pick()]),
      ...Array.from({ length: 500 }, () => [pick(), pick(), pick()]),
    ];
    const pg = new PgClient({ connectionString: gw.config.databaseUrl });
    await pg.connect();
    try {
      const { rows: at } = await pg.query<{ now: Date }>('select now()');
      const w = worldAt(at[0].now);
      cases = casesOf(0x20, sets, w);
      await pg.query('begin');
      await insert((sql, params) => pg.query(sql, params as unknown[]), cases, w);
      await pg.query('commit');
      // Her consents as stored, instants in the database's clock: what the gateway will load.
      const { rows } = await pg.query<{ id: string; valid_from: Date; valid_until: Date | null; revoked_at: Date | null }>(
        'select id, valid_from, valid_until, revoked_at from consent where client_id = any($1::uuid[])',
        [cases.map((c) => c.clientId)],
      );
      const stored = new Map(rows.map((r) => [r.id, r]));
      expect(stored.size).toBe(cases.reduce((n, c) => n + c.consents.length, 0));
      cases = cases.map((c) => ({
        ...c,
        consents: c.consents.map((k) => ({ ...k, validFrom: stored.get(k.id)!.valid_from, validUntil: stored.get(k.id)!.valid_until, revokedAt: stored.get(k.id)!.revoked_at })),
      }));
    } finally {
      await pg.end();
    }
  });

  it('decides, for every role, from the rows it loads what policy.md says of her consents', async () => {
    const roles = (Object.keys(ROLE_CAPS) as Role[]).filter((r) => ROLE_PURPOSES[r].length > 0);
    const mismatches: string[] = [];
    for (const role of roles) {
      const actor: Actor = { professionalId: recorderId, organisationId: ORG, organisationKind: 'CARE_PROVIDER', roles: [role], name: 'test', email: CALLER_EMAIL, municipalityId: DEMO.org.nijmegen, teamIds: [] };
      const now = new Date();
      const access = new ClientAccess(actor, new Loaders(gw.orm.em.fork()), now, new AuditBuffer(actor, { requestId: 'test', networkAddress: null, application: null, traceId: 't', spanId: 's', parentSpanId: null }));
      for (const category of ASKED) {
        const loaded = await Promise.all(cases.map((c) => access.decide(c.clientId, category)));
        cases.forEach((c, i) => {
          const got = loaded[i];
          const want = oracle({ organisationId: ORG, organisationKind: 'CARE_PROVIDER', role }, category, c.consents, now, false);
          const agrees =
            got.granted === want.granted &&
            (got.granted ? got.basis === want.basis : got.reason === want.reason) &&
            (want.decidedBy.length === 0 ? got.consentId === undefined : got.consentId !== undefined && want.decidedBy.includes(got.consentId));
          const pure = decide(actor, clientFactsOf(ORG, byConsentsAlone(c.consents), now), category, now);
          if (!agrees || JSON.stringify(got) !== JSON.stringify(pure)) {
            mismatches.push(`${role} asks ${category} · ${describeCase(c)}: gateway ${JSON.stringify(got)}, pure ${JSON.stringify(pure)}, policy ${JSON.stringify(want)}`);
          }
        });
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('tells a dashboard in Client.access what policy.md says: granted or why not, the basis, the consent that decided it, until when', async () => {
    const caller = await gw.as(CALLER_EMAIL);
    const mismatches: string[] = [];
    let involved = 0;
    // Ten lookups a request: within the gateway's alias limit (LIMIT_ALIASES, default 15).
    for (let from = 0; from < cases.length; from += 10) {
      const batch = cases.slice(from, from + 10);
      const document = `query { ${batch.map((c, i) => `c${i}: client(id: "${c.clientId}") { access { category granted basis decidedBy until reason } }`).join(' ')} }`;
      const res = await caller.query<Record<string, { access: { category: Category; granted: boolean; basis: string | null; decidedBy: string | null; until: string | null; reason: string | null }[] } | null>>(document);
      expect(res.body.errors).toBeUndefined();
      const now = new Date();
      batch.forEach((c, i) => {
        const shown = res.body.data![`c${i}`];
        const knows = oracle({ organisationId: ORG, organisationKind: 'CARE_PROVIDER', role: 'CASE_MANAGER' }, 'BASIC', c.consents, now, false).involved;
        if (!knows) {
          if (shown !== null) mismatches.push(`${describeCase(c)}: she is shown to an organisation not involved with her`);
          return;
        }
        involved++;
        if (shown === null) return void mismatches.push(`${describeCase(c)}: she is hidden from an organisation involved with her`);
        for (const category of CATEGORIES) {
          const a = shown.access.find((x) => x.category === category)!;
          const want = oracle({ organisationId: ORG, organisationKind: 'CARE_PROVIDER', role: 'CASE_MANAGER' }, category, c.consents, now, false);
          const pure = decide({ professionalId: recorderId, organisationId: ORG, organisationKind: 'CARE_PROVIDER', roles: ['CASE_MANAGER'] }, clientFactsOf(ORG, byConsentsAlone(c.consents), now), category, now);
          const agrees =
            a.granted === want.granted &&
            a.basis === (want.granted ? want.basis : null) &&
            a.reason === (want.granted ? null : want.reason) &&
            (want.decidedBy.length === 0 ? a.decidedBy === null : a.decidedBy !== null && want.decidedBy.includes(a.decidedBy)) &&
            (a.until === null ? null : new Date(a.until).getTime()) === (pure.granted && pure.until ? pure.until.getTime() : null);
          if (!agrees) mismatches.push(`${category} · ${describeCase(c)}: access ${JSON.stringify(a)}, policy ${JSON.stringify(want)}, pure until ${pure.granted ? pure.until?.toISOString() : '-'}`);
        }
      });
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The comparison means something only if she was shown, and hidden, in some of the cases.
    expect(involved).toBeGreaterThan(0);
    expect(involved).toBeLessThan(cases.length);
  });
});
