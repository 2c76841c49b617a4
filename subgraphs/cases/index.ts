import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KeySource } from '../kit/caller';
import type { KeyRing, SigningKey } from '../kit/jws';
import type { RunningSubgraph, SubgraphDefinition } from '../kit/createSubgraph';
import { deadlinesOf, loadCasesConfig, type CasesConfig } from './config';
import { createLoaders, type CasesLoaders } from './loaders';
import { preparePersonalData } from './personalData';
import { classRules } from './policy';
import { createResolvers } from './resolvers/index';
import { createSeed } from './seed';
import { casesServiceGrants } from './db/grants';
import { tables, type CasesTables } from './db/schema';
import { CASES_CHAIN_SOURCES } from './timeline/leaves';
import { loadWarningsConfig, type WarningsConfig } from './warnings/config';
import { seedWarnings } from './warnings/hook';
import { loadStatisticsConfig, type StatisticsConfig } from './statistics/config';
import { mountScopeJwks, scopeStatementResolver } from './scope/field';
import { createScopeSigner, loadScopeKey, type ScopeSigner } from './scope/statement';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface CasesSubgraphOptions {
  /** @default loadCasesConfig() (the environment; defaults are the domain's values) */
  config?: CasesConfig;
  /**
   * The dossiers subgraph's public seal keys, when the process runs it too (npm start, tests):
   * `{ jwks: { keys: [...] } }`. @default config.dossiersKeys (DOSSIERS_JWKS_URL)
   */
  dossiersKeys?: KeySource;
  /** Thresholds of the supervision warnings. @default loadWarningsConfig() (CASES_WARN_*; defaults are the domain's table) */
  warnings?: WarningsConfig;
  /** k and the indicator index. @default loadStatisticsConfig() (CASES_STATISTICS_MIN_CELL, CASES_INDICATORS, CASES_INDICATOR_TEMPLATES, CASES_INDICATOR_TEMPLATE) */
  statistics?: StatisticsConfig;
  /** The key that signs case scope statements. @default CASES_SCOPE_KEY, else the demo key in DATA_DIR/keys */
  scopeKey?: SigningKey | KeyRing;
}

export interface CasesDefinition extends SubgraphDefinition<CasesTables, CasesLoaders> {
  /** Signs `Case.scopeStatement`; its public keys are what receivers (dossiers: CASES_JWKS_URL) verify with. */
  scopeSigner: ScopeSigner;
  /** Mounts `/.well-known/jwks.json` (the scope key) beside `/graphql`. */
  mountRoutes(running: RunningSubgraph<CasesTables>): void;
}

/**
 * Cases, parties, penalties, the transfer workflow, its deadlines and timeline. The configuration
 * (config.ts) is read and validated when the definition is built: a bad value stops the service at
 * start with a message naming the variable.
 */
export function createCasesSubgraph(options: CasesSubgraphOptions = {}): CasesDefinition {
  const base = options.config ?? loadCasesConfig();
  const config = options.dossiersKeys ? { ...base, dossiersKeys: options.dossiersKeys } : base;
  const deadlines = deadlinesOf(config);
  const warnings = options.warnings ?? loadWarningsConfig();
  const statistics = options.statistics ?? loadStatisticsConfig();
  const seedCases = createSeed(deadlines);
  const { scopeKey } = options;
  const scopeSigner = createScopeSigner(scopeKey ? async () => scopeKey : () => loadScopeKey({ pem: config.scopeKeyPem, previous: config.scopePreviousKeys, keysDir: config.keysDir, alg: config.signatureAlg }));
  const resolvers = createResolvers({ config, deadlines, warnings, statistics });
  resolvers.Case = { ...resolvers.Case, scopeStatement: scopeStatementResolver(scopeSigner) } as (typeof resolvers)['Case'];
  return {
    name: 'cases',
    typeDefs: readFileSync(here('./schema.graphql'), 'utf8'),
    resolvers,
    scopeSigner,
    mountRoutes: (running) => mountScopeJwks(running, scopeSigner),
    tables,
    migrationsFolder: here('./db/migrations'),
    serviceGrants: casesServiceGrants,
    classRules,
    createLoaders,
    chainSources: CASES_CHAIN_SOURCES,
    prepare: (db, _clock, log) => preparePersonalData(db, log),
    // The demo's cases, then one sweep with the seeding clock: the red/yellow board is not empty on first start.
    seed: async (db, clock) => {
      await seedCases(db, clock);
      await seedWarnings(db as never, clock, warnings, deadlines);
    },
  };
}

export const casesSubgraph = createCasesSubgraph();
