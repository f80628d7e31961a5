import tables from './policy-tables.json';

export const CATEGORIES = ['BASIC', 'IDENTITY', 'CONTACT', 'HEALTH', 'ADDICTION', 'HOUSING', 'JUSTICE', 'FINANCE', 'SEX_WORK'] as const;
export type Category = (typeof CATEGORIES)[number];

export const ROLES = ['CASE_MANAGER', 'EXPERT_BY_EXPERIENCE', 'CLINICIAN', 'PROCESS_DIRECTOR', 'PERMIT_OFFICER', 'POLICY_OFFICER', 'ANALYST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const PURPOSES = ['CARE', 'CARE_COORDINATION', 'PERMITTING'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const DENY_REASONS = ['NO_CONSENT', 'ROLE_NOT_ALLOWED', 'CONSENT_REVOKED', 'CONSENT_EXPIRED'] as const;
export type DenyReason = (typeof DENY_REASONS)[number];

// The union types above are what the code is written against; the JSON is what the policy says.
// Refuse to start when they disagree, rather than enforce a policy nobody wrote down.
function sameSet(a: readonly string[], b: readonly string[], what: string): void {
  if (a.length !== b.length || a.some((x) => !b.includes(x))) {
    throw new Error(`policy-tables.json ${what} do not match the code: ${JSON.stringify(b)}`);
  }
}
sameSet(CATEGORIES, tables.categories, 'categories');
sameSet(ROLES, tables.roles, 'roles');
sameSet(PURPOSES, tables.purposes, 'purposes');
sameSet(DENY_REASONS, tables.denyReasons, 'deny reasons');

export const ROLE_CAPS: Readonly<Record<Role, readonly Category[]>> = tables.roleCaps as Record<Role, Category[]>;
export const ROLE_PURPOSES: Readonly<Record<Role, readonly Purpose[]>> = tables.rolePurposes as Record<Role, Purpose[]>;
export const AGGREGATE_ROLES = tables.aggregateRoles as readonly Role[];
export const BREAK_GLASS_ROLES = tables.breakGlassRoles as readonly Role[];
/**
 * The roles through which the receiving organisation answers a handover (policy §6): its case
 * managers; procesregie (monitoring, another municipality); a mental-health provider's clinicians,
 * who take her on into regular care there. The dashboard offers the answer to the same roles.
 */
export const HANDOVER_ANSWER_ROLES = tables.handoverAnswerRoles as readonly Role[];
/**
 * The roles a member of a care team holds one of: a member makes her organisation involved with
 * every client of the team (policy §1), so nobody joins one who does not work with its clients
 * (modules/organisations/directory.resolver.ts).
 */
export const TEAM_ROLES = tables.teamRoles as readonly Role[];

/** Roles that may see any client at all: those whose cap includes BASIC. */
export const CLIENT_DATA_ROLES: readonly Role[] = ROLES.filter((r) => ROLE_CAPS[r].includes('BASIC'));

/**
 * Roles that see aggregates and nothing else (policy §2: "POLICY_OFFICER and ANALYST see aggregates
 * only"): held beside a role that reads clients, one person could subtract what she knows of single
 * women from the figures, which disclosure control assumes nobody can.
 */
export const AGGREGATE_ONLY_ROLES: readonly Role[] = AGGREGATE_ROLES.filter((r) => !CLIENT_DATA_ROLES.includes(r));

/** The roles that read women and figures alike: procesregie, which directs the chain's process. */
export const PROCESS_DIRECTION_ROLES: readonly Role[] = AGGREGATE_ROLES.filter((r) => !AGGREGATE_ONLY_ROLES.includes(r));

/**
 * Where a chain's process is directed from: its safety house (Nijmegen's Zorg- en Veiligheidshuis) or
 * the municipality itself (Arnhem). Only there is the role held: it reads every woman's audit trail,
 * the chain's break-glass grants and its figures, which a partner's administrator must not be able to
 * give her own staff.
 */
export const PROCESS_DIRECTION_KINDS: readonly string[] = ['SAFETY_HOUSE', 'MUNICIPALITY'];

/** Whether the caller directs her chain's process: the role, held where the process is directed from. */
export function directsProcess(actor: { roles: readonly Role[]; organisationKind: string }): boolean {
  return PROCESS_DIRECTION_KINDS.includes(actor.organisationKind) && actor.roles.some((r) => PROCESS_DIRECTION_ROLES.includes(r));
}

export function roleMaySee(roles: readonly Role[], category: Category): boolean {
  return roles.some((r) => ROLE_CAPS[r].includes(category));
}

/**
 * What a grant opened by a professional with these roles covers (§4: "the categories its role may
 * see"): what her roles that may break the glass may see, and nothing her other roles may.
 */
export function breakGlassCovers(roles: readonly Role[]): Category[] {
  return CATEGORIES.filter((c) => roleMaySee(roles.filter((r) => BREAK_GLASS_ROLES.includes(r)), c));
}

export function purposesOf(roles: readonly Role[]): Set<Purpose> {
  return new Set(roles.flatMap((r) => ROLE_PURPOSES[r]));
}
