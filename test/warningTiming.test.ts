/**
 * Warnings are timed against the legal due time (shared/domain.md, "Supervision warnings"): for
 * every clock rule, the instant before yellow, the first yellow instant and the first red one,
 * written out by hand in Beijing time from the State Council's notices, across holidays, rest days
 * and make-up working days. And a property over generated clocks: no red before the due time, no
 * yellow before the period's last day, and nothing silent once a clock is overdue.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Calendar } from '../subgraphs/cases/deadlines/calendar';
import type { ClockName } from '../subgraphs/cases/deadlines/clocks';
import { CLOCK_RULE_KEYS, DEFAULT_WARNINGS_CONFIG, loadWarningsConfig, type ClockRuleKey } from '../subgraphs/cases/warnings/config';
import { approvalOverdue } from '../subgraphs/cases/warnings/rules/approvalOverdue';
import { warningTimes } from '../subgraphs/cases/warnings/rules/clockRule';
import { filingDecision } from '../subgraphs/cases/warnings/rules/filingDecision';
import { goodsHandover } from '../subgraphs/cases/warnings/rules/goodsHandover';
import { notFiledNeverPenalised } from '../subgraphs/cases/warnings/rules/notFiledNeverPenalised';
import { policeReceipt } from '../subgraphs/cases/warnings/rules/policeReceipt';
import { reconsiderationDecision } from '../subgraphs/cases/warnings/rules/reconsiderationDecision';
import { reverseLinkageReply } from '../subgraphs/cases/warnings/rules/reverseLinkageReply';
import { transferAfterApproval } from '../subgraphs/cases/warnings/rules/transferAfterApproval';
import type { ClockFact, WarningRule } from '../subgraphs/cases/warnings/types';
import { facts } from './warningsHarness';

const bj = (local: string) => new Date(`${local}+08:00`);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const config = DEFAULT_WARNINGS_CONFIG;
const { periods } = config;
const calendar = Calendar.of(config.calendar);

const RULE_OF: Record<ClockRuleKey, WarningRule> = {
  APPROVAL: approvalOverdue,
  TRANSFER: transferAfterApproval,
  RECEIPT: policeReceipt,
  FILING_DECISION: filingDecision,
  GOODS_HANDOVER: goodsHandover,
  RECONSIDERATION_DECISION: reconsiderationDecision,
  REVERSE_HANDOFF: reverseLinkageReply,
  OPINION_REPLY: reverseLinkageReply,
  PENALTY: notFiledNeverPenalised,
};

const clockFact = (clock: ClockName, startedAt: Date, dueAt: Date): ClockFact => ({ clock, startedAt, dueAt, pausedAt: null, closedAt: null });
const levelAt = (key: ClockRuleKey, c: ClockFact, now: Date, cfg = config) => RULE_OF[key].evaluate(facts({ clocks: [c], transferred: true, receivingAgencyId: 'p' }), now, cfg)?.level ?? null;

describe('each clock rule against its due time (instants by hand, Beijing time)', () => {
  // [clock, started, due, first yellow instant (null: none), first red instant (null: never by time), why]
  const table: [ClockRuleKey, string, string, string | null, string | null, string][] = [
    ['APPROVAL', '2026-11-02T10:00:00', '2026-11-06T00:00:00', '2026-11-05T00:00:00', '2026-11-06T00:00:00.001', 'Mon → last day Thu 5 Nov: yellow all Thursday, red after its 24:00'],
    ['APPROVAL', '2026-09-28T10:00:00', '2026-10-09T00:00:00', '2026-10-08T00:00:00', '2026-10-09T00:00:00.001', 'the 3rd day (1 Oct) is National Day: the last day is Thu 8 Oct'],
    ['TRANSFER', '2026-09-30T17:00:00', '2026-10-01T17:00:00', '2026-10-01T17:00:00.001', '2026-10-03T17:00:00.001', '24 h to the minute, red 48 h later (72 h from the approval)'],
    ['RECEIPT', '2026-02-14T09:00:00', '2026-02-15T09:00:00', '2026-02-15T09:00:00.001', null, 'red only when the police unit repeats it'],
    ['FILING_DECISION', '2026-11-04T11:00:00', '2026-11-10T00:00:00', '2026-11-10T00:00:00.001', '2026-11-14T00:00:00.001', 'last day Sat 7 Nov → Mon 9 Nov; red 4 days on: 10–13 Nov'],
    ['GOODS_HANDOVER', '2026-02-12T16:00:00', '2026-02-25T00:00:00', '2026-02-25T00:00:00.001', null, 'last day 15 Feb in the Spring Festival → Tue 24 Feb'],
    ['RECONSIDERATION_DECISION', '2026-09-24T10:00:00', '2026-09-29T00:00:00', '2026-09-29T00:00:00.001', '2026-10-09T00:00:00.001', 'last day Sun 27 Sep (Mid-Autumn) → Mon 28 Sep; red 4 days on ends 2 Oct, National Day → Thu 8 Oct'],
    ['REVERSE_HANDOFF', '2026-09-30T16:00:00', '2026-10-11T00:00:00', '2026-10-11T00:00:00.001', null, '3 working days: 8, 9, 10 (make-up Saturday) Oct'],
    ['OPINION_REPLY', '2026-08-01T10:00:00', '2026-10-09T00:00:00', null, '2026-10-09T00:00:00.001', '2 months to 1 Oct → Thu 8 Oct; red once overdue'],
    ['PENALTY', '2026-09-01T10:00:00', '2026-10-09T00:00:00', '2026-10-09T00:00:00.001', '2026-11-10T00:00:00.001', 'X = 30 days to 1 Oct → 8 Oct; X more to Sat 7 Nov → Mon 9 Nov'],
  ];

  it('the table names every clock rule', () => {
    expect(new Set(table.map(([k]) => k))).toEqual(new Set(CLOCK_RULE_KEYS));
  });

  it.each(table)('%s started %s, due %s: yellow from %s, red from %s (%s)', (key, started, due, yellow, red) => {
    const c = clockFact(key, bj(started), bj(due));
    // the due time is the calendar's (pinned by hand in test/calendar.test.ts)
    expect(calendar.dueAt(c.startedAt, periods[key]).toISOString()).toBe(c.dueAt.toISOString());
    expect(warningTimes(c, key, config)).toEqual({ yellow: yellow && bj(yellow), red: red && bj(red) });
    const first = bj((yellow ?? red)!);
    expect(levelAt(key, c, c.startedAt)).toBeNull();
    expect(levelAt(key, c, ms(first, -1))).toBeNull();
    if (yellow) {
      expect(levelAt(key, c, bj(yellow))).toBe('YELLOW');
      expect(levelAt(key, c, red ? ms(bj(red), -1) : ms(bj(yellow), 30 * 86_400_000))).toBe('YELLOW');
    }
    if (red) expect(levelAt(key, c, bj(red))).toBe('RED');
  });

  it('no code on the nominal last day when a holiday moved it: approval, 72 h after submission on National Day', () => {
    const c = clockFact('APPROVAL', bj('2026-09-28T10:00:00'), bj('2026-10-09T00:00:00'));
    // hours since the start said red here (72 h): the period still runs to 24:00 of 8 Oct
    expect(levelAt('APPROVAL', c, bj('2026-10-01T10:00:00'))).toBeNull();
    expect(levelAt('APPROVAL', c, bj('2026-10-07T23:59:59.999'))).toBeNull();
  });

  it('the +08:00 boundary: the last day begins at 16:00 UTC the day before', () => {
    const c = clockFact('APPROVAL', bj('2026-11-02T10:00:00'), bj('2026-11-06T00:00:00'));
    expect(levelAt('APPROVAL', c, new Date('2026-11-04T15:59:59.999Z'))).toBeNull();
    expect(levelAt('APPROVAL', c, new Date('2026-11-04T16:00:00.000Z'))).toBe('YELLOW');
    expect(levelAt('APPROVAL', c, new Date('2026-11-05T16:00:00.000Z'))).toBe('YELLOW');
    expect(levelAt('APPROVAL', c, new Date('2026-11-05T16:00:00.001Z'))).toBe('RED');
  });

  it('not filed, never penalised takes its second X from CASES_DEADLINE_PENALTY, not from a second number', () => {
    const cfg = loadWarningsConfig({ CASES_DEADLINE_PENALTY: '10d' });
    // 10 days from Mon 2 Nov: Thu 12 Nov; 10 more: Sun 22 Nov, a rest day → Mon 23 Nov
    const c = clockFact('PENALTY', bj('2026-11-02T10:00:00'), bj('2026-11-13T00:00:00'));
    expect(Calendar.of(cfg.calendar).dueAt(c.startedAt, cfg.periods.PENALTY).toISOString()).toBe(c.dueAt.toISOString());
    expect(warningTimes(c, 'PENALTY', cfg)).toEqual({ yellow: bj('2026-11-13T00:00:00.001'), red: bj('2026-11-24T00:00:00.001') });
    expect(levelAt('PENALTY', c, bj('2026-11-24T00:00:00'), cfg)).toBe('YELLOW');
    expect(levelAt('PENALTY', c, bj('2026-11-24T00:00:00.001'), cfg)).toBe('RED');
  });

  it('configured points move the levels (CASES_WARN_<RULE>_YELLOW / _RED)', () => {
    const cfg = loadWarningsConfig({ CASES_WARN_TRANSFER_YELLOW: 'last-day', CASES_WARN_TRANSFER_RED: 'due+1d' });
    const c = clockFact('TRANSFER', bj('2026-11-02T10:00:00'), bj('2026-11-03T10:00:00'));
    // last day of a 24 h period: the local day its due time falls in; 1 day more: 24:00 of Wed 4 Nov
    expect(warningTimes(c, 'TRANSFER', cfg)).toEqual({ yellow: bj('2026-11-03T00:00:00'), red: bj('2026-11-05T00:00:00.001') });
  });

  it('a paused clock raises nothing, overdue or not', () => {
    const c = { ...clockFact('REVERSE_HANDOFF', bj('2026-11-02T10:00:00'), bj('2026-11-06T00:00:00')), pausedAt: bj('2026-11-03T10:00:00') };
    expect(levelAt('REVERSE_HANDOFF', c, bj('2026-12-01T10:00:00'))).toBeNull();
  });
});

describe('no code against a unit that is not late (generated clocks, 2024–2026)', () => {
  it('red only past the due time, yellow no earlier than the last day, and never silent once overdue', () => {
    const start = Date.parse('2024-01-01T00:00:00+08:00');
    const end = Date.parse('2026-09-01T00:00:00+08:00');
    fc.assert(
      fc.property(fc.constantFrom(...CLOCK_RULE_KEYS), fc.integer({ min: start, max: end }), fc.integer({ min: 0, max: 120 * 24 * 60 }), (key, startedMs, minutesLater) => {
        const startedAt = new Date(startedMs);
        const dueAt = calendar.dueAt(startedAt, periods[key]);
        const now = new Date(startedMs + minutesLater * 60_000);
        const level = levelAt(key, clockFact(key, startedAt, dueAt), now);
        if (level === 'RED') expect(now.getTime()).toBeGreaterThan(dueAt.getTime());
        if (level === 'YELLOW') {
          expect(now.getTime()).toBeGreaterThanOrEqual(calendar.lastDayBegins(dueAt).getTime());
          if (key !== 'APPROVAL') expect(now.getTime()).toBeGreaterThan(dueAt.getTime());
        }
        if (now.getTime() > dueAt.getTime()) expect(level).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
