/**
 * One gateway of the peer comparison (peers.ts) as its own process, so each is measured, and can be
 * CPU-profiled (`--cpu-prof`), alone: `node --import tsx test/bench/peerGatewayProcess.ts ours|apollo|hive`.
 * Configured by the environment peers.ts sets: PORT, SUPERGRAPH_PATH, SUBGRAPH_URL_<NAME>,
 * BENCH_ISSUER_JWK (the token issuer's public JWK), BENCH_ASSERTION_JWK (the private JWK that signs
 * caller assertions). Exits 0 on SIGTERM, so a CPU profile is written.
 */
import { readFileSync } from 'node:fs';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../demo/tokens';
import { signingKeyFromJwk } from '../../subgraphs/kit/jws';
import { closeOnSignal } from '../../scripts/shutdown';
import { PEERS, startPeer, type Peer } from './peerGateways';

const peer = process.argv[2] as Peer;
if (!PEERS.includes(peer)) throw new Error(`usage: peerGatewayProcess.ts ${PEERS.join('|')}`);
const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const subgraphUrls = Object.fromEntries(
  Object.entries(process.env).flatMap(([k, v]) => (k.startsWith('SUBGRAPH_URL_') && v ? [[k.slice('SUBGRAPH_URL_'.length).toLowerCase(), v]] : [])),
);
const running = await startPeer[peer]({
  supergraphSdl: readFileSync(env('SUPERGRAPH_PATH'), 'utf8'),
  subgraphUrls,
  auth: { keys: { jwks: [JSON.parse(env('BENCH_ISSUER_JWK'))] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
  assertionKey: signingKeyFromJwk(JSON.parse(env('BENCH_ASSERTION_JWK'))),
  port: Number(env('PORT')),
});
closeOnSignal(running.close, () => {});
console.log(`gateway ${peer} listening on ${running.url} (pid ${process.pid})`);
