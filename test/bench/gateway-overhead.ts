/**
 * The gateway's own overhead: our gateway (limits, safelist, rate limit, access log, metrics,
 * timeouts) against a bare @apollo/gateway on the same supergraph, subgraphs and queries, both
 * verifying the caller's token and signing caller assertions (without those the subgraphs answer
 * nothing). Runs the whole graph in this process on PGlite, loopback only, a bounded number of
 * requests. Prints a Markdown table for test/bench/RESULTS.md.
 *
 *   node --import tsx test/bench/gateway-overhead.ts [requests=2000] [concurrency=8]
 *
 * peers.ts compares the same two and Hive Gateway with each gateway and subgraph in its own process.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../demo/tokens';
import { startTestGraph, SUPERGRAPH_PATH } from '../harness';
import { startBareApollo } from './peerGateways';

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

// Bare: @apollo/gateway + Apollo Server + express, token verification and caller assertions only (peerGateways.ts).
const bare = await startBareApollo({
  supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
  subgraphUrls,
  auth: { keys: { jwks: [graph.issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
  assertionKey: graph.assertionKey,
});

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
