import type { Actor } from '../auth/actor';
import type { Config } from '../config';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before idle full ones are dropped: memory stays bounded whatever callers do. */
const MAX_BUCKETS = 50_000;

/**
 * Token buckets per professional and per organisation, in this instance's memory. A request takes
 * one token from both or from neither, so a refused request does not drain the other bucket.
 * With several instances each holds its own buckets: configure the limits per instance
 * (docs/operations.md).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: Config['rateLimit'],
    private readonly clock: () => number = Date.now,
  ) {}

  /** Null when the request may go ahead, else the seconds to wait before the next attempt. */
  take(actor: Pick<Actor, 'professionalId' | 'organisationId'>): number | null {
    const now = this.clock();
    const professional = this.fill(`p:${actor.professionalId}`, this.limits.professional, now);
    const organisation = this.fill(`o:${actor.organisationId}`, this.limits.organisation, now);
    const waits = [
      professional.tokens >= 1 ? 0 : (1 - professional.tokens) / (this.limits.professional.perMinute / 60_000),
      organisation.tokens >= 1 ? 0 : (1 - organisation.tokens) / (this.limits.organisation.perMinute / 60_000),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    professional.tokens -= 1;
    organisation.tokens -= 1;
    return null;
  }

  private fill(key: string, limit: { burst: number; perMinute: number }, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      bucket = { tokens: limit.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.perMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }

  private prune(now: number): void {
    // A bucket idle for longer than a full refill is full again: dropping it changes nothing.
    const refillMs = Math.max(...[this.limits.professional, this.limits.organisation].map((l) => (l.burst / l.perMinute) * 60_000));
    for (const [key, b] of this.buckets) if (now - b.at > refillMs) this.buckets.delete(key);
  }
}
