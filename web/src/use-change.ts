/**
 * One change at a time from a page or a part of it: busy while it is on its way, then what became
 * of it in words (the page's OutcomeNotice), and what the page shows reloaded after it, whatever
 * became of it.
 */
import { useCallback, useState } from 'react';
import type { Result } from './api';
import type { Notice } from './components/outcome-notice';
import { describeError, outcomeOf } from './describe-error';
import { useI18n } from './i18n/i18n';

export function useChange(reload: () => void) {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  /**
   * Sends the change: its refusal, or the request's failure; null when it was made. Only an error of
   * the mutation's own field refuses it: one below it (a value of its answer the policy withholds)
   * came after the change was made.
   */
  const send = useCallback(
    async (request: () => Promise<Result<unknown>>): Promise<unknown> => {
      setBusy(true);
      setNotice(null);
      try {
        return (await request()).errors.find((e) => (e.path?.length ?? 0) <= 1) ?? null;
      } catch (err) {
        return err;
      } finally {
        setBusy(false);
        reload();
      }
    },
    [reload],
  );

  /**
   * Says what became of it: `made`, or the words for a change that may have been made (`unknown`)
   * or was not, given why.
   */
  const tell = useCallback(
    (refusal: unknown, made: string, notMade: (outcome: 'unknown' | 'refused', reason: string) => string) => {
      const outcome = outcomeOf(refusal);
      setNotice(outcome === 'made' ? { text: made, error: false } : { text: notMade(outcome, describeError(i18n, refusal)), error: true });
    },
    [i18n],
  );

  return { busy, notice, send, tell };
}
