/**
 * Who is signed in: the bearer token and the professional `me` answers for it. The token lives in
 * the page's memory; only a page that goes (pagehide) leaves it in sessionStorage, for a reload,
 * and the next page takes it out at once — Chrome writes sessionStorage to disk for session
 * restore, and "reopen closed tab" and "duplicate tab" bring it back. So it is taken up again only
 * right after a page of the tab let go of it (RESTORE_WITHIN_MS), and so is a page the browser kept
 * whole for Back and Forward. A session ends at a 401 from any request, after IDLE_MS without
 * activity in any of the browser's tabs, when the token expires, and in every tab of the browser
 * when she signs out in one. Every ending but a refusal or an expiry also ends the token at the
 * gateway (`signOut`), and takes along the tabs that hold the same token.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { MeDocument, SignOutDocument, type MeQuery } from '../../src/generated/operations/graphql';
import { execute, RequestError, UnauthenticatedError } from './api';
import { randomHex } from './resend-key';

const STORAGE_KEY = 'ketenpoort-dashboard:session';
/** Where the tabs of this browser tell each other that a session ended (`Ended`). */
const CHANNEL = 'ketenpoort-dashboard:session';
/**
 * Where they tell each other that she is at work (`Active`): a channel of its own, since a tab of
 * the previous dashboard signs out at any message on the other.
 */
const ACTIVITY_CHANNEL = 'ketenpoort-dashboard:activity';

/**
 * Minutes without activity after which she is signed out. Computers in care settings are shared:
 * what was left on the screen must not stay there for whoever sits down next.
 */
export const IDLE_MINUTES = 15;
const IDLE_MS = IDLE_MINUTES * 60 * 1000;

/**
 * How soon after a page let go of the session (pagehide) the next one may take it up: long enough
 * for a reload, too short for the next person to reopen the tab someone closed.
 */
const RESTORE_WITHIN_MS = 10 * 1000;

/**
 * A tab ended its session and its token at the gateway: `signedOut` names the token by its
 * fingerprint (null where the browser cannot take one), `by` says why. The dashboard before this
 * one sent the bare string 'signed-out' when she signed out by hand.
 */
interface Ended {
  signedOut: string | null;
  by: 'hand' | 'idle' | 'left';
}

/** She is at work in a tab (`active`, ms): her other tabs do not sign out for her being away. */
interface Active {
  active: number;
  professional: string;
}

/** How often a tab tells the others she is at work in it: well within IDLE_MS, not at every move of the mouse. */
const ACTIVE_TOLD_EVERY_MS = 10 * 1000;

/** The events that are her at the computer, not the page on its own. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;

/** Why a session ended without her signing out, for the sign-in page to say. */
export type Ending = 'refused' | 'idle' | 'expired' | 'elsewhere' | 'left';

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
  /** Why the last session ended, when she did not sign out herself. */
  ended: Ending | null;
  signIn(token: string): Promise<boolean>;
  /**
   * Without `ended`, she signs out herself: the browser's other tabs sign out with this one. `of`:
   * the token the ending is about, so that a late refusal of an old token does not end a sign-in
   * made since.
   */
  signOut(ended?: Ending, of?: string): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** The kept session, with when a page last held it (`at`, ms). */
function stored(): (Kept & { at: number }) | null {
  try {
    const kept = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Kept & { at: number }> | null;
    return typeof kept?.token === 'string' && typeof kept.key === 'string' && typeof kept.at === 'number' ? { token: kept.token, key: kept.key, at: kept.at } : null;
  } catch {
    return null;
  }
}

function store(kept: Kept | null): void {
  try {
    if (kept) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: kept.token, key: kept.key, at: Date.now() }));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: the session lasts for this page only */
  }
}

/**
 * The session a page that went just now left, taken out of storage: one left longer ago is a
 * closed tab's, or a page's the browser kept for Back, and is thrown away.
 */
function takeLeft(key?: string): Kept | null {
  const kept = stored();
  store(null);
  const now = Date.now();
  // `at` ahead of now: the clock was put back, and how long the tab was closed is unknown.
  if (!kept || kept.at > now || now - kept.at > RESTORE_WITHIN_MS || (key !== undefined && kept.key !== key)) return null;
  return { token: kept.token, key: kept.key };
}

/** What a reload left for this page, taken once (StrictMode runs a state's initialiser twice). */
let leftForThisPage: Kept | null | undefined;
const takeLeftOnce = () => (leftForThisPage === undefined ? (leftForThisPage = takeLeft()) : leftForThisPage);

/** When the token stops being valid (its `exp`, ms), if it is a JWT that says; else null. */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(window.atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function normaliseToken(value: string): string {
  return value.trim().replace(/^bearer\s+/i, '').trim();
}

/** How long the first retry of a sign-out at the gateway waits; each next one twice as long, a minute at most. */
const RETRY_SIGN_OUT_MS = 2000;

/**
 * Ends the token at the gateway too, so that a copy left behind — in this computer's memory, its
 * disk, a clipboard — opens nothing more. She is signed out here whatever the gateway answers, and
 * the page tries again while it lives, until the gateway ends the token or the token expires: a
 * computer that wakes after she was away is often not back on the network yet. A refusal (401)
 * means the gateway takes the token no more: nothing is left to end.
 */
function endAtGateway(token: string, wait = RETRY_SIGN_OUT_MS): void {
  const again = (after: number) => {
    const expires = expiryOf(token);
    if (expires === null || Date.now() + after < expires) setTimeout(() => endAtGateway(token, Math.min(wait * 2, 60 * 1000)), after);
  };
  execute(token, SignOutDocument, {}).then(
    (result) => {
      if (result.data?.signOut !== true) again(wait);
    },
    (err: unknown) => {
      if (err instanceof UnauthenticatedError) return;
      const retryAfter = err instanceof RequestError ? err.problem.retryAfter : undefined;
      again(retryAfter !== undefined ? Math.max(retryAfter * 1000, wait) : wait);
    },
  );
}

/**
 * What names a token between the tabs: its SHA-256, not the token itself, which would reach every
 * page of the origin listening. Null where the page is no secure context and has no `crypto.subtle`.
 */
async function fingerprint(token: string): Promise<string | null> {
  if (!window.crypto?.subtle) return null;
  const digest = await window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
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
  const [kept, setKept] = useState<Kept | null>(takeLeftOnce);
  // The session as it stands now, for a check that answers later.
  const current = useRef(kept);
  current.current = kept;
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => kept !== null);
  const [unchecked, setUnchecked] = useState<Error | null>(null);
  const [ended, setEnded] = useState<Ending | null>(null);
  // One each for the page's life: a message reaches every other one of the browser, in this tab too, but not its sender.
  const tabs = useRef<BroadcastChannel | null>(null);
  const activity = useRef<BroadcastChannel | null>(null);

  useEffect(() => {
    if (typeof BroadcastChannel !== 'function') return;
    tabs.current = new BroadcastChannel(CHANNEL);
    activity.current = new BroadcastChannel(ACTIVITY_CHANNEL);
    return () => {
      for (const channel of [tabs, activity]) {
        channel.current?.close();
        channel.current = null;
      }
    };
  }, []);

  const keep = useCallback((next: Kept | null) => {
    if (!next) store(null);
    setKept(next);
  }, []);

  const signIn = useCallback(
    async (raw: string) => {
      const token = normaliseToken(raw);
      if (!token) return false;
      const me = await whoIs(token);
      if (!me) return false;
      const next = { token, key: randomHex(8) };
      keep(next);
      setEnded(null);
      setSession({ ...next, me });
      return true;
    },
    [keep],
  );

  // When she last did something in any tab of the browser where she is signed in (`Active`).
  const lastActive = useRef(Date.now());
  const toldActive = useRef(0);
  // Who is signed in here, for the tabs' messages about her.
  const professional = useRef<string | null>(null);
  professional.current = session?.me.id ?? null;
  // The kept token's fingerprint, once taken.
  const ownPrint = useRef<string | null>(null);

  /** `endedElsewhere`: the fingerprint of the token another tab ended as it signed out. */
  const end = useCallback(
    (why: Ending | undefined, endedElsewhere?: string | null) => {
      const token = current.current?.token;
      const print = ownPrint.current;
      // Ended once: a second call before the next render (idle and a refusal at once) must not end it again.
      current.current = null;
      // A token the gateway refused or that expired has nothing left to end; nor has the one another tab just ended.
      const ending = token !== undefined && why !== 'refused' && why !== 'expired' && (print === null || print !== endedElsewhere);
      if (ending) endAtGateway(token);
      keep(null);
      setUnchecked(null);
      setEnded(why ?? null);
      setSession(null);
      // A tab that holds the same token then need not end it a second time. A tab that goes because
      // another went tells no one: they were told already.
      if (ending && why !== 'elsewhere') {
        const by = why ?? 'hand';
        void fingerprint(token).then((signedOut) => tabs.current?.postMessage({ signedOut, by } satisfies Ended));
      }
    },
    [keep],
  );
  const signOut = useCallback(
    (why?: Ending, of?: string) => {
      if (of === undefined || current.current?.token === of) end(why);
    },
    [end],
  );

  useEffect(() => {
    ownPrint.current = null;
    if (!kept) return;
    lastActive.current = Date.now();
    void fingerprint(kept.token).then((print) => {
      if (current.current?.key === kept.key) ownPrint.current = print;
    });
    const channel = tabs.current;
    const work = activity.current;
    if (!channel || !work) return;
    channel.onmessage = ({ data }: MessageEvent<Ended | 'signed-out' | null>) => {
      // She signed out in another tab: this one goes too, whoever signed in here. Another tab that
      // ended its session on its own (she was away, or its page came back by Back) takes along only
      // the tabs that hold the same token, which the gateway now refuses anyway.
      if (data === 'signed-out') end('elsewhere');
      else if (data?.by === 'hand') end('elsewhere', data.signedOut);
      else if (data?.signedOut && data.signedOut === ownPrint.current) end(data.by === 'idle' ? 'idle' : 'elsewhere', data.signedOut);
    };
    work.onmessage = ({ data }: MessageEvent<Active | null>) => {
      // Only her own work keeps her tabs open: a colleague's in another tab of a shared computer does not.
      if (typeof data?.active === 'number' && data.professional === professional.current) lastActive.current = Math.max(lastActive.current, Math.min(data.active, Date.now()));
    };
    return () => {
      channel.onmessage = null;
      work.onmessage = null;
    };
  }, [kept, end]);

  useEffect(() => {
    if (!kept) return;
    // Each time the page goes (a reload among others), the next may take the session up for a short while only.
    const left = (event: PageTransitionEvent) => {
      store(kept);
      // Kept whole for Back, the page would come back as she left it, however much later: nothing shows until it is decided.
      if (event.persisted) document.body.hidden = true;
    };
    const back = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      // Rendered before the page shows again, so whoever pressed Back sees the sign-in form, not her client.
      if (!takeLeft(kept.key)) flushSync(() => signOut('left'));
      document.body.hidden = false;
    };
    window.addEventListener('pagehide', left);
    window.addEventListener('pageshow', back);
    return () => {
      window.removeEventListener('pagehide', left);
      window.removeEventListener('pageshow', back);
    };
  }, [kept, signOut]);

  // While a session is kept, also one still to be checked: its "Try again" is not for whoever comes next.
  useEffect(() => {
    if (!kept) return;
    const expires = expiryOf(kept.token);
    // The same deadline in every tab: each ends its own token, and tabs holding one token may both
    // end it, which the gateway answers alike.
    const idleAt = () => lastActive.current + IDLE_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Against the wall clock at every turn: a timer sleeps with the computer, the time she was away does not.
    const check = () => {
      clearTimeout(timer);
      const now = Date.now();
      if (expires !== null && now >= expires) signOut('expired');
      else if (now >= idleAt()) signOut('idle');
      else timer = setTimeout(check, Math.min(idleAt(), expires ?? Infinity) - now);
    };
    const active = () => {
      const now = Date.now();
      // Back after the limit: she signs in again, this does not count as activity.
      if (now >= idleAt()) return check();
      lastActive.current = now;
      // Her work in this tab keeps her others open too, told at most every ACTIVE_TOLD_EVERY_MS.
      if (professional.current && now - toldActive.current >= ACTIVE_TOLD_EVERY_MS) {
        toldActive.current = now;
        activity.current?.postMessage({ active: now, professional: professional.current } satisfies Active);
      }
    };
    check();
    for (const type of ACTIVITY) window.addEventListener(type, active, { capture: true, passive: true });
    document.addEventListener('visibilitychange', check);
    window.addEventListener('focus', check);
    // Where timers stand still while the computer sleeps, the one above fires late after it wakes: the
    // screen would show her client until someone touched it.
    const awake = setInterval(check, 30 * 1000);
    return () => {
      clearTimeout(timer);
      clearInterval(awake);
      for (const type of ACTIVITY) window.removeEventListener(type, active, { capture: true });
      document.removeEventListener('visibilitychange', check);
      window.removeEventListener('focus', check);
    };
  }, [kept, signOut]);

  // The session from before a reload, under its own key: her pages reopen as she left them. Only
  // the gateway's refusal of the token ends it; a gateway that cannot answer now may later.
  const restore = useCallback(() => {
    const previous = current.current;
    if (!previous) return;
    setRestoring(true);
    setUnchecked(null);
    whoIs(previous.token)
      .then(
        (me) => {
          // Ended while she was being checked (her token expired meanwhile): it stays ended.
          if (current.current?.key !== previous.key) return;
          if (me) setSession({ token: previous.token, key: previous.key, me });
          else signOut('refused');
        },
        (err: Error) => {
          if (current.current?.key === previous.key) setUnchecked(err);
        },
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
