/**
 * The deadline calendar and its configuration (subgraphs/cases/deadlines, config.ts): hours,
 * calendar days and months counted as Chinese procedure law counts them (the first day not
 * counted, ending at 24:00 of the last), working days skipping weekends and the configured
 * holidays but counting the weekend days made working days; one test per configuration message.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOSSIERS_JWKS_URL, loadCasesConfig } from '../subgraphs/cases/config';
import { Calendar } from '../subgraphs/cases/deadlines/calendar';
import { CLOCKS, CLOCK_NAMES } from '../subgraphs/cases/deadlines/clocks';
import { formatDuration, parseDuration } from '../subgraphs/cases/deadlines/duration';

const cal = (holidays: string[] = [], extraWorkdays: string[] = [], utcOffsetMinutes = 480) =>
  new Calendar({ utcOffsetMinutes, holidays: new Set(holidays), extraWorkdays: new Set(extraWorkdays) });
/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();

describe('the deadline calendar', () => {
  const c = cal();

  it('counts hours from the instant', () => {
    expect(iso(c.dueAt(bj('2026-11-02T10:15:00'), { amount: 24, unit: 'HOURS' }))).toBe(iso(bj('2026-11-03T10:15:00')));
  });

  it('counts calendar days from the next day, ending at 24:00 Beijing time of the last', () => {
    expect(iso(c.dueAt(bj('2026-11-02T10:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }))).toBe(iso(bj('2026-11-06T00:00:00')));
    // Late in the evening is still the same local day, although UTC has moved on.
    expect(iso(c.dueAt(bj('2026-11-02T23:30:00'), { amount: 3, unit: 'CALENDAR_DAYS' }))).toBe(iso(bj('2026-11-06T00:00:00')));
    expect(iso(c.dueAt(bj('2026-11-30T09:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }))).toBe(iso(bj('2026-12-04T00:00:00')));
    // Calendar days run through weekends and holidays; only a last day that is one moves (Fri + 3 = Mon 9 Nov).
    expect(iso(cal(['2026-11-04']).dueAt(bj('2026-11-06T09:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }))).toBe(iso(bj('2026-11-10T00:00:00')));
    // Thu + 3 = Sun 8 Nov, a rest day: the period ends at 24:00 of Monday 9 Nov (art. 105).
    expect(iso(c.dueAt(bj('2026-11-05T09:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }))).toBe(iso(bj('2026-11-10T00:00:00')));
    // Tue + 3 = Fri 6 Nov, but a holiday in this list: on over the weekend to Monday 9 Nov.
    expect(iso(cal(['2026-11-06']).dueAt(bj('2026-11-03T09:00:00'), { amount: 3, unit: 'CALENDAR_DAYS' }))).toBe(iso(bj('2026-11-10T00:00:00')));
  });

  it('counts working days, skipping weekends', () => {
    // Friday + 3 working days = Wednesday.
    expect(iso(c.dueAt(bj('2026-11-06T16:00:00'), { amount: 3, unit: 'WORKING_DAYS' }))).toBe(iso(bj('2026-11-12T00:00:00')));
    // Saturday + 1 working day = Monday.
    expect(iso(c.dueAt(bj('2026-11-07T11:00:00'), { amount: 1, unit: 'WORKING_DAYS' }))).toBe(iso(bj('2026-11-10T00:00:00')));
    expect(iso(c.dueAt(bj('2026-11-02T10:00:00'), { amount: 10, unit: 'WORKING_DAYS' }))).toBe(iso(bj('2026-11-17T00:00:00')));
  });

  it('skips configured holidays and counts weekend days made working days (调休)', () => {
    // National Day: 1–7 October 2026 off, Saturday 10 October worked.
    const golden = cal(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], ['2026-10-10']);
    // Wednesday 30 September + 3 working days: 8 (Thu), 9 (Fri), 10 (Sat, worked) → due at the end of 10 October.
    expect(iso(golden.dueAt(bj('2026-09-30T15:00:00'), { amount: 3, unit: 'WORKING_DAYS' }))).toBe(iso(bj('2026-10-11T00:00:00')));
    expect(golden.isWorkingDay(golden.dayOf(bj('2026-10-10T12:00:00')))).toBe(true);
    expect(golden.isWorkingDay(golden.dayOf(bj('2026-10-05T12:00:00')))).toBe(false);
    expect(golden.isWorkingDay(golden.dayOf(bj('2026-10-11T12:00:00')))).toBe(false);
  });

  it('counts months to the same date, or the month’s last day', () => {
    expect(iso(c.dueAt(bj('2026-11-20T10:00:00'), { amount: 2, unit: 'MONTHS' }))).toBe(iso(bj('2027-01-21T00:00:00')));
    // 31 Dec + 2 months: 28 Feb 2027 (no 31 Feb), a Sunday, so the period ends at 24:00 of Monday 1 March (art. 105).
    expect(iso(c.dueAt(bj('2026-12-31T10:00:00'), { amount: 2, unit: 'MONTHS' }))).toBe(iso(bj('2027-03-02T00:00:00')));
    expect(iso(c.dueAt(bj('2027-01-31T10:00:00'), { amount: 1, unit: 'MONTHS' }))).toBe(iso(bj('2027-03-02T00:00:00')));
    // 31 Mar + 2 months: 31 May 2026, a Sunday → Monday 1 June; 15 Apr + 1 month: Friday 15 May, nothing moves.
    expect(iso(c.dueAt(bj('2026-03-31T10:00:00'), { amount: 2, unit: 'MONTHS' }))).toBe(iso(bj('2026-06-02T00:00:00')));
    expect(iso(c.dueAt(bj('2026-04-15T10:00:00'), { amount: 1, unit: 'MONTHS' }))).toBe(iso(bj('2026-05-16T00:00:00')));
  });

  it('counts local days in the configured offset', () => {
    const utc = cal([], [], 0);
    expect(iso(utc.dueAt(new Date('2026-11-02T23:30:00Z'), { amount: 1, unit: 'CALENDAR_DAYS' }))).toBe('2026-11-04T00:00:00.000Z');
  });

  it('gives a paused clock back the time it had left when it resumes', () => {
    const due = c.dueAt(bj('2026-11-02T10:00:00'), { amount: 10, unit: 'WORKING_DAYS' }); // end of Mon 16 Nov
    // Paused on Wednesday 4 Nov (8 working days left: 5, 6, 9–13, 16), resumed on Monday 23 Nov: 24–27, 30, 1–3 Dec.
    const resumed = c.resumedDue(due, { amount: 10, unit: 'WORKING_DAYS' }, bj('2026-11-04T15:00:00'), bj('2026-11-23T09:00:00'));
    expect(iso(resumed)).toBe(iso(bj('2026-12-04T00:00:00')));
    const hours = c.resumedDue(new Date('2026-11-03T02:00:00Z'), { amount: 24, unit: 'HOURS' }, new Date('2026-11-02T12:00:00Z'), new Date('2026-11-02T20:00:00Z'));
    expect(iso(hours)).toBe('2026-11-03T10:00:00.000Z');
  });

  it('refuses to search forever when the holiday list leaves no working day', () => {
    const all = Array.from({ length: 4000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    expect(() => cal(all).dueAt(bj('2026-11-02T10:00:00'), { amount: 1, unit: 'WORKING_DAYS' })).toThrow(/check the holiday list/);
  });
});

describe('periods', () => {
  it.each([
    ['24h', { amount: 24, unit: 'HOURS' }],
    ['3d', { amount: 3, unit: 'CALENDAR_DAYS' }],
    ['10wd', { amount: 10, unit: 'WORKING_DAYS' }],
    ['2mo', { amount: 2, unit: 'MONTHS' }],
  ])('%s', (text, period) => {
    expect(parseDuration(text)).toEqual(period);
    expect(formatDuration(period as never)).toBe(text);
  });
  it.each(['', '3', '3 days', '0d', '-1d', '3y', '1.5d'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('cases configuration', () => {
  it('defaults to the domain’s periods, the shipped holiday notices, +08:00 and the local dossiers JWKS', () => {
    const config = loadCasesConfig({});
    expect(Object.keys(config.deadlines)).toEqual(CLOCK_NAMES);
    for (const clock of CLOCK_NAMES) expect(config.deadlines[clock]).toEqual(CLOCKS[clock].period);
    expect(config.deadlines.APPROVAL).toEqual({ amount: 3, unit: 'CALENDAR_DAYS' });
    expect(config.deadlines.TRANSFER).toEqual({ amount: 24, unit: 'HOURS' });
    expect(config.deadlines.REVERSE_REVIEW).toEqual({ amount: 10, unit: 'WORKING_DAYS' });
    expect(config.deadlines.OPINION_REPLY).toEqual({ amount: 2, unit: 'MONTHS' });
    expect(config.calendar.utcOffsetMinutes).toBe(480);
    expect(config.calendar.coveredYears).toEqual(new Set([2024, 2025, 2026]));
    expect([...config.calendar.holidays].filter((d) => d.startsWith('2026-10'))).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(config.dossiersKeys).toEqual({ jwksUrl: DEFAULT_DOSSIERS_JWKS_URL });
  });

  it('reads overrides', () => {
    const config = loadCasesConfig({
      CASES_DEADLINE_PENALTY: '60d',
      CASES_DEADLINE_MATERIALS_SUPPLEMENT: '5wd',
      CASES_HOLIDAYS: '2027-10-01, 2027-10-02',
      CASES_EXTRA_WORKDAYS: '2027-10-09',
      CASES_UTC_OFFSET: '+00:00',
      DOSSIERS_JWKS_URL: 'https://dossiers.example/.well-known/jwks.json',
    });
    expect(config.deadlines.PENALTY).toEqual({ amount: 60, unit: 'CALENDAR_DAYS' });
    expect(config.deadlines.MATERIALS_SUPPLEMENT).toEqual({ amount: 5, unit: 'WORKING_DAYS' });
    expect(config.calendar.utcOffsetMinutes).toBe(0);
    expect([...config.calendar.holidays].filter((d) => d.startsWith('2027'))).toEqual(['2027-10-01', '2027-10-02']);
    expect([...config.calendar.extraWorkdays].filter((d) => d.startsWith('2027'))).toEqual(['2027-10-09']);
    expect(config.calendar.coveredYears).toEqual(new Set([2024, 2025, 2026, 2027]));
    expect(config.dossiersKeys).toEqual({ jwksUrl: 'https://dossiers.example/.well-known/jwks.json' });
  });

  it.each([
    [{ CASES_DEADLINE_APPROVAL: '3 days' }, 'CASES_DEADLINE_APPROVAL must be a period like 24h, 3d, 10wd or 2mo, got "3 days"'],
    [{ CASES_DEADLINE_APROVAL: '3d' }, 'CASES_DEADLINE_APROVAL names no clock: expected CASES_DEADLINE_APPROVAL'],
    [{ CASES_HOLIDAYS: '2026-10-01,2026-13-01' }, 'CASES_HOLIDAYS must be a comma-separated list of YYYY-MM-DD dates, got "2026-13-01"'],
    [{ CASES_EXTRA_WORKDAYS: '10/10/2026' }, 'CASES_EXTRA_WORKDAYS must be a comma-separated list of YYYY-MM-DD dates, got "10/10/2026"'],
    [{ CASES_HOLIDAYS: '2026-10-10', CASES_EXTRA_WORKDAYS: '2026-10-10' }, '2026-10-10 is in both CASES_HOLIDAYS and CASES_EXTRA_WORKDAYS'],
    [{ CASES_UTC_OFFSET: 'Asia/Shanghai' }, 'CASES_UTC_OFFSET must look like +08:00, got "Asia/Shanghai"'],
    [{ DOSSIERS_JWKS_URL: 'file:///keys.json' }, 'DOSSIERS_JWKS_URL must be an http(s) URL, got "file:///keys.json"'],
  ])('refuses %j by name', (env, message) => {
    expect(() => loadCasesConfig(env)).toThrow(message);
  });
});
