/**
 * The policy matrix as data, generated from src/policy/policy-tables.json (the project's copy of
 * policy.md's tables), and the answer policy.md gives for each cell — written from the policy's
 * words, independently of src/policy/decide.ts. Used by the pure matrix test and the end-to-end one.
 * Reading the JSON here is safe only because src/policy/tables.test.ts holds its role caps, the
 * purposes of each role and the break-glass roles to docs/design/policy.md and docs/privacy.md.
 */
import tables from '../../src/policy/policy-tables.json';
import type { ConsentFact } from '../../src/policy/decide';
import { PURPOSES, type Category, type Purpose, type Role } from '../../src/policy/tables';

export const MATRIX_NOW = new Date('2026-11-22T12:00:00Z');
const NOW = MATRIX_NOW;
const DAY = 86400_000;

export const CONSENT_STATES = ['none', 'valid', 'not yet started', 'expired', 'revoked', 'other purpose', 'other organisation'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];
export const INVOLVEMENTS = ['involved', 'not involved', 'break-glass'] as const;
export type Involvement = (typeof INVOLVEMENTS)[number];

export const capOf = (role: Role) => (tables.roleCaps as Record<string, string[]>)[role];
export const purposesOfRole = (role: Role) => (tables.rolePurposes as Record<string, string[]>)[role] as Purpose[];

/** A permission of every category for the caller's organisation, in the given state. */
export function consentFor(state: ConsentState, role: Role, org: string, otherOrg: string, now = NOW): ConsentFact[] {
  const served = purposesOfRole(role)[0] ?? 'CARE';
  const notServed = PURPOSES.find((p) => !purposesOfRole(role).includes(p))!;
  const base: ConsentFact = {
    id: 'consent-1',
    effect: 'PERMIT',
    organisationId: org,
    organisationKind: null,
    categories: null,
    purpose: served,
    validFrom: new Date(now.getTime() - 30 * DAY),
    validUntil: null,
    revokedAt: null,
  };
  switch (state) {
    case 'none':
      return [];
    case 'valid':
      return [base];
    case 'not yet started':
      return [{ ...base, validFrom: new Date(now.getTime() + DAY) }];
    case 'expired':
      return [{ ...base, validUntil: new Date(now.getTime() - DAY) }];
    case 'revoked':
      return [{ ...base, revokedAt: new Date(now.getTime() - DAY) }];
    case 'other purpose':
      return [{ ...base, purpose: notServed }];
    case 'other organisation':
      return [{ ...base, organisationId: otherOrg }];
  }
}

/** policy.md in words: the answer a role should get for one category of one client. */
export function expected(role: Role, category: Category, state: ConsentState, involvement: Involvement): { granted: boolean; reason?: string } {
  // §1: involved by care, by break-glass, or by a valid permission naming the organisation —
  // whatever its purpose (the purpose decides what it shows, not whether she exists).
  const involved = involvement !== 'not involved' || state === 'valid' || state === 'other purpose';
  if (!involved) return { granted: false, reason: 'NOT_INVOLVED' };
  if (!capOf(role).includes(category)) return { granted: false, reason: 'ROLE_NOT_ALLOWED' };
  if (category === 'BASIC') return { granted: true };
  // §4: emergency access is for a CASE_MANAGER or CLINICIAN; a grant held in any other role opens nothing beyond BASIC.
  if (involvement === 'break-glass' && (tables.breakGlassRoles as string[]).includes(role)) return { granted: true };
  switch (state) {
    case 'valid':
      return { granted: true };
    case 'expired':
      return { granted: false, reason: 'CONSENT_EXPIRED' };
    case 'revoked':
      return { granted: false, reason: 'CONSENT_REVOKED' };
    default:
      return { granted: false, reason: 'NO_CONSENT' };
  }
}

