/**
 * One of our subgraphs as its own process, for the fault run (faults.ts): what
 * `npm run start:subgraph -- NAME` does, plus the dossiers subgraph's file routes and seal JWKS
 * (which scripts/start-subgraph.ts does not mount yet). Configured by the same environment.
 */
import { createSubgraph } from '../../subgraphs/kit/createSubgraph';
import { loadSubgraphConfig } from '../../subgraphs/kit/config';
import { findSubgraph, ourSubgraphs } from '../../subgraphs/all';
import { hasRoutes } from '../../subgraphs/dossiers';
import { closeOnSignal } from '../../scripts/shutdown';

const name = process.argv[2] ?? '';
const def = findSubgraph(name);
const config = loadSubgraphConfig(name, 4001 + ourSubgraphs.indexOf(def));
const subgraph = await createSubgraph(def as never, { storage: config.storage, gatewayKeys: config.gatewayKeys, seedDemo: config.seedDemo, processMetrics: true, metricsAccess: config.metricsAccess });
if (hasRoutes(def)) def.mountRoutes(subgraph as never, { gatewayKeys: config.gatewayKeys });
const url = await subgraph.listen(config.port, config.host);
closeOnSignal(subgraph.close);
console.log(`subgraph ${name} listening on ${url} (pid ${process.pid})`);
