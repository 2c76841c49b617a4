import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import pino, { type Logger } from 'pino';
import { ASSERTION_HEADER, bodySha256, createAssertionVerifier, type Caller, type KeySource } from './caller';
import { systemClock, type Clock } from './clock';
import { openDatabase, type Database, type StorageMode } from './db';
import type { ServiceGrants } from './grants';
import { ERROR_CODES, isAppError } from './errors';
import { createSubgraphMetrics, type SubgraphMetrics } from './metrics';
import { defaultMetricsAccess, serveMetrics, type MetricsAccess } from './metricsRoute';
import { accessLogUnavailable, accessLogWriter, Disclosures } from './accessLog';
import { decidedAtCompileTime, standardClassRules } from './classRules';
import { disclosureMiddleware } from './disclosure';
import { graphqlPostHandler, takesGraphQLPost } from './graphqlPost';
import { answerClientErrors, closingHandlers, jsonBodyErrors, sendJsonError } from './httpErrors';
import { inputGuardMiddleware } from './inputGuard';
import { MAX_NESTING, SUBGRAPH_LIMITS, tooManyFragments, useOperationLimits, type OperationLimits } from './operationLimits';
import { applyMiddleware, policyMiddleware, POLICY_SDL, readSensitivity, type ClassRules } from './policy';
import { accessLogLeaves } from './accessLogAudit';
import { startCheckpoints, type CheckpointKey, type LeafSource } from './checkpoint';
import { loadCryptoProfile } from './cryptoProfile';
import { useCryptoProfile } from './digests';
import { createDrain, KEEP_ALIVE_TIMEOUT_MS, shutdownGraceMs, type DrainTimes } from './drain';
import { sql } from 'drizzle-orm';

/** What every resolver receives. Loaders are built per request, for this caller only. */
export interface SubgraphContext<TTables extends Record<string, unknown> = Record<string, unknown>, TLoaders = unknown> {
  caller: Caller;
  db: Database<TTables>;
  loaders: TLoaders;
  clock: Clock;
  log: Logger;
  /** C2/C3 reads of this request, written to the access log when it ends. */
  disclosures: Disclosures;
}

/** A subgraph as a module: what it is (schema, tables, rules), not how it is run. */
export interface SubgraphDefinition<TTables extends Record<string, unknown>, TLoaders> {
  name: string;
  /** The subgraph's SDL, without the policy preamble (the kit adds it). */
  typeDefs: string;
  resolvers: GraphQLResolverMap<SubgraphContext<TTables, TLoaders>>;
  tables: TTables;
  migrationsFolder: string;
  /** The rule for each sensitivity class. @default standardClassRules (relationship to the case) */
  classRules?: ClassRules;
  createLoaders(ctx: { caller: Caller; db: Database<TTables>; clock: Clock }): TLoaders;
  /** Runs after migrations, before the seed and before serving (e.g. data keys, a backfill). */
  prepare?(db: Database<TTables>, clock: Clock, log: Logger): Promise<void>;
  /** Loads demo data into an empty database; a no-op when data exists. */
  seed?(db: Database<TTables>, clock: Clock): Promise<void>;
  /** Its chains, in checkpoint order (kit/checkpoint.ts). @default the access log's */
  chainSources?: readonly LeafSource[];
  /**
   * The UPDATEs its service makes, granted to the service role by `npm run migrate -- <name> --grant <role>`
   * (kit/grants.ts; the kit adds its own). Every other table is SELECT and INSERT only. @default none
   */
  serviceGrants?: ServiceGrants;
}

const BODY_SHA256 = Symbol('bodySha256');
type BodyHashed = http.IncomingMessage & { [BODY_SHA256]?: string };

/** Largest GraphQL request body a subgraph reads (the gateway's own limit is smaller by default). */
const MAX_BODY_BYTES = 1_048_576;

export interface CreateSubgraphOptions {
  storage: StorageMode;
  /** Where the gateway's assertion-signing public key comes from. */
  gatewayKeys: KeySource;
  /** @default systemClock */
  clock?: Clock;
  /** @default pino at LOG_LEVEL or 'info' */
  logger?: Logger;
  /** Load demo data on start if the database is empty. @default false */
  seedDemo?: boolean;
  /** Add process metrics (CPU, memory) to /metrics; one service per process should. @default false */
  processMetrics?: boolean;
  /** Who may read /metrics (token, internal listener). @default defaultMetricsAccess(NODE_ENV): open outside production, nowhere in production */
  metricsAccess?: MetricsAccess;
  /** Operation limits (depth, aliases, root fields, tokens, estimated cost), whoever the sender. @default SUBGRAPH_LIMITS */
  limits?: Partial<OperationLimits>;
  /**
   * 'enforce' applies the compiled policy (rules, masking, access log); 'off' serves the bare schema
   * and exists only so the policy benchmark can measure what the policy layer costs. @default 'enforce'
   */
  policy?: 'enforce' | 'off';
  /**
   * Signed checkpoints of the subgraph's chains (kit/checkpoint.ts): after the demo seed, every
   * intervalMs when something changed, and on close. @default none
   */
  checkpoints?: { dir: string; key: CheckpointKey; intervalMs?: number; publishUrl?: string | null };
}

export interface RunningSubgraph<TTables extends Record<string, unknown>> {
  name: string;
  db: Database<TTables>;
  metrics: SubgraphMetrics;
  /**
   * Every route of the subgraph. On the port `listen` opens, the gateway's kind of POST /graphql (a JSON
   * body) is answered before it, by kit/graphqlPost.ts (decision 108); the app's own /graphql route
   * answers every other request to /graphql, and all of them when the app is served some other way.
   */
  app: express.Express;
  listen(port: number, host?: string): Promise<string>;
  /** Signs a checkpoint now (null: checkpoints are off, or nothing changed since the last one). */
  checkpointNow(): Promise<string | null>;
  /** Drains (decision 105, kit/drain.ts): /ready turns 503, no new connections, requests in flight finish within the grace; then checkpoints and the database close. */
  close(times?: DrainTimes): Promise<void>;
}

/** The full SDL of a subgraph as composed: policy preamble plus its own types. */
export function subgraphDocument(typeDefs: string): DocumentNode {
  return parse(POLICY_SDL + typeDefs);
}

export async function createSubgraph<TTables extends Record<string, unknown>, TLoaders>(
  def: SubgraphDefinition<TTables, TLoaders>,
  options: CreateSubgraphOptions,
): Promise<RunningSubgraph<TTables>> {
  const clock = options.clock ?? systemClock;
  useCryptoProfile(loadCryptoProfile());
  const log = (options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ subgraph: def.name });
  const seedDemo = options.seedDemo ?? false;
  const limits = { ...SUBGRAPH_LIMITS, ...options.limits };
  const metrics = createSubgraphMetrics(def.name, { processMetrics: options.processMetrics ?? false });

  const opened = await openDatabase({
    name: def.name,
    storage: options.storage,
    tables: def.tables,
    migrationsFolder: def.migrationsFolder,
    onStatement: () => metrics.sqlStatements.inc(),
  });
  const { db } = opened;
  // Group commit of the access log (decision 100): one writer per database handle; a failed flush is logged once.
  accessLogWriter(db as Database).onFlush = (f) => {
    const outcome = f.error ? 'failed' : 'ok';
    metrics.accessLogFlushes.inc({ outcome });
    metrics.accessLogFlushedRequests.inc({ outcome }, f.requests);
    if (f.error) log.error({ err: f.error, requests: f.requests, records: f.records }, 'access-log write failed: its requests are answered ACCESS_LOG_UNAVAILABLE');
  };
  if (def.prepare) await def.prepare(db, clock, log);
  if (seedDemo && def.seed) await def.seed(db, clock);
  const checkpoints = options.checkpoints
    ? startCheckpoints({ name: def.name, db: db as Database, sources: def.chainSources ?? [accessLogLeaves], log, lockAcrossReplicas: opened.mode === 'postgres', ...options.checkpoints })
    : null;
  if (checkpoints && seedDemo) await checkpoints.checkpointNow();

  const bare = buildSubgraphSchema({ typeDefs: subgraphDocument(def.typeDefs), resolvers: def.resolvers as GraphQLResolverMap<unknown> });
  const declared = readSensitivity(bare);
  const classRules = def.classRules ?? standardClassRules;
  // Rules that can never deny are decided now: only between standard rules, whose implications we know.
  const decided = decidedAtCompileTime(bare, declared, classRules);
  // Unusable arguments (NUL, lone surrogates, crafted representations) are refused before policy and resolvers.
  const guarded = applyMiddleware(bare, inputGuardMiddleware(bare));
  const schema =
    (options.policy ?? 'enforce') === 'enforce'
      ? applyMiddleware(guarded, policyMiddleware(bare, declared, classRules, decided), disclosureMiddleware(declared))
      : guarded;
  const verify = createAssertionVerifier(def.name, options.gatewayKeys);
  /** A GraphQL request's context; `sha` is the SHA-256 of its body bytes. */
  const contextFor = async (req: http.IncomingMessage, sha: string): Promise<SubgraphContext<TTables, TLoaders>> => {
    // The assertion must have been made for this very body: one captured in transit runs nothing else.
    const caller = await verify(req.headers[ASSERTION_HEADER] as string | undefined, { kind: 'graphql', bodySha256: sha });
    const reqLog = log.child({ requestId: caller.requestId });
    return { caller, db, clock, log: reqLog, disclosures: new Disclosures(), loaders: def.createLoaders({ caller, db, clock }) };
  };

  const observe: ApolloServerPlugin<SubgraphContext<TTables, TLoaders>> = {
    async requestDidStart() {
      const end = metrics.duration.startTimer();
      return {
        async willSendResponse({ errors, contextValue, response }) {
          // Part of the request: the answer leaves only once its access record is committed. One
          // that cannot be written fails the whole response: no data, one coded error.
          let failed = false;
          if (contextValue?.disclosures?.size) {
            try {
              await contextValue.disclosures.write(db as Database, contextValue.caller, clock.now());
            } catch (err) {
              if (!isAppError(err)) log.error({ err }, 'access record not written');
              const refused = isAppError(err) ? err : accessLogUnavailable();
              failed = true;
              response.body = { kind: 'single', singleResult: { errors: [{ message: refused.message, extensions: refused.extensions }] } };
              response.http.status = ERROR_CODES.ACCESS_LOG_UNAVAILABLE;
            }
          }
          end();
          metrics.operations.inc({ outcome: failed || errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
  const server = new ApolloServer<SubgraphContext<TTables, TLoaders>>({
    schema,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // the start scripts close it on SIGTERM (scripts/shutdown.ts)
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [observe, useOperationLimits(limits), ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, error) => maskUnexpected(formatted, error, log),
  });
  await server.start();

  const drain = createDrain();
  const app = express();
  app.disable('x-powered-by');
  app.use(drain.middleware);
  app.get('/health', (_req, res) => void res.json({ status: 'ok', subgraph: def.name }));
  // Ready: not closing, and its database answers. 503 otherwise, so a balancer or orchestrator moves away.
  app.get('/ready', async (_req, res) => {
    if (drain.draining) return void res.status(503).json({ status: 'draining', subgraph: def.name });
    try {
      await (db as Database).execute(sql`select 1`);
      res.json({ status: 'ready', subgraph: def.name });
    } catch {
      res.status(503).json({ status: 'unavailable', subgraph: def.name, database: 'unreachable' });
    }
  });
  // A body with too many fragments is refused before Apollo parses it, on either route to /graphql.
  const fragmentsRefusal = (body: unknown) => {
    const refused = tooManyFragments((body as { query?: unknown } | null)?.query);
    return refused && { status: 400, code: 'BAD_USER_INPUT', message: refused.message, extensions: { limit: 'fragments', max: MAX_NESTING } };
  };
  const metricsEndpoint = await serveMetrics(app, metrics.registry, options.metricsAccess ?? defaultMetricsAccess(process.env.NODE_ENV));
  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES, verify: (req, _res, buf) => void ((req as BodyHashed)[BODY_SHA256] = bodySha256(buf)) }),
    jsonBodyErrors(MAX_BODY_BYTES),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      const refused = fragmentsRefusal(req.body);
      if (!refused) return next();
      sendJsonError(res, refused.status, refused.code, refused.message, refused.extensions);
    },
    expressMiddleware(server, { context: async ({ req }) => contextFor(req, (req as BodyHashed)[BODY_SHA256] ?? bodySha256('')) }),
  );
  // The gateway's fetches (POST /graphql, a JSON body) skip Express: the same answers at less CPU per fetch (decision 108).
  const graphqlPost = graphqlPostHandler({
    server,
    maxBodyBytes: MAX_BODY_BYTES,
    context: contextFor,
    refuse: fragmentsRefusal,
    log,
  });
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!takesGraphQLPost(req, MAX_BODY_BYTES)) return void app(req, res);
    drain.track(res);
    graphqlPost(req, res);
  };

  let httpServer: http.Server | null = null;
  let closed = false;
  return {
    name: def.name,
    db,
    metrics,
    app,
    listen(port, host = '127.0.0.1') {
      // Routes beside /graphql are mounted before listening; after them, JSON answers for unknown routes and errors.
      if (!closed) {
        app.use(...closingHandlers(log));
        closed = true;
      }
      return new Promise((resolve, reject) => {
        httpServer = http.createServer(handle);
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
    checkpointNow: async () => (checkpoints ? checkpoints.checkpointNow() : null),
    async close(times: DrainTimes = {}) {
      // Stop accepting, let requests in flight finish (bounded), then the jobs and the database (decision 105).
      const clean = await drain.drain(httpServer, times);
      if (!clean) log.warn({ graceMs: times.graceMs ?? shutdownGraceMs() }, 'requests still running after the shutdown grace were cut');
      await metricsEndpoint.close();
      await server.stop();
      // Everything acknowledged before a clean stop is in a checkpoint.
      try {
        await checkpoints?.stop();
      } finally {
        await opened.close();
      }
    },
  };
}

/** Expected errors keep their code and message; anything else is logged and masked. */
export function maskUnexpected(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = formatted.extensions?.code;
  if (isAppError(original) && code !== 'INTERNAL_SERVER_ERROR') return stripStack(formatted);
  // Apollo's own request errors (parse, validation, bad variables) carry their own codes.
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && !(original instanceof Error && !('extensions' in original))) {
    return stripStack(formatted);
  }
  log.error({ err: original }, 'unexpected error');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function stripStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions) return formatted;
  const { stacktrace: _drop, exception: _drop2, ...extensions } = formatted.extensions as Record<string, unknown>;
  return { ...formatted, extensions };
}
