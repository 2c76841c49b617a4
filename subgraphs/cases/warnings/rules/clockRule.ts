import { Calendar } from '../../deadlines/calendar';
import type { ClockName } from '../../deadlines/clocks';
import type { ClockRuleKey, WarningsConfig, WarnPoint } from '../config';
import type { CaseFacts, ClockFact, Finding, Level, Responsible } from '../types';

const HOUR = 3_600_000;

/**
 * The first instant at which `point` holds for a clock (config.ts, WarnPoint): the start of the
 * period's last day (never before the clock started), or the first instant past the due time, or
 * past the end of a further period run on from it. Counted with the cases calendar, so a due time
 * moved past a holiday moves its warnings with it.
 */
export function pointReached(point: WarnPoint, clock: ClockFact, config: WarningsConfig): Date {
  const calendar = Calendar.of(config.calendar);
  const { periods } = config;
  switch (point.at) {
    case 'LAST_DAY':
      return new Date(Math.max(clock.startedAt.getTime(), calendar.lastDayBegins(clock.dueAt).getTime()));
    case 'DUE':
      return new Date(clock.dueAt.getTime() + 1);
    case 'AFTER_DUE':
      return new Date(calendar.dueAfter(clock.dueAt, point.period).getTime() + 1);
    case 'AFTER_DUE_AGAIN':
      return new Date(calendar.dueAfter(clock.dueAt, periods[clock.clock]).getTime() + 1);
  }
}

/** When a clock rule turns yellow and red (null: never by time). */
export function warningTimes(clock: ClockFact, key: ClockRuleKey, config: WarningsConfig): { yellow: Date | null; red: Date | null } {
  const t = config.clocks[key];
  return { yellow: t.yellow && pointReached(t.yellow, clock, config), red: t.red && pointReached(t.red, clock, config) };
}

/**
 * The shape most rules share: a legal clock that is still open, yellow and red at the points the
 * configuration names against its due time (DEFAULT_CLOCK_THRESHOLDS: the domain's table).
 * A paused clock (reverse review during an appeal) raises nothing.
 */
export function clockLevel(clock: ClockFact | undefined, now: Date, key: ClockRuleKey, config: WarningsConfig): Level | null {
  if (!clock || clock.closedAt || clock.pausedAt) return null;
  const { yellow, red } = warningTimes(clock, key, config);
  if (red && now.getTime() >= red.getTime()) return 'RED';
  if (yellow && now.getTime() >= yellow.getTime()) return 'YELLOW';
  return null;
}

export const openClock = (facts: CaseFacts, clock: ClockName) => facts.clocks.find((c) => c.clock === clock && !c.closedAt);

/** Where a clock stands against its due time, in words: `overdue by 5 h` or `due in 3 h (its last day)`. */
export function standing(clock: ClockFact, now: Date): string {
  const ms = now.getTime() - clock.dueAt.getTime();
  const hours = Math.floor(Math.abs(ms) / HOUR);
  return ms > 0 ? `overdue by ${hours} h` : `due in ${hours} h`;
}

/** A finding for a clock rule, with the wording `${what}: overdue by … h (legal deadline …)`. */
export function clockFinding(level: Level | null, responsible: Responsible, clock: ClockFact | undefined, now: Date, what: string): Finding | null {
  if (!level || !clock) return null;
  return { level, responsible, reason: `${what}: ${standing(clock, now)} (legal deadline ${clock.dueAt.toISOString()}, started ${clock.startedAt.toISOString()})` };
}
