import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../../kit/caller';
import type { Database } from '../../kit/db';
import { analyticRows } from './measures';
import type { ClockName } from '../deadlines/clocks';
import { caseDeadlines, cases } from '../db/schema';
import { warnings } from '../warnings/tables';
import { describeFormula, type IndicatorDefinition } from './config';
import { caseColumnsOf, dimensionSql, filterSql, type CaseColumns, type Grouping } from './groups';
import { ownCasesSql, protectedCounts, readsReceivingAgency, type Protection } from './protection';
import { suppressedCells } from './suppression';

/**
 * The indicator index (指标指数体系): per agency or per jurisdiction, each configured indicator
 * as a share (numerator / denominator, counted in SQL) and a score from 0 to 100, the weighted
 * mean of the indicators the subject has data for:
 *
 *   score = 100 × Σ weight_i × value_i / Σ weight_i   (over indicators with a denominator)
 *
 * An indicator whose denominator counts fewer than k clocks (or warnings) of cases the caller is
 * protected from (statistics/protection.ts: every case for statistics-only callers, else the cases
 * it is not a party to) is suppressed, and so is the next smallest of the same indicator among the
 * subjects until the suppressed ones hold k together (statistics/suppression.ts), so the
 * jurisdiction's figure cannot give it back.
 */
export type IndexSubject = 'AGENCY' | 'DIVISION';

export interface IndicatorValue {
  name: string;
  weight: number;
  suppressed: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface SubjectScore {
  /** The agency id (AGENCY) or division code (DIVISION). */
  subject: string;
  score: number | null;
  indicators: IndicatorValue[];
}

type Counts = { subject: string | null; name: string; on_time: number; due: number; own_due?: number };

/**
 * The SQL statements of an indicator index (exported so the benchmark can EXPLAIN them). Clocks and
 * warnings are read with their copies of the case's unchanging columns and their responsible unit,
 * joined to `cases` only when the filter names status or receiving agency (which change), or the
 * caller's row filter reads the receiving agency. With `party`, they also count the clocks and
 * warnings come due of the cases that are the caller's own (`own_due`).
 */
export function indicatorQueries(
  by: IndexSubject,
  g: Pick<Grouping, 'divisionLevel' | 'filter' | 'utcOffsetMinutes'>,
  definitions: IndicatorDefinition[],
  now: Date,
  party: Caller | null = null,
): { clocks: SQL | null; warnings: SQL | null } {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const clocks = [...new Set(definitions.flatMap((d) => (d.formula.kind === 'CLOCK_ON_TIME' ? [d.formula.clock as ClockName] : [])))];
  const grouping = { groupBy: [], filter: g.filter };
  const subjectOf = (cols: CaseColumns, responsibleAgency: SQL) => (by === 'DIVISION' ? dimensionSql('DIVISION', { ...g, period: 'MONTH' }, cols).group : responsibleAgency);
  const c = caseColumnsOf('clocks', grouping, readsReceivingAgency(party));
  const w = caseColumnsOf('warnings', grouping, readsReceivingAgency(party));
  const ownDue = (due: SQL, cols: CaseColumns) => (party ? sql`, (count(*) filter (where (${due}) and ${ownCasesSql(party, cols)}))::int as own_due` : sql``);
  // As of `now`: a clock closed or a warning ended after it was still open then (for officers `now`
  // is the present, and these read as "met", "open"; statistics-only callers pass their window's end).
  const metBy = sql`(${caseDeadlines.outcome} = 'MET' and ${caseDeadlines.closedAt} <= ${nowSql})`;
  const clockDue = sql`${metBy} or ((${caseDeadlines.closedAt} is null or ${caseDeadlines.closedAt} > ${nowSql}) and least(coalesce(${caseDeadlines.pausedAt}, ${nowSql}), ${nowSql}) > ${caseDeadlines.dueAt})`;
  const endedBy = sql`(${warnings.endedAt} <= ${nowSql})`;
  const warningDue = sql`${endedBy} or ${warnings.replyDueAt} < ${nowSql}`;
  const wWhere = filterSql(g.filter, w.cols);
  return {
    clocks: clocks.length
      ? sql`
          select ${subjectOf(c.cols, sql`${caseDeadlines.responsibleAgencyId}`)} as subject, ${caseDeadlines.clock}::text as clock,
            (count(*) filter (where ${metBy} and ${caseDeadlines.closedAt} <= ${caseDeadlines.dueAt}))::int as on_time,
            (count(*) filter (where ${clockDue}))::int as due ${ownDue(clockDue, c.cols)}
          from ${caseDeadlines} ${c.join}
          where ${and(inArray(caseDeadlines.clock, clocks), filterSql(g.filter, c.cols))}
          group by 1, 2`
      : null,
    warnings: definitions.some((d) => d.formula.kind === 'WARNINGS_CLOSED_ON_TIME')
      ? sql`
          select ${subjectOf(w.cols, sql`${warnings.responsibleAgencyId}`)} as subject,
            (count(*) filter (where ${endedBy} and ${warnings.escalations} = 0))::int as on_time,
            (count(*) filter (where ${warningDue}))::int as due ${ownDue(warningDue, w.cols)}
          from ${warnings} ${w.join}
          ${wWhere ? sql`where ${wWhere}` : sql``}
          group by 1`
      : null,
  };
}

export async function computeIndex(
  db: Database,
  by: IndexSubject,
  g: Pick<Grouping, 'divisionLevel' | 'filter' | 'utcOffsetMinutes'>,
  definitions: IndicatorDefinition[],
  now: Date,
  protection: Protection,
): Promise<{ scores: SubjectScore[]; minimumCellSize: number | null }> {
  const q = indicatorQueries(by, g, definitions, now, protection.party);
  const clockIndicators = definitions.flatMap((d) => (d.formula.kind === 'CLOCK_ON_TIME' ? [{ name: d.name, clock: d.formula.clock as ClockName }] : []));
  const warningIndicators = definitions.filter((d) => d.formula.kind === 'WARNINGS_CLOSED_ON_TIME').map((d) => d.name);
  const queries: Promise<Counts[]>[] = [];
  if (q.clocks) {
    queries.push(
      analyticRows<Omit<Counts, 'name'> & { clock: ClockName }>(db, q.clocks).then((rows) =>
        clockIndicators.flatMap((ind) => rows.filter((r) => r.clock === ind.clock).map((r) => ({ ...r, name: ind.name }))),
      ),
    );
  }
  if (q.warnings) {
    queries.push(analyticRows<Omit<Counts, 'name'>>(db, q.warnings).then((rows) => warningIndicators.flatMap((name) => rows.map((r) => ({ ...r, name })))));
  }
  const counts = (await Promise.all(queries)).flat().filter((c) => c.subject !== null && c.due > 0);

  const subjects = [...new Set(counts.map((c) => c.subject!))].sort();
  const table = new Map(counts.map((c) => [`${c.subject}\u0000${c.name}`, c]));
  const values = new Map<string, IndicatorValue>();
  for (const d of definitions) {
    const cells = subjects.map((s) => table.get(`${s}\u0000${d.name}`));
    const present = cells.flatMap((c, i) => (c ? [i] : []));
    const hidden = suppressedCells(present.map((i) => ({ key: [subjects[i]!], counts: protectedCounts(protection, cells[i]!.due, cells[i]!.own_due ?? 0) })), protection.k);
    present.forEach((i, j) => {
      const c = cells[i]!;
      const suppressed = hidden.has(j);
      values.set(`${subjects[i]}\u0000${d.name}`, {
        name: d.name,
        weight: d.weight,
        suppressed,
        numerator: suppressed ? null : c.on_time,
        denominator: suppressed ? null : c.due,
        value: suppressed ? null : c.on_time / c.due,
      });
    });
  }
  const protects = protection.everyCase || counts.some((c) => c.due > (c.own_due ?? 0));
  const scores = subjects
    .map((subject) => {
      const indicators = definitions.map(
        (d) => values.get(`${subject}\u0000${d.name}`) ?? { name: d.name, weight: d.weight, suppressed: false, numerator: null, denominator: null, value: null },
      );
      const scored = indicators.filter((v) => v.value !== null);
      const weights = scored.reduce((s, v) => s + v.weight, 0);
      const score = weights ? (100 * scored.reduce((s, v) => s + v.weight * v.value!, 0)) / weights : null;
      return { subject, score, indicators };
    })
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.subject.localeCompare(b.subject));
  return { scores, minimumCellSize: protects ? protection.k : null };
}

export const definitionView = (d: IndicatorDefinition) => ({ name: d.name, description: d.description, formula: describeFormula(d.formula), weight: d.weight });
