/**
 * Who is signed in: the bearer token (kept in sessionStorage, so it ends with the tab) and the
 * professional `me` answers for it. A 401 from any request ends the session.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MeDocument, type MeQuery } from '../../src/generated/operations/graphql';
import { execute, UnauthenticatedError } from './api';

const STORAGE_KEY = 'ketenpoort-dashboard:session';

export type Me = MeQuery['me'];

/** What the tab keeps of a session across reloads. */
interface Kept {
  token: string;
  /** Names this sign-in, new at each: the pages she opened carry it (routes.ts), another's do not. */
  key: string;
}

export interface Session extends Kept {
  me: Me;
}

interface SessionState {
  session: Session | null;
  /** The key of the sign-in this tab holds, also while it is being checked; null when signed out. */
  owner: string | null;
  /** Checking a stored token at start-up. */
  restoring: boolean;
  /**
   * Why the stored token could not be checked — anything but a refusal (the gateway busy or out of
   * reach): the session is kept, to try again with `restore`.
   */
  unchecked: Error | null;
  restore(): void;
  /** Set when a session ended because the gateway refused its token. */
  ended: boolean;
  signIn(token: string): Promise<boolean>;
  signOut(ended?: boolean): void;
}

const SessionContext = createContext<SessionState | null>(null);

function stored(): Kept | null {
  try {
    const kept = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Kept> | null;
    return typeof kept?.token === 'string' && typeof kept.key === 'string' ? { token: kept.token, key: kept.key } : null;
  } catch {
    return null;
  }
}

function store(kept: Kept | null): void {
  try {
    if (kept) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: the session lasts for this page only */
  }
}

function newKey(): string {
  // getRandomValues, unlike randomUUID, works on a plain-http address too.
  return Array.from(window.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function normaliseToken(value: string): string {
  return value.trim().replace(/^bearer\s+/i, '').trim();
}

/** The professional a token stands for; false when the gateway refuses the token. */
async function whoIs(token: string): Promise<Me | false> {
  try {
    const result = await execute(token, MeDocument, {});
    return result.data?.me ?? false;
  } catch (err) {
    if (err instanceof UnauthenticatedError) return false;
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [kept, setKept] = useState<Kept | null>(stored);
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => kept !== null);
  const [unchecked, setUnchecked] = useState<Error | null>(null);
  const [ended, setEnded] = useState(false);

  const keep = useCallback((next: Kept | null) => {
    store(next);
    setKept(next);
  }, []);

  const signIn = useCallback(
    async (raw: string) => {
      const token = normaliseToken(raw);
      if (!token) return false;
      const me = await whoIs(token);
      if (!me) return false;
      const next = { token, key: newKey() };
      keep(next);
      setEnded(false);
      setSession({ ...next, me });
      return true;
    },
    [keep],
  );

  const signOut = useCallback(
    (sessionEnded = false) => {
      keep(null);
      setUnchecked(null);
      setEnded(sessionEnded);
      setSession(null);
    },
    [keep],
  );

  // The session from before a reload, under its own key: her pages reopen as she left them. Only
  // the gateway's refusal of the token ends it; a gateway that cannot answer now may later.
  const restore = useCallback(() => {
    const previous = stored();
    if (!previous) return;
    setRestoring(true);
    setUnchecked(null);
    whoIs(previous.token)
      .then(
        (me) => (me ? setSession({ ...previous, me }) : signOut(true)),
        (err: Error) => setUnchecked(err),
      )
      .finally(() => setRestoring(false));
  }, [signOut]);
  useEffect(restore, [restore]);

  const owner = kept?.key ?? null;
  const value = useMemo(
    () => ({ session, owner, restoring, unchecked, restore, ended, signIn, signOut }),
    [session, owner, restoring, unchecked, restore, ended, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
