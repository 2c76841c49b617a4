/**
 * Hostile input at the statistics queries: random and malicious values in every argument and
 * filter field. Every answer is data or a clear refusal with a registered code (never a 5xx or a
 * stack trace), and nothing is written but the analyst's privacy-budget ledger.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { anyJson, changedTables, countRows, expectNoInternalError, FC, hostileId, hostileString, raw } from './hostileKit';

let graph: TestGraph;
let token: string;
beforeAll(async () => {
  // Noise stays on; the budget is large enough for every run (an analyst's budget would refuse most
  // of them, with a registered code, before the SQL is reached).
  graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 0 } }, statisticsPrivacy: { dailyBudget: 1_000_000 } });
  token = await graph.token({ role: 'ANALYST' });
}, 120_000);
afterAll(() => graph?.close());

const STATS = `query($g: [StatisticsDimension!], $l: StatisticsDivisionLevel, $p: StatisticsPeriod, $f: StatisticsFilter, $s: [DeadlineClock!]) {
  caseStatistics(groupBy: $g, divisionLevel: $l, period: $p, filter: $f, steps: $s) { suppressedGroups groups { period cases steps { step medianHours } } total { cases } } }`;
const INDEX = `query($by: IndicatorSubject!, $f: StatisticsFilter) { indicatorIndex(by: $by, filter: $f) { scores { divisionCode score } } }`;

const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: a, weight: 6 }, { arbitrary: anyJson, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 3 });
const instant = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileString(60));
const filter = fc.record(
  {
    agencyIds: maybe(fc.array(hostileId, { maxLength: 250 })),
    receivingAgencyIds: maybe(fc.array(hostileId, { maxLength: 5 })),
    sectors: maybe(fc.array(fc.oneof(fc.constantFrom('TAX', 'MARKET_SUPERVISION'), hostileString(20)), { maxLength: 3 })),
    divisionCode: maybe(fc.oneof(fc.constantFrom('330106', '330100', '330000', '000000', '3301', '33010A'), hostileString(20))),
    statuses: maybe(fc.array(fc.oneof(fc.constant('FILED'), hostileString(20)), { maxLength: 3 })),
    from: maybe(instant),
    to: maybe(instant),
  },
  { requiredKeys: [] },
);

it(`answers random and malicious statistics arguments with data or a clear refusal, writing nothing (${DATABASE_KIND})`, async () => {
  const before = await countRows(graph);
  let answered = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record(
        {
          g: maybe(fc.array(fc.oneof(fc.constantFrom('AGENCY', 'SECTOR', 'DIVISION', 'STATUS', 'PERIOD', 'RECEIVING_AGENCY'), hostileString(20)), { maxLength: 7 })),
          l: maybe(fc.constantFrom('CITY', 'COUNTY', 'PROVINCE')),
          p: maybe(fc.constantFrom('MONTH', 'QUARTER', 'YEAR', 'DAY')),
          f: fc.oneof({ arbitrary: filter, weight: 6 }, { arbitrary: anyJson, weight: 1 }),
          s: maybe(fc.array(fc.oneof(fc.constant('APPROVAL'), hostileString(20)), { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom('STATS', 'INDEX'),
      async (vars, which) => {
        const body = which === 'STATS' ? { query: STATS, variables: vars } : { query: INDEX, variables: { by: vars.l === 'CITY' ? 'DIVISION' : 'AGENCY', f: vars.f } };
        const a = await raw(await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));
        if (!expectNoInternalError(a, JSON.stringify(vars).slice(0, 300)).errors) answered++;
      },
    ),
    { ...FC, numRuns: FC.numRuns * 2 },
  );
  // The property must reach the SQL, not only the variable coercion.
  expect(answered).toBeGreaterThanOrEqual(5);
  // The one write a statistics-only answer makes is its privacy-budget ledger (decision 96).
  expect(changedTables(before, await countRows(graph)).filter((t) => !['cases.statistics_budget_days', 'cases.statistics_releases'].includes(t))).toEqual([]);
}, 300_000);
