import { HeaderMap } from '@apollo/server';
import { appError } from '../subgraphs/kit/errors';

/**
 * Per-identity rate limit: a token bucket per caller subject (the token's `sub`). This one is kept
 * in this process's memory: each replica keeps its own buckets, so behind a load balancer with N
 * replicas a caller may get up to N times the rate. With REDIS_URL the gateway keeps the buckets in
 * Redis instead, one per caller for all replicas (sharedLimits.ts, decision 103). The limit is there
 * to stop a runaway client or script, not to meter exactly.
 */
export interface RateLimit {
  /** False when perSecond is 0 (no limit). */
  readonly enabled: boolean;
  /** Takes `cost` tokens from the caller's bucket, or throws RATE_LIMITED (HTTP 429 with Retry-After); async when the bucket is elsewhere. */
  take(subject: string, cost?: number): void | Promise<void>;
}

export interface RateLimitOptions {
  /** Tokens added per second; 0 turns the limit off. @default 20 */
  perSecond: number;
  /** Bucket size: how many operations a caller may send at once after being idle. @default 200 */
  burst: number;
  /** @default Date.now */
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT = { perSecond: 20, burst: 200 } as const;

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets are swept (full ones dropped) once the map holds this many callers. */
const SWEEP_AT = 10_000;

/** The refusal of `cost` tokens from a bucket holding `tokens`: RATE_LIMITED, 429, Retry-After when enough will be back. */
export function rateLimited(perSecond: number, burst: number, cost: number, tokens: number) {
  const retryAfter = Math.max(1, Math.ceil((cost - tokens) / perSecond));
  return appError('RATE_LIMITED', `rate limit of ${perSecond} operations per second (burst ${burst}) exceeded for this caller; retry in ${retryAfter} s`, {
    retryAfter,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
  });
}

export function createRateLimiter(options: RateLimitOptions) {
  const { perSecond, burst } = options;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  function refill(b: Bucket, t: number): void {
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
  }

  function sweep(t: number): void {
    for (const [key, b] of buckets) {
      refill(b, t);
      if (b.tokens >= burst) buckets.delete(key);
    }
  }

  return {
    enabled: perSecond > 0,
    /** Takes `cost` tokens from the caller's bucket, or throws RATE_LIMITED (HTTP 429 with Retry-After). */
    take(subject: string, cost = 1): void {
      if (perSecond <= 0) return;
      const t = now();
      let b = buckets.get(subject);
      if (!b) {
        if (buckets.size >= SWEEP_AT) sweep(t);
        buckets.set(subject, (b = { tokens: burst, at: t }));
      } else refill(b, t);
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return;
      }
      throw rateLimited(perSecond, burst, cost, b.tokens);
    },
    /** Callers with a bucket in memory (for tests and metrics). */
    get size() {
      return buckets.size;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
