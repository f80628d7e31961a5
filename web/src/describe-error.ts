/**
 * The one place a failure becomes words: what happened and what she can do, in her language. The
 * gateway's own message is English and meant for developers, so it is never shown; neither is a
 * status code, raw JSON or a stack.
 */
import tables from '../../src/policy/policy-tables.json';
import { ANSWER_WITHIN_SECONDS, problemIn } from './api';
import type { I18n } from './i18n/i18n';
import type { MessageKey } from './i18n/messages.nl';

const BY_CODE: Record<string, MessageKey> = {
  UNAUTHENTICATED: 'app.sessionEnded',
  SERVICE_UNAVAILABLE: 'error.unavailable',
  NOT_FOUND: 'error.notFound',
  CONFLICT: 'error.conflict',
  BAD_USER_INPUT: 'error.badInput',
};

/** Seconds as she would say them: "6 seconds", "2 minutes". */
function wait(seconds: number, { number }: I18n): string {
  return seconds < 90
    ? number(seconds, { style: 'unit', unit: 'second', unitDisplay: 'long' })
    : number(Math.ceil(seconds / 60), { style: 'unit', unit: 'minute', unitDisplay: 'long' });
}

/**
 * What became of a change, from its refusal (null: none). `made` also when the gateway saved it and
 * lost only its answer (`changeSaved`): called refused, it would be sent again, and made twice.
 * `unknown` when a write's answer never came whole (`mayBeMade`): it may have been done, so it must
 * not be called refused.
 */
export function outcomeOf(refusal: unknown): 'made' | 'unknown' | 'refused' {
  if (refusal === null) return 'made';
  const problem = problemIn(refusal);
  if (problem.changeSaved) return 'made';
  return problem.mayBeMade ? 'unknown' : 'refused';
}

/** Refused by the policy (FORBIDDEN): asking again will not change it. */
export function forbidden(error: unknown): boolean {
  return problemIn(error).code === 'FORBIDDEN';
}

/** A change refused because the record was changed meanwhile (its version is not the one sent). */
export function changedMeanwhile(error: unknown): boolean {
  return problemIn(error).code === 'CONFLICT';
}

export function describeError(i18n: I18n, error: unknown): string {
  const { t } = i18n;
  const problem = problemIn(error);
  // Most of the dashboard's writes carry no idempotency key that would make a resend safe: she looks
  // first. Those that do (logActivity, raiseSignal, …) say so in words of their own instead.
  if (problem.network) return t(problem.mayBeMade ? 'error.networkWrite' : 'error.network');
  if (problem.timedOut) return t(problem.mayBeMade ? 'error.timedOutWrite' : 'error.timedOut', { wait: wait(ANSWER_WITHIN_SECONDS, i18n) });
  // Without the gateway's JSON only the status tells what happened (a proxy's page, say).
  const code = problem.code ?? (problem.status === 429 ? 'RATE_LIMITED' : problem.status === 503 ? 'SERVICE_UNAVAILABLE' : undefined);
  if (code === 'RATE_LIMITED') return problem.retryAfter ? t('error.rateLimitedFor', { wait: wait(problem.retryAfter, i18n) }) : t('error.rateLimited');
  // Each reason of the policy's fixed set has its own sentence; anything else is a plain refusal.
  if (code === 'FORBIDDEN') return t(problem.reason && tables.denyReasons.includes(problem.reason) ? (`error.forbidden.${problem.reason}` as MessageKey) : 'error.forbidden');
  if (code && BY_CODE[code]) return t(BY_CODE[code]);
  if (!code && problem.status !== undefined && problem.status >= 500) return t(problem.mayBeMade ? 'error.proxyWrite' : 'error.proxy');
  // A bug or a fault at the gateway: its request id is what its administrator can look up.
  return problem.requestId ? `${t('error.unexpected')} ${t('error.reference', { id: problem.requestId })}` : t('error.unexpected');
}
