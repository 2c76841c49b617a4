/**
 * Access-log group commit (issue 20, decision 100), side by side in one run: the whole graph in this
 * process, a query that reads from three subgraphs and is recorded in two (cases, dossiers), sent by
 * CONCURRENCY loops; rounds alternate between grouping on (the default) and off (every request's
 * records written at once, on their own, as before). Reports requests/s, SQL statements per request
 * summed over the subgraphs, and access-log flushes per request. PGlite by default, PostgreSQL when
 * DATABASE_URL is set; the crypto profile from CASELINK_CRYPTO_PROFILE (under `national` the
 * ungrouped baseline locks a stripe's head per request: BEGIN, SELECT … FOR UPDATE, one statement,
 * COMMIT, two statements fewer than the path before this change, so the comparison is conservative).
 *
 *   node --import tsx test/bench/access-log-group-commit.ts [requests per round=600] [concurrency=32] [rounds=3]
 */
import os from 'node:os';
import { accessLogWriter } from '../../subgraphs/kit/accessLog';
import { activeProfile } from '../../subgraphs/kit/digests';
import type { Database } from '../../subgraphs/kit/db';
import { DATABASE_KIND, startTestGraph } from '../harness';

const REQUESTS = Number(process.argv[2] ?? 600);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const ROUNDS = Number(process.argv[4] ?? 3);
const SUBGRAPHS = ['agencies', 'cases', 'dossiers'];
const RECORDED = ['cases', 'dossiers'];
const QUERY = `{ cases(first: 5) { nodes { number parties { kind name } handlingAgency { name division { name } } dossier { version documents { kind sha256 } } } } }`;

process.env.APOLLO_TELEMETRY_DISABLED = 'true';
const graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 1e6, burst: 1e6 } } });
const token = await graph.token({ login: 'wang.li.zj-proc' });

async function metric(subgraph: string, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', graph.subgraphs[subgraph]!.url))).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}
const totals = async () => ({
  statements: (await Promise.all(SUBGRAPHS.map((s) => graph.sqlCount(s)))).reduce((a, b) => a + b, 0),
  flushes: (await Promise.all(RECORDED.map((s) => metric(s, 'caselink_access_log_flushes_total')))).reduce((a, b) => a + b, 0),
});

function setGrouping(on: boolean) {
  for (const s of RECORDED) accessLogWriter(graph.subgraphs[s]!.db as Database).grouping = on;
}

/** `count` requests from CONCURRENCY loops: requests/s, statements and flushes per request. Fails on any error. */
async function round(count: number) {
  const body = JSON.stringify({ query: QUERY });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const before = await totals();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) {
        const res = await fetch(graph.gatewayUrl, { method: 'POST', headers, body });
        const json = (await res.json()) as { errors?: unknown[] };
        if (res.status !== 200 || json.errors) throw new Error(`${res.status} ${JSON.stringify(json.errors)}`);
      }
    }),
  );
  const rps = count / ((performance.now() - started) / 1000);
  const after = await totals();
  return { rps, statements: (after.statements - before.statements) / count, flushes: (after.flushes - before.flushes) / count };
}

setGrouping(true);
await round(100); // warm-up: plans, JIT, the dossiers' scope, the writers' heads
setGrouping(false);
await round(100);
const results: Record<'on' | 'off', Awaited<ReturnType<typeof round>>[]> = { on: [], off: [] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate, so drift in the machine's load falls on both.
  for (const mode of ['off', 'on'] as const) {
    setGrouping(mode === 'on');
    results[mode].push(await round(REQUESTS));
    console.error(`round ${r + 1} ${mode}: ${JSON.stringify(results[mode].at(-1))}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = (mode: 'on' | 'off') => ({
  rps: median(results[mode].map((x) => x.rps)),
  statements: median(results[mode].map((x) => x.statements)),
  flushes: median(results[mode].map((x) => x.flushes)),
});
const [off, on] = [m('off'), m('on')];
const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()} (load ${load}), Node ${process.version}, ` +
    `${DATABASE_KIND}, ${activeProfile().name} profile; ${CONCURRENCY} concurrent clients, ${ROUNDS} alternating rounds of ${REQUESTS} requests, medians.\n`,
);
console.log('| access log | requests/s | SQL statements / request (3 subgraphs) | access-log flushes / request (2 subgraphs) |');
console.log('|---|---:|---:|---:|');
console.log(`| one write per request (grouping off) | ${off.rps.toFixed(0)} | ${off.statements.toFixed(2)} | ${off.flushes.toFixed(2)} |`);
console.log(`| group commit (on) | ${on.rps.toFixed(0)} | ${on.statements.toFixed(2)} | ${on.flushes.toFixed(2)} |`);
console.log(`| ratio on / off | ${(on.rps / off.rps).toFixed(2)} | ${(on.statements / off.statements).toFixed(2)} | ${(on.flushes / off.flushes).toFixed(2)} |`);
await graph.close();
