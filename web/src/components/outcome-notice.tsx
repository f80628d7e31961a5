import { useEffect, useRef } from 'react';

/** What a page says of a change she made: `error` when it was not made, or may not have been. */
export interface Notice {
  text: string;
  error: boolean;
}

/**
 * Where a page says what became of a change, read out as it comes. It takes the focus then: the
 * button she pressed was disabled meanwhile, or went with its card or row, and the focus would
 * otherwise fall to the page's body.
 */
export function OutcomeNotice({ notice }: { notice: Notice | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) ref.current?.focus();
  }, [notice]);
  return (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite" className={notice ? (notice.error ? 'notice notice-error' : 'notice notice-ok') : undefined}>
      {notice?.text}
    </div>
  );
}
