import { createHash } from 'node:crypto';
import { and, sql } from 'drizzle-orm';
import type { Caller } from '../../kit/caller';
import { queryRows, type Database } from '../../kit/db';
import { badInput } from '../../kit/errors';
import { CLOCK_NAMES, type ClockName } from '../deadlines/clocks';
import { cases } from '../db/schema';
import { spend } from './budget';
import type { StatisticsConfig } from './config';
import { filterSql, type Grouping, type StatisticsFilter } from './groups';
import { scoreIndex, type IndicatorValue, type SubjectScore } from './indicators';
import type { GroupMeasures, StatisticsResult, StepMeasures } from './measures';
import { alphaOf, NO_NOISE, noiseSource, type NoiseSource } from './noise';
import { protectedCounts, type Protection } from './protection';
import { BUCKETS, histogramQuantile, normSub, type ClockCells } from './stepHistogram';
import { isSmall } from './suppression';
import type { StatisticsWindow } from './window';

/**
 * What a statistics-only caller is given instead of exact figures (decision 96): the query is
 * normalised, refused when a filter excludes a small group or reads a case's current state, its
 * counts are noised (statistics/noise.ts) with seeds from the caller, the normalised query, the cell
 * and the measure, and the measures it releases for the first time are paid for from the caller's
 * budget (statistics/budget.ts) before the answer leaves. Suppression (decision 58/74) is decided on
 * the exact counts, before any noise, exactly as for everyone else.
 */

/** Case measures, each a count one case moves by at most one: one ε each when released. */
export const CASE_MEASURES = ['cases', 'transferred', 'filed', 'notFiled', 'reconsiderations', 'reverseLinkage', 'openRedWarnings', 'openYellowWarnings'] as const;
type CaseMeasure = (typeof CASE_MEASURES)[number];

/** Dimensions and filters over a case's current state, which moves inside a closed window. */
const CURRENT_STATE = { dimensions: ['STATUS', 'RECEIVING_AGENCY'], filters: ['statuses', 'receivingAgencyIds'] } as const;

/** Refuses what a statistics-only caller may not group or filter by: a case's current state. */
export function checkStatisticsOnly(g: Pick<Grouping, 'groupBy' | 'filter'>): void {
  for (const d of CURRENT_STATE.dimensions) {
    if (g.groupBy.includes(d)) throw badInput('groupBy', `${d} is a case's current state, which changes after its period has closed; statistics-only callers count milestones (transferred, filed, notFiled …) as of the end of the window instead`);
  }
  for (const f of CURRENT_STATE.filters) {
    if (g.filter[f]) throw badInput(`filter.${f}`, `filters on a case's current state, which changes after its period has closed; statistics-only callers cannot use it`);
  }
}

const LIST_FILTERS = ['agencyIds', 'sectors', 'divisionCode'] as const;

/**
 * Refuses a list filter whose complement — the cases the other filters select and this one leaves
 * out — holds 1 to k − 1 cases: "every sector but one" and the unfiltered total differ by exactly
 * that small group. One count per list filter, in one statement.
 */
export async function refuseSmallExclusions(db: Database, filter: StatisticsFilter, k: number): Promise<void> {
  const present = LIST_FILTERS.filter((name) => filter[name] != null);
  if (!present.length) return;
  const window = filterSql({ from: filter.from, to: filter.to }) ?? sql`true`;
  const conditionOf = (name: (typeof LIST_FILTERS)[number]) => filterSql({ [name]: filter[name] })!;
  const counts = present.map((name, i) => {
    const others = and(...present.filter((o) => o !== name).map(conditionOf)) ?? sql`true`;
    return sql`(count(*) filter (where ${others} and not coalesce(${conditionOf(name)}, false)))::int as ${sql.identifier(`c${i}`)}`;
  });
  const [row] = await queryRows<Record<string, number>>(db, sql`select ${sql.join(counts, sql`, `)} from ${cases} where ${window}`);
  present.forEach((name, i) => {
    const left = Number(row?.[`c${i}`] ?? 0);
    if (isSmall(left, k)) throw badInput(`filter.${name}`, `leaves out fewer than ${k} cases that the other filters select; a statistics-only answer may not differ from another by a group that small (widen or drop the filter)`);
  });
}

/** The normalised form of a query: the same question however it is written. */
export function normalisedQuery(op: string, g: Grouping, window: StatisticsWindow, extra: Record<string, unknown> = {}): string {
  const list = (v: readonly string[] | null | undefined) => (v ? [...new Set(v)].sort() : null);
  const f = g.filter;
  return JSON.stringify({
    op,
    groupBy: [...g.groupBy].sort(),
    divisionLevel: g.groupBy.includes('DIVISION') || extra.by === 'DIVISION' ? g.divisionLevel : null,
    period: g.groupBy.includes('PERIOD') ? g.period : null,
    filter: { agencyIds: list(f.agencyIds), sectors: list(f.sectors), divisionCode: f.divisionCode ?? null },
    window: { from: window.from?.toISOString() ?? null, to: window.to.toISOString() },
    ...extra,
  });
}

export const digestOf = (normalised: string) => createHash('sha256').update(normalised).digest('hex');

export interface ReleaseContext {
  config: StatisticsConfig;
  caller: Caller;
  db: Database;
  now: Date;
  utcOffsetMinutes: number;
}

function noiseFor(rc: ReleaseContext, digest: string): NoiseSource {
  const p = rc.config.privacy;
  return p.noise ? noiseSource(p.secret, rc.caller.sub, digest, alphaOf(p.epsilon)) : NO_NOISE;
}

const nonNegative = (x: number) => Math.max(0, Math.round(x));

/** A group's cell name in the seed: its dimension values by dimension name, in a fixed order. */
const cellOf = (key: Partial<Record<string, string | null>>) => JSON.stringify(Object.keys(key).sort().map((d) => [d, key[d] ?? null]));

/** Case statistics for a statistics-only caller: exact result and clock cells in, noisy answer out (budget spent). */
export async function releaseStatistics(
  rc: ReleaseContext,
  g: Grouping,
  window: StatisticsWindow,
  exact: StatisticsResult,
  clockCells: ClockCells[] | null,
  steps: readonly ClockName[] | null,
  selected: ReadonlySet<string>,
  protection: Protection,
): Promise<StatisticsResult> {
  const digest = digestOf(normalisedQuery('caseStatistics', g, window));
  const noise = noiseFor(rc, digest);
  const n = g.groupBy.length;
  const visible = n ? exact.groups.filter((x) => !x.suppressed) : [];
  const hidden = n ? exact.groups.some((x) => x.suppressed) : false;

  // Case measures: each visible group a cell; the total is the sum of the visible groups' noisy
  // figures and one noisy figure for the suppressed groups together (disjoint cells, parallel
  // composition), or a cell of its own without grouping.
  const noisyOf = (m: GroupMeasures, cell: string, name: CaseMeasure) => (m[name] === null ? null : m[name]! + noise.draw(cell, name));
  const groupNoisy = new Map<GroupMeasures, Partial<Record<CaseMeasure, number | null>>>();
  for (const x of visible) groupNoisy.set(x, Object.fromEntries(CASE_MEASURES.map((name) => [name, noisyOf(x, cellOf(x.key), name)])));
  const totalNoisy: Partial<Record<CaseMeasure, number | null>> = {};
  for (const name of CASE_MEASURES) {
    const t = exact.total[name];
    if (t === null || exact.total.suppressed) totalNoisy[name] = null;
    else if (!n) totalNoisy[name] = t + noise.draw('total', name);
    else {
      const shown = visible.reduce((s, x) => s + x[name]!, 0);
      const noisyShown = visible.reduce((s, x) => s + groupNoisy.get(x)![name]!, 0);
      totalNoisy[name] = noisyShown + (hidden ? t - shown + noise.draw('suppressed', name) : 0);
    }
  }

  // Steps: the four state cells and the duration histogram of each (group, clock).
  // Every clock asked for, in the order officers get them (by name): an absent clock would say "none".
  const clocks = [...(steps?.length ? steps : CLOCK_NAMES)].sort();
  const cellsByKey = new Map<string, ClockCells>((clockCells ?? []).map((c) => [JSON.stringify([c.key, c.clock]), c]));
  const empty = (key: (string | null)[], clock: ClockName): ClockCells => ({ key, clock, state: [0, 0, 0, 0], buckets: Array(BUCKETS).fill(0), ownMet: 0 });
  const noisyClock = (c: ClockCells, cell: string) => ({
    state: c.state.map((v, j) => v + noise.draw(`${cell}#${j}`, `steps:${c.clock}`)),
    buckets: c.buckets.map((v, b) => v + noise.draw(`${cell}#${b}`, `durations:${c.clock}`)),
  });
  const stepView = (exactCells: ClockCells, noisy: { state: number[]; buckets: number[] }): StepMeasures => {
    const [s0, s1, s2, s3] = noisy.state as [number, number, number, number];
    const started = nonNegative(s0 + s1 + s2 + s3);
    const met = nonNegative(s2 + s3);
    const overdue = nonNegative(s1 + s3);
    const exactMet = exactCells.state[2] + exactCells.state[3];
    const withheld = !exactMet || protectedCounts(protection, exactMet, exactCells.ownMet).some((c) => isSmall(c, protection.k));
    const histogram = withheld ? null : normSub(noisy.buckets, s2 + s3);
    return {
      step: exactCells.clock,
      started,
      met,
      medianHours: histogram ? histogramQuantile(histogram, 0.5) : null,
      p90Hours: histogram ? histogramQuantile(histogram, 0.9) : null,
      overdue,
      overdueRate: started ? Math.min(1, overdue / started) : null,
    };
  };
  const keyValues = (m: GroupMeasures) => g.groupBy.map((d) => m.key[d] ?? null);
  const groupSteps = (m: GroupMeasures): StepMeasures[] =>
    clocks.map((clock) => {
      const c = cellsByKey.get(JSON.stringify([keyValues(m), clock])) ?? empty(keyValues(m), clock);
      return stepView(c, noisyClock(c, cellOf(m.key)));
    });
  const totalSteps = (): StepMeasures[] =>
    clocks.map((clock) => {
      const all = (clockCells ?? []).filter((c) => c.clock === clock);
      const sum = (cells: ClockCells[]): ClockCells => ({
        key: [],
        clock,
        state: [0, 1, 2, 3].map((j) => cells.reduce((s, c) => s + c.state[j]!, 0)) as ClockCells['state'],
        buckets: Array.from({ length: BUCKETS }, (_, b) => cells.reduce((s, c) => s + c.buckets[b]!, 0)),
        ownMet: cells.reduce((s, c) => s + c.ownMet, 0),
      });
      const exactTotal = sum(all);
      if (!n) return stepView(exactTotal, noisyClock(exactTotal, 'total'));
      const shownCells = visible.map((m) => cellsByKey.get(JSON.stringify([keyValues(m), clock])) ?? empty(keyValues(m), clock));
      const noisyShown = visible.map((m, i) => noisyClock(shownCells[i]!, cellOf(m.key)));
      const rest = hidden ? noisyClock({ ...exactTotal, state: exactTotal.state.map((v, j) => v - sum(shownCells).state[j]!) as ClockCells['state'], buckets: exactTotal.buckets.map((v, b) => v - sum(shownCells).buckets[b]!) }, 'suppressed') : null;
      const parts = rest ? [...noisyShown, rest] : noisyShown;
      const noisy = { state: [0, 1, 2, 3].map((j) => parts.reduce((s, p) => s + p.state[j]!, 0)), buckets: Array.from({ length: BUCKETS }, (_, b) => parts.reduce((s, p) => s + p.buckets[b]!, 0)) };
      return stepView(exactTotal, noisy);
    });

  const view = (m: GroupMeasures, values: Partial<Record<CaseMeasure, number | null>>, steps: StepMeasures[] | null): GroupMeasures => {
    if (m.suppressed) return m;
    const count = (name: CaseMeasure) => (values[name] == null ? null : nonNegative(values[name]!));
    const filed = count('filed');
    const notFiled = count('notFiled');
    return {
      ...m,
      cases: count('cases'),
      transferred: count('transferred'),
      filed,
      notFiled,
      filingRate: filed !== null && notFiled !== null && filed + notFiled > 0 ? filed / (filed + notFiled) : null,
      reconsiderations: count('reconsiderations'),
      reverseLinkage: count('reverseLinkage'),
      openRedWarnings: count('openRedWarnings'),
      openYellowWarnings: count('openYellowWarnings'),
      steps,
    };
  };
  const total = view(exact.total, totalNoisy, clockCells && !exact.total.suppressed ? totalSteps() : null);
  const groups = n ? exact.groups.map((m) => (m.suppressed ? m : view(m, groupNoisy.get(m)!, clockCells ? groupSteps(m) : null))) : [total];

  const released = new Set<string>();
  for (const name of selected) {
    if ((CASE_MEASURES as readonly string[]).includes(name)) released.add(name);
    if (name === 'filingRate') released.add('filed').add('notFiled');
    if (name === 'steps') for (const c of clocks) released.add(`steps:${c}`).add(`durations:${c}`);
  }
  await payFor(rc, [{ queryDigest: digest, measures: [...released] }]);
  return { ...exact, groups, total };
}

/** What an answer releases for the first time is paid for under its query digest (statistics/budget.ts). */
export interface Release {
  queryDigest: string;
  measures: string[];
}

/** Spends the budget for the releases of one answer together: all paid for, or PRIVACY_BUDGET_EXHAUSTED and none. */
export async function payFor(rc: ReleaseContext, releases: Release[], disjoint = false): Promise<void> {
  await spend(rc.db, { callerId: rc.caller.sub, releases, disjoint }, rc.config.privacy, rc.now, rc.utcOffsetMinutes);
}

/**
 * The indicator index of one closed window for a statistics-only caller: each indicator's rows come
 * due split into two disjoint cells, the numerator and the rest (on time and late, or with and
 * without the warning …), each noised (one ε per indicator released); the denominator is their sum,
 * the value their ratio, and scores, ranks and order are derived from these noisy figures
 * (statistics/indicators.ts `scoreIndex`), as the previous period's score and the change then are.
 * The median closed-loop hours are withheld: they are not a count, and a noisy histogram of warning
 * durations would be a statement and a measure of its own. Suppression was decided on the exact
 * counts. The seed is the window's query (not the template, which only weights the same counts), so
 * the same window gives the same figures whichever template or period asks it, and is paid for once.
 */
export function releaseIndex(rc: ReleaseContext, g: Grouping, window: StatisticsWindow, by: string, scores: SubjectScore[]): { scores: SubjectScore[]; release: Release } {
  const digest = digestOf(normalisedQuery('indicatorIndex', g, window, { by }));
  const noise = noiseFor(rc, digest);
  const released = new Set<string>();
  const noisy = scores.map((s): SubjectScore => ({
    ...s,
    indicators: s.indicators.map((v): IndicatorValue => {
      if (v.suppressed || v.numerator === null || v.denominator === null) return { ...v, medianHours: null };
      const measure = `indicator:${v.name}`;
      released.add(measure);
      const num = nonNegative(v.numerator + noise.draw(`${JSON.stringify(s.subject)}#on`, measure));
      const rest = nonNegative(v.denominator - v.numerator + noise.draw(`${JSON.stringify(s.subject)}#late`, measure));
      return { ...v, numerator: num, denominator: num + rest, value: num + rest ? num / (num + rest) : null, medianHours: null };
    }),
  }));
  return { scores: scoreIndex(noisy), release: { queryDigest: digest, measures: [...released] } };
}
