import { badInput } from '../../kit/errors';
import type { Period, StatisticsFilter } from './groups';

/**
 * The time window of a statistics-only answer (decision 96): `from` and `to` moved outward to whole
 * periods of the query's `period` in the calendar's local time, and never past the start of the
 * current period, which has not ended. Everything the answer counts is then fixed once the window
 * has closed: cases registered in it (a new case belongs to the current period), and milestones,
 * clocks and warnings as of the window's end. The same question asked a minute later is the same
 * question, with the same answer.
 */
export interface StatisticsWindow {
  /** Null: from the first case. */
  from: Date | null;
  to: Date;
}

const MONTHS: Record<Period, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/** The start of the local period holding `at`, as a UTC instant. */
export function periodStart(at: Date, period: Period, utcOffsetMinutes: number): Date {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const months = MONTHS[period];
  const month = Math.floor(local.getUTCMonth() / months) * months;
  return new Date(Date.UTC(local.getUTCFullYear(), month, 1) - utcOffsetMinutes * 60_000);
}

/** The start of the local period after the one holding `at` (or `at` itself when it starts a period). */
export function periodEnd(at: Date, period: Period, utcOffsetMinutes: number): Date {
  const start = periodStart(at, period, utcOffsetMinutes);
  if (start.getTime() === at.getTime()) return start;
  const local = new Date(start.getTime() + utcOffsetMinutes * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + MONTHS[period], 1) - utcOffsetMinutes * 60_000);
}

/** The closed window a filter is answered over; BAD_USER_INPUT (filter.from) when it holds no closed period. */
export function snapWindow(filter: StatisticsFilter, period: Period, utcOffsetMinutes: number, now: Date): StatisticsWindow {
  const current = periodStart(now, period, utcOffsetMinutes);
  // At the ends of the Date range a period's start can fall outside it (NaN): a `from` before
  // every case is no bound, a `to` before every case leaves nothing.
  const outside = (d: Date) => Number.isNaN(d.getTime());
  const snappedFrom = filter.from ? periodStart(filter.from, period, utcOffsetMinutes) : null;
  const from = snappedFrom && outside(snappedFrom) && filter.from!.getTime() < current.getTime() ? null : snappedFrom;
  const asked = filter.to ? periodEnd(filter.to, period, utcOffsetMinutes) : current;
  if (outside(asked) && filter.to!.getTime() < current.getTime()) throw badInput('filter.to', 'is before any period statistics count');
  const to = asked.getTime() < current.getTime() ? asked : current;
  if (from && (outside(from) || from.getTime() >= to.getTime())) {
    throw badInput('filter.from', `statistics-only callers get whole ${period.toLowerCase()}s that have ended; none starts at or after ${filter.from!.toISOString()} (widened to its period) and ends by ${current.toISOString()}`);
  }
  return { from, to };
}
