import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { applyMiddleware } from 'graphql-middleware';
import { deny, shield } from 'graphql-shield';
import { buildSchema } from 'type-graphql';
import { ForbiddenError } from '../common/errors';
import { RESOLVERS, mergedRules } from '../modules';
import { needsNoWrapper } from '../policy/rules';

/** The schema as type-graphql builds it from the modules' resolvers, before any rule wraps it. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    emitSchemaFile: false,
  });
}

/**
 * The served schema: every field behind a graphql-shield rule, deny by default. A field nobody
 * wrote a rule for answers FORBIDDEN, never its value; shield's own messages never reach a client.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const rules = mergedRules();
  const permissions = shield(rules, {
    fallbackRule: deny,
    // With `false`, shield replaces every error a *resolver* throws (a database outage, a bug) by
    // the fallback error, so an outage would read as FORBIDDEN. Rules never throw (policy/rules.ts
    // catches inside each), so what passes here is a resolver's error, masked by formatError.
    allowExternalErrors: true,
    fallbackError: async () => new ForbiddenError('ROLE_NOT_ALLOWED'),
    debug: false,
  });
  const bare = await buildBareSchema();
  const own = resolversOf(bare);
  const guarded = applyMiddleware(bare, permissions);
  // graphql-middleware wraps every field; one whose rule holds for every value would pay a promise
  // and a rule evaluation per value for nothing — thousands on a dashboard page. It keeps its own resolver.
  for (const [typeName, fields] of Object.entries(rules)) {
    const type = guarded.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (needsNoWrapper(fields[name] ?? fields['*'])) field.resolve = own.get(`${typeName}.${name}`);
    }
  }
  return guarded;
}

function resolversOf(schema: GraphQLSchema): Map<string, GraphQLFieldResolver<unknown, unknown> | undefined> {
  const resolvers = new Map<string, GraphQLFieldResolver<unknown, unknown> | undefined>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) for (const [name, field] of Object.entries(type.getFields())) resolvers.set(`${type.name}.${name}`, field.resolve);
  }
  return resolvers;
}

/** The SDL as committed in schema/schema.graphql. */
export async function printGatewaySchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildBareSchema())).trim()}\n`;
}
