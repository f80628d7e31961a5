import type { Request } from 'express';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * Whether a request asks nothing but `signOut`: the one thing a token already ended may still ask,
 * and be told `true`, as revoking a revoked token succeeds (OAuth, RFC 7009 §2.2). Ending a session
 * is then safe to repeat — two tabs holding one token that both sign her out when she is away, a
 * retry after a lost answer — and a signed-out token that comes back for anything else remains the
 * refusal worth a look it is. Asked only of a token that was ended, so no other request parses its
 * document twice.
 */
export function signsOutOnly(req: Request): boolean {
  const body = req.body as { query?: unknown; operationName?: unknown } | undefined;
  if (req.method !== 'POST' || typeof body?.query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(body.query, { maxTokens: 100 }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const operation = typeof body.operationName === 'string' ? operations.find((o) => o.name?.value === body.operationName) : operations.length === 1 ? operations[0] : undefined;
  return (
    operation?.operation === 'mutation' &&
    operation.selectionSet.selections.length > 0 &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === 'signOut' && !s.directives?.length)
  );
}
