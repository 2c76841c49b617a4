import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../kit/createSubgraph';
import { createLoaders, type AgenciesLoaders } from './loaders';
import { classRules } from './policy';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { tables, type AgenciesTables } from './db/schema';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Agencies, officers, roles and jurisdictions. */
export const agenciesSubgraph: SubgraphDefinition<AgenciesTables, AgenciesLoaders> = {
  name: 'agencies',
  typeDefs: readFileSync(here('./schema.graphql'), 'utf8'),
  resolvers,
  tables,
  migrationsFolder: here('./db/migrations'),
  classRules,
  createLoaders,
  seed,
};
