import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTime } from '../../kit/scalars';
import { Agency, Case, CaseEvent, Deadline, Penalty } from './Case';
import type { Ctx, ResolverDeps } from './context';
import { createCase } from './Mutation/createCase';
import { workflowMutations } from './Mutation/workflow';
import { Query } from './Query';

export type { ResolverDeps } from './context';

export function createResolvers(deps: ResolverDeps): GraphQLResolverMap<Ctx> {
  return {
    DateTime,
    Query,
    Mutation: { createCase: createCase(deps), ...workflowMutations(deps) },
    Case,
    CaseEvent,
    Deadline,
    Penalty,
    Agency,
  } as GraphQLResolverMap<Ctx>;
}
