/**
 * Statistics statements at scale, side by side (issue 8, decisions 66 and 67), on the same seeded
 * province, in turns, each with the settings it ran with, results checked equal first; prints median
 * times and new / old:
 *   1. step percentiles by sector and month: the cases subgraph's statement (groups hashed, each
 *      collecting its durations, each group's array sorted alone) against the ordered-set aggregate
 *      over the rows it replaced (PostgreSQL sorts every clock row by group first);
 *   2. the indicator index's clock counts by agency and by county: read from the clocks' own columns
 *      (responsible unit, copies of the case's) against the join to `cases` they replaced;
 *   3. step measures from the duration summary (decision 97) against the exact statement reading
 *      every clock, one step and every step, by sector × month and in total; every group's counts
 *      checked equal and its median and p90 within the stated bound (RELATIVE_ERROR) first.
 * `--only summary` runs the third alone.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caselink_bench npm run seed -- --cases 1000000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caselink_bench node --import tsx test/bench/statistics-sql.ts [--runs 5] [--only summary]
 */
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { CLOCK_NAMES, type ClockName } from '../../subgraphs/cases/deadlines/clocks';
import { ANALYTIC_SETTINGS, localSettingsSql, statisticsQueries } from '../../subgraphs/cases/statistics/measures';
import { indexStatements, type IndexSubject } from '../../subgraphs/cases/statistics/indicatorQueries';
import { RELATIVE_ERROR } from '../../subgraphs/cases/statistics/durationSummary';
import { loadStatisticsConfig } from '../../subgraphs/cases/statistics/config';
import type { Grouping } from '../../subgraphs/cases/statistics/groups';
import { subgraphDatabaseUrl } from '../../subgraphs/kit/db';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, only: { type: 'string' } } });
const runs = Number(args.runs);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('set DATABASE_URL to the seeded province (e.g. postgres://postgres@127.0.0.1:5432/caselink_bench)');
const client = new pg.Client({ connectionString: subgraphDatabaseUrl(baseUrl, 'cases') });
await client.connect();
const dialect = new PgDialect();

const grouping: Grouping = { groupBy: ['SECTOR', 'PERIOD'], divisionLevel: 'COUNTY', period: 'MONTH', filter: {}, utcOffsetMinutes: 480 };
const now = new Date();

/** The replaced statement: percentile_cont over the clock rows themselves. */
function orderedSetStatement(steps: readonly ClockName[]): string {
  const list = steps.map((s) => `'${s}'`).join(', ');
  return `select case_sector as d0, to_char(date_trunc('month', (case_registered_at at time zone 'UTC') + make_interval(mins => 480)), 'YYYY-MM') as d1, clock,
      count(*)::int as started, (count(*) filter (where outcome = 'MET'))::int as met,
      percentile_cont(array[0.5, 0.9]) within group (order by date_part('epoch', closed_at - started_at) / 3600) filter (where outcome = 'MET') as hours,
      (count(*) filter (where coalesce(closed_at, paused_at, '${now.toISOString()}'::timestamptz) > due_at))::int as overdue
    from case_deadlines where clock in (${list})
    group by case_sector, date_trunc('month', (case_registered_at at time zone 'UTC') + make_interval(mins => 480)), clock`;
}

async function timed(settings: Record<string, string>, text: string, params: unknown[] = []): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  await client.query('begin');
  const set = dialect.sqlToQuery(localSettingsSql(settings));
  await client.query(set.sql, set.params);
  const t = performance.now();
  const { rows } = await client.query(text, params);
  const ms = performance.now() - t;
  await client.query('commit');
  return { ms, rows };
}

const { enable_sort: _hashed, ...before } = ANALYTIC_SETTINGS;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const key = (r: Record<string, unknown>) => `${r.d0}|${r.d1}|${r.clock}`;

console.log(`caselink statistics statements: ${(await client.query('select count(*)::int as n from case_deadlines')).rows[0].n.toLocaleString('en')} clocks; ${runs} runs each, in turns`);
if (args.only !== 'summary') {
console.log('\n| steps, province by sector × month | ordered-set aggregate ms | hashed arrays ms | new / old |\n|---|---:|---:|---:|');
for (const [label, steps] of [['filing decision', ['FILING_DECISION']], ['every step', CLOCK_NAMES]] as const) {
  const ours = statisticsQueries(grouping, { steps: [...steps], stepsFor: { groups: true, total: false }, warnings: false, now }).steps as SQL;
  const { sql: text, params } = dialect.sqlToQuery(sql`${ours}`);
  const old: number[] = [];
  const current: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const a = await timed(before, orderedSetStatement(steps));
    const b = await timed(ANALYTIC_SETTINGS, text, params);
    if (i === 0) {
      // Warm-up run: the two statements must agree on every group (to float precision).
      const byKey = new Map(a.rows.map((r) => [key(r), r]));
      for (const r of b.rows) {
        const o = byKey.get(key(r));
        const [m1, p1] = (o?.hours as number[] | null) ?? [null, null];
        const [m2, p2] = (r.hours as number[] | null) ?? [null, null];
        const close = (x: number | null, y: number | null) => (x === null ? y === null : y !== null && Math.abs(x - y) < 1e-9 * Math.max(1, Math.abs(x)));
        if (!o || o.started !== r.started || o.met !== r.met || o.overdue !== r.overdue || !close(m1!, m2!) || !close(p1!, p2!)) throw new Error(`the statements disagree on ${key(r)}`);
      }
      if (a.rows.length !== b.rows.length) throw new Error(`the statements disagree: ${a.rows.length} groups against ${b.rows.length}`);
      continue;
    }
    old.push(a.ms);
    current.push(b.ms);
  }
  console.log(`| ${label} | ${median(old).toFixed(0)} | ${median(current).toFixed(0)} | ${(median(current) / median(old)).toFixed(2)} |`);
}

/** The replaced statement: the clocks joined to their cases for the subject. */
function joinedIndicatorStatement(by: IndexSubject, clocks: readonly string[]): string {
  const subject = by === 'DIVISION' ? 'c.division_code' : "case d.responsible when 'HANDLING_AGENCY' then c.handling_agency_id when 'RECEIVING_POLICE' then c.receiving_agency_id end";
  return `select ${subject} as subject, d.clock::text as clock,
      (count(*) filter (where d.outcome = 'MET' and d.closed_at <= d.due_at))::int as on_time,
      (count(*) filter (where d.outcome = 'MET' or (d.closed_at is null and coalesce(d.paused_at, '${now.toISOString()}'::timestamptz) > d.due_at)))::int as due
    from case_deadlines d join cases c on c.id = d.case_id
    where d.clock in (${clocks.map((c) => `'${c}'`).join(', ')})
    group by 1, 2`;
}

const { indicators } = loadStatisticsConfig();
const indicatorClocks = indicators.flatMap((d) => (d.formula.kind === 'CLOCK_ON_TIME' ? [d.formula.clock] : []));
console.log('\n| indicator index, clock counts, province | joined to cases ms | clocks alone ms | new / old |\n|---|---:|---:|---:|');
for (const by of ['AGENCY', 'DIVISION'] as const) {
  // The clock statement (the one whose keys are clocks).
  const ours = indexStatements(by, { divisionLevel: 'COUNTY', filter: {}, utcOffsetMinutes: 480 }, indicators, now).find((s) => s.keys.includes(indicatorClocks[0]!))!.sql;
  const { sql: text, params } = dialect.sqlToQuery(sql`${ours}`);
  const old: number[] = [];
  const current: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const a = await timed(ANALYTIC_SETTINGS, joinedIndicatorStatement(by, indicatorClocks));
    const b = await timed(ANALYTIC_SETTINGS, text, params);
    if (i === 0) {
      const rowsKey = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.subject}|${r.clock}|${r.on_time ?? r.num}|${r.due}`).sort().join('\n');
      if (rowsKey(a.rows) !== rowsKey(b.rows)) throw new Error(`the indicator statements disagree (by ${by})`);
      continue;
    }
    old.push(a.ms);
    current.push(b.ms);
  }
  console.log(`| by ${by.toLowerCase()} | ${median(old).toFixed(0)} | ${median(current).toFixed(0)} | ${(median(current) / median(old)).toFixed(2)} |`);
}
}

// 3. The duration summary (decision 97) against every clock.
{
  const [size] = (await client.query(`select count(*)::int as cells, sum(closed)::bigint as closed, pg_total_relation_size('clock_duration_summary') as bytes,
      (select count(*)::int from case_deadlines where closed_at is null) as open from clock_duration_summary`)).rows;
  const perClock = (await client.query(`select clock, count(*)::int as cells from clock_duration_summary group by 1 order by 2 desc limit 1`)).rows[0];
  console.log(`\nduration summary: ${size.cells.toLocaleString('en')} cells over ${Number(size.closed).toLocaleString('en')} closed clocks (${(Number(size.bytes) / 1024 / 1024).toFixed(0)} MB); ${size.open.toLocaleString('en')} open clocks read exactly; largest step ${perClock.clock} ${perClock.cells.toLocaleString('en')} cells. Bound ±${(RELATIVE_ERROR * 100).toFixed(3)} %.`);
  console.log('\n| steps, province | clocks (exact) ms | summary ms | new / old | groups checked | largest error |\n|---|---:|---:|---:|---:|---:|');
  const total: Grouping = { ...grouping, groupBy: [] };
  const cases = [
    ['filing decision, by sector × month', grouping, ['FILING_DECISION']],
    ['filing decision, total', total, ['FILING_DECISION']],
    ['every step, by sector × month', grouping, CLOCK_NAMES],
    ['every step, total', total, CLOCK_NAMES],
  ] as const;
  for (const [label, g, steps] of cases) {
    const statement = (exact: boolean) => {
      const q = statisticsQueries(g, { steps: [...steps], stepsFor: { groups: true, total: true }, warnings: false, now, exactPercentiles: exact });
      return dialect.sqlToQuery(sql`${(g.groupBy.length ? q.steps : q.stepsTotal) as SQL}`);
    };
    const exact = statement(true);
    const summary = statement(false);
    if (exact.sql === summary.sql) throw new Error(`${label}: the summary does not answer this statement`);
    const old: number[] = [];
    const current: number[] = [];
    let worst = 0;
    let checked = 0;
    for (let i = 0; i <= runs; i++) {
      const a = await timed(ANALYTIC_SETTINGS, exact.sql, exact.params);
      const b = await timed(ANALYTIC_SETTINGS, summary.sql, summary.params);
      if (i === 0) {
        // Warm-up run: every group's counts equal, its percentiles within the bound.
        const byKey = new Map(a.rows.map((r) => [key(r), r]));
        if (a.rows.length !== b.rows.length) throw new Error(`${label}: ${a.rows.length} groups exact against ${b.rows.length} from the summary`);
        for (const r of b.rows) {
          const o = byKey.get(key(r));
          if (!o || o.started !== r.started || o.met !== r.met || o.overdue !== r.overdue) throw new Error(`${label}: counts differ on ${key(r)}`);
          const want = (o.hours as number[] | null) ?? [null, null];
          const got = (r.hours as number[] | null) ?? [null, null];
          for (const j of [0, 1]) {
            const [x, y] = [want[j]!, got[j]!];
            if ((x === null) !== (y === null)) throw new Error(`${label}: a percentile is missing on ${key(r)}`);
            if (x === null) continue;
            const error = x === 0 ? Math.abs(y) : Math.abs(y - x) / x;
            if (error > RELATIVE_ERROR + 1e-12) throw new Error(`${label}: ${key(r)} ${j ? 'p90' : 'median'} ${y} against exact ${x}: ${(error * 100).toFixed(3)} % > the bound`);
            worst = Math.max(worst, error);
          }
          checked++;
        }
        continue;
      }
      old.push(a.ms);
      current.push(b.ms);
    }
    console.log(`| ${label} | ${median(old).toFixed(0)} | ${median(current).toFixed(0)} | **${(median(current) / median(old)).toFixed(2)}** | ${checked.toLocaleString('en')} | ${(worst * 100).toFixed(3)} % |`);
  }
}
await client.end();
