import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../../kit/caller';
import type { ClockName } from '../deadlines/clocks';
import { caseDeadlines, caseEvents, cases, penalties } from '../db/schema';
import { warnings } from '../warnings/tables';
import type { FormulaKind, IndicatorDefinition } from './config';
import { CASE_COLUMNS, caseColumnsOf, dimensionSql, filterSql, type CaseColumns, type Grouping } from './groups';
import { ownCasesSql, readsReceivingAgency } from './protection';

/**
 * The SQL of the indicator index (docs/indicators.md has every formula in words). Each statement
 * groups by subject (the agency the indicator credits, or the division of the case) and counts, per
 * indicator, a numerator and a denominator with `count(*) filter (where …)`; with `party` it also
 * counts the denominator's rows that are the caller's own cases (`<name>_own`), which suppression
 * needs (statistics/protection.ts). Every statement selects its rows by the filter over the case's
 * columns (the clock's or warning's copies where they suffice), so a period is the cases registered
 * in it, like every statistic.
 *
 * Every condition that reads a time counts what had happened by `now` and nothing later: a clock met,
 * closed or paused, a warning raised or ended, a case transferred, filed or not filed, a penalty
 * recorded, a transfer advised, a notice to file given. For officers `now` is the present, when these
 * read simply as "met", "ended", "transferred"; statistics-only callers pass the end of their closed
 * window (decision 96), so what happened after it — a case filed today, a warning closed today —
 * cannot move a closed period's figures. (What the rows no longer show is not covered: a clock paused
 * and resumed across `now`, a case's receiving agency changed after it, which the filing-side
 * indicators credit.)
 */
export type IndexSubject = 'AGENCY' | 'DIVISION';

/** One statement's counts, per subject: `<key>_num`, `<key>_due`, `<key>_own` per indicator key. */
export interface IndexStatement {
  sql: SQL;
  /**
   * The indicator keys the statement counts, each read back as `<key>_num` / `<key>_due` / `<key>_own`;
   * the clock statement is the exception: one row per subject and `clock`, with `num`, `due`, `own`.
   */
  keys: string[];
}

type G = Pick<Grouping, 'divisionLevel' | 'filter' | 'utcOffsetMinutes'>;

/** A clock met by `now`. */
const clockMet = (now: SQL) => sql`(${caseDeadlines.outcome} = 'MET' and ${caseDeadlines.closedAt} <= ${now})`;

/**
 * A clock "came due" by `now`: met by then, or open then (not closed, or closed later) and past its
 * due time at `now` or at the pause that stopped it before `now`.
 */
const clockCameDue = (now: SQL) =>
  sql`(${clockMet(now)} or ((${caseDeadlines.closedAt} is null or ${caseDeadlines.closedAt} > ${now}) and least(coalesce(${caseDeadlines.pausedAt}, ${now}), ${now}) > ${caseDeadlines.dueAt}))`;

/** count(*) filter (where num and due), count(*) filter (where due), and the caller's own among the due. */
function share(key: string, num: SQL, due: SQL, own: SQL | null): SQL {
  const id = (suffix: string) => sql.identifier(`${key}_${suffix}`);
  return sql`(count(*) filter (where (${num}) and (${due})))::int as ${id('num')}, (count(*) filter (where ${due}))::int as ${id('due')}${
    own ? sql`, (count(*) filter (where (${due}) and ${own}))::int as ${id('own')}` : sql``
  }`;
}

const subjectOf = (by: IndexSubject, g: G, cols: CaseColumns, agency: SQL) => (by === 'DIVISION' ? dimensionSql('DIVISION', { ...g, period: 'MONTH' }, cols).group : agency);

export function indexStatements(by: IndexSubject, g: G, definitions: IndicatorDefinition[], now: Date, party: Caller | null = null): IndexStatement[] {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const kinds = new Set<FormulaKind>(definitions.map((d) => d.formula.kind));
  const grouping = { groupBy: [], filter: g.filter };
  const out: IndexStatement[] = [];

  // Legal clocks: one statement, grouped by clock as well (key = the clock's name).
  const clocks = [...new Set(definitions.flatMap((d) => (d.formula.kind === 'CLOCK_ON_TIME' ? [d.formula.clock as ClockName] : [])))];
  if (clocks.length) {
    const c = caseColumnsOf('clocks', grouping, readsReceivingAgency(party));
    const due = clockCameDue(nowSql);
    const own = party ? sql`, (count(*) filter (where ${due} and ${ownCasesSql(party, c.cols)}))::int as own` : sql``;
    out.push({
      keys: clocks,
      sql: sql`
        select ${subjectOf(by, g, c.cols, sql`${caseDeadlines.responsibleAgencyId}`)} as subject, ${caseDeadlines.clock}::text as clock,
          (count(*) filter (where ${clockMet(nowSql)} and ${caseDeadlines.closedAt} <= ${caseDeadlines.dueAt}))::int as num,
          (count(*) filter (where ${due}))::int as due ${own}
        from ${caseDeadlines} ${c.join}
        where ${and(inArray(caseDeadlines.clock, clocks), filterSql(g.filter, c.cols))}
        group by 1, 2`,
    });
  }

  // Warnings: closed on time (no escalation), closed loop (closed or resolved), and the hours raise → end.
  if (kinds.has('WARNINGS_CLOSED_ON_TIME') || kinds.has('WARNINGS_CLOSED_LOOP')) {
    const w = caseColumnsOf('warnings', grouping, readsReceivingAgency(party));
    const own = party ? ownCasesSql(party, w.cols) : null;
    // Ended by `now` (a warning ends once, CLOSED or RESOLVED; its escalations come before), or its
    // feed-back overdue then. A warning raised later has neither.
    const ended = sql`${warnings.endedAt} <= ${nowSql}`;
    const due = sql`${ended} or ${warnings.replyDueAt} < ${nowSql}`;
    const where = filterSql(g.filter, w.cols);
    out.push({
      keys: ['WARNINGS_CLOSED_ON_TIME', 'WARNINGS_CLOSED_LOOP', 'WARNINGS_ENDED'],
      sql: sql`
        select ${subjectOf(by, g, w.cols, sql`${warnings.responsibleAgencyId}`)} as subject,
          ${share('WARNINGS_CLOSED_ON_TIME', sql`${ended} and ${warnings.escalations} = 0`, due, own)},
          ${share('WARNINGS_CLOSED_LOOP', sql`${ended} and ${warnings.step} in ('CLOSED', 'RESOLVED')`, due, own)},
          ${share('WARNINGS_ENDED', sql`true`, ended, own)},
          percentile_cont(0.5) within group (order by date_part('epoch', ${warnings.endedAt} - ${warnings.raisedAt}) / 3600) filter (where ${ended}) as median_hours
        from ${warnings} ${w.join}
        ${where ? sql`where ${where}` : sql``}
        group by 1`,
    });
  }

  // Cases: the transfer-side indicators credit the handling agency, the filing-side ones the receiving police.
  const own = party ? ownCasesSql(party, CASE_COLUMNS) : null;
  const exists = (from: SQL, cond: SQL) => sql`exists (select 1 from ${from} where ${cond})`;
  const transferred = sql`${cases.transferredAt} <= ${nowSql}`;
  const filed = sql`${cases.filedAt} <= ${nowSql}`;
  const notFiled = sql`${cases.notFiledAt} <= ${nowSql}`;
  const pitWarning = exists(sql`${warnings}`, sql`${warnings.caseId} = ${cases.id} and ${warnings.rule} = 'PENALTY_INSTEAD_OF_TRANSFER' and ${warnings.raisedAt} <= ${nowSql}`);
  const hasPenalty = exists(sql`${penalties}`, sql`${penalties.caseId} = ${cases.id} and ${penalties.recordedAt} <= ${nowSql}`);
  const clockOf = (clock: ClockName, cond: SQL) => exists(sql`${caseDeadlines}`, sql`${caseDeadlines.caseId} = ${cases.id} and ${caseDeadlines.clock} = ${clock} and ${cond}`);
  const handling: SQL[] = [];
  const handlingKeys: string[] = [];
  if (kinds.has('TRANSFER_RATE')) {
    const advised = exists(sql`${caseEvents}`, sql`${caseEvents.caseId} = ${cases.id} and ${eq(caseEvents.action, 'adviseTransfer')} and ${caseEvents.at} <= ${nowSql}`);
    handling.push(share('TRANSFER_RATE', transferred, sql`${transferred} or ${clockOf('APPROVAL', clockCameDue(nowSql))} or ${pitWarning} or ${advised}`, own));
    handlingKeys.push('TRANSFER_RATE');
  }
  if (kinds.has('PENALTY_INSTEAD_OF_TRANSFER_RATE')) {
    handling.push(share('PENALTY_INSTEAD_OF_TRANSFER_RATE', pitWarning, hasPenalty, own));
    handlingKeys.push('PENALTY_INSTEAD_OF_TRANSFER_RATE');
  }
  const receiving: SQL[] = [];
  const receivingKeys: string[] = [];
  if (kinds.has('FILING_RATE_AFTER_TRANSFER')) {
    receiving.push(share('FILING_RATE_AFTER_TRANSFER', filed, sql`${transferred} and (${filed} or ${notFiled})`, own));
    receivingKeys.push('FILING_RATE_AFTER_TRANSFER');
  }
  if (kinds.has('SUPERVISION_FILED')) {
    // Notified to file ⇔ the case entered FILING_NOTIFIED, which opens the FILING_AFTER_NOTICE clock.
    const notified = clockOf('FILING_AFTER_NOTICE', sql`${caseDeadlines.startedAt} <= ${nowSql}`);
    const ranOut = clockOf('FILING_AFTER_NOTICE', sql`${caseDeadlines.dueAt} < ${nowSql}`);
    receiving.push(share('SUPERVISION_FILED', filed, sql`${notified} and (${filed} or ${ranOut})`, own));
    receivingKeys.push('SUPERVISION_FILED');
  }
  const where = filterSql(g.filter);
  const caseStatement = (agency: SQL, items: SQL[], keys: string[], extra?: SQL) =>
    items.length &&
    out.push({
      keys,
      sql: sql`
        select ${subjectOf(by, g, CASE_COLUMNS, agency)} as subject, ${sql.join(items, sql`, `)}
        from ${cases}
        ${and(where, extra) ? sql`where ${and(where, extra)}` : sql``}
        group by 1`,
    });
  caseStatement(sql`${cases.handlingAgencyId}`, handling, handlingKeys);
  caseStatement(sql`${cases.receivingAgencyId}`, receiving, receivingKeys, sql`${transferred}`);

  // Reconsideration outcomes: the decision that met the clock (closed_by_seq) filed the case or upheld the non-filing.
  if (kinds.has('RECONSIDERATION_CHANGED')) {
    const c = caseColumnsOf('clocks', grouping, readsReceivingAgency(party));
    out.push({
      keys: ['RECONSIDERATION_CHANGED'],
      sql: sql`
        select ${subjectOf(by, g, c.cols, sql`${caseDeadlines.responsibleAgencyId}`)} as subject,
          ${share('RECONSIDERATION_CHANGED', sql`${caseEvents.toStage} = 'FILED'`, sql`true`, party ? ownCasesSql(party, c.cols) : null)}
        from ${caseDeadlines} ${c.join}
        join ${caseEvents} on ${caseEvents.caseId} = ${caseDeadlines.caseId} and ${caseEvents.seq} = ${caseDeadlines.closedBySeq}
        where ${and(eq(caseDeadlines.clock, 'RECONSIDERATION_DECISION'), clockMet(nowSql), filterSql(g.filter, c.cols))}
        group by 1`,
    });
  }
  return out;
}
