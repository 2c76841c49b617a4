/**
 * npm run bench:hop -- (or node --import tsx test/bench/hop.ts) [--requests 1000] [--rounds 3] [--warmup 300] [--officer LOGIN] [--only agencies|cases] [--express]
 *
 * The fixed cost of one subgraph fetch (issue 20, decision 108), without the gateway: the test graph
 * (test/harness.ts) runs in this process, on in-memory PGlite or, with DATABASE_URL, on fresh
 * PostgreSQL databases, and this process sends the subgraphs sequential POST /graphql requests exactly
 * as the gateway does (node:http with a keep-alive agent, `content-type: application/json`, a caller
 * assertion signed for the exact body, kit/caller.ts), one at a time:
 *   agencies: `_entities` of 20 Agency representations (what the gateway sends for a page's agencies);
 *   cases:    `{ cases(first: 20) { nodes { id number title status } } }` as a case officer (whose
 *             cases are topped up to 20 through the gateway first, as bench:federation does).
 * Assertions are signed before each round (they are good for 60 s and one request each), so the
 * figures are the HTTP client and the subgraph: CPU ms per request of this whole process
 * (process.cpuUsage: client and server together) and wall ms per request, per round after a warm-up,
 * and the median over the rounds. The machine's other work shows in wall time more than in CPU time.
 * With `--express`, each fetch is also sent, in the same rounds, to the subgraph's Express app on a
 * port of its own: the route POST /graphql took before decision 108, side by side with the one it
 * takes now (everything else, operation-limit measures included, as now).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { findDemoOfficer } from '../../demo/tokens';
import { agencies } from '../../demo/province';
import { makeCreditCode } from '../../subgraphs/kit/identifiers';
import { ASSERTION_HEADER, type Caller } from '../../subgraphs/kit/caller';
import { DATABASE_KIND, startTestGraph } from '../harness';
import { gatewayAssertion } from '../asGateway';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '300' },
    officer: { type: 'string', default: 'song.wenjie.xh-msa' },
    only: { type: 'string' },
    express: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(args.requests);
const ROUNDS = Number(args.rounds);
const WARMUP = Number(args.warmup);

const officer = findDemoOfficer({ login: args.officer });
const agency = agencies.find((a) => a.id === officer.agencyId)!;
/** The Caller the gateway would build from this officer's token (gateway/auth.ts). */
const caller = (): Caller => ({
  sub: officer.id,
  agencyId: agency.id,
  agencyKind: agency.kind,
  division: agency.divisionCode,
  roles: [...officer.roles],
  purpose: null,
  requestId: randomUUID(),
});

const representations = agencies.slice(0, 20).map((a) => ({ __typename: 'Agency', id: a.id }));
if (representations.length < 20) throw new Error(`the demo province has ${representations.length} agencies, not 20`);
const FETCHES = {
  agencies: {
    subgraph: 'agencies',
    body: JSON.stringify({
      query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Agency{id name}}}',
      variables: { representations },
    }),
    check: (data: any) => data?._entities?.length === 20,
  },
  cases: {
    subgraph: 'cases',
    body: JSON.stringify({ query: '{cases(first:20){nodes{id number title status}}}', variables: {} }),
    check: (data: any) => data?.cases?.nodes?.length === 20,
  },
} as const;
type Fetch = keyof typeof FETCHES;
/** A fetch, to the subgraph's port or (`/express`) to its Express app on a port of its own. */
type Which = Fetch | `${Fetch}/express`;
const fetches = (args.only ? [args.only] : Object.keys(FETCHES)) as Fetch[];
const which: Which[] = args.express ? fetches.flatMap((f) => [f, `${f}/express` as const]) : fetches;

const graph = await startTestGraph();
// The demo province gives a case officer a few cases of the officer's agency: top them up through the
// gateway to 20, as bench:federation does, so the list is a page of 20.
const token = await graph.token({ login: officer.login });
const visible = ((await graph.query('{ cases(first: 20) { nodes { id } } }', {}, { token })).data?.cases.nodes ?? []).length;
for (let i = visible; i < 20; i++) {
  const created = await graph.query('mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }', {
    i: { title: `bench case ${i}`, sector: 'MARKET_SUPERVISION', facts: `基准测试 ${i}`, amountInvolved: 10_000 + i, parties: [{ kind: 'COMPANY', name: '某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') }] },
  }, { token });
  if (created.errors) throw new Error(`top-up: ${JSON.stringify(created.errors).slice(0, 500)}`);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const expressPorts = new Map<string, { server: http.Server; url: URL }>();
if (args.express) {
  for (const f of fetches) {
    const name = FETCHES[f].subgraph;
    const server = http.createServer(graph.subgraphs[name]!.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    expressPorts.set(name, { server, url: new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`) });
  }
}

function post(url: URL, body: Buffer, assertion: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': body.length, [ASSERTION_HEADER]: assertion } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(w: Which, n: number): Promise<{ cpuMs: number; wallMs: number }> {
  const f = FETCHES[w.replace('/express', '') as Fetch];
  const url = w.endsWith('/express') ? expressPorts.get(f.subgraph)!.url : new URL(graph.subgraphs[f.subgraph]!.url);
  const body = Buffer.from(f.body, 'utf8');
  const assertions: string[] = [];
  for (let i = 0; i < n; i++) assertions.push(await gatewayAssertion(graph, caller(), f.subgraph, { kind: 'graphql', body: f.body }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await post(url, body, assertions[i]!);
    if (res.status !== 200) throw new Error(`${w}: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    if (i === 0 && !f.check(JSON.parse(res.text).data)) throw new Error(`${w}: unexpected answer ${res.text.slice(0, 300)}`);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / n, wallMs: wall / n };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  console.log(`database: ${DATABASE_KIND}; ${ROUNDS} rounds of ${REQUESTS} sequential fetches after ${WARMUP}; CPU = this process (client and subgraph)`);
  for (const w of which) await run(w, WARMUP);
  const results: Record<string, { cpu: number[]; wall: number[] }> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const w of r % 2 ? [...which].reverse() : which) {
      const { cpuMs, wallMs } = await run(w, REQUESTS);
      (results[w] ??= { cpu: [], wall: [] }).cpu.push(cpuMs);
      results[w].wall.push(wallMs);
      console.log(`round ${r + 1} ${w.padEnd(16)} CPU ${cpuMs.toFixed(3)} ms/request, wall ${wallMs.toFixed(3)} ms/request`);
    }
  }
  for (const w of which) console.log(`median   ${w.padEnd(16)} CPU ${median(results[w]!.cpu).toFixed(3)} ms/request, wall ${median(results[w]!.wall).toFixed(3)} ms/request`);
} finally {
  agent.destroy();
  for (const { server } of expressPorts.values()) server.close();
  await graph.close();
}
