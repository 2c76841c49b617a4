/**
 * Statistics and paging at scale (issue 8): the whole graph on a province seeded by
 * `npm run seed -- --cases N` on PostgreSQL, and through the gateway:
 *   1. province-wide statistics by sector and month (every measure, every step), all time and
 *      the last 12 months;
 *   2. the same for one county;
 *   3. a keyset page of 50 cases with their agencies, at page 1 and at page 10,000 (the cursor of
 *      page 10,000 is the sort key of its predecessor's last row, read from the database).
 * Each request runs `--runs` times in turns; prints median and p95 latency, page 10,000 / page 1,
 * and EXPLAIN (ANALYZE, BUFFERS) of each statement with `--explain`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caselink_bench npm run seed -- --cases 1000000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caselink_bench node --import tsx test/bench/statistics.ts [--runs 15] [--explain]
 */
import { parseArgs } from 'node:util';
import { and, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import pino from 'pino';
import { DEMO_AUDIENCE, DEMO_ISSUER, findDemoOfficer, mintToken } from '../../demo/tokens';
import { generateIssuerKey } from '../../gateway/keys';
import { generateSigningKey } from '../../subgraphs/kit/jws';
import { startLocalGraph } from '../../scripts/graph';
import { visibleCases } from '../../subgraphs/cases/access';
import { cases } from '../../subgraphs/cases/db/schema';
import { afterKey, newestFirst } from '../../subgraphs/cases/loaders';
import { ANALYTIC_SETTINGS, statisticsQueries } from '../../subgraphs/cases/statistics/measures';
import type { Grouping } from '../../subgraphs/cases/statistics/groups';
import { indexStatements, type IndexSubject } from '../../subgraphs/cases/statistics/indicatorQueries';
import { loadStatisticsConfig } from '../../subgraphs/cases/statistics/config';
import type { ClockName } from '../../subgraphs/cases/deadlines/clocks';
import type { Caller } from '../../subgraphs/kit/caller';
import { subgraphDatabaseUrl } from '../../subgraphs/kit/db';
import { encodeCursor } from '../../subgraphs/kit/pagination';
import { SUPERGRAPH_PATH } from '../harness';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    explain: { type: 'boolean', default: false },
    county: { type: 'string', default: '330106' },
  },
});
const runs = Number(args.runs);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('set DATABASE_URL to the seeded province (e.g. postgres://postgres@127.0.0.1:5432/caselink_bench)');
const casesUrl = subgraphDatabaseUrl(baseUrl, 'cases');

const pool = new pg.Pool({ connectionString: casesUrl, max: 2 });
const db = drizzle({ client: pool });
const [{ n }] = (await pool.query('select count(*)::int as n from cases')).rows as [{ n: number }];
const [{ latest }] = (await pool.query('select max(created_at) as latest from cases')).rows as [{ latest: Date }];
console.log(`caselink statistics bench: ${n.toLocaleString('en')} cases in ${new URL(casesUrl).pathname.slice(1)}; ${runs} runs each; PostgreSQL ${(await pool.query('show server_version')).rows[0].server_version}`);

const { key: issuerKey } = await generateIssuerKey();
const assertionKey = generateSigningKey();
const graph = await startLocalGraph({
  supergraphPath: SUPERGRAPH_PATH,
  host: '127.0.0.1',
  port: 0,
  storageFor: (name) => ({ kind: 'postgres', url: subgraphDatabaseUrl(baseUrl, name), poolSize: 10 }),
  auth: { keys: { jwks: [issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
  assertionKey,
  seedDemo: false,
  logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
  // Every-step statistics over a million cases take longer than the default 10 s answer time: measure them, don't cut them.
  gateway: { rateLimit: { perSecond: 0 }, accessLogger: pino({ level: 'silent' }), subgraphTimeoutsMs: { default: 120_000 } },
});

const analyst = await mintToken(findDemoOfficer({ role: 'ANALYST' }), issuerKey);
const procOfficer = findDemoOfficer({ login: 'wang.li.zj-proc' });
const procurator = await mintToken(procOfficer, issuerKey);

async function post(query: string, variables: Record<string, unknown>, token: string) {
  const res = await fetch(graph.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data;
}

const MEASURES = 'suppressed cases transferred filed notFiled filingRate reconsiderations reverseLinkage openRedWarnings openYellowWarnings';
const STEPS = 'steps { step started met medianHours p90Hours overdue overdueRate }';
const STATS = `query($filter: StatisticsFilter, $steps: [DeadlineClock!]) { caseStatistics(groupBy: [SECTOR, PERIOD], filter: $filter, steps: $steps) {
  suppressedGroups groups { sector period ${MEASURES} ${STEPS} } total { ${MEASURES} ${STEPS} } } }`;
const COUNTS = `query($filter: StatisticsFilter) { caseStatistics(groupBy: [SECTOR, PERIOD], filter: $filter) {
  suppressedGroups groups { sector period ${MEASURES} } total { ${MEASURES} } } }`;
const INDEX = `query($by: IndicatorSubject!, $filter: StatisticsFilter) { indicatorIndex(by: $by, filter: $filter) {
  scores { agency { id } divisionCode score indicators { name value numerator denominator suppressed } } } }`;
const PAGE = `query($after: String) { cases(first: 50, after: $after) { nodes { id number status sector createdAt
  handlingAgency { id name } receivingAgency { id name } } pageInfo { endCursor hasNextPage } } }`;

const yearAgo = new Date(latest.getTime() - 365 * 86_400_000);
// The cursor of page 10,000 (the last row of page 9,999) in the list's own order, as the caller sees it.
const procCaller: Caller = { sub: procOfficer.id, agencyId: procOfficer.agencyId, agencyKind: 'PROCURATORATE', division: '330000', roles: procOfficer.roles, purpose: null, requestId: 'bench' };
const deep = Math.min(9_999 * 50, n - 50);
const [row] = await db.select({ createdAt: cases.createdAt, id: cases.id }).from(cases).where(visibleCases(procCaller)).orderBy(...newestFirst).offset(deep - 1).limit(1);
const deepCursor = encodeCursor([row!.createdAt.toISOString(), row!.id]);

const { indicators } = loadStatisticsConfig();
const grouping = (filter: Grouping['filter']): Grouping => ({ groupBy: ['SECTOR', 'PERIOD'], divisionLevel: 'COUNTY', period: 'MONTH', filter, utcOffsetMinutes: 480 });
const FD: ClockName[] = ['FILING_DECISION'];
const requests = [
  { name: 'province, sector × month, all time: counts, rates, warnings', run: () => post(COUNTS, { filter: {} }, analyst), grouping: grouping({}) },
  { name: 'province, sector × month, all time: + filing-decision step', run: () => post(STATS, { filter: {}, steps: FD }, analyst), grouping: grouping({}), steps: FD },
  { name: 'province, sector × month, all time: + every step', run: () => post(STATS, { filter: {} }, analyst), grouping: grouping({}), steps: [] as ClockName[] },
  { name: 'province, sector × month, last 12 months: + filing-decision step', run: () => post(STATS, { filter: { from: yearAgo.toISOString() }, steps: FD }, analyst), grouping: grouping({ from: yearAgo }), steps: FD },
  { name: `county ${args.county}, sector × month, all time: counts, rates, warnings`, run: () => post(COUNTS, { filter: { divisionCode: args.county } }, analyst), grouping: grouping({ divisionCode: args.county! }) },
  { name: `county ${args.county}, sector × month, all time: + every step`, run: () => post(STATS, { filter: { divisionCode: args.county } }, analyst), grouping: grouping({ divisionCode: args.county! }), steps: [] as ClockName[] },
  { name: 'indicator index by agency, province, all time', run: () => post(INDEX, { by: 'AGENCY', filter: {} }, analyst), index: { by: 'AGENCY', filter: {} } },
  { name: 'indicator index by county, province, all time', run: () => post(INDEX, { by: 'DIVISION', filter: {} }, analyst), index: { by: 'DIVISION', filter: {} } },
  { name: `indicator index by agency, county ${args.county}, all time`, run: () => post(INDEX, { by: 'AGENCY', filter: { divisionCode: args.county } }, analyst), index: { by: 'AGENCY', filter: { divisionCode: args.county! } } },
  { name: 'page 1 of 50 cases with agencies', run: () => post(PAGE, { after: null }, procurator), page: null },
  { name: `page ${Math.floor(deep / 50) + 1} of 50 cases with agencies`, run: () => post(PAGE, { after: deepCursor }, procurator), page: [row!.createdAt.toISOString(), row!.id] },
] as const;

// Warm up once (plans, caches), then alternate the requests run by run.
for (const r of requests) await r.run();
const times = requests.map(() => [] as number[]);
for (let i = 0; i < runs; i++) {
  for (const [j, r] of requests.entries()) {
    const t = performance.now();
    await r.run();
    times[j]!.push(performance.now() - t);
  }
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log('\n| request | median ms | p95 ms |\n|---|---:|---:|');
requests.forEach((r, j) => console.log(`| ${r.name} | ${pct(times[j]!, 0.5).toFixed(0)} | ${pct(times[j]!, 0.95).toFixed(0)} |`));
const [p1, pDeep] = [requests.length - 2, requests.length - 1];
console.log(`\npage ${Math.floor(deep / 50) + 1} / page 1 median latency: ${(pct(times[pDeep]!, 0.5) / pct(times[p1]!, 0.5)).toFixed(2)}`);

if (args.explain) {
  const dialect = new PgDialect();
  // The session settings statistics run with (analyticRows), on one connection.
  const client = await pool.connect();
  for (const [name, value] of Object.entries(ANALYTIC_SETTINGS)) await client.query(`set ${name} = '${value}'`);
  const explain = async (label: string, q: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(q);
    const plan = (await client.query(`explain (analyze, buffers, costs off) ${text}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    console.log(`\n### ${label}\n\`\`\`\n${plan}\n\`\`\``);
  };
  const now = new Date();
  for (const r of requests) {
    if ('grouping' in r) {
      const q = statisticsQueries(r.grouping, { steps: 'steps' in r ? [...r.steps] : null, warnings: true, now });
      await explain(`${r.name}: cases`, q.cases);
      if (q.steps) await explain(`${r.name}: steps by group`, q.steps);
      if (q.stepsTotal) await explain(`${r.name}: steps in total`, q.stepsTotal);
      await explain(`${r.name}: warnings`, q.warnings!);
    } else if ('index' in r) {
      const statements = indexStatements(r.index.by as IndexSubject, { divisionLevel: 'COUNTY', filter: r.index.filter, utcOffsetMinutes: 480 }, indicators, now);
      for (const s of statements) await explain(`${r.name}: ${s.keys.slice(0, 3).join(', ')}`, s.sql);
    } else {
      const page = db.select().from(cases).where(and(visibleCases(procCaller), afterKey(r.page ? [...r.page] : null))).orderBy(...newestFirst).limit(51).getSQL();
      await explain(r.name, sql`${page}`);
    }
  }
  client.release();
}

await graph.close();
await pool.end();
