/**
 * What `access` answered of a category, and for how long: a grant that runs out (a consent's end,
 * break-glass's hours) takes what it opened off the screen when it ends, not at the page's next
 * request.
 */
import { useEffect } from 'react';

/** One category of a client as `access` answered it. */
export interface Grant {
  category: string;
  granted: boolean;
  until?: string | null;
}

/** Whether the grant holds now: one whose `until` has passed opens nothing, also while the page asks again. */
export function holds(grant: Grant | undefined): boolean {
  return Boolean(grant?.granted) && !(grant?.until && Date.parse(grant.until) <= Date.now());
}

/** setTimeout's longest wait; a longer one fires at once. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

/**
 * Asks again (`reload`) when the first of the grants ends, so that what is no longer granted goes:
 * a second past it, for the gateway's clock to be there too; an end already past (the browser's
 * clock ahead of the gateway's) is asked about again after a while, not over and over. `grants`
 * is a new list with each answer, so each answer sets its own timer.
 */
export function useReloadWhenGrantsEnd(grants: readonly Grant[], reload: () => void): void {
  useEffect(() => {
    const ends = grants.flatMap((g) => (g.granted && g.until ? [Date.parse(g.until)] : []));
    if (ends.length === 0) return;
    const wait = Math.min(...ends) - Date.now();
    const timer = setTimeout(reload, wait > 0 ? Math.min(wait + 1000, LONGEST_WAIT_MS) : 30_000);
    return () => clearTimeout(timer);
  }, [grants, reload]);
}
