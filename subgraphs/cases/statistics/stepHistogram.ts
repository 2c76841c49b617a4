import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../../kit/caller';
import type { Database } from '../../kit/db';
import { CLOCK_NAMES, type ClockName } from '../deadlines/clocks';
import { caseDeadlines } from '../db/schema';
import { caseColumnsOf, dimensionSql, filterSql, type Grouping } from './groups';
import { analyticRows } from './measures';
import { ownCasesSql, readsReceivingAgency } from './protection';

/**
 * Step measures for statistics-only callers (decision 96), as of the end of their closed window:
 * each clock of a case in the window falls in exactly one cell of a small table — met by the end or
 * not, late or not — and each met clock in one bucket of a fixed log-scale histogram of its hours.
 * Both tables are counts (one clock moves one count by one), so they take noise like any other
 * count, and the median and 90th percentile are read from the noisy histogram. This is a statement
 * of its own, beside the exact percentile statements of statistics/measures.ts (decision 66), which
 * officers keep: an exact percentile cannot be noised as a count.
 *
 * Buckets: 0 holds [0, 1) h; bucket b in 1…48 holds [2^((b−1)/4), 2^(b/4)) h (four per doubling,
 * 1 h to 4096 h); 49 holds 4096 h and more. A percentile is reported as the geometric middle of its
 * bucket, 2^((b−½)/4): within 2^(1/8) − 1 = 9.05 % of any value in the bucket (0.5 h ± 0.5 h for
 * bucket 0; at least 4096 h, unbounded above, for bucket 49).
 */
export const BUCKETS = 50;
const PER_DOUBLING = 4;
export const LAST_BUCKET = BUCKETS - 1;

/** The hours a bucket is reported as. */
export function bucketHours(b: number): number {
  if (b <= 0) return 0.5;
  if (b >= LAST_BUCKET) return 2 ** ((LAST_BUCKET - 1) / PER_DOUBLING);
  return 2 ** ((b - 0.5) / PER_DOUBLING);
}

/** The bucket of a duration in hours (the SQL below computes the same). */
export function bucketOf(hours: number): number {
  if (hours < 1) return 0;
  return Math.min(LAST_BUCKET, 1 + Math.floor((PER_DOUBLING * Math.log(hours)) / Math.LN2));
}

/** The exact counts of one (group, clock): the four state cells, and met clocks per bucket. */
export interface ClockCells {
  key: (string | null)[];
  clock: ClockName;
  /** [open by the end, not late; open, late; met by the end, on time; met, late]. */
  state: [number, number, number, number];
  buckets: number[];
  /** Met clocks of the caller's own cases (a party declaring STATISTICS). */
  ownMet: number;
}

export function stepHistogramQuery(g: Grouping, steps: readonly ClockName[], end: Date, party: Caller | null): SQL {
  const { cols, join } = caseColumnsOf('clocks', g, readsReceivingAgency(party));
  const endSql = sql`${end.toISOString()}::timestamptz`;
  const met = sql`(${caseDeadlines.outcome} = 'MET' and ${caseDeadlines.closedAt} < ${endSql})`;
  // Late as of the end: met after its due time, or still running (or paused) past it at the end.
  const late = sql`(least(coalesce(${caseDeadlines.closedAt}, ${caseDeadlines.pausedAt}, ${endSql}), ${endSql}) > ${caseDeadlines.dueAt})`;
  const hours = sql`(date_part('epoch', ${caseDeadlines.closedAt} - ${caseDeadlines.startedAt}) / 3600)`;
  const bucket = sql`(case when not ${met} then null when ${hours} < 1 then 0 else least(${sql.raw(String(LAST_BUCKET))}, 1 + floor(${sql.raw(String(PER_DOUBLING))} * ln(${hours}) / ln(2)))::int end)`;
  const dims = g.groupBy.map((d) => dimensionSql(d, g, cols));
  const inner = dims.map((e, i) => sql`${e.group} as ${sql.identifier(`g${i}`)}, ${e.label} as ${sql.identifier(`d${i}`)}`);
  const own = party ? sql`(${met} and ${ownCasesSql(party, cols)})` : sql`false`;
  // Classified per clock inside, grouped outside (the same expression with other parameters would not match a GROUP BY).
  const groups = dims.map((_, i) => sql.identifier(`g${i}`));
  const labels = dims.map((_, i) => sql.identifier(`d${i}`));
  return sql`
    select ${sql.join([...labels.map((l) => sql`min(${l}) as ${l}`), sql`clock, met, late, bucket, count(*)::int as n, (count(*) filter (where own))::int as own_met`], sql`, `)}
    from (
      select ${sql.join([...inner, sql`${caseDeadlines.clock}::text as clock`, sql`${met} as met`, sql`${late} as late`, sql`${bucket} as bucket`, sql`${own} as own`], sql`, `)}
      from ${caseDeadlines} ${join}
      where ${and(inArray(caseDeadlines.clock, [...steps]), sql`${caseDeadlines.startedAt} < ${endSql}`, filterSql(g.filter, cols))}
    ) clocks
    group by ${sql.join([...groups, sql`clock, met, late, bucket`], sql`, `)}`;
}

/** The exact cells of every (group, clock) in scope. */
export async function stepCells(db: Database, g: Grouping, steps: readonly ClockName[] | null, end: Date, party: Caller | null): Promise<ClockCells[]> {
  const clocks = steps?.length ? steps : CLOCK_NAMES;
  const rows = await analyticRows<Record<string, unknown>>(db, stepHistogramQuery(g, clocks, end, party));
  const n = g.groupBy.length;
  const out = new Map<string, ClockCells>();
  for (const r of rows) {
    const key = Array.from({ length: n }, (_, i) => (r[`d${i}`] as string | null) ?? null);
    const id = JSON.stringify([key, r.clock]);
    const cell = out.get(id) ?? { key, clock: r.clock as ClockName, state: [0, 0, 0, 0], buckets: Array(BUCKETS).fill(0), ownMet: 0 };
    const count = r.n as number;
    cell.state[(r.met ? 2 : 0) + (r.late ? 1 : 0)] += count;
    if (r.met) cell.buckets[r.bucket as number] += count;
    cell.ownMet += (r.own_met as number) ?? 0;
    out.set(id, cell);
  }
  return [...out.values()];
}

/**
 * Norm-sub post-processing of a noisy histogram (Wang et al., "Locally differentially private
 * protocols for frequency estimation", 2017): subtract one amount δ from every bucket and clamp at
 * 0, with δ chosen so the buckets add up to `total`. Clamping alone would leave the positive noise
 * of every empty bucket as phantom clocks. Post-processing of released counts costs no privacy.
 */
export function normSub(noisy: readonly number[], total: number): number[] {
  const target = Math.max(0, total);
  const sum = (d: number) => noisy.reduce((s, v) => s + Math.max(0, v - d), 0);
  let lo = Math.min(0, ...noisy) - target - 1;
  let hi = Math.max(0, ...noisy);
  if (sum(lo) < target) lo = -target - Math.max(...noisy.map(Math.abs)) - 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (sum(mid) > target) lo = mid;
    else hi = mid;
  }
  return noisy.map((v) => Math.max(0, v - hi));
}

/** The q-quantile's bucket of a histogram (null when it is empty), reported in hours. */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return null;
  let cumulative = 0;
  for (let b = 0; b < counts.length; b++) {
    cumulative += counts[b]!;
    if (cumulative >= q * total - 1e-9 && counts[b]! > 0) return bucketHours(b);
  }
  return bucketHours(counts.length - 1);
}
