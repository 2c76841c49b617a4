/**
 * The case list's filters and orders at scale (issue 18): for each, the statement `cases` runs
 * (subgraphs/cases/caseList.ts, captured as it runs, not rewritten here) and its plan from
 * EXPLAIN (ANALYZE, BUFFERS), for a provincial supervisor (every case in scope) and for a county
 * agency's case officer (its own cases), plus the totalCount statement. Prints the plans and a
 * summary line per statement: time, and the indexes the plan uses.
 *
 *   createdb -h 127.0.0.1 -U postgres caselink_bench
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caselink_bench npm run seed -- --cases 1000000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caselink_bench node --import tsx test/bench/case-filters.ts [--summary]
 */
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { listCases, type CaseFilter, type CaseOrder } from '../../subgraphs/cases/caseList';
import * as schema from '../../subgraphs/cases/db/schema';
import type { Caller } from '../../subgraphs/kit/caller';
import { subgraphDatabaseUrl } from '../../subgraphs/kit/db';
import { keyringOf, openParties } from '../../subgraphs/cases/personalData';

const { values: args } = parseArgs({ options: { summary: { type: 'boolean', default: false } } });
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('set DATABASE_URL to the seeded province (e.g. postgres://postgres@127.0.0.1:5432/caselink_bench)');
const pool = new pg.Pool({ connectionString: subgraphDatabaseUrl(baseUrl, 'cases'), max: 1 });

let captured: { query: string; params: unknown[] }[] = [];
const db = drizzle(pool, { schema, logger: { logQuery: (query, params) => void captured.push({ query, params }) } });

const one = async <T>(q: string, params: unknown[] = []) => (await pool.query(q, params)).rows[0] as T;
const cases = (await one<{ n: number }>('select count(*)::int as n from cases')).n;
// Real values from the seeded province, so that every filter selects something.
const sample = await one<{ number: string; handling_agency_id: string; receiving_agency_id: string; division_code: string }>(
  `select number, handling_agency_id, receiving_agency_id, division_code from cases where receiving_agency_id is not null order by id limit 1`,
);
const busiest = await one<{ handling_agency_id: string; division_code: string }>(
  'select handling_agency_id, min(division_code) as division_code from cases group by 1 order by count(*) desc limit 1',
);
const stored = await one<{ id: string; name: string; id_number: string }>(
  `select p.id, p.name, p.id_number from parties p join cases c on c.id = p.case_id where c.handling_agency_id = $1 and p.id_number is not null and not p.juvenile limit 1`,
  [busiest.handling_agency_id],
);
// Stored encrypted (subgraphs/cases/personalData.ts): the filters are given the clear values.
const [clear] = await openParties(await keyringOf(db), [{ id: stored.id, name: stored.name, idNumber: stored.id_number, creditCode: null, phone: null, address: null }]);
const party = { name: clear!.name, id_number: clear!.idNumber! };

const supervisor: Caller = { sub: 'bench', agencyId: 'ag-330000-proc', agencyKind: 'PROCURATORATE', division: '330000', roles: ['SUPERVISOR'], purpose: 'SUPERVISION', requestId: 'bench' };
const officer: Caller = { sub: 'bench', agencyId: busiest.handling_agency_id, agencyKind: 'ADMINISTRATIVE', division: busiest.division_code, roles: ['CASE_OFFICER'], purpose: 'CASE_HANDLING', requestId: 'bench' };

const now = new Date();
const month = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const RUNS: { name: string; caller: Caller; filter?: CaseFilter; orderBy?: CaseOrder; count?: boolean }[] = [
  { name: 'default order (CREATED_AT_DESC), supervisor', caller: supervisor, count: true },
  { name: 'default order, agency officer', caller: officer, count: true },
  { name: 'CREATED_AT_ASC', caller: supervisor, orderBy: 'CREATED_AT_ASC' },
  { name: 'UPDATED_AT_DESC', caller: supervisor, orderBy: 'UPDATED_AT_DESC' },
  { name: 'UPDATED_AT_ASC', caller: supervisor, orderBy: 'UPDATED_AT_ASC' },
  { name: 'NUMBER_ASC', caller: supervisor, orderBy: 'NUMBER_ASC' },
  { name: 'NUMBER_DESC', caller: supervisor, orderBy: 'NUMBER_DESC' },
  { name: 'stages [FILED]', caller: supervisor, filter: { stages: ['FILED'] }, count: true },
  { name: 'statuses [PENDING_APPROVAL]', caller: supervisor, filter: { statuses: ['PENDING_APPROVAL'] }, count: true },
  { name: 'sectors [TAX]', caller: supervisor, filter: { sectors: ['TAX'] }, count: true },
  { name: 'handlingAgencyIds', caller: supervisor, filter: { handlingAgencyIds: [sample.handling_agency_id] }, count: true },
  { name: 'receivingAgencyIds', caller: supervisor, filter: { receivingAgencyIds: [sample.receiving_agency_id] }, count: true },
  { name: 'divisionCode (a county)', caller: supervisor, filter: { divisionCode: sample.division_code }, count: true },
  { name: 'divisionCode (a city)', caller: supervisor, filter: { divisionCode: `${sample.division_code.slice(0, 4)}00` }, count: true },
  { name: 'number', caller: supervisor, filter: { number: sample.number }, count: true },
  { name: 'numberPrefix (a county and year)', caller: supervisor, filter: { numberPrefix: sample.number.slice(0, 14) }, count: true },
  { name: 'partyName, agency officer', caller: officer, filter: { partyName: party.name }, count: true },
  { name: 'partyIdentifier, agency officer', caller: officer, filter: { partyIdentifier: party.id_number }, count: true },
  { name: 'createdAt (one month)', caller: supervisor, filter: { createdAt: month('2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z') }, count: true },
  { name: 'updatedAt (one month)', caller: supervisor, filter: { updatedAt: month('2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z') }, orderBy: 'UPDATED_AT_DESC', count: true },
  { name: 'overdue', caller: supervisor, filter: { overdue: true }, count: true },
  { name: 'overdueClock FILING_DECISION', caller: supervisor, filter: { overdueClock: 'FILING_DECISION' }, count: true },
  { name: 'warningLevel RED', caller: supervisor, filter: { warningLevel: 'RED' }, count: true },
  { name: 'warningLevel RED, agency officer', caller: officer, filter: { warningLevel: 'RED' }, count: true },
];

/** Postgres' $n placeholders, filled with literals for EXPLAIN (the values are bench data). */
const literal = (v: unknown): string =>
  v === null ? 'null' : typeof v === 'number' ? String(v) : Array.isArray(v) ? `array[${v.map(literal).join(',')}]` : `'${String(v instanceof Date ? v.toISOString() : v).replace(/'/g, "''")}'`;

async function explain(label: string, q: { query: string; params: unknown[] }) {
  const text = q.query.replace(/\$(\d+)/g, (_, i) => literal(q.params[Number(i) - 1]));
  const plan = (await pool.query(`explain (analyze, buffers) ${text}`)).rows.map((r) => r['QUERY PLAN'] as string);
  const time = plan.find((l) => l.startsWith('Execution Time'))!;
  const indexes = [...new Set(plan.flatMap((l) => [...l.matchAll(/(?:Scan (?:Backward )?using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]!)))];
  const seq = plan.filter((l) => /Seq Scan on (\w+)/.test(l)).map((l) => l.match(/Seq Scan on (\w+)/)![1]);
  console.log(`${label}: ${time.replace('Execution Time: ', '')}; indexes ${indexes.join(', ') || 'none'}${seq.length ? `; SEQ SCAN on ${seq.join(', ')}` : ''}`);
  if (!args.summary) console.log(`${plan.map((l) => `    ${l}`).join('\n')}\n`);
}

console.log(`case list plans on ${cases.toLocaleString('en')} cases (${new Date().toISOString()})\n`);
for (const r of RUNS) {
  captured = [];
  const page = await listCases(db as never, r.caller, now, { first: 20, filter: r.filter, orderBy: r.orderBy });
  if (r.count) await page.totalCount!();
  const [list, count] = captured;
  await explain(`${r.name} [page of ${page.nodes.length}]`, list!);
  if (count) await explain(`${r.name} [totalCount]`, count);
}
await pool.end();
