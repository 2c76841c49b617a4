/** npm run start:gateway: the gateway alone, configured by env (see README, Configuration). */
import { readFileSync } from 'node:fs';
import { loadGatewayConfig } from '../gateway/config';
import { resolveGatewayKeys } from '../gateway/fromConfig';
import { createGateway } from '../gateway/server';
import { closeOnSignal } from './shutdown';

async function main() {
  const config = loadGatewayConfig();
  const { auth, assertionKey } = await resolveGatewayKeys(config);
  const gateway = await createGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    subgraphUrls: config.subgraphUrls,
    auth,
    assertionKey,
    processMetrics: true,
  });
  const url = await gateway.listen(config.port, config.host);
  closeOnSignal(gateway.close);
  console.log(`gateway listening on ${url}; routes to ${gateway.services.map((s) => `${s.name}=${s.url}`).join(' ')}`);
}

main().catch((err) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
