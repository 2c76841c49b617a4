import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { ConnectionArgs } from '../../kit/pagination';
import { listCases } from '../caseList';
import type { ClockName } from '../deadlines/clocks';
import { agencyRef, type Ctx } from '../resolvers/context';
import type { StatisticsConfig } from './config';
import { checkGrouping, groupSql, type Dimension, type DivisionLevel, type Grouping, type Period, type StatisticsFilter } from './groups';
import { computeIndex, definitionView, type IndexSubject } from './indicators';
import { computeStatistics, type GroupMeasures } from './measures';
import { protectionFor } from './protection';

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

  return {
    Query: {
      caseStatistics: async (_: unknown, args: StatisticsArgs, ctx: Ctx, info: GraphQLResolveInfo) => {
        const grouping = groupingOf(args);
        const wanted = selectedMeasures(info);
        const either = (name: string) => wanted.groups.has(name) || wanted.total.has(name);
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
      indicatorIndex: async (_: unknown, args: { by: IndexSubject; divisionLevel?: DivisionLevel | null; filter?: StatisticsFilter | null }, ctx: Ctx) => {
        const grouping = groupingOf(args);
        const { scores, minimumCellSize } = await computeIndex(ctx.db, args.by, grouping, deps.statistics.indicators, ctx.clock.now(), protectionOf(ctx));
        return {
          by: args.by,
          minimumCellSize,
          definitions: deps.statistics.indicators.map(definitionView),
          scores: scores.map((s) => ({
            agency: args.by === 'AGENCY' ? agencyRef(s.subject) : null,
            divisionCode: args.by === 'DIVISION' ? s.subject : null,
            score: s.score,
            indicators: s.indicators,
          })),
        };
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
