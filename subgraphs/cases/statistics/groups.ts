import { and, eq, gte, inArray, isNull, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { badInput } from '../../kit/errors';
import { divisionScopePrefix, isValidDivisionCode } from '../../kit/identifiers';
import { caseDeadlines, cases } from '../db/schema';
import { warnings } from '../warnings/tables';
import type { CaseStatus, Sector } from '../../../schema/vocabulary';

/**
 * What statistics are grouped and filtered by, as SQL over the cases table: the dimensions, the
 * filter, and the way back from a group to its cases (drill-down). A case belongs to the period
 * in which it was registered (created), counted in the calendar's local time.
 */
export const DIMENSIONS = ['AGENCY', 'RECEIVING_AGENCY', 'SECTOR', 'DIVISION', 'STATUS', 'PERIOD'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type DivisionLevel = 'CITY' | 'COUNTY';
export type Period = 'MONTH' | 'QUARTER' | 'YEAR';

export interface StatisticsFilter {
  agencyIds?: string[] | null;
  receivingAgencyIds?: string[] | null;
  sectors?: Sector[] | null;
  /** A division and every division under it. */
  divisionCode?: string | null;
  statuses?: CaseStatus[] | null;
  /** Cases registered at or after. */
  from?: Date | null;
  /** Cases registered before. */
  to?: Date | null;
}

export interface Grouping {
  groupBy: Dimension[];
  divisionLevel: DivisionLevel;
  period: Period;
  filter: StatisticsFilter;
  /** Minutes east of UTC that local days are counted in (the deadlines calendar's). */
  utcOffsetMinutes: number;
}

const MAX_LIST = 200;

/** Checks a grouping's arguments: BAD_USER_INPUT naming the argument. */
export function checkGrouping(g: Grouping): void {
  if (new Set(g.groupBy).size !== g.groupBy.length) throw badInput('groupBy', 'names a dimension twice');
  const f = g.filter;
  for (const name of ['agencyIds', 'receivingAgencyIds', 'sectors', 'statuses'] as const) {
    const list = f[name];
    if (list && (list.length === 0 || list.length > MAX_LIST)) throw badInput(`filter.${name}`, `must list 1 to ${MAX_LIST} values, or be left out`);
  }
  if (f.divisionCode != null && !isValidDivisionCode(f.divisionCode)) throw badInput('filter.divisionCode', `is not a GB/T 2260 division code: ${JSON.stringify(f.divisionCode)}`);
  if (f.from && f.to && f.from.getTime() >= f.to.getTime()) throw badInput('filter.to', 'must be after filter.from');
}

/**
 * Where the case columns statistics read come from: the cases table, or the copies a clock or a
 * warning keeps of the columns that never change (so step and warning statistics need no join
 * unless they group or filter by status or receiving agency, which change).
 */
export interface CaseColumns {
  sector: AnyColumn;
  divisionCode: AnyColumn;
  handlingAgencyId: AnyColumn;
  createdAt: AnyColumn;
  receivingAgencyId?: AnyColumn;
  status?: AnyColumn;
}
export const CASE_COLUMNS: CaseColumns = {
  sector: cases.sector,
  divisionCode: cases.divisionCode,
  handlingAgencyId: cases.handlingAgencyId,
  createdAt: cases.createdAt,
  receivingAgencyId: cases.receivingAgencyId,
  status: cases.status,
};
/** The tables that keep copies of their case's unchanging columns, and how they name their case. */
const COPIES = {
  clocks: {
    caseId: caseDeadlines.caseId,
    columns: { sector: caseDeadlines.caseSector, divisionCode: caseDeadlines.caseDivisionCode, handlingAgencyId: caseDeadlines.caseHandlingAgencyId, createdAt: caseDeadlines.caseRegisteredAt },
  },
  warnings: {
    caseId: warnings.caseId,
    columns: { sector: warnings.caseSector, divisionCode: warnings.divisionCode, handlingAgencyId: warnings.handlingAgencyId, createdAt: warnings.caseRegisteredAt },
  },
} satisfies Record<string, { caseId: AnyColumn; columns: CaseColumns }>;

/** Whether a grouping reads columns that change (status, receiving agency): those only the cases table has. */
export function readsChangingColumns(g: Pick<Grouping, 'groupBy' | 'filter'>): boolean {
  return g.groupBy.some((d) => d === 'STATUS' || d === 'RECEIVING_AGENCY') || Boolean(g.filter.statuses || g.filter.receivingAgencyIds);
}

/**
 * Where a statement over clocks or warnings reads its case's columns: the table's own copies, or
 * `cases` joined when the grouping reads columns that change, or when `receivingAgency` is set
 * (the caller's row filter reads the receiving agency: statistics/protection.ts).
 */
export function caseColumnsOf(table: keyof typeof COPIES, g: Pick<Grouping, 'groupBy' | 'filter'>, receivingAgency = false): { cols: CaseColumns; join: SQL } {
  const own = COPIES[table];
  return readsChangingColumns(g) || receivingAgency ? { cols: CASE_COLUMNS, join: sql`join ${cases} on ${cases.id} = ${own.caseId}` } : { cols: own.columns, join: sql`` };
}

/** The inclusive code range of a division and those under it (index-friendly, unlike LIKE on char). */
function divisionRange(code: string): [string, string] {
  const prefix = divisionScopePrefix(code);
  return [prefix.padEnd(6, '0'), prefix.padEnd(6, '9')];
}

function divisionIn(code: string, column: AnyColumn = cases.divisionCode): SQL {
  const [lo, hi] = divisionRange(code);
  return sql`${column} between ${lo} and ${hi}`;
}

export const PERIOD_FORMAT: Record<Period, string> = { MONTH: 'YYYY-MM', QUARTER: 'YYYY-"Q"Q', YEAR: 'YYYY' };

/**
 * A dimension as SQL: what rows are grouped by (cheap to sort: enums, timestamps, codes) and the
 * label shown for the group (an expression over the grouped value).
 */
export function dimensionSql(d: Dimension, g: Pick<Grouping, 'divisionLevel' | 'period' | 'utcOffsetMinutes'>, cols: CaseColumns = CASE_COLUMNS): { group: SQL; label: SQL } {
  const same = (e: SQL) => ({ group: e, label: e });
  const column = (c: AnyColumn | undefined) => {
    if (!c) throw new Error(`statistics: ${d} needs the cases table`);
    return sql`${c}`;
  };
  switch (d) {
    case 'AGENCY':
      return same(column(cols.handlingAgencyId));
    case 'RECEIVING_AGENCY':
      return same(column(cols.receivingAgencyId));
    case 'SECTOR':
      return same(column(cols.sector));
    case 'STATUS':
      return same(column(cols.status));
    case 'DIVISION':
      return same(g.divisionLevel === 'CITY' ? sql`left(${cols.divisionCode}, 4) || '00'` : column(cols.divisionCode));
    case 'PERIOD': {
      const unit = sql.raw(`'${g.period.toLowerCase()}'`);
      const local = sql`(${cols.createdAt} at time zone 'UTC') + make_interval(mins => ${sql.raw(String(g.utcOffsetMinutes))})`;
      const group = sql`date_trunc(${unit}, ${local})`;
      return { group, label: sql`to_char(${group}, ${sql.raw(`'${PERIOD_FORMAT[g.period]}'`)})` };
    }
  }
}

/** The filter's conditions (on the cases table, or on the columns given). */
export function filterSql(f: StatisticsFilter, cols: CaseColumns = CASE_COLUMNS): SQL | undefined {
  return and(
    f.agencyIds ? inArray(cols.handlingAgencyId, f.agencyIds) : undefined,
    f.receivingAgencyIds ? inArray(cols.receivingAgencyId!, f.receivingAgencyIds) : undefined,
    f.sectors ? inArray(cols.sector, f.sectors) : undefined,
    f.statuses ? inArray(cols.status!, f.statuses) : undefined,
    f.divisionCode ? divisionIn(f.divisionCode, cols.divisionCode) : undefined,
    f.from ? gte(cols.createdAt, f.from) : undefined,
    f.to ? lt(cols.createdAt, f.to) : undefined,
  );
}

/** The local period a label names, as a UTC range: `2026-03`, `2026-Q1`, `2026`. */
export function periodRange(label: string, utcOffsetMinutes: number): [Date, Date] {
  const m = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/.exec(label);
  if (!m) throw badInput('period', `is not a period label (2026-11, 2026-Q4, 2026): ${JSON.stringify(label.slice(0, 40))}`);
  const year = Number(m[1]);
  const [startMonth, months] = m[2] ? [Number(m[2]) - 1, 1] : m[3] ? [(Number(m[3]) - 1) * 3, 3] : [0, 12];
  const local = (y: number, mo: number) => new Date(Date.UTC(y, mo, 1) - utcOffsetMinutes * 60_000);
  return [local(year, startMonth), local(year, startMonth + months)];
}

/** The conditions that select the cases of one group (drill-down): its dimension values and the query's filter. */
export function groupSql(g: Grouping, key: Partial<Record<Dimension, string | null>>): SQL | undefined {
  const parts: (SQL | undefined)[] = [filterSql(g.filter)];
  for (const d of g.groupBy) {
    const v = key[d] ?? null;
    switch (d) {
      case 'AGENCY':
        parts.push(eq(cases.handlingAgencyId, v!));
        break;
      case 'RECEIVING_AGENCY':
        parts.push(v === null ? isNull(cases.receivingAgencyId) : eq(cases.receivingAgencyId, v));
        break;
      case 'SECTOR':
        parts.push(eq(cases.sector, v as Sector));
        break;
      case 'STATUS':
        parts.push(eq(cases.status, v as CaseStatus));
        break;
      case 'DIVISION':
        // A city group holds the codes sharing its first four digits (a province-level agency's own code groups as itself).
        parts.push(g.divisionLevel === 'CITY' ? sql`${cases.divisionCode} between ${v!.slice(0, 4) + '00'} and ${v!.slice(0, 4) + '99'}` : eq(cases.divisionCode, v!));
        break;
      case 'PERIOD': {
        const [from, to] = periodRange(v!, g.utcOffsetMinutes);
        parts.push(gte(cases.createdAt, from), lt(cases.createdAt, to));
        break;
      }
    }
  }
  return and(...parts);
}
