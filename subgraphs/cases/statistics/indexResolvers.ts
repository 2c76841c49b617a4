import { badInput } from '../../kit/errors';
import { agencyRef, type Ctx } from '../resolvers/context';
import { templateIndicators, type StatisticsConfig } from './config';
import type { DivisionLevel, Grouping, StatisticsFilter } from './groups';
import { computeIndex, computePeriodIndex, definitionView, type IndexSubject } from './indicators';
import type { Protection } from './protection';

interface IndexArgs {
  by: IndexSubject;
  divisionLevel?: DivisionLevel | null;
  filter?: StatisticsFilter | null;
  /** A period label: 2026-11, 2026-Q4, 2026. */
  period?: string | null;
  template?: string | null;
}

const PERIOD_LABEL = /^\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4])?$/;

/** `indicatorIndex` and `indicatorTemplates` (docs/indicators.md). */
export function indicatorIndexResolvers(deps: {
  statistics: StatisticsConfig;
  utcOffsetMinutes: number;
  groupingOf: (args: { divisionLevel?: DivisionLevel | null; filter?: StatisticsFilter | null }) => Grouping;
  protectionOf: (ctx: Ctx) => Protection;
}) {
  const { statistics } = deps;
  return {
    indicatorIndex: async (_: unknown, args: IndexArgs, ctx: Ctx) => {
      const grouping = deps.groupingOf({ divisionLevel: args.divisionLevel, filter: args.filter });
      const templateName = args.template ?? statistics.defaultTemplate;
      const template = statistics.templates[templateName];
      if (!template) throw badInput('template', `names no indicator template: ${JSON.stringify(templateName)} (known: ${Object.keys(statistics.templates).join(', ')})`);
      const definitions = templateIndicators(statistics, template);
      if (args.period != null) {
        if (!PERIOD_LABEL.test(args.period)) throw badInput('period', `is not a period label (2026-11, 2026-Q4, 2026): ${JSON.stringify(args.period.slice(0, 40))}`);
        if (grouping.filter.from || grouping.filter.to) throw badInput('filter.from', 'cannot be combined with period: a period selects the cases registered in it');
      }
      const now = ctx.clock.now();
      const protection = deps.protectionOf(ctx);
      const result =
        args.period != null
          ? await computePeriodIndex(ctx.db, args.by, grouping, args.period, definitions, now, protection)
          : { ...(await computeIndex(ctx.db, args.by, grouping, definitions, now, protection)), previousPeriod: null };
      return {
        by: args.by,
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
