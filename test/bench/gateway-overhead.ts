/**
 * The gateway's own overhead: our gateway (limits, safelist, rate limit, access log, metrics,
 * timeouts) against a bare @apollo/gateway on the same supergraph, subgraphs and queries, both
 * verifying the caller's token and signing caller assertions (without those the subgraphs answer
 * nothing). Runs the whole graph in this process on PGlite, loopback only, a bounded number of
 * requests. Prints a Markdown table for test/bench/RESULTS.md.
 *
 *   node --import tsx test/bench/gateway-overhead.ts [requests=2000] [concurrency=8]
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import pino from 'pino';
import { createTokenVerifier, REQUEST_ID_HEADER } from '../../gateway/auth';
import { ASSERTION_HEADER, signCallerAssertion, type Caller } from '../../subgraphs/kit/caller';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../demo/tokens';
import { startTestGraph, SUPERGRAPH_PATH } from '../harness';

const REQUESTS = Number(process.argv[2] ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const QUERIES = {
  'gateway only (`{ __typename }`)': '{ __typename }',
  'one subgraph (`cases(first: 10)`)': '{ cases(first: 10) { nodes { id number status } } }',
  'three subgraphs (README query)': '{ cases(first: 3) { nodes { number title status handlingAgency { name division { name } } dossier { version documents { kind sha256 } } } } }',
};

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const graph = await startTestGraph();
const token = await graph.token({ login: 'wang.li.zj-proc' });
const subgraphUrls = Object.fromEntries(Object.entries(graph.subgraphs).map(([n, s]) => [n, s.url]));

// Ours: every edge feature on; the rate limit high enough not to refuse, the access log written (to /dev/null).
const ours = await graph.startGateway({
  rateLimit: { perSecond: 1e6, burst: 1e6 },
  accessLogger: pino({ level: 'info' }, pino.destination('/dev/null')),
  supergraphPollMs: 0,
});

// Bare: @apollo/gateway + Apollo Server + express, token verification and caller assertions only.
async function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const authenticate = createTokenVerifier({ keys: { jwks: [graph.issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE });
  const key = graph.assertionKey;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    logger: pino({ level: 'silent' }),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<{ caller: Caller }>({
        url: subgraphUrls[name] ?? url,
        // The assertion names the body, which exists only in the fetcher; the caller travels there in a header.
        fetcher: (async (target: string, init: { headers: Record<string, string>; body: string }) => {
          const { 'x-bench-caller': callerJson, ...headers } = init.headers;
          headers[ASSERTION_HEADER] = await signCallerAssertion(JSON.parse(callerJson!), name, { kind: 'graphql', body: init.body }, key);
          return fetch(target, { ...init, headers });
        }) as never,
        async willSendRequest({ request, context }) {
          request.http!.headers.set('x-bench-caller', JSON.stringify(context.caller));
          request.http!.headers.set(REQUEST_ID_HEADER, context.caller.requestId);
        },
      }),
  });
  const server = new ApolloServer<{ caller: Caller }>({ gateway, plugins: [ApolloServerPluginLandingPageDisabled()] });
  await server.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(server, { context: async ({ req }) => ({ caller: await authenticate(req.headers) }) }));
  const httpServer = http.createServer(app);
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`,
    async close() {
      httpServer.closeAllConnections();
      await new Promise((r) => httpServer.close(r));
      await server.stop();
    },
  };
}
const bare = await startBare();

/** Sends `count` requests from `CONCURRENCY` loops; returns requests per second. Fails on any error. */
async function throughput(url: string, query: string, count: number): Promise<number> {
  const body = JSON.stringify({ query });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) {
        const res = await fetch(url, { method: 'POST', headers, body });
        const json = (await res.json()) as { errors?: unknown[] };
        if (res.status !== 200 || json.errors) throw new Error(`${url}: ${res.status} ${JSON.stringify(json.errors)}`);
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

const rows: string[] = [];
for (const [label, query] of Object.entries(QUERIES)) {
  await throughput(ours.url, query, 200); // warm-up: plans cached, JIT warm
  await throughput(bare.url, query, 200);
  const o: number[] = [];
  const b: number[] = [];
  // Alternate, so drift in the machine's load falls on both.
  for (let round = 0; round < 3; round++) {
    o.push(await throughput(ours.url, query, REQUESTS / 2));
    b.push(await throughput(bare.url, query, REQUESTS / 2));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
  const [om, bm] = [median(o), median(b)];
  rows.push(`| ${label} | ${bm.toFixed(0)} | ${om.toFixed(0)} | ${(om / bm).toFixed(2)} |`);
  console.error(`${label}: bare ${b.map((x) => x.toFixed(0)).join('/')} ours ${o.map((x) => x.toFixed(0)).join('/')}`);
}

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PGlite; ` +
  `${CONCURRENCY} concurrent clients on loopback, 3 alternating rounds of ${REQUESTS / 2} requests each after 200 warm-up, median requests/s.\n`);
console.log('| query | bare @apollo/gateway (req/s) | caselink gateway (req/s) | ratio |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(r);

await bare.close();
await graph.close();
