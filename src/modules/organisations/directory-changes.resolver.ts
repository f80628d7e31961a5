/**
 * The directory's changes read back (policy §2, §7): who gave whom a role, a sign-in, a place in a
 * team, and who tried to and was refused. An administrator who adds a case manager with a sign-in
 * she controls herself reads as that case manager; what stands against it is that another
 * administrator can see the change. Read from the audit log itself, the one record of them.
 */
import { raw, type FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { ConnectionType, CURSOR_KEYS, decodeCursor, pageSize, type Connection } from '../../common/pagination';
import type { AuditEvent, AuditAction, AuditOutcome } from '../audit/audit-event.entity';
import { pageOfLines } from '../audit/audit-page';
import { ACTION_NAMES, AuditActionEnum, AuditOutcomeEnum } from '../audit/audit-trail.resolver';
import { DIRECTORY_EVENTS, keepsChain } from './directory.resolver';
import { Organisation } from './organisation.entity';
import { organisationRules } from './organisation.rules';
import { Professional } from './professional.entity';
import { Team } from './team.entity';

/** A refused attempt leaves the line every refused mutation leaves, `mutation.<name>` (audit/refused-calls.ts). */
const REFUSED_ATTEMPTS = Object.keys(organisationRules.Mutation).map((name) => `mutation.${name}`);
const DIRECTORY_LINES = [...DIRECTORY_EVENTS, ...REFUSED_ATTEMPTS];

/**
 * The professional a change names in `reason` (`lineAbout`, directory.resolver.ts): its first word,
 * or for a team's member the second, after the team. `changeOf` reads it the same way.
 */
const changedProfessional = (line: string) => `split_part(${line}.reason, ' ', case when ${line}.event_type like 'team.member.%' then 2 else 1 end)`;

/**
 * The lines an administrator reads. The chain's administrator: those made from any of its
 * organisations. An organisation's: those made from her own, and the chain's administrator's
 * changes of her organisation's people — each organisation answers for who acts in its name, so
 * a role given to one of hers by the municipality is hers to see as well. Refused attempts name no
 * one they were aimed at; she reads her own organisation's only.
 */
async function linesYouKeep(ctx: Context): Promise<() => FilterQuery<AuditEvent>> {
  const directory = { clientId: null, eventType: { $in: DIRECTORY_LINES } };
  const own = ctx.actor.organisationId;
  if (keepsChain(ctx)) {
    const kept = (await ctx.em.find(Organisation, { municipality: ctx.actor.municipalityId })).map((o) => o.id);
    return () => ({ ...directory, organisationId: { $in: kept } });
  }
  const chain = ctx.actor.municipalityId;
  if (!chain) return () => ({ ...directory, organisationId: own });
  return () => ({
    ...directory,
    $or: [
      { organisationId: own },
      {
        organisationId: chain,
        outcome: 'GRANTED',
        [raw((line) => `${changedProfessional(line)} in (select p.id::text from professional p where p.organisation_id = ?)`, [own])]: [],
      },
    ],
  });
}

@ObjectType({ description: 'A change of the directory you keep, or a refused attempt at one, as the audit log holds it.' })
export class DirectoryChange {
  @Field(() => ID)
  id: string;

  @Field({ description: 'When it happened.' })
  occurredAt: Date;

  @Field({ description: '`professional.add`, `professional.change`, `team.member.remove`, …; `mutation.<name>` for a refused attempt.' })
  eventType: string;

  @Field(() => AuditActionEnum, { description: 'What was done.' })
  action: (typeof ACTION_NAMES)[AuditAction];

  @Field(() => AuditOutcomeEnum, { description: 'Whether it happened, was refused or failed.' })
  outcome: AuditOutcome;

  @Field(() => [String], { description: 'What it changed: `roles`, `subject`, `active`, `members`, …' })
  fields: string[];

  @Field(() => String, { nullable: true, description: 'Why it was refused or failed (a deny reason or error code); null when it happened.' })
  refusal: string | null;

  @Field(() => Professional, { nullable: true, description: 'The administrator who made it (or tried to).' })
  by: Professional | null;

  @Field(() => Professional, { nullable: true, description: 'The professional it changed.' })
  professional: Professional | null;

  @Field(() => Team, { nullable: true, description: 'The team it changed.' })
  team: Team | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation it added.' })
  organisation: Organisation | null;
}

export const DirectoryChangeConnection = ConnectionType(DirectoryChange, 'The changes of the directory you keep, newest first, a page at a time.');

@Resolver()
export class DirectoryChangesResolver {
  @Query(() => DirectoryChangeConnection, {
    description:
      'Administrators: the directory’s changes made from your organisation and the chain administrator’s changes of your organisation’s people (the chain’s administrator: all of the chain), and the refused attempts made from your organisation, newest first.',
  })
  async directoryChanges(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 50).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ): Promise<Connection<DirectoryChange>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, [CURSOR_KEYS.bigint]);
    const page = await pageOfLines(ctx.em, await linesYouKeep(ctx), size, cursor);
    const changes = await Promise.all(page.edges.map((e) => changeOf(ctx, e.node)));
    return { ...page, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: changes[i] })) };
  }
}

/** A line as the administrator reads it: on a change, `reason` names what it changed (`lineAbout`, directory.resolver.ts). */
async function changeOf(ctx: Context, line: AuditEvent): Promise<DirectoryChange> {
  const granted = line.outcome === 'GRANTED';
  const [first, second] = granted ? (line.reason ?? '').split(' ') : [];
  const subject = line.eventType.split('.')[0];
  const one = <T extends object>(type: new () => T, id: string | undefined) => (id ? ctx.loaders.one(type).load(id) : null);
  const [by, professional, team, organisation] = await Promise.all([
    one(Professional, line.professionalId ?? undefined),
    one(Professional, subject === 'professional' ? first : subject === 'team' && second ? second : undefined),
    one(Team, subject === 'team' ? first : undefined),
    one(Organisation, subject === 'organisation' ? first : undefined),
  ]);
  return {
    id: line.id,
    occurredAt: line.occurredAt,
    eventType: line.eventType,
    action: ACTION_NAMES[line.action],
    outcome: line.outcome,
    fields: line.fields,
    refusal: granted ? null : line.reason,
    by: by ?? null,
    professional: professional ?? null,
    team: team ?? null,
    organisation: organisation ?? null,
  };
}
