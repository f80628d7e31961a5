import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import { columnsOf, readSql, type Plain } from '../../common/loaders';
import { NewestFirstArg, NewestFirstQuery, newestAtMost } from '../../common/pagination';
import { today } from '../../common/scalars';
import { id } from '../../common/validate';
import { audited } from '../../common/write';
import { breakGlassCovers } from '../../policy/tables';
import { Client } from '../clients/client.entity';
import { isUuid } from '../clients/involved-clients';
import { Organisation } from '../organisations/organisation.entity';
import { Professional } from '../organisations/professional.entity';
import { BreakGlassGrant } from './break-glass-grant.entity';

const REASON = { min: 10, max: 2000 };

/**
 * Grants procesregie of the chain `?` reviews: those on a woman of that chain on the day the glass
 * was broken, the chain that directed her process then (as `g`).
 */
const REVIEWED_IN_CHAIN = 'client_chain_on(g.client_id, chain_day(g.started_at)) = ?';

/**
 * Whether the caller's organisation takes part in the chain of the client with this id, so that an
 * emergency of hers can be one its professionals meet (policy §4): it belongs to the chain she is in
 * today (`herChainToday`) — whose procesregie directs her process and reviews the grant
 * (`directsProcessOf`) — or it knows her already through her care, a consent, a handover or a
 * referral, in whichever chain it works. A grant of its own is no such reason, or one grant would
 * renew itself for good. Any other answer is the one for an id nobody has (policy §1), from the same
 * single statement.
 */
async function takesPartInHerChain(ctx: Context, clientId: string): Promise<boolean> {
  if (!isUuid(clientId)) return false;
  const [found] = await ctx.em.execute(
    `select 1 from ${columnsOf(ctx.em, Client).table} c where c.id = ? and (client_chain_on(c.id, ?) = ? or is_involved_beyond_break_glass(?, c.id))`,
    [clientId, today(ctx.now), ctx.actor.municipalityId, ctx.actor.organisationId],
  );
  return Boolean(found);
}

/** The chain whose grants the caller reviews: procesregie's municipality (`directsProcess`). */
const reviewingChain = (ctx: Context) => ctx.actor.municipalityId ?? ctx.actor.organisationId;

@Resolver(() => BreakGlassGrant)
export class BreakGlassResolver {
  @Mutation(() => BreakGlassGrant, {
    description:
      'Emergency access to one client of your organisation’s chain (or one your organisation already knows) for a short time (default 4 hours), within what your role may see. Always audited with your reason and reviewed by procesregie.',
  })
  async breakGlass(@Ctx() ctx: Context, @Arg('clientId', () => ID) clientId: string, @Arg('reason', { description: 'Why, in words a reviewer understands (10 to 2000 characters).' }) reason: string) {
    const trimmed = reason.trim();
    // Characters as PostgreSQL counts them (the grant's check, `length(btrim(reason)) >= 10`), not
    // UTF-16 code units: five emoji are ten units and five characters, and counted as ten here they
    // passed, met the check and failed the call with an internal error instead of this answer.
    const characters = [...trimmed].length;
    if (characters < REASON.min || characters > REASON.max) throw new BadUserInputError('reason', `must be ${REASON.min} to ${REASON.max} characters`);
    if (!(await takesPartInHerChain(ctx, clientId))) throw new NotFoundError('Client');
    const grant = await audited(ctx, async (tx) => {
      const g = tx.create(BreakGlassGrant, {
        client: tx.getReference(Client, clientId),
        professional: tx.getReference(Professional, ctx.actor.professionalId),
        organisation: tx.getReference(Organisation, ctx.actor.organisationId),
        reason: trimmed,
        startedAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + ctx.config.breakGlassHours * 3600_000),
      });
      await tx.flush();
      // The line says which of her data the grant opens (§7), so her own account of it can too.
      ctx.audit.record({
        eventType: 'break-glass.open',
        action: 'E',
        outcome: 'GRANTED',
        clientId,
        categories: breakGlassCovers(ctx.actor.roles),
        breakGlassUsed: true,
        grantId: g.id,
        reason: trimmed,
      });
      await ctx.audit.flush(tx);
      return g;
    });
    ctx.access.clear(clientId);
    return grant;
  }

  /** A grant is reviewed by procesregie of the chain she was in when the glass was broken: the one that directed her process then. */
  @NewestFirstQuery(() => [BreakGlassGrant], 'Break-glass grants on women of your chain (as she was in it on the day), for review')
  breakGlassReview(
    @Ctx() ctx: Context,
    @Arg('reviewed', () => Boolean, { nullable: true, description: 'Only those marked reviewed (true) or those still to review (false).' }) reviewed?: boolean | null,
    @NewestFirstArg() first?: number | null,
  ) {
    const { table, column } = columnsOf(ctx.em, BreakGlassGrant);
    const only = reviewed == null ? '' : `and g.${column('reviewedAt')} is ${reviewed ? 'not ' : ''}null`;
    return readSql(
      ctx.em,
      BreakGlassGrant,
      `select g.* from ${table} g where ${REVIEWED_IN_CHAIN} ${only}
        order by g.${column('startedAt')} desc, g.id asc limit ?`,
      [reviewingChain(ctx), newestAtMost(first)],
    );
  }

  @Mutation(() => BreakGlassGrant, {
    description:
      'Procesregie: marks a grant of `breakGlassReview` reviewed, naming you as its reviewer. Once: CONFLICT when it was reviewed already; NOT_FOUND for a grant your chain does not review.',
  })
  async reviewBreakGlass(@Ctx() ctx: Context, @Arg('id', () => ID) grantId: string) {
    const grant = id('id', grantId);
    const { table } = columnsOf(ctx.em, BreakGlassGrant);
    return audited(ctx, async (tx) => {
      // Locked: of two reviews at once, the second finds the first's mark and is told so.
      const [found] = await readSql(tx, BreakGlassGrant, `select g.* from ${table} g where g.id = ? and ${REVIEWED_IN_CHAIN} for update`, [grant, reviewingChain(ctx)]);
      if (!found) throw new NotFoundError('BreakGlassGrant');
      if (found.reviewedAt) throw new ConflictError('It was reviewed already');
      const [marked] = await readSql(tx, BreakGlassGrant, `update ${table} set reviewed_at = ?, reviewed_by_id = ? where id = ? returning *`, [ctx.now, ctx.actor.professionalId, grant]);
      // Her trail says her emergency access was looked into; the line names the grant, as a read of its reason does.
      ctx.audit.record({ eventType: 'break-glass.reviewed', action: 'U', outcome: 'GRANTED', clientId: found.client.id, reason: grant });
      await ctx.audit.flush(tx);
      return marked;
    });
  }

  @FieldResolver()
  reason(@Root() g: Plain<BreakGlassGrant>, @Ctx() ctx: Context): string {
    // Free text about a named client, her health in all but name: reading it is an access to her
    // data (policy §7), on the review procesregie owes every grant (§4). The line names the grant
    // read; the professional who wrote it reads her own words without one.
    if (g.professional.id !== ctx.actor.professionalId) {
      ctx.audit.record({ eventType: 'break-glass.review', action: 'R', outcome: 'GRANTED', clientId: g.client.id, fields: ['BreakGlassGrant.reason'], reason: g.id });
    }
    return g.reason;
  }

  @FieldResolver(() => Client, { nullable: true, description: 'The client (shown only as far as your own access goes).' })
  client(@Root() g: Plain<BreakGlassGrant>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Client).load(g.client.id);
  }

  @FieldResolver(() => Professional, { description: 'Who broke the glass.' })
  professional(@Root() g: Plain<BreakGlassGrant>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Professional).load(g.professional.id);
  }

  @FieldResolver(() => Organisation, { description: 'Her organisation.' })
  organisation(@Root() g: Plain<BreakGlassGrant>, @Ctx() ctx: Context) {
    return ctx.loaders.one(Organisation).load(g.organisation.id);
  }

  @FieldResolver(() => Professional, { nullable: true, description: 'Who marked it reviewed; null until then.' })
  reviewedBy(@Root() g: Plain<BreakGlassGrant>, @Ctx() ctx: Context) {
    return g.reviewedBy ? ctx.loaders.one(Professional).load(g.reviewedBy.id) : null;
  }
}
