import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { RoleEnum, enumObject } from '../../common/enums';
import type { Context } from '../../common/context';
import { ForbiddenError, NotFoundError } from '../../common/errors';
import { ConnectionType, CURSOR_KEYS, decodeCursor, pageSize, type Connection } from '../../common/pagination';
import { today } from '../../common/scalars';
import type { Role } from '../../policy/tables';
import { BreakGlassGrant } from '../break-glass/break-glass-grant.entity';
import { CaseAssignment } from '../clients/case-assignment.entity';
import { directsProcessOf } from '../clients/her-chain';
import { involvedClient, isUuid } from '../clients/involved-clients';
import { Organisation } from '../organisations/organisation.entity';
import { AUDIT_BASES, LANGUAGES, basisOf, dataInWords, sentence, type AuditBasis, type Language } from './audit-sentence';
import { AUDIT_OUTCOMES, AuditEvent, type AuditAction, type AuditOutcome } from './audit-event.entity';
import { pageOfLines } from './audit-page';
import type { Plain } from '../../common/loaders';

export const ACTION_NAMES = { C: 'CREATE', R: 'READ', U: 'UPDATE', D: 'DELETE', E: 'EXECUTE' } as const;
export const AuditActionEnum = enumObject(Object.values(ACTION_NAMES));
registerEnumType(AuditActionEnum, { name: 'AuditAction', description: 'What was done (the FHIR AuditEvent action codes C, R, U, D, E).' });
export const AuditOutcomeEnum = enumObject(AUDIT_OUTCOMES);
registerEnumType(AuditOutcomeEnum, { name: 'AuditOutcome', description: 'GRANTED: it happened; DENIED: it was refused; ERROR: it failed.' });
const AuditBasisEnum = enumObject(AUDIT_BASES);
registerEnumType(AuditBasisEnum, {
  name: 'AuditBasis',
  description:
    'What allowed it: her CONSENT, emergency access (BREAK_GLASS), the organisation’s CARE_RELATIONSHIP with her (basic details), the process director’s BREAK_GLASS_REVIEW of emergency access to her (policy §4), or NONE (so has whatever was refused or failed).',
});
const LanguageEnum = enumObject(LANGUAGES);
registerEnumType(LanguageEnum, { name: 'Language', description: 'NL: Dutch; EN: English.' });

export const AuditEventConnection = ConnectionType(AuditEvent, 'What happened with a client’s data, newest first, a page at a time.');

/**
 * May the caller read this client's audit trail? Her own case managers, and the process director of
 * her chain — not one of another city's chain that an open handover involves: the trail carries the
 * reasons of break-glass grants, free text that may well be HEALTH.
 */
async function assertMayReadTrail(ctx: Context, clientId: string): Promise<void> {
  if (!isUuid(clientId)) throw new NotFoundError('Client');
  const refuse = (reason: 'NOT_INVOLVED' | 'ROLE_NOT_ALLOWED', error: Error) =>
    ctx.audit.refuse({ eventType: 'audit-trail.read', action: 'R', outcome: 'DENIED', clientId, careRelationshipChecked: true, reason, fields: ['Query.auditTrail'] }, error);
  const client = await involvedClient(ctx.em, ctx.actor.organisationId, clientId);
  if (!client) throw refuse('NOT_INVOLVED', new NotFoundError('Client'));
  if (await directsProcessOf(ctx.em, ctx.actor, client.id, ctx.now)) return;
  const day = today(ctx.now);
  const assigned = await ctx.em.count(CaseAssignment, {
    client: clientId,
    professional: ctx.actor.professionalId,
    startedOn: { $lte: day },
    $or: [{ endedOn: null }, { endedOn: { $gte: day } }],
  });
  if (!assigned) throw refuse('ROLE_NOT_ALLOWED', new ForbiddenError('ROLE_NOT_ALLOWED', 'Only her own case managers and the process director of her chain may read her audit trail'));
}

@Resolver(() => AuditEvent)
export class AuditTrailResolver {
  @Query(() => AuditEventConnection, {
    description:
      'Who accessed or changed the client’s data, newest first: for her own case managers and the process director of her chain, so she can be told. Reading it is audited too.',
  })
  async auditTrail(
    @Ctx() ctx: Context,
    @Arg('clientId', () => ID) clientId: string,
    @Arg('from', () => Date, { nullable: true, description: 'Only what happened at or after this moment.' }) from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Only what happened before this moment.' }) to?: Date,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 50).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ): Promise<Connection<AuditEvent>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, [CURSOR_KEYS.bigint]);
    await assertMayReadTrail(ctx, clientId);

    const where = {
      clientId,
      ...(from || to ? { occurredAt: { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } } : {}),
    };
    const page = await pageOfLines(ctx.em, () => where, size, cursor);
    // Recorded once it was read: a read that failed leaves the ERROR line of a refused call instead.
    ctx.audit.record({ eventType: 'audit-trail.read', action: 'R', outcome: 'GRANTED', clientId, careRelationshipChecked: true, fields: ['Query.auditTrail'] });
    return page;
  }

  @FieldResolver(() => AuditActionEnum, { description: 'What was done.' })
  action(@Root() e: Plain<AuditEvent>): (typeof ACTION_NAMES)[AuditAction] {
    return ACTION_NAMES[e.action];
  }

  @FieldResolver(() => AuditOutcomeEnum, { description: 'Whether it happened, was refused or failed.' })
  outcome(@Root() e: Plain<AuditEvent>): AuditOutcome {
    return e.outcome;
  }

  @FieldResolver(() => Organisation, { nullable: true, description: 'The organisation of the professional who did it.' })
  async organisation(@Root() e: Plain<AuditEvent>, @Ctx() ctx: Context) {
    return e.organisationId ? ((await ctx.loaders.one(Organisation).load(e.organisationId)) ?? null) : null;
  }

  @FieldResolver(() => [RoleEnum], { description: 'Her roles then (the professional’s name is not part of the trail).' })
  roles(@Root() e: Plain<AuditEvent>): Role[] {
    return e.roles as Role[];
  }

  @FieldResolver(() => AuditBasisEnum, { description: 'What allowed it.' })
  basis(@Root() e: Plain<AuditEvent>): AuditBasis {
    return basisOf(e);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why the glass was broken, in the professional’s words, when it rested on break-glass.' })
  async breakGlassReason(@Root() e: Plain<AuditEvent>, @Ctx() ctx: Context): Promise<string | null> {
    if (e.eventType === 'break-glass.open') return e.reason;
    return e.grantId ? ((await ctx.loaders.one(BreakGlassGrant).load(e.grantId))?.reason ?? null) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was refused or failed (a deny reason or error code).' })
  refusal(@Root() e: Plain<AuditEvent>): string | null {
    return e.outcome === 'GRANTED' ? null : e.reason;
  }

  @FieldResolver(() => String, { description: 'Which data, in words.' })
  data(@Root() e: Plain<AuditEvent>, @Arg('language', () => LanguageEnum, { defaultValue: 'NL' }) language: Language): string {
    return dataInWords(e.categories, language);
  }

  @FieldResolver(() => String, { description: 'The whole event in one sentence she understands.' })
  async sentence(@Root() e: Plain<AuditEvent>, @Ctx() ctx: Context, @Arg('language', () => LanguageEnum, { defaultValue: 'NL' }) language: Language): Promise<string> {
    const org = e.organisationId ? await ctx.loaders.one(Organisation).load(e.organisationId) : undefined;
    return sentence(e, org?.name ?? null, language);
  }
}
