import { and, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Caller } from '../../kit/caller';
import { queryRows, type Database } from '../../kit/db';
import { CLOCK_NAMES, type ClockName } from '../deadlines/clocks';
import { caseDeadlines, cases } from '../db/schema';
import { OPEN_STEPS, warnings } from '../warnings/tables';
import { CASE_COLUMNS, caseColumnsOf, dimensionSql, filterSql, type CaseColumns, type Dimension, type Grouping } from './groups';
import { summaryAnswers, summaryStepQuery } from './durationSummary';
import { ownCasesSql, protectedCounts, readsReceivingAgency, type Protection } from './protection';
import { isSmall, suppressedCells } from './suppression';

/**
 * The measures of case statistics, computed in SQL (GROUP BY, percentile_cont) over three sources:
 * the cases (milestones, kept by the workflow), their legal clocks (case_deadlines) and their open
 * warnings. Counts add up, so their total is the sum of the groups; percentiles do not, so their
 * total is a query of its own.
 */
export interface StepMeasures {
  step: ClockName;
  /** Clocks of this step started. */
  started: number;
  /** Of those, met (the case moved on by the step the clock awaits). */
  met: number;
  /**
   * Elapsed hours from start to being met: median and 90th percentile (null when none was met, or
   * when the met clocks of cases the caller is protected from are fewer than k: a percentile over
   * one case is its duration). From the duration summary they are within 0.99 % of the exact
   * percentile_cont (statistics/durationSummary.ts); read from the clocks, exact.
   */
  medianHours: number | null;
  p90Hours: number | null;
  /** Clocks that ran past their due time: met late, left late, or still open past due now. */
  overdue: number;
  overdueRate: number | null;
}

export interface GroupMeasures {
  /** The group's value of each grouping dimension. */
  key: Partial<Record<Dimension, string | null>>;
  suppressed: boolean;
  cases: number | null;
  transferred: number | null;
  filed: number | null;
  notFiled: number | null;
  filingRate: number | null;
  reconsiderations: number | null;
  reverseLinkage: number | null;
  openRedWarnings: number | null;
  openYellowWarnings: number | null;
  steps: StepMeasures[] | null;
}

export interface StatisticsResult {
  groups: GroupMeasures[];
  total: GroupMeasures;
  /** k, when some cases in the answer are protected from this caller; null when they are all its own. */
  minimumCellSize: number | null;
  suppressedGroups: number;
}

export interface MeasureOptions {
  /** Compute the per-step measures (a scan of the clocks) of these clocks ([]: every clock). */
  steps: ClockName[] | null;
  /**
   * Whose step measures are wanted: the groups', the total's (percentiles do not add up, so each
   * is a scan of its own). Both when left out.
   */
  stepsFor?: { groups: boolean; total: boolean };
  /** Compute the open-warning counts. */
  warnings: boolean;
  now: Date;
  /**
   * Count milestones and open warnings as they stood at this instant (the end of a statistics-only
   * caller's closed window, decision 96) instead of as they stand now.
   */
  asOf?: Date | null;
  /** Whose cases are protected from the caller, and k (statistics/protection.ts). */
  protection: Protection;
  /** Read every clock for exact percentiles, even where the duration summary answers (decision 97). */
  exactPercentiles?: boolean;
}

/** The statements' options: with `party`, they also count the cases (and met clocks) that are the caller's own. */
type QueryOptions = Pick<MeasureOptions, 'steps' | 'stepsFor' | 'warnings' | 'now' | 'asOf' | 'exactPercentiles'> & { party?: Caller | null };

type Row = Record<string, unknown>;

/**
 * Runs an analytic statement with settings for one large aggregate: no JIT (compiling costs more
 * than it saves on these plans), room to hash in memory, parallel workers whenever the plan allows
 * (the default costs keep a million-row scan in one process), and groups hashed rather than sorted:
 * PostgreSQL cannot estimate how many groups an expression such as the local month makes (533,244
 * estimated for 2,943 at 1M cases), so left to itself it sorts every row to group them (decision 66).
 * SET LOCAL ends with the transaction.
 */
export const ANALYTIC_SETTINGS = {
  jit: 'off',
  work_mem: '64MB',
  enable_sort: 'off',
  parallel_setup_cost: '0',
  parallel_tuple_cost: '0.0001',
  min_parallel_index_scan_size: '0',
} as const;

/** One statement that sets every setting for the rest of the transaction (set_config(…, true) is SET LOCAL). */
export const localSettingsSql = (settings: Record<string, string>): SQL =>
  sql`select ${sql.join(Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`), sql`, `)}`;

export async function analyticRows<T>(db: Database, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(localSettingsSql(ANALYTIC_SETTINGS));
    return queryRows<T>(tx as unknown as Database, query);
  });
}

/** Dimensions as `select` items (labels, d0, d1, …) and the `group by` of them and the extra columns. */
function groupingSql(dimensions: readonly Dimension[], g: Grouping, cols: CaseColumns = CASE_COLUMNS, extra: SQL[] = []) {
  const dims = dimensions.map((d) => dimensionSql(d, g, cols));
  const select = dims.map((e, i) => sql`${e.label} as ${sql.identifier(`d${i}`)}`);
  const by = [...dims.map((e) => e.group), ...extra];
  return { select, groupBy: by.length ? sql`group by ${sql.join(by, sql`, `)}` : sql`` };
}

const keyOf = (row: Record<string, unknown>, n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => row[`d${i}`] ?? null));

/** The SQL statements of a statistics request (exported so the benchmark can EXPLAIN them). */
export function statisticsQueries(
  g: Grouping,
  opts: QueryOptions,
): { cases: SQL; steps: SQL | null; stepsTotal: SQL | null; warnings: SQL | null } {
  const where = filterSql(g.filter);
  const n = g.groupBy.length;

  // Counts add up: plain GROUP BY (parallel aggregation); the total is their sum.
  const caseQuery = (() => {
    const { select, groupBy } = groupingSql(g.groupBy, g);
    const own = opts.party ? [sql`(count(*) filter (where ${ownCasesSql(opts.party, CASE_COLUMNS)}))::int as own`] : [];
    // A milestone reached (by `asOf`, when given: one reached later had not been).
    const asOf = opts.asOf ? sql`${opts.asOf.toISOString()}::timestamptz` : null;
    const reached = (c: AnyColumn) => (asOf ? sql`(${c} < ${asOf})` : sql`(${c} is not null)`);
    const reachedCount = (c: AnyColumn) => (asOf ? sql`(count(*) filter (where ${reached(c)}))::int` : sql`count(${c})::int`);
    return sql`
      select ${sql.join([...select, sql`count(*)::int as cases`, ...own], sql`, `)},
        ${reachedCount(cases.transferredAt)} as transferred,
        ${reachedCount(cases.filedAt)} as filed,
        (count(*) filter (where ${reached(cases.notFiledAt)} and not coalesce(${reached(cases.filedAt)}, false)))::int as not_filed,
        ${reachedCount(cases.reconsiderationRequestedAt)} as reconsiderations,
        ${reachedCount(cases.notProsecutedAt)} as reverse_linkage
      from ${cases} ${where ? sql`where ${where}` : sql``} ${groupBy}
      ${n ? sql.raw(`order by ${g.groupBy.map((_, i) => i + 1).join(', ')}`) : sql``}`;
  })();

  // Percentiles do not add up: the total is a query of its own (GROUPING SETS would do both in one
  // scan, but as two hash tables of every duration, slower than two statements side by side).
  // Groups are hashed, each collecting its durations, and each group's array is sorted alone for
  // its percentiles: an ordered-set aggregate over the rows would make PostgreSQL sort every clock
  // row by group first (decision 66). Clocks carry copies of the case columns that never change: no
  // join unless status or the receiving agency is asked for. The clocks are always named, so the
  // index (clock, division) is read as one range per clock, narrowed to a division when filtered.
  // Where the duration summary answers, it is read instead of the closed clocks (decision 97).
  const stepQuery = (withDimensions: boolean) => {
    if (!opts.steps) return null;
    if (!opts.exactPercentiles && summaryAnswers(g, opts.party ?? null)) {
      return summaryStepQuery(g, withDimensions ? g.groupBy : [], opts.steps.length ? opts.steps : CLOCK_NAMES, opts.now, opts.party ?? null);
    }
    const { cols, join } = caseColumnsOf('clocks', g, readsReceivingAgency(opts.party ?? null));
    const clock = sql`${caseDeadlines.clock}`;
    const met = sql`${caseDeadlines.outcome} = 'MET'`;
    // The met clocks of the caller's own cases: a percentile needs none or k of the others' (protection.ts).
    const ownMet = opts.party ? { select: [sql`own_met`], aggregate: sql`, (count(*) filter (where ${met} and ${ownCasesSql(opts.party, cols)}))::int as own_met` } : { select: [], aggregate: sql`` };
    const dimensions = withDimensions ? g.groupBy : [];
    const { select, groupBy } = groupingSql(dimensions, g, cols, [clock]);
    const now = sql`${opts.now.toISOString()}::timestamptz`;
    const steps = opts.steps.length ? opts.steps : CLOCK_NAMES;
    const dims = dimensions.map((_, i) => sql.identifier(`d${i}`));
    return sql`
      select ${sql.join([...dims, sql`clock, started, met, overdue`, ...ownMet.select], sql`, `)},
        (select percentile_cont(array[0.5, 0.9]) within group (order by h) from unnest(durations) h) as hours
      from (
        select ${sql.join([...select, sql`${clock} as clock`], sql`, `)},
          count(*)::int as started,
          (count(*) filter (where ${met}))::int as met,
          array_agg(date_part('epoch', ${caseDeadlines.closedAt} - ${caseDeadlines.startedAt}) / 3600)
            filter (where ${met}) as durations,
          (count(*) filter (where coalesce(${caseDeadlines.closedAt}, ${caseDeadlines.pausedAt}, ${now}) > ${caseDeadlines.dueAt}))::int as overdue
          ${ownMet.aggregate}
        from ${caseDeadlines} ${join}
        where ${and(inArray(caseDeadlines.clock, steps), filterSql(g.filter, cols))}
        ${groupBy}
      ) per_group`;
  };

  const warningQuery = (() => {
    if (!opts.warnings) return null;
    const { cols, join } = caseColumnsOf('warnings', g);
    const { select, groupBy } = groupingSql(g.groupBy, g, cols);
    return sql`
      select ${sql.join([...select, sql`(count(*) filter (where ${warnings.level} = 'RED'))::int as red`], sql`, `)},
        (count(*) filter (where ${warnings.level} = 'YELLOW'))::int as yellow
      from ${warnings} ${join}
      where ${and(opts.asOf ? openAtSql(opts.asOf) : inArray(warnings.step, [...OPEN_STEPS]), filterSql(g.filter, cols))} ${groupBy}`;
  })();
  // Without grouping the one group is the total.
  const stepsFor = opts.stepsFor ?? { groups: true, total: true };
  return {
    cases: caseQuery,
    steps: n && stepsFor.groups ? stepQuery(true) : null,
    stepsTotal: !n || stepsFor.total ? stepQuery(false) : null,
    warnings: warningQuery,
  };
}

/** Warnings open at an instant: raised before it and not ended by it (their level is today's). */
const openAtSql = (at: Date) => sql`${warnings.raisedAt} < ${at.toISOString()}::timestamptz and (${warnings.endedAt} is null or ${warnings.endedAt} >= ${at.toISOString()}::timestamptz)`;

const ADDITIVE = ['cases', 'own', 'transferred', 'filed', 'not_filed', 'reconsiderations', 'reverse_linkage', 'red', 'yellow'] as const;

/** The sum of additive measures over rows: the total of a plain GROUP BY. */
function sumRows(rows: Row[]): Row {
  const out: Row = {};
  for (const k of ADDITIVE) out[k] = rows.reduce((s, r) => s + ((r[k] as number | undefined) ?? 0), 0);
  return out;
}

export async function computeStatistics(db: Database, g: Grouping, opts: MeasureOptions): Promise<StatisticsResult> {
  const n = g.groupBy.length;
  const p = opts.protection;
  const q = statisticsQueries(g, { ...opts, party: p.party });
  const rowsOf = (query: SQL | null) => (query ? analyticRows<Row>(db, query) : Promise.resolve([] as Row[]));
  const [caseRows, stepRows, stepTotalRows, warningRows] = await Promise.all([rowsOf(q.cases), rowsOf(q.steps), rowsOf(q.stepsTotal), rowsOf(q.warnings)]);

  const stepsByKey = new Map<string, StepMeasures[]>();
  const keyed = [...stepRows.map((r) => [keyOf(r, n), r] as const), ...stepTotalRows.map((r) => ['total', r] as const)];
  for (const [k, r] of keyed) {
    const met = r.met as number;
    const small = protectedCounts(p, met, (r.own_met as number | undefined) ?? 0).some((c) => isSmall(c, p.k));
    const [median, p90] = (!small && (r.hours as number[] | null)) || [null, null];
    const started = r.started as number;
    const overdue = r.overdue as number;
    const list = stepsByKey.get(k) ?? [];
    list.push({ step: r.clock as ClockName, started, met, medianHours: median ?? null, p90Hours: p90 ?? null, overdue, overdueRate: started ? overdue / started : null });
    stepsByKey.set(k, list);
  }
  const warningsByKey = new Map<string, Row>(warningRows.map((r) => [keyOf(r, n), r]));
  warningsByKey.set('total', sumRows(warningRows));

  const measures = (r: Row, k: string): GroupMeasures => {
    const filed = (r.filed as number) ?? 0;
    const notFiled = (r.not_filed as number) ?? 0;
    const w = warningsByKey.get(k);
    return {
      key: Object.fromEntries(g.groupBy.map((d, i) => [d, (r[`d${i}`] as string | null) ?? null])),
      suppressed: false,
      cases: (r.cases as number) ?? 0,
      transferred: (r.transferred as number) ?? 0,
      filed,
      notFiled,
      filingRate: filed + notFiled ? filed / (filed + notFiled) : null,
      reconsiderations: (r.reconsiderations as number) ?? 0,
      reverseLinkage: (r.reverse_linkage as number) ?? 0,
      openRedWarnings: opts.warnings ? ((w?.red as number) ?? 0) : null,
      openYellowWarnings: opts.warnings ? ((w?.yellow as number) ?? 0) : null,
      steps: (k === 'total' || !n ? q.stepsTotal : q.steps) ? (stepsByKey.get(k) ?? []).sort((a, b) => a.step.localeCompare(b.step)) : null,
    };
  };

  const total = measures(sumRows(caseRows), 'total');
  // Groups are the case rows (steps and warnings are keyed by the same groups).
  const counts = (r: Row) => protectedCounts(p, r.cases as number, (r.own as number | undefined) ?? 0);
  const totalCounts = counts(sumRows(caseRows));
  // An empty total stays suppressed for statistics-only callers, as it always was.
  if (totalCounts.some((c) => isSmall(c, p.k)) || (p.everyCase && total.cases! < p.k)) Object.assign(total, suppress(total));
  const minimumCellSize = p.everyCase || totalCounts.some((c) => c > 0) ? p.k : null;
  if (!n) return { groups: [{ ...total }], total, minimumCellSize, suppressedGroups: total.suppressed ? 1 : 0 };

  const groups = caseRows.map((r) => measures(r, keyOf(r, n)));
  const hide = suppressedCells(
    groups.map((x, i) => ({ key: g.groupBy.map((d) => x.key[d] ?? null), counts: counts(caseRows[i]!) })),
    p.k,
  );
  hide.forEach((i) => (groups[i] = suppress(groups[i]!)));
  return { groups, total, minimumCellSize, suppressedGroups: hide.size };
}

function suppress(m: GroupMeasures): GroupMeasures {
  return {
    key: m.key,
    suppressed: true,
    cases: null,
    transferred: null,
    filed: null,
    notFiled: null,
    filingRate: null,
    reconsiderations: null,
    reverseLinkage: null,
    openRedWarnings: null,
    openYellowWarnings: null,
    steps: null,
  };
}
