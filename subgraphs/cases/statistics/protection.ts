import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { isStatisticsOnly, relationsTo, visibleRowsSql } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import type { CaseColumns } from './groups';

/**
 * Whose cases statistics protect from a caller (k-anonymity, statistics/suppression.ts).
 *
 * A group, a total, an indicator value or a percentile is shown exactly only if the cases in it
 * that the caller is not a party to number none or at least k. "Party" is the row filter `case(id)`
 * applies (kit/access.ts `visibleRowsSql`: handling agency, receiving police, supervising organ of
 * the division), for the officer as such: a declared STATISTICS purpose narrows what an officer
 * reads, not what it knows, so its own cases are still its own. In a mixed group the caller can
 * subtract its own cases (it reads them elsewhere); what is left, the others', is what k protects.
 * Statistics-only callers keep the older rule as well: every group they see holds k cases.
 */
export interface Protection {
  k: number;
  /** Statistics-only callers: every group must hold k cases, whoever's they are. */
  everyCase: boolean;
  /** The officer whose own cases need no protection from it; null when it is a party to no case (analysts). */
  party: Caller | null;
}

export function protectionFor(caller: Caller, k: number): Protection {
  const officer: Caller = { ...caller, purpose: null };
  return { k, everyCase: isStatisticsOnly(caller), party: officer.agencyId && !isStatisticsOnly(officer) ? officer : null };
}

/**
 * The counts of one cell that must each be 0 or at least k (suppression.ts `Cell.counts`): all its
 * cases for statistics-only callers, and the cases the caller is not a party to (`own` are its own).
 */
export function protectedCounts(p: Protection, cases: number, own: number): number[] {
  if (!p.party) return [cases];
  return p.everyCase ? [cases, cases - own] : [cases - own];
}

/** Whether the caller's row filter reads the case's receiving agency (police): clocks and warnings then join `cases`. */
export function readsReceivingAgency(party: Caller | null): boolean {
  if (!party?.agencyId) return false;
  return relationsTo(party, { caseId: '', handlingAgencyId: '', receivingAgencyId: party.agencyId, divisionCode: '' }).includes('RECEIVING_POLICE');
}

/**
 * The caller's row filter over the case columns a statement reads (the cases table, or a clock's or
 * a warning's copies). Without the receiving agency (copies keep only what never changes) it reads
 * as "not the receiver", which protects more, never less; `readsReceivingAgency` says when to join.
 */
export function ownCasesSql(party: Caller, cols: CaseColumns): SQL {
  return visibleRowsSql(party, {
    handlingAgencyId: cols.handlingAgencyId,
    receivingAgencyId: cols.receivingAgencyId ?? (sql`null::text` as unknown as AnyColumn),
    divisionCode: cols.divisionCode,
  });
}
