/**
 * How every mutation of the chain's workflows writes: one transaction holding the change and its
 * audit line (NEN 7513), a stale version or a lost race answered as CONFLICT, and an answer that
 * shows the caller only what she may still see once the change is made.
 */
import { DeadlockException, LockMode, OptimisticLockError, UniqueConstraintViolationException, type EntityClass, type EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditBuffer } from '../modules/audit/audit-buffer';
import { Client } from '../modules/clients/client.entity';
import { involvedOneSql, isUuid } from '../modules/clients/involved-clients';
import type { Category } from '../policy/tables';
import type { Context } from './context';
import { columnsOf } from './loaders';
import { ConflictError, ForbiddenError, NotFoundError } from './errors';

export type MutationAudit = Omit<Parameters<AuditBuffer['record']>[0], 'outcome'> & { clientId: string };

export interface Written<T> {
  entity: T;
  /** The audit line of the change; written in the same transaction, so there is never one without the other. */
  audit: MutationAudit;
}

const STALE = 'It was changed by someone else since you loaded it; reload it and try again';

/**
 * Runs `work` in one transaction on a fork of `em`, committed when it returns and rolled back when
 * it throws. Not `em.transactional()`: that runs through AsyncLocalStorage, whose promise hook
 * then slows every promise of the process for good (bench/RESULTS.md). So `work` must use the `tx`
 * it is given; the request's own EntityManager stays outside the transaction.
 */
export async function transaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const tx = em.fork({ clear: false });
  await tx.begin();
  try {
    const result = await work(tx);
    await tx.commit();
    return result;
  } catch (err) {
    await tx.rollback().catch(() => undefined); // the connection may be the very thing that failed
    throw err;
  }
}

/**
 * Runs `work` in one transaction and commits it with its audit line. Anything `work` throws rolls
 * everything back. Answers the entity, or null when the change ended the caller's organisation's
 * involvement with the client (she then no longer exists for it, policy §1). That is asked before
 * the commit, in the transaction that sees the change: once it committed, nothing may fail the
 * call — a caller told to try again would make the change twice, and her trail would say it failed.
 */
export async function write<T>(ctx: Context, work: (tx: EntityManager) => Promise<Written<T>>): Promise<T | null> {
  const written = await audited(ctx, async (tx) => {
    const result = await work(tx);
    await tx.flush();
    const basis = restsOnBreakGlass.get(tx)?.has(result.audit.clientId) ? await breakGlassBasis(ctx, result.audit.clientId) : {};
    ctx.audit.record({ careRelationshipChecked: true, ...basis, ...result.audit, outcome: 'GRANTED' });
    await ctx.audit.flush(tx);
    const [{ involved }] = await tx.execute<{ involved: boolean }[]>(`select ${involvedOneSql('?')} as involved`, [ctx.actor.organisationId, result.audit.clientId]);
    return { ...result, stillInvolved: involved };
  });
  ctx.access.clear(written.audit.clientId);
  return written.stillInvolved ? written.entity : null;
}

/**
 * The clients about whom a transaction's write found her organisation knowing her through
 * break-glass alone (`involvedRow`). Such a write — an hour logged, a signal raised in the
 * emergency — rests on the grant, and its line says so (policy §7: "emergency access used, with the
 * grant that applied"), as a read on it does; else her trail would call it her care relationship.
 */
const restsOnBreakGlass = new WeakMap<EntityManager, Set<string>>();

/** The grant a write rests on: the one her BASIC data is open on (src/policy/decide.ts), the writer's own first. */
async function breakGlassBasis(ctx: Context, clientId: string): Promise<{ breakGlassUsed?: boolean; grantId?: string }> {
  const d = await ctx.access.decide(clientId, 'BASIC');
  return d.granted && d.basis === 'BREAK_GLASS' ? { breakGlassUsed: true, grantId: d.grantId } : {};
}

/**
 * A change of the chain's directory (organisations, teams, professionals), ADMIN's: about no client,
 * so there is no involvement to ask, but it is one transaction with its audit line all the same —
 * who may sign in, and as what, decides who sees her data.
 */
export async function writeDirectory<T>(ctx: Context, work: (tx: EntityManager) => Promise<{ entity: T; audit: Parameters<AuditBuffer['record']>[0] }>): Promise<T> {
  return audited(ctx, async (tx) => {
    const { entity, audit } = await work(tx);
    await tx.flush();
    ctx.audit.record(audit);
    await ctx.audit.flush(tx);
    return entity;
  });
}

/**
 * A change's transaction, which carries only its own audit lines; a lost race answered as CONFLICT.
 * Once it committed, an answer that fails after says the change was saved (`changeSaved`).
 */
export async function audited<T>(ctx: Context, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  ctx.audit.setAside(); // an earlier field's lines are not this change's to roll back
  try {
    const done = await transaction(ctx.em, work);
    ctx.audit.changeSaved = true;
    return done;
  } catch (err) {
    // A version that changed under the caller, or two writers that met in the database.
    if (err instanceof OptimisticLockError || err instanceof DeadlockException) throw new ConflictError(STALE);
    throw err;
  }
}

/**
 * Break-glass opens a client's data to an organisation for a few hours, in an emergency (policy §4).
 * A write whose effect outlasts them — a consent, which decides who sees her data from then on, or
 * a referral, which keeps the referrer involved while it is open — needs the organisation to know
 * her otherwise too: on her care team, an open handover to it or referral by it, a consent it holds.
 * Else such a write would turn those hours into lasting access.
 */
export interface Involvement {
  beyondBreakGlass?: boolean;
}

const ONLY_BREAK_GLASS = 'Your organisation knows her only through break-glass, which lasts a few hours; it may not record or revoke her consents nor refer her, which would outlast them';

/**
 * The row with this id of `table`, if the caller's organisation is involved with its client: NOT_FOUND
 * when it is not (or there is no such row), FORBIDDEN when the write needs more than break-glass and
 * that is all there is (any other write is then marked as resting on it, `restsOnBreakGlass`). Her
 * client row stays locked until the transaction ends, whatever the write is about: every change of
 * her records, her consents among them, queues on it, so a decision that rests on her consent
 * (accepting a handover, completing one) is never overtaken by its revocation.
 */
async function involvedRow(tx: EntityManager, ctx: Context, entity: EntityClass<object>, id: string, what: string, involvement: Involvement) {
  const org = ctx.actor.organisationId;
  const table = columnsOf(tx, entity).table;
  const clients = columnsOf(tx, Client).table;
  const [from, clientColumn, locked] = table === clients ? [`${table} r`, 'r.id', 'r'] : [`${table} r join ${clients} c on c.id = r.client_id`, 'r.client_id', 'c'];
  const params = [org, id, org];
  const lookup = `select r.*, is_involved_beyond_break_glass(?, ${clientColumn}) as beyond_break_glass from ${from} where r.id = ? and ${involvedOneSql(clientColumn)}`;
  // Rows of a client the organisation is not involved with are filtered out before the lock is
  // taken: such a caller never waits on her row (a wait would tell her apart from nobody).
  const [found] = isUuid(id) ? await tx.execute<Record<string, unknown>[]>(`${lookup} for update of ${locked}`, params) : [];
  if (!found) throw new NotFoundError(what);
  // But that statement judged involvement, and read the row, in the snapshot it began with. A change
  // that held her row before us — a revoked consent, a cancelled or completed handover, a withdrawn
  // referral — may have committed while it waited for the lock, and PostgreSQL hands the lock over
  // without asking again (it re-reads only a locked row that was itself updated, and even then asks
  // `is_involved` in the old snapshot): the organisation would write about a woman it no longer
  // knows, or undo her revocation by recording a consent of its own. Asked again by a statement that
  // begins now, with her row ours, the answer is the one her next request would get, and every other
  // change of her records waits for our commit.
  const [row] = await tx.execute<Record<string, unknown>[]>(lookup, params);
  if (!row) throw new NotFoundError(what);
  const { beyond_break_glass: known, ...columns } = row;
  if (!known) {
    if (involvement.beyondBreakGlass) throw new ForbiddenError('ROLE_NOT_ALLOWED', ONLY_BREAK_GLASS);
    const onGrant = restsOnBreakGlass.get(tx) ?? new Set<string>();
    onGrant.add(String(table === clients ? columns.id : columns.client_id));
    restsOnBreakGlass.set(tx, onGrant);
  }
  return columns;
}

/**
 * The client with this id, locked until the transaction ends (so two writers cannot both pass a
 * "only one open …" check), or NOT_FOUND when she does not exist or the caller's organisation is
 * not involved with her — the same answer, as policy §1 demands.
 */
export async function involvedClientForUpdate(tx: EntityManager, ctx: Context, clientId: string, involvement: Involvement = {}): Promise<Client> {
  return tx.map(Client, await involvedRow(tx, ctx, Client, clientId, 'Client', involvement));
}

/**
 * Something that hangs under a client (`client_id`), at the version the caller saw, with her row
 * locked as `involvedClientForUpdate` locks it; NOT_FOUND when it does not exist or its client is
 * not one the caller's organisation is involved with.
 */
export async function involvedRecord<T extends { client: Client }>(
  tx: EntityManager,
  ctx: Context,
  entity: EntityClass<T>,
  id: string,
  what: string,
  involvement: Involvement = {},
): Promise<T> {
  const row = await involvedRow(tx, ctx, entity, id, what, involvement);
  return tx.map(entity, row as EntityDictionary<T>);
}

/**
 * FORBIDDEN (`refusal`) unless the caller's organisation is on the client's care team (an active
 * case assignment, or a member of her team): what steers her care — handing it over, starting or
 * ending a trajectory, dividing the caseload — is not for an organisation that knows her only
 * through a consent, a handover it has not yet taken on, a referral or break-glass. Nor, as a
 * CONFLICT, for the team while her referral is open: it has not taken her on yet, and what it
 * started meanwhile would outlive a decline (a trajectory nobody can end, an assignment of a
 * closed woman), or a handover would leave the referral to take her back into a team she left.
 */
export async function assertOnCareTeam(tx: EntityManager, ctx: Context, clientId: string, refusal: string): Promise<void> {
  const [{ on_team, referred }] = await tx.execute<{ on_team: boolean; referred: boolean }[]>(
    `select exists (select 1 from client_involvement where client_id = ? and organisation_id = ? and basis = 'CARE_TEAM') as on_team,
            exists (select 1 from referral where client_id = ? and status = 'OPEN') as referred`,
    [clientId, ctx.actor.organisationId, clientId],
  );
  if (!on_team) throw new ForbiddenError('ROLE_NOT_ALLOWED', refusal);
  if (referred) throw new ConflictError('She has an open referral; the team decides on it before her care is steered');
}

/**
 * FORBIDDEN, with the policy's reason, unless the caller may see `category` of her now (policy §2),
 * for a write about a record that is that category's through and through (a zone registration is
 * SEX_WORK): its checks read her records of that kind, so its answers ("she already holds one", "it
 * was issued on …") would tell what her read refuses, and it would write what she has not shared with
 * the caller or objected to. Asked with her row locked, so no consent of hers changes before the
 * commit. A refusal is the change's line, naming the consent that decided it; a grant is answered
 * for the change's own line.
 */
export async function assertShared(ctx: Context, clientId: string, category: Category, line: Pick<MutationAudit, 'eventType' | 'action'>) {
  ctx.access.clear(clientId); // decided on her consents as they stand under the lock, not as an earlier field found them
  const d = await ctx.access.decide(clientId, category);
  if (!d.granted) {
    if (d.reason === 'NOT_INVOLVED') throw new NotFoundError('Client');
    throw ctx.audit.refuse(
      { ...line, outcome: 'DENIED', clientId, categories: [category], careRelationshipChecked: true, consentChecked: d.consentChecked, consentId: d.consentId ?? null, reason: d.reason },
      new ForbiddenError(d.reason),
    );
  }
  return { consentChecked: d.consentChecked, consentId: d.consentId ?? null };
}

/** Refuses to change what the caller did not see: `version` is the one she loaded. */
export async function expectVersion<T extends object>(tx: EntityManager, entity: T, version: number): Promise<void> {
  await tx.lock(entity, LockMode.OPTIMISTIC, version);
}

/**
 * A record as the caller's request is answered now: not at all once her organisation no longer
 * knows its client (policy §1) — for a resend answered with the record its first send made. (A
 * first send is answered so by `write`, before its commit.)
 */
async function asSeenNow<T extends { client: { id: string } }>(ctx: Context, record: T | null): Promise<T | null> {
  return record && (await ctx.access.isInvolved(record.client.id)) ? record : null;
}

/** What a create's line says of the record it made, and a resend's of the record it answers again. */
export interface MadeLine {
  eventType: string;
  categories: string[];
}

/**
 * A create the client application may resend with the same key (a dropped connection, a retry):
 * the first result comes back, never a duplicate — and nothing at all once her organisation no
 * longer knows the client (a referral the team has since taken on): a record the key already made
 * is never made again. The same key for different content is a CONFLICT. A resend answered with the
 * record leaves a read line of it (`<eventType>.resend`): it is an access like any other (policy §7).
 */
export async function idempotent<T extends { client: { id: string } }>(
  ctx: Context,
  key: string | null,
  find: () => Promise<T | null>,
  sameRequest: (existing: T) => boolean | Promise<boolean>,
  made: (record: T) => MadeLine,
  create: () => Promise<T | null>,
): Promise<T | null> {
  const replay = async (): Promise<{ answer: T | null } | null> => {
    const existing = await find();
    if (!existing) return null;
    if (!(await sameRequest(existing))) throw new ConflictError('This idempotencyKey was already used for a different request');
    const answer = await asSeenNow(ctx, existing);
    if (answer) {
      const { eventType, categories } = made(answer);
      ctx.audit.record({ eventType: `${eventType}.resend`, action: 'R', outcome: 'GRANTED', clientId: answer.client.id, categories, careRelationshipChecked: true });
    }
    return { answer };
  };
  const first = key ? await replay() : null;
  if (first) return first.answer;
  try {
    return await create();
  } catch (err) {
    // Two copies of the same request raced past the lookup; the unique constraint let one in.
    const raced = key && err instanceof UniqueConstraintViolationException ? await replay() : null;
    if (raced) return raced.answer;
    throw err;
  }
}
