import { getNamedType, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { isUuid } from '../clients/involved-clients';
import type { AuditBuffer } from './audit-buffer';
import type { AuditAction } from './audit-event.entity';

const CREATES = /^(record|propose|start|log|raise|issue|refer)[A-Z]/;
const DENYING_CODES = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

export interface RootCall {
  operation: 'query' | 'mutation';
  responseKey: string;
  field: string;
  clientId: string | null;
}

/** The top-level fields of an operation and the client each names, read from its arguments. */
export function rootCalls(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): RootCall[] {
  if (operation.operation === 'subscription') return [];
  const kind = operation.operation;
  const fields = (kind === 'mutation' ? schema.getMutationType() : schema.getQueryType())?.getFields() ?? {};
  return operation.selectionSet.selections.flatMap((sel) => {
    const field = sel.kind === 'Field' ? fields[sel.name.value] : undefined;
    if (sel.kind !== 'Field' || !field) return [];
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, sel, variables);
    } catch {
      // Arguments that do not coerce never reach a resolver; the call is still recorded.
    }
    const input = args.input as Record<string, unknown> | undefined;
    // A field that answers a client (`client(id)`) names her by her own id.
    const clientId = args.clientId ?? input?.clientId ?? (getNamedType(field.type).name === 'Client' ? args.id : undefined);
    return [{ operation: kind, responseKey: sel.alias?.value ?? sel.name.value, field: sel.name.value, clientId: typeof clientId === 'string' && isUuid(clientId) ? clientId : null }];
  });
}

/**
 * Every mutation leaves a line (NEN 7513), refused ones too: a change that went through wrote its
 * own in its transaction; one that failed is recorded here as DENIED (not allowed, not found) or
 * ERROR (bad input, conflict), unless its resolver already recorded why it refused. So does a
 * refused query about one client (`auditTrail(clientId)` or `client(id)` asked by a role that may not).
 */
export function recordRefusedCalls(audit: AuditBuffer, calls: RootCall[], errors: readonly GraphQLFormattedError[]): void {
  if (audit.holdsEvents) return;
  for (const call of calls) {
    if (call.operation === 'query' && !call.clientId) continue;
    // Only an error on the call itself refused it: one deeper down refused a field of its answer,
    // and a change answered that way went through (and wrote its own line).
    const error = errors.find((e) => e.path?.length === 1 && e.path[0] === call.responseKey);
    if (!error) continue;
    const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    const reason = typeof error.extensions?.reason === 'string' ? error.extensions.reason : code;
    const action: AuditAction = call.operation === 'query' ? 'R' : call.field === 'breakGlass' ? 'E' : CREATES.test(call.field) ? 'C' : 'U';
    audit.record({ eventType: `${call.operation}.${call.field}`, action, outcome: DENYING_CODES.has(code) ? 'DENIED' : 'ERROR', clientId: call.clientId, reason });
  }
}
