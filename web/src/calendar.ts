/**
 * Days as the gateway counts them: on the chain's calendar (Europe/Amsterdam), wherever the
 * browser's own clock is set — a laptop left on UTC would offer yesterday after midnight, and one
 * ahead a day the gateway calls the future.
 */
import { dayOf, startOfChainDay } from '../../src/common/chain-calendar';

/** Today on the chain's calendar, as a date input gives it and takes it (YYYY-MM-DD). */
export function todayHere(): string {
  return dayOf(new Date());
}

/** Midnight at the start of a day of the chain's calendar (YYYY-MM-DD), as an ISO instant: the moment a consent ends. */
export function startOfDay(day: string): string {
  return startOfChainDay(day).toISOString();
}
