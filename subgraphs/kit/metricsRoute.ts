import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { answerClientErrors, sendJsonError } from './httpErrors';

/**
 * Who may read a service's Prometheus metrics (gateway and every subgraph alike). They tell how busy
 * each agency is, which operations run and how often refusals happen: not for anyone who reaches the port.
 */
export interface MetricsAccess {
  /** `Authorization: Bearer <token>` required on /metrics (METRICS_TOKEN); null: none. */
  token: string | null;
  /** A listener of its own that serves /metrics and nothing else (METRICS_HOST, METRICS_PORT); null: none. */
  listener: { host: string; port: number } | null;
  /** /metrics on the service's own port: never beside an internal listener, and in production only behind a token. */
  onServicePort: boolean;
}

/** Open on the service's own port outside production, as `npm start` wants; nowhere in production. */
export function defaultMetricsAccess(nodeEnv: string | undefined): MetricsAccess {
  return { token: null, listener: null, onServicePort: nodeEnv !== 'production' };
}

const metricsPort = z.coerce
  .number({ message: 'METRICS_PORT must be a port number' })
  .int('METRICS_PORT must be an integer')
  .min(1, 'METRICS_PORT must be between 1 and 65535')
  .max(65535, 'METRICS_PORT must be between 1 and 65535');

/**
 * METRICS_TOKEN, METRICS_PORT and METRICS_HOST, checked; `servicePort` is the service's own PORT, which
 * the metrics listener may not share.
 */
export function loadMetricsAccess(env: NodeJS.ProcessEnv, servicePort?: number): MetricsAccess {
  const nodeEnv = env.NODE_ENV ?? 'development';
  let token: string | null = null;
  if (env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN !== '') {
    if (!/^[\x21-\x7e]{16,}$/.test(env.METRICS_TOKEN)) throw new Error('METRICS_TOKEN must be at least 16 printable characters, without spaces');
    token = env.METRICS_TOKEN;
  }
  let listener: MetricsAccess['listener'] = null;
  if (env.METRICS_PORT) {
    const r = metricsPort.safeParse(env.METRICS_PORT);
    if (!r.success) throw new Error(r.error.issues[0]!.message);
    if (r.data === servicePort) throw new Error(`METRICS_PORT must differ from PORT (${servicePort}): metrics have a listener of their own`);
    listener = { host: env.METRICS_HOST || '127.0.0.1', port: r.data };
  } else if (env.METRICS_HOST) {
    throw new Error('METRICS_HOST needs METRICS_PORT (the port of the internal metrics listener)');
  }
  return { token, listener, onServicePort: listener === null && (token !== null || nodeEnv !== 'production') };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares the presented bearer token with the configured one in constant time (digests: equal lengths whatever is sent). */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const m = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null;
}

export interface MetricsEndpoint {
  /** The internal listener's /metrics URL, or null when there is none. */
  readonly url: string | null;
  close(): Promise<void>;
}

/**
 * Serves a registry's metrics as `access` says: GET /metrics on `app` (the service's own port) when
 * allowed there, and on an internal listener when one is configured (started here; closed by `close`).
 */
export async function serveMetrics(app: express.Express, registry: Registry, access: MetricsAccess): Promise<MetricsEndpoint> {
  const handler = async (req: Request, res: Response) => {
    if (access.token !== null && !bearerMatches(req.headers.authorization, access.token)) {
      res.set('www-authenticate', 'Bearer realm="metrics"');
      return sendJsonError(res, 401, 'UNAUTHENTICATED', 'metrics need the metrics token: send Authorization: Bearer <METRICS_TOKEN>');
    }
    res.set('cache-control', 'no-store').type(registry.contentType).send(await registry.metrics());
  };
  if (access.onServicePort) app.get('/metrics', handler);
  if (!access.listener) return { url: null, close: async () => {} };

  const internal = express();
  internal.disable('x-powered-by');
  internal.get('/metrics', handler);
  internal.use((req: Request, res: Response) => sendJsonError(res, 404, 'NOT_FOUND', `no route ${req.method} ${req.path}: this listener serves /metrics only`));
  const server = http.createServer(internal);
  answerClientErrors(server);
  const { host, port } = access.listener;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`metrics listener on ${host}:${port}: ${err.message}`)));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    async close() {
      const closing = new Promise((r) => server.close(r));
      server.closeAllConnections();
      await closing;
    },
  };
}

/** One line for a service's start message: where its metrics are, or why they are nowhere. */
export function metricsNotice(access: MetricsAccess): string {
  const guarded = access.token ? ' (bearer METRICS_TOKEN required)' : '';
  if (access.listener) return `metrics on http://${access.listener.host}:${access.listener.port}/metrics${guarded}`;
  if (access.onServicePort) return `metrics on /metrics of the service port${guarded}`;
  return 'metrics are not served: in production set METRICS_PORT (an internal listener) or METRICS_TOKEN';
}
