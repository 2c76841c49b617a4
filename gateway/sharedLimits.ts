import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRateLimiter, rateLimited, type RateLimit, type RateLimitOptions } from './rateLimit';
import { createMemoryUploadSlots, uploadsBusy, type UploadLimits, type UploadSlots } from './files';

/**
 * The per-caller limits kept in Redis, so that replicas behind a load balancer share them
 * (decision 103). Without REDIS_URL each replica keeps its own (rateLimit.ts, files.ts): N replicas
 * give a caller up to N × the rate and N × the upload slots.
 *
 * - Time is Redis's (`TIME` inside each script), never a replica's: replicas whose clocks differ
 *   would otherwise refill one bucket at different rates (a clock ahead hands out tokens early, one
 *   behind sees time go backwards) and expire each other's leases early or late. It costs nothing:
 *   the script reads it in the same round trip.
 * - Each operation is one Lua script (EVALSHA, EVAL once after a Redis restart), so it is atomic.
 * - Redis unreachable or slow (past `commandTimeoutMs`): both limits fail OPEN to this replica's own
 *   memory limits (the bounds of a deployment without Redis), logged and counted in
 *   caselink_gateway_limit_store_errors_total. Commands are never queued while disconnected
 *   (enableOfflineQueue false, no retries per request), so an outage costs a request at most one
 *   command timeout, and nothing grows.
 */
export interface RedisLimitsOptions {
  /** redis:// or rediss:// URL (REDIS_URL). */
  url: string;
  /** Prefix of every key (REDIS_KEY_PREFIX). @default 'caselink:' */
  keyPrefix?: string;
  /** A command not answered in this time fails (and the limit falls back to memory). @default 250 */
  commandTimeoutMs?: number;
  /** How long an upload's lease lives without refresh: a replica that dies frees its slots after this. In-flight uploads refresh at a third of it. @default 30000 */
  uploadLeaseMs?: number;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'caselink:';
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 250;
export const DEFAULT_UPLOAD_LEASE_MS = 30_000;

/** Redis's clock in milliseconds. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Token bucket: KEYS[1] a hash {tokens, at}; ARGV perSecond, burst, cost. Returns {1} when taken, or
 * {0, tokens left as a string}. A bucket is kept only while not full: it expires when it would be
 * full again, and a full one is deleted (a missing bucket is a full one).
 */
const TAKE = `${NOW}
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(b[1]), tonumber(b[2])
if tokens == nil or at == nil then tokens = burst; at = now end
if now > at then
  tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
  at = now
end
local taken = 0
if tokens >= cost then tokens = tokens - cost; taken = 1 end
local ttl = math.ceil((burst - tokens) / rate * 1000)
if ttl < 1 then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', at))
  redis.call('PEXPIRE', KEYS[1], string.format('%d', math.min(ttl, 1e12)))
end
if taken == 1 then return {1} end
return {0, string.format('%.17g', tokens)}`;

/**
 * Upload lease: KEYS[1] a sorted set of lease ids scored by expiry; ARGV max, ttl ms, id. Expired
 * leases are dropped first. Returns {1, leases now} when leased, {0, leases} when all are taken.
 */
const LEASE = `${NOW}
local max, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
local n = redis.call('ZCARD', KEYS[1])
if n >= max then return {0, n} end
redis.call('ZADD', KEYS[1], string.format('%d', now + ttl), ARGV[3])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, n + 1}`;

/** Lease refresh: ARGV ttl ms, id; a lease already gone (expired, released) is not brought back. */
const REFRESH = `${NOW}
local ttl = tonumber(ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], 'XX', string.format('%d', now + ttl), ARGV[2])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1`;

interface ScriptedRedis extends Redis {
  caselinkTake(key: string, perSecond: number, burst: number, cost: number): Promise<[number, string?]>;
  caselinkLease(key: string, max: number, ttlMs: number, id: string): Promise<[number, number]>;
  caselinkRefresh(key: string, ttlMs: number, id: string): Promise<number>;
}

export type LimitName = 'rate' | 'uploads';

export interface RedisLimitsDeps {
  log: Logger;
  /** Called on every failed Redis command, by limit (a metric). */
  onError(limit: LimitName | 'ready'): void;
}

export function createRedisLimits(options: RedisLimitsOptions, deps: RedisLimitsDeps) {
  const prefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  const leaseMs = options.uploadLeaseMs ?? DEFAULT_UPLOAD_LEASE_MS;
  const log = deps.log.child({ component: 'limits', store: 'redis' });
  const client = new Redis(options.url, {
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // Fail now, never queue: a request never waits for a reconnect, and no queue grows during an outage.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Reconnect forever, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    connectionName: 'caselink-gateway-limits',
  }) as ScriptedRedis;
  client.defineCommand('caselinkTake', { numberOfKeys: 1, lua: TAKE });
  client.defineCommand('caselinkLease', { numberOfKeys: 1, lua: LEASE });
  client.defineCommand('caselinkRefresh', { numberOfKeys: 1, lua: REFRESH });

  // The URL may hold a password: it is never logged, only its host.
  const where = (() => {
    try {
      const u = new URL(options.url);
      return `${u.hostname}:${u.port || 6379}`;
    } catch {
      return '(unparsable REDIS_URL)';
    }
  })();
  let failing = false;
  client.on('error', (err: Error) => {
    if (!failing) log.warn({ redis: where, err: err.message }, 'Redis for shared limits unreachable; limits fall back to this replica\'s memory');
    failing = true;
  });
  client.on('ready', () => {
    if (failing) log.info({ redis: where }, 'Redis for shared limits reachable again');
    failing = false;
  });
  /** A command answered: an outage that produced no connection event (Redis silent, then back) has ended. */
  function answered(): void {
    if (!failing) return;
    failing = false;
    log.info({ redis: where }, 'Redis for shared limits answers again');
  }
  function failed(limit: LimitName, err: unknown): void {
    deps.onError(limit);
    if (!failing) log.warn({ redis: where, limit, err: (err as Error).message }, 'Redis command for shared limits failed; this request used this replica\'s memory limit');
    failing = true;
  }

  // Settled when the first connection is ready or has failed (then requests fall back until it is).
  const started = new Promise<void>((resolve) => {
    client.once('ready', () => resolve());
    client.once('error', () => resolve());
    client.once('end', () => resolve());
  });
  const refreshes = new Set<NodeJS.Timeout>();

  return {
    client,
    keyPrefix: prefix,
    /** Resolves once the first connection is ready or has failed; never rejects (the gateway starts either way). */
    started,

    /** The shared token bucket; falls back to `fallback` (this replica's) when Redis fails. */
    rateLimiter(rate: Omit<RateLimitOptions, 'now'>): RateLimit {
      const { perSecond, burst } = rate;
      const fallback = createRateLimiter(rate);
      return {
        enabled: perSecond > 0,
        async take(subject: string, cost = 1) {
          if (perSecond <= 0) return;
          let answer: [number, string?];
          try {
            answer = await client.caselinkTake(`${prefix}rate:${subject}`, perSecond, burst, cost);
          } catch (err) {
            failed('rate', err);
            return fallback.take(subject, cost);
          }
          answered();
          if (answer[0] === 1) return;
          throw rateLimited(perSecond, burst, cost, Number(answer[1]));
        },
      };
    },

    /**
     * Upload slots: per caller, leases in Redis shared by every replica; in total, this replica's
     * own count (the total protects this process's connections). Redis failing: this replica's per-caller count.
     */
    uploadSlots(limits: Pick<UploadLimits, 'perCaller' | 'total'>): UploadSlots {
      // Counts every upload here: the total always, and per caller when Redis cannot be asked.
      const local = createMemoryUploadSlots({ perCaller: Number.POSITIVE_INFINITY, total: limits.total });
      return {
        async acquire(subject: string) {
          const releaseLocal = local.acquire(subject);
          const key = `${prefix}uploads:${subject}`;
          const id = randomUUID();
          let answer: [number, number];
          try {
            answer = await client.caselinkLease(key, limits.perCaller, leaseMs, id);
          } catch (err) {
            failed('uploads', err);
            const mine = local.inProgress(subject);
            if (mine > limits.perCaller) {
              releaseLocal();
              throw uploadsBusy('perCaller', mine - 1, limits.perCaller);
            }
            return releaseLocal;
          }
          answered();
          if (answer[0] !== 1) {
            releaseLocal();
            throw uploadsBusy('perCaller', answer[1], limits.perCaller);
          }
          // While the upload lasts its lease is refreshed; a replica that dies stops refreshing.
          const refresh = setInterval(() => {
            client.caselinkRefresh(key, leaseMs, id).catch((err) => failed('uploads', err));
          }, Math.max(1, Math.floor(leaseMs / 3)));
          refresh.unref();
          refreshes.add(refresh);
          let done = false;
          return () => {
            if (done) return;
            done = true;
            clearInterval(refresh);
            refreshes.delete(refresh);
            releaseLocal();
            // Not released (Redis failing): the lease expires by itself.
            client.zrem(key, id).catch((err) => failed('uploads', err));
          };
        },
      };
    },

    /** For /ready: whether Redis answers a PING within the command timeout. */
    async reachable(): Promise<{ store: 'redis'; reachable: boolean; error?: string }> {
      try {
        await client.ping();
        return { store: 'redis', reachable: true };
      } catch (err) {
        deps.onError('ready');
        return { store: 'redis', reachable: false, error: /timed out/i.test((err as Error).message) ? 'timeout' : 'unreachable' };
      }
    },

    /** Stops refreshing leases (uploads still in progress then lapse after the lease time) and disconnects. */
    async close(): Promise<void> {
      for (const t of refreshes) clearInterval(t);
      refreshes.clear();
      client.disconnect();
    },
  };
}
export type RedisLimits = ReturnType<typeof createRedisLimits>;
