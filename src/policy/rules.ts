/**
 * graphql-shield rules: thin adapters that load facts (through the request's loaders) and ask the
 * pure policy. Every rule that depends on the parent or arguments is `no_cache`: shield's
 * contextual cache keys by rule only, so two aliased clients could otherwise share one "yes".
 * A rule never throws: a failure becomes a typed, logged error, never shield's "Not Authorised!"
 * nor a raw database message.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { allow, rule } from 'graphql-shield';
import type { ShieldRule } from 'graphql-shield/typings/types';
import { ForbiddenError, NotFoundError } from '../common/errors';
import type { Context } from '../common/context';
import { CLIENT_DATA_ROLES, directsProcess, type Category, type Role } from './tables';

export type Rules = Record<string, Record<string, ShieldRule>>;

/** Catches what a rule's own code throws, so the client sees a stable code, not our internals. */
function safely<P>(fn: (parent: P, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => Promise<true | Error> | true | Error) {
  return async (parent: P, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo): Promise<true | Error> => {
    try {
      return await fn(parent, args, ctx, info);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  };
}

/**
 * Rules that hold for every value once the request reached the resolvers: the field keeps its own
 * resolver, without graphql-middleware's wrapper, a rule evaluation and a promise per value —
 * thousands on a dashboard page (server/schema.ts, bench/RESULTS.md).
 */
const holdsForEveryValue = new Set<ShieldRule>();

export function needsNoWrapper(r: ShieldRule | undefined): boolean {
  return r !== undefined && holdsForEveryValue.has(r);
}

/**
 * Any signed-in professional. Every request that reaches a resolver has one: the context is never
 * made without a valid token (server/context.ts), so this decides nothing per value.
 */
export const isAuthenticated = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => Boolean(ctx.actor));
holdsForEveryValue.add(isAuthenticated);

/** Structural types (edges, page info) carry nothing of their own: their parent is guarded. */
export const structural = allow;
holdsForEveryValue.add(structural);

const entryPoints = new Map<ShieldRule, readonly string[]>();

/**
 * For the fields of a type whose objects exist only where one decision already let them through:
 * decided once, where the object is reached, not again on each field of each object. For client
 * data (an object that belongs to one client and is no more than BASIC to her, or one category
 * field's content) every entry point decides for the object's client: a rule on a field of that
 * very client, a workflow's answer (`write` answers only while the caller is still involved), or a
 * root list that keeps only what `ClientAccess.readable` grants. For the parts of a monitoring
 * report, `Query.monitoring` decides role and municipality. The schema test fails when any other
 * field returns the type.
 */
export function reachedOnlyThrough(...fields: string[]): ShieldRule {
  const r = rule(`reachedOnlyThrough(${fields.join(',')})`, { cache: 'contextual' })(() => true);
  entryPoints.set(r, fields);
  holdsForEveryValue.add(r);
  return r;
}

/** The entry points a `reachedOnlyThrough` rule names; undefined for any other rule. */
export function entryPointsOf(r: ShieldRule | undefined): readonly string[] | undefined {
  return r && entryPoints.get(r);
}

// graphql-shield refuses two rule objects of one name, so modules asking for the same roles share one.
const roleRules = new Map<string, ShieldRule>();

export function hasRole(...roles: readonly Role[]): ShieldRule {
  const name = `hasRole(${roles.join(',')})`;
  let r = roleRules.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })((_p, _a, ctx: Context) => (ctx.actor.roles.some((x) => roles.includes(x)) ? true : new ForbiddenError('ROLE_NOT_ALLOWED')));
    roleRules.set(name, r);
  }
  return r;
}

/** Procesregie: the role, held where the chain's process is directed from (`directsProcess`). */
export const directsAProcess = rule('directsProcess', { cache: 'contextual' })((_p, _a, ctx: Context) =>
  directsProcess(ctx.actor) ? true : new ForbiddenError('ROLE_NOT_ALLOWED', 'Only the one who directs the chain’s process reviews its emergency access'),
);

/** Roles that see individual clients at all (everyone but the aggregate-only roles and ADMIN). */
export const mayReadClients = hasRole(...CLIENT_DATA_ROLES);

/**
 * Client data: may the caller see `category` of the client `locate` finds from the parent, now?
 * Decided per parent and audited granted or denied. `onlyRoles`: a field only those roles read (her
 * consents), refused to any other role — in this one rule, not as `and(hasRole(…), clientData(…))`:
 * graphql-shield's `and` evaluates every rule, so the category rule logged a GRANTED read of a field
 * the role rule then refused, and the refused attempt itself left no DENIED line (policy §3, §7).
 *
 * A null category is a text whose writer was never asked what it is about (recorded before the
 * gateway asked): it may be about anything, so every role is refused it (ROLE_NOT_ALLOWED) — deny
 * by default, never a label made up for it afterwards. Refused here, not by the role caps (none of
 * which lists null): its audit line names the field and no category, where a null one in the line
 * would break her audit trail.
 */
export function clientData(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  locate: (parent: any) => { clientId: string; category: Category | null },
  onlyRoles?: readonly Role[],
): ShieldRule {
  return rule({ cache: 'no_cache' })(
    safely(async (parent: unknown, _args, ctx, info) => {
      const { clientId, category } = locate(parent);
      const field = `${info.parentType.name}.${info.fieldName}`;
      const decision =
        category === null || (onlyRoles && !ctx.actor.roles.some((r) => onlyRoles.includes(r)))
          ? await ctx.access.refuseRead(clientId, category, field, 'ROLE_NOT_ALLOWED')
          : await ctx.access.checkRead(clientId, category, field);
      if (decision.granted) return true;
      // A client the caller is not involved with does not exist for her, wherever it is reached from.
      return decision.reason === 'NOT_INVOLVED' ? new NotFoundError('Client') : new ForbiddenError(decision.reason);
    }),
  );
}

/** A category field of `Client` itself (read only by `onlyRoles`, when given). */
export function clientCategory(category: Category, onlyRoles?: readonly Role[]): ShieldRule {
  return clientData((client: { id: string }) => ({ clientId: client.id, category }), onlyRoles);
}

/** A field of something that hangs under a client (`parent.client`), in `category` (null: refused to all, see `clientData`). */
export function underClient<P extends { client: { id: string } }>(category: Category | ((parent: P) => Category | null)): ShieldRule {
  return clientData((p: P) => ({ clientId: p.client.id, category: typeof category === 'function' ? category(p) : category }));
}

/** The client something hangs under (`parent.client`): her BASIC data, decided for her once, here. */
export const itsClient = underClient('BASIC');
