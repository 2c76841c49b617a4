import type { SubgraphContext } from '../../kit/createSubgraph';
import type { CasesConfig, Deadlines } from '../config';
import type { CasesTables } from '../db/schema';
import type { CasesLoaders } from '../loaders';

export type Ctx = SubgraphContext<CasesTables, CasesLoaders>;

/** What the resolvers are built with (index.ts): the validated configuration and the calendar from it. */
export interface ResolverDeps {
  config: CasesConfig;
  deadlines: Deadlines;
}

export const agencyRef = (id: string | null | undefined) => (id ? { __typename: 'Agency' as const, id } : null);
export const officerRef = (id: string | null | undefined) => (id ? { __typename: 'Officer' as const, id } : null);
