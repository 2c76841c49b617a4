import type { Database } from '../../kit/db';
import { describeFormula, type IndicatorDefinition, type Orientation } from './config';
import { periodRange, type Grouping } from './groups';
import { indexStatements, type IndexSubject } from './indicatorQueries';
import { analyticRows } from './measures';
import { protectedCounts, type Protection } from './protection';
import { isSmall, suppressedCells } from './suppression';

export type { IndexSubject } from './indicatorQueries';

/**
 * The indicator index (指标指数体系, docs/indicators.md): per agency or per jurisdiction, each
 * indicator of a template as a share (numerator / denominator, counted in SQL:
 * statistics/indicatorQueries.ts) and a score from 0 to 100, the weighted mean of the indicators the
 * subject has data for, each oriented so that higher is better:
 *
 *   score = 100 × Σ weight_i × s_i / Σ weight_i   (over indicators with a value)
 *   s_i = value_i (HIGHER_IS_BETTER), 1 − value_i (LOWER_IS_BETTER)
 *
 * Subjects are ranked by score (1 = best; equal scores share a rank, the next rank skips), and so is
 * each indicator by its oriented value. For a period the index also gives the previous period's
 * score and value and the change.
 *
 * An indicator whose denominator counts fewer than k rows of cases the caller is protected from
 * (statistics/protection.ts: every case for statistics-only callers, else the cases it is not a
 * party to) is suppressed, and so is the next smallest of the same indicator among the subjects
 * until the suppressed ones hold k together (statistics/suppression.ts), so the jurisdiction's
 * figure cannot give it back. The median closed-loop hours follow the same rule over ended warnings.
 */
export interface IndicatorValue {
  name: string;
  weight: number;
  orientation: Orientation;
  suppressed: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** 1 = best among the subjects with a value; null without one. */
  rank: number | null;
  /** WARNINGS_CLOSED_ON_TIME: median hours from raise to end of the ended warnings. */
  medianHours: number | null;
  previousValue: number | null;
  /** value − previousValue (a share's difference, not oriented). */
  change: number | null;
}

export interface SubjectScore {
  /** The agency id (AGENCY) or division code (DIVISION). */
  subject: string;
  score: number | null;
  rank: number | null;
  previousScore: number | null;
  /** score − previousScore, in points. */
  change: number | null;
  indicators: IndicatorValue[];
}

type Count = { num: number; due: number; own: number };
const key = (subject: string, name: string) => `${subject}\u0000${name}`;

/** Competition ranking: 1 = highest; equal values (to 1e-9) share a rank and the next rank skips. */
export function ranks(values: (number | null)[]): (number | null)[] {
  const round = (v: number) => Math.round(v * 1e9);
  return values.map((v) => (v === null ? null : 1 + values.filter((o) => o !== null && round(o) > round(v)).length));
}

const oriented = (v: IndicatorValue) => (v.value === null ? null : v.orientation === 'LOWER_IS_BETTER' ? 1 - v.value : v.value);

export async function computeIndex(
  db: Database,
  by: IndexSubject,
  g: Pick<Grouping, 'divisionLevel' | 'filter' | 'utcOffsetMinutes'>,
  definitions: IndicatorDefinition[],
  now: Date,
  protection: Protection,
): Promise<{ scores: SubjectScore[]; minimumCellSize: number | null }> {
  const statements = indexStatements(by, g, definitions, now, protection.party);
  const results = await Promise.all(statements.map((s) => analyticRows<Record<string, unknown>>(db, s.sql)));

  // (subject, key) → counts; keys are indicator kinds, or clock names for the clock statement.
  const counts = new Map<string, Count>();
  const medians = new Map<string, number | null>();
  statements.forEach((s, i) => {
    for (const r of results[i]!) {
      if (r.subject === null) continue;
      const subject = String(r.subject);
      if ('clock' in r) {
        counts.set(key(subject, `CLOCK:${r.clock}`), { num: r.num as number, due: r.due as number, own: (r.own as number | undefined) ?? 0 });
        continue;
      }
      for (const k of s.keys) counts.set(key(subject, k), { num: r[`${k}_num`] as number, due: r[`${k}_due`] as number, own: (r[`${k}_own`] as number | undefined) ?? 0 });
      if ('median_hours' in r) medians.set(subject, (r.median_hours as number | null) ?? null);
    }
  });
  const countKey = (d: IndicatorDefinition) => (d.formula.kind === 'CLOCK_ON_TIME' ? `CLOCK:${d.formula.clock}` : d.formula.kind);
  const present = [...counts.entries()].filter(([, c]) => c.due > 0);
  const subjects = [...new Set(present.map(([k]) => k.split('\u0000')[0]!))].sort();

  const values = new Map<string, IndicatorValue>();
  for (const d of definitions) {
    const cells = subjects.map((s) => counts.get(key(s, countKey(d))));
    const withData = cells.flatMap((c, i) => (c && c.due > 0 ? [i] : []));
    const hidden = suppressedCells(withData.map((i) => ({ key: [subjects[i]!], counts: protectedCounts(protection, cells[i]!.due, cells[i]!.own) })), protection.k);
    withData.forEach((i, j) => {
      const c = cells[i]!;
      const suppressed = hidden.has(j);
      let medianHours: number | null = null;
      if (d.formula.kind === 'WARNINGS_CLOSED_ON_TIME' && !suppressed) {
        // A median over fewer than k ended warnings of protected cases is one of their durations.
        const ended = counts.get(key(subjects[i]!, 'WARNINGS_ENDED'));
        const small = !ended || protectedCounts(protection, ended.due, ended.own).some((n) => isSmall(n, protection.k));
        medianHours = small ? null : (medians.get(subjects[i]!) ?? null);
      }
      values.set(key(subjects[i]!, d.name), {
        ...blank(d),
        suppressed,
        numerator: suppressed ? null : c.num,
        denominator: suppressed ? null : c.due,
        value: suppressed ? null : c.num / c.due,
        medianHours,
      });
    });
  }
  const protects = protection.everyCase || present.some(([, c]) => c.due > c.own);
  const scores = subjects.map((subject) => ({ subject, score: null, rank: null, previousScore: null, change: null, indicators: definitions.map((d) => values.get(key(subject, d.name)) ?? blank(d)) }));
  return { scores: scoreIndex(scores), minimumCellSize: protects ? protection.k : null };
}

/**
 * Scores, ranks and order from the indicators' values: each subject's weighted mean of its oriented
 * values, competition ranks of the scores and of each indicator, best first. Statistics-only
 * callers' figures pass through here again after their counts are noised (statistics/release.ts).
 */
export function scoreIndex(scores: SubjectScore[]): SubjectScore[] {
  for (const s of scores) {
    const scored = s.indicators.filter((v) => v.value !== null);
    const weights = scored.reduce((t, v) => t + v.weight, 0);
    s.score = weights ? (100 * scored.reduce((t, v) => t + v.weight * oriented(v)!, 0)) / weights : null;
  }
  ranks(scores.map((s) => s.score)).forEach((r, i) => (scores[i]!.rank = r));
  const width = scores[0]?.indicators.length ?? 0;
  for (let j = 0; j < width; j++) ranks(scores.map((s) => oriented(s.indicators[j]!))).forEach((r, i) => (scores[i]!.indicators[j]!.rank = r));
  return scores.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.subject.localeCompare(b.subject));
}

function blank(d: IndicatorDefinition): IndicatorValue {
  return { name: d.name, weight: d.weight, orientation: d.orientation, suppressed: false, numerator: null, denominator: null, value: null, rank: null, medianHours: null, previousValue: null, change: null };
}

/** The label of the period before: 2026-01 → 2025-12, 2026-Q1 → 2025-Q4, 2026 → 2025. */
export function previousPeriod(label: string): string {
  const m = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/.exec(label)!;
  const year = Number(m[1]);
  if (m[2]) {
    const month = Number(m[2]);
    return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  }
  if (m[3]) return Number(m[3]) === 1 ? `${year - 1}-Q4` : `${year}-Q${Number(m[3]) - 1}`;
  return String(year - 1);
}

/**
 * The index for one period (the cases registered in it, local time: groups.ts `periodRange`) with
 * the previous period's score and values beside each subject, and the change. Subjects are those
 * with data in the period asked; one with data only in the previous period is not listed.
 */
export async function computePeriodIndex(
  db: Database,
  by: IndexSubject,
  g: Pick<Grouping, 'divisionLevel' | 'filter' | 'utcOffsetMinutes'>,
  period: string,
  definitions: IndicatorDefinition[],
  now: Date,
  protection: Protection,
): Promise<{ scores: SubjectScore[]; minimumCellSize: number | null; previousPeriod: string }> {
  const before = previousPeriod(period);
  const within = (label: string) => {
    const [from, to] = periodRange(label, g.utcOffsetMinutes);
    return { ...g, filter: { ...g.filter, from, to } };
  };
  const [current, previous] = await Promise.all([
    computeIndex(db, by, within(period), definitions, now, protection),
    computeIndex(db, by, within(before), definitions, now, protection),
  ]);
  return { ...withPrevious(current, previous), previousPeriod: before };
}

/** The previous period's score and values beside each subject of the current one, and the change. */
export function withPrevious(
  current: { scores: SubjectScore[]; minimumCellSize: number | null },
  previous: { scores: SubjectScore[]; minimumCellSize: number | null },
): { scores: SubjectScore[]; minimumCellSize: number | null } {
  const earlier = new Map(previous.scores.map((s) => [s.subject, s]));
  for (const s of current.scores) {
    const p = earlier.get(s.subject);
    if (!p) continue;
    s.previousScore = p.score;
    s.change = s.score !== null && p.score !== null ? s.score - p.score : null;
    s.indicators.forEach((v, j) => {
      const pv = p.indicators[j]!.value;
      v.previousValue = pv;
      v.change = v.value !== null && pv !== null ? v.value - pv : null;
    });
  }
  return { scores: current.scores, minimumCellSize: current.minimumCellSize ?? previous.minimumCellSize };
}

export const definitionView = (d: IndicatorDefinition) => ({ name: d.name, description: d.description, formula: describeFormula(d.formula), weight: d.weight, orientation: d.orientation });
