import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../../kit/caller';
import type { ClockName } from '../deadlines/clocks';
import { caseDeadlines, clockDurationSummary } from '../db/schema';
import { caseColumnsOf, dimensionSql, filterSql, PERIOD_FORMAT, readsChangingColumns, type CaseColumns, type Dimension, type Grouping } from './groups';
import { ownCasesSql, readsReceivingAgency } from './protection';

/**
 * Step measures from the duration summary (decision 97): the closed clocks counted by step, case
 * columns that never change, local registration month and a log-scale duration bucket
 * (`clock_duration_summary`, kept by statement triggers on `case_deadlines`, migration 0023), and
 * the open clocks read exactly (a partial index holds only them). A step province-wide reads its
 * cells (tens of thousands) instead of its clocks (a million at 1M cases).
 *
 * The error bound: a duration of d seconds falls in bucket b = ceil(log_r d), r = 1.02, i.e. in
 * (r^(b-1), r^b]; the bucket's value 2 r^b / (r + 1) is within (r - 1) / (r + 1) = 0.99 % of every
 * duration in it. A percentile is interpolated as percentile_cont does, between the two order
 * statistics around q (n - 1), each replaced by its bucket's value: a weighted mean of values each
 * within 0.99 % of the one it replaces, so within 0.99 % of the exact percentile. A zero duration
 * is its own bucket (-32768), exact. Counts (started, met, overdue) are exact.
 */
export const BUCKET_RATIO = 1.02;
/** The stated relative error of a percentile from the summary: |summary − exact| ≤ this × exact. */
export const RELATIVE_ERROR = (BUCKET_RATIO - 1) / (BUCKET_RATIO + 1);
/** The bucket of zero durations (`caselink_duration_bucket`). */
export const ZERO_BUCKET = -32768;
/** The offset the summary counts registration months in (`caselink_registered_month`, migration 0023). */
export const SUMMARY_UTC_OFFSET_MINUTES = 480;

/** The bucket a duration in seconds falls in, as `caselink_duration_bucket` computes it (for tests). */
export function durationBucket(seconds: number): number {
  return seconds <= 0 ? ZERO_BUCKET : Math.ceil(Math.log(seconds) / Math.log(BUCKET_RATIO));
}

/** The value of a bucket, in hours. */
export function bucketHours(bucket: number): number {
  return bucket === ZERO_BUCKET ? 0 : (2 * BUCKET_RATIO ** bucket) / (BUCKET_RATIO + 1) / 3600;
}

const s = clockDurationSummary;
/** The summary's columns, as statistics read the case's: the month's first instant stands for the registration time. */
const SUMMARY_COLUMNS: CaseColumns = { sector: s.caseSector, divisionCode: s.caseDivisionCode, handlingAgencyId: s.caseHandlingAgencyId, createdAt: s.registeredMonth };

/** Whether an instant begins a local month in the summary's offset. */
function beginsLocalMonth(t: Date): boolean {
  const local = new Date(t.getTime() + SUMMARY_UTC_OFFSET_MINUTES * 60_000);
  return local.getUTCDate() === 1 && local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0 && local.getUTCMilliseconds() === 0;
}

/**
 * Whether the summary answers a step statement exactly as to its cells: it keeps no status or
 * receiving agency (which change; police callers' own cases are read by receiving agency), its
 * months are local months of UTC+8, and a time filter must fall on month starts. Otherwise the step
 * statement reads the clocks (exact percentiles).
 */
export function summaryAnswers(g: Pick<Grouping, 'groupBy' | 'filter' | 'utcOffsetMinutes'>, party: Caller | null): boolean {
  if (readsChangingColumns(g) || readsReceivingAgency(party)) return false;
  if (g.groupBy.includes('PERIOD') && g.utcOffsetMinutes !== SUMMARY_UTC_OFFSET_MINUTES) return false;
  return [g.filter.from, g.filter.to].every((t) => !t || beginsLocalMonth(t));
}

/**
 * A dimension over the cells: what they are grouped by, and the label of a grouped value. A local
 * month is the cell's own month (its first instant); quarters and years truncate it.
 */
function cellDimension(d: Dimension, g: Pick<Grouping, 'divisionLevel' | 'period' | 'utcOffsetMinutes'>): { group: SQL; labelOf: (v: SQL) => SQL } {
  if (d !== 'PERIOD') return { group: dimensionSql(d, g, SUMMARY_COLUMNS).group, labelOf: (v) => v };
  const local = (v: SQL) => sql`((${v} at time zone 'UTC') + make_interval(mins => ${sql.raw(String(SUMMARY_UTC_OFFSET_MINUTES))}))`;
  const format = sql.raw(`'${PERIOD_FORMAT[g.period]}'`);
  if (g.period === 'MONTH') return { group: sql`${s.registeredMonth}`, labelOf: (v) => sql`to_char(${local(v)}, ${format})` };
  return { group: sql`date_trunc(${sql.raw(`'${g.period.toLowerCase()}'`)}, ${local(sql`${s.registeredMonth}`)})`, labelOf: (v) => sql`to_char(${v}, ${format})` };
}

/** A bucket's value in hours, in SQL (`bucketHours`). */
const hoursSql = (bucket: SQL) =>
  sql`(case when ${bucket} = ${sql.raw(String(ZERO_BUCKET))} then 0 else 2 * power(${sql.raw(String(BUCKET_RATIO))}::float8, ${bucket}) / ${sql.raw(String(BUCKET_RATIO + 1))} / 3600 end)`;

/**
 * The step statement over the summary: the same columns as the exact one (d0…, clock, started,
 * met, overdue, own_met with a party, hours = [median, p90]). The bucket holding the i-th smallest
 * duration (0-based) is the first whose running count exceeds i. Each group collects its buckets
 * and ranks them alone (a sort of a few hundred cells): one window over every cell sorted them all
 * by group first, 1.5 times slower for every step by month.
 */
export function summaryStepQuery(g: Grouping, dimensions: readonly Dimension[], steps: readonly ClockName[], now: Date, party: Caller | null): SQL {
  const names = dimensions.map((_, i) => sql.identifier(`d${i}`));
  const part = sql.join([...names, sql`clock`], sql`, `);
  // Cells are grouped, sorted and ranked by the grouped values (a month is its first instant), and
  // labelled last: sorting half a million rows by text labels cost seconds (every step by month).
  const cellDims = dimensions.map((d) => cellDimension(d, g));
  const { cols: clockCols } = caseColumnsOf('clocks', g);
  const openDims = dimensions.map((d) => dimensionSql(d, g, clockCols));
  const selectAs = (dims: { label: SQL }[]) => dims.map((e, i) => sql`${e.label} as ${sql.identifier(`d${i}`)}, `);
  const groupOf = (dims: { group: SQL }[]) => dims.map((e) => sql`${e.group}, `);
  const own = party ? { cell: sql`, (sum(${s.met}) filter (where ${ownCasesSql(party, SUMMARY_COLUMNS)})) as own_met`, group: sql`, sum(own_met) as own_met`, out: sql`, coalesce(shut.own_met, 0)::int as own_met` } : { cell: sql``, group: sql``, out: sql`` };
  const at = (q: number) => sql.raw(`${q} * (n - 1)`);
  const position = (q: number) => ({
    lower: sql`min(bucket) filter (where below > floor(${at(q)}))`,
    upper: sql`min(bucket) filter (where below > ceil(${at(q)}))`,
  });
  const percentile = (q: number, lower: string, upper: string) => {
    const fraction = sql.raw(`(${q} * (shut.met - 1) - floor(${q} * (shut.met - 1)))`);
    return sql`${hoursSql(sql.raw(`shut.${lower}`))} + ${fraction} * (${hoursSql(sql.raw(`shut.${upper}`))} - ${hoursSql(sql.raw(`shut.${lower}`))})`;
  };
  const now_ = sql`${now.toISOString()}::timestamptz`;
  return sql`
    with cells as (
      select ${sql.join(cellDims.map((e, i) => sql`${e.group} as ${sql.identifier(`d${i}`)}, `), sql``)}${s.clock} as clock, ${s.bucket} as bucket,
        sum(${s.closed}) as closed, sum(${s.late}) as late, sum(${s.met}) as met ${own.cell}
      from ${s}
      where ${and(inArray(s.clock, [...steps]), filterSql(g.filter, SUMMARY_COLUMNS))}
      group by ${sql.join(groupOf(cellDims), sql``)}${s.clock}, ${s.bucket}
    ), grouped as (
      select ${part}, sum(closed) as closed, sum(late) as late, sum(met) as met ${own.group},
        array_agg(bucket) filter (where met > 0) as buckets, array_agg(met) filter (where met > 0) as counts
      from cells group by ${part}
    ), shut as (
      select ${sql.join(cellDims.map((e, i) => sql`${e.labelOf(sql`grouped.${sql.identifier(`d${i}`)}`)} as ${sql.identifier(`d${i}`)}, `), sql``)}clock, closed, late, grouped.met${party ? sql`, own_met` : sql``},
        pick.q[1] as m_lo, pick.q[2] as m_hi, pick.q[3] as p_lo, pick.q[4] as p_hi
      from grouped, lateral (
        select array[${position(0.5).lower}, ${position(0.5).upper}, ${position(0.9).lower}, ${position(0.9).upper}] as q
        from (select bucket, sum(n_b) over (order by bucket) as below, grouped.met as n from unnest(grouped.buckets, grouped.counts) as u(bucket, n_b)) ranked
      ) pick
    ), running as (
      select ${sql.join(selectAs(openDims), sql``)}${caseDeadlines.clock} as clock, count(*) as open,
        count(*) filter (where coalesce(${caseDeadlines.pausedAt}, ${now_}) > ${caseDeadlines.dueAt}) as late
      from ${caseDeadlines}
      where ${and(sql`${caseDeadlines.closedAt} is null`, inArray(caseDeadlines.clock, [...steps]), filterSql(g.filter, clockCols))}
      group by ${sql.join(groupOf(openDims), sql``)}${caseDeadlines.clock}
    )
    select ${part}, (coalesce(shut.closed, 0) + coalesce(running.open, 0))::int as started, coalesce(shut.met, 0)::int as met,
      (coalesce(shut.late, 0) + coalesce(running.late, 0))::int as overdue ${own.out},
      case when shut.met > 0 then array[${percentile(0.5, 'm_lo', 'm_hi')}, ${percentile(0.9, 'p_lo', 'p_hi')}] end as hours
    from shut full join running using (${part})`;
}
