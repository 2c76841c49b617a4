import type { Duration } from './duration';

/**
 * Every legal clock of the workflow with its default period and its source (shared/domain.md).
 * The periods are defaults: `CASES_DEADLINE_<CLOCK>` overrides each (config.ts). A clock starts
 * when a case enters a stage from which a transition with that `deadline` leaves
 * (workflow/transitions.ts), and stops when the case leaves the stage. Add a clock here, then
 * name it as the `deadline` of the transitions that meet it.
 *
 * How each period ends (calendar.ts `dueAt`, Criminal Procedure Law art. 105: the hour or day the
 * period starts in is not counted; a period ends at 24:00 of its last day; a last day that is a
 * public holiday or rest day gives way to the first working day after it):
 * - hours (TRANSFER, RECEIPT): run from the instant, 24 h to the minute; the rest-day rule does
 *   not apply, since it moves a last *day* and an hours period has none (art. 105 counts "时"
 *   apart from "日"). A transfer approved on the eve of a holiday is due the next morning.
 * - calendar days (APPROVAL, MATERIALS_SUPPLEMENT, FILING_DECISION, GOODS_HANDOVER,
 *   RECONSIDERATION_*, SUPERVISION_REQUEST, PENALTY, NON_FILING_REASONS, REASONS_REVIEW,
 *   FILING_AFTER_NOTICE) and months (OPINION_REPLY): the rest-day rule applies. Decree 310 and the
 *   CPR state periods in days without their own counting rule, and the procedure follows art. 105
 *   (shared/domain.md); none of these is a detention period, the one exception art. 105 makes.
 * - working days (REVERSE_HANDOFF, REVERSE_REVIEW): skip holidays and rest days as they count, so
 *   the last day is always a working day and the rule has nothing to move.
 * A period overridden into another unit (CASES_DEADLINE_TRANSFER=1d) is counted by its new unit.
 */
export const CLOCKS = {
  APPROVAL: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: 'Decree 310 art. 5: the head decides on the transfer report within 3 days' },
  TRANSFER: { period: { amount: 24, unit: 'HOURS' }, source: 'Decree 310 art. 5–6: transfer within 24 hours of approval' },
  RECEIPT: { period: { amount: 24, unit: 'HOURS' }, source: 'Decree 310 art. 7: police sign the receipt or forward within 24 hours' },
  MATERIALS_SUPPLEMENT: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: '[design, configurable] the agency supplements requested materials (公通字〔2016〕16号, unverified)' },
  FILING_DECISION: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: 'Decree 310 art. 8: police decide to file or not within 3 days of acceptance' },
  GOODS_HANDOVER: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: 'Decree 310 art. 12: seized goods handed over within 3 days of the filing notice' },
  RECONSIDERATION_REQUEST: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: 'Decree 310 art. 9: the agency may ask for reconsideration within 3 days' },
  RECONSIDERATION_DECISION: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: 'Decree 310 art. 9: police decide the reconsideration within 3 days' },
  SUPERVISION_REQUEST: { period: { amount: 3, unit: 'CALENDAR_DAYS' }, source: 'Decree 310 art. 9: filing supervision requested within 3 days of the reconsideration decision' },
  PENALTY: { period: { amount: 30, unit: 'CALENDAR_DAYS' }, source: '[design, configurable] Decree 310 art. 10: the agency still imposes the penalty due' },
  NON_FILING_REASONS: { period: { amount: 7, unit: 'CALENDAR_DAYS' }, source: 'CPR 560 / 562: police explain non-filing in writing within 7 days' },
  REASONS_REVIEW: { period: { amount: 10, unit: 'CALENDAR_DAYS' }, source: 'CPR 561: reasons that stand are told to the agency within 10 days [design: the notice to file shares the clock]' },
  FILING_AFTER_NOTICE: { period: { amount: 15, unit: 'CALENDAR_DAYS' }, source: 'CPR 563: police file within 15 days of the notice to file' },
  REVERSE_HANDOFF: { period: { amount: 3, unit: 'WORKING_DAYS' }, source: 'reverse linkage: internal hand-off within 3 working days of the non-prosecution decision' },
  REVERSE_REVIEW: { period: { amount: 10, unit: 'WORKING_DAYS' }, source: 'reverse linkage: review within 10 working days, suspended while a reconsideration or appeal runs' },
  OPINION_REPLY: { period: { amount: 2, unit: 'MONTHS' }, source: '[unverified, configurable] the agency replies to a procuratorial opinion within 2 months' },
} as const satisfies Record<string, { period: Duration; source: string }>;

export type ClockName = keyof typeof CLOCKS;
export const CLOCK_NAMES = Object.keys(CLOCKS) as [ClockName, ...ClockName[]];
