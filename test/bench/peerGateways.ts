/**
 * The gateways the benchmarks compare with ours, on the same supergraph, subgraphs and keys. Each
 * one verifies the caller's bearer token (gateway/auth.ts createTokenVerifier, the same code ours
 * runs) and signs a caller assertion for every subgraph fetch, bound to the exact body it sends
 * (subgraphs/kit/caller.ts signCallerAssertion, as gateway/dataSource.ts does): without those the
 * subgraphs answer nothing, so each peer does at least the work that lets them answer.
 *
 * - `startOurs`: caselink's gateway (gateway/server.ts) with every edge feature on, as
 *   `npm run start:gateway` runs it in production, except the per-caller rate limit (off) and the
 *   access log (written, to /dev/null).
 * - `startBareApollo`: @apollo/gateway + Apollo Server 5 + express, nothing else.
 * - `startHive`: Hive Gateway's engine (`createGatewayRuntime` of @graphql-hive/gateway-runtime, the
 *   library the `hive-gateway` CLI serves) with one plugin: token verification on context building,
 *   assertion signing on `onFetch` (the hook that sees the final request body). JavaScript query
 *   planner (@graphql-tools/federation); the Rust planner (@graphql-hive/router-runtime) is not installed.
 *   In-flight deduplication of subgraph fetches off (see httpTransport); `hive-dedup` has it on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Transport } from '@graphql-mesh/transport-common';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import express from 'express';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createTokenVerifier, PURPOSE_HEADER, REQUEST_ID_HEADER, type TokenVerifierOptions } from '../../gateway/auth';
import { createGateway } from '../../gateway/server';
import { ASSERTION_HEADER, signCallerAssertion, type Caller } from '../../subgraphs/kit/caller';
import type { SigningKey } from '../../subgraphs/kit/jws';

export const PEERS = ['ours', 'apollo', 'hive', 'hive-dedup'] as const;
export type Peer = (typeof PEERS)[number];
export const PEER_LABELS: Record<Peer, string> = {
  ours: 'caselink gateway',
  apollo: 'bare @apollo/gateway',
  hive: 'Hive Gateway',
  'hive-dedup': 'Hive Gateway, in-flight dedup on',
};

export interface PeerOptions {
  supergraphSdl: string;
  /** Subgraph URLs by name, replacing the supergraph's routing URLs. */
  subgraphUrls: Record<string, string>;
  auth: TokenVerifierOptions;
  assertionKey: SigningKey;
  port?: number;
  host?: string;
}

export interface RunningPeer {
  url: string;
  close(): Promise<void>;
}

function listen(server: http.Server, o: PeerOptions): Promise<string> {
  const host = o.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}/graphql`));
  });
}

async function closeServer(server: http.Server): Promise<void> {
  const closing = new Promise((r) => server.close(r));
  server.closeAllConnections();
  await closing;
}

/** Ours, configured as in production but for the rate limit (off) and the access log (to /dev/null). */
export async function startOurs(o: PeerOptions): Promise<RunningPeer> {
  const gateway = await createGateway({
    supergraphSdl: o.supergraphSdl,
    subgraphUrls: o.subgraphUrls,
    auth: o.auth,
    assertionKey: o.assertionKey,
    logger: pino({ level: 'error' }),
    accessLogger: pino({ level: 'info' }, pino.destination('/dev/null')),
    rateLimit: { perSecond: 0 },
    supergraphPollMs: 0,
    nodeEnv: 'production',
  });
  const url = await gateway.listen(o.port ?? 0, o.host ?? '127.0.0.1');
  return { url, close: () => gateway.close() };
}

/** @apollo/gateway + Apollo Server + express: token verification and caller assertions only. */
export async function startBareApollo(o: PeerOptions): Promise<RunningPeer> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const authenticate = createTokenVerifier(o.auth);
  const gateway = new ApolloGateway({
    supergraphSdl: o.supergraphSdl,
    logger: pino({ level: 'silent' }),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<{ caller: Caller }>({
        url: o.subgraphUrls[name] ?? url,
        // The assertion names the body, which exists only in the fetcher; the caller travels there in a header.
        fetcher: (async (target: string, init: { headers: Record<string, string>; body: string }) => {
          const { 'x-bench-caller': callerJson, ...headers } = init.headers;
          headers[ASSERTION_HEADER] = await signCallerAssertion(JSON.parse(callerJson!), name, { kind: 'graphql', body: init.body }, o.assertionKey);
          return fetch(target, { ...init, headers });
        }) as never,
        async willSendRequest({ request, context }) {
          request.http!.headers.set('x-bench-caller', JSON.stringify(context.caller));
          request.http!.headers.set(REQUEST_ID_HEADER, context.caller.requestId);
        },
      }),
  });
  const server = new ApolloServer<{ caller: Caller }>({ gateway, nodeEnv: 'production', plugins: [ApolloServerPluginLandingPageDisabled()] });
  await server.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(server, { context: async ({ req }) => ({ caller: await authenticate(req.headers) }) }));
  const httpServer = http.createServer(app);
  const url = await listen(httpServer, o);
  return {
    url,
    async close() {
      await closeServer(httpServer);
      await server.stop();
    },
  };
}

/**
 * The HTTP transport, as @graphql-mesh/transport-http builds it for a subgraph without configured
 * headers or subscriptions (the CLI bundles that package; the runtime imports it by name, and it is
 * not installed here): @graphql-tools/executor-http on the transport's fetch, which runs the
 * plugins' onFetch hooks.
 *
 * `dedup`: executor-http's default, which caselink cannot use. It shares one subgraph fetch among
 * identical queries in flight, keyed by URL, method and body, and headers only when the transport
 * configures some; onFetch (where the caller's assertion is signed) runs inside the shared fetch. So
 * two callers asking the same subgraph query at once get the answer made for the first one's
 * assertion: another agency's rows, or rows the second may not see. Off (`deduplicateInflightRequests:
 * false`, a documented transport option) unless asked for, to show what it is worth under load.
 */
const httpTransport = (dedup: boolean): Transport => ({
  getSubgraphExecutor: ({ transportEntry, fetch, getDisposeReason }) =>
    buildHTTPExecutor({ endpoint: transportEntry.location, fetch: fetch as never, getDisposeReason, deduplicateInflightRequests: dedup }),
});

/** The caller from the bearer token on context building; the assertion signed over the final body on every subgraph fetch. */
function callerAssertionPlugin(o: PeerOptions): GatewayPlugin<{ caller: Caller }> {
  const authenticate = createTokenVerifier(o.auth);
  // onFetch names the URL, not the subgraph: the audience is the subgraph the URL belongs to.
  const subgraphAt = new Map(Object.entries(o.subgraphUrls).map(([name, url]) => [url, name]));
  return {
    async onContextBuilding({ context, extendContext }) {
      const h = context.request.headers;
      const caller = await authenticate({
        authorization: h.get('authorization') ?? undefined,
        [REQUEST_ID_HEADER]: h.get(REQUEST_ID_HEADER) ?? undefined,
        [PURPOSE_HEADER]: h.get(PURPOSE_HEADER) ?? undefined,
      });
      extendContext({ caller });
    },
    async onFetch({ url, context, options, setOptions }) {
      const caller = (context as { caller?: Caller }).caller;
      // The supergraph is a file, so every fetch is a subgraph fetch for a caller; without one the subgraph refuses.
      if (!caller) return;
      const audience = subgraphAt.get(url);
      if (!audience) throw new GraphQLError(`fetch to ${url}, which is no subgraph`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const body = options.body;
      if (typeof body !== 'string') throw new GraphQLError('subgraph request body is not a string', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const headers = { ...(options.headers as Record<string, string>) };
      headers[ASSERTION_HEADER] = await signCallerAssertion(caller, audience, { kind: 'graphql', body }, o.assertionKey);
      headers[REQUEST_ID_HEADER] = caller.requestId;
      setOptions({ ...options, headers });
    },
  };
}

export async function startHive(o: PeerOptions, dedup = false): Promise<RunningPeer> {
  const gateway = createGatewayRuntime<{ caller: Caller }>({
    supergraph: o.supergraphSdl,
    transports: { http: httpTransport(dedup) },
    transportEntries: Object.fromEntries(Object.entries(o.subgraphUrls).map(([name, location]) => [name, { location }])),
    logging: 'error',
    graphiql: false,
    landingPage: false,
    plugins: () => [callerAssertionPlugin(o)],
  });
  const httpServer = http.createServer(gateway);
  const url = await listen(httpServer, o);
  return {
    url,
    async close() {
      await closeServer(httpServer);
      await gateway.dispose();
    },
  };
}

export const startPeer: Record<Peer, (o: PeerOptions) => Promise<RunningPeer>> = {
  ours: startOurs,
  apollo: startBareApollo,
  hive: (o) => startHive(o, false),
  'hive-dedup': (o) => startHive(o, true),
};
