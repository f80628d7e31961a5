import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit } from 'graphql';
import type { Actor } from '../auth/actor';
import type { Context } from '../common/context';
import type { Config } from '../config';

/** In production only analysts, who explore the aggregates in the playground, may read the schema. */
export function mayIntrospect(config: Config, actor: Actor): boolean {
  return config.env !== 'production' || actor.roles.includes('ANALYST');
}

const MASKED = 'The operation is not valid';

/**
 * Introspection is decided per caller, so it cannot be a validation rule (Apollo caches those per
 * document, pitfalls.md); this runs on every request. Callers who may not read the schema also do
 * not learn it from validation messages ("Cannot query field "x" on type "Client"").
 */
export function schemaDisclosurePlugin(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart(rc) {
      const allowed = mayIntrospect(config, rc.contextValue.actor);
      return {
        async didResolveOperation(r) {
          if (allowed) return;
          let introspects = false;
          visit(r.document, {
            Field(node) {
              if (node.name.value === '__schema' || node.name.value === '__type') introspects = true;
            },
          });
          if (introspects) throw new GraphQLError('Introspection is not allowed for your role', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
        },
        async willSendResponse(r) {
          if (allowed || r.response.body.kind !== 'single') return;
          const result = r.response.body.singleResult;
          if (!result.errors) return;
          result.errors = result.errors.map((e) =>
            e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && e.message !== 'Introspection is not allowed for your role'
              ? { message: MASKED, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }
              : e,
          );
        },
      };
    },
  };
}
