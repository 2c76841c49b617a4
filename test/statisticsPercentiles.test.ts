import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProvince } from '../scripts/seed/run';
import { openDatabase, queryRows, type Database } from '../subgraphs/kit/db';
import { loadCasesConfig } from '../subgraphs/cases/config';
import { caseDeadlines, cases, tables } from '../subgraphs/cases/db/schema';
import { bucketHours, durationBucket } from '../subgraphs/cases/statistics/durationSummary';
import { loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { startTestGraph, type TestGraph } from './harness';
import { withinSummaryBound } from './percentileBound';
import { caseRow } from './statisticsFixture';

/**
 * Step percentiles from the duration summary (decision 97) against figures worked out by hand.
 *
 * Cases registered in June 2023 (+08:00), filing-decision clocks started 2023-06-10 00:00 UTC,
 * due after 72 h, met after (hours):
 *
 * | agency | durations, sorted | median (percentile_cont 0.5) | p90 (percentile_cont 0.9) |
 * |---|---|---|---|
 * | 330106 msa (P1–P7) | 1.5, 6, 12, 20, 33, 47, 120 | position 3: 20 | position 5.4: 47 + 0.4 × 73 = 76.2 |
 * | 330106 eco (Q1–Q4) | 0, 3, 9, 10 | position 1.5: 3 + 0.5 × 6 = 6 | position 2.7: 9 + 0.7 × 1 = 9.7 |
 * | total (11) | 0, 1.5, 3, 6, 9, 10, 12, 20, 33, 47, 120 | position 5: 10 | position 9: 47 |
 *
 * P8 (msa) has an open clock, past due now. Late: P7 (120 h) and P8 (open): overdue 2 of 8 started.
 * The summary's answers are within 0.99 % of these; the clocks' (exactPercentiles) equal them.
 */
const FROM = '2023-05-31T16:00:00.000Z';
const TO = '2023-06-30T16:00:00.000Z';
const JUNE = '2023-06-05T02:00:00.000Z';
const MSA = 'ag-330106-msa';
const ECO = 'ag-330106-eco';
const HOUR = 3_600_000;
const STARTED = new Date('2023-06-10T00:00:00.000Z');

function filingClock(caseId: string, metAfterHours: number | null) {
  return {
    id: `pc-${caseId}`,
    caseId: `st-${caseId}`,
    clock: 'FILING_DECISION' as const,
    awaits: ['fixture'],
    responsible: 'RECEIVING_POLICE',
    period: '72h',
    startedAt: STARTED,
    dueAt: new Date(STARTED.getTime() + 72 * HOUR),
    closedAt: metAfterHours === null ? null : new Date(STARTED.getTime() + metAfterHours * HOUR),
    outcome: metAfterHours === null ? null : ('MET' as const),
    openedBySeq: 1,
    closedBySeq: metAfterHours === null ? null : 2,
  };
}

const MSA_HOURS = [1.5, 6, 12, 20, 33, 47, 120];
const ECO_HOURS = [0, 3, 9, 10];

const QUERY = `query($filter: StatisticsFilter, $exact: Boolean, $groupBy: [StatisticsDimension!]) {
  caseStatistics(groupBy: $groupBy, filter: $filter, steps: [FILING_DECISION], exactPercentiles: $exact) {
    groups { agency { id } status steps { step started met medianHours p90Hours overdue } }
    total { steps { step started met medianHours p90Hours overdue } } } }`;

let graph: TestGraph;
let supervisor: string;
let police: string;
let db: Database;

beforeAll(async () => {
  graph = await startTestGraph();
  db = graph.subgraphs.cases!.db as Database;
  const rows = [
    ...MSA_HOURS.map((_, i) => caseRow(`P${i + 1}`, MSA, JUNE, 'FILED', ['T', 'F'])),
    caseRow('P8', MSA, JUNE, 'FILED', ['T', 'F']),
    ...ECO_HOURS.map((_, i) => caseRow(`Q${i + 1}`, ECO, JUNE, 'FILED', ['T', 'F'])),
  ];
  await db.insert(cases).values(rows);
  await db.insert(caseDeadlines).values([
    ...MSA_HOURS.map((h, i) => filingClock(`P${i + 1}`, h)),
    filingClock('P8', null),
    ...ECO_HOURS.map((h, i) => filingClock(`Q${i + 1}`, h)),
  ]);
  supervisor = await graph.token({ login: 'wang.li.zj-proc' });
  // 西湖区 police: received every case here (caseRow gives transferred cases the county's police).
  police = await graph.token({ agencyId: 'ag-330106-psb', role: 'CASE_OFFICER' });
}, 120_000);
afterAll(() => graph?.close());

async function steps(exact: boolean, token = supervisor, groupBy = ['AGENCY']) {
  const res = await graph.query(QUERY, { filter: { from: FROM, to: TO }, exact, groupBy }, { token });
  expect(res.errors).toBeUndefined();
  const s = res.data.caseStatistics;
  return { groups: Object.fromEntries(s.groups.map((g: any) => [g.agency?.id ?? g.status, g.steps[0]])), total: s.total.steps[0] };
}

describe('step percentiles from the duration summary (hand-written durations)', () => {
  it('gives the median and p90 within 0.99 % of the exact values, and the counts exactly', async () => {
    const { groups, total } = await steps(false);
    expect(groups[MSA]).toEqual({ step: 'FILING_DECISION', started: 8, met: 7, medianHours: withinSummaryBound(20), p90Hours: withinSummaryBound(76.2), overdue: 2 });
    expect(groups[ECO]).toEqual({ step: 'FILING_DECISION', started: 4, met: 4, medianHours: withinSummaryBound(6), p90Hours: withinSummaryBound(9.7), overdue: 0 });
    expect(total).toEqual({ step: 'FILING_DECISION', started: 12, met: 11, medianHours: withinSummaryBound(10), p90Hours: withinSummaryBound(47), overdue: 2 });
    // The summary's values, not the clocks': a bucket's value is not the duration itself.
    expect(groups[MSA].medianHours).not.toBe(20);
  });

  it('reads the clocks with exactPercentiles: the values themselves', async () => {
    const { groups, total } = await steps(true);
    expect(groups[MSA]).toMatchObject({ started: 8, met: 7, overdue: 2 });
    expect(groups[MSA].medianHours).toBeCloseTo(20, 9);
    expect(groups[MSA].p90Hours).toBeCloseTo(76.2, 9);
    expect(groups[ECO].medianHours).toBeCloseTo(6, 9);
    expect(groups[ECO].p90Hours).toBeCloseTo(9.7, 9);
    expect(total.medianHours).toBeCloseTo(10, 9);
    expect(total.p90Hours).toBeCloseTo(47, 9);
  });

  it('reads the clocks where the summary cannot answer: by status, and a time filter off month starts', async () => {
    const byStatus = await steps(false, supervisor, ['STATUS']);
    expect(byStatus.groups.FILED.medianHours).toBeCloseTo(10, 9);
    expect(byStatus.groups.FILED.p90Hours).toBeCloseTo(47, 9);
    const res = await graph.query(QUERY, { filter: { from: '2023-06-01T00:00:00.000Z', to: TO }, exact: false, groupBy: [] }, { token: supervisor });
    expect(res.data.caseStatistics.total.steps[0].medianHours).toBeCloseTo(10, 9);
  });

  it('gives police callers (whose own cases are read by receiving agency) the exact path', async () => {
    const { total } = await steps(false, police, []);
    expect(total).toMatchObject({ started: 12, met: 11, overdue: 2 });
    expect(total.medianHours).toBeCloseTo(10, 9);
    expect(total.p90Hours).toBeCloseTo(47, 9);
  });

  it('keeps the zero duration exact: its own bucket', () => {
    expect(durationBucket(0)).toBe(-32768);
    expect(bucketHours(durationBucket(0))).toBe(0);
    // 20 h = 72,000 s: ln 72000 / ln 1.02 = 564.79…, bucket 565, value 2 × 1.02^565 / 2.02 s = 19.88… h.
    expect(durationBucket(72_000)).toBe(565);
    expect(bucketHours(565)).toBeGreaterThan(19.88);
    expect(bucketHours(565)).toBeLessThan(19.89);
  });

  it('follows the clocks as they close and go: the workflow\'s UPDATE and a DELETE', async () => {
    // P8 met after 80 h (late): msa 1.5, 6, 12, 20, 33, 47, 80, 120 → median at 3.5: 20 + 0.5 × 13 = 26.5; p90 at 6.3: 80 + 0.3 × 40 = 92.
    await db.update(caseDeadlines).set({ closedAt: new Date(STARTED.getTime() + 80 * HOUR), outcome: 'MET', closedBySeq: 2 }).where(eq(caseDeadlines.id, 'pc-P8'));
    let { groups } = await steps(false);
    expect(groups[MSA]).toEqual({ step: 'FILING_DECISION', started: 8, met: 8, medianHours: withinSummaryBound(26.5), p90Hours: withinSummaryBound(92), overdue: 2 });
    // A pause of a closed clock changes nothing; removing P7 (120 h): 1.5, 6, 12, 20, 33, 47, 80 → median 20; p90 at 5.4: 47 + 0.4 × 33 = 60.2.
    await db.update(caseDeadlines).set({ pausedAt: STARTED }).where(eq(caseDeadlines.id, 'pc-P1'));
    await db.delete(caseDeadlines).where(eq(caseDeadlines.id, 'pc-P7'));
    ({ groups } = await steps(false));
    expect(groups[MSA]).toEqual({ step: 'FILING_DECISION', started: 7, met: 7, medianHours: withinSummaryBound(20), p90Hours: withinSummaryBound(60.2), overdue: 1 });
    const exact = (await steps(true)).groups[MSA];
    expect(exact.medianHours).toBeCloseTo(20, 9);
    expect(exact.p90Hours).toBeCloseTo(60.2, 9);
  });
});

/** The summary as a GROUP BY of the closed clocks would make it: what the triggers must have kept. */
async function summaryDrift(casesDb: Database): Promise<number> {
  const cells = `clock, case_division_code, case_handling_agency_id, case_sector, caselink_registered_month(case_registered_at), caselink_duration_bucket(closed_at - started_at)`;
  const [row] = await queryRows<{ n: number }>(
    casesDb,
    sql.raw(`with expected as (
        select ${cells}, count(*)::int as closed, (count(*) filter (where closed_at > due_at))::int as late, (count(*) filter (where outcome = 'MET'))::int as met
        from case_deadlines where closed_at is not null group by 1, 2, 3, 4, 5, 6),
      kept as (select clock, case_division_code, case_handling_agency_id, case_sector, registered_month, bucket, closed, late, met from clock_duration_summary where closed <> 0 or late <> 0 or met <> 0)
      select ((select count(*) from (select * from expected except all select * from kept) a) + (select count(*) from (select * from kept except all select * from expected) b))::int as n`),
  );
  return row!.n;
}

const MIGRATIONS = join(import.meta.dirname, '../subgraphs/cases/db/migrations');

describe('the summary under the seed\'s COPY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-pct-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is kept by the triggers when the seed loads clocks with COPY, and emptied by its --reset', async () => {
    const options = {
      cases: 40,
      seed: 3,
      asOf: new Date('2026-11-26T12:00:00.000Z'),
      reset: false,
      batch: 20,
      workers: 0,
      storageFor: (name: string) => ({ kind: 'pglite' as const, dataDir: join(dir, name) }),
      blobs: new LocalBlobStore(join(dir, 'blobs')),
      materials: loadDossiersConfig({}).requiredMaterials,
      casesConfig: loadCasesConfig({}),
      warnings: loadWarningsConfig({}),
    };
    const check = async () => {
      const opened = await openDatabase({ name: 'cases', storage: options.storageFor('cases'), tables, migrationsFolder: MIGRATIONS });
      try {
        const [counts] = await queryRows<{ closed: number; kept: number }>(
          opened.db,
          sql`select (select count(*)::int from case_deadlines where closed_at is not null) as closed, (select coalesce(sum(closed), 0)::int from clock_duration_summary) as kept`,
        );
        expect(counts!.closed).toBeGreaterThan(40);
        expect(counts!.kept).toBe(counts!.closed);
        expect(await summaryDrift(opened.db)).toBe(0);
      } finally {
        await opened.close();
      }
    };
    await seedProvince(options);
    await check();
    // --reset TRUNCATEs the clocks: the summary is emptied with them, then filled by the new COPY.
    await seedProvince({ ...options, seed: 4, reset: true });
    await check();
  }, 240_000);
});
