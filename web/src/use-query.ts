/** Runs one typed document for the signed-in professional and re-runs it when its variables change. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { execute, UnauthenticatedError, type Result } from './api';
import { useSession } from './session';

export interface QueryState<R> {
  result: Result<R> | null;
  error: Error | null;
  loading: boolean;
  reload(): void;
}

export interface QueryOptions {
  /**
   * A reload that fails keeps the answer before it, with the error beside it, instead of nothing:
   * for a page whose own changes (and what it said of them) must outlast a reload that fails.
   */
  keepOnError?: boolean;
}

export function useQuery<R, V>(document: TypedDocumentNode<R, V>, variables: V, skip = false, { keepOnError = false }: QueryOptions = {}): QueryState<R> {
  const { session, signOut } = useSession();
  const [state, setState] = useState<{ result: Result<R> | null; error: Error | null; loading: boolean }>({ result: null, error: null, loading: !skip });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  const latest = useRef(0);

  useEffect(() => {
    if (!session || skip) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    execute(session.token, document, JSON.parse(key) as V).then(
      (result) => {
        if (ticket === latest.current) setState({ result, error: null, loading: false });
      },
      (error: Error) => {
        if (error instanceof UnauthenticatedError) signOut('refused', session.token);
        else if (ticket === latest.current) setState((s) => ({ result: keepOnError ? s.result : null, error, loading: false }));
      },
    );
  }, [session, document, key, generation, skip, signOut, keepOnError]);

  const reload = useCallback(() => {
    // Loading from the moment it is asked for, not from the effect after the next render: in between,
    // what was shown would pass for the new answer (and its buttons for usable).
    if (!skip) setState((s) => ({ ...s, loading: true }));
    setGeneration((g) => g + 1);
  }, [skip]);
  return { ...state, reload };
}

/** Runs mutations for the signed-in professional; a 401 ends the session. */
export function useMutation() {
  const { session, signOut } = useSession();
  return useCallback(
    async <R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<Result<R>> => {
      if (!session) throw new UnauthenticatedError('unauthenticated');
      try {
        return await execute(session.token, document, variables);
      } catch (err) {
        if (err instanceof UnauthenticatedError) signOut('refused', session.token);
        throw err;
      }
    },
    [session, signOut],
  );
}
