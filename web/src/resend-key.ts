/**
 * Idempotency keys for the writes that take one (logActivity, raiseSignal): a change whose answer
 * got lost is sent again under the key it went with, so the gateway answers it with the first
 * instead of counting the hours, or raising the concern, twice.
 */
import { useCallback, useRef } from 'react';

/** `bytes` random bytes as hex. getRandomValues, unlike randomUUID, works on a plain-http address too. */
export function randomHex(bytes: number): string {
  return Array.from(window.crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The key for sending `values`: the one they went with before when the gateway may have made them
 * without saying so (`keep`), else a new one. Changed values are another change, with a key of their own.
 */
export function useResendKey(): { keyFor(values: unknown): string; keep(keep: boolean): void } {
  const last = useRef<{ key: string; values: string } | null>(null);
  const sent = useRef<{ key: string; values: string } | null>(null);
  const keyFor = useCallback((values: unknown) => {
    const text = JSON.stringify(values);
    sent.current = last.current?.values === text ? last.current : { key: randomHex(16), values: text };
    return sent.current.key;
  }, []);
  const keep = useCallback((keep: boolean) => {
    last.current = keep ? sent.current : null;
  }, []);
  return { keyFor, keep };
}
