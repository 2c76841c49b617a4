import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTime, Decimal } from '../../kit/scalars';
import { accessRecordResolvers } from '../../kit/entityRefs';
import { Agency, Case, CaseEvent, Deadline, Penalty } from './Case';
import type { Ctx, ResolverDeps } from './context';
import { createCase } from './Mutation/createCase';
import { workflowMutations } from './Mutation/workflow';
import { Query } from './Query';
import { warningResolvers } from '../warnings/resolvers';
import { statisticsResolvers } from '../statistics/resolvers';
import { registerResolvers } from '../register/resolvers';

export type { ResolverDeps } from './context';

export function createResolvers(deps: ResolverDeps): GraphQLResolverMap<Ctx> {
  const w = warningResolvers({ config: deps.warnings, dossiersKeys: deps.config.dossiersKeys });
  const rg = registerResolvers(deps);
  const st = statisticsResolvers({ statistics: deps.statistics, utcOffsetMinutes: deps.config.calendar.utcOffsetMinutes });
  return {
    DateTime,
    Decimal,
    AccessRecord: accessRecordResolvers,
    AuditCheckpoint: { signedAt: (c: { at: string }) => new Date(c.at) },
    Query: { ...Query, ...w.Query, ...st.Query, ...rg.Query },
    Mutation: { createCase: createCase(deps), ...workflowMutations(deps), ...w.Mutation, ...rg.Mutation },
    Case: { ...Case, ...w.Case, ...rg.Case },
    CaseProposal: rg.CaseProposal,
    RegisterPenalty: rg.RegisterPenalty,
    StatisticsGroup: st.StatisticsGroup,
    Warning: w.Warning,
    WarningEvent: w.WarningEvent,
    WarningNotice: w.WarningNotice,
    CaseEvent,
    Deadline,
    Penalty,
    Agency,
  } as GraphQLResolverMap<Ctx>;
}
