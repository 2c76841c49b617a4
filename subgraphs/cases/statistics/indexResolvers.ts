import { isStatisticsOnly } from '../../kit/access';
import { badInput } from '../../kit/errors';
import { agencyRef, type Ctx } from '../resolvers/context';
import { templateIndicators, type IndicatorDefinition, type StatisticsConfig } from './config';
import { periodRange, type DivisionLevel, type Grouping, type StatisticsFilter } from './groups';
import { computeIndex, computePeriodIndex, definitionView, previousPeriod, withPrevious, type IndexSubject, type SubjectScore } from './indicators';
import type { Protection } from './protection';
import { payFor, releaseIndex, type ReleaseContext } from './release';
import type { StatisticsWindow } from './window';

interface IndexArgs {
  by: IndexSubject;
  divisionLevel?: DivisionLevel | null;
  filter?: StatisticsFilter | null;
  /** A period label: 2026-11, 2026-Q4, 2026. */
  period?: string | null;
  template?: string | null;
}


/** `indicatorIndex` and `indicatorTemplates` (docs/indicators.md). */
export function indicatorIndexResolvers(deps: {
  statistics: StatisticsConfig;
  utcOffsetMinutes: number;
  groupingOf: (args: { divisionLevel?: DivisionLevel | null; filter?: StatisticsFilter | null }) => Grouping;
  protectionOf: (ctx: Ctx) => Protection;
  /** A statistics-only caller's grouping over a closed window (statistics/resolvers.ts, decision 96). */
  closedGrouping: (grouping: Grouping, ctx: Ctx, window?: StatisticsWindow) => Promise<{ grouping: Grouping; window: StatisticsWindow }>;
  releaseContext: (ctx: Ctx) => ReleaseContext;
}) {
  const { statistics } = deps;

  /**
   * The index for a statistics-only caller (decision 96): over closed windows only — the period
   * asked, once it has ended, and the one before it; without a period, whole months, the current one
   * left out — counted as of each window's end, each window's counts noised and paid for, and scores,
   * ranks, previous values and changes computed from the noisy figures.
   */
  const closedIndex = async (ctx: Ctx, args: IndexArgs, grouping: Grouping, definitions: IndicatorDefinition[], protection: Protection) => {
    const rc = deps.releaseContext(ctx);
    const released = async (g: Grouping, window: StatisticsWindow) => {
      const exact = await computeIndex(ctx.db, args.by, g, definitions, window.to, protection);
      return { ...exact, ...releaseIndex(rc, g, window, args.by, exact.scores) };
    };
    if (args.period == null) {
      const closed = await deps.closedGrouping({ ...grouping, period: 'MONTH' }, ctx);
      const current = await released(closed.grouping, closed.window);
      await payFor(rc, [current.release]);
      return { scores: current.scores, minimumCellSize: current.minimumCellSize, previousPeriod: null, window: closed.window };
    }
    const windowOf = (label: string): StatisticsWindow => {
      const [from, to] = periodRange(label, deps.utcOffsetMinutes);
      return { from, to };
    };
    const window = windowOf(args.period);
    if (window.to.getTime() > rc.now.getTime()) {
      throw badInput('period', `${args.period} has not ended (it ends ${window.to.toISOString()}); statistics-only callers get periods that have ended`);
    }
    const before = previousPeriod(args.period);
    // Both windows are released, so a filter must leave out no small group in either.
    const closed = await deps.closedGrouping(grouping, ctx, window);
    const closedBefore = await deps.closedGrouping(grouping, ctx, windowOf(before));
    const [current, previous] = await Promise.all([released(closed.grouping, closed.window), released(closedBefore.grouping, closedBefore.window)]);
    // Cases registered in two different periods: the pair composes in parallel (budget.ts).
    await payFor(rc, [current.release, previous.release], true);
    return { ...withPrevious(current, previous), previousPeriod: before, window };
  };
  return {
    indicatorIndex: async (_: unknown, args: IndexArgs, ctx: Ctx) => {
      const grouping = deps.groupingOf({ divisionLevel: args.divisionLevel, filter: args.filter });
      const templateName = args.template ?? statistics.defaultTemplate;
      const template = statistics.templates[templateName];
      if (!template) throw badInput('template', `names no indicator template: ${JSON.stringify(templateName)} (known: ${Object.keys(statistics.templates).join(', ')})`);
      const definitions = templateIndicators(statistics, template);
      if (args.period != null) {
        periodRange(args.period, deps.utcOffsetMinutes); // validates the label
        if (grouping.filter.from || grouping.filter.to) throw badInput('filter.from', 'cannot be combined with period: a period selects the cases registered in it');
      }
      const now = ctx.clock.now();
      const protection = deps.protectionOf(ctx);
      const result: { scores: SubjectScore[]; minimumCellSize: number | null; previousPeriod: string | null; window: StatisticsWindow | null } = isStatisticsOnly(ctx.caller)
        ? await closedIndex(ctx, args, grouping, definitions, protection)
        : args.period != null
          ? { ...(await computePeriodIndex(ctx.db, args.by, grouping, args.period, definitions, now, protection)), window: null }
          : { ...(await computeIndex(ctx.db, args.by, grouping, definitions, now, protection)), previousPeriod: null, window: null };
      return {
        by: args.by,
        window: result.window,
        template: { name: template.name, description: template.description, source: template.source },
        period: args.period ?? null,
        previousPeriod: result.previousPeriod,
        minimumCellSize: result.minimumCellSize,
        definitions: definitions.map(definitionView),
        scores: result.scores.map((s) => ({
          agency: args.by === 'AGENCY' ? agencyRef(s.subject) : null,
          divisionCode: args.by === 'DIVISION' ? s.subject : null,
          score: s.score,
          rank: s.rank,
          previousScore: s.previousScore,
          change: s.change,
          indicators: s.indicators,
        })),
      };
    },
    indicatorTemplates: () =>
      Object.values(statistics.templates).map((t) => ({
        name: t.name,
        description: t.description,
        source: t.source,
        isDefault: t.name === statistics.defaultTemplate,
        weights: templateIndicators(statistics, t).map((d) => ({ indicator: d.name, weight: d.weight })),
      })),
  };
}
