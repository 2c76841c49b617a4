import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import pino, { type Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ASSERTION_HEADER, signCallerAssertion, type Caller } from '../subgraphs/kit/caller';
import { maskUnexpected } from '../subgraphs/kit/createSubgraph';
import { createTokenVerifier, REQUEST_ID_HEADER, type TokenVerifierOptions } from './auth';
import type { SigningKey } from './keys';
import { supergraphServices } from './supergraph';

export interface GatewayContext {
  caller: Caller;
}

export interface GatewayOptions {
  /** The composed supergraph (any valid Federation 2 supergraph). */
  supergraphSdl: string;
  /** Replaces routing URLs of the supergraph by subgraph name (for other ports or hosts). */
  subgraphUrls?: Record<string, string>;
  /** How caller tokens are verified. */
  auth: TokenVerifierOptions;
  /** The key the gateway signs caller assertions with; its public half is served as JWKS. */
  assertionKey: SigningKey;
  /** @default pino at LOG_LEVEL or 'info' */
  logger?: Logger;
  /** Add process metrics to /metrics. @default false */
  processMetrics?: boolean;
}

/** The caller of readiness probes: no agency, no role; enough to reach `{ __typename }`. */
const PROBE_CALLER: Omit<Caller, 'requestId'> = { sub: 'gateway:probe', agencyId: null, agencyKind: null, division: null, roles: [], purpose: null };

export async function createGateway(options: GatewayOptions) {
  const log = (options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ service: 'gateway' });
  const overrides = options.subgraphUrls ?? {};
  const services = supergraphServices(options.supergraphSdl).map((s) => ({ ...s, url: overrides[s.name] ?? s.url }));
  const { assertionKey } = options;
  const sign = (caller: Caller, audience: string) => signCallerAssertion(caller, audience, assertionKey.privateKey, assertionKey.kid);

  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'caselink_gateway_requests_total',
    help: 'GraphQL requests at the gateway, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'caselink_gateway_request_duration_seconds',
    help: 'Gateway request latency',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: log,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: overrides[name] ?? url,
        async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
          const caller = (context as Partial<GatewayContext>).caller;
          if (!caller) return; // nothing to assert; the subgraph will refuse
          request.http?.headers.set(ASSERTION_HEADER, await sign(caller, name));
          request.http?.headers.set(REQUEST_ID_HEADER, caller.requestId);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => maskUnexpected(formatted, error, log),
    plugins: [
      // Apollo's default landing page loads from a CDN; the network this runs on has none.
      ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          const end = latency.startTimer();
          return {
            async willSendResponse({ response }) {
              end();
              const failed = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
              requests.inc({ outcome: failed ? 'error' : 'ok' });
            },
          };
        },
      },
    ],
  });
  await server.start();
  const authenticate = createTokenVerifier(options.auth);

  async function probe(): Promise<{ name: string; url: string; ok: boolean; error?: string }[]> {
    return Promise.all(
      services.map(async (s) => {
        try {
          const res = await fetch(s.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              [ASSERTION_HEADER]: await sign({ ...PROBE_CALLER, requestId: `probe-${Date.now()}` }, s.name),
            },
            body: JSON.stringify({ query: '{ __typename }' }),
            signal: AbortSignal.timeout(2000),
          });
          return { ...s, ok: res.ok, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
        } catch (err) {
          return { ...s, ok: false, error: (err as Error).message };
        }
      }),
    );
  }

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const subgraphs = await probe();
    const ready = subgraphs.every((s) => s.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', subgraphs });
  });
  app.get('/metrics', async (_req, res) => void res.type(registry.contentType).send(await registry.metrics()));
  app.get('/.well-known/jwks.json', (_req, res) => void res.json({ keys: [assertionKey.publicJwk] }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, { context: async ({ req }) => ({ caller: await authenticate(req.headers) }) }),
  );

  let httpServer: http.Server | null = null;
  return {
    app,
    services,
    listen(port: number, host = '127.0.0.1'): Promise<string> {
      return new Promise((resolve, reject) => {
        httpServer = http.createServer(app);
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { port: bound } = httpServer!.address() as AddressInfo;
          resolve(`http://${host}:${bound}/graphql`);
        });
      });
    },
    async close() {
      if (httpServer) {
        const closing = new Promise((r) => httpServer!.close(r));
        httpServer.closeAllConnections();
        await closing;
      }
      await server.stop();
    },
  };
}
export type Gateway = Awaited<ReturnType<typeof createGateway>>;
