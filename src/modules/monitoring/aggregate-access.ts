import type { Context } from '../../common/context';
import { ForbiddenError } from '../../common/errors';
import type { Config } from '../../config';
import type { Role } from '../../policy/tables';
import { ruleFor, type DisclosureRule } from './disclosure';

type ThresholdRole = keyof Config['disclosureThreshold'];

/**
 * The disclosure rule for the caller (policy §5): k of her aggregate role; with more than one such
 * role, the strictest. The rounding base is k, which is what blunts differencing of two periods.
 */
export function disclosureRuleOf(roles: readonly Role[], config: Config): DisclosureRule {
  const ks = roles.filter((r): r is ThresholdRole => r in config.disclosureThreshold).map((r) => config.disclosureThreshold[r]);
  // The shield rule admits only aggregate roles; should that ever change, a stranger gets the strictest k.
  return ruleFor(ks.length > 0 ? Math.max(...ks) : Math.max(...Object.values(config.disclosureThreshold)));
}

/** Aggregates of a municipality's chain are for that municipality's own people (policy §5). */
export function assertOwnMunicipality(ctx: Context, municipalityId: string): void {
  if (ctx.actor.municipalityId !== municipalityId) {
    throw new ForbiddenError('ROLE_NOT_ALLOWED', 'Figures of a municipality are only for its own chain');
  }
}
