/**
 * The policy matrix end to end: every role × category × consent state × involvement, generated
 * from the policy tables, asked through HTTP with each role's real token. A field is either its
 * true value (granted) or null with FORBIDDEN and the policy's reason; a client the caller's
 * organisation is not involved with is simply not there. What hangs under her in a category its
 * writer chose answers as that category's field: here the reasons she gave for revoking consents.
 */
import { BreakGlassGrant } from '../../src/modules/break-glass/break-glass-grant.entity';
import { CaseAssignment } from '../../src/modules/clients/case-assignment.entity';
import { ClientRecord } from '../../src/modules/clients/client-record.entity';
import { Client } from '../../src/modules/clients/client.entity';
import { Consent } from '../../src/modules/consents/consent.entity';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { Professional } from '../../src/modules/organisations/professional.entity';
import { ZoneRegistration } from '../../src/modules/zone-registrations/zone-registration.entity';
import { DEMO } from '../../src/db/demo/seed';
import { demoSubject } from '../../src/db/demo/personas';
import { BREAK_GLASS_ROLES, CATEGORIES, ROLES, type Category, type Role } from '../../src/policy/tables';
import { startGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { CONSENT_STATES, INVOLVEMENTS, consentFor, expected, type ConsentState, type Involvement } from '../helpers/policy-matrix';

/** What each category's field is called, and how to read its value from the response. */
const FIELD: Record<Category, { selection: string; value: (c: Record<string, any>) => unknown; truth: (r: ClientRecord, code: string) => unknown }> = {
  BASIC: { selection: 'code', value: (c) => c.code, truth: (_r, code) => code },
  IDENTITY: { selection: 'identity { name }', value: (c) => c.identity?.name ?? null, truth: (r) => r.name },
  CONTACT: { selection: 'contact { phone }', value: (c) => c.contact?.phone ?? null, truth: (r) => r.phone },
  HEALTH: { selection: 'health { summary }', value: (c) => c.health?.summary ?? null, truth: (r) => r.healthSummary },
  ADDICTION: { selection: 'addiction { substanceUse }', value: (c) => c.addiction?.substanceUse ?? null, truth: (r) => r.substanceUse },
  HOUSING: { selection: 'housing { situation }', value: (c) => c.housing?.situation ?? null, truth: (r) => r.housingSituation },
  JUSTICE: { selection: 'justice { involvement }', value: (c) => c.justice?.involvement ?? null, truth: (r) => r.justiceInvolvement },
  FINANCE: { selection: 'finance { income }', value: (c) => c.finance?.income ?? null, truth: (r) => r.income },
  SEX_WORK: { selection: 'zoneRegistration { number }', value: (c) => c.zoneRegistration?.number ?? null, truth: (_r, code) => `TZ-M-${code}` },
};
const ROOT_FIELD: Record<Category, string> = {
  BASIC: 'code', IDENTITY: 'identity', CONTACT: 'contact', HEALTH: 'health', ADDICTION: 'addiction', HOUSING: 'housing', JUSTICE: 'justice', FINANCE: 'finance', SEX_WORK: 'zoneRegistration',
};

/** Her consents are read by her case managers and procesregie only (src/modules/consents/consent.rules.ts). */
const READS_HER_CONSENTS: readonly Role[] = ['CASE_MANAGER', 'PROCESS_DIRECTOR'];

/** A revoked consent's reason, and the category its writer gave it (null: recorded before one was asked). */
interface Reason {
  consent: Consent;
  category: Category | null;
  text: string;
}

interface Cell {
  role: Role;
  state: ConsentState;
  involvement: Involvement;
  clientId: string;
  code: string;
  record: ClientRecord;
  reasons: Reason[];
}

const emailOf = (role: Role) => `matrix-${role.toLowerCase().replace(/_/g, '-')}@matrix.example`;

let gw: TestGateway;
const cells: Cell[] = [];

beforeAll(async () => {
  // One document reads every client at once, far past what a dashboard may send (test/hardening/).
  gw = await startGateway({ LIMIT_ALIASES: '1000', LIMIT_DEPTH: '20', LIMIT_TOKENS: '100000', LIMIT_COST: '10000000' });
  const em = gw.orm.em.fork();
  const nijmegen = await em.findOneOrFail(Organisation, DEMO.org.nijmegen);
  const org = em.create(Organisation, { name: 'Matrix Zorg', kind: 'CARE_PROVIDER', municipality: nijmegen });
  const other = em.create(Organisation, { name: 'Matrix Elders', kind: 'CARE_PROVIDER', municipality: nijmegen });
  const pros = Object.fromEntries(
    ROLES.map((role) => [role, em.create(Professional, { name: `Matrix ${role}`, email: emailOf(role), subject: demoSubject(emailOf(role)), organisation: org, roles: [role] })]),
  ) as Record<Role, Professional>;
  await em.flush();
  let n = 0;
  for (const role of ROLES) {
    for (const state of CONSENT_STATES) {
      for (const involvement of INVOLVEMENTS) {
        n++;
        const code = `M-${String(n).padStart(3, '0')}`;
        const client = em.create(Client, { code, status: 'ACTIVE', municipality: nijmegen });
        const record = em.create(ClientRecord, {
          client,
          name: `Matrix client ${n}`,
          phone: `06-${n}`,
          healthSummary: `health ${n}`,
          substanceUse: `use ${n}`,
          housingSituation: `housing ${n}`,
          justiceInvolvement: `justice ${n}`,
          income: `income ${n}`,
        });
        em.create(ZoneRegistration, { client, municipality: nijmegen, number: `TZ-M-${code}`, issuedOn: '2024-01-01', issuedBy: pros.PERMIT_OFFICER });
        const reasons: Reason[] = [];
        for (const fact of consentFor(state, role, org.id, other.id, new Date())) {
          const { id: _id, organisationId, ...rest } = fact;
          const consent = em.create(Consent, {
            ...rest,
            client,
            organisation: organisationId === org.id ? org : other,
            organisationKind: null,
            categories: null,
            legalBasis: 'CONSENT',
            revocationReason: rest.revokedAt ? `She asked to stop sharing ${n}` : null,
            recordedBy: pros.CASE_MANAGER,
          });
          if (consent.revocationReason) reasons.push({ consent, category: null, text: consent.revocationReason });
        }
        // A revoked permission for the other organisation, for a reason of each category and one of
        // none: it changes nothing of what the caller's organisation may see of her.
        for (const category of [...CATEGORIES, null]) {
          const text = `Why she revoked (${category ?? 'no category'}) ${n}`;
          const consent = em.create(Consent, {
            client,
            effect: 'PERMIT',
            organisation: other,
            purpose: 'CARE',
            validFrom: new Date(Date.now() - 60 * 86400_000),
            revokedAt: new Date(Date.now() - 86400_000),
            revocationReasonCategory: category,
            revocationReason: text,
            recordedBy: pros.CASE_MANAGER,
          });
          reasons.push({ consent, category, text });
        }
        if (involvement === 'involved') em.create(CaseAssignment, { client, organisation: org, startedOn: '2024-01-01' });
        cells.push({ role, state, involvement, clientId: client.id, code, record, reasons });
      }
    }
  }
  await em.flush();
  for (const c of cells) c.clientId = c.record.client.id;
}, 120_000);
afterAll(() => gw.close());

const selection = `id ${CATEGORIES.map((c) => FIELD[c].selection).join(' ')} access { category granted reason } consents { id revocationReason }`;

it('has a client for every role, consent state and involvement, and expects every answer policy.md gives', () => {
  // 8 roles × 7 consent states × 3 involvements.
  expect(cells).toHaveLength(8 * 7 * 3);
  const outcomes = new Set(
    cells.flatMap((cell) =>
      CATEGORIES.map((category) => {
        const involvement = cell.involvement === 'break-glass' && !BREAK_GLASS_ROLES.includes(cell.role) ? 'not involved' : cell.involvement;
        const want = expected(cell.role, category, cell.state, involvement);
        return want.granted ? 'granted' : want.reason;
      }),
    ),
  );
  expect([...outcomes].sort()).toEqual(['CONSENT_EXPIRED', 'CONSENT_REVOKED', 'NOT_INVOLVED', 'NO_CONSENT', 'ROLE_NOT_ALLOWED', 'granted']);
});

const BREAK_GLASS_REASON = 'Found unwell on the zone, need her medication list';

describe.each(ROLES)('as %s', (role) => {
  const mine = () => cells.filter((c) => c.role === role);

  // Emergency access is asked for before her tests, not by one of them: what she sees of her
  // break-glass clients does not hang on which tests ran, or in which order.
  const opened = new Map<string, GraphQLResponse>();
  beforeAll(async () => {
    const me = await gw.as(emailOf(role));
    for (const cell of mine().filter((c) => c.involvement === 'break-glass')) {
      opened.set(cell.clientId, await me.query('mutation ($id: ID!, $reason: String!) { breakGlass(clientId: $id, reason: $reason) { id reason } }', { id: cell.clientId, reason: BREAK_GLASS_REASON }));
    }
  });

  it('opens break-glass where the role may, and is refused where it may not', async () => {
    const em = gw.orm.em.fork();
    const professional = await em.findOneOrFail(Professional, { email: emailOf(role) });
    const glassCells = mine().filter((c) => c.involvement === 'break-glass');
    expect(glassCells).toHaveLength(CONSENT_STATES.length);
    for (const cell of glassCells) {
      const res = opened.get(cell.clientId)!;
      const stored = await em.find(BreakGlassGrant, { client: cell.clientId });
      if (BREAK_GLASS_ROLES.includes(role)) {
        expect(res.body.errors).toBeUndefined();
        const grant = (res.body.data as { breakGlass: { id: string; reason: string } }).breakGlass;
        expect(grant).toEqual({ id: expect.any(String), reason: BREAK_GLASS_REASON });
        // The grant answered is the one stored: hers, for this client, running now.
        expect(stored.map((g) => ({ id: g.id, professional: g.professional.id, running: g.startedAt <= new Date() && g.expiresAt > new Date() }))).toEqual([
          { id: grant.id, professional: professional.id, running: true },
        ]);
      } else {
        expect(res.body.errors?.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' })]);
        expect(stored).toEqual([]);
      }
    }
  });

  it('sees exactly what policy.md allows, field by field, and nothing of a client she is not involved with', async () => {
    const me = await gw.as(emailOf(role));
    const aliases = mine().map((c, i) => `c${i}: client(id: "${c.clientId}") { ${selection} }`);
    const res = await me.query(`{ ${aliases.join('\n')} }`);
    expect(res.status).toBe(200);
    const errors = res.body.errors ?? [];
    const mayReadClients = CATEGORIES.some((cat) => expected(role, cat, 'valid', 'involved').granted);
    const leaks: string[] = [];
    mine().forEach((cell, i) => {
      const alias = `c${i}`;
      const node = (res.body.data as Record<string, any> | null)?.[alias] ?? null;
      const involvement = cell.involvement === 'break-glass' && !BREAK_GLASS_ROLES.includes(role) ? 'not involved' : cell.involvement;
      const label = `${cell.state} · ${involvement}`;
      if (!mayReadClients) {
        if (node !== null) leaks.push(`${label}: client visible to an aggregate-only role`);
        const err = errors.find((e) => e.path?.[0] === alias);
        if (err?.extensions?.reason !== 'ROLE_NOT_ALLOWED') leaks.push(`${label}: expected ROLE_NOT_ALLOWED at the root`);
        return;
      }
      if (expected(role, 'BASIC', cell.state, involvement).reason === 'NOT_INVOLVED') {
        if (node !== null) leaks.push(`${label}: a client she is not involved with was found`);
        if (errors.some((e) => e.path?.[0] === alias)) leaks.push(`${label}: an error betrays a client she is not involved with`);
        return;
      }
      if (node === null) {
        leaks.push(`${label}: involved client not found`);
        return;
      }
      for (const category of CATEGORIES) {
        const want = expected(role, category, cell.state, involvement);
        const got = FIELD[category].value(node);
        const err = errors.find((e) => e.path?.[0] === alias && e.path?.[1] === ROOT_FIELD[category]);
        const access = (node.access as { category: string; granted: boolean; reason: string | null }[]).find((a) => a.category === category);
        if (want.granted) {
          if (got !== FIELD[category].truth(cell.record, cell.code)) leaks.push(`${label} ${category}: granted but value ${JSON.stringify(got)}`);
          if (err) leaks.push(`${label} ${category}: granted but error ${err.message}`);
          if (!access?.granted) leaks.push(`${label} ${category}: access says not granted`);
        } else {
          if (got !== null) leaks.push(`${label} ${category}: LEAK ${JSON.stringify(got)}`);
          if (err?.extensions?.code !== 'FORBIDDEN' || err.extensions.reason !== want.reason) leaks.push(`${label} ${category}: expected FORBIDDEN ${want.reason}, got ${JSON.stringify(err?.extensions)}`);
          if (access?.granted || access?.reason !== want.reason) leaks.push(`${label} ${category}: access says ${JSON.stringify(access)}`);
        }
      }
      const consents = node.consents as { id: string; revocationReason: string | null }[] | null;
      if (!READS_HER_CONSENTS.includes(role)) {
        const err = errors.find((e) => e.path?.[0] === alias && e.path?.[1] === 'consents');
        if (consents !== null) leaks.push(`${label}: her consents shown to a role that does not read them`);
        if (err?.extensions?.reason !== 'ROLE_NOT_ALLOWED') leaks.push(`${label}: consents expected ROLE_NOT_ALLOWED, got ${JSON.stringify(err?.extensions)}`);
        return;
      }
      for (const { consent, category, text } of cell.reasons) {
        const at = consents!.findIndex((c) => c.id === consent.id);
        const got = consents![at]?.revocationReason;
        const err = errors.find((e) => JSON.stringify(e.path) === JSON.stringify([alias, 'consents', at, 'revocationReason']));
        // A reason of no category may be about anything: no role may see it.
        const want = category === null ? { granted: false, reason: 'ROLE_NOT_ALLOWED' } : expected(role, category, cell.state, involvement);
        const what = `${label} reason of ${category ?? 'no category'}`;
        if (at < 0) leaks.push(`${what}: consent not listed`);
        else if (want.granted) {
          if (got !== text) leaks.push(`${what}: granted but value ${JSON.stringify(got)}`);
          if (err) leaks.push(`${what}: granted but error ${err.message}`);
        } else {
          if (got !== null) leaks.push(`${what}: LEAK ${JSON.stringify(got)}`);
          if (err?.extensions?.code !== 'FORBIDDEN' || err.extensions.reason !== want.reason) leaks.push(`${what}: expected FORBIDDEN ${want.reason}, got ${JSON.stringify(err?.extensions)}`);
        }
      }
    });
    expect(leaks).toEqual([]);
  });
});
