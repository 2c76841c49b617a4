/**
 * The warnings sweep over 100,000 cases (issue 6): rows generated with batched inserts, every case
 * with a running clock (a mix of approval, transfer, receipt, filing and penalty clocks of all ages),
 * one in ten with penalties, one in twenty not filed. Times the first sweep (which raises the
 * warnings) and a second one (steady state: nothing new), and prints the time per 10,000 cases.
 *
 *   node --import tsx test/bench/warnings-sweep.ts [--cases 100000] [--batch 500]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx test/bench/warnings-sweep.ts
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../subgraphs/kit/clock';
import { DEFAULT_WARNINGS_CONFIG } from '../../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../../subgraphs/cases/warnings/sweep';
import type { ClockName } from '../../subgraphs/cases/deadlines/clocks';
import type { Stage } from '../../subgraphs/cases/workflow/stages';
import { DB_KIND, insertCases, openWarningsDb, type CaseSpec } from '../warningsDb';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, batch: { type: 'string', default: '500' } } });
const N = Number(values.cases);
const HOUR = 3_600_000;
const T = new Date('2026-11-20T02:00:00.000Z');
const KINDS: { clock: ClockName; stage: Stage; hours: number; police: boolean }[] = [
  { clock: 'APPROVAL', stage: 'PENDING_APPROVAL', hours: 72, police: false },
  { clock: 'TRANSFER', stage: 'APPROVED', hours: 24, police: false },
  { clock: 'RECEIPT', stage: 'TRANSFERRED', hours: 24, police: true },
  { clock: 'FILING_DECISION', stage: 'RECEIVED', hours: 72, police: true },
  { clock: 'PENALTY', stage: 'NOT_FILED', hours: 720, police: true },
];
const COUNTIES = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112'];

const h = await openWarningsDb();
try {
  const specs: CaseSpec[] = [];
  for (let i = 0; i < N; i++) {
    const k = KINDS[i % KINDS.length]!;
    const county = COUNTIES[i % COUNTIES.length]!;
    const ageHours = (i * 7) % 400; // 0 … 399 h: some fresh, some yellow, some red
    const startedAt = new Date(T.getTime() - ageHours * HOUR);
    specs.push({
      id: `b-${String(i).padStart(7, '0')}`,
      stage: k.stage,
      divisionCode: county,
      handlingAgencyId: `ag-${county}-msa`,
      receivingAgencyId: k.police ? `ag-${county}-psb` : null,
      clocks: [{ clock: k.clock, startedAt, dueAt: new Date(startedAt.getTime() + k.hours * HOUR) }],
      penalties: i % 10 === 0 && !k.police ? [{ amount: 10_000 + (i % 50) * 1000, decidedOn: '2026-10-01', creditCode: `91${county}${String(i % 997).padStart(9, "0")}X` }] : undefined,
      declinedAt: k.stage === 'NOT_FILED' ? new Date(T.getTime() - 30 * 24 * HOUR) : undefined,
    });
  }
  const t0 = performance.now();
  await insertCases(h.db, specs, T, 1000);
  const insertMs = performance.now() - t0;
  if (DB_KIND === 'postgres') await h.db.execute(sql`analyze`);
  const clock = new ManualClock(T);
  const batchSize = Number(values.batch);
  const t1 = performance.now();
  const first = await sweepWarnings(h.db, { clock, config: DEFAULT_WARNINGS_CONFIG, batchSize });
  const firstMs = performance.now() - t1;
  const t2 = performance.now();
  const second = await sweepWarnings(h.db, { clock, config: DEFAULT_WARNINGS_CONFIG, batchSize });
  const secondMs = performance.now() - t2;
  const per10k = (ms: number) => ((ms / N) * 10_000 / 1000).toFixed(2);
  console.log(JSON.stringify({ database: DB_KIND, cases: N, batchSize, insertSeconds: +(insertMs / 1000).toFixed(1), first, second }));
  console.log(`first sweep (raises ${first.raised}): ${(firstMs / 1000).toFixed(1)} s = ${per10k(firstMs)} s per 10,000 cases`);
  console.log(`second sweep (steady state, ${second.raised} raised): ${(secondMs / 1000).toFixed(1)} s = ${per10k(secondMs)} s per 10,000 cases`);
} finally {
  await h.close();
}
