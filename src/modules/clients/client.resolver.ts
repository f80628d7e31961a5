import { Arg, Ctx, Extensions, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import type { Plain } from '../../common/loaders';
import { pageSize, type ListBound } from '../../common/pagination';
import { today } from '../../common/scalars';
import { CATEGORIES } from '../../policy/tables';
import { Professional } from '../organisations/professional.entity';
import { Team } from '../organisations/team.entity';
import {
  CategoryAccess,
  ClientAddiction,
  ClientConnection,
  ClientContact,
  ClientFilter,
  ClientFinance,
  ClientHealth,
  ClientHousing,
  ClientIdentity,
  ClientJustice,
} from './client-categories.types';
import { NAMED_TODAY } from './care-responsibility';
import { ClientRecord } from './client-record.entity';
import { Client } from './client.entity';
import { involvedClient, involvedClients, isUuid } from './involved-clients';

/**
 * A search for one code that finds no one is a lookup (policy §7 counts searches, denied attempts
 * too): of her, when the code is hers and the caller's organisation does not know her, and so in
 * her trail; of nobody, when it is no one's — the same line either way, so no timing path tells
 * the two apart. A client the caller knows but whom other filters left out was not looked for.
 */
async function auditSearchByCode(ctx: Context, code: string): Promise<void> {
  const [owner] = await ctx.em.execute<{ id: string; involved: boolean }[]>('select c.id, is_involved(?, c.id) as involved from client c where c.code = ?', [ctx.actor.organisationId, code]);
  if (owner?.involved) return;
  ctx.audit.recordLookup(owner?.id ?? null, 'Query.clients');
}

@Resolver(() => Client)
export class ClientResolver {
  @Query(() => ClientConnection, { description: 'The clients your organisation is involved with, ordered by code.' })
  async clients(
    @Ctx() ctx: Context,
    @Arg('filter', () => ClientFilter, { nullable: true }) filter?: ClientFilter,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 100 (default 50).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ) {
    const page = await involvedClients(ctx.em, ctx.actor.organisationId, filter, pageSize(first), after, today(ctx.now));
    // Involvement chose the rows; the policy decides (and audits) each client's BASIC data once here.
    const readable = new Set(await ctx.access.readable(page.edges.map((e) => e.node.id), 'Query.clients', (id) => id));
    page.edges = page.edges.filter((e) => readable.has(e.node.id));
    if (filter?.code && page.totalCount === 0) await auditSearchByCode(ctx, filter.code);
    return page;
  }

  @Query(() => Client, { nullable: true, description: 'One client, or null when she does not exist or your organisation is not involved with her.' })
  async client(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    const client = await involvedClient(ctx.em, ctx.actor.organisationId, id);
    // A lookup of someone the caller is not involved with is a denied access attempt (policy §7).
    if (!client && isUuid(id)) ctx.audit.recordLookup(id, 'Query.client');
    return client && (await ctx.access.readable([client], 'Query.client', (c) => c.id))[0];
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team she is assigned to.' })
  team(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    return client.team ? ctx.loaders.one(Team).load(client.team.id) : null;
  }

  @FieldResolver(() => [Professional], {
    description: 'Her case managers now: those assigned to her today who still work in the chain. One who was deactivated is left out; her organisation stays responsible until a colleague takes her on (`reassignCaseManager`).',
  })
  caseManagers(@Root() client: Plain<Client>, @Ctx() ctx: Context) {
    return ctx.loaders
      .custom('caseManagers', async (ids) => {
        const day = today(ctx.now);
        // Assignment and professional in one read: a page's case managers cost one statement.
        const rows = await ctx.loaders.sql<{ of_client: string }>(`select a.client_id as of_client, p.* ${NAMED_TODAY} and a.client_id = any(?::uuid[]) order by a.started_on, a.id`, [
          day,
          day,
          `{${ids.join(',')}}`,
        ]);
        const professionals = ctx.loaders.mapped(Professional, rows);
        const byClient = new Map<string, Professional[]>(ids.map((id) => [id, []]));
        rows.forEach((row, i) => byClient.get(row.of_client)!.push(professionals[i]));
        return ids.map((id) => byClient.get(id)!);
      })
      .load(client.id);
  }

  @FieldResolver(() => [CategoryAccess], { description: 'Per category: whether you may see it, on what basis, until when, or why not.' })
  @Extensions({ maxItems: CATEGORIES.length } satisfies ListBound)
  async access(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<CategoryAccess[]> {
    return Promise.all(
      CATEGORIES.map(async (category) => {
        const d = await ctx.access.decide(client.id, category);
        return d.granted
          ? { category, granted: true, basis: d.basis, decidedBy: d.consentId ?? d.grantId ?? null, until: d.until, reason: null }
          : { category, granted: false, basis: null, decidedBy: d.consentId ?? null, until: null, reason: d.reason === 'NOT_INVOLVED' ? null : d.reason };
      }),
    );
  }

  private record(client: Client, ctx: Context) {
    return ctx.loaders.one(ClientRecord, 'client').load(client.id);
  }

  @FieldResolver(() => ClientIdentity, { nullable: true, description: 'IDENTITY; null with a FORBIDDEN error when not shared with you.' })
  async identity(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientIdentity | null> {
    const r = await this.record(client, ctx);
    return r ? { name: r.name, dateOfBirth: r.dateOfBirth, bsn: r.bsn } : null;
  }

  @FieldResolver(() => ClientContact, { nullable: true, description: 'CONTACT; null with a FORBIDDEN error when not shared with you.' })
  async contact(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientContact | null> {
    const r = await this.record(client, ctx);
    return r ? { phone: r.phone, whereabouts: r.whereabouts } : null;
  }

  @FieldResolver(() => ClientHealth, { nullable: true, description: 'HEALTH; null with a FORBIDDEN error when not shared with you.' })
  async health(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientHealth | null> {
    const r = await this.record(client, ctx);
    return r ? { summary: r.healthSummary } : null;
  }

  @FieldResolver(() => ClientAddiction, { nullable: true, description: 'ADDICTION; null with a FORBIDDEN error when not shared with you.' })
  async addiction(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientAddiction | null> {
    const r = await this.record(client, ctx);
    return r ? { substanceUse: r.substanceUse } : null;
  }

  @FieldResolver(() => ClientHousing, { nullable: true, description: 'HOUSING; null with a FORBIDDEN error when not shared with you.' })
  async housing(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientHousing | null> {
    const r = await this.record(client, ctx);
    return r ? { situation: r.housingSituation } : null;
  }

  @FieldResolver(() => ClientJustice, { nullable: true, description: 'JUSTICE; null with a FORBIDDEN error when not shared with you.' })
  async justice(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientJustice | null> {
    const r = await this.record(client, ctx);
    return r ? { involvement: r.justiceInvolvement } : null;
  }

  @FieldResolver(() => ClientFinance, { nullable: true, description: 'FINANCE; null with a FORBIDDEN error when not shared with you.' })
  async finance(@Root() client: Plain<Client>, @Ctx() ctx: Context): Promise<ClientFinance | null> {
    const [r, spentCents] = await Promise.all([
      this.record(client, ctx),
      ctx.loaders
        .custom('breakthroughSpent', async (ids) => {
          const rows = await ctx.loaders.sql<{ client_id: string; cents: string }>(
            'select client_id, sum(amount_cents) as cents from expenditure where client_id = any(?::uuid[]) group by client_id',
            [`{${ids.join(',')}}`],
          );
          const byClient = new Map(rows.map((row) => [row.client_id, Number(row.cents)]));
          return ids.map((id) => byClient.get(id) ?? 0);
        })
        .load(client.id),
    ]);
    return r ? { income: r.income, debts: r.debts, breakthroughSpent: spentCents / 100 } : null;
  }
}
