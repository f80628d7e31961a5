import { useEffect, useRef } from 'react';
import { useI18n, type I18n } from '../i18n/i18n';

/**
 * Words said in the language she reads them in: a notice outlives the render that made it, and is
 * said again in the other language when she switches.
 */
export type Say = (i18n: I18n) => string;

/** What a page says of a change she made: `error` when it was not made, or may not have been. */
export interface Notice {
  say: Say;
  error: boolean;
}

/**
 * Where a page says what became of a change, read out as it comes. It takes the focus then: the
 * button she pressed was disabled meanwhile, or went with its card or row, and the focus would
 * otherwise fall to the page's body. Not when she switches language: the notice is the same one.
 */
export function OutcomeNotice({ notice }: { notice: Notice | null }) {
  const i18n = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) ref.current?.focus();
  }, [notice]);
  return (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite" className={notice ? (notice.error ? 'notice notice-error' : 'notice notice-ok') : undefined}>
      {notice?.say(i18n)}
    </div>
  );
}
