/**
 * npm start: the whole graph in one process on embedded databases (PGlite, one per subgraph
 * under DATA_DIR), created, migrated and seeded with the demo province on first start.
 */
import { loadGatewayConfig } from '../gateway/config';
import { resolveGatewayKeys } from '../gateway/fromConfig';
import { agencies, officers } from '../demo/province';
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { startLocalGraph } from './graph';
import { closeOnSignal } from './shutdown';

async function main() {
  const config = loadGatewayConfig();
  const { auth, assertionKey } = await resolveGatewayKeys(config);
  const started = Date.now();
  const graph = await startLocalGraph({
    supergraphPath: config.supergraphPath,
    host: config.host,
    port: config.port,
    storageFor: (name) => loadSubgraphConfig(name, 0).storage,
    auth,
    assertionKey,
    seedDemo: true,
  });
  closeOnSignal(graph.close);
  const sample = (kind: string) => {
    const o = officers.find((x) => agencies.find((a) => a.id === x.agencyId)?.kind === kind)!;
    const a = agencies.find((x) => x.id === o.agencyId)!;
    return `  ${o.login.padEnd(24)} ${o.roles.join(',').padEnd(24)} ${a.name}`;
  };
  console.log(`
caselink is up in ${((Date.now() - started) / 1000).toFixed(1)} s
  gateway   ${graph.gatewayUrl}
  subgraphs ${Object.values(graph.subgraphs).map((s) => s.url).join('  ')}
  data      ${config.dataDir}

Demo officers (all ${officers.length}: demo/province.ts), for example:
${['ADMINISTRATIVE', 'PUBLIC_SECURITY', 'PROCURATORATE', 'POLITICAL_LEGAL'].map(sample).join('\n')}

Get a token and ask a first question:
  TOKEN=$(npm run -s token -- --role CASE_OFFICER --agency-kind ADMINISTRATIVE)
  curl -s ${graph.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ cases(first: 3) { nodes { number title status handlingAgency { name } dossier { documents { kind sha256 } } } } }"}'
`);
}

main().catch((err) => {
  console.error(`caselink failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
