import { eq, like, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Caller } from './caller';
import { divisionScopePrefix, isValidDivisionCode } from './identifiers';

/**
 * Who the caller is to a case-scoped row. Rules depend on this relationship, not on role alone
 * (shared/domain.md, "Data sensitivity classes"). Add a relation here, then say in `relationsTo`
 * when it holds and in `visibleRowsSql` how SQL finds it.
 */
export const RELATIONS = [
  /** an officer of the administrative agency that handles (transfers) the case */
  'HANDLING_AGENCY',
  /** an officer of the police unit the case was transferred to */
  'RECEIVING_POLICE',
  /** a procuratorate whose division contains the case's division (filing supervision) */
  'SUPERVISING_PROCURATORATE',
  /** a justice bureau or political-legal committee whose division contains the case's */
  'SUPERVISING_ORGAN',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** The columns of a case-scoped row that decide who may see it. */
export interface CaseScope {
  caseId: string;
  handlingAgencyId: string;
  receivingAgencyId: string | null;
  divisionCode: string;
}

const SUPERVISING_KINDS = { PROCURATORATE: 'SUPERVISING_PROCURATORATE', JUSTICE_ADMIN: 'SUPERVISING_ORGAN', POLITICAL_LEGAL: 'SUPERVISING_ORGAN' } as const;

/**
 * Callers who may only ever read statistics (C0): analysts without another role, and any caller
 * who declared the STATISTICS purpose for this request.
 */
export function isStatisticsOnly(caller: Caller): boolean {
  return caller.purpose === 'STATISTICS' || caller.roles.every((r) => r === 'ANALYST');
}

function jurisdictionPrefix(caller: Caller): string | null {
  return caller.division && isValidDivisionCode(caller.division) ? divisionScopePrefix(caller.division) : null;
}

export function relationsTo(caller: Caller, scope: CaseScope): Relation[] {
  if (isStatisticsOnly(caller) || !caller.agencyId) return [];
  const out: Relation[] = [];
  if (scope.handlingAgencyId === caller.agencyId) out.push('HANDLING_AGENCY');
  if (scope.receivingAgencyId === caller.agencyId && caller.agencyKind === 'PUBLIC_SECURITY') out.push('RECEIVING_POLICE');
  const supervising = caller.agencyKind ? SUPERVISING_KINDS[caller.agencyKind as keyof typeof SUPERVISING_KINDS] : undefined;
  const prefix = jurisdictionPrefix(caller);
  if (supervising && prefix && scope.divisionCode.startsWith(prefix)) out.push(supervising);
  return out;
}

/**
 * The SQL condition that keeps only rows the caller has a relation to: the same rules as
 * `relationsTo`, applied in the query that loads rows (and in DataLoader batches), so a row the
 * caller may not see is never loaded.
 */
export function visibleRowsSql(caller: Caller, cols: RowScopeColumns): SQL {
  const facts = rowFilterFacts(caller);
  return rowFilterSql(facts.shape, cols, facts.values);
}

type RowScopeColumns = { handlingAgencyId: AnyColumn; receivingAgencyId: AnyColumn; divisionCode: AnyColumn };

/**
 * The caller facts `visibleRowsSql` binds, and its shape: which conditions it has. The statement
 * text depends on the shape only, so a prepared statement per shape (kit/prepared.ts) takes the
 * facts as parameters: `viewerAgency` (the caller's agency) and `viewerDivisions` (a LIKE pattern
 * of the caller's jurisdiction).
 */
export interface RowFilterFacts {
  /** '' none (the filter is false); 'h' handling agency; 'hr' and receiving police; 'hd' and the jurisdiction. */
  shape: '' | 'h' | 'hr' | 'hd';
  values: { viewerAgency: string; viewerDivisions: string };
}

export function rowFilterFacts(caller: Caller): RowFilterFacts {
  if (isStatisticsOnly(caller) || !caller.agencyId) return { shape: '', values: { viewerAgency: '', viewerDivisions: '' } };
  const prefix = jurisdictionPrefix(caller);
  const supervising = !!caller.agencyKind && caller.agencyKind in SUPERVISING_KINDS && !!prefix;
  return {
    shape: caller.agencyKind === 'PUBLIC_SECURITY' ? 'hr' : supervising ? 'hd' : 'h',
    values: { viewerAgency: caller.agencyId, viewerDivisions: supervising ? `${prefix}%` : '' },
  };
}

/**
 * The row filter of a shape, its caller facts given as values (visibleRowsSql) or, without them, as
 * placeholders named as in RowFilterFacts, for a prepared statement executed with `facts.values`.
 */
export function rowFilterSql(shape: RowFilterFacts['shape'], cols: RowScopeColumns, values?: RowFilterFacts['values']): SQL {
  if (!shape) return sql`false`;
  const agency = values ? values.viewerAgency : sql.placeholder('viewerAgency');
  const conditions: (SQL | undefined)[] = [eq(cols.handlingAgencyId, agency)];
  if (shape === 'hr') conditions.push(eq(cols.receivingAgencyId, agency));
  if (shape === 'hd') conditions.push(like(cols.divisionCode, values ? values.viewerDivisions : sql.placeholder('viewerDivisions')));
  return or(...conditions) ?? sql`false`;
}

/** Per-row access facts, attached to loaded rows for the field rules to read. */
export interface RowAccess {
  caseId: string;
  relations: Relation[];
  /** Sealed records (juveniles): personal data stays masked for everyone. */
  sealed: boolean;
}

export const ACCESS = Symbol.for('caselink.access');
export type WithAccess<T> = T & { [ACCESS]: RowAccess };

/** Attaches the caller's access facts to a row loaded under `visibleRowsSql`. */
export function withAccess<T extends object>(row: T, caller: Caller, scope: CaseScope, sealed = false): WithAccess<T> {
  return Object.assign(row, { [ACCESS]: { caseId: scope.caseId, relations: relationsTo(caller, scope), sealed } });
}

/** Passes a parent row's access facts on to a child row (a party of a case, a document of a dossier). */
export function inheritAccess<T extends object>(row: T, parent: object, sealed = false): WithAccess<T> {
  const access = accessOf(parent);
  if (!access) throw new Error('inheritAccess: parent row has no access facts');
  return Object.assign(row, { [ACCESS]: { ...access, sealed: access.sealed || sealed } });
}

export function accessOf(row: unknown): RowAccess | undefined {
  return row && typeof row === 'object' ? (row as Partial<WithAccess<object>>)[ACCESS] : undefined;
}
