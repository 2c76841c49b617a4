import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway } from '@apollo/gateway';
import pino, { type Logger } from 'pino';
import { ASSERTION_HEADER, signCallerAssertion, type Caller, type RequestBinding } from '../subgraphs/kit/caller';
import { maskUnexpected } from '../subgraphs/kit/createSubgraph';
import { createDrain, KEEP_ALIVE_TIMEOUT_MS, shutdownGraceMs, type DrainTimes } from '../subgraphs/kit/drain';
import { answerClientErrors } from '../subgraphs/kit/httpErrors';
import { defaultMetricsAccess, serveMetrics, type MetricsAccess } from '../subgraphs/kit/metricsRoute';
import { createTokenVerifier, type TokenVerifierOptions } from './auth';
import { accessLogWriter } from './accessLog';
import { placeUnavailableError, SubgraphDataSource } from './dataSource';
import { edgeMiddleware, edgeRecordOf, useOperationRecords, type EdgeRecord } from './edge';
import { DEFAULT_UPLOAD_LIMITS, filesPassThrough, type UploadLimits } from './files';
import { batchLimit, DEFAULT_REQUEST_LIMITS, jsonBody, type RequestLimits } from './httpLimits';
import { ideRouter, settleIdeOptions, type IdeOptions } from './ide';
import { consoleRouter } from './console';
import { PRODUCTION_INTROSPECTION_ROLES, useIntrospectionGate, type IntrospectionRoles } from './introspection';
import { asKeyRing, type KeyRing, type SigningKey } from '../subgraphs/kit/jws';
import { DEFAULT_LIMITS, tokenLimitError, useOperationLimits, type OperationLimits } from './limits';
import { useValueCompletionErrors } from './valueCompletion';
import { createGatewayMetrics } from './metrics';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit, type RateLimitOptions } from './rateLimit';
import { supergraphFromFile } from './reload';
import { createSafelist, DEFAULT_SAFELIST, useSafelist, type SafelistOptions } from './safelist';
import { schemaRoute } from './schemaRoute';
import { createRedisLimits, type RedisLimitsOptions } from './sharedLimits';
import { supergraphServices } from './supergraph';

export interface GatewayContext {
  caller: Caller;
  edge: EdgeRecord;
}

export interface GatewayOptions {
  /** The composed supergraph (any valid Federation 2 supergraph). */
  supergraphSdl: string;
  /** The file `supergraphSdl` was read from: watched, and reloaded when it changes. @default null (not watched) */
  supergraphPath?: string | null;
  /** How often the supergraph file is checked for changes; 0: never. @default 2000 */
  supergraphPollMs?: number;
  /** Replaces routing URLs of the supergraph by subgraph name (for other ports or hosts). */
  subgraphUrls?: Record<string, string>;
  /** How caller tokens are verified. */
  auth: TokenVerifierOptions;
  /** The key the gateway signs caller assertions with (the crypto profile's algorithm); its ring's public keys are served as JWKS. */
  assertionKey: SigningKey | KeyRing;
  /** @default pino at LOG_LEVEL or 'info' */
  logger?: Logger;
  /** Where access log lines go. @default the gateway logger, child { log: 'access' } */
  accessLogger?: Logger;
  /** Add process metrics to /metrics. @default false */
  processMetrics?: boolean;
  /** Who may read /metrics (token, internal listener). @default defaultMetricsAccess(nodeEnv): open outside production, nowhere in production */
  metricsAccess?: MetricsAccess;
  /** Apollo Server's mode; 'production' also narrows introspection (see introspectionRoles). @default process.env.NODE_ENV */
  nodeEnv?: string;
  /** Operation and request limits; each one missing takes its default (DEFAULT_LIMITS, DEFAULT_REQUEST_LIMITS). */
  limits?: Partial<OperationLimits & RequestLimits>;
  /** Per-caller token bucket. @default DEFAULT_RATE_LIMIT (20/s, burst 200) */
  rateLimit?: Partial<RateLimitOptions>;
  /** Operation safelist. @default DEFAULT_SAFELIST (off) */
  safelist?: Partial<SafelistOptions>;
  /** Who may introspect. @default '*' ; in production ['ADMIN', 'ANALYST'] */
  introspectionRoles?: IntrospectionRoles;
  /** Subgraph fetch timeouts in ms: `default`, and by subgraph name. @default { default: 10000 } */
  subgraphTimeoutsMs?: { default: number } & Record<string, number>;
  /** Bounds on uploads through the file pass-through. @default DEFAULT_UPLOAD_LIMITS */
  uploads?: Partial<UploadLimits>;
  /**
   * Where the per-caller rate limit and upload slots are kept: null, this process's memory (each
   * replica its own); a Redis, shared by every gateway using it (REDIS_URL; decision 103). @default null
   */
  redis?: RedisLimitsOptions | null;
  /** The self-hosted IDE on GET /graphql; false turns it off. @default {} */
  ide?: IdeOptions | boolean;
}

/** The caller of readiness probes: no agency, no role; enough to reach `{ __typename }`. */
const PROBE_CALLER: Omit<Caller, 'requestId'> = { sub: 'gateway:probe', agencyId: null, agencyKind: null, division: null, roles: [], purpose: null };

export async function createGateway(options: GatewayOptions) {
  // Settle every default first.
  const log = (options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ service: 'gateway' });
  const accessLog = options.accessLogger ?? log.child({ log: 'access' });
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV ?? 'development';
  const limits = { ...DEFAULT_LIMITS, ...DEFAULT_REQUEST_LIMITS, ...options.limits };
  const safelistOptions = { ...DEFAULT_SAFELIST, ...options.safelist };
  const safelist = createSafelist(safelistOptions.manifest);
  const introspectionRoles = options.introspectionRoles ?? (nodeEnv === 'production' ? PRODUCTION_INTROSPECTION_ROLES : '*');
  const timeouts: Record<string, number> & { default: number } = options.subgraphTimeoutsMs ?? { default: 10_000 };
  const overrides = options.subgraphUrls ?? {};
  const ide = settleIdeOptions(options.ide, nodeEnv);
  const assertionKeys = asKeyRing(options.assertionKey);
  const sign = (caller: Caller, audience: string, binding: RequestBinding) => signCallerAssertion(caller, audience, binding, assertionKeys.key);
  const servicesOf = (sdl: string) => supergraphServices(sdl).map((s) => ({ ...s, url: overrides[s.name] ?? s.url }));
  let services = servicesOf(options.supergraphSdl);
  let supergraphSdl = options.supergraphSdl;

  const metrics = createGatewayMetrics({ processMetrics: options.processMetrics });

  // The per-caller limits: in memory, or in Redis shared by the replicas (failing open to memory).
  const rate = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const uploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...options.uploads };
  const shared = options.redis ? createRedisLimits(options.redis, { log, onError: (limit) => metrics.limitStoreErrors.inc({ limit }) }) : null;
  const rateLimiter: RateLimit = shared ? shared.rateLimiter(rate) : createRateLimiter(rate);
  const uploadSlots = shared?.uploadSlots(uploadLimits);
  await shared?.started;

  // @apollo/gateway 2.14 sends usage metrics to Apollo (and probes cloud metadata addresses) unless
  // told not to; this gateway stands in a closed network and reports to nobody.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile({
      initialSdl: options.supergraphSdl,
      path: options.supergraphPath ?? null,
      pollMs: options.supergraphPollMs ?? 2000,
      log,
      onApplied(sdl) {
        services = servicesOf(sdl);
        supergraphSdl = sdl;
        metrics.reloads.inc({ result: 'applied' });
      },
      onRefused: () => metrics.reloads.inc({ result: 'refused' }),
    }),
    logger: log,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({ name, url: overrides[name] ?? url!, timeoutMs: timeouts[name] ?? timeouts.default, sign, metrics, log }),
  });

  const server = new ApolloServer<GatewayContext>({
    gateway,
    nodeEnv,
    includeStacktraceInErrorResponses: false,
    // The start scripts close the service on SIGTERM and exit 0 (scripts/shutdown.ts); Apollo's own
    // handler would stop it and re-raise the signal, killing the process before that.
    stopOnTerminationSignals: false,
    // The gateway decides who may introspect (useIntrospectionGate); Apollo's switch would refuse all in production.
    introspection: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: limits.maxBatch > 0,
    parseOptions: { maxTokens: limits.maxTokens },
    // Body-less requests resolve by id from the operation manifest only; nothing registers at run time.
    persistedQueries: { cache: safelist.cache },
    formatError: (formatted, error) => {
      const placed = tokenLimitError(formatted) ?? placeUnavailableError(formatted);
      return placed === formatted ? maskUnexpected(formatted, error, log) : placed;
    },
    plugins: [
      // Before the operation records: their willSendResponse counts the errors this one adds.
      useValueCompletionErrors(log),
      useOperationRecords(),
      useSafelist({ ...safelistOptions, safelist, log, onUnlisted: (mode) => metrics.unlisted.inc({ mode }) }),
      useIntrospectionGate(introspectionRoles),
      useOperationLimits(limits),
      // Apollo's default landing page loads from a CDN; the self-hosted IDE replaces it (ide.ts).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await server.start();
  const authenticate = createTokenVerifier(options.auth);

  async function probe(): Promise<{ name: string; url: string; ok: boolean; error?: string }[]> {
    return Promise.all(
      services.map(async (s) => {
        try {
          const body = JSON.stringify({ query: '{ __typename }' });
          const res = await fetch(s.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              [ASSERTION_HEADER]: await sign({ ...PROBE_CALLER, requestId: `probe-${Date.now()}` }, s.name, { kind: 'graphql', body }),
            },
            body,
            signal: AbortSignal.timeout(2000),
          });
          return { ...s, ok: res.ok, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
        } catch (err) {
          return { ...s, ok: false, error: (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable' };
        }
      }),
    );
  }

  /** Verifies the caller, then takes from their rate-limit bucket (one token per operation in the request). */
  async function context({ req, res }: { req: express.Request; res: express.Response }): Promise<GatewayContext> {
    const edge = edgeRecordOf(res);
    try {
      edge.caller = await authenticate(req.headers);
      await rateLimiter.take(edge.caller.sub, Array.isArray(req.body) ? req.body.length : 1);
    } catch (err) {
      edge.errors.push(String((err as { extensions?: { code?: unknown } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
      throw err;
    }
    return { caller: edge.caller, edge };
  }

  const drain = createDrain();
  const app = express();
  app.disable('x-powered-by');
  app.use(drain.middleware);
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    // Closing (decision 105): 503 at once, so whoever polls moves away.
    if (drain.draining) return void res.status(503).json({ status: 'draining', subgraphs: [] });
    const [subgraphs, limits] = await Promise.all([probe(), shared ? shared.reachable() : { store: 'memory' as const }]);
    // Redis unreachable does not make the gateway unready: the limits fail open to memory (decision 103).
    const ready = subgraphs.every((s) => s.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', subgraphs, limits });
  });
  const metricsEndpoint = await serveMetrics(app, metrics.registry, options.metricsAccess ?? defaultMetricsAccess(nodeEnv));
  app.get('/.well-known/jwks.json', (_req, res) => void res.json(assertionKeys.jwks));
  if (ide) app.use(ideRouter(ide));
  app.use('/console', consoleRouter({ demoTokens: ide ? ide.demoTokens : undefined }));
  app.get('/schema.graphql', schemaRoute({ supergraphSdl: () => supergraphSdl, authenticate, admit: (caller) => rateLimiter.take(caller.sub), introspectionRoles, log }));
  // Other routes (e.g. file transfer) mount here, before the GraphQL endpoint.
  app.use('/files', filesPassThrough({ services: () => services, authenticate, sign, log, admit: (caller) => rateLimiter.take(caller.sub), idleTimeoutMs: (name) => timeouts[name] ?? timeouts.default, uploads: uploadLimits, uploadSlots }));
  app.use(
    '/graphql',
    edgeMiddleware([accessLogWriter(accessLog), metrics.observe]),
    ...jsonBody(limits),
    batchLimit(limits),
    expressMiddleware(server, { context }),
  );

  let httpServer: http.Server | null = null;
  return {
    app,
    /** The subgraphs the current supergraph routes to (changes when the supergraph file is reloaded). */
    get services() {
      return services;
    },
    metrics,
    /** The internal metrics listener's URL (metricsAccess.listener), or null. */
    metricsUrl: metricsEndpoint.url,
    listen(port: number, host = '127.0.0.1'): Promise<string> {
      return new Promise((resolve, reject) => {
        httpServer = http.createServer(app);
        // Longer than a balancer's keep-alive: the balancer closes idle connections, never this side under its request.
        httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
        answerClientErrors(httpServer);
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { port: bound } = httpServer!.address() as AddressInfo;
          resolve(`http://${host}:${bound}/graphql`);
        });
      });
    },
    /** Drains (decision 105, kit/drain.ts): /ready turns 503, no new connections, requests in flight finish within the grace, then it stops. */
    async close(times: DrainTimes = {}) {
      const clean = await drain.drain(httpServer, times);
      if (!clean) log.warn({ graceMs: times.graceMs ?? shutdownGraceMs() }, 'requests still running after the shutdown grace were cut');
      await metricsEndpoint.close();
      await server.stop();
      await shared?.close();
    },
  };
}
export type Gateway = Awaited<ReturnType<typeof createGateway>>;
