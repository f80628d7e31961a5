/**
 * The chain works in the Netherlands: a day of care is a Dutch calendar day. A case manager on a
 * night round logs her contact at half past midnight on the new day, not on the UTC day before it,
 * which would call her own day "in the future" for an hour or two every night. PostgreSQL's
 * `chain_day()` (migration `…_chain_day`) keeps the same calendar, whatever a server's or a
 * session's TimeZone says; test/workflows/chain-day.test.ts holds the two together. The dashboard
 * keeps it too, whatever the browser's clock is set to (web/src/calendar.ts): this file imports
 * nothing, so both builds take it as it is.
 */
export const CHAIN_TIME_ZONE = 'Europe/Amsterdam';

const chainCalendar = new Intl.DateTimeFormat('en-GB', { timeZone: CHAIN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

function partsOf(moment: Date): Record<string, string> {
  return Object.fromEntries(chainCalendar.formatToParts(moment).map((p) => [p.type, p.value]));
}

/** The chain's calendar day of a moment, YYYY-MM-DD. */
export function dayOf(moment: Date): string {
  const part = partsOf(moment);
  return `${part.year}-${part.month}-${part.day}`;
}

/** The first moment of `day` (YYYY-MM-DD) on the chain's calendar: midnight there, UTC+1 in winter and UTC+2 in summer. */
export function startOfChainDay(day: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = new Date(`${day}T00:00:00${offset}`);
    if (dayOf(candidate) === day && partsOf(candidate).hour === '00') return candidate;
  }
  throw new RangeError(`not a calendar day: ${day}`);
}
