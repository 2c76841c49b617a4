/**
 * npm start: the whole graph in one process on embedded databases (PGlite, one per subgraph
 * under DATA_DIR), created, migrated and seeded with the demo province on first start: the
 * hand-written demo cases, then DEMO_GENERATED_CASES generated ones (scripts/seed/demo.ts).
 */
import { loadGatewayConfig } from '../gateway/config';
import { CONSOLE_MANIFEST_PATH, withConsoleOperations } from '../gateway/console';
import { resolveGatewayKeys } from '../gateway/fromConfig';
import type { DemoToken } from '../gateway/ide';
import { loadOrCreateDemoIssuerKey } from '../gateway/keys';
import { startTracingFromConfig } from '../gateway/tracing';
import { agencies, officers } from '../demo/province';
import { ideDemoOfficers, mintToken } from '../demo/tokens';
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { loadCheckpointKey } from '../subgraphs/kit/checkpoint';
import { systemClock } from '../subgraphs/kit/clock';
import { loadCasesConfig } from '../subgraphs/cases/config';
import { loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { createDossierServices } from '../subgraphs/dossiers/services';
import type { Database } from '../subgraphs/kit/db';
import { startConfiguredSweeper } from '../subgraphs/cases/warnings/sweep';
import { startLocalGraph } from './graph';
import { closeOnSignal } from './shutdown';
import { appendDemoProvince, loadDemoProvinceConfig } from './seed/demo';

async function main() {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'npm start runs the demo (the demo province, keys generated into DATA_DIR, demo officers\' tokens in the IDE) and is not for production. ' +
        'Run each service alone instead: npm run start:subgraph -- <name> and npm run start:gateway (README, "Running services alone").',
    );
  }
  // With a safelist on, the console's operations are listed too (its manifest alone when none is named).
  const safelistOn = Boolean(process.env.SAFELIST_MODE) && process.env.SAFELIST_MODE !== 'off';
  if (safelistOn) process.env.SAFELIST_MANIFEST ||= CONSOLE_MANIFEST_PATH;
  const config = loadGatewayConfig();
  const tracing = startTracingFromConfig(config.tracing);
  const { auth, assertionKey } = await resolveGatewayKeys(config);
  // Demo mode (no AUTH_* settings): the IDE offers tokens of demo officers, one per role and agency kind.
  const demoIssuer = config.tokenKeys === null ? await loadOrCreateDemoIssuerKey(config.dataDir) : null;
  const demoTokens = async (): Promise<DemoToken[]> =>
    Promise.all(
      ideDemoOfficers().map(async (o) => ({
        label: `${o.login} · ${o.roles.join(',')} · ${agencies.find((a) => a.id === o.agencyId)?.name}`,
        token: await mintToken(o, demoIssuer!),
      })),
    );
  const demoProvince = loadDemoProvinceConfig();
  const dossiers = createDossierServices(loadDossiersConfig());
  const started = Date.now();
  const graph = await startLocalGraph({
    supergraphPath: config.supergraphPath,
    host: config.host,
    port: config.port,
    storageFor: (name) => loadSubgraphConfig(name, 0).storage,
    auth,
    assertionKey,
    seedDemo: true,
    dossiers,
    // Each subgraph signs checkpoints of its chains: after the seed, every CHECKPOINT_INTERVAL_SECONDS, on stop.
    checkpointsFor: async (name) => ({ ...loadSubgraphConfig(name, 0).checkpointSettings, key: await loadCheckpointKey(name, process.env, config.dataDir) }),
    gateway: { ...config.edge, safelist: safelistOn ? withConsoleOperations(config.edge.safelist) : config.edge.safelist, ide: config.edge.ide && (demoIssuer ? { demoTokens } : true) },
  });
  // Generated cases after the hand-written ones, on a first start only (before the first sweep).
  const db = (name: string) => graph.subgraphs[name]!.db as Database;
  const generated = await appendDemoProvince({
    databases: { agencies: db('agencies'), cases: db('cases'), dossiers: db('dossiers') },
    cases: demoProvince.cases,
    asOf: systemClock.now(),
    blobs: dossiers.blobs,
    materials: dossiers.materials,
    casesConfig: loadCasesConfig(),
    warnings: loadWarningsConfig(),
  });
  // Checkpoints sign the chains as they stand after the seed.
  if (generated) for (const name of ['cases', 'dossiers']) await graph.subgraphs[name]!.checkpointNow();
  // Supervision warnings: the periodic sweep over running clocks (CASES_WARN_SWEEP_SECONDS).
  const sweeper = startConfiguredSweeper(graph.subgraphs.cases!.db as never, loadWarningsConfig(), systemClock, (err) => console.error('warnings sweep failed:', err));
  closeOnSignal(async () => {
    await sweeper.stop();
    await graph.close();
    await tracing?.shutdown();
  });
  const sample = (kind: string) => {
    const o = officers.find((x) => agencies.find((a) => a.id === x.agencyId)?.kind === kind)!;
    const a = agencies.find((x) => x.id === o.agencyId)!;
    return `  ${o.login.padEnd(24)} ${o.roles.join(',').padEnd(24)} ${a.name}`;
  };
  console.log(`
caselink is up in ${((Date.now() - started) / 1000).toFixed(1)} s${generated ? ` (${generated.generated.cases.toLocaleString('en-US')} generated demo cases added in ${(generated.elapsedMs / 1000).toFixed(1)} s; DEMO_GENERATED_CASES)` : ''}
  gateway   ${graph.gatewayUrl}   (open it in a browser for the IDE)
  console   ${new URL('/console/', graph.gatewayUrl)}   (the supervision console, in Chinese)
  subgraphs ${Object.values(graph.subgraphs).map((s) => s.url).join('  ')}
  data      ${config.dataDir}

Demo officers (all ${officers.length}: demo/province.ts), for example:
${['ADMINISTRATIVE', 'PUBLIC_SECURITY', 'PROCURATORATE', 'POLITICAL_LEGAL'].map(sample).join('\n')}

Get a token and ask a first question:
  TOKEN=$(npm run -s token -- --officer song.wenjie.xh-msa)   # a case officer of 西湖区市场监督管理局
  curl -s ${graph.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ cases(first: 3) { nodes { number title status handlingAgency { name } dossier { documents { kind sha256 } } } } }"}'
`);
}

main().catch((err) => {
  console.error(`caselink failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
