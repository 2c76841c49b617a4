import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway/server';
import type { TokenVerifierOptions } from '../gateway/auth';
import { asKeyRing, type KeyRing, type SigningKey } from '../subgraphs/kit/jws';
import { createSubgraph, type CreateSubgraphOptions, type RunningSubgraph } from '../subgraphs/kit/createSubgraph';
import type { Clock } from '../subgraphs/kit/clock';
import type { StorageMode } from '../subgraphs/kit/db';
import { ourSubgraphs } from '../subgraphs/all';
import type { JWK } from 'jose';
import { createDossiersSubgraph, hasRoutes } from '../subgraphs/dossiers';
import { createCasesSubgraph } from '../subgraphs/cases';
import type { StatisticsConfig } from '../subgraphs/cases/statistics/config';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { createDossierServices, type DossierServices } from '../subgraphs/dossiers/services';
import { createScopeVerifier } from '../subgraphs/dossiers/scope';

export interface LocalGraphOptions {
  supergraphPath: string;
  host: string;
  /** Gateway port; subgraphs take port+1.. in registry order. 0 picks free ports (tests). */
  port: number;
  storageFor(name: string): StorageMode;
  auth: TokenVerifierOptions;
  assertionKey: SigningKey | KeyRing;
  seedDemo: boolean;
  clock?: Clock;
  logger?: Logger;
  /** The dossiers subgraph's blob store, seal key and limits. @default from the environment (DOSSIERS_*, README) */
  dossiers?: DossierServices;
  /** The key of the cases subgraph's scope statements. @default CASES_SCOPE_KEY, else the demo key in DATA_DIR/keys */
  casesScopeKey?: SigningKey | KeyRing;
  /** The cases subgraph's statistics configuration. @default from the environment (CASES_STATISTICS_*, CASES_INDICATORS) */
  casesStatistics?: StatisticsConfig;
  /** Signed checkpoints of each subgraph's chains (npm start); none when absent (tests). */
  checkpointsFor?: (name: string) => Promise<CreateSubgraphOptions['checkpoints']>;
  /** Further gateway options (limits, safelist, IDE, ...): see GatewayOptions. */
  gateway?: Partial<Omit<GatewayOptions, 'supergraphSdl' | 'subgraphUrls' | 'auth' | 'assertionKey'>>;
}

export interface LocalGraph {
  gatewayUrl: string;
  gateway: Gateway;
  subgraphs: Record<string, RunningSubgraph<Record<string, unknown>> & { url: string }>;
  /** The public keys of the dossiers subgraph's seals: what the cases subgraph verifies transfer seals with. */
  dossiersSealJwks: { keys: JWK[] };
  close(): Promise<void>;
}

/** Runs the gateway and our three subgraphs in one process (npm start, whole-graph tests). */
export async function startLocalGraph(options: LocalGraphOptions): Promise<LocalGraph> {
  const subgraphs: LocalGraph['subgraphs'] = {};
  const dossierServices = options.dossiers ?? createDossierServices(loadDossiersConfig());
  const dossiersSealJwks = await dossierServices.signer.jwks();
  // In one process each of the two subgraphs takes the other's public key directly (no JWKS fetch):
  // the cases subgraph the dossiers seal key, the dossiers subgraph the cases scope key.
  const cases = createCasesSubgraph({ dossiersKeys: { jwks: dossiersSealJwks }, scopeKey: options.casesScopeKey, statistics: options.casesStatistics });
  const dossiers = createDossiersSubgraph({ ...dossierServices, scope: createScopeVerifier({ jwks: await cases.scopeSigner.jwks() }) });
  const gatewayKeys = { jwks: asKeyRing(options.assertionKey).jwks };
  try {
    let offset = 1;
    for (const listed of ourSubgraphs) {
      const def = listed.name === 'dossiers' ? dossiers : listed.name === 'cases' ? cases : listed;
      const running = await createSubgraph(def as never, {
        storage: options.storageFor(def.name),
        gatewayKeys,
        clock: options.clock,
        logger: options.logger,
        seedDemo: options.seedDemo,
        checkpoints: await options.checkpointsFor?.(def.name),
      });
      // Routes beside /graphql (the dossiers subgraph's file endpoints, the JWKS of both), mounted before it listens.
      if (hasRoutes(def)) def.mountRoutes(running as never, { gatewayKeys, clock: options.clock, logger: options.logger });
      const url = await running.listen(options.port === 0 ? 0 : options.port + offset++, options.host);
      subgraphs[def.name] = Object.assign(running as RunningSubgraph<Record<string, unknown>>, { url });
    }
    const gateway = await createGateway({
      supergraphPath: options.supergraphPath,
      ...options.gateway,
      supergraphSdl: readFileSync(options.supergraphPath, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
      auth: options.auth,
      assertionKey: options.assertionKey,
      logger: options.logger,
      processMetrics: true,
    });
    const gatewayUrl = await gateway.listen(options.port, options.host);
    return {
      gatewayUrl,
      gateway,
      subgraphs,
      dossiersSealJwks,
      async close() {
        await gateway.close();
        for (const s of Object.values(subgraphs).reverse()) await s.close();
      },
    };
  } catch (err) {
    for (const s of Object.values(subgraphs)) await s.close().catch(() => {});
    throw err;
  }
}
