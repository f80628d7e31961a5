import { useEffect, useRef } from 'react';

/** What became of a change she made: `error` when it was not made, or may not have been. */
export interface Outcome {
  text: string;
  error: boolean;
}

/**
 * Where a page says what became of a change, read out as it comes. It takes the focus then: the
 * button she pressed was disabled meanwhile, or went with its card or row, and the focus would
 * otherwise fall to the page's body.
 */
export function OutcomeNotice({ outcome }: { outcome: Outcome | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) ref.current?.focus();
  }, [outcome]);
  return (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite" className={outcome ? (outcome.error ? 'notice notice-error' : 'notice notice-ok') : undefined}>
      {outcome?.text}
    </div>
  );
}
