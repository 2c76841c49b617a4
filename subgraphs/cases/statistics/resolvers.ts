import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { ConnectionArgs } from '../../kit/pagination';
import { listCases } from '../caseList';
import type { ClockName } from '../deadlines/clocks';
import { agencyRef, type Ctx } from '../resolvers/context';
import type { StatisticsConfig } from './config';
import { checkGrouping, groupSql, type Dimension, type DivisionLevel, type Grouping, type Period, type StatisticsFilter } from './groups';
import { indicatorIndexResolvers } from './indexResolvers';
import { computeStatistics, type GroupMeasures } from './measures';
import { protectionFor } from './protection';
import { isStatisticsOnly } from '../../kit/access';
import { budgetState } from './budget';
import { checkStatisticsOnly, refuseSmallExclusions, releaseStatistics } from './release';
import { stepCells } from './stepHistogram';
import { snapWindow, type StatisticsWindow } from './window';

interface StatisticsArgs {
  groupBy?: Dimension[] | null;
  divisionLevel?: DivisionLevel | null;
  period?: Period | null;
  filter?: StatisticsFilter | null;
  steps?: ClockName[] | null;
  exactPercentiles?: boolean | null;
}

/** A group as resolved: its measures and the grouping it came from (for drill-down). */
type GroupView = GroupMeasures & { grouping: Grouping };

/** Names of the fields selected under `groups` and under `total` (fragments included): the measures to compute. */
function selectedMeasures(info: GraphQLResolveInfo): Record<'groups' | 'total', Set<string>> {
  const out = { groups: new Set<string>(), total: new Set<string>() };
  const walk = (set: SelectionSetNode | undefined, under: 'groups' | 'total' | null) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field') {
        if (!under && (s.name.value === 'groups' || s.name.value === 'total')) walk(s.selectionSet, s.name.value);
        else if (under) out[under].add(s.name.value);
      } else if (s.kind === 'InlineFragment') walk(s.selectionSet, under);
      else walk(info.fragments[s.name.value]?.selectionSet, under);
    }
  };
  for (const node of info.fieldNodes as FieldNode[]) walk(node.selectionSet, null);
  return out;
}

export function statisticsResolvers(deps: { statistics: StatisticsConfig; utcOffsetMinutes: number }) {
  const groupingOf = (args: { groupBy?: Dimension[] | null; divisionLevel?: DivisionLevel | null; period?: Period | null; filter?: StatisticsFilter | null }): Grouping => {
    const g: Grouping = {
      groupBy: args.groupBy ?? [],
      divisionLevel: args.divisionLevel ?? 'COUNTY',
      period: args.period ?? 'MONTH',
      filter: args.filter ?? {},
      utcOffsetMinutes: deps.utcOffsetMinutes,
    };
    checkGrouping(g);
    return g;
  };
  const protectionOf = (ctx: Ctx) => protectionFor(ctx.caller, deps.statistics.minCell);
  /**
   * A statistics-only caller's grouping (decision 96): current state refused, the window snapped to
   * closed periods (or the closed window `given`), filters that leave out a small group refused.
   */
  const closedGrouping = async (grouping: Grouping, ctx: Ctx, given?: StatisticsWindow): Promise<{ grouping: Grouping; window: StatisticsWindow }> => {
    checkStatisticsOnly(grouping);
    const window = given ?? snapWindow(grouping.filter, grouping.period, deps.utcOffsetMinutes, ctx.clock.now());
    const closed = { ...grouping, filter: { ...grouping.filter, from: window.from, to: window.to } };
    await refuseSmallExclusions(ctx.db, closed.filter, deps.statistics.minCell);
    return { grouping: closed, window };
  };
  const releaseContext = (ctx: Ctx) => ({ config: deps.statistics, caller: ctx.caller, db: ctx.db, now: ctx.clock.now(), utcOffsetMinutes: deps.utcOffsetMinutes });
  const indexQueries = indicatorIndexResolvers({ ...deps, groupingOf, protectionOf, closedGrouping, releaseContext });

  return {
    Query: {
      caseStatistics: async (_: unknown, args: StatisticsArgs, ctx: Ctx, info: GraphQLResolveInfo) => {
        const wanted = selectedMeasures(info);
        const either = (name: string) => wanted.groups.has(name) || wanted.total.has(name);
        if (isStatisticsOnly(ctx.caller)) {
          const { grouping, window } = await closedGrouping(groupingOf(args), ctx);
          const protection = protectionOf(ctx);
          const steps = either('steps') ? (args.steps ?? []) : null;
          const [exact, cells] = await Promise.all([
            computeStatistics(ctx.db, grouping, { steps: null, warnings: either('openRedWarnings') || either('openYellowWarnings'), now: window.to, asOf: window.to, protection }),
            steps ? stepCells(ctx.db, grouping, steps, window.to, protection.party) : Promise.resolve(null),
          ]);
          const result = await releaseStatistics(releaseContext(ctx), grouping, window, exact, cells, steps, new Set([...wanted.groups, ...wanted.total]), protection);
          return {
            groupBy: grouping.groupBy,
            window,
            minimumCellSize: result.minimumCellSize,
            suppressedGroups: result.suppressedGroups,
            groups: result.groups.map((m): GroupView => ({ ...m, grouping })),
            total: { ...result.total, grouping: { ...grouping, groupBy: [] } } satisfies GroupView,
          };
        }
        const grouping = groupingOf(args);
        const result = await computeStatistics(ctx.db, grouping, {
          steps: either('steps') ? (args.steps ?? []) : null,
          stepsFor: { groups: wanted.groups.has('steps'), total: wanted.total.has('steps') },
          warnings: either('openRedWarnings') || either('openYellowWarnings'),
          now: ctx.clock.now(),
          protection: protectionOf(ctx),
          exactPercentiles: args.exactPercentiles ?? false,
        });
        return {
          groupBy: grouping.groupBy,
          minimumCellSize: result.minimumCellSize,
          suppressedGroups: result.suppressedGroups,
          groups: result.groups.map((m): GroupView => ({ ...m, grouping })),
          total: { ...result.total, grouping: { ...grouping, groupBy: [] } } satisfies GroupView,
        };
      },
      ...indexQueries,
      statisticsBudget: async (_: unknown, __: unknown, ctx: Ctx) => {
        if (!isStatisticsOnly(ctx.caller)) return null;
        const p = deps.statistics.privacy;
        const state = await budgetState(ctx.db, ctx.caller.sub, p, ctx.clock.now(), deps.utcOffsetMinutes);
        return { epsilonPerMeasure: p.epsilon, dailyBudget: p.dailyBudget, spentToday: state.spent, remainingToday: state.remaining, resetsAt: state.resetsAt };
      },
    },
    StatisticsGroup: {
      agency: (g: GroupView) => agencyRef(g.key.AGENCY),
      receivingAgency: (g: GroupView) => agencyRef(g.key.RECEIVING_AGENCY),
      sector: (g: GroupView) => g.key.SECTOR ?? null,
      divisionCode: (g: GroupView) => g.key.DIVISION ?? null,
      status: (g: GroupView) => g.key.STATUS ?? null,
      period: (g: GroupView) => g.key.PERIOD ?? null,
      /** Drill-down: the group's conditions and the caller's row filter, like every case list. */
      caseList: (g: GroupView, args: ConnectionArgs, { caller, db, clock }: Ctx) => listCases(db, caller, clock.now(), args, [groupSql(g.grouping, g.key)]),
    },
  };
}
