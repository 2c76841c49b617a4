import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../kit/createSubgraph';
import { createLoaders, type CasesLoaders } from './loaders';
import { classRules } from './policy';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { tables, type CasesTables } from './db/schema';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Cases, parties, penalties and the transfer workflow. */
export const casesSubgraph: SubgraphDefinition<CasesTables, CasesLoaders> = {
  name: 'cases',
  typeDefs: readFileSync(here('./schema.graphql'), 'utf8'),
  resolvers,
  tables,
  migrationsFolder: here('./db/migrations'),
  classRules,
  createLoaders,
  seed,
};
