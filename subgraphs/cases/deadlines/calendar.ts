import type { Duration } from './duration';

/**
 * The calendar deadlines are computed with: a fixed UTC offset (China has one, +08:00, no DST),
 * public holidays, and the weekend days made working days by the annual holiday arrangement (调休).
 */
export interface CalendarConfig {
  /** Minutes east of UTC. @default 480 (+08:00) */
  utcOffsetMinutes: number;
  /** Public holidays (YYYY-MM-DD, local dates): not working days even on a weekday. @default none */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (YYYY-MM-DD). @default none */
  extraWorkdays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
/** A safety bound: no legal period runs longer than this many days. */
const MAX_SCAN_DAYS = 3_660;

export class Calendar {
  private readonly offsetMs: number;
  constructor(private readonly config: CalendarConfig) {
    this.offsetMs = config.utcOffsetMinutes * 60_000;
  }

  /** Local day number (days since 1970-01-01 in local time) of an instant. */
  dayOf(at: Date): number {
    return Math.floor((at.getTime() + this.offsetMs) / DAY_MS);
  }

  /** The instant a local day ends (local 24:00, i.e. the next day's 00:00). */
  endOfDay(day: number): Date {
    return new Date((day + 1) * DAY_MS - this.offsetMs);
  }

  isoDay(day: number): string {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  isWorkingDay(day: number): boolean {
    const iso = this.isoDay(day);
    if (this.config.extraWorkdays.has(iso)) return true;
    if (this.config.holidays.has(iso)) return false;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * When a period that starts at `start` ends. Hours run from the instant; days, working days and
   * months follow the counting rule of Chinese procedure law: the day the period starts is not
   * counted, and the period ends at 24:00 of its last day (a month ends on the same date, or the
   * month's last day when it has no such date).
   */
  dueAt(start: Date, period: Duration): Date {
    const first = this.dayOf(start);
    switch (period.unit) {
      case 'HOURS':
        return new Date(start.getTime() + period.amount * 3_600_000);
      case 'CALENDAR_DAYS':
        return this.endOfDay(first + period.amount);
      case 'WORKING_DAYS':
        return this.endOfDay(this.addWorkingDays(first, period.amount));
      case 'MONTHS': {
        const local = new Date(first * DAY_MS);
        const y = local.getUTCFullYear();
        const m = local.getUTCMonth() + period.amount;
        const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
        const target = Date.UTC(y, m, Math.min(local.getUTCDate(), lastOfMonth));
        return this.endOfDay(Math.floor(target / DAY_MS));
      }
    }
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
   * (a weekend or holiday inside the pause does not eat into it).
   */
  resumedDue(due: Date, period: Duration, pausedAt: Date, resumedAt: Date): Date {
    if (period.unit === 'WORKING_DAYS') {
      const left = this.workingDaysBetween(this.dayOf(pausedAt), this.dayOf(new Date(due.getTime() - 1)));
      return this.endOfDay(this.addWorkingDays(this.dayOf(resumedAt), left));
    }
    return new Date(due.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()));
  }
}
