import { unwrapResolverError } from '@apollo/server/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  Kind,
  getNamedType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields } from 'graphql/execution/collectFields';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { columnsOf } from '../../common/loaders';
import { Client } from '../clients/client.entity';
import { isUuid } from '../clients/involved-clients';
import type { AuditBuffer } from './audit-buffer';
import type { AuditAction } from './audit-event.entity';

const CREATES = /^(record|propose|start|log|raise|issue|refer|add)[A-Z]/;
const DELETES = /^remove[A-Z]/;
const DENYING_CODES = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

export interface RootCall {
  operation: 'query' | 'mutation';
  responseKey: string;
  field: string;
  /** The client the call names by her own id. */
  clientId: string | null;
  /** Else the record it names by its id, of the type the field answers: her consent, handover, … */
  record: { type: string; id: string } | null;
  /** Else the client code it searches for (`clients(filter: { code })`): a search for her is an access too (policy §7). */
  code: string | null;
}

/**
 * The top-level fields of an operation and the client, or the record of hers, each names, read from
 * its arguments. Collected as graphql-js executes them: a call inside a fragment on the root type
 * (`... on Query { client(id: …) }`, a spread) is a call all the same, and one that `@skip` leaves
 * out is none. Variables as the executor sees them, defaults included (`@include(if: $full)` with
 * `$full: Boolean! = false` sent without it); an operation whose variables do not coerce is never
 * executed, and so makes no call.
 */
export function rootCalls(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): RootCall[] {
  if (operation.operation === 'subscription') return [];
  const kind = operation.operation;
  const root = kind === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [];
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).coerced;
  if (!coerced) return [];
  const fields = root.getFields();
  return [...collectFields(schema, fragments, coerced, root, operation.selectionSet)].flatMap(([responseKey, [sel]]) => {
    const field = fields[sel.name.value];
    if (!field) return [];
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, sel, coerced);
    } catch {
      // Arguments that do not coerce never reach a resolver; the call is still recorded.
    }
    const input = args.input as Record<string, unknown> | undefined;
    const type = getNamedType(field.type).name;
    const id = uuidOrNull(args.id ?? input?.id);
    // A field that answers a client (`client(id)`) names her by her own id.
    const clientId = uuidOrNull(args.clientId ?? input?.clientId) ?? (type === Client.name ? id : null);
    const code = (args.filter as { code?: unknown } | undefined)?.code;
    return [{ operation: kind, responseKey, field: sel.name.value, clientId, record: !clientId && id ? { type, id } : null, code: typeof code === 'string' ? code : null }];
  });
}

function uuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && isUuid(value) ? value : null;
}

/**
 * Every mutation leaves a line (NEN 7513), refused ones too: a change that went through wrote its
 * own in its transaction; one that failed is recorded here as DENIED (not allowed, not found) or
 * ERROR (bad input, conflict), unless its resolver recorded why it refused (`AuditBuffer.refuse`):
 * one line per call, whatever the other calls of the request did. So does a refused query about
 * one client (`auditTrail(clientId)`, `client(id)` or a search for her code asked by a role that may not).
 */
export async function recordRefusedCalls(
  audit: AuditBuffer,
  em: EntityManager,
  calls: RootCall[],
  /** As the caller was told them. */
  errors: readonly GraphQLFormattedError[],
  /** As they were thrown. */
  thrown: readonly GraphQLError[],
): Promise<void> {
  const ownLine = new Set(thrown.filter((e) => audit.recordedRefusal(unwrapResolverError(e))).map((e) => e.path?.[0]));
  for (const call of calls) {
    // Only an error on the call itself refused it: one deeper down refused a field of its answer,
    // and a change answered that way went through (and wrote its own line).
    const error = errors.find((e) => e.path?.length === 1 && e.path[0] === call.responseKey);
    if (!error || ownLine.has(call.responseKey)) continue;
    const clientId = call.clientId ?? (call.record && (await clientOfRecord(em, call.record))) ?? (call.code === null ? null : await clientOfCode(em, call.code));
    // A refused search for a code is on record whether anyone has it, as an involved-or-not caller's
    // search is (`client.lookup`): about her, or about nobody.
    if (call.operation === 'query' && !clientId && call.code === null) continue;
    const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const reason = typeof error.extensions?.reason === 'string' ? error.extensions.reason : code;
    const action: AuditAction = call.operation === 'query' ? 'R' : call.field === 'breakGlass' ? 'E' : CREATES.test(call.field) ? 'C' : DELETES.test(call.field) ? 'D' : 'U';
    audit.record({ eventType: `${call.operation}.${call.field}`, action, outcome: DENYING_CODES.has(code) ? 'DENIED' : 'ERROR', clientId, reason });
  }
}

/**
 * The client whose record a refused call named, whoever asked: an attempt on her record is about
 * her and belongs in her trail, also when the caller's organisation is not involved with her. Its
 * answer is made by now (NOT_FOUND, as for no record at all) and stays so: it learns nothing of
 * this. Null for a record that hangs under no client, or that does not exist.
 */
async function clientOfRecord(em: EntityManager, record: { type: string; id: string }): Promise<string | null> {
  const meta = em.getMetadata().find(record.type);
  if (meta?.properties.client?.type !== Client.name) return null;
  const { table, column } = columnsOf(em, meta.class);
  const [row] = await em.execute<{ client_id: string }[]>(`select ${column('client')} as client_id from ${table} where ${column('id')} = ?`, [record.id]);
  return row?.client_id ?? null;
}

/** The client with this code, whoever asks, as `clientOfRecord` finds the client of a record; null when no one has it. */
async function clientOfCode(em: EntityManager, code: string): Promise<string | null> {
  const { table, column } = columnsOf(em, Client);
  const [row] = await em.execute<{ id: string }[]>(`select ${column('id')} as id from ${table} where ${column('code')} = ?`, [code]);
  return row?.id ?? null;
}
