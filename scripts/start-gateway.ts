/** npm run start:gateway: the gateway alone, configured by env (see README, Configuration and Gateway). */
import { readFileSync } from 'node:fs';
import { loadGatewayConfig } from '../gateway/config';
import { resolveGatewayKeys } from '../gateway/fromConfig';
import { createGateway } from '../gateway/server';
import { startTracingFromConfig } from '../gateway/tracing';
import { metricsNotice } from '../subgraphs/kit/metricsRoute';
import { closeOnSignal } from './shutdown';
import { shutdownGraceMs, shutdownIdleMs } from '../subgraphs/kit/drain';

async function main() {
  const config = loadGatewayConfig();
  const tracing = startTracingFromConfig(config.tracing);
  const { auth, assertionKey } = await resolveGatewayKeys(config);
  const gateway = await createGateway({
    ...config.edge,
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    supergraphPath: config.supergraphPath,
    subgraphUrls: config.subgraphUrls,
    auth,
    assertionKey,
    processMetrics: true,
  });
  const url = await gateway.listen(config.port, config.host);
  closeOnSignal(async () => {
    await gateway.close({ graceMs: shutdownGraceMs(), idleMs: shutdownIdleMs() });
    await tracing?.shutdown();
  });
  console.log(`gateway listening on ${url}; routes to ${gateway.services.map((s) => `${s.name}=${s.url}`).join(' ')}; ${metricsNotice(config.edge.metricsAccess)}`);
}

main().catch((err) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
