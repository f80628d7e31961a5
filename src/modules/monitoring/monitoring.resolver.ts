import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import { DateScalar, addDays } from '../../common/scalars';
import { isUuid } from '../clients/involved-clients';
import { HANDOVER_DESTINATIONS } from '../handovers/handover.entity';
import { Organisation } from '../organisations/organisation.entity';
import { TRAJECTORY_KINDS } from '../trajectories/trajectory.entity';
import { assertOwnMunicipality, disclosureRuleOf } from './aggregate-access';
import { describeRule, protectAverage, protectBreakdown, protectCaseload, protectCount, ruleFor } from './disclosure';
import { monitoringFigures } from './monitoring-figures';
import { MonitoringReport } from './monitoring.types';

const EXACT = ruleFor(1);

const firstOfMonth = (day: string) => day.endsWith('-01');
const lastOfMonth = (day: string) => addDays(day, 1).endsWith('-01');

/**
 * Figures under disclosure control cover whole months. A period of any days let one request pin
 * suppressed counts: a stock at two dates (registrations held, each rounded to an interval of
 * width b) bounds what was issued between them, and single days each suppressed — so each at least
 * one — filled that bound exactly (four suppressed days beside an increase of at most four: one on
 * each, to the day). Periods of whole months leave nothing finer than a month to find.
 */
function assertWholeMonths(from: string, to: string): void {
  if (!firstOfMonth(from)) throw new BadUserInputError('from', 'figures cover whole months: start on the first day of a month');
  if (!lastOfMonth(to)) throw new BadUserInputError('to', 'figures cover whole months: end on the last day of a month');
}

@Resolver(() => MonitoringReport)
export class MonitoringResolver {
  @Query(() => MonitoringReport, {
    description:
      'Policy officers, analysts and procesregie: the figures your municipality monitors for a period (both days included), for its own chain only. Counts women, never names one; small counts are suppressed (see `threshold`), and then the period is whole months.',
  })
  async monitoring(
    @Ctx() ctx: Context,
    @Arg('municipalityId', () => ID, { description: 'Your municipality (an organisation of kind MUNICIPALITY).' }) municipalityId: string,
    @Arg('from', () => DateScalar, { description: 'First day of the period: the first of a month, where small counts are suppressed.' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day of the period: the last of a month, where small counts are suppressed.' }) to: string,
  ): Promise<MonitoringReport> {
    if (to < from) throw new BadUserInputError('to', 'must not be before from');
    const rule = disclosureRuleOf(ctx.actor.roles, ctx.config);
    if (rule.threshold > 1) assertWholeMonths(from, to);
    const municipality = isUuid(municipalityId) ? await ctx.loaders.one(Organisation).load(municipalityId) : undefined;
    if (!municipality || municipality.kind !== 'MUNICIPALITY') throw new NotFoundError('Municipality');
    assertOwnMunicipality(ctx, municipality.id);

    const figures = await monitoringFigures(ctx.replica.reader(ctx.em), municipality.id, from, to);

    const trajectories = protectBreakdown(figures.trajectories, rule).cells;
    const outcomes = protectBreakdown(figures.handoverOutcomes, rule).cells;
    const caseload = protectCaseload(figures.caseloads, figures.caseloadClients, rule);
    // Case managers are professionals, not the women counted, and the chain's directory lists them;
    // `perCaseManager` has one entry each. Suppressed or rounded, their number was a pretence its
    // length undid, and with it the count per organisation: so they are counted exactly, unless they
    // would bound the women, and then withheld all together (protectCaseload).
    const caseManagers = (n: number) => protectCount(n, EXACT);
    const organisations = caseload.withheld ? [] : await ctx.loaders.one(Organisation).loadMany(figures.caseManagersByOrganisation.map((o) => o.organisationId));

    return {
      municipality,
      from,
      to,
      threshold: rule.threshold,
      roundingBase: rule.roundingBase,
      method: describeRule(rule),
      zoneRegistrations: {
        issued: protectCount(figures.zoneRegistrations.issued, rule),
        revoked: protectCount(figures.zoneRegistrations.revoked, rule),
        active: protectCount(figures.zoneRegistrations.active, rule),
      },
      activeOnZone: protectCount(figures.activeOnZone, rule),
      trajectories: TRAJECTORY_KINDS.map((kind) => ({ kind, count: trajectories[kind] })),
      handoverOutcomes: HANDOVER_DESTINATIONS.map((outcome) => ({ outcome, count: outcomes[outcome] })),
      caseload: {
        caseManagers: caseload.withheld ? { value: null, suppressed: true } : caseManagers(figures.caseloads.length),
        clients: caseload.clients,
        perCaseManager: caseload.perCaseManager,
        caseManagersWithheld: caseload.withheld,
      },
      caseManagers: caseload.withheld
        ? null
        : figures.caseManagersByOrganisation
            .map((o, i) => ({ organisation: organisations[i] as Organisation, count: caseManagers(o.count) }))
            .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name)),
      hoursPerCase: {
        ...protectAverage(figures.activity.minutes / 60, figures.activity.clientWeeks, rule, figures.activity.clients),
        clients: protectCount(figures.activity.clients, rule),
      },
      referrals: protectCount(figures.referrals, rule),
      signals: protectCount(figures.signals, rule),
    };
  }
}
