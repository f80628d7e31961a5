/**
 * Who is signed in: the bearer token (kept in sessionStorage, so it ends with the tab) and the
 * professional `me` answers for it. A 401 from any request ends the session.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MeDocument, type MeQuery } from '../../src/generated/operations/graphql';
import { execute, UnauthenticatedError } from './api';

const STORAGE_KEY = 'ketenpoort-dashboard:token';

export type Me = MeQuery['me'];

export interface Session {
  token: string;
  me: Me;
}

interface SessionState {
  session: Session | null;
  /** Checking a stored token at start-up. */
  restoring: boolean;
  /** Set when a session ended because the gateway refused its token. */
  ended: boolean;
  signIn(token: string): Promise<boolean>;
  signOut(ended?: boolean): void;
}

const SessionContext = createContext<SessionState | null>(null);

function stored(): string {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

function store(token: string | null): void {
  try {
    if (token) window.sessionStorage.setItem(STORAGE_KEY, token);
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: the session lasts for this page only */
  }
}

export function normaliseToken(value: string): string {
  return value.trim().replace(/^bearer\s+/i, '').trim();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => stored() !== '');
  const [ended, setEnded] = useState(false);

  const signIn = useCallback(async (raw: string) => {
    const token = normaliseToken(raw);
    if (!token) return false;
    try {
      const result = await execute(token, MeDocument, {});
      if (!result.data) return false;
      store(token);
      setEnded(false);
      setSession({ token, me: result.data.me });
      return true;
    } catch (err) {
      if (err instanceof UnauthenticatedError) return false;
      throw err;
    }
  }, []);

  const signOut = useCallback((sessionEnded = false) => {
    store(null);
    setEnded(sessionEnded);
    setSession(null);
  }, []);

  useEffect(() => {
    const token = stored();
    if (!token) return;
    signIn(token)
      .then((ok) => {
        if (!ok) signOut(true);
      })
      .catch(() => signOut(true))
      .finally(() => setRestoring(false));
  }, [signIn, signOut]);

  const value = useMemo(() => ({ session, restoring, ended, signIn, signOut }), [session, restoring, ended, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
