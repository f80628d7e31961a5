/**
 * One change at a time from a page or a part of it: busy while it is on its way, then what became
 * of it in words (the page's OutcomeNotice), and what the page shows reloaded after it, whatever
 * became of it.
 */
import { useCallback, useState } from 'react';
import type { Result } from './api';
import type { Notice, Say } from './components/outcome-notice';
import { describeError, outcomeOf } from './describe-error';
import type { I18n } from './i18n/i18n';

export function useChange(reload: () => void) {
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
   * or was not, given why. Both are words of the language she reads the notice in, why too: made
   * from the `i18n` they are given, not the one of the moment, they follow her when she switches.
   */
  const tell = useCallback((refusal: unknown, made: Say, notMade: (outcome: 'unknown' | 'refused', reason: string, i18n: I18n) => string) => {
    const outcome = outcomeOf(refusal);
    setNotice(outcome === 'made' ? { say: made, error: false } : { say: (i18n) => notMade(outcome, describeError(i18n, refusal), i18n), error: true });
  }, []);

  return { busy, notice, send, tell };
}
