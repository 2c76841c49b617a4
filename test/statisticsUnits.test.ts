import { describe, expect, it } from 'vitest';
import { CLOCK_NAMES } from '../subgraphs/cases/deadlines/clocks';
import { loadStatisticsConfig, templateIndicators } from '../subgraphs/cases/statistics/config';
import { previousPeriod, ranks } from '../subgraphs/cases/statistics/indicators';
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

describe('indicator templates', () => {
  it('has a DEFAULT template of every indicator, [design] weights summing to 100, and the ON_TIME_2025 weighting', () => {
    const c = loadStatisticsConfig({});
    expect(c.defaultTemplate).toBe('DEFAULT');
    expect(c.templates.DEFAULT!.source).toMatch(/\[design\]/);
    const names = templateIndicators(c, c.templates.DEFAULT!).map((d) => d.name);
    // an on-time indicator for every legal clock
    for (const clock of CLOCK_NAMES) expect(names).toContain(`ON_TIME_${clock}`);
    expect(names).toHaveLength(7 + CLOCK_NAMES.length);
    expect(Object.values(c.templates.DEFAULT!.weights).reduce((a, b) => a + b, 0)).toBe(100);
    expect(c.indicators.find((d) => d.name === 'PENALTY_INSTEAD_OF_TRANSFER_RATE')!.orientation).toBe('LOWER_IS_BETTER');
    expect(c.templates.ON_TIME_2025!.weights).toEqual({ ON_TIME_APPROVAL: 15, ON_TIME_TRANSFER: 25, ON_TIME_RECEIPT: 15, ON_TIME_FILING_DECISION: 25, WARNINGS_CLOSED_ON_TIME: 20 });
  });
  it('adds a template and makes it the default', () => {
    const c = loadStatisticsConfig({
      CASES_INDICATOR_TEMPLATES: JSON.stringify({ CITY_2027: { description: 'the city’s weighting', source: 'municipal notice', weights: { TRANSFER_RATE: 3, ON_TIME_TRANSFER: 1, ON_TIME_RECEIPT: 0 } } }),
      CASES_INDICATOR_TEMPLATE: 'CITY_2027',
    });
    expect(c.defaultTemplate).toBe('CITY_2027');
    expect(templateIndicators(c, c.templates.CITY_2027!).map((d) => [d.name, d.weight])).toEqual([
      ['TRANSFER_RATE', 3],
      ['ON_TIME_TRANSFER', 1],
    ]);
  });
  it('names the variable and the problem', () => {
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATES: '[1]' })).toThrow(/CASES_INDICATOR_TEMPLATES must be a JSON object/);
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATES: '{"city":{}}' })).toThrow(/CASES_INDICATOR_TEMPLATES: "city" is not a template name/);
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATES: '{"CITY":{"weights":{}}}' })).toThrow(/CASES_INDICATOR_TEMPLATES.CITY.description/);
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATES: '{"CITY":{"description":"d","weights":{"NOPE":1}}}' })).toThrow(/CASES_INDICATOR_TEMPLATES.CITY.weights.NOPE: no such indicator/);
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATES: '{"CITY":{"description":"d","weights":{"TRANSFER_RATE":-1}}}' })).toThrow(/CASES_INDICATOR_TEMPLATES.CITY.weights.TRANSFER_RATE/);
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATES: '{"CITY":{"description":"d","weights":{"TRANSFER_RATE":0}}}' })).toThrow(/CASES_INDICATOR_TEMPLATES.CITY.weights: gives no indicator a weight above 0/);
    expect(() => loadStatisticsConfig({ CASES_INDICATOR_TEMPLATE: 'NOPE' })).toThrow(/CASES_INDICATOR_TEMPLATE names no template: "NOPE"/);
    expect(() => loadStatisticsConfig({ CASES_INDICATORS: '{"X":{"description":"d","weight":1,"orientation":"SIDEWAYS","formula":{"kind":"TRANSFER_RATE"}}}' })).toThrow(/CASES_INDICATORS.X.orientation/);
  });
});

describe('ranks and periods of the index', () => {
  it('ranks 1 = best, equal values share a rank and the next skips, no value no rank', () => {
    expect(ranks([80, 95, 80, null, 60])).toEqual([2, 1, 2, null, 4]);
    expect(ranks([0.1 + 0.2, 0.3])).toEqual([1, 1]);
  });
  it('steps back one period of the same kind', () => {
    expect(['2027-03', '2027-01', '2027-Q1', '2027-Q3', '2027'].map(previousPeriod)).toEqual(['2027-02', '2026-12', '2026-Q4', '2027-Q2', '2026']);
  });
});
