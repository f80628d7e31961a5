/**
 * Checks of mutation input that need no database. Each names the input field it refuses, so a
 * dashboard can put the message next to the right box; none of them writes anything.
 */
import { BadUserInputError } from './errors';
import { addDays, today } from './scalars';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Visible ASCII only: a key is echoed in logs and compared byte for byte.
const KEY = /^[\x21-\x7e]{8,100}$/;
// A NUL, or half of a UTF-16 surrogate pair (a high one not followed by its low one, or a low one alone).
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Can PostgreSQL store this text as sent? It refuses a NUL in text outright (a 500), and
 * node-postgres sends half a surrogate pair as U+FFFD: the stored text would differ from the one
 * answered, and a resend with the same idempotencyKey would no longer match what was stored.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Free text, trimmed, between `min` and `max` characters. */
export function text(field: string, value: string, max: number, min = 1): string {
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max) {
    throw new BadUserInputError(field, min > 1 ? `must be ${min} to ${max} characters` : `must be 1 to ${max} characters`);
  }
  return trimmed;
}

/** Optional free text: absent or blank is null. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  return value == null || value.trim() === '' ? null : text(field, value, max);
}

export function intBetween(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new BadUserInputError(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

/**
 * An id the caller typed or copied: malformed ids are refused before they reach SQL. Answered as
 * PostgreSQL answers it, in lower case: an id sent in capitals names the same row, and a resend
 * compares it with the stored one.
 */
export function id(field: string, value: string): string {
  if (!UUID.test(value)) throw new BadUserInputError(field, 'is not a valid id');
  return value.toLowerCase();
}

/** Does the id a resend sent name the stored one? (`id` canonical: in lower case.) */
export function sameId(stored: string, sent: string): boolean {
  return stored === sent.toLowerCase();
}

export function idempotencyKey(field: string, value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!KEY.test(value)) throw new BadUserInputError(field, 'must be 8 to 100 visible ASCII characters');
  return value;
}

/** A day of care that already happened (or is today): care is recorded, not planned, here. */
export function dayNotAfterToday(field: string, day: string, now: Date): string {
  if (day > today(now)) throw new BadUserInputError(field, 'may not lie in the future');
  return day;
}

/** How far back a day of the chain's work may still be recorded: the monitoring figures of a closed year stay put. */
const RECORD_WINDOW_DAYS = 365;

function withinRecordWindow(field: string, day: string, now: Date): string {
  return dayNotBefore(field, day, addDays(today(now), -RECORD_WINDOW_DAYS), 'a year ago');
}

/** The day a piece of the chain's work happened (today when not given): not in the future, at most a year back. */
export function recordedDay(field: string, day: string | null | undefined, now: Date): string {
  return withinRecordWindow(field, dayNotAfterToday(field, day ?? today(now), now), now);
}

/** A moment from which something holds: it may lie ahead, and back no further than a day of work may be recorded. */
export function notBeforeRecordWindow(field: string, moment: Date, now: Date): Date {
  withinRecordWindow(field, today(moment), now);
  return moment;
}

/** `later` may not come before `earlier` (both YYYY-MM-DD days). */
export function dayNotBefore(field: string, later: string, earlier: string, what: string): string {
  if (later < earlier) throw new BadUserInputError(field, `may not lie before ${what} (${earlier})`);
  return later;
}
