import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../kit/createSubgraph';
import { createLoaders, type DossiersLoaders } from './loaders';
import { classRules } from './policy';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { tables, type DossiersTables } from './db/schema';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Dossiers, officers, roles and jurisdictions. */
export const dossiersSubgraph: SubgraphDefinition<DossiersTables, DossiersLoaders> = {
  name: 'dossiers',
  typeDefs: readFileSync(here('./schema.graphql'), 'utf8'),
  resolvers,
  tables,
  migrationsFolder: here('./db/migrations'),
  classRules,
  createLoaders,
  seed,
};
