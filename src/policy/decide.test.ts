/**
 * The policy matrix, generated from policy-tables.json (the project's copy of policy.md's tables):
 * every role × category × consent state × involvement, asked of the pure decision function.
 * The expectation is written from policy.md's words, independently of decide.ts.
 */
import tables from './policy-tables.json';
import { CONSENT_STATES, INVOLVEMENTS, MATRIX_NOW, capOf, consentFor as consentOf, expected, purposesOfRole, type ConsentState, type Involvement } from '../../test/helpers/policy-matrix';
import { BreakGlassFact, ConsentFact, Decision, InvolvementBasis, PolicyActor, basisUntilOf, clientFactsOf, decide, decidingConsent, involvementEnds, involvementOf, type ClientFacts } from './decide';
import { CATEGORIES, PURPOSES, ROLES, ROLE_CAPS, ROLE_PURPOSES, breakGlassCovers, type Category, type Purpose, type Role } from './tables';
import { allSpecs, consentOf as consentOfSpec, describeSpec, oracle, seeded, type ConsentSpec, type OracleAnswer, type World } from '../../test/helpers/consent-precedence';

const NOW = MATRIX_NOW;
const DAY = 86400_000;
const ORG = 'org-caller';
const OTHER = 'org-other';

function actorFor(role: Role): PolicyActor {
  return { professionalId: `pro-${role}`, organisationId: ORG, organisationKind: 'CARE_PROVIDER', roles: [role] };
}

const consentFor = (state: ConsentState, role: Role) => consentOf(state, role, ORG, OTHER);

function factsFor(role: Role, state: ConsentState, involvement: Involvement): ClientFacts {
  const consents = consentFor(state, role);
  const breakGlass =
    involvement === 'break-glass'
      ? [{ id: 'grant-1', professionalId: `pro-${role}`, organisationId: ORG, startedAt: new Date(NOW.getTime() - 3600_000), expiresAt: new Date(NOW.getTime() + 3600_000) }]
      : [];
  return clientFactsOf(
    ORG,
    {
      activeAssignments: involvement === 'involved' ? [{ organisationId: ORG, endsAt: null }] : [],
      teamMemberOrganisationIds: [],
      openHandoverToOrganisationIds: [],
      openReferralByOrganisationIds: [],
      consents,
      breakGlass,
    },
    NOW,
  );
}

function outcome(d: Decision): { granted: boolean; reason?: string } {
  return d.granted ? { granted: true } : { granted: false, reason: d.reason };
}

const matrix = ROLES.flatMap((role) =>
  CATEGORIES.flatMap((category) => CONSENT_STATES.flatMap((state) => INVOLVEMENTS.map((inv) => [role, category, state, inv] as const))),
);

describe('the policy matrix (generated: every role × category × consent state × involvement)', () => {
  // 8 roles (policy.md §2) × 9 categories (§2) × 7 consent states × 3 involvements.
  it('has a cell for every role, category, consent state and involvement', () => {
    expect(matrix).toHaveLength(8 * 9 * 7 * 3);
    expect(new Set(matrix.map((cell) => cell.join(' · '))).size).toBe(1512);
  });

  // A matrix whose cells all expect the same answer would pass however decide() answered.
  it('expects a grant in some cells and, in others, every reason policy.md §1 and §3 give for a refusal', () => {
    const outcomes = new Set(matrix.map(([role, category, state, inv]) => {
      const want = expected(role, category, state, inv);
      return want.granted ? 'granted' : want.reason;
    }));
    expect([...outcomes].sort()).toEqual(['CONSENT_EXPIRED', 'CONSENT_REVOKED', 'NOT_INVOLVED', 'NO_CONSENT', 'ROLE_NOT_ALLOWED', 'granted']);
  });

  it.each(matrix)('%s · %s · consent %s · %s', (role, category, state, involvement) => {
    const decision = decide(actorFor(role), factsFor(role, state, involvement), category, NOW);
    expect(outcome(decision)).toEqual(expected(role, category, state, involvement));
  });
});

describe('what a decision names', () => {
  it('names the consent that allowed a category, and until when', () => {
    const until = new Date(NOW.getTime() + 10 * DAY);
    const c: ConsentFact = { ...consentFor('valid', 'CASE_MANAGER')[0], validUntil: until };
    const d = decide(actorFor('CASE_MANAGER'), { involvement: ['CARE_TEAM'], involvedUntil: null, consents: [c], breakGlass: [] }, 'HEALTH', NOW);
    expect(d).toEqual({ granted: true, basis: 'CONSENT', consentId: c.id, until, consentChecked: true });
  });

  it('tells as "until" the moment an objection already recorded for later will take over, not the permission’s own end', () => {
    const permit: ConsentFact = { ...consentFor('valid', 'CASE_MANAGER')[0], validUntil: new Date(NOW.getTime() + 10 * DAY) };
    const from = new Date(NOW.getTime() + 3 * DAY);
    const objection: ConsentFact = { ...permit, id: 'objection', effect: 'DENY', purpose: null, categories: ['HEALTH'], validFrom: from, validUntil: null };
    const at = (category: 'HEALTH' | 'HOUSING') => decide(actorFor('CASE_MANAGER'), { involvement: ['CARE_TEAM'], involvedUntil: null, consents: [permit, objection], breakGlass: [] }, category, NOW);
    expect(at('HEALTH')).toMatchObject({ granted: true, consentId: permit.id, until: from });
    // It objects to HEALTH only: HOUSING stays granted until the permission ends.
    expect(at('HOUSING')).toMatchObject({ granted: true, until: permit.validUntil });
  });

  it('tells no end where another permission already recorded takes over from the first', () => {
    const first: ConsentFact = { ...consentFor('valid', 'CASE_MANAGER')[0], validUntil: new Date(NOW.getTime() + 10 * DAY) };
    const next: ConsentFact = { ...first, id: 'next', validFrom: new Date(NOW.getTime() + 5 * DAY), validUntil: null };
    expect(decide(actorFor('CASE_MANAGER'), { involvement: ['CARE_TEAM'], involvedUntil: null, consents: [first, next], breakGlass: [] }, 'HEALTH', NOW)).toMatchObject({ granted: true, until: null });
  });

  it('names the break-glass grant that allowed it, and when it ends', () => {
    const f = factsFor('CLINICIAN', 'none', 'break-glass');
    // Emergency access overrides her consents: none of them was checked.
    expect(decide(actorFor('CLINICIAN'), f, 'HEALTH', NOW)).toEqual({ granted: true, basis: 'BREAK_GLASS', grantId: 'grant-1', until: f.breakGlass[0].expiresAt, consentChecked: false });
  });

  it('does not let a colleague ride on another professional’s break-glass beyond BASIC', () => {
    const f = factsFor('CASE_MANAGER', 'none', 'break-glass');
    const colleague: PolicyActor = { ...actorFor('CASE_MANAGER'), professionalId: 'pro-colleague' };
    expect(outcome(decide(colleague, f, 'BASIC', NOW))).toEqual({ granted: true });
    expect(outcome(decide(colleague, f, 'HEALTH', NOW))).toEqual({ granted: false, reason: 'NO_CONSENT' });
  });

  it('names a colleague’s grant for the BASIC data her organisation sees only through it', () => {
    const f = factsFor('CASE_MANAGER', 'none', 'break-glass');
    const colleague: PolicyActor = { ...actorFor('CASE_MANAGER'), professionalId: 'pro-colleague' };
    expect(decide(colleague, f, 'BASIC', NOW)).toMatchObject({ granted: true, basis: 'BREAK_GLASS', grantId: 'grant-1', until: f.breakGlass[0].expiresAt });
  });

  it('uses a grant only while its holder still holds a role that may break the glass', () => {
    const f = factsFor('CASE_MANAGER', 'none', 'break-glass');
    const demoted: PolicyActor = { ...actorFor('CASE_MANAGER'), roles: ['EXPERT_BY_EXPERIENCE'] };
    expect(outcome(decide(demoted, f, 'IDENTITY', NOW))).toEqual({ granted: false, reason: 'NO_CONSENT' });
    expect(decide(demoted, f, 'BASIC', NOW)).toMatchObject({ granted: true, basis: 'BREAK_GLASS', grantId: 'grant-1' });
  });

  // Generated over every set of roles: what the open grant's audit line says it opens
  // (breakGlassCovers, break-glass.resolver.ts) is what the decisions then grant on it.
  it('grants on a running grant exactly the categories its audit line names, for every set of roles', () => {
    const roleSets = Array.from({ length: 2 ** ROLES.length - 1 }, (_, bits) => ROLES.filter((_r, i) => ((bits + 1) >> i) & 1));
    for (const roles of roleSets) {
      const actor: PolicyActor = { ...actorFor(roles[0]), professionalId: 'pro-holder', roles };
      const f = factsFor(roles[0], 'none', 'break-glass');
      f.breakGlass[0].professionalId = 'pro-holder';
      const underGrant = CATEGORIES.filter((c) => c !== 'BASIC' && decide(actor, f, c, NOW).granted);
      expect({ roles, underGrant }).toEqual({ roles, underGrant: breakGlassCovers(roles).filter((c) => c !== 'BASIC') });
    }
  });

  it('lets a break-glass grant lapse at its end', () => {
    const f = factsFor('CASE_MANAGER', 'none', 'break-glass');
    const later = new Date(f.breakGlass[0].expiresAt.getTime() + 1);
    expect(outcome(decide(actorFor('CASE_MANAGER'), { ...f, involvement: [] }, 'HEALTH', later))).toEqual({ granted: false, reason: 'NOT_INVOLVED' });
  });
});

/**
 * A dashboard tells a professional until when she may count on a category: never later than her
 * organisation stays involved with the client (§1), whatever the permission or grant that opens it
 * would allow.
 */
describe('until when: no later than her organisation knows the client', () => {
  const hours = (n: number) => new Date(NOW.getTime() + n * 3600_000);
  const days = (n: number) => new Date(NOW.getTime() + n * DAY);
  const forKind: ConsentFact = { ...consentFor('valid', 'CASE_MANAGER')[0], id: 'for-kind', organisationId: null, organisationKind: 'CARE_PROVIDER', validUntil: days(365) };
  const naming = (id: string, from: Date, until: Date | null): ConsentFact => ({ ...consentFor('valid', 'CASE_MANAGER')[0], id, categories: ['IDENTITY'], validFrom: from, validUntil: until });
  const colleaguesGrant = { id: 'grant-1', professionalId: 'pro-colleague', organisationId: ORG, startedAt: hours(-1), expiresAt: hours(4) };
  /** Her facts, with her organisation involved through `involvement` until `basisUntil` and through what else they hold. */
  const factsOf = (involvement: InvolvementBasis[], basisUntil: Date | null, consents: ConsentFact[], breakGlass: BreakGlassFact[] = []): ClientFacts => {
    const facts = { involvement, consents, breakGlass };
    return { ...facts, involvedUntil: involvementEnds(ORG, facts, basisUntil, NOW) };
  };
  const until = (facts: ClientFacts, category: Category) => {
    const d = decide(actorFor('CASE_MANAGER'), facts, category, NOW);
    return d.granted ? { basis: d.basis, until: d.until } : d;
  };

  it('ends with the break-glass grant her organisation knows her through, not with a permission for its kind that runs a year', () => {
    const facts = factsOf(['BREAK_GLASS'], null, [forKind], [colleaguesGrant]);
    expect(until(facts, 'BASIC')).toEqual({ basis: 'BREAK_GLASS', until: hours(4) });
    expect(until(facts, 'HEALTH')).toEqual({ basis: 'CONSENT', until: hours(4) });
  });

  it('ends with the basis that involves her organisation, where that ends before the permission', () => {
    const facts = factsOf(['CARE_TEAM'], days(3), [forKind]);
    expect(until(facts, 'BASIC')).toEqual({ basis: 'INVOLVEMENT', until: days(3) });
    expect(until(facts, 'HEALTH')).toEqual({ basis: 'CONSENT', until: days(3) });
  });

  it('ends with the permission where a basis with no end involves her organisation', () => {
    const facts = factsOf(['CARE_TEAM'], null, [forKind], [colleaguesGrant]);
    expect(until(facts, 'BASIC')).toEqual({ basis: 'INVOLVEMENT', until: null });
    expect(until(facts, 'HEALTH')).toEqual({ basis: 'CONSENT', until: days(365) });
  });

  it('runs on through a grant or a permission naming the organisation that takes over before the basis ends', () => {
    const byGrant = factsOf(['CARE_TEAM'], hours(2), [forKind], [colleaguesGrant]);
    expect(until(byGrant, 'HEALTH')).toEqual({ basis: 'CONSENT', until: hours(4) });
    const renewed = factsOf(['CONSENT'], days(10), [forKind, naming('first', days(-30), days(10)), naming('next', days(5), days(60))]);
    expect(until(renewed, 'BASIC')).toEqual({ basis: 'INVOLVEMENT', until: days(60) });
    expect(until(renewed, 'HEALTH')).toEqual({ basis: 'CONSENT', until: days(60) });
  });

  it('ends where nothing carries her on: a permission that starts after the basis ended, or one revoked', () => {
    const revoked = { ...naming('revoked', days(-1), days(60)), revokedAt: days(-1) };
    const facts = factsOf(['CARE_TEAM'], days(3), [forKind, naming('later', days(4), days(60)), revoked]);
    expect(until(facts, 'BASIC')).toEqual({ basis: 'INVOLVEMENT', until: days(3) });
    expect(until(facts, 'HEALTH')).toEqual({ basis: 'CONSENT', until: days(3) });
  });

  // The database found the basis with its own clock; by the gateway's, a moment later, it ended.
  it('tells the access ends now where the basis the facts were loaded on has already ended', () => {
    expect(until(factsOf(['CONSENT'], hours(-0.01), [forKind]), 'BASIC')).toEqual({ basis: 'INVOLVEMENT', until: NOW });
  });

  it('keeps the end of the consent that decides, where her organisation knows her longer', () => {
    const facts = factsOf(['CARE_TEAM'], days(400), [forKind]);
    expect(until(facts, 'HEALTH')).toEqual({ basis: 'CONSENT', until: days(365) });
  });
});

describe('precedence of consents (Dutch generic consent rules)', () => {
  const actor = actorFor('CASE_MANAGER');
  const permit = (over: Partial<ConsentFact>): ConsentFact => ({ ...consentFor('valid', 'CASE_MANAGER')[0], ...over });
  const facts = (consents: ConsentFact[]): ClientFacts => ({ involvement: ['CARE_TEAM'], involvedUntil: null, consents, breakGlass: [] });

  it('lets one organisation beat a kind of organisation', () => {
    const kindDeny = permit({ id: 'kind-deny', effect: 'DENY', organisationId: null, organisationKind: 'CARE_PROVIDER', purpose: null });
    const orgPermit = permit({ id: 'org-permit' });
    expect(decide(actor, facts([kindDeny, orgPermit]), 'HEALTH', NOW)).toMatchObject({ granted: true, consentId: 'org-permit' });
    const kindPermit = permit({ id: 'kind-permit', organisationId: null, organisationKind: 'CARE_PROVIDER' });
    const orgDeny = permit({ id: 'org-deny', effect: 'DENY', purpose: null });
    expect(decide(actor, facts([kindPermit, orgDeny]), 'HEALTH', NOW)).toMatchObject({ granted: false, reason: 'NO_CONSENT', consentId: 'org-deny' });
  });

  // §2 names the grantee before the category ("one organisation beats a kind of organisation; one
  // category beats 'all'"): the organisation ranks first, so its permission for every category
  // outweighs a kind's objection to one category.
  it('lets one organisation’s permission for all beat a kind’s objection to one category', () => {
    const kindDenyHealth = permit({ id: 'kind-deny', effect: 'DENY', organisationId: null, organisationKind: 'CARE_PROVIDER', categories: ['HEALTH'], purpose: null });
    const orgPermitAll = permit({ id: 'org-permit' });
    expect(decide(actor, facts([kindDenyHealth, orgPermitAll]), 'HEALTH', NOW)).toMatchObject({ granted: true, consentId: 'org-permit' });
  });

  it('lets one category beat "all"', () => {
    const allPermit = permit({ id: 'all-permit' });
    const healthDeny = permit({ id: 'health-deny', effect: 'DENY', categories: ['HEALTH'], purpose: null });
    expect(decide(actor, facts([allPermit, healthDeny]), 'HEALTH', NOW)).toMatchObject({ granted: false, consentId: 'health-deny' });
    expect(decide(actor, facts([allPermit, healthDeny]), 'HOUSING', NOW)).toMatchObject({ granted: true, consentId: 'all-permit' });
  });

  it('lets an objection beat a permission of equal specificity, in either order', () => {
    const p = permit({ id: 'p', categories: ['HEALTH'] });
    const d = permit({ id: 'd', effect: 'DENY', categories: ['HEALTH'], purpose: null });
    expect(decidingConsent(actor, [p, d], 'HEALTH', NOW)?.id).toBe('d');
    expect(decidingConsent(actor, [d, p], 'HEALTH', NOW)?.id).toBe('d');
  });

  // An objection holds whatever the purpose (privacy.md; the schema: "null only for an objection,
  // which holds for every purpose"), also one recorded with a purpose, which recordConsent accepts.
  it('holds an objection recorded with a purpose against every role, whatever purpose it serves', () => {
    const objection = permit({ id: 'd', effect: 'DENY', purpose: 'PERMITTING' });
    const grantFor = (role: Role) => permit({ id: 'p', purpose: ROLE_PURPOSES[role][0] });
    for (const role of ROLES.filter((r) => ROLE_PURPOSES[r].length > 0)) {
      for (const category of CATEGORIES.filter((c) => c !== 'BASIC' && ROLE_CAPS[role].includes(c))) {
        expect(decide(actorFor(role), facts([grantFor(role), objection]), category, NOW)).toMatchObject({ granted: false, reason: 'NO_CONSENT', consentId: 'd' });
      }
    }
  });

  it('ignores an objection that has been revoked', () => {
    const p = permit({ id: 'p' });
    const d = permit({ id: 'd', effect: 'DENY', purpose: null, revokedAt: new Date(NOW.getTime() - DAY) });
    expect(decide(actor, facts([p, d]), 'HEALTH', NOW)).toMatchObject({ granted: true, consentId: 'p' });
  });

  it('holds a revocation whatever instant it bears: a clock ahead of this one stamped it', () => {
    const p = permit({ id: 'p', revokedAt: new Date(NOW.getTime() + 3600_000) });
    expect(decide(actor, facts([p]), 'HEALTH', NOW)).toEqual({ granted: false, reason: 'CONSENT_REVOKED', consentId: 'p', consentChecked: true });
    expect(involvementOf(ORG, { activeAssignments: [], teamMemberOrganisationIds: [], openHandoverToOrganisationIds: [], openReferralByOrganisationIds: [], consents: [p], breakGlass: [] }, NOW)).toEqual([]);
  });

  it('holds an objection for every purpose', () => {
    const d = permit({ id: 'd', effect: 'DENY', purpose: null });
    for (const role of ROLES) {
      const a = actorFor(role);
      for (const category of CATEGORIES.filter((c) => c !== 'BASIC')) expect(decide(a, facts([d]), category, NOW).granted).toBe(false);
    }
  });
});

/**
 * A professional may hold several roles (`professional.roles` is an array). policy.md speaks of "the
 * caller's role" throughout: a category needs ONE role that may see it and whose purpose her consent
 * serves (§2), or that may see it and break the glass (§4). Every pair of roles, every category, a
 * permission for each purpose and an own running grant or none, against that reading taken straight
 * from policy-tables.json.
 */
describe('a professional holding two roles', () => {
  const pairs = ROLES.flatMap((a, i) => ROLES.slice(i + 1).map((b) => [a, b] as const));
  const cases = pairs.flatMap(([a, b]) =>
    CATEGORIES.flatMap((category) => [...PURPOSES, null].flatMap((purpose) => [false, true].map((glass) => [a, b, category, purpose, glass] as const))),
  );

  function wanted(roles: readonly Role[], category: Category, purpose: Purpose | null, glass: boolean): { granted: boolean; reason?: string } {
    const seeing = roles.filter((r) => capOf(r).includes(category));
    if (seeing.length === 0) return { granted: false, reason: 'ROLE_NOT_ALLOWED' };
    const byOneRole = seeing.some(
      (r) => category === 'BASIC' || (glass && (tables.breakGlassRoles as string[]).includes(r)) || (purpose !== null && purposesOfRole(r).includes(purpose)),
    );
    return byOneRole ? { granted: true } : { granted: false, reason: 'NO_CONSENT' };
  }

  it.each(cases)('%s and %s · %s · permission for %s · own grant %s', (a, b, category, purpose, glass) => {
    const actor: PolicyActor = { ...actorFor(a), roles: [a, b] };
    const consents: ConsentFact[] = purpose ? [{ ...consentFor('valid', 'CASE_MANAGER')[0], purpose }] : [];
    const breakGlass = glass ? [{ id: 'grant-1', professionalId: actor.professionalId, organisationId: ORG, startedAt: new Date(NOW.getTime() - 3600_000), expiresAt: new Date(NOW.getTime() + 3600_000) }] : [];
    expect(outcome(decide(actor, { involvement: ['CARE_TEAM'], involvedUntil: null, consents, breakGlass }, category, NOW))).toEqual(wanted([a, b], category, purpose, glass));
  });
});

describe('a consent’s period', () => {
  // The database view counts a consent while `valid_until > now()`: at its end it is over.
  it('has expired at the very moment it runs until', () => {
    const c: ConsentFact = { ...consentFor('valid', 'CASE_MANAGER')[0], validUntil: NOW };
    expect(decide(actorFor('CASE_MANAGER'), { involvement: ['CARE_TEAM'], involvedUntil: null, consents: [c], breakGlass: [] }, 'HEALTH', NOW)).toEqual({ granted: false, reason: 'CONSENT_EXPIRED', consentId: c.id, consentChecked: true });
  });

  // The decision names the consent it rests on (§2): a refusal for want of one, the consent that
  // ended — the latest to end, and a revocation before an expiry, which says more.
  it('names the consent that ended when it refuses for a revoked or expired one', () => {
    const ago = (hours: number) => new Date(NOW.getTime() - hours * 3600_000);
    const base = consentFor('valid', 'CASE_MANAGER')[0];
    const decideWith = (...consents: ConsentFact[]) => decide(actorFor('CASE_MANAGER'), { involvement: ['CARE_TEAM'], involvedUntil: null, consents, breakGlass: [] }, 'HEALTH', NOW);
    const expiredEarlier = { ...base, id: 'expired-earlier', validUntil: ago(48) };
    const expiredLater = { ...base, id: 'expired-later', validUntil: ago(2) };
    const revokedEarlier = { ...base, id: 'revoked-earlier', revokedAt: ago(30) };
    const revokedLater = { ...base, id: 'revoked-later', revokedAt: ago(5) };
    expect(decideWith(expiredEarlier, expiredLater)).toMatchObject({ reason: 'CONSENT_EXPIRED', consentId: 'expired-later' });
    expect(decideWith(revokedLater, expiredLater, revokedEarlier)).toMatchObject({ reason: 'CONSENT_REVOKED', consentId: 'revoked-later' });
    expect(decideWith()).toEqual({ granted: false, reason: 'NO_CONSENT', consentChecked: true });
  });
});

describe('involvement (§1)', () => {
  const none = { activeAssignments: [], teamMemberOrganisationIds: [], openHandoverToOrganisationIds: [], openReferralByOrganisationIds: [], consents: [], breakGlass: [] };
  const c = consentFor('valid', 'CASE_MANAGER')[0];
  it.each([
    ['an active assignment', { activeAssignments: [{ organisationId: ORG, endsAt: null }] }, ['CARE_TEAM']],
    ['a member of her team', { teamMemberOrganisationIds: [ORG] }, ['CARE_TEAM']],
    ['a valid permission naming it', { consents: [c] }, ['CONSENT']],
    ['an open handover to it', { openHandoverToOrganisationIds: [ORG] }, ['HANDOVER']],
    ['its open referral', { openReferralByOrganisationIds: [ORG] }, ['REFERRAL']],
    ['nothing', {}, []],
    ['an objection naming it', { consents: [{ ...c, effect: 'DENY' as const }] }, []],
    ['a permission for its whole kind', { consents: [{ ...c, organisationId: null, organisationKind: 'CARE_PROVIDER' }] }, []],
    ['an expired permission', { consents: [{ ...c, validUntil: new Date(NOW.getTime() - DAY) }] }, []],
    ['another organisation’s assignment', { activeAssignments: [{ organisationId: OTHER, endsAt: null }] }, []],
  ])('is involved through %s: %j', (_what, facts, bases) => {
    expect(involvementOf(ORG, { ...none, ...facts }, NOW)).toEqual(bases);
  });

  // Until when, as the view holds it: the latest end among the bases besides break-glass that involve it now.
  const days = (n: number) => new Date(NOW.getTime() + n * DAY);
  const endingIn = (n: number) => [{ organisationId: ORG, endsAt: days(n) }];
  const namingIt = { ...c, validUntil: days(10) };
  it.each([
    ['ends with its assignment', { activeAssignments: endingIn(3) }, days(3)],
    ['ends with a permission naming it that outlasts its assignment', { activeAssignments: endingIn(3), consents: [namingIt] }, days(10)],
    ['has no end beside an assignment that ends: another with none', { activeAssignments: [...endingIn(3), { organisationId: ORG, endsAt: null }] }, null],
    ['has no end beside an assignment that ends: a member of her team', { activeAssignments: endingIn(3), teamMemberOrganisationIds: [ORG] }, null],
    ['has no end beside a permission that ends: an open handover to it', { consents: [namingIt], openHandoverToOrganisationIds: [ORG] }, null],
    ['has no end beside a permission that ends: its open referral', { consents: [namingIt], openReferralByOrganisationIds: [ORG] }, null],
    ['has no end to tell where it is not involved: another organisation’s assignment', { activeAssignments: [{ organisationId: OTHER, endsAt: days(3) }] }, null],
  ])('%s', (_what, facts, end) => {
    expect(basisUntilOf(ORG, { ...none, ...facts }, NOW)).toEqual(end);
  });
});

/**
 * Precedence between several of her consents, generated rather than hand-picked: every pair of
 * consents over the dimensions that matter (effect × grantee × categories × purpose × state), and a
 * seeded sample of triples, for every role and a few categories, with and without a care-team
 * relationship. The answer is policy.md's, from test/helpers/consent-precedence.ts (written from
 * its words, independently of decide.ts): granted or not, the reason, and the consent named.
 */
describe('precedence of several consents (generated: every pair, and a seeded sample of triples)', () => {
  const KIND = 'CARE_PROVIDER';
  const ASKED = ['BASIC', 'IDENTITY', 'HEALTH', 'SEX_WORK'] as const;
  const TRIPLES_PER_CASE = 2000;

  function worldFor(role: Role, category: (typeof ASKED)[number]): World {
    return {
      caller: { organisationId: ORG, organisationKind: KIND, role },
      otherOrganisationId: OTHER,
      otherKind: 'MUNICIPALITY',
      // BASIC is no consent's category (the schema refuses it): consents then speak of HEALTH.
      aboutCategory: category === 'BASIC' ? 'HEALTH' : category,
      anotherCategory: 'HOUSING',
      now: NOW,
    };
  }

  /** One disagreement, in words a privacy officer can check against policy.md. */
  function check(role: Role, category: Category, byCareTeam: boolean, specs: readonly ConsentSpec[], consents: readonly ConsentFact[], w: World, seen: Set<string>): string | undefined {
    const want = oracle(w.caller, category, consents, NOW, byCareTeam);
    seen.add(outcomeOf(want));
    for (const r of want.readings) seen.add(`reading: ${r}`);
    const facts = clientFactsOf(
      ORG,
      { activeAssignments: byCareTeam ? [{ organisationId: ORG, endsAt: null }] : [], teamMemberOrganisationIds: [], openHandoverToOrganisationIds: [], openReferralByOrganisationIds: [], consents, breakGlass: [] },
      NOW,
    );
    const { involvement } = facts;
    const got = decide(actorFor(role), facts, category, NOW);
    const named = got.consentId;
    const same =
      got.granted === want.granted &&
      (got.granted ? got.basis === want.basis : got.reason === want.reason) &&
      (want.decidedBy.length === 0 ? named === undefined : named !== undefined && want.decidedBy.includes(named)) &&
      involvement.length > 0 === want.involved;
    if (same) return undefined;
    const said = (x: { granted: boolean; reason?: string; basis?: string }, n: string | string[] | undefined) =>
      `${x.granted ? `granted (${x.basis})` : `refused ${x.reason}`}${n === undefined || (Array.isArray(n) && n.length === 0) ? '' : ` by ${[n].flat().join('|')}`}`;
    return (
      `${role} asks ${category}${byCareTeam ? ' (care team)' : ''}: ${consents.map((c, i) => `${c.id}=[${describeSpec(specs[i])}]`).join(' ')}` +
      ` → decide: ${said(got.granted ? { granted: true, basis: got.basis } : got, named)}, involved ${involvement.length > 0}; policy: ${said(want, want.decidedBy)}, involved ${want.involved}`
    );
  }

  const outcomeOf = (a: OracleAnswer) => (a.granted ? `granted on ${a.basis}` : `refused ${a.reason}${a.decidedBy.length > 0 ? ' naming a consent' : ''}`);

  /**
   * What a role asking a category must meet among the generated cases for the comparison to mean
   * anything: derived from the role cap, so a generator that lost a dimension fails here.
   */
  function mustSee(role: Role, category: Category): string[] {
    if (!ROLE_CAPS[role].includes(category)) return ['refused NOT_INVOLVED', 'refused ROLE_NOT_ALLOWED'];
    if (category === 'BASIC') return ['granted on INVOLVEMENT', 'refused NOT_INVOLVED'];
    return [
      'granted on CONSENT',
      'reading: grantee-before-category',
      'reading: reason-of-an-ended-permission',
      'refused CONSENT_EXPIRED naming a consent',
      'refused CONSENT_REVOKED naming a consent',
      'refused NOT_INVOLVED',
      'refused NO_CONSENT',
      'refused NO_CONSENT naming a consent',
    ];
  }

  const cases = ROLES.flatMap((role) => ASKED.map((category) => [role, category] as const));

  it.each(cases)('a %s asking %s gets what policy.md says for every pair of her consents, in either order', (role, category) => {
    const w = worldFor(role, category);
    const specs = allSpecs(role);
    const facts = specs.map((s, i) => consentOfSpec(s, `c${i}`, w));
    const wrong: string[] = [];
    const seen = new Set<string>();
    let n = 0;
    for (const byCareTeam of [true, false]) {
      for (let i = 0; i < specs.length; i++) {
        const one = check(role, category, byCareTeam, [specs[i]], [facts[i]], w, seen);
        n++;
        if (one) wrong.push(one);
        for (let j = i + 1; j < specs.length; j++) {
          for (const [a, b] of [[i, j], [j, i]]) {
            const d = check(role, category, byCareTeam, [specs[a], specs[b]], [facts[a], facts[b]], w, seen);
            n++;
            if (d) wrong.push(d);
          }
        }
      }
    }
    // policy.md's dimensions of one consent: 2 effects × 4 grantees × 4 category scopes × 6 states,
    // each effect with the purposes it may bear (a permission: one the role serves or not; an
    // objection: none, or one served or not), "served" only for a role that serves a purpose: 480
    // consents, or 288. Each alone and in every ordered pair, with and without her care team: 2 × n².
    expect(n).toBe(purposesOfRole(role).length > 0 ? 460_800 : 165_888);
    expect({ disagreements: wrong.length, first: wrong.slice(0, 15) }).toEqual({ disagreements: 0, first: [] });
    expect([...seen].sort()).toEqual(mustSee(role, category));
  });

  it.each(cases)('a %s asking %s gets what policy.md says for a seeded sample of three of her consents', (role, category) => {
    const w = worldFor(role, category);
    const specs = allSpecs(role);
    const random = seeded(0x6b657465 ^ (ROLES.indexOf(role) * 31 + ASKED.indexOf(category)));
    const pick = () => specs[Math.floor(random() * specs.length)];
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (let k = 0; k < TRIPLES_PER_CASE; k++) {
      // Three distinct consents, each with its own id (the same spec twice is two records of hers).
      const triple = [pick(), pick(), pick()];
      const consents = triple.map((s, i) => consentOfSpec(s, `c${i}`, w));
      for (const byCareTeam of [true, false]) {
        const d = check(role, category, byCareTeam, triple, consents, w, seen);
        if (d) wrong.push(d);
      }
    }
    expect({ disagreements: wrong.length, first: wrong.slice(0, 15) }).toEqual({ disagreements: 0, first: [] });
  });
});
