import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  GraphQLError,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { MAX_PAGE_SIZE, type ListBound } from '../common/pagination';
import { BadUserInputError, QueryTooComplexError } from '../common/errors';
import { isStorableText } from '../common/validate';
import type { Config } from '../config';
import type { Context } from '../common/context';

/**
 * The messages of the limits: they name neither the limit nor anything of the schema, so a
 * rejected document teaches an attacker nothing (armor spells limits out unless told not to).
 */
export const LIMIT_MESSAGES = {
  depth: 'The operation is nested too deeply',
  aliases: 'The operation uses too many aliases',
  directives: 'The operation uses too many directives',
  repeatedFields: 'The operation repeats a field too often',
  cost: 'The operation would read too much at once; ask for smaller pages',
  tokens: 'The operation is too long',
} as const;

/**
 * graphql-cop's field duplication: a field asked 500 times in one selection set is legal
 * GraphQL (the answers merge) and passes armor's limits, but each repetition is resolved again.
 */
function repeatedFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    SelectionSet(node: SelectionSetNode) {
      const seen = new Map<string, number>();
      for (const s of node.selections) {
        if (s.kind !== Kind.FIELD) continue;
        const key = s.alias?.value ?? s.name.value;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        if (n === max + 1) context.reportError(new GraphQLError(LIMIT_MESSAGES.repeatedFields, { nodes: [s] }));
      }
    },
  });
}

/**
 * Armor's rules throw by default, which Apollo answers with 500; reported as validation errors
 * instead they answer 400, with our message in place of armor's "Syntax Error: …".
 */
function reportAs(message: string) {
  return {
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
  };
}

/**
 * graphql-js refuses a document over the token limit with a message that states the limit
 * ("Document contains more that 1000 tokens") and a location where the document crossed it.
 */
export function isTokenLimit(message: string): boolean {
  return /^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(message);
}

/** Validation rules that depend on the document alone (Apollo caches their verdict per document). */
export function limitRules(limits: Config['limits']): ValidationRule[] {
  return [
    // Introspection's own query is deep by nature; who may introspect is decided per caller.
    maxDepthRule({ n: limits.depth, ignoreIntrospection: true, flattenFragments: true, ...reportAs(LIMIT_MESSAGES.depth) }),
    maxAliasesRule({ n: limits.aliases, ...reportAs(LIMIT_MESSAGES.aliases) }),
    maxDirectivesRule({ n: limits.directives, ...reportAs(LIMIT_MESSAGES.directives) }),
    repeatedFieldsRule(limits.repeatedFields),
  ] as ValidationRule[];
}

/**
 * What an operation would read, counting one per field and multiplying what sits under a list by
 * its size: `first` when the field takes it (a page of a connection, whose `edges` are then that
 * page, or a bounded root list), up to the page's or the list's bound (`ListBound`); else
 * `defaultListSize`. Computed per request because `first` is often a variable.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  defaultListSize: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;

  const intOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  // A fragment costs the same wherever it is spread, so it is counted once (per inside or outside
  // a page). Counted afresh at every spread, fragments that each spread the next twice took 2^n
  // steps to price: a document of 24 short fragments held the gateway's only thread for 12 s.
  const fragmentCosts = new Map<string, number>();

  function costOf(set: SelectionSetNode, type: GraphQLCompositeType, inPage: boolean, visiting: Set<string>): number {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
        const def = fields[s.name.value];
        if (!def) continue;
        const named = getNamedType(def.type);
        const firstArg = s.arguments?.find((a) => a.name.value === 'first');
        const given = firstArg ? (firstArg.value.kind === Kind.INT ? Number(firstArg.value.value) : firstArg.value.kind === Kind.VARIABLE ? intOf(variables[firstArg.value.name.value]) : undefined) : undefined;
        const atMost = (bound: number) => Math.min(Math.max(given ?? bound, 1), bound);
        let size = 1;
        let page = false;
        if (isListType(getNullableType(def.type))) {
          // A list with a bound of its own is priced at it, or at the `first` asked below it; others
          // as a short list, and a page's `edges` as one, since its `first` already multiplied them.
          const bound = (def.extensions as Partial<ListBound>).maxItems;
          size = bound !== undefined ? atMost(bound) : inPage ? 1 : defaultListSize;
        } else if (def.args.some((a) => a.name === 'first')) {
          size = atMost(MAX_PAGE_SIZE);
          page = true;
        }
        const below = s.selectionSet && isCompositeType(named) ? costOf(s.selectionSet, named, page, visiting) : 0;
        total += 1 + size * below;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        if (t && isCompositeType(t)) total += costOf(s.selectionSet, t, inPage, visiting);
      } else {
        const f = fragments.get(s.name.value);
        // A fragment cycle is refused by validation before this runs; the guard keeps it finite anyway.
        if (!f || visiting.has(f.name.value)) continue;
        const key = `${f.name.value}|${inPage}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          const t = schema.getType(f.typeCondition.name.value);
          cost = t && isCompositeType(t) ? costOf(f.selectionSet, t, inPage, new Set([...visiting, f.name.value])) : 0;
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  }
  return costOf(operation.selectionSet, root, false, new Set());
}

/** The cost limit, per request (after validation, before execution). */
export function costLimitPlugin(limits: Config['limits']): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          const cost = operationCost(rc.schema, rc.document, rc.operation, rc.request.variables ?? {}, limits.defaultListSize);
          if (cost > limits.cost) throw new QueryTooComplexError(LIMIT_MESSAGES.cost);
        },
      };
    },
  };
}

/** A value of a request and where it sits: its key under the value that holds it. */
interface Placed {
  value: unknown;
  key: string;
  holder?: Placed;
}

/**
 * Where a string sits that PostgreSQL could not store as sent (`isStorableText`), among the
 * arguments written in the document (`filter.code`) and the variables (`$input.text`); null when
 * there is none.
 */
export function unstorableTextAt(document: DocumentNode, variables: Record<string, unknown>): string | null {
  const pending: Placed[] = Object.entries(variables).map(([name, value]) => ({ value, key: `$${name}` }));
  visit(document, {
    Argument(node) {
      pending.push({ value: valueFromASTUntyped(node.value), key: node.name.value });
    },
    VariableDefinition(node) {
      if (node.defaultValue) pending.push({ value: valueFromASTUntyped(node.defaultValue), key: `$${node.variable.name.value}` });
    },
  });
  // A queue, and a path spelled out only once found: JSON nests arrays a hundred thousand deep
  // within the body limit, too deep for recursion, and their paths would add up to gigabytes.
  for (let i = 0; i < pending.length; i++) {
    const placed = pending[i];
    const { value } = placed;
    if (typeof value === 'string' && !isStorableText(value)) return pathOf(placed);
    if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) pending.push({ value: inner, key, holder: placed });
  }
  return null;
}

function pathOf(placed: Placed): string {
  const keys: string[] = [];
  for (let at: Placed | undefined = placed; at; at = at.holder) keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * Text the database cannot store as sent is refused here, once for every argument and variable,
 * before anything runs: a field that takes text cannot forget the check, and nothing is written.
 */
export function storableTextPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const at = unstorableTextAt(rc.document, rc.request.variables ?? {});
          if (at) throw new BadUserInputError(at, 'may not hold a NUL character or half of a UTF-16 surrogate pair: the database cannot store such text as sent', 400);
        },
      };
    },
  };
}
