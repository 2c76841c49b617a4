import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { NextFunction, Request, Response } from 'express';

/** How long a closing service waits for requests in flight before it cuts them: SHUTDOWN_GRACE_MS. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/**
 * How long a closing service leaves idle keep-alive connections for their client to close or use once
 * more (answered with `Connection: close`) before closing them itself: SHUTDOWN_IDLE_MS. Longer than the
 * balancer's keep-alive (4 s in deploy/nginx/caselink.conf), so the balancer closes them, never we.
 */
export const DEFAULT_SHUTDOWN_IDLE_MS = 5_000;
/** Idle keep-alive connections live this long (longer than any balancer's keep-alive in front, decision 105). */
export const KEEP_ALIVE_TIMEOUT_MS = 30_000;

const wholeMs = (variable: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${variable} must be a whole number of milliseconds, got ${JSON.stringify(raw)}`);
  return n;
};
export const shutdownGraceMs = (env: NodeJS.ProcessEnv = process.env) => wholeMs('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, DEFAULT_SHUTDOWN_GRACE_MS);
export const shutdownIdleMs = (env: NodeJS.ProcessEnv = process.env) => wholeMs('SHUTDOWN_IDLE_MS', env.SHUTDOWN_IDLE_MS, DEFAULT_SHUTDOWN_IDLE_MS);

/** When a service stops: how long requests in flight may run on, how long idle connections are left to their clients. */
export interface DrainTimes {
  /** @default SHUTDOWN_GRACE_MS or 10 s */
  graceMs?: number;
  /** @default 0 (closed at once); the start scripts pass SHUTDOWN_IDLE_MS or 5 s */
  idleMs?: number;
}

/**
 * A service's way out (decision 105). Once `drain` starts:
 *  - `/ready` answers 503 (`draining` is true), so whatever polls it stops sending;
 *  - the listening socket is closed: a new connection is refused at connect, which a balancer can
 *    retry on another replica even for a POST (nothing was sent);
 *  - every answer still to go carries `Connection: close`, so no client sends another request on it;
 *  - idle keep-alive connections are left `idleMs` for their client to close (a balancer does, at its
 *    keep-alive timeout) or to use once more, then closed: closing one under a request the client is
 *    sending at that moment would reset it, and a balancer cannot safely resend a POST it sent;
 *  - requests in flight finish; after `graceMs` whatever still runs is cut.
 * The caller then stops its background jobs and closes its database.
 */
export function createDrain() {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  /** Counts an answer in flight until it ends, and says `Connection: close` on it once draining. */
  const track = (res: ServerResponse): void => {
    inFlight.add(res);
    const end = () => void inFlight.delete(res);
    res.once('finish', end);
    res.once('close', end);
    if (draining) res.setHeader('connection', 'close');
  };
  return {
    get draining() {
      return draining;
    },
    /** Requests being answered now. */
    get inFlight() {
      return inFlight.size;
    },
    /** The same for a request answered outside the app (a subgraph's POST /graphql, kit/graphqlPost.ts). */
    track,
    /** First middleware of the app: counts requests, and says `Connection: close` once draining. */
    middleware(_req: Request, res: Response, next: NextFunction): void {
      track(res);
      next();
    },
    /** Stops accepting, lets requests in flight finish, then cuts what is left. Resolves true when nothing was cut. */
    async drain(server: Server | null, times: DrainTimes = {}): Promise<boolean> {
      const graceMs = times.graceMs ?? shutdownGraceMs();
      const idleMs = Math.min(times.idleMs ?? 0, graceMs);
      draining = true;
      // Answers under way but not yet started close their connection when they end.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      if (!server || !server.listening) return true;
      // net.Server's close: stop accepting, done when every connection has ended. (http.Server's own
      // close would also close idle keep-alive connections at once: the race described above.)
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      let idleTimer: NodeJS.Timeout | undefined;
      let sweep: NodeJS.Timeout | undefined;
      const closeIdle = () => {
        server.closeIdleConnections();
        sweep = setInterval(() => server.closeIdleConnections(), 100);
      };
      if (idleMs === 0) closeIdle();
      else idleTimer = setTimeout(closeIdle, idleMs);
      let graceTimer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => (graceTimer = setTimeout(() => resolve(false), graceMs)));
      const clean = await Promise.race([closed.then(() => true as const), late]);
      clearTimeout(idleTimer);
      clearInterval(sweep);
      clearTimeout(graceTimer);
      if (!clean) {
        server.closeAllConnections();
        await closed;
      }
      return clean;
    },
  };
}
export type Drain = ReturnType<typeof createDrain>;
