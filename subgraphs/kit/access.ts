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
export function visibleRowsSql(
  caller: Caller,
  cols: { handlingAgencyId: AnyColumn; receivingAgencyId: AnyColumn; divisionCode: AnyColumn },
): SQL {
  if (isStatisticsOnly(caller) || !caller.agencyId) return sql`false`;
  const conditions: (SQL | undefined)[] = [eq(cols.handlingAgencyId, caller.agencyId)];
  if (caller.agencyKind === 'PUBLIC_SECURITY') conditions.push(eq(cols.receivingAgencyId, caller.agencyId));
  const prefix = jurisdictionPrefix(caller);
  if (caller.agencyKind && caller.agencyKind in SUPERVISING_KINDS && prefix) conditions.push(like(cols.divisionCode, `${prefix}%`));
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
