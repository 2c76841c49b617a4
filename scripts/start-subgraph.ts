/** npm run start:subgraph -- NAME: one of our subgraphs alone, configured by env (see README, Configuration). */
import { createSubgraph } from '../subgraphs/kit/createSubgraph';
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { findSubgraph, ourSubgraphs } from '../subgraphs/all';
import { closeOnSignal } from './shutdown';
import { shutdownGraceMs, shutdownIdleMs } from '../subgraphs/kit/drain';
import { createDossiersSubgraph, hasRoutes } from '../subgraphs/dossiers';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { createDossierServices } from '../subgraphs/dossiers/services';
import { systemClock } from '../subgraphs/kit/clock';
import { loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { startConfiguredSweeper } from '../subgraphs/cases/warnings/sweep';
import { noiseSecretProblem } from '../subgraphs/cases/statistics/privacyConfig';
import { metricsNotice } from '../subgraphs/kit/metricsRoute';
import { loadCheckpointKey } from '../subgraphs/kit/checkpoint';

async function main() {
  const name = process.argv[2];
  if (!name) throw new Error(`usage: npm run start:subgraph -- <${ourSubgraphs.map((s) => s.name).join('|')}>`);
  const listed = findSubgraph(name);
  const unservable = name === 'cases' ? noiseSecretProblem() : null;
  if (unservable) throw new Error(unservable);
  const config = loadSubgraphConfig(name, 4001 + ourSubgraphs.indexOf(listed));
  // The dossiers subgraph also serves its file routes and seal JWKS; its services come from DOSSIERS_* env.
  const def = name === 'dossiers' ? createDossiersSubgraph(createDossierServices(loadDossiersConfig())) : listed;
  // storage, gatewayKeys, seedDemo and metricsAccess as configured.
  const checkpoints = { ...config.checkpointSettings, key: await loadCheckpointKey(name, process.env, process.env.DATA_DIR ?? 'data') };
  const subgraph = await createSubgraph(def as never, { ...config, processMetrics: true, checkpoints });
  if (hasRoutes(def)) def.mountRoutes(subgraph as never, { gatewayKeys: config.gatewayKeys });
  const url = await subgraph.listen(config.port, config.host);
  // The cases subgraph sweeps its warnings in the background; every replica may (row claims keep them apart).
  // A sweep that looked at any case says so (one line per CASES_WARN_SWEEP_SECONDS at most): which replica swept, what it did.
  const sweeper =
    name === 'cases'
      ? startConfiguredSweeper(subgraph.db as never, loadWarningsConfig(), systemClock, (err) => console.error('warnings sweep failed:', err), (r) => {
          if (r.cases) console.log(`warnings sweep: ${Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        })
      : null;
  closeOnSignal(async () => {
    await sweeper?.stop();
    await subgraph.close({ graceMs: shutdownGraceMs(), idleMs: shutdownIdleMs() });
  });
  console.log(`subgraph ${name} listening on ${url} (${config.storage.kind}); ${metricsNotice(config.metricsAccess)}`);
}

main().catch((err) => {
  console.error(`subgraph failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
