import type { SubgraphContext } from '../../kit/createSubgraph';
import type { CasesConfig, Deadlines } from '../config';
import type { CasesTables } from '../db/schema';
import type { CasesLoaders } from '../loaders';
import type { WarningsConfig } from '../warnings/config';
import type { StatisticsConfig } from '../statistics/config';

export type Ctx = SubgraphContext<CasesTables, CasesLoaders>;

/** What the resolvers are built with (index.ts): the validated configuration and the calendar from it. */
export interface ResolverDeps {
  config: CasesConfig;
  deadlines: Deadlines;
  /** The warning rules' thresholds (warnings/config.ts): the transition hook and the loop use them. */
  warnings: WarningsConfig;
  /** k and the indicator index's definitions (statistics/config.ts). */
  statistics: StatisticsConfig;
}

export { agencyRef, officerRef } from '../../kit/entityRefs';
