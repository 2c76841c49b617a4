import type { Duration } from './duration';

/**
 * The calendar deadlines are computed with: a fixed UTC offset (China has one, +08:00, no DST),
 * public holidays, and the weekend days made working days by the annual holiday arrangement (调休).
 * The default lists are the State Council's notices shipped in holidays/cn.json (holidays.ts).
 */
export interface CalendarConfig {
  /** Minutes east of UTC. @default 480 (+08:00) */
  utcOffsetMinutes: number;
  /** Public holidays (YYYY-MM-DD, local dates): not working days even on a weekday. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (YYYY-MM-DD). Wins over `holidays` for the same date. */
  extraWorkdays: ReadonlySet<string>;
  /**
   * The years whose holiday arrangement the two lists hold. A day of any other year is counted as a
   * plain weekday or weekend, and the calendar says so (`onUncoveredYear`, once per year).
   * Absent: the caller vouches for its lists in every year (tests with hand-made lists).
   */
  coveredYears?: ReadonlySet<number>;
}

const DAY_MS = 86_400_000;
/** A safety bound: no legal period runs longer than this many days. */
const MAX_SCAN_DAYS = 3_660;

/** What a calendar does when it counts a day of a year it holds no holiday arrangement for. */
export type UncoveredYearHandler = (year: number, message: string) => void;

export const warnUncoveredYear: UncoveredYearHandler = (_year, message) => console.warn(message);

const byConfig = new WeakMap<CalendarConfig, Calendar>();

export class Calendar {
  /**
   * The calendar of a configuration, one per configuration object: for code handed plain data
   * (the warnings configuration, which crosses to the seed's worker threads by structured clone),
   * so that a year without holiday data is reported once, not at every evaluation.
   */
  static of(config: CalendarConfig): Calendar {
    let c = byConfig.get(config);
    if (!c) byConfig.set(config, (c = new Calendar(config)));
    return c;
  }

  private readonly offsetMs: number;
  private readonly reported = new Set<number>();
  constructor(
    private readonly config: CalendarConfig,
    private readonly onUncoveredYear: UncoveredYearHandler = warnUncoveredYear,
  ) {
    this.offsetMs = config.utcOffsetMinutes * 60_000;
  }

  /** Local day number (days since 1970-01-01 in local time) of an instant. */
  dayOf(at: Date): number {
    return Math.floor((at.getTime() + this.offsetMs) / DAY_MS);
  }

  /** The instant a local day begins (local 00:00). */
  startOfDay(day: number): Date {
    return new Date(day * DAY_MS - this.offsetMs);
  }

  /** The instant a local day ends (local 24:00, i.e. the next day's 00:00). */
  endOfDay(day: number): Date {
    return new Date((day + 1) * DAY_MS - this.offsetMs);
  }

  isoDay(day: number): string {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /** Whether the holiday lists hold the arrangement of `year` (always, when no covered years are configured). */
  covers(year: number): boolean {
    return !this.config.coveredYears || this.config.coveredYears.has(year);
  }

  isWorkingDay(day: number): boolean {
    const iso = this.isoDay(day);
    const year = Number(iso.slice(0, 4));
    if (!this.covers(year) && !this.reported.has(year)) {
      this.reported.add(year);
      this.onUncoveredYear(
        year,
        `cases calendar: no holiday arrangement for ${year} (holidays/cn.json holds ${[...(this.config.coveredYears ?? [])].sort().join(', ') || 'none'}): ` +
          `deadlines counted through ${year} skip weekends only. Add the State Council's ${year} notice to CASES_HOLIDAYS and CASES_EXTRA_WORKDAYS.`,
      );
    }
    if (this.config.extraWorkdays.has(iso)) return true;
    if (this.config.holidays.has(iso)) return false;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6;
  }

  /** `day` if it is a working day, else the first working day after it. */
  nextWorkingDay(day: number): number {
    let d = day;
    for (let scanned = 0; !this.isWorkingDay(d); scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${this.isoDay(day)}: check the holiday list`);
      d++;
    }
    return d;
  }

  /**
   * When a period that starts at `start` ends, as Criminal Procedure Law art. 105 counts it: hours
   * run from the instant; for days and months the day the period starts in is not counted, the
   * period ends at 24:00 of its last day (a month ends on the same date, or the month's last day
   * when it has no such date), and a last day that is a public holiday or rest day gives way to the
   * first working day after it. Working days end on a working day by construction.
   */
  dueAt(start: Date, period: Duration): Date {
    const first = this.dayOf(start);
    switch (period.unit) {
      case 'HOURS':
        return new Date(start.getTime() + period.amount * 3_600_000);
      case 'CALENDAR_DAYS':
        return this.endOfDay(this.nextWorkingDay(first + period.amount));
      case 'WORKING_DAYS':
        return this.endOfDay(this.addWorkingDays(first, period.amount));
      case 'MONTHS':
        return this.endOfDay(this.nextWorkingDay(this.addMonths(first, period.amount)));
    }
  }

  /**
   * The end of a further `period` that runs on from a due time (a warning's escalation): hours from
   * the instant; days and months counted from the day after the due time's last day, with the same
   * rule for a last day that is not a working day.
   */
  dueAfter(due: Date, period: Duration): Date {
    if (period.unit === 'HOURS') return new Date(due.getTime() + period.amount * 3_600_000);
    return this.dueAt(new Date(due.getTime() - 1), period);
  }

  /** The instant the last day of a period due at `due` begins (local 00:00 of the day its 24:00 closes). */
  lastDayBegins(due: Date): Date {
    return this.startOfDay(this.dayOf(new Date(due.getTime() - 1)));
  }

  /** The same date `n` months after local day `day`, or that month's last day. */
  private addMonths(day: number, n: number): number {
    const local = new Date(day * DAY_MS);
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth() + n;
    const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Math.floor(Date.UTC(y, m, Math.min(local.getUTCDate(), lastOfMonth)) / DAY_MS);
  }

  /** The `n`th working day after `day` (`day` itself when n is 0). */
  addWorkingDays(day: number, n: number): number {
    let d = day;
    for (let counted = 0, scanned = 0; counted < n; scanned++) {
      if (scanned > MAX_SCAN_DAYS) throw new Error(`no ${n} working days within ${MAX_SCAN_DAYS} days of ${this.isoDay(day)}: check the holiday list`);
      d++;
      if (this.isWorkingDay(d)) counted++;
    }
    return d;
  }

  /** Working days strictly after `from` up to and including `to`. */
  workingDaysBetween(from: number, to: number): number {
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /**
   * The new due time of a clock paused at `pausedAt` and resumed at `resumedAt`: the time that was
   * left runs again from the resumption. For working days, what is left is counted in working days
   * (a weekend or holiday inside the pause does not eat into it); for calendar days and months the
   * due time moves by the length of the pause and, if that lands it at the end of a rest day, on to
   * the end of the next working day (art. 105 again).
   */
  resumedDue(due: Date, period: Duration, pausedAt: Date, resumedAt: Date): Date {
    if (period.unit === 'WORKING_DAYS') {
      const left = this.workingDaysBetween(this.dayOf(pausedAt), this.dayOf(new Date(due.getTime() - 1)));
      return this.endOfDay(this.addWorkingDays(this.dayOf(resumedAt), left));
    }
    const moved = new Date(due.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
    if (period.unit === 'HOURS') return moved;
    const lastDay = this.dayOf(new Date(moved.getTime() - 1));
    const workingDay = this.nextWorkingDay(lastDay);
    return workingDay === lastDay ? moved : this.endOfDay(workingDay);
  }
}
