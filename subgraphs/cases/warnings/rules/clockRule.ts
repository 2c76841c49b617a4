import type { ClockName } from '../../deadlines/clocks';
import type { ClockRuleKey, WarningsConfig } from '../config';
import type { CaseFacts, ClockFact, Finding, Level, Responsible } from '../types';

const HOUR = 3_600_000;

/**
 * The shape most rules share: a legal clock that is still open, yellow once `yellowHours` have
 * passed since it started, red after `redHours`. A threshold of 0 means "when the clock itself is
 * due" (for working-day and month clocks, whose length in hours depends on the calendar).
 * A paused clock (reverse review during an appeal) raises nothing.
 */
export function clockLevel(clock: ClockFact | undefined, now: Date, key: ClockRuleKey, config: WarningsConfig): Level | null {
  if (!clock || clock.closedAt || clock.pausedAt) return null;
  const t = config.clocks[key];
  const passed = (hours: number) => (hours === 0 ? now.getTime() > clock.dueAt.getTime() : now.getTime() - clock.startedAt.getTime() >= hours * HOUR);
  if (t.redHours !== null && passed(t.redHours)) return 'RED';
  if (passed(t.yellowHours)) return 'YELLOW';
  return null;
}

export const openClock = (facts: CaseFacts, clock: ClockName) => facts.clocks.find((c) => c.clock === clock && !c.closedAt);

export function hoursSince(clock: ClockFact, now: Date): number {
  return Math.floor((now.getTime() - clock.startedAt.getTime()) / HOUR);
}

/** A finding for a clock rule, with the wording `${what} for ${hours} h (due …)`. */
export function clockFinding(level: Level | null, responsible: Responsible, clock: ClockFact | undefined, now: Date, what: string): Finding | null {
  if (!level || !clock) return null;
  return { level, responsible, reason: `${what}: ${hoursSince(clock, now)} h since ${clock.startedAt.toISOString()} (legal deadline ${clock.dueAt.toISOString()})` };
}
