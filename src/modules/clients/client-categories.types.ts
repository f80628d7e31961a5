import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { DataCategory, DenyReasonEnum } from '../../common/enums';
import { ConnectionType } from '../../common/pagination';
import { DateScalar } from '../../common/scalars';
import type { Category, DenyReason } from '../../policy/tables';
import { Client, ClientStatusEnum, type ClientStatus } from './client.entity';

// One object type per category: each is reachable only through the `Client` field that guards it
// (`reachedOnlyThrough` in client.rules.ts, and the schema test that holds that true).

@ObjectType({ description: 'IDENTITY: who she is.' })
export class ClientIdentity {
  @Field({ description: 'Her name.' }) name: string;
  @Field(() => DateScalar, { nullable: true, description: 'Date of birth.' }) dateOfBirth: string | null;
  @Field(() => String, { nullable: true, description: 'Citizen service number (BSN).' }) bsn: string | null;
}

@ObjectType({ description: 'CONTACT: how and where to reach her.' })
export class ClientContact {
  @Field(() => String, { nullable: true, description: 'Phone number.' }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'Where she can be found or lives.' }) whereabouts: string | null;
}

@ObjectType({ description: 'HEALTH: psychiatric and somatic information.' })
export class ClientHealth {
  @Field(() => String, { nullable: true, description: 'Summary of her health.' }) summary: string | null;
}

@ObjectType({ description: 'ADDICTION: substance use.' })
export class ClientAddiction {
  @Field(() => String, { nullable: true, description: 'What she uses and how.' }) substanceUse: string | null;
}

@ObjectType({ description: 'HOUSING: where and how she lives.' })
export class ClientHousing {
  @Field(() => String, { nullable: true, description: 'Her housing situation.' }) situation: string | null;
}

@ObjectType({ description: 'JUSTICE: police and justice involvement.' })
export class ClientJustice {
  @Field(() => String, { nullable: true, description: 'Police and justice involvement.' }) involvement: string | null;
}

@ObjectType({ description: 'FINANCE: income, debts and breakthrough budget spent on her.' })
export class ClientFinance {
  @Field(() => String, { nullable: true, description: 'Her income.' }) income: string | null;
  @Field(() => String, { nullable: true, description: 'Her debts.' }) debts: string | null;
  @Field(() => Float, { description: 'Breakthrough (flex) budget spent on her, in euros.' }) breakthroughSpent: number;
}

@ObjectType({ description: 'Whether you may see one category of this client, and why (so a dashboard asks only for what it will get).' })
export class CategoryAccess {
  @Field(() => DataCategory) category: Category;
  @Field() granted: boolean;
  @Field(() => String, { nullable: true, description: 'What allows it: INVOLVEMENT (BASIC), CONSENT or BREAK_GLASS.' }) basis: string | null;
  @Field(() => String, { nullable: true, description: 'The consent or break-glass grant that allows it; when refused, the consent that refuses it (an objection) or that ended (revoked, expired).' }) decidedBy: string | null;
  @Field(() => Date, {
    nullable: true,
    description:
      "Until when it is allowed, as recorded now: when what allows it ends (a consent, a break-glass grant) or, if sooner, your organisation's involvement with her (a case assignment's last day, a consent naming it, a break-glass grant). Null when nothing recorded ends it. A change before then ends it sooner: a consent revoked, a handover or referral answered.",
  })
  until: Date | null;
  @Field(() => DenyReasonEnum, { nullable: true, description: 'Why not, when not granted.' }) reason: DenyReason | null;
}

@InputType({ description: 'Narrow the list of clients.' })
export class ClientFilter {
  @Field(() => [ClientStatusEnum], { nullable: true, description: 'Only clients with one of these statuses.' }) status?: ClientStatus[];
  @Field(() => String, { nullable: true, description: 'Only the clients of this team.' }) teamId?: string;
  @Field(() => String, { nullable: true, description: 'Only the client with this code.' }) code?: string;
  @Field(() => ID, { nullable: true, description: 'Only the clients this professional is a case manager of today (one of `caseManagers`): a caseload.' })
  caseManagerId?: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only the clients your organisation carries today (an assignment) without one of its case managers named who still works, as after a case manager left.',
  })
  withoutCaseManager?: boolean;
}

export const ClientConnection = ConnectionType(Client, 'Clients your organisation is involved with, a page at a time.');
