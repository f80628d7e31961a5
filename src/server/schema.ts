import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { applyMiddleware } from 'graphql-middleware';
import { deny, shield } from 'graphql-shield';
import { buildSchema } from 'type-graphql';
import { ForbiddenError } from '../common/errors';
import { RESOLVERS, mergedRules } from '../modules';

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
  const permissions = shield(mergedRules(), {
    fallbackRule: deny,
    // With `false`, shield replaces every error a *resolver* throws (a database outage, a bug) by
    // the fallback error, so an outage would read as FORBIDDEN. Rules never throw (policy/rules.ts
    // catches inside each), so what passes here is a resolver's error, masked by formatError.
    allowExternalErrors: true,
    fallbackError: async () => new ForbiddenError('ROLE_NOT_ALLOWED'),
    debug: false,
  });
  return applyMiddleware(await buildBareSchema(), permissions);
}

/** The SDL as committed in schema/schema.graphql. */
export async function printGatewaySchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildBareSchema())).trim()}\n`;
}
