import type { Context } from '../../common/context';
import { ForbiddenError } from '../../common/errors';
import type { Config } from '../../config';
import { directsProcess, type Role } from '../../policy/tables';
import { ruleFor, type DisclosureRule } from './disclosure';

type ThresholdRole = keyof Config['disclosureThreshold'];

/**
 * The disclosure rule for the caller (policy §5): k of her aggregate role; with more than one such
 * role, the strictest. Published counts are rounded up to one base for every aggregate role, the
 * largest k configured, which is what blunts differencing of two periods.
 *
 * Why one base and not each role's own k: the policy officer's and the analyst's figures are both
 * for publishing, and one reader may hold both. Rounded to different bases (3 and 5) the two answers
 * for one period intersect to a single count where each alone left several (a 6 and a 10 mean
 * exactly 6; a 6 and "suppressed" exactly 4), and two such periods subtract to a small count exactly
 * — one registration issued on a given day. On one grid the answers of the stricter role add only
 * where its threshold falls, and no two periods pin a difference of 1 .. k−1 any more
 * (test/monitoring/report-figures.test.ts). A role with k = 1 publishes exact counts, which hold
 * everything the rounded ones could add, so it keeps base 1.
 */
export function disclosureRuleOf(roles: readonly Role[], config: Config): DisclosureRule {
  const ks = roles.filter((r): r is ThresholdRole => r in config.disclosureThreshold).map((r) => config.disclosureThreshold[r]);
  const largest = Math.max(...Object.values(config.disclosureThreshold));
  // The shield rule admits only aggregate roles; should that ever change, a stranger gets the strictest k.
  const k = ks.length > 0 ? Math.max(...ks) : largest;
  return ruleFor(k, k === 1 ? 1 : largest);
}

/**
 * Aggregates of a municipality's chain are for that municipality's own people (policy §5), and for
 * the process director of the chain whose process she directs; a partner's staff do not see them,
 * whatever role the directory gave them (it gives a role that sees aggregates only at a municipality).
 */
export function assertOwnMunicipality(ctx: Context, municipalityId: string): void {
  if (ctx.actor.municipalityId !== municipalityId || (!ownPeople(ctx, municipalityId) && !directsProcess(ctx.actor))) {
    throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Figures of a municipality are only for its own chain');
  }
}

/** The municipality's money is for its own people only, not procesregie's nor a partner's (privacy.md §4). */
export function assertMunicipalitysOwn(ctx: Context, municipalityId: string): void {
  if (!ownPeople(ctx, municipalityId)) throw new ForbiddenError('ROLE_NOT_ALLOWED', 'The budget of a municipality is only for its own people');
}

/** Whether the caller works for the municipality itself (a municipality is the municipality of its own chain). */
export function ownPeople(ctx: Context, municipalityId: string): boolean {
  return ctx.actor.organisationId === municipalityId;
}
