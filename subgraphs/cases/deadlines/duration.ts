/**
 * A legal period: hours, calendar days, working days or months (shared/domain.md: Decree 310
 * counts calendar days and hours; later rules count working days; the reply to a procuratorial
 * opinion is counted in months). Written `24h`, `3d`, `10wd`, `2mo` in configuration.
 */
export const DURATION_UNITS = ['HOURS', 'CALENDAR_DAYS', 'WORKING_DAYS', 'MONTHS'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const SUFFIX: Record<string, DurationUnit> = { h: 'HOURS', d: 'CALENDAR_DAYS', wd: 'WORKING_DAYS', mo: 'MONTHS' };
const UNIT_SUFFIX: Record<DurationUnit, string> = { HOURS: 'h', CALENDAR_DAYS: 'd', WORKING_DAYS: 'wd', MONTHS: 'mo' };

/** Parses `24h`, `3d`, `10wd`, `2mo`; null when the text is not one of these. */
export function parseDuration(text: string): Duration | null {
  const m = /^([1-9]\d{0,3})(h|d|wd|mo)$/.exec(text.trim());
  if (!m) return null;
  return { amount: Number(m[1]), unit: SUFFIX[m[2]!]! };
}

export function formatDuration(d: Duration): string {
  return `${d.amount}${UNIT_SUFFIX[d.unit]}`;
}

/** Rough length in milliseconds, for ordering and demo data only; due times come from the calendar. */
export function approximateMs(d: Duration): number {
  const day = 86_400_000;
  switch (d.unit) {
    case 'HOURS':
      return d.amount * 3_600_000;
    case 'CALENDAR_DAYS':
      return d.amount * day;
    case 'WORKING_DAYS':
      return Math.ceil(d.amount * 1.4) * day;
    case 'MONTHS':
      return d.amount * 30 * day;
  }
}
