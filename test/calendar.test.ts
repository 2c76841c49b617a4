/**
 * The calendar as procedure law counts it (Criminal Procedure Law art. 105, shared/domain.md): the
 * State Council's holiday notices for 2024–2026 shipped as data (deadlines/holidays/cn.json), a
 * last day that is a holiday or rest day giving way to the next working day, the +08:00 day
 * boundary on both sides, and every clock of the domain table pinned to a due time written out by
 * hand from the notices (not computed with the production calendar).
 */
import { describe, expect, it, vi } from 'vitest';
import { loadCalendarConfig, loadCasesConfig, loadDeadlines } from '../subgraphs/cases/config';
import { Calendar } from '../subgraphs/cases/deadlines/calendar';
import { CLOCK_NAMES, type ClockName } from '../subgraphs/cases/deadlines/clocks';
import { shippedHolidays } from '../subgraphs/cases/deadlines/holidays';

/** An instant in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const { calendar, periods } = loadDeadlines({});
const due = (clock: ClockName, start: string) => calendar.dueAt(bj(start), periods[clock]).toISOString();
const working = (c: Calendar, date: string) => c.isWorkingDay(c.dayOf(bj(`${date}T12:00:00`)));

describe('the shipped holiday notices (国务院办公厅关于XXXX年部分节假日安排的通知)', () => {
  it('hold 2024, 2025 and 2026, each day off and each make-up working day as the notice states it', () => {
    const shipped = shippedHolidays();
    expect([...shipped.years].sort()).toEqual([2024, 2025, 2026]);
    // 2024 (国办发明电〔2023〕7号): 28 days off, 8 weekend days worked.
    // 2025 (国办发明电〔2024〕12号): 28 days off, 5 worked. 2026 (issued 2025-11-04): 33 days off, 6 worked.
    const count = (set: Set<string>, y: string) => [...set].filter((d) => d.startsWith(y)).length;
    expect([count(shipped.holidays, '2024'), count(shipped.holidays, '2025'), count(shipped.holidays, '2026')]).toEqual([28, 28, 33]);
    expect([...shipped.workdays].sort()).toEqual([
      '2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12',
      '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
  });

  it.each([
    // 2024: Spring Festival 10–17 Feb, 4 and 18 Feb (Sundays) worked; Mid-Autumn 15–17 Sep, 14 Sep (Saturday) worked.
    ['2024-02-09', true], ['2024-02-10', false], ['2024-02-17', false], ['2024-02-18', true], ['2024-02-04', true],
    ['2024-09-14', true], ['2024-09-16', false], ['2024-10-07', false], ['2024-10-12', true],
    // 2025: New Year's Day alone (Wednesday), Spring Festival 28 Jan – 4 Feb, National Day and Mid-Autumn 1–8 Oct.
    ['2025-01-01', false], ['2025-01-02', true], ['2025-01-26', true], ['2025-02-04', false], ['2025-02-05', true],
    ['2025-05-31', false], ['2025-06-02', false], ['2025-10-08', false], ['2025-10-09', true], ['2025-10-11', true],
    // 2026: New Year 1–3 Jan, 4 Jan (Sunday) worked; Spring Festival 15–23 Feb, 14 and 28 Feb (Saturdays) worked.
    ['2026-01-02', false], ['2026-01-04', true], ['2026-02-14', true], ['2026-02-23', false], ['2026-02-24', true], ['2026-02-28', true],
    ['2026-05-05', false], ['2026-05-09', true], ['2026-06-19', false], ['2026-09-20', true], ['2026-09-25', false], ['2026-10-10', true],
    // Ordinary days: a Saturday, a Sunday and a Monday with nothing in the notice.
    ['2026-11-07', false], ['2026-11-08', false], ['2026-11-09', true],
  ])('%s is a working day: %s', (date, expected) => {
    expect(working(calendar, date)).toBe(expected);
  });
});

describe('every clock of the domain table, due as art. 105 counts it (expected instants by hand)', () => {
  // [clock, started (Beijing), due (Beijing), why]
  const table: [ClockName, string, string, string][] = [
    ['APPROVAL', '2026-11-02T10:00:00', '2026-11-06T00:00:00+08:00', 'Mon → 3, 4, 5 Nov: ends at 24:00 of Thu 5 Nov'],
    ['APPROVAL', '2026-09-28T10:00:00', '2026-10-09T00:00:00+08:00', 'last day 1 Oct is National Day (1–7 Oct off): ends at 24:00 of Thu 8 Oct'],
    ['TRANSFER', '2026-09-30T17:00:00', '2026-10-01T17:00:00+08:00', '24 h to the minute, a holiday or not: an hours period has no last day to move'],
    ['RECEIPT', '2026-02-14T09:00:00', '2026-02-15T09:00:00+08:00', '24 h from a make-up Saturday into the Spring Festival'],
    ['MATERIALS_SUPPLEMENT', '2026-06-17T15:00:00', '2026-06-23T00:00:00+08:00', 'last day Sat 20 Jun in the Dragon Boat holiday (19–21 Jun): Mon 22 Jun'],
    ['FILING_DECISION', '2026-11-04T11:00:00', '2026-11-10T00:00:00+08:00', 'last day Sat 7 Nov, a rest day: Mon 9 Nov'],
    ['GOODS_HANDOVER', '2026-02-12T16:00:00', '2026-02-25T00:00:00+08:00', 'last day Sun 15 Feb, first of the Spring Festival (15–23 Feb): Tue 24 Feb'],
    ['RECONSIDERATION_REQUEST', '2025-12-29T09:00:00', '2026-01-05T00:00:00+08:00', 'last day 1 Jan (1–3 Jan off): Sun 4 Jan, a make-up working day'],
    ['RECONSIDERATION_DECISION', '2026-04-03T14:00:00', '2026-04-08T00:00:00+08:00', 'last day Mon 6 Apr, Qingming (4–6 Apr): Tue 7 Apr'],
    ['SUPERVISION_REQUEST', '2026-04-28T10:00:00', '2026-05-07T00:00:00+08:00', 'last day 1 May, Labour Day (1–5 May): Wed 6 May'],
    ['PENALTY', '2026-09-01T10:00:00', '2026-10-09T00:00:00+08:00', '30 days to 1 Oct, National Day: Thu 8 Oct'],
    ['NON_FILING_REASONS', '2026-09-20T09:00:00', '2026-09-29T00:00:00+08:00', '7 days to Sun 27 Sep, Mid-Autumn (25–27 Sep): Mon 28 Sep'],
    ['REASONS_REVIEW', '2026-05-14T10:00:00', '2026-05-26T00:00:00+08:00', '10 days to Sun 24 May: Mon 25 May'],
    ['FILING_AFTER_NOTICE', '2026-11-10T10:00:00', '2026-11-26T00:00:00+08:00', '15 days to Wed 25 Nov, a working day: nothing moves'],
    ['REVERSE_HANDOFF', '2026-09-30T16:00:00', '2026-10-11T00:00:00+08:00', 'working days Thu 8, Fri 9, Sat 10 Oct (worked)'],
    ['REVERSE_REVIEW', '2026-02-12T10:00:00', '2026-03-05T00:00:00+08:00', '13, 14 (worked), 24–28 (28 worked) Feb, 2, 3, 4 Mar'],
    ['OPINION_REPLY', '2026-08-01T10:00:00', '2026-10-09T00:00:00+08:00', '2 months to 1 Oct, National Day: Thu 8 Oct'],
    ['OPINION_REPLY', '2025-12-31T10:00:00', '2026-03-01T00:00:00+08:00', '2 months to 28 Feb (no 31 Feb), a make-up Saturday: nothing moves'],
  ];

  it('the table names every clock', () => {
    expect(new Set(table.map(([c]) => c))).toEqual(new Set(CLOCK_NAMES));
  });

  it.each(table)('%s from %s is due at %s (%s)', (clock, start, expected) => {
    expect(due(clock, start)).toBe(new Date(expected).toISOString());
  });
});

describe('the +08:00 day boundary', () => {
  it('early morning Beijing time is already the next local day (UTC is still on the day before)', () => {
    // 00:30 on Tue 3 Nov in Beijing is 16:30 UTC on Mon 2 Nov: the period counts 4, 5, 6 Nov.
    expect(due('APPROVAL', '2026-11-03T00:30:00')).toBe('2026-11-06T16:00:00.000Z');
    expect(due('APPROVAL', '2026-11-03T07:59:59')).toBe('2026-11-06T16:00:00.000Z');
    expect(due('APPROVAL', '2026-11-03T00:00:00')).toBe('2026-11-06T16:00:00.000Z');
  });

  it('late evening Beijing time is still the same local day', () => {
    expect(due('APPROVAL', '2026-11-02T23:59:59.999')).toBe('2026-11-05T16:00:00.000Z');
    expect(due('APPROVAL', '2026-11-02T23:30:00')).toBe('2026-11-05T16:00:00.000Z');
  });

  it('a holiday is a Beijing day: 1 Oct begins at 16:00 UTC on 30 Sep', () => {
    // 07:00 on Sun 27 Sep Beijing (23:00 UTC on Sat 26 Sep): 28, 29, 30 Sep, ends at 24:00 of Wed 30 Sep.
    expect(due('FILING_DECISION', '2026-09-27T07:00:00')).toBe('2026-09-30T16:00:00.000Z');
    // 23:30 on Sun 27 Sep Beijing: the same local day, the same due time.
    expect(due('FILING_DECISION', '2026-09-27T23:30:00')).toBe('2026-09-30T16:00:00.000Z');
    // 00:30 on Mon 28 Sep: last day 1 Oct, a holiday, so 24:00 of Thu 8 Oct.
    expect(due('FILING_DECISION', '2026-09-28T00:30:00')).toBe('2026-10-08T16:00:00.000Z');
    expect(working(calendar, '2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay(calendar.dayOf(new Date('2026-09-30T15:59:59.999Z')))).toBe(true);
    expect(calendar.isWorkingDay(calendar.dayOf(new Date('2026-09-30T16:00:00.000Z')))).toBe(false);
  });

  it('the last day of a period begins at local midnight; an escalation runs on from the due time', () => {
    expect(calendar.lastDayBegins(new Date('2026-11-05T16:00:00.000Z')).toISOString()).toBe('2026-11-04T16:00:00.000Z');
    // 4 more days after 24:00 of Thu 5 Nov: 6, 7, 8, 9 Nov, ends 24:00 of Mon 9 Nov.
    expect(calendar.dueAfter(new Date('2026-11-05T16:00:00.000Z'), { amount: 4, unit: 'CALENDAR_DAYS' }).toISOString()).toBe('2026-11-09T16:00:00.000Z');
    // 4 more days after 24:00 of Wed 30 Sep: last day 4 Oct is a holiday, so 24:00 of Thu 8 Oct.
    expect(calendar.dueAfter(new Date('2026-09-30T16:00:00.000Z'), { amount: 4, unit: 'CALENDAR_DAYS' }).toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(calendar.dueAfter(new Date('2026-09-30T09:00:00.000Z'), { amount: 48, unit: 'HOURS' }).toISOString()).toBe('2026-10-02T09:00:00.000Z');
  });
});

describe('configuration adds to the shipped notices', () => {
  it('CASES_HOLIDAYS and CASES_EXTRA_WORKDAYS add dates, and win over the file for the same date', () => {
    const c = new Calendar(loadCalendarConfig({ CASES_HOLIDAYS: '2026-11-09,2026-10-10', CASES_EXTRA_WORKDAYS: '2026-10-05' }));
    expect(working(c, '2026-11-09')).toBe(false); // added holiday (a Monday)
    expect(working(c, '2026-10-10')).toBe(false); // the file's make-up Saturday, given off by configuration
    expect(working(c, '2026-10-05')).toBe(true); // the file's holiday, worked by configuration
    expect(working(c, '2026-10-06')).toBe(false); // the rest of the file still holds
  });

  it('the configured calendar is the default of loadCasesConfig', () => {
    const config = loadCasesConfig({});
    expect(config.calendar.holidays.has('2026-10-01')).toBe(true);
    expect(config.calendar.extraWorkdays.has('2026-10-10')).toBe(true);
    expect([...config.calendar.coveredYears!].sort()).toEqual([2024, 2025, 2026]);
  });
});

describe('a year without a holiday notice', () => {
  it('is counted with weekends only, and the calendar says so once, naming the year and the settings', () => {
    const told = vi.fn();
    const c = new Calendar(loadCalendarConfig({}), told);
    // Tue 29 Dec 2026 + 3 days: 30, 31 Dec, Fri 1 Jan 2027, which no shipped notice covers.
    expect(c.dueAt(bj('2026-12-29T10:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }).toISOString()).toBe('2027-01-01T16:00:00.000Z');
    c.dueAt(bj('2026-12-30T10:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' });
    expect(told).toHaveBeenCalledTimes(1);
    expect(told.mock.calls[0]![0]).toBe(2027);
    expect(told.mock.calls[0]![1]).toMatch(/no holiday arrangement for 2027 .*holds 2024, 2025, 2026.*CASES_HOLIDAYS and CASES_EXTRA_WORKDAYS/);
  });

  it('is covered once configuration names a date in it', () => {
    const told = vi.fn();
    const c = new Calendar(loadCalendarConfig({ CASES_HOLIDAYS: '2027-01-01' }), told);
    // Last day Fri 1 Jan 2027 given off: Sat 2 and Sun 3 are rest days, so 24:00 of Mon 4 Jan.
    expect(c.dueAt(bj('2026-12-29T10:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }).toISOString()).toBe('2027-01-04T16:00:00.000Z');
    expect(told).not.toHaveBeenCalled();
  });

  it('hours periods never consult the holiday lists', () => {
    const told = vi.fn();
    const c = new Calendar(loadCalendarConfig({}), told);
    expect(c.dueAt(bj('2026-12-31T23:30:00'), { amount: 24, unit: 'HOURS' }).toISOString()).toBe('2027-01-01T15:30:00.000Z');
    expect(told).not.toHaveBeenCalled();
  });
});

describe('a paused clock', () => {
  it('moved by its pause onto a rest day ends on the next working day', () => {
    // Due at 24:00 of Thu 5 Nov, paused 2 days: 24:00 of Sat 7 Nov, a rest day, so 24:00 of Mon 9 Nov.
    const resumed = calendar.resumedDue(bj('2026-11-06T00:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }, bj('2026-11-03T10:00:00'), bj('2026-11-05T10:00:00'));
    expect(resumed.toISOString()).toBe('2026-11-09T16:00:00.000Z');
  });
});
