/**
 * Statistics that cannot be differenced (issue 23.3, decision 96): attacks by statistics-only
 * callers that try to isolate one case, with noise on at the default ε (0.5 per measure) and a
 * budget of 10 per caller per day (the default is 20; 10 keeps the attack in (d) short). Each attacker is the analyst of another
 * agency (political-legal committee, justice bureaus), so each has a budget of its own. The mechanism's distribution, the window and the
 * histogram are unit-tested at the end with values worked out by hand.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDeadlines, cases, warnings } from '../subgraphs/cases/db/schema';
import { spend } from '../subgraphs/cases/statistics/budget';
import { loadPrivacyConfig, noiseSecretProblem } from '../subgraphs/cases/statistics/privacyConfig';
import { geometricNoise } from '../subgraphs/cases/statistics/noise';
import { bucketHours, bucketOf, histogramQuantile, normSub } from '../subgraphs/cases/statistics/stepHistogram';
import { snapWindow } from '../subgraphs/cases/statistics/window';
import { ManualClock } from '../subgraphs/kit/clock';
import type { Database } from '../subgraphs/kit/db';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { caseRow, FIXTURE_FROM, FIXTURE_TO, loadStatisticsFixture } from './statisticsFixture';

// 10:00 on 20 November 2026 in local time (+08:00): November is the current, unfinished month.
const clock = new ManualClock('2026-11-20T02:00:00.000Z');
const NOVEMBER_START = '2026-10-31T16:00:00.000Z';
const FILTER = { from: FIXTURE_FROM, to: FIXTURE_TO };
const MSA = 'ag-330106-msa';
let graph: TestGraph;
let db: Database;
const tokens: Record<string, string> = {};

const TOTAL = `query($f: StatisticsFilter, $g: [StatisticsDimension!]) { caseStatistics(filter: $f, groupBy: $g) {
  window { from to } suppressedGroups groups { agency { id } sector suppressed cases filed } total { suppressed cases filed } } }`;
const BUDGET = `{ statisticsBudget { epsilonPerMeasure dailyBudget spentToday remainingToday resetsAt } }`;

beforeAll(async () => {
  graph = await startTestGraph({ clock, gateway: { rateLimit: { perSecond: 0 } }, statisticsPrivacy: { dailyBudget: 10 } });
  db = graph.subgraphs.cases!.db as Database;
  await loadStatisticsFixture(db);
  // A small sector: two EMERGENCY_MANAGEMENT cases in March 2024 (the fixture has MARKET 11, ECOLOGY 7);
  // and one case alone in June 2024, the attacker's target in (d).
  await db.insert(cases).values([
    { ...caseRow('E1', MSA, '2024-03-05T02:00:00.000Z', 'DRAFT', []), sector: 'EMERGENCY_MANAGEMENT' as never },
    { ...caseRow('E2', MSA, '2024-03-06T02:00:00.000Z', 'DRAFT', []), sector: 'EMERGENCY_MANAGEMENT' as never },
    caseRow('J1', MSA, '2024-06-10T02:00:00.000Z', 'DRAFT', []),
  ]);
  const who = {
    supervisor: { login: 'wang.li.zj-proc' },
    a: { role: 'ANALYST', agencyId: 'ag-330000-plc' },
    b: { role: 'ANALYST', agencyId: 'ag-330000-just' },
    c: { role: 'ANALYST', agencyId: 'ag-330100-just' },
    d: { role: 'ANALYST', agencyId: 'ag-330200-just' },
    e: { role: 'ANALYST', agencyId: 'ag-330300-just' },
    // The five demo analysts are taken: three procuratorates' supervisors declare the STATISTICS purpose instead.
    f: { login: 'ye.siyuan.hz-proc' },
    g: { login: 'yu.wei.nb-proc' },
    h: { login: 'zhang.xiaoyan.wz-proc' },
  } as const;
  for (const [name, q] of Object.entries(who)) tokens[name] = await graph.token(q as never);
}, 180_000);
afterAll(() => graph?.close());

/** f, g and h are statistics-only by the purpose they declare (decision 96's other statistics-only callers). */
const DECLARING = new Set(['f', 'g', 'h']);
const ask = (who: string, query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
  graph.query(query, variables, { token: tokens[who]!, purpose: purpose ?? (DECLARING.has(who) ? 'STATISTICS' : undefined) });
const data = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
  const res = await ask(who, query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

describe(`differencing attacks by statistics-only callers (${DATABASE_KIND})`, () => {
  it('(a) two totals a minute apart, a case registered and a case filed in between: the same answer', async () => {
    const filter = { from: FIXTURE_FROM };
    const before = await data('a', TOTAL, { f: filter });
    // Against exact figures the attack works: the supervisor's totals up to now differ by the new case.
    const exactBefore = (await data('supervisor', TOTAL, { f: { ...filter, to: clock.now().toISOString() } })).caseStatistics.total;

    await db.insert(cases).values(caseRow('N1', MSA, clock.now().toISOString(), 'DRAFT', []));
    await db.update(cases).set({ filedAt: clock.now() }).where(eq(cases.id, 'st-A5'));
    clock.advance(60_000);

    const after = await data('a', TOTAL, { f: filter });
    const exactAfter = (await data('supervisor', TOTAL, { f: { ...filter, to: clock.now().toISOString() } })).caseStatistics.total;
    expect(exactAfter.cases - exactBefore.cases).toBe(1);
    expect(exactAfter.filed - exactBefore.filed).toBe(1);

    // The analyst's window: 1 January 2024 (local) to the start of November 2026, the current month left out.
    expect(before.caseStatistics.window).toEqual({ from: FIXTURE_FROM, to: NOVEMBER_START });
    expect(after).toEqual(before);
    // The same with `to` given as "now", a minute apart: snapped to the same closed window.
    const t1 = await data('a', TOTAL, { f: { ...filter, to: clock.now().toISOString() } });
    expect(t1).toEqual(before);
    // The figures are near the exact ones of the same window (the supervisor's, to the start of November):
    // P(|noise| > 25) = 2α^26/(1+α) ≈ 2e-6 at ε 0.5.
    const exactWindow = (await data('supervisor', TOTAL, { f: { ...filter, to: NOVEMBER_START } })).caseStatistics.total;
    expect(Math.abs(before.caseStatistics.total.cases - exactWindow.cases)).toBeLessThanOrEqual(25);
    // Spent: one query, two measures (cases, filed) × 0.5; the repeats cost nothing.
    expect((await data('a', BUDGET)).statisticsBudget).toMatchObject({ epsilonPerMeasure: 0.5, dailyBudget: 10, spentToday: 1, remainingToday: 9 });
  });

  it('(b) "every sector but one" and "every agency but one" are refused when the one left out is small', async () => {
    // EMERGENCY_MANAGEMENT holds 2 cases in 2024: MARKET + ECOLOGY would be the total less those 2.
    const sectors = await ask('b', TOTAL, { f: { ...FILTER, sectors: ['MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT'] } });
    expect(sectors.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.sectors' });
    // 330212 msa holds 3 cases in 2024.
    const agencies = await ask('b', TOTAL, { f: { ...FILTER, agencyIds: ['ag-330106-msa', 'ag-330106-eco'] } });
    expect(agencies.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.agencyIds' });
    // Leaving out 9 (ECOLOGY 7 + EMERGENCY 2) is allowed; the small sector asked for alone is a suppressed total.
    expect((await data('b', TOTAL, { f: { ...FILTER, sectors: ['MARKET_SUPERVISION'] } })).caseStatistics.total.suppressed).toBe(false);
    expect((await data('b', TOTAL, { f: { ...FILTER, sectors: ['EMERGENCY_MANAGEMENT'] } })).caseStatistics.total).toEqual({ suppressed: true, cases: null, filed: null });
    // A case's current state is refused as a dimension and as a filter.
    expect((await ask('b', TOTAL, { f: FILTER, g: ['STATUS'] })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    expect((await ask('b', TOTAL, { f: { ...FILTER, statuses: ['FILED'] } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.statuses' });
    // Refusals spend nothing: two answered queries × two measures × 0.5.
    expect((await data('b', BUDGET)).statisticsBudget.spentToday).toBe(2);
  });

  it('(c) the same query 50 times: 50 identical answers, the budget spent once', async () => {
    const answers = new Set<string>();
    for (let i = 0; i < 50; i++) answers.add(JSON.stringify(await data('c', TOTAL, { f: FILTER, g: ['AGENCY'] })));
    expect(answers.size).toBe(1);
    // Written differently, the same question: `to` inside December snaps to 1 January 2025, the
    // dimension list is the same set. Same answer, nothing spent.
    const again = await data('c', TOTAL, { f: { from: '2024-01-15T00:00:00.000Z', to: '2024-12-20T00:00:00.000Z' }, g: ['AGENCY'] });
    expect(JSON.stringify(again)).toBe([...answers][0]);
    // Two measures (cases, filed) × ε 0.5, once.
    expect((await data('c', BUDGET)).statisticsBudget).toMatchObject({ spentToday: 1, remainingToday: 9 });
  });

  it('(d) an attacker spending the budget on distinct queries that differ by one case is refused once it is spent', async () => {
    // The target: J1, the only case registered in June 2024. The attacker pairs windows ending at
    // 1 June and at 1 July 2024 (which differ by J1 alone), each pair made distinct by its start
    // (a month of 2023, where there are no cases), and averages the differences.
    //
    // The bound, by hand: each answer releases one measure (total cases) with ε = 0.5: for any one
    // case, the probability of any answer changes by at most e^0.5 with or without it. Answers
    // compose sequentially, so k answers change it by at most e^(0.5k); the budget of 10 allows
    // k ≤ 10 / 0.5 = 20 answers a day, so the attacker's posterior odds that J1 exists are at most
    // e^10 times its prior odds, whatever it asks that day. The noise of one difference has
    // variance 2 · 2α/(1−α)² = 2 · 7.84 = 15.7 (α = e^−0.5), so 10 pairs leave the mean
    // difference with a standard deviation of √(15.7/10) ≈ 1.25 cases.
    const from = (m: number) => new Date(Date.UTC(2023, m, 1) - 8 * 3_600_000).toISOString();
    const JUNE = '2024-05-31T16:00:00.000Z';
    const JULY = '2024-06-30T16:00:00.000Z';
    const answered: number[] = [];
    let refused: any = null;
    for (let m = 0; m < 13 && !refused; m++) {
      for (const to of [JUNE, JULY]) {
        const res = await ask('d', `query($f: StatisticsFilter) { caseStatistics(filter: $f) { total { cases } } }`, { f: { from: from(m), to } });
        if (res.errors) {
          refused = res.errors[0];
          break;
        }
        answered.push(res.data.caseStatistics.total.cases);
      }
    }
    expect(answered).toHaveLength(20);
    expect(refused?.extensions).toMatchObject({ code: 'PRIVACY_BUDGET_EXHAUSTED', needed: 0.5, remaining: 0, resetsAt: '2026-11-20T16:00:00.000Z' });
    // The attacker's total spend is the hand-computed bound: 20 answers × 0.5 = 10.
    expect((await data('d', BUDGET)).statisticsBudget).toMatchObject({ spentToday: 10, remainingToday: 0 });
    // A question already answered is still answered, the same, for free.
    const first = await ask('d', `query($f: StatisticsFilter) { caseStatistics(filter: $f) { total { cases } } }`, { f: { from: from(0), to: JUNE } });
    expect(first.data.caseStatistics.total.cases).toBe(answered[0]);
    // The next local day starts at 16:00 UTC; the budget is renewed then.
    clock.set('2026-11-20T16:00:00.000Z');
    const renewed = await ask('d', `query($f: StatisticsFilter) { caseStatistics(filter: $f) { total { cases } } }`, { f: { from: from(12), to: JULY } });
    expect(renewed.errors).toBeUndefined();
    expect((await data('d', BUDGET)).statisticsBudget).toMatchObject({ spentToday: 0.5 });
    clock.set('2026-11-20T02:01:00.000Z');
  });

  it('gives the indicator index over closed months, noisy, one ε per indicator, the same on a repeat', async () => {
    const INDEX = `query($f: StatisticsFilter) { indicatorIndex(by: AGENCY, filter: $f) { window { from to } minimumCellSize
      scores { agency { id } score indicators { name suppressed numerator denominator value } } } }`;
    const first = await data('c', INDEX, { f: FILTER });
    expect(first.indicatorIndex.window).toEqual({ from: FIXTURE_FROM, to: FIXTURE_TO });
    const psb = first.indicatorIndex.scores.find((s: any) => s.agency.id === 'ag-330106-psb');
    const value = (name: string) => psb.indicators.find((i: any) => i.name === name);
    // Suppression as for exact figures (test/statistics.test.ts): receipts counted over 3 clocks < k.
    expect(value('ON_TIME_RECEIPT')).toMatchObject({ suppressed: true, numerator: null, denominator: null, value: null });
    // Filing decisions: 5 of 6 on time, noisy; the value is the noisy ratio.
    const filing = value('ON_TIME_FILING_DECISION');
    expect(filing.suppressed).toBe(false);
    expect(Math.abs(filing.denominator - 6)).toBeLessThanOrEqual(25);
    expect(filing.value).toBeCloseTo(filing.numerator / filing.denominator, 12);
    expect(await data('c', INDEX, { f: FILTER })).toEqual(first);
    // Shown to some subject, so released: the police's filing decisions (6 clocks) and the transfer
    // rate of eco (7 cases); msa's transfer rate is suppressed with 330212's one case (D1), and so is
    // the filing rate after transfer of both police units (330212's one beside 330106's ten).
    const shown = new Set(first.indicatorIndex.scores.flatMap((s: any) => s.indicators.filter((i: any) => i.numerator !== null).map((i: any) => i.name)));
    expect([...shown].sort()).toEqual(['ON_TIME_FILING_DECISION', 'TRANSFER_RATE']);
    // (c) spent 1; two indicators × 0.5, once (an indicator suppressed for every subject is not released).
    expect((await data('c', BUDGET)).statisticsBudget.spentToday).toBe(2);
  });

  it('spends the budget atomically: 30 distinct queries at once, 20 answered, the rest refused', async () => {
    // Each asks one measure (ε 0.5) of a window starting in another month of 2022–2024: 10 / 0.5 = 20 fit.
    const from = (m: number) => new Date(Date.UTC(2022, m, 1) - 8 * 3_600_000).toISOString();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, m) => ask('e', `query($f: StatisticsFilter) { caseStatistics(filter: $f) { total { cases } } }`, { f: { from: from(m), to: FIXTURE_TO } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(20);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions!.code)).toEqual(Array(10).fill('PRIVACY_BUDGET_EXHAUSTED'));
    expect((await data('e', BUDGET)).statisticsBudget).toMatchObject({ spentToday: 10, remainingToday: 0 });
  });

  it('(f) officers still get exact figures, the filter as given, and no budget', async () => {
    const s = (await data('supervisor', TOTAL, { f: FILTER, g: ['AGENCY'] })).caseStatistics;
    expect(s.window).toBeNull();
    // The fixture's 8 (A1–A6, B1, B2) + E1, E2, J1 for 330106 msa; 7 for eco; 3 for 330212 msa.
    expect(s.groups.map((g: any) => [g.agency.id, g.cases])).toEqual([
      ['ag-330106-eco', 7],
      ['ag-330106-msa', 11],
      ['ag-330212-msa', 3],
    ]);
    expect(s.total.cases).toBe(21);
    // An officer may subtract a small sector: it sees rows anyway (decision 74 protects the rest).
    const allButOne = await data('supervisor', TOTAL, { f: { ...FILTER, sectors: ['MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT'] } });
    expect(allButOne.caseStatistics.total.cases).toBe(19);
    expect((await data('supervisor', BUDGET)).statisticsBudget).toBeNull();
    // Declaring the STATISTICS purpose makes the same officer statistics-only: a closed window, noise.
    const declared = await ask('supervisor', TOTAL, { f: FILTER }, 'STATISTICS');
    expect(declared.errors).toBeUndefined();
    expect(declared.data.caseStatistics.window).toEqual({ from: FIXTURE_FROM, to: FIXTURE_TO });
  });

  it('gives statistics-only callers step percentiles from a noisy histogram, withheld under k met clocks', async () => {
    // One sector at a time (grouped by sector, EMERGENCY's 2 cases would suppress ECOLOGY as their complement).
    const steps = async (sector: string) =>
      (await data('b', `query($f: StatisticsFilter) { caseStatistics(filter: $f, steps: [FILING_DECISION, RECEIPT]) {
        total { suppressed steps { step started met medianHours p90Hours } } } }`, { f: { ...FILTER, sectors: [sector] } })).caseStatistics.total.steps;
    // ECOLOGY: two receipts met (10 h, 30 h) < k: no percentile, as before.
    expect((await steps('ECOLOGY_ENVIRONMENT')).find((s: any) => s.step === 'RECEIPT')).toMatchObject({ medianHours: null, p90Hours: null });
    // MARKET: six filing decisions met (12–96 h): a percentile is a bucket's middle, 2^((b − ½)/4) hours.
    const market = await steps('MARKET_SUPERVISION');
    const filing = market.find((s: any) => s.step === 'FILING_DECISION');
    for (const h of [filing.medianHours, filing.p90Hours]) {
      const b = Math.round(4 * Math.log2(h) + 0.5);
      expect(h).toBeCloseTo(2 ** ((b - 0.5) / 4), 9);
    }
    // Every requested clock is listed (an absent clock would say "none").
    expect(market.map((s: any) => s.step)).toEqual(['FILING_DECISION', 'RECEIPT']);
  });

  // The indicator index with periods, templates, ranks and changes (decision 95) for statistics-only
  // callers. March 2024 holds the fixture's cases but B1 and B2 (April, local time) and J1 (June);
  // February 2024 holds none. These run last: they change March's cases.
  const PERIOD_INDEX = `query($by: IndicatorSubject!, $period: String, $f: StatisticsFilter, $t: String) {
    indicatorIndex(by: $by, period: $period, filter: $f, template: $t) { window { from to } period previousPeriod
      scores { agency { id } divisionCode score rank previousScore change
        indicators { name suppressed numerator denominator value rank previousValue change medianHours } } } }`;
  const MARCH_2024 = { from: '2024-02-29T16:00:00.000Z', to: '2024-03-31T16:00:00.000Z' };
  const indicatorOf = (idx: any, subject: string, name: string) =>
    idx.scores.find((s: any) => (s.agency?.id ?? s.divisionCode) === subject).indicators.find((i: any) => i.name === name);

  it('gives the index of an ended period as of its end: a new case and later steps in its cases leave it unchanged', async () => {
    const vars = { by: 'AGENCY', period: '2024-03' };
    const before = (await data('f', PERIOD_INDEX, vars)).indicatorIndex;
    expect(before).toMatchObject({ window: MARCH_2024, period: '2024-03', previousPeriod: '2024-02' });
    const officerBefore = (await data('supervisor', PERIOD_INDEX, vars)).indicatorIndex;
    // The police of 330106 received A1–A4, A6 and C1–C4 with a decision: 7 filed of 9 (A1, A2, A4, A6, C1–C3).
    expect(indicatorOf(officerBefore, 'ag-330106-psb', 'FILING_RATE_AFTER_TRANSFER')).toMatchObject({ numerator: 7, denominator: 9 });
    // The closed loop: A3's warning open past its feed-back deadline, C4's resolved: 1 of 2.
    expect(indicatorOf(officerBefore, 'ag-330106-psb', 'WARNINGS_CLOSED_LOOP')).toMatchObject({ numerator: 1, denominator: 2 });

    // Today: a new case, C4 filed after all, A3's warning closed, C5's receipt met at last, D2 transferred.
    const now = clock.now();
    await db.insert(cases).values(caseRow('N2', MSA, now.toISOString(), 'DRAFT', []));
    await db.update(cases).set({ filedAt: now, status: 'FILED' as never }).where(eq(cases.id, 'st-C4'));
    await db.update(cases).set({ transferredAt: now, status: 'TRANSFERRED' as never, receivingAgencyId: 'ag-330212-psb' }).where(eq(cases.id, 'st-D2'));
    await db.update(warnings).set({ step: 'CLOSED', endedAt: now }).where(eq(warnings.caseId, 'st-A3'));
    await db.update(caseDeadlines).set({ outcome: 'MET', closedAt: now }).where(and(eq(caseDeadlines.caseId, 'st-C5'), eq(caseDeadlines.clock, 'RECEIPT')));
    clock.advance(60_000);

    // Officers see the present: C4 is now filed, A3's loop closed.
    const officerAfter = (await data('supervisor', PERIOD_INDEX, vars)).indicatorIndex;
    expect(indicatorOf(officerAfter, 'ag-330106-psb', 'FILING_RATE_AFTER_TRANSFER')).toMatchObject({ numerator: 8, denominator: 9 });
    expect(indicatorOf(officerAfter, 'ag-330106-psb', 'WARNINGS_CLOSED_LOOP')).toMatchObject({ numerator: 2, denominator: 2 });
    // The analyst's March is as it stood on 1 April 2024: the same answer, to the last figure.
    const after = (await data('f', PERIOD_INDEX, vars)).indicatorIndex;
    expect(after).toEqual(before);
    // No median hours for statistics-only callers (a duration is no count to noise).
    expect(after.scores.flatMap((s: any) => s.indicators.map((i: any) => i.medianHours)).every((h: unknown) => h === null)).toBe(true);
  });

  it('refuses a statistics-only caller the current, unfinished period, current-state filters and small exclusions, and charges nothing', async () => {
    const refused = async (vars: Record<string, unknown>) => (await ask('g', PERIOD_INDEX, { by: 'AGENCY', ...vars })).errors?.[0];
    // 20 November 2026: November, the fourth quarter and 2026 have not ended.
    for (const period of ['2026-11', '2026-Q4', '2026']) {
      expect(await refused({ period })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(new RegExp(`^period: ${period} has not ended`)) });
    }
    // An officer may ask it (exact, as of now).
    expect((await ask('supervisor', PERIOD_INDEX, { by: 'AGENCY', period: '2026-11' })).errors).toBeUndefined();
    expect(await refused({ period: '2024-03', f: { statuses: ['FILED'] } })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^filter.statuses: /) });
    expect(await refused({ period: '2024-03', f: { receivingAgencyIds: ['ag-330106-psb'] } })).toMatchObject({ message: expect.stringMatching(/^filter.receivingAgencyIds: /) });
    // Every sector but EMERGENCY_MANAGEMENT leaves out E1 and E2 (2 < k) of March 2024.
    expect(await refused({ period: '2024-03', f: { sectors: ['MARKET_SUPERVISION', 'ECOLOGY_ENVIRONMENT'] } })).toMatchObject({ message: expect.stringMatching(/^filter.sectors: leaves out fewer than 5/) });
    expect((await data('g', BUDGET)).statisticsBudget.spentToday).toBe(0);
  });

  it('spends the budget once per distinct question: a repeat, the same window asked otherwise, or a previous period already released cost nothing', async () => {
    const ask5 = (vars: Record<string, unknown>) => data('h', PERIOD_INDEX, { t: 'ON_TIME_2025', ...vars });
    const spent = async () => (await data('h', BUDGET)).statisticsBudget.spentToday;
    // March 2024 under ON_TIME_2025: only the police's filing decisions reach k (A1–A4, A6: 5 clocks);
    // receipts (3), approvals (2) and warnings (2) are suppressed, February has nothing: one indicator, ε 0.5.
    const march = (await ask5({ by: 'AGENCY', period: '2024-03' })).indicatorIndex;
    const filing = indicatorOf(march, 'ag-330106-psb', 'ON_TIME_FILING_DECISION');
    expect(filing.suppressed).toBe(false);
    expect(Math.abs(filing.denominator - 5)).toBeLessThanOrEqual(25);
    expect(filing.value).toBeCloseTo(filing.numerator / filing.denominator, 12);
    expect(indicatorOf(march, 'ag-330106-psb', 'ON_TIME_RECEIPT')).toMatchObject({ suppressed: true, numerator: null, denominator: null });
    expect(await spent()).toBe(0.5);
    // The repeat: the same figures, free.
    expect((await ask5({ by: 'AGENCY', period: '2024-03' })).indicatorIndex).toEqual(march);
    // March as a filter (whole months, no period): the same window, the same counts, free.
    const filtered = (await ask5({ by: 'AGENCY', f: { from: MARCH_2024.from, to: '2024-03-20T00:00:00.000Z' } })).indicatorIndex;
    expect(filtered.window).toEqual(MARCH_2024);
    expect(indicatorOf(filtered, 'ag-330106-psb', 'ON_TIME_FILING_DECISION')).toMatchObject({ numerator: filing.numerator, denominator: filing.denominator });
    expect(await spent()).toBe(0.5);
    // April: B1's one filing decision is suppressed, nothing new released; its previous period is
    // March, released already: the police's previous figures are March's, and nothing is spent.
    const april = (await ask5({ by: 'AGENCY', period: '2024-04' })).indicatorIndex;
    const psb = april.scores.find((s: any) => s.agency.id === 'ag-330106-psb');
    expect(psb.previousScore).toBeCloseTo(100 * filing.value, 9);
    expect(psb.indicators.find((i: any) => i.name === 'ON_TIME_FILING_DECISION')).toMatchObject({ suppressed: true, previousValue: filing.value });
    expect(await spent()).toBe(0.5);
    // By division, March is another question: the filing decisions of 330106, ε 0.5 more.
    await ask5({ by: 'DIVISION', period: '2024-03' });
    expect(await spent()).toBe(1);
  });

  it('charges a period and the one before as disjoint releases: the larger of their new measures, not the sum', async () => {
    const config = { ...loadPrivacyConfig({}), epsilon: 0.5, dailyBudget: 10 };
    const at = clock.now();
    const pay = (releases: { queryDigest: string; measures: string[] }[], disjoint: boolean) => spend(db, { callerId: 'budget-unit', releases, disjoint }, config, at, 480);
    // Three new measures in one window, two in the other: 3 × 0.5 = 1.5 (the sum would be 2.5).
    expect((await pay([{ queryDigest: 'w-2024-03', measures: ['A', 'B', 'C'] }, { queryDigest: 'w-2024-02', measures: ['A', 'B'] }], true)).spent).toBe(1.5);
    // April with March before it: March is paid already, April's two new measures cost 1.0 → 2.5.
    expect((await pay([{ queryDigest: 'w-2024-04', measures: ['A', 'B'] }, { queryDigest: 'w-2024-03', measures: ['A', 'B', 'C'] }], true)).spent).toBe(2.5);
    // Releases over the same cases (not disjoint) add up: 2 + 1 new measures → 1.5 more, 4.0.
    expect((await pay([{ queryDigest: 'q-x', measures: ['A', 'B'] }, { queryDigest: 'q-y', measures: ['A'] }], false)).spent).toBe(4);
  });
});

describe('the mechanism, the window and the histogram (by hand)', () => {
  it('(e) draws two-sided geometric noise: P(0) and E|N| as the distribution says, the same draw for the same seed', () => {
    // α = e^−0.5 = 0.6065307; P(N = 0) = (1 − α)/(1 + α) = 0.3934693/1.6065307 = 0.2449187;
    // E|N| = 2α/(1 − α²) = 1.2130613/0.6321206 = 1.9190347; E N = 0.
    // Over 20,000 draws the standard errors are 0.0030 for P(0) (√(0.245 · 0.755/20000)) and
    // 0.0144 for E|N| (sd of |N| = √(7.836 − 1.919²) = 2.04): tolerances of four of them.
    const alpha = Math.exp(-0.5);
    const secret = Buffer.from('a test secret of thirty-two characters!!');
    const draws = Array.from({ length: 20_000 }, (_, i) => geometricNoise(secret, `seed-${i}`, alpha));
    const zero = draws.filter((n) => n === 0).length / draws.length;
    const meanAbs = draws.reduce((s, n) => s + Math.abs(n), 0) / draws.length;
    const mean = draws.reduce((s, n) => s + n, 0) / draws.length;
    expect(Math.abs(zero - 0.2449187)).toBeLessThan(0.012);
    expect(Math.abs(meanAbs - 1.9190347)).toBeLessThan(0.06);
    expect(Math.abs(mean)).toBeLessThan(0.08);
    expect(draws.every(Number.isInteger)).toBe(true);
    expect(geometricNoise(secret, 'seed-7', alpha)).toBe(draws[7]);
    // Another secret, other draws: without it the noise cannot be predicted.
    const other = Array.from({ length: 200 }, (_, i) => geometricNoise(Buffer.from('another secret, also thirty-two chars'), `seed-${i}`, alpha));
    expect(other).not.toEqual(draws.slice(0, 200));
  });

  it('snaps a window outward to whole periods in local time, and never into the current period', () => {
    const now = new Date('2024-05-10T00:00:00.000Z');
    // 15 March (local) → the first quarter starts 1 January 2024 00:00 +08:00; 2 May → the second ends 1 July.
    // The second quarter has not ended on 10 May: the window stops at 1 April.
    expect(snapWindow({ from: new Date('2024-03-15T00:00:00.000Z'), to: new Date('2024-05-02T00:00:00.000Z') }, 'QUARTER', 480, now)).toEqual({
      from: new Date('2023-12-31T16:00:00.000Z'),
      to: new Date('2024-03-31T16:00:00.000Z'),
    });
    // A month boundary stays where it is; no `from` is from the first case.
    expect(snapWindow({ to: new Date('2024-02-29T16:00:00.000Z') }, 'MONTH', 480, now)).toEqual({ from: null, to: new Date('2024-02-29T16:00:00.000Z') });
    // Nothing closed to answer: refused, naming the filter.
    expect(() => snapWindow({ from: new Date('2024-05-01T00:00:00.000Z') }, 'MONTH', 480, now)).toThrow(/filter.from/);
    // The ends of the Date range, where a period's start is no date: no bound, or nothing to count.
    expect(snapWindow({ from: new Date(-8.64e15) }, 'YEAR', 480, now)).toEqual({ from: null, to: new Date('2023-12-31T16:00:00.000Z') });
    expect(() => snapWindow({ from: new Date(8.64e15) }, 'YEAR', 480, now)).toThrow(/filter.from/);
    expect(() => snapWindow({ to: new Date(-8.64e15) }, 'YEAR', 480, now)).toThrow(/filter.to/);
  });

  it('buckets durations four to a doubling and reads percentiles from a norm-subtracted histogram', () => {
    // 42 h: 4 · log2(42) = 21.57 → bucket 22 = [2^5.25, 2^5.5) = [38.05, 45.25) h, reported as 2^5.375 = 32 · 1.29684 = 41.4989 h (1.2 % off).
    expect(bucketOf(42)).toBe(22);
    expect(bucketHours(22)).toBeCloseTo(41.4989, 3);
    expect(bucketOf(0.5)).toBe(0);
    expect(bucketOf(10_000)).toBe(49);
    // Noisy [3, −1, 0.5, 2] to a total of 4: δ = 0.5 → [2.5, 0, 0, 1.5].
    expect(normSub([3, -1, 0.5, 2], 4).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([2.5, 0, 0, 1.5]);
    // Median of 3 in bucket 1 and 1 in bucket 3: bucket 1, 2^0.125 h; the 90th: bucket 3, 2^0.625 h.
    expect(histogramQuantile([0, 3, 0, 1], 0.5)).toBeCloseTo(2 ** 0.125, 9);
    expect(histogramQuantile([0, 3, 0, 1], 0.9)).toBeCloseTo(2 ** 0.625, 9);
  });

  it('reads the privacy settings by name, and wants a secret in production', () => {
    expect(loadPrivacyConfig({})).toMatchObject({ epsilon: 0.5, dailyBudget: 20, noise: true });
    expect(() => loadPrivacyConfig({ CASES_STATISTICS_EPSILON: 'off' })).toThrow(/CASES_STATISTICS_EPSILON must be a number above 0/);
    expect(() => loadPrivacyConfig({ CASES_STATISTICS_EPSILON: '0' })).toThrow(/CASES_STATISTICS_EPSILON/);
    expect(() => loadPrivacyConfig({ CASES_STATISTICS_BUDGET: '0.1' })).toThrow(/CASES_STATISTICS_BUDGET \(0.1\) must be at least CASES_STATISTICS_EPSILON/);
    expect(noiseSecretProblem({ NODE_ENV: 'production' })).toMatch(/^CASES_STATISTICS_NOISE_SECRET is required in production/);
    expect(noiseSecretProblem({ NODE_ENV: 'production', CASES_STATISTICS_NOISE_SECRET: 'x'.repeat(32) })).toBeNull();
    expect(noiseSecretProblem({})).toBeNull();
    expect(() => loadPrivacyConfig({ CASES_STATISTICS_NOISE_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });
});
