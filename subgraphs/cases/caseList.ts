import { and, count, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../kit/caller';
import type { Database } from '../kit/db';
import { isStatisticsOnly, rowFilterFacts, rowFilterSql } from '../kit/access';
import { purposeFitsRole } from '../kit/classRules';
import { appError, badInput } from '../kit/errors';
import { divisionScopePrefix, isValidDivisionCode } from '../kit/identifiers';
import { isUsableText } from '../kit/inputGuard';
import { keysetAfter, keysetOrderBy, pageOf, pageRequest, type ConnectionArgs, type KeysetOrder, type Page, type PageRequest } from '../kit/pagination';
import { preparedOnce } from '../kit/prepared';
import { annotateCase, visibleCases } from './access';
import { caseDeadlines, cases, parties, type CasesTables } from './db/schema';
import { OPEN_STEPS, warnings } from './warnings/tables';
import type { CaseRow } from './loaders';
import { keyringOf } from './personalData';

export interface TimeRange {
  from?: Date | null;
  to?: Date | null;
}

export interface CaseFilter {
  stages?: CaseRow['stage'][] | null;
  statuses?: CaseRow['status'][] | null;
  sectors?: CaseRow['sector'][] | null;
  handlingAgencyIds?: string[] | null;
  receivingAgencyIds?: string[] | null;
  divisionCode?: string | null;
  number?: string | null;
  numberPrefix?: string | null;
  partyName?: string | null;
  partyIdentifier?: string | null;
  createdAt?: TimeRange | null;
  updatedAt?: TimeRange | null;
  overdue?: boolean | null;
  overdueClock?: (typeof caseDeadlines.$inferSelect)['clock'] | null;
  warningLevel?: 'RED' | 'YELLOW' | null;
}

export const CASE_ORDERS = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'UPDATED_AT_DESC', 'UPDATED_AT_ASC', 'NUMBER_ASC', 'NUMBER_DESC'] as const;
export type CaseOrder = (typeof CASE_ORDERS)[number];

/**
 * Case numbers sort byte-wise (collate "C"), whatever the database's collation: the index
 * cases_number_c_idx serves both this order and numberPrefix (a LIKE prefix needs a C-collated index).
 */
const numberC = sql`(${cases.number} collate "C")`;

const ORDERS: Record<CaseOrder, { order: KeysetOrder; keyOf: (c: CaseRow) => string[] }> = {
  CREATED_AT_DESC: { order: { column: cases.createdAt, id: cases.id, descending: true, keyType: 'time' }, keyOf: (c) => [c.createdAt.toISOString(), c.id] },
  CREATED_AT_ASC: { order: { column: cases.createdAt, id: cases.id, descending: false, keyType: 'time' }, keyOf: (c) => [c.createdAt.toISOString(), c.id] },
  UPDATED_AT_DESC: { order: { column: cases.updatedAt, id: cases.id, descending: true, keyType: 'time' }, keyOf: (c) => [c.updatedAt.toISOString(), c.id] },
  UPDATED_AT_ASC: { order: { column: cases.updatedAt, id: cases.id, descending: false, keyType: 'time' }, keyOf: (c) => [c.updatedAt.toISOString(), c.id] },
  NUMBER_ASC: { order: { column: numberC, id: cases.id, descending: false, keyType: 'text' }, keyOf: (c) => [c.number, c.id] },
  NUMBER_DESC: { order: { column: numberC, id: cases.id, descending: true, keyType: 'text' }, keyOf: (c) => [c.number, c.id] },
};

/** EXISTS over a correlated subquery written as SQL (drizzle's exists() wants a query builder). */
const exists = (subquery: SQL): SQL => sql`exists (${subquery})`;

/** A free-text filter value: usable text of a sane length, BAD_USER_INPUT naming the field otherwise. */
function text(field: string, value: string, max = 200): string {
  if (!value || value.length > max || !isUsableText(value)) throw badInput(`filter.${field}`, `must be 1 to ${max} characters of text`);
  return value;
}

function range(column: typeof cases.createdAt | typeof cases.updatedAt, field: string, r: TimeRange | null | undefined): SQL[] {
  if (!r) return [];
  if (r.from && r.to && r.from.getTime() > r.to.getTime()) throw badInput(`filter.${field}.to`, 'must not be before from');
  return [r.from ? gte(column, r.from) : undefined, r.to ? lt(column, r.to) : undefined].filter((c): c is SQL => c !== undefined);
}

/**
 * The division and those under it, as a range on the 6-digit code (330000–339999 for a province):
 * the same rows as a LIKE prefix, but a range the btree index serves under any collation.
 */
function divisionRange(code: string): SQL {
  if (!isValidDivisionCode(code)) throw badInput('filter.divisionCode', `must be a GB/T 2260 division code (6 digits), got ${JSON.stringify(code)}`);
  const prefix = divisionScopePrefix(code);
  return sql`${cases.divisionCode} between ${prefix.padEnd(6, '0')} and ${prefix.padEnd(6, '9')}`;
}

/**
 * The party filters: who may use them (those who see parties in clear) and the rows they may match.
 * Values are matched by their keyed hash (`lookup`, personalData.ts): the clear value never reaches SQL.
 */
function partyConditions(caller: Caller, f: CaseFilter, lookup: (value: string) => string): SQL[] {
  const asked = (['partyName', 'partyIdentifier'] as const).filter((k) => f[k] != null);
  if (!asked.length) return [];
  // Only officers who see parties in clear (of an agency that handles or receives cases, with a
  // purpose that fits their role) may search by them, and only among their own agency's cases: a
  // search discloses who is party to what. Procuratorates see parties masked, so never search.
  const ownKind = caller.agencyKind === 'ADMINISTRATIVE' || caller.agencyKind === 'PUBLIC_SECURITY';
  if (isStatisticsOnly(caller) || !caller.agencyId || !ownKind || !purposeFitsRole(caller)) {
    throw appError('FORBIDDEN', `filter.${asked[0]}: only for officers who see parties in clear (CASE_HANDLING or SUPERVISION declared, as the role fits)`, {
      field: `filter.${asked[0]}`,
    });
  }
  const own = [eq(cases.handlingAgencyId, caller.agencyId)];
  if (caller.agencyKind === 'PUBLIC_SECURITY') own.push(eq(cases.receivingAgencyId, caller.agencyId));
  // A juvenile's record is sealed (always masked): a search never matches it.
  const party: SQL[] = [eq(parties.caseId, cases.id), eq(parties.juvenile, false)];
  if (f.partyName != null) party.push(eq(parties.nameMac, lookup(text('partyName', f.partyName))));
  if (f.partyIdentifier != null) {
    const id = lookup(text('partyIdentifier', f.partyIdentifier, 18));
    party.push(or(eq(parties.idNumberMac, id), eq(parties.creditCodeMac, id))!);
  }
  return [or(...own)!, exists(sql`select 1 from ${parties} where ${and(...party)}`)];
}

/** Open clocks past their due time now (a paused clock: past due when it was paused). */
function overdueClocks(now: Date, clock: CaseFilter['overdueClock']): SQL {
  const conds = [
    eq(caseDeadlines.caseId, cases.id),
    sql`${caseDeadlines.closedAt} is null`,
    lt(caseDeadlines.dueAt, now),
    sql`coalesce(${caseDeadlines.pausedAt}, ${now.toISOString()}::timestamptz) > ${caseDeadlines.dueAt}`,
  ];
  if (clock) conds.push(eq(caseDeadlines.clock, clock));
  return sql`select 1 from ${caseDeadlines} where ${and(...conds)}`;
}

/** The filter's conditions, on top of the caller's row filter (applied by the caller of this). */
export function caseFilterSql(caller: Caller, f: CaseFilter, now: Date, lookup: (value: string) => string): SQL[] {
  const where: SQL[] = [];
  if (f.stages?.length) where.push(inArray(cases.stage, f.stages));
  if (f.statuses?.length) where.push(inArray(cases.status, f.statuses));
  if (f.sectors?.length) where.push(inArray(cases.sector, f.sectors));
  if (f.handlingAgencyIds?.length) where.push(inArray(cases.handlingAgencyId, f.handlingAgencyIds));
  if (f.receivingAgencyIds?.length) where.push(inArray(cases.receivingAgencyId, f.receivingAgencyIds));
  if (f.divisionCode != null) where.push(divisionRange(f.divisionCode));
  if (f.number != null) where.push(eq(cases.number, text('number', f.number)));
  if (f.numberPrefix != null) {
    // LIKE's own wildcards in the prefix are literal characters of a case number, never patterns.
    const prefix = text('numberPrefix', f.numberPrefix).replace(/[\\%_]/g, '\\$&');
    where.push(sql`${numberC} like ${`${prefix}%`}`);
  }
  where.push(...range(cases.createdAt, 'createdAt', f.createdAt), ...range(cases.updatedAt, 'updatedAt', f.updatedAt));
  if (f.overdue != null || f.overdueClock != null) {
    const any = exists(overdueClocks(now, f.overdueClock));
    where.push(f.overdue === false ? sql`not ${any}` : any);
  }
  if (f.warningLevel) {
    where.push(
      exists(sql`select 1 from ${warnings} where ${and(eq(warnings.caseId, cases.id), eq(warnings.level, f.warningLevel), inArray(warnings.step, [...OPEN_STEPS]))}`),
    );
  }
  where.push(...partyConditions(caller, f, lookup));
  return where;
}

/** The field paths a party search discloses, for the access log (the values are never logged). */
export const partySearchFields = (f: CaseFilter | null | undefined): string[] =>
  (['partyName', 'partyIdentifier'] as const).filter((k) => f?.[k] != null).map((k) => `CaseFilter.${k}`);

/**
 * One page of the cases the caller can see that match the filter, in the order asked; totalCount
 * is one COUNT under the same conditions, run only when selected.
 */
export async function listCases(
  db: Database<CasesTables>,
  caller: Caller,
  now: Date,
  args: ConnectionArgs & { filter?: CaseFilter | null; orderBy?: CaseOrder | null },
  extra: (SQL | undefined)[] = [],
): Promise<Page<CaseRow>> {
  const { order, keyOf } = ORDERS[args.orderBy ?? 'CREATED_AT_DESC'];
  const req = pageRequest(args, 2);
  const filter = args.filter ?? {};
  const ring = filter.partyName != null || filter.partyIdentifier != null ? await keyringOf(db) : null;
  const conditions = caseFilterSql(caller, filter, now, (v) => ring!.lookup(v));
  const where = [visibleCases(caller), ...extra, ...conditions];
  const rows =
    !conditions.length && extra.every((e) => e === undefined) && !req.key && rowFilterFacts(caller).shape !== 'hd'
      ? await firstPage(db, caller, args.orderBy ?? 'CREATED_AT_DESC', req)
      : await db
          .select()
          .from(cases)
          .where(and(...where, keysetAfter(order, req)))
          .orderBy(...keysetOrderBy(order, req))
          .limit(req.n + 1);
  const totalCount = async () => (await db.select({ n: count() }).from(cases).where(and(...where)))[0]!.n;
  return pageOf(
    rows.map((r) => annotateCase(caller, r)),
    req,
    keyOf,
    totalCount,
  );
}

/**
 * The first page (from either end) of the list without a filter, the usual request: a prepared
 * statement per order, direction and row-filter shape (decision 109), the caller's facts and the
 * limit its parameters. The rows are those of the general query above with no condition but the
 * caller's row filter. Not for a jurisdiction's filter ('hd'): once PostgreSQL switches a prepared
 * statement to its generic plan, `division_code like $n` is planned without its prefix, and a
 * jurisdiction with few cases could then be looked for along the whole date index.
 */
function firstPage(db: Database<CasesTables>, caller: Caller, orderBy: CaseOrder, req: PageRequest): Promise<CaseRow[]> {
  const facts = rowFilterFacts(caller);
  const name = `cases_page_${orderBy.toLowerCase()}_${req.backward ? 'back' : 'fwd'}_${facts.shape || 'none'}`;
  const query = preparedOnce(db, name, () =>
    db
      .select()
      .from(cases)
      .where(rowFilterSql(facts.shape, cases))
      .orderBy(...keysetOrderBy(ORDERS[orderBy].order, req))
      .limit(sql.placeholder('limit'))
      .prepare(name),
  );
  return query.execute({ ...facts.values, limit: req.n + 1 });
}
