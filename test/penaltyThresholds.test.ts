/**
 * The 立案追诉标准 table (warnings/thresholds.ts) and its configuration, and the 以罚代刑 rule's
 * register findings on hand-written penalties: which entry a penalty meets, what its reason cites,
 * the split period as any window of the configured days, repeated penalties for one offence.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WARNINGS_CONFIG, loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { thresholdFor } from '../subgraphs/cases/warnings/thresholds';
import { largestWindow, penaltyFinding } from '../subgraphs/cases/warnings/rules/penaltyInsteadOfTransfer';
import { comparedAmountOf } from '../subgraphs/cases/register/input';

const p = (amount: number, decidedOn: string, offence: string | null = null, party = 'k1') => ({ amount, decidedOn, offence, partyCreditCode: party, partyIdNumber: null });

describe('criminal threshold table', () => {
  it('has a sourced entry per sector, defaulting to CASES_WARN_PENALTY_THRESHOLDS, and offence entries that win by containment', () => {
    const t = DEFAULT_WARNINGS_CONFIG.thresholdTable;
    expect(thresholdFor(t, 'TAX', '少缴税款')).toMatchObject({ sector: 'TAX', offence: null, yuan: 100_000 });
    expect(thresholdFor(t, 'TAX', '逃税（虚假申报）')).toMatchObject({ offence: '逃税', yuan: 100_000 });
    expect(thresholdFor(t, 'TAX', null).source).toContain('第五十二条');
    expect(thresholdFor(t, 'MARKET_SUPERVISION', '销售伪劣产品').source).toContain('第十六条');
    const set = loadWarningsConfig({ CASES_WARN_PENALTY_THRESHOLDS: '{"MARKET_SUPERVISION":30000}' });
    expect(thresholdFor(set.thresholdTable, 'MARKET_SUPERVISION', null)).toMatchObject({ yuan: 30_000, source: expect.stringContaining('CASES_WARN_PENALTY_THRESHOLDS') });
    const own = loadWarningsConfig({ CASES_WARN_PENALTY_OFFENCE_THRESHOLDS: '[{"sector":"CUSTOMS","offence":"走私普通货物","yuan":100000,"source":"法释〔2014〕10号第十六条"},{"sector":"CUSTOMS","offence":"走私","yuan":200000,"source":"test"}]' });
    expect(thresholdFor(own.thresholdTable, 'CUSTOMS', '走私普通货物、物品')).toMatchObject({ yuan: 100_000, source: '法释〔2014〕10号第十六条' });
    expect(thresholdFor(own.thresholdTable, 'CUSTOMS', '走私废物')).toMatchObject({ yuan: 200_000 });
    expect(thresholdFor(own.thresholdTable, 'TAX', '逃税').offence).toBeNull(); // the offence entries were replaced
  });

  it('refuses bad settings naming the variable', () => {
    const v = 'CASES_WARN_PENALTY_OFFENCE_THRESHOLDS';
    expect(() => loadWarningsConfig({ [v]: 'nope' })).toThrow(`${v} must be a JSON array`);
    expect(() => loadWarningsConfig({ [v]: '{}' })).toThrow(`${v} must be a JSON array of {sector, offence, yuan, source}`);
    expect(() => loadWarningsConfig({ [v]: '[{"sector":"FISHING","offence":"x","yuan":1,"source":"abcd"}]' })).toThrow(`${v}[0].sector`);
    expect(() => loadWarningsConfig({ [v]: '[{"sector":"TAX","offence":"逃税","yuan":-1,"source":"abcd"}]' })).toThrow(`${v}[0].yuan`);
    expect(() => loadWarningsConfig({ [v]: '[{"sector":"TAX","offence":"逃税","yuan":1}]' })).toThrow(`${v}[0].source`);
    expect(() => loadWarningsConfig({ [v]: '[{"sector":"TAX","yuan":1,"source":"abcd"}]' })).toThrow(`${v}[0].offence is required`);
    expect(() => loadWarningsConfig({ [v]: '@/nonexistent/thresholds.json' })).toThrow(`${v} names a file that cannot be read`);
    expect(() => loadWarningsConfig({ CASES_WARN_PENALTY_REPEAT_COUNT: '1' })).toThrow('CASES_WARN_PENALTY_REPEAT_COUNT must be an integer between 2 and 1000, got "1"');
    expect(() => loadWarningsConfig({ CASES_WARN_PENALTY_REPEAT_PERIOD_DAYS: 'x' })).toThrow('CASES_WARN_PENALTY_REPEAT_PERIOD_DAYS must be an integer');
  });
});

describe('register findings (threshold 50,000, yellow from 40,000, 365 days)', () => {
  const find = (ps: ReturnType<typeof p>[]) => penaltyFinding('MARKET_SUPERVISION', ps, 0, DEFAULT_WARNINGS_CONFIG);
  it('one amount against the threshold', () => {
    expect(find([p(39_999.99, '2026-01-01')])).toBeNull();
    expect(find([p(40_000, '2026-01-01')])?.level).toBe('YELLOW');
    expect(find([p(50_000, '2026-01-01')])?.level).toBe('RED');
  });
  it('split penalties on one party: any 365 days, per party', () => {
    expect(find([p(20_000, '2026-01-10'), p(20_000, '2026-03-01'), p(15_000, '2026-06-01')])?.reason).toContain('add up to ¥55,000 within 365 days');
    expect(find([p(20_000, '2024-01-10'), p(20_000, '2024-09-01'), p(15_000, '2025-06-01')])).toBeNull();
    expect(find([p(20_000, '2026-01-10', null, 'a'), p(20_000, '2026-03-01', null, 'b'), p(15_000, '2026-06-01', null, 'c')])).toBeNull();
    expect(largestWindow([p(1, '2025-01-01'), p(1, '2025-12-31'), p(1, '2026-01-01')], 365)).toEqual({ sum: 2, count: 2 });
  });
  it('repeated penalties for the same offence: 3 within 365 days', () => {
    expect(find([p(1_000, '2026-02-01', '无照经营'), p(1_000, '2026-04-01', '无照经营')])).toBeNull();
    expect(find([p(1_000, '2026-02-01', '无照经营'), p(1_000, '2026-04-01', '无照经营'), p(1_000, '2026-07-01', '虚假宣传')])).toBeNull();
    expect(find([p(1_000, '2026-02-01', '无照经营'), p(1_000, '2026-04-01', '无照经营'), p(1_000, '2026-07-01', '无照经营')])?.level).toBe('YELLOW');
    expect(find([p(1_000, '2025-02-01', '无照经营'), p(1_000, '2025-09-01', '无照经营'), p(1_000, '2026-03-01', '无照经营')])).toBeNull();
  });
  it('the amount compared: the amount involved when given, else fine + confiscation', () => {
    expect(comparedAmountOf({ fineYuan: 8_000, confiscationYuan: 0, amountInvolvedYuan: 40_000 })).toBe(40_000);
    expect(comparedAmountOf({ fineYuan: 30_000, confiscationYuan: 20_000, amountInvolvedYuan: null })).toBe(50_000);
    expect(comparedAmountOf({ fineYuan: 0.1, confiscationYuan: 0.2, amountInvolvedYuan: null })).toBe(0.3);
  });
});
