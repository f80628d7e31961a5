import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumObject } from '../../common/enums';
import { DateScalar } from '../../common/scalars';
import { HandoverDestinationEnum, type HandoverDestination } from '../handovers/handover.entity';
import { Organisation } from '../organisations/organisation.entity';
import { TrajectoryKindEnum, type TrajectoryKind } from '../trajectories/trajectory.entity';
import { CASE_MANAGERS_WITHHELD, type CaseManagersWithheld } from './disclosure';

// The answer types of `monitoring`: counts of women, never a client, a professional or a free text
// (policy §5). test/monitoring/no-identifiers.test.ts walks these types to keep it so.

@ObjectType('Count', {
  description:
    'A number of women (or of case managers) after disclosure control. A small number (1 up to the threshold) is not shown: then `suppressed` is true and `value` is null. Zero is always shown.',
})
export class PublishedCount {
  @Field(() => Int, { nullable: true, description: 'The number, rounded up to a multiple of the rounding base; null exactly when suppressed.' })
  value: number | null;

  @Field({ description: 'True when the number is too small to publish (or would let a small number be worked out).' })
  suppressed: boolean;
}

@ObjectType({ description: 'An average after disclosure control: withheld when it rests on fewer women than the threshold.' })
export class Average {
  @Field(() => Float, { nullable: true, description: 'The average, to one decimal; null when suppressed or when there is nothing to average.' })
  value: number | null;

  @Field({ description: 'True when the average rests on too few women to publish.' })
  suppressed: boolean;

  @Field(() => PublishedCount, { description: 'How many women the average rests on.' })
  clients: PublishedCount;
}

@ObjectType({ description: 'Zone registrations (permits to work on the tippelzone) of the municipality.' })
export class ZoneRegistrationFigures {
  @Field(() => PublishedCount, { description: 'Women who were issued a registration in the period.' })
  issued: PublishedCount;

  @Field(() => PublishedCount, { description: 'Women whose registration was revoked in the period (often on their own request).' })
  revoked: PublishedCount;

  @Field(() => PublishedCount, { description: 'Women holding a registration on the last day of the period.' })
  active: PublishedCount;
}

@ObjectType({ description: 'How many women had a trajectory of one kind during the period.' })
export class TrajectoryKindCount {
  @Field(() => TrajectoryKindEnum, { description: 'The kind of trajectory.' })
  kind: TrajectoryKind;

  @Field(() => PublishedCount, { description: 'Women with a trajectory of this kind running at some time in the period.' })
  count: PublishedCount;
}

@ObjectType({ description: 'How many women went to one destination at a completed handover in the period.' })
export class HandoverOutcomeCount {
  @Field(() => HandoverDestinationEnum, { description: 'Where responsibility went.' })
  outcome: HandoverDestination;

  @Field(() => PublishedCount, { description: 'Women whose handover to this destination was completed in the period.' })
  count: PublishedCount;
}

export const CaseManagersWithheldEnum = enumObject(CASE_MANAGERS_WITHHELD);
registerEnumType(CaseManagersWithheldEnum, {
  name: 'CaseManagersWithheld',
  description:
    'Why the case managers’ figures are withheld. Every case manager listed has at least one woman, so her number bounds the women under case management, and the women bound the caseloads.',
  valuesConfig: {
    CLIENTS_SUPPRESSED: { description: 'The women under case management are suppressed: the number of case managers would narrow or give it (2 case managers beside a suppressed count with k = 3 mean 2 women).' },
    CASELOAD_KNOWN: {
      description:
        'The women shown, with the caseloads shown and their order, would leave a suppressed caseload a single value (3 suppressed caseloads of at most 5 women between them put the smallest at 1).',
    },
  },
});

@ObjectType({ description: 'Case managers’ caseloads in the period, as an anonymous distribution: no case manager is named.' })
export class CaseloadFigures {
  @Field(() => PublishedCount, {
    description:
      'Case managers who had at least one woman in their caseload in the period (the total of `caseManagers` per organisation). Professionals, not women: counted exactly, whatever the threshold — unless `caseManagersWithheld` says why not, and then suppressed.',
  })
  caseManagers: PublishedCount;

  @Field(() => PublishedCount, { description: 'Women who had a case manager at some time in the period.' })
  clients: PublishedCount;

  @Field(() => [PublishedCount], {
    nullable: true,
    description:
      'One entry per case manager, largest caseload first: how many women she had in the period. Entries carry no name and their order says only the size; how many entries there are is how many case managers (the chain’s directory lists them anyway). Null when withheld (`caseManagersWithheld` says why); an empty list means no case manager had a caseload.',
  })
  perCaseManager: PublishedCount[] | null;

  @Field(() => CaseManagersWithheldEnum, {
    nullable: true,
    description:
      'Why the case managers’ figures of this answer are withheld: `caseManagers` here suppressed, `perCaseManager` and the report’s `caseManagers` per organisation null. Null when they are published.',
  })
  caseManagersWithheld: CaseManagersWithheld | null;
}

@ObjectType({ description: 'How many case managers of one organisation had a caseload in the period.' })
export class OrganisationCaseManagers {
  @Field(() => Organisation, { description: 'The employing organisation.' })
  organisation: Organisation;

  @Field(() => PublishedCount, { description: 'Its case managers with at least one woman in their caseload in the period, counted exactly (they are professionals, whom the chain’s directory lists).' })
  count: PublishedCount;
}

@ObjectType({ description: 'The figures the municipality monitors (the closing report’s table) for one period, for its own chain only.' })
export class MonitoringReport {
  @Field(() => Organisation, { description: 'The municipality the figures are about.' })
  municipality: Organisation;

  @Field(() => DateScalar, { description: 'First day of the period (included).' })
  from: string;

  @Field(() => DateScalar, { description: 'Last day of the period (included).' })
  to: string;

  @Field(() => Int, { description: 'Disclosure threshold k applied for your role: counts of 1 to k−1 are suppressed. 1 means exact figures.' })
  threshold: number;

  @Field(() => Int, { description: 'Shown counts are rounded up to a multiple of this number, so that two overlapping periods cannot be subtracted to reveal a small count.' })
  roundingBase: number;

  @Field({ description: 'The disclosure control applied, in words.' })
  method: string;

  @Field(() => ZoneRegistrationFigures, { description: 'Zone registrations issued, revoked, and held at the end of the period.' })
  zoneRegistrations: ZoneRegistrationFigures;

  @Field(() => PublishedCount, { description: 'Women seen working on the zone in the period.' })
  activeOnZone: PublishedCount;

  @Field(() => [TrajectoryKindCount], { description: 'Women per kind of trajectory running in the period; every kind is listed.' })
  trajectories: TrajectoryKindCount[];

  @Field(() => [HandoverOutcomeCount], { description: 'Where women went at handovers completed in the period; every destination is listed.' })
  handoverOutcomes: HandoverOutcomeCount[];

  @Field(() => CaseloadFigures, { description: 'Caseload per case manager, without names.' })
  caseload: CaseloadFigures;

  @Field(() => [OrganisationCaseManagers], {
    nullable: true,
    description:
      'Case managers with a caseload in the period, per employing organisation of the chain. Null when withheld (`caseload.caseManagersWithheld` says why); an empty list means none had a caseload.',
  })
  caseManagers: OrganisationCaseManagers[] | null;

  @Field(() => Average, { description: 'Hours of logged activity per woman per week she had activity logged (from the activity logs of the period).' })
  hoursPerCase: Average;

  @Field(() => PublishedCount, { description: 'Women referred to a team (aanmelding) in the period.' })
  referrals: PublishedCount;

  @Field(() => PublishedCount, { description: 'Women about whom a partner raised a signal with procesregie in the period.' })
  signals: PublishedCount;
}
