import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KeySource } from '../kit/caller';
import type { SubgraphDefinition } from '../kit/createSubgraph';
import { deadlinesOf, loadCasesConfig, type CasesConfig } from './config';
import { createLoaders, type CasesLoaders } from './loaders';
import { classRules } from './policy';
import { createResolvers } from './resolvers/index';
import { createSeed } from './seed';
import { tables, type CasesTables } from './db/schema';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface CasesSubgraphOptions {
  /** @default loadCasesConfig() (the environment; defaults are the domain's values) */
  config?: CasesConfig;
  /**
   * The dossiers subgraph's public seal keys, when the process runs it too (npm start, tests):
   * `{ jwks: { keys: [...] } }`. @default config.dossiersKeys (DOSSIERS_JWKS_URL)
   */
  dossiersKeys?: KeySource;
}

/**
 * Cases, parties, penalties, the transfer workflow, its deadlines and timeline. The configuration
 * (config.ts) is read and validated when the definition is built: a bad value stops the service at
 * start with a message naming the variable.
 */
export function createCasesSubgraph(options: CasesSubgraphOptions = {}): SubgraphDefinition<CasesTables, CasesLoaders> {
  const base = options.config ?? loadCasesConfig();
  const config = options.dossiersKeys ? { ...base, dossiersKeys: options.dossiersKeys } : base;
  const deadlines = deadlinesOf(config);
  return {
    name: 'cases',
    typeDefs: readFileSync(here('./schema.graphql'), 'utf8'),
    resolvers: createResolvers({ config, deadlines }),
    tables,
    migrationsFolder: here('./db/migrations'),
    classRules,
    createLoaders,
    seed: createSeed(deadlines),
  };
}

export const casesSubgraph = createCasesSubgraph();
