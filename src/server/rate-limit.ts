import { isIPv6 } from 'node:net';
import type { Actor } from '../auth/actor';
import type { Config } from '../config';

interface Bucket {
  tokens: number;
  at: number;
  /** Whether the last take from it was refused: the first refusal of a run is worth a record. */
  refusing: boolean;
}

type Limit = Config['rateLimit']['professional'];

/** Null when the request may go ahead; else the seconds to wait, and whether it is the first refusal in a row. */
export type Refusal = { retryAfter: number; first: boolean } | null;

/**
 * Buckets kept at most: past it the least recently used makes way, so memory stays bounded whatever
 * callers do (a sender with a fresh address per request, a /48 of IPv6 networks), at a constant cost
 * per request. One dropped before it filled again gives its sender a full bucket, as a new address
 * would get; a professional's, in use, is never the least recently used while such a flood lasts.
 */
export const MAX_BUCKETS = 50_000;

/**
 * Token buckets in this instance's memory: per professional and per organisation for what the
 * signed-in send, per network address for the tokens it has refused, and one for the audit lines
 * of refused tokens from all addresses together. A request takes one token
 * from each of its buckets or from none, so a refused request does not drain the other bucket.
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
    return (
      this.takeFrom([
        [`p:${actor.professionalId}`, this.limits.professional],
        [`o:${actor.organisationId}`, this.limits.organisation],
      ])?.retryAfter ?? null
    );
  }

  /**
   * A token refused from `address`. Each one is written to the audit chain, whose lock every
   * audited request takes: past the budget, an address sending bad tokens is told to wait instead,
   * so it cannot hold up everyone's reads. Valid tokens from the address are not affected.
   */
  refuseToken(address: string): Refusal {
    return this.takeFrom([[`a:${senderOf(address)}`, this.limits.refusedTokens]]);
  }

  /**
   * An audit line for a refused token, from the budget of all addresses together. The budget per
   * address does not stop many addresses (a botnet), each within its own, from writing a line each
   * and so holding up everyone's reads behind the chain's lock: past this one, only the first
   * refused token of the run is written, until the budget fills again. Refused all the same.
   */
  writeRefusedToken(): Refusal {
    return this.takeFrom([['refused-token-lines', this.limits.refusedTokensOverall]]);
  }

  private takeFrom(wanted: [string, Limit][]): Refusal {
    const now = this.clock();
    const buckets = wanted.map(([key, limit]) => ({ bucket: this.fill(key, limit, now), limit }));
    const wait = Math.max(...buckets.map(({ bucket, limit }) => (bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / (limit.perMinute / 60_000))));
    if (wait > 0) {
      const first = buckets.every(({ bucket }) => !bucket.refusing);
      for (const { bucket } of buckets) bucket.refusing = true;
      return { retryAfter: Math.max(1, Math.ceil(wait / 1000)), first };
    }
    for (const { bucket } of buckets) {
      bucket.tokens -= 1;
      bucket.refusing = false;
    }
    return null;
  }

  private fill(key: string, limit: Limit, now: number): Bucket {
    let bucket = this.buckets.get(key);
    // Taken out and put back last: the map runs from the least recently used bucket to the most.
    if (bucket) this.buckets.delete(key);
    else {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: limit.burst, at: now, refusing: false };
    }
    this.buckets.set(key, bucket);
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.perMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }
}

/**
 * Who sent a request, as far as an address tells: an IPv4 address (also written IPv4-mapped), or
 * the /64 network of an IPv6 one — a single host is usually given a whole /64, and could otherwise
 * take a fresh address for every request.
 */
export function senderOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const given = [...groups(head), ...groups(tail)];
  const full = address.includes('::') ? [...groups(head), ...Array(8 - given.length).fill('0'), ...groups(tail)] : given;
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
