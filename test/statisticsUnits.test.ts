import { describe, expect, it } from 'vitest';
import { loadStatisticsConfig } from '../subgraphs/cases/statistics/config';
import { periodRange } from '../subgraphs/cases/statistics/groups';
import { suppressedCells } from '../subgraphs/cases/statistics/suppression';

const cells = (...counts: [string, ...number[]][]) => counts.map(([k, ...n]) => ({ key: k.split('/'), counts: n }));
const hidden = (cs: ReturnType<typeof cells>, k = 5) => [...suppressedCells(cs, k)].map((i) => cs[i]!.key.join('/')).sort();

describe('small-cell suppression', () => {
  it('suppresses nothing when every group reaches k', () => {
    expect(hidden(cells(['a', 5], ['b', 9]))).toEqual([]);
  });
  it('adds the smallest complement when one group alone is suppressed', () => {
    expect(hidden(cells(['a', 2], ['b', 40], ['c', 6], ['d', 8]))).toEqual(['a', 'c']);
  });
  it('adds complements until the suppressed groups hold k together', () => {
    // 1 + 2 < 5: the smallest visible group (3) joins them.
    expect(hidden(cells(['a', 1], ['b', 2], ['c', 3], ['d', 50]))).toEqual(['a', 'b', 'c']);
  });
  it('protects every margin of a two-way table', () => {
    const cs = cells(['x/1', 2], ['x/2', 30], ['y/1', 20], ['y/2', 40], ['z/1', 25], ['z/2', 35]);
    const h = hidden(cs);
    // Row x and column 1 each get a second suppressed cell; the grand total then holds 4 cells.
    for (const margin of [['x/1', 'x/2'], ['x/1', 'y/1', 'z/1'], ['x/2', 'y/2', 'z/2']]) {
      const inMargin = margin.filter((m) => h.includes(m));
      if (inMargin.length) expect(inMargin.length).toBeGreaterThanOrEqual(2);
    }
    expect(h).toContain('x/1');
  });
  it('protects the cases the caller is not a party to: a cell of its own cases is neither suppressed nor a complement', () => {
    // Counts are the cases the caller is not a party to. 'own' holds only the caller's cases (0):
    // it would protect nothing, so the complement of 'a' (2) is 'c' (6), though 'own' is smaller.
    expect(hidden(cells(['a', 2], ['own', 0], ['c', 6], ['d', 9]))).toEqual(['a', 'c']);
    // Only own cells besides: nothing can hide 'a', and it stays suppressed alone (the total then must be too).
    expect(hidden(cells(['a', 2], ['own', 0]))).toEqual(['a']);
  });
  it('checks each kind of count on its own (all cases, and the cases the caller is not a party to)', () => {
    // [all cases, not the caller's]: 'a' is 8 cases, 6 of them the caller's: 2 others' → suppressed;
    // 'b' has 3 cases, all the caller's own → suppressed on the first count; 'c' complements both.
    expect(hidden(cells(['a', 8, 2], ['b', 3, 0], ['c', 9, 9], ['d', 20, 20]))).toEqual(['a', 'b', 'c']);
  });
});

describe('period labels', () => {
  it('turn into local ranges', () => {
    expect(periodRange('2024-04', 480).map((d) => d.toISOString())).toEqual(['2024-03-31T16:00:00.000Z', '2024-04-30T16:00:00.000Z']);
    expect(periodRange('2024-Q4', 480).map((d) => d.toISOString())).toEqual(['2024-09-30T16:00:00.000Z', '2024-12-31T16:00:00.000Z']);
    expect(periodRange('2024', 0).map((d) => d.toISOString())).toEqual(['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });
});

describe('statistics configuration', () => {
  it('has k = 5 and the default indicators', () => {
    const c = loadStatisticsConfig({});
    expect(c.minCell).toBe(5);
    expect(c.indicators.map((i) => i.name)).toContain('ON_TIME_TRANSFER');
  });
  it('changes a weight, drops an indicator, adds one', () => {
    const c = loadStatisticsConfig({
      CASES_INDICATORS: JSON.stringify({ ON_TIME_TRANSFER: { weight: 40 }, ON_TIME_RECEIPT: { weight: 0 }, ON_TIME_GOODS: { description: 'goods handed over in 3 days', formula: { kind: 'CLOCK_ON_TIME', clock: 'GOODS_HANDOVER' }, weight: 10 } }),
    });
    expect(c.indicators.find((i) => i.name === 'ON_TIME_TRANSFER')!.weight).toBe(40);
    expect(c.indicators.some((i) => i.name === 'ON_TIME_RECEIPT')).toBe(false);
    expect(c.indicators.find((i) => i.name === 'ON_TIME_GOODS')!.formula).toEqual({ kind: 'CLOCK_ON_TIME', clock: 'GOODS_HANDOVER' });
  });
  it('names the variable and the problem', () => {
    expect(() => loadStatisticsConfig({ CASES_STATISTICS_MIN_CELL: '1' })).toThrow(/CASES_STATISTICS_MIN_CELL must be a whole number from 2/);
    expect(() => loadStatisticsConfig({ CASES_INDICATORS: '{' })).toThrow(/CASES_INDICATORS must be a JSON object/);
    expect(() => loadStatisticsConfig({ CASES_INDICATORS: '{"NEW":{"weight":1}}' })).toThrow(/CASES_INDICATORS.NEW.description/);
    expect(() => loadStatisticsConfig({ CASES_INDICATORS: '{"X":{"description":"d","weight":1,"formula":{"kind":"CLOCK_ON_TIME","clock":"NOPE"}}}' })).toThrow(/CASES_INDICATORS.X.formula.clock/);
    expect(() => loadStatisticsConfig({ CASES_INDICATORS: '{"lower":{}}' })).toThrow(/not an indicator name/);
  });
});
