import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './harness';
import { FIXTURE_FROM, FIXTURE_TO, loadStatisticsFixture } from './statisticsFixture';
import type { Database } from '../subgraphs/kit/db';
import { eq } from 'drizzle-orm';
import { caseDeadlines, cases, warnings } from '../subgraphs/cases/db/schema';
import { withinSummaryBound } from './percentileBound';

/**
 * Statistics and the indicator index through the gateway, against the hand-computed figures of
 * test/statisticsFixture.ts (its table says where every number below comes from).
 */
let graph: TestGraph;
let supervisor: string;
let analyst: string;

const FILTER = { from: FIXTURE_FROM, to: FIXTURE_TO };

const STATS = `query S($groupBy: [StatisticsDimension!], $filter: StatisticsFilter, $period: StatisticsPeriod, $level: StatisticsDivisionLevel, $steps: [DeadlineClock!]) {
  caseStatistics(groupBy: $groupBy, filter: $filter, period: $period, divisionLevel: $level, steps: $steps) {
    groupBy minimumCellSize suppressedGroups
    groups { agency { id name } receivingAgency { id } sector divisionCode status period suppressed cases transferred filed notFiled filingRate reconsiderations reverseLinkage openRedWarnings openYellowWarnings }
    total { suppressed cases transferred filed notFiled filingRate reconsiderations reverseLinkage openRedWarnings openYellowWarnings }
  }
}`;

beforeAll(async () => {
  // The analyst's figures here are the fixture's exact counts and suppression patterns: noise off
  // (a test-only option) and room in the budget. Noise and the budget are tested in
  // test/statisticsPrivacy.test.ts and, with noise on, test/statisticsDisclosure.test.ts.
  graph = await startTestGraph({ statisticsPrivacy: { noise: false, dailyBudget: 10_000 } });
  await loadStatisticsFixture(graph.subgraphs.cases!.db as Database);
  supervisor = await graph.token({ login: 'wang.li.zj-proc' });
  analyst = await graph.token({ role: 'ANALYST' });
}, 120_000);
afterAll(() => graph?.close());

const byAgency = (groups: { agency: { id: string } | null }[]) => Object.fromEntries(groups.map((g) => [g.agency?.id, g]));

describe('case statistics (hand-computed fixture)', () => {
  it('counts milestones per handling agency, with the filing rate and the total', async () => {
    const res = await graph.query(STATS, { groupBy: ['AGENCY'], filter: FILTER }, { token: supervisor });
    expect(res.errors).toBeUndefined();
    const s = res.data.caseStatistics;
    expect(s.minimumCellSize).toBeNull();
    expect(s.suppressedGroups).toBe(0);
    const g = byAgency(s.groups);
    // Groups come in the order of their dimension values.
    expect(s.groups.map((x: any) => x.agency.id)).toEqual(['ag-330106-eco', 'ag-330106-msa', 'ag-330212-msa']);
    expect(g['ag-330106-msa']).toMatchObject({
      suppressed: false, cases: 8, transferred: 6, filed: 5, notFiled: 1, reconsiderations: 2, reverseLinkage: 1, openRedWarnings: 1, openYellowWarnings: 0,
    });
    expect(g['ag-330106-msa'].filingRate).toBeCloseTo(5 / 6, 10);
    expect(g['ag-330106-msa'].agency.name).toBe('杭州市西湖区市场监督管理局');
    expect(g['ag-330106-eco']).toMatchObject({ cases: 7, transferred: 7, filed: 3, notFiled: 1, filingRate: 0.75, reconsiderations: 0, reverseLinkage: 0, openRedWarnings: 0, openYellowWarnings: 0 });
    expect(g['ag-330212-msa']).toMatchObject({ cases: 3, transferred: 1, filed: 1, notFiled: 0, filingRate: 1 });
    expect(s.total).toMatchObject({ suppressed: false, cases: 18, transferred: 14, filed: 9, notFiled: 2, reconsiderations: 2, reverseLinkage: 1, openRedWarnings: 1, openYellowWarnings: 0 });
    expect(s.total.filingRate).toBeCloseTo(9 / 11, 10);
  });

  it('groups by sector and period in local time (a case registered at 01:00 on 1 April is April)', async () => {
    const month = await graph.query(STATS, { groupBy: ['SECTOR', 'PERIOD'], filter: FILTER }, { token: supervisor });
    expect(month.errors).toBeUndefined();
    const cells = month.data.caseStatistics.groups.map((x: any) => [x.sector, x.period, x.cases]).sort();
    expect(cells).toEqual([
      ['ECOLOGY_ENVIRONMENT', '2024-03', 7],
      ['MARKET_SUPERVISION', '2024-03', 9],
      ['MARKET_SUPERVISION', '2024-04', 2],
    ]);
    const quarter = await graph.query(STATS, { groupBy: ['PERIOD'], period: 'QUARTER', filter: FILTER }, { token: supervisor });
    expect(quarter.data.caseStatistics.groups.map((x: any) => [x.period, x.cases]).sort()).toEqual([
      ['2024-Q1', 16],
      ['2024-Q2', 2],
    ]);
  });

  it('groups by city and by status, and filters on the same dimensions', async () => {
    const city = await graph.query(STATS, { groupBy: ['DIVISION'], level: 'CITY', filter: FILTER }, { token: supervisor });
    expect(city.data.caseStatistics.groups.map((x: any) => [x.divisionCode, x.cases]).sort()).toEqual([
      ['330100', 15],
      ['330200', 3],
    ]);
    const county = await graph.query(STATS, { groupBy: ['STATUS'], filter: { ...FILTER, divisionCode: '330106', sectors: ['MARKET_SUPERVISION'] } }, { token: supervisor });
    expect(county.errors).toBeUndefined();
    expect(county.data.caseStatistics.groups.map((x: any) => [x.status, x.cases]).sort()).toEqual([
      ['DRAFT', 2],
      ['FILED', 4],
      ['GOODS_HANDED_OVER', 1],
      ['RECONSIDERATION_REQUESTED', 1],
    ]);
    const police = await graph.query(STATS, { groupBy: ['RECEIVING_AGENCY'], filter: { ...FILTER, receivingAgencyIds: ['ag-330212-psb'] } }, { token: supervisor });
    expect(police.data.caseStatistics.groups.map((x: any) => [x.receivingAgency.id, x.cases])).toEqual([['ag-330212-psb', 1]]);
  });

  it('computes median, 90th percentile and overdue rate of each step in SQL', async () => {
    const q = `query($filter: StatisticsFilter, $steps: [DeadlineClock!]) { caseStatistics(groupBy: [AGENCY], filter: $filter, steps: $steps) {
      groups { agency { id } steps { step started met medianHours p90Hours overdue overdueRate } }
      total { steps { step started met medianHours p90Hours overdue overdueRate } } } }`;
    const res = await graph.query(q, { filter: FILTER, steps: ['FILING_DECISION', 'RECEIPT'] }, { token: supervisor });
    expect(res.errors).toBeUndefined();
    const g = byAgency(res.data.caseStatistics.groups) as Record<string, any>;
    // Filing decisions of 330106 msa's cases: 12, 24, 36, 48, 60, 96 hours; one past 72 h.
    // Percentiles from the duration summary: within its bound of the exact ones (decision 97).
    expect(g['ag-330106-msa'].steps).toEqual([{ step: 'FILING_DECISION', started: 6, met: 6, medianHours: withinSummaryBound(42), p90Hours: withinSummaryBound(78), overdue: 1, overdueRate: 1 / 6 }]);
    // Receipts of 330106 eco's cases: 10 and 30 hours met, one open past due.
    expect(g['ag-330106-eco'].steps).toEqual([{ step: 'RECEIPT', started: 3, met: 2, medianHours: withinSummaryBound(20), p90Hours: withinSummaryBound(28), overdue: 2, overdueRate: 2 / 3 }]);
    expect(g['ag-330212-msa'].steps).toEqual([]);
    // Approval clocks exist but were not asked for.
    expect(res.data.caseStatistics.total.steps.map((x: any) => x.step)).toEqual(['FILING_DECISION', 'RECEIPT']);
  });

  it('scans the clocks for the total\'s percentiles only when the total\'s steps are asked for', async () => {
    const both = `query($filter: StatisticsFilter) { caseStatistics(groupBy: [AGENCY], filter: $filter, steps: [FILING_DECISION]) {
      groups { agency { id } steps { step medianHours p90Hours } } total { cases steps { step medianHours } } } }`;
    const groupsOnly = both.replace('total { cases steps { step medianHours } }', 'total { cases }');
    const cost = async (q: string) => {
      const before = await graph.sqlCount('cases');
      const res = await graph.query(q, { filter: FILTER }, { token: supervisor });
      expect(res.errors).toBeUndefined();
      return { res, statements: (await graph.sqlCount('cases')) - before };
    };
    const a = await cost(both);
    const b = await cost(groupsOnly);
    expect(b.res.data.caseStatistics.groups).toEqual(a.res.data.caseStatistics.groups);
    // The fixture's six filing decisions (12, 24, 36, 48, 60, 96 h) are all 330106 msa's.
    expect(a.res.data.caseStatistics.total.steps).toEqual([{ step: 'FILING_DECISION', medianHours: withinSummaryBound(42) }]);
    expect(b.res.data.caseStatistics.total).toEqual({ cases: 18 });
    expect(b.statements).toBeLessThan(a.statements);
  });

  it('reads the clock\'s and the warning\'s copies of the case columns, with the same figures as through the cases table', async () => {
    const db = graph.subgraphs.cases!.db as Database;
    const [copy] = await db.select().from(caseDeadlines).where(eq(caseDeadlines.id, 'st-A1-FILING_DECISION'));
    expect(copy).toMatchObject({ caseSector: 'MARKET_SUPERVISION', caseDivisionCode: '330106', caseHandlingAgencyId: 'ag-330106-msa', caseRegisteredAt: new Date('2024-03-04T02:00:00.000Z') });
    const [warningCopy] = await db.select().from(warnings).where(eq(warnings.caseId, 'st-A3'));
    const [a3] = await db.select().from(cases).where(eq(cases.id, 'st-A3'));
    expect(warningCopy).toMatchObject({ caseSector: a3!.sector, caseRegisteredAt: a3!.createdAt, handlingAgencyId: a3!.handlingAgencyId, divisionCode: a3!.divisionCode });
    // Exact percentiles both ways: the copies against the join, both reading the clocks.
    const q = `query($filter: StatisticsFilter) { caseStatistics(groupBy: [AGENCY, SECTOR, PERIOD], filter: $filter, steps: [FILING_DECISION, RECEIPT], exactPercentiles: true) {
      groups { agency { id } sector period openRedWarnings openYellowWarnings steps { step started met medianHours p90Hours overdue } }
      total { openRedWarnings openYellowWarnings steps { step started met medianHours p90Hours overdue } } } }`;
    const clocksOnly = await graph.query(q, { filter: FILTER }, { token: supervisor });
    // A status filter (every status) needs the cases table: the join path.
    const joined = await graph.query(q, { filter: { ...FILTER, statuses: ['DRAFT', 'FILED', 'GOODS_HANDED_OVER', 'RECONSIDERATION_REQUESTED', 'NOT_FILED', 'TRANSFERRED', 'RECEIVED'] } }, { token: supervisor });
    expect(clocksOnly.errors).toBeUndefined();
    expect(joined.data).toEqual(clocksOnly.data);
    expect(clocksOnly.data.caseStatistics.total.steps.map((x: any) => [x.step, x.started])).toEqual([['FILING_DECISION', 6], ['RECEIPT', 3]]);
    expect(clocksOnly.data.caseStatistics.total.openRedWarnings).toBe(1);
    expect(clocksOnly.data.caseStatistics.groups.filter((x: any) => x.openRedWarnings).map((x: any) => [x.agency.id, x.sector, x.period])).toEqual([['ag-330106-msa', 'MARKET_SUPERVISION', '2024-03']]);
  });

  it('refuses bad arguments with BAD_USER_INPUT naming them', async () => {
    const cases = [
      [{ groupBy: ['SECTOR', 'SECTOR'] }, 'groupBy'],
      [{ filter: { divisionCode: '12345' } }, 'filter.divisionCode'],
      [{ filter: { from: FIXTURE_TO, to: FIXTURE_FROM } }, 'filter.to'],
      [{ filter: { sectors: [] } }, 'filter.sectors'],
    ] as const;
    for (const [vars, field] of cases) {
      const res = await graph.query(STATS, vars, { token: supervisor });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
  });
});

describe('small-cell suppression for statistics-only callers', () => {
  it('suppresses groups under k and the smallest complement, keeps the total', async () => {
    const res = await graph.query(STATS, { groupBy: ['AGENCY'], filter: FILTER }, { token: analyst });
    expect(res.errors).toBeUndefined();
    const s = res.data.caseStatistics;
    expect(s.minimumCellSize).toBe(5);
    // 330212 msa has 3 cases (< 5); alone it could be worked out as total − the others, so the
    // next smallest group (330106 eco, 7) is suppressed with it: together they hold 10 ≥ k.
    expect(s.suppressedGroups).toBe(2);
    const g = byAgency(s.groups) as Record<string, any>;
    expect(g['ag-330212-msa']).toMatchObject({ suppressed: true, cases: null, transferred: null, filingRate: null, openRedWarnings: null });
    expect(g['ag-330106-eco']).toMatchObject({ suppressed: true, cases: null });
    expect(g['ag-330106-msa']).toMatchObject({ suppressed: false, cases: 8, filed: 5 });
    expect(s.total).toMatchObject({ suppressed: false, cases: 18 });
    // What the analyst can subtract is the suppressed groups together, never one of them.
    expect(s.total.cases - g['ag-330106-msa'].cases).toBe(10);
  });

  it('suppresses along every margin of a two-way table', async () => {
    const res = await graph.query(STATS, { groupBy: ['SECTOR', 'PERIOD'], filter: FILTER }, { token: analyst });
    // (MARKET, 2024-04) has 2 cases; its complements in the April column, the MARKET row and the
    // grand total follow, until no margin has a single suppressed cell or fewer than k hidden.
    const cells = res.data.caseStatistics.groups.map((x: any) => [x.sector, x.period, x.suppressed, x.cases]).sort();
    expect(cells).toEqual([
      ['ECOLOGY_ENVIRONMENT', '2024-03', true, null],
      ['MARKET_SUPERVISION', '2024-03', true, null],
      ['MARKET_SUPERVISION', '2024-04', true, null],
    ]);
  });

  it('suppresses a total under k, and applies to any caller who declares the STATISTICS purpose', async () => {
    const small = await graph.query(STATS, { filter: { ...FILTER, agencyIds: ['ag-330212-msa'] } }, { token: analyst });
    expect(small.data.caseStatistics.total).toMatchObject({ suppressed: true, cases: null });
    expect(small.data.caseStatistics.groups).toEqual([expect.objectContaining({ suppressed: true, cases: null })]);
    const declared = await graph.query(STATS, { groupBy: ['AGENCY'], filter: FILTER }, { token: supervisor, purpose: 'STATISTICS' });
    expect(declared.data.caseStatistics.suppressedGroups).toBe(2);
  });

  it('gives analysts no row-level field: drill-down, case lists and cases are FORBIDDEN', async () => {
    const drill = await graph.query(
      `query($filter: StatisticsFilter) { caseStatistics(groupBy: [AGENCY], filter: $filter) { groups { cases caseList(first: 5) { nodes { id facts } } } } }`,
      { filter: FILTER },
      { token: analyst },
    );
    expect(drill.errors?.length).toBeGreaterThan(0);
    expect(drill.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(drill.errors!.map((e) => e.path?.join('.'))).toContain('caseStatistics.groups.0.caseList');
    expect(drill.data.caseStatistics.groups.every((x: any) => x.caseList === null)).toBe(true);
    const list = await graph.query(`{ cases(first: 5) { nodes { id } } }`, {}, { token: analyst });
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(list.data?.cases ?? null).toBeNull();
    const one = await graph.query(`{ case(id: "st-A1") { id number facts } }`, {}, { token: analyst });
    expect(one.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('statistics drill-down isolation', () => {
  const DRILL = `query($filter: StatisticsFilter) { caseStatistics(groupBy: [AGENCY], filter: $filter) {
    groups { agency { id } cases caseList(first: 100) { nodes { id } } } } }`;
  const drill = async (token: string) => {
    const res = await graph.query(DRILL, { filter: FILTER }, { token });
    expect(res.errors).toBeUndefined();
    return byAgency(res.data.caseStatistics.groups) as Record<string, { cases: number; caseList: { nodes: { id: string }[] } }>;
  };

  it('lists only the cases the caller has a relation to, whatever the group says', async () => {
    // A market-supervision officer of 西湖区 sees its own agency's cases, none of the other agencies'.
    const own = await drill(await graph.token({ login: 'song.wenjie.xh-msa' }));
    expect(own['ag-330106-msa']!.caseList.nodes.map((c) => c.id).sort()).toEqual(['st-A1', 'st-A2', 'st-A3', 'st-A4', 'st-A5', 'st-A6', 'st-B1', 'st-B2']);
    // 330212 msa's 3 cases are none of this officer's (suppressed), and 330106 eco's 7 are
    // suppressed with them so that the total cannot give them back (test/statisticsDisclosure.test.ts).
    expect(own['ag-330106-msa']!.cases).toBe(8);
    expect(own['ag-330106-eco']!.cases).toBeNull();
    expect(own['ag-330212-msa']!.cases).toBeNull();
    expect(own['ag-330106-eco']!.caseList.nodes).toEqual([]);
    expect(own['ag-330212-msa']!.caseList.nodes).toEqual([]);
    // The market-supervision bureau of 鄞州区 (another city) drills into 西湖区's group: nothing.
    const other = await drill(await graph.token({ agencyId: 'ag-330212-msa', role: 'CASE_OFFICER' }));
    expect(other['ag-330106-msa']!.caseList.nodes).toEqual([]);
    expect(other['ag-330212-msa']!.caseList.nodes.map((c) => c.id).sort()).toEqual(['st-D1', 'st-D2', 'st-D3']);
    // The provincial procuratorate supervises every division: the whole group.
    const all = await drill(supervisor);
    expect(all['ag-330106-eco']!.caseList.nodes).toHaveLength(7);
  });
});

describe('indicator index', () => {
  const INDEX = `query($by: IndicatorSubject!, $filter: StatisticsFilter) { indicatorIndex(by: $by, filter: $filter) {
    by minimumCellSize definitions { name weight formula description }
    scores { agency { id } divisionCode score rank indicators { name weight suppressed numerator denominator value rank } } } }`;
  const value = (score: any, name: string) => score.indicators.find((i: any) => i.name === name);

  it('scores each agency on the indicators it is responsible for, from the default template', async () => {
    const res = await graph.query(INDEX, { by: 'AGENCY', filter: FILTER }, { token: supervisor });
    expect(res.errors).toBeUndefined();
    const idx = res.data.indicatorIndex;
    // Decision 95: the default template weights 23 indicators (was: the five of ON_TIME_2025 below).
    expect(idx.definitions).toHaveLength(23);
    expect(idx.definitions.slice(0, 3).map((d: any) => [d.name, d.weight])).toEqual([
      ['TRANSFER_RATE', 12],
      ['PENALTY_INSTEAD_OF_TRANSFER_RATE', 10],
      ['FILING_RATE_AFTER_TRANSFER', 10],
    ]);
    expect(idx.definitions.find((d: any) => d.name === 'ON_TIME_FILING_DECISION').formula).toMatch(/FILING_DECISION clocks met by their due time/);
    const by = Object.fromEntries(idx.scores.map((s: any) => [s.agency.id, s]));
    // The case indicators credit the handling agencies (transfer rate) and the receiving police (filing rate) too.
    expect(Object.keys(by).sort()).toEqual(['ag-330106-eco', 'ag-330106-msa', 'ag-330106-psb', 'ag-330212-msa', 'ag-330212-psb']);
    const psb = by['ag-330106-psb'];
    expect(value(psb, 'ON_TIME_FILING_DECISION')).toMatchObject({ numerator: 5, denominator: 6 });
    expect(value(psb, 'ON_TIME_RECEIPT')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(value(psb, 'WARNINGS_CLOSED_ON_TIME')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    // A3 open (not closed), C4 resolved: 1 of 2 closed.
    expect(value(psb, 'WARNINGS_CLOSED_LOOP')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    // Transferred to 330106 police and decided: A1 A2 A3 A4 A6 B1 C1–C4; filed: all but A3 and C4.
    expect(value(psb, 'FILING_RATE_AFTER_TRANSFER')).toMatchObject({ numerator: 8, denominator: 10 });
    expect(value(psb, 'ON_TIME_APPROVAL')).toMatchObject({ numerator: null, denominator: null, value: null });
    // 100 × (10 × 8/10 + 6 × 1/2 + 6 × 1/2 + 3 × 1/3 + 5 × 5/6) / (10 + 6 + 6 + 3 + 5)
    expect(psb.score).toBeCloseTo((100 * (8 + 3 + 3 + 1 + 25 / 6)) / 30, 8);
    // msa: transferred 6 of 6 (A1 A2 A3 A4 A6 B1; A5 and B2 never reached a decision); approval 1 of 2.
    expect(value(by['ag-330106-msa'], 'TRANSFER_RATE')).toMatchObject({ numerator: 6, denominator: 6 });
    // 100 × (12 × 1 + 4 × 1/2) / (12 + 4)
    expect(by['ag-330106-msa'].score).toBeCloseTo(87.5, 8);
    // Each indicator is ranked among the subjects with a value: filing rate 8/10 (330106 police) after 1/1 (330212 police);
    // transfer rate 1 for all three agencies, a shared first place.
    expect(idx.scores.map((s: any) => [s.agency.id, value(s, 'FILING_RATE_AFTER_TRANSFER').rank, value(s, 'TRANSFER_RATE').rank])).toEqual([
      ['ag-330106-eco', null, 1],
      ['ag-330212-msa', null, 1],
      ['ag-330212-psb', 1, null],
      ['ag-330106-msa', null, 1],
      ['ag-330106-psb', 2, null],
    ]);
    expect(idx.scores.map((s: any) => [s.agency.id, s.rank])).toEqual([
      ['ag-330106-eco', 1],
      ['ag-330212-msa', 1],
      ['ag-330212-psb', 1],
      ['ag-330106-msa', 4],
      ['ag-330106-psb', 5],
    ]);
  });

  it('scores the five on-time indicators as before under the ON_TIME_2025 template', async () => {
    const res = await graph.query(
      `query($f: StatisticsFilter) { indicatorIndex(by: AGENCY, filter: $f, template: "ON_TIME_2025") { template { name } definitions { name weight } scores { agency { id } score } } }`,
      { f: FILTER },
      { token: supervisor },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.indicatorIndex.template.name).toBe('ON_TIME_2025');
    expect(res.data.indicatorIndex.definitions.map((d: any) => [d.name, d.weight])).toEqual([
      ['ON_TIME_APPROVAL', 15],
      ['ON_TIME_TRANSFER', 25],
      ['ON_TIME_RECEIPT', 15],
      ['ON_TIME_FILING_DECISION', 25],
      ['WARNINGS_CLOSED_ON_TIME', 20],
    ]);
    const by = Object.fromEntries(res.data.indicatorIndex.scores.map((s: any) => [s.agency.id, s.score]));
    // 100 × (15 × 1/3 + 25 × 5/6 + 20 × 1/2) / (15 + 25 + 20)
    expect(by['ag-330106-psb']).toBeCloseTo((100 * (15 / 3 + (25 * 5) / 6 + 10)) / 60, 8);
    expect(by['ag-330106-msa']).toBeCloseTo(50, 8);
  });

  it('lists the weighting templates, the configured default first', async () => {
    const res = await graph.query('{ indicatorTemplates { name source isDefault weights { indicator weight } } }', {}, { token: analyst });
    expect(res.errors).toBeUndefined();
    const [def, legacy] = res.data.indicatorTemplates;
    expect([def.name, def.isDefault, def.source, def.weights.length]).toEqual(['DEFAULT', true, '[design] decision 95', 23]);
    expect(def.weights.reduce((s: number, w: any) => s + w.weight, 0)).toBe(100);
    expect([legacy.name, legacy.isDefault, legacy.weights.map((w: any) => `${w.indicator}=${w.weight}`)]).toEqual([
      'ON_TIME_2025',
      false,
      ['ON_TIME_APPROVAL=15', 'ON_TIME_TRANSFER=25', 'ON_TIME_RECEIPT=15', 'ON_TIME_FILING_DECISION=25', 'WARNINGS_CLOSED_ON_TIME=20'],
    ]);
  });

  it('refuses an unknown template or period by name', async () => {
    const bad = async (args: string) => (await graph.query(`{ indicatorIndex(by: AGENCY, ${args}) { by } }`, {}, { token: supervisor })).errors?.[0];
    expect(await bad('template: "NOPE"')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^template: names no indicator template: "NOPE"/) });
    expect(await bad('period: "2024-13"')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^period: /) });
    expect(await bad('period: "2024-03", filter: { from: "2024-03-01T00:00:00Z" }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^filter.from: cannot be combined with period/) });
  });

  it('scores jurisdictions over their cases', async () => {
    const res = await graph.query(INDEX, { by: 'DIVISION', filter: FILTER }, { token: supervisor });
    const by = Object.fromEntries(res.data.indicatorIndex.scores.map((s: any) => [s.divisionCode, s]));
    // 330212 has D1, transferred and filed: transfer rate and filing rate 1 of 1.
    expect(res.data.indicatorIndex.scores.map((s: any) => [s.divisionCode, s.rank])).toEqual([
      ['330212', 1],
      ['330106', 2],
    ]);
    expect(by['330212'].score).toBe(100);
    // transfer 13/13, filing 8/10, warnings 1/2 twice, approval 1/2, receipt 1/3, filing decision 5/6:
    // 100 × (12 + 10 × 0.8 + 6 × 0.5 + 6 × 0.5 + 4 × 0.5 + 3 × 1/3 + 5 × 5/6) / (12 + 10 + 6 + 6 + 4 + 3 + 5)
    expect(by['330106'].score).toBeCloseTo((100 * (12 + 8 + 3 + 3 + 2 + 1 + 25 / 6)) / 46, 8);
  });

  it('suppresses indicators with a denominator under k for analysts', async () => {
    const res = await graph.query(INDEX, { by: 'AGENCY', filter: FILTER }, { token: analyst });
    expect(res.data.indicatorIndex.minimumCellSize).toBe(5);
    const psb = res.data.indicatorIndex.scores.find((s: any) => s.agency.id === 'ag-330106-psb');
    expect(value(psb, 'ON_TIME_FILING_DECISION')).toMatchObject({ suppressed: false, numerator: 5, denominator: 6 });
    expect(value(psb, 'ON_TIME_RECEIPT')).toMatchObject({ suppressed: true, numerator: null, value: null });
    expect(psb.score).toBeCloseTo((100 * 5) / 6, 8);
  });
});
