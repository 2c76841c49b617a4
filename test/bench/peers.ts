/**
 * npm run bench:peers -- [--rounds 7] [--seconds 3] [--connections 10] [--port-base 4900] [--with-dedup] [--only TEXT] [--cpu-prof DIR]
 *
 * Caselink's gateway against its peers, side by side in one run (issue 20): bare @apollo/gateway
 * (+ Apollo Server) and Hive Gateway (its engine, @graphql-hive/gateway-runtime's
 * createGatewayRuntime), each in its own process (peerGatewayProcess.ts; what each one does is in
 * peerGateways.ts), in front of the same three subgraphs, each in its own process as in production
 * (subgraphProcess.ts), on the same committed supergraph (schema/supergraph.graphql). PGlite by
 * default; with DATABASE_URL (an admin URL), fresh PostgreSQL databases `caselink_peers_<random>_*`,
 * dropped at the end.
 *
 * Before any timing, each query is sent once to each gateway and the three answers must be the same
 * JSON, without errors (a peer that answers errors fast is not fast). Then, per query, alternating
 * rounds: in each round every gateway gets `--seconds` of closed-loop load from `--connections`
 * keep-alive connections (a connection sends its next request when the answer is in; every answer
 * must be HTTP 200 without errors), the order of the gateways rotating from round to round. Prints
 * the median requests/s of each and the ratios to ours as a Markdown table, and the CPU time each
 * gateway process used per answer (from /proc; steadier than throughput on a shared machine).
 *
 * `--with-dedup` adds Hive with its default in-flight deduplication of subgraph fetches, and checks
 * whether two callers asking the same query at once each get their own answer (peerGateways.ts,
 * httpTransport). `--only TEXT` times only the queries whose label contains TEXT.
 *
 * `--cpu-prof DIR`: the gateway processes run with `node --cpu-prof --cpu-prof-dir DIR`; the
 * profiles are written when they exit (summarise with test/bench/cpuprofile-summary.ts).
 */
import { cpuMs } from './procStats';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findDemoOfficer, mintToken } from '../../demo/tokens';
import { generateIssuerKey } from '../../gateway/keys';
import { generateSigningKey } from '../../subgraphs/kit/jws';
import { SUPERGRAPH_PATH } from '../harness';
import { PEER_LABELS, PEERS as ALL_PEERS, type Peer } from './peerGateways';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    'port-base': { type: 'string', default: '4900' },
    'cpu-prof': { type: 'string' },
    officer: { type: 'string', default: 'zhao.wenjie.zj-proc' },
    'with-dedup': { type: 'boolean', default: false },
    /** Time only the queries whose label contains this (e.g. `gateway only`), as for a CPU profile. */
    only: { type: 'string' },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const PORT_BASE = Number(args['port-base']);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error(`--rounds must be a whole number ≥ 1, got ${args.rounds}`);
if (!(SECONDS > 0)) throw new Error(`--seconds must be positive, got ${args.seconds}`);
if (!(Number.isInteger(CONNECTIONS) && CONNECTIONS >= 1)) throw new Error(`--connections must be a whole number ≥ 1, got ${args.connections}`);

export const QUERIES: Record<string, string> = {
  'gateway only (`{ __typename }`)': '{ __typename }',
  'one subgraph (`cases(first: 20)`)': '{ cases(first: 20) { nodes { id number title status } } }',
  'three subgraphs (20 cases, agency, dossier documents)':
    '{ cases(first: 20) { nodes { number title status handlingAgency { name division { name } } dossier { version documents { kind sha256 } } } } }',
};

/** Hive with its default in-flight deduplication only when asked for (peerGateways.ts httpTransport says why). */
const PEERS = ALL_PEERS.filter((p) => p !== 'hive-dedup' || args['with-dedup']);
const ROOT = resolve(import.meta.dirname, '../..');
const SUBGRAPHS = ['agencies', 'cases', 'dossiers'] as const;
const port = {
  ours: PORT_BASE,
  apollo: PORT_BASE + 1,
  hive: PORT_BASE + 2,
  'hive-dedup': PORT_BASE + 3,
  agencies: PORT_BASE + 11,
  cases: PORT_BASE + 12,
  dossiers: PORT_BASE + 13,
};
const say = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

// ---------------------------------------------------------------- storage

const adminUrl = process.env.DATABASE_URL;
const dataDir = mkdtempSync(join(os.tmpdir(), 'caselink-peers-'));
const dbBase = `caselink_peers_${randomBytes(3).toString('hex')}`;
function databaseUrl(name: string): string {
  const u = new URL(adminUrl!);
  u.pathname = `/${dbBase}_${name}`;
  return u.toString();
}
async function admin(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}
if (adminUrl) await admin(SUBGRAPHS.map((n) => `CREATE DATABASE "${dbBase}_${n}"`));

// ---------------------------------------------------------------- processes

const { key: issuerKey } = await generateIssuerKey();
const assertionKey = generateSigningKey();
const children: ChildProcess[] = [];
// Whatever happens, no process of this run outlives it.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});
process.on('uncaughtException', (err) => {
  console.error(err);
  void shutdown().finally(() => process.exit(1));
});
process.on('unhandledRejection', (err) => {
  console.error(err);
  void shutdown().finally(() => process.exit(1));
});

function startChild(label: string, nodeArgs: string[], script: string, argv: string[], env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...argv], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'error', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString().trim();
    if (text) console.error(`  ${label}! ${text.slice(0, 400)}`);
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${label} did not start within 120 s`)), 120_000);
    let started = false;
    child.stdout!.on('data', (d: Buffer) => {
      // After the start line, only errors are logged (LOG_LEVEL=error): show them.
      if (started) console.error(`  ${label}: ${d.toString().trim().slice(0, 600)}`);
      else if (d.toString().includes('listening on')) {
        started = true;
        clearTimeout(timer);
        ok(child);
      }
    });
    child.once('exit', (code) => fail(new Error(`${label} exited with ${code} while starting`)));
  });
}

const subgraphUrl = (n: (typeof SUBGRAPHS)[number]) => `http://127.0.0.1:${port[n]}/graphql`;
const profiling = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(args['cpu-prof'])] : [];
const gatewayProcs = {} as Record<Peer, ChildProcess>;
say(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; starting ${PEERS.length} gateways and 3 subgraphs`);
for (const peer of PEERS) {
  gatewayProcs[peer] = await startChild(`gateway ${peer}`, profiling, 'test/bench/peerGatewayProcess.ts', [peer], {
    PORT: String(port[peer]),
    SUPERGRAPH_PATH,
    BENCH_ISSUER_JWK: JSON.stringify(issuerKey.publicJwk),
    BENCH_ASSERTION_JWK: JSON.stringify(assertionKey.privateJwk),
    ...Object.fromEntries(SUBGRAPHS.map((n) => [`SUBGRAPH_URL_${n.toUpperCase()}`, subgraphUrl(n)])),
  });
  say(`started ${PEER_LABELS[peer]} (pid ${gatewayProcs[peer].pid}) on 127.0.0.1:${port[peer]}`);
}
// The dossiers subgraph before the cases subgraph: the cases subgraph verifies seals with its key.
for (const name of ['agencies', 'dossiers', 'cases'] as const) {
  const child = await startChild(name, [], 'test/bench/subgraphProcess.ts', [name], {
    PORT: String(port[name]),
    HOST: '127.0.0.1',
    ...(adminUrl ? { [`${name.toUpperCase()}_DATABASE_URL`]: databaseUrl(name) } : {}),
    SEED_DEMO: 'true',
    DATA_DIR: dataDir,
    DOSSIERS_BLOB_DIR: join(dataDir, 'blobs'),
    DOSSIERS_JWKS_URL: `http://127.0.0.1:${port.dossiers}/.well-known/jwks.json`,
    CASES_JWKS_URL: `http://127.0.0.1:${port.cases}/.well-known/jwks.json`,
    // Ours publishes the assertion key; the three gateways sign with the same one.
    GATEWAY_JWKS_URL: `http://127.0.0.1:${port.ours}/.well-known/jwks.json`,
  });
  say(`started subgraph ${name} (pid ${child.pid}) on 127.0.0.1:${port[name]}${adminUrl ? `, database ${dbBase}_${name}` : ', PGlite'}`);
}

let shutDown = false;
async function shutdown(): Promise<void> {
  if (shutDown) return;
  shutDown = true;
  await Promise.all(
    children.map((c) => (c.exitCode !== null ? null : new Promise((r) => (c.once('exit', r), c.kill('SIGTERM'))))),
  );
  if (adminUrl) await admin(SUBGRAPHS.map((n) => `DROP DATABASE IF EXISTS "${dbBase}_${n}" WITH (FORCE)`));
  rmSync(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- client

const officer = findDemoOfficer({ login: args.officer });
if (!officer.roles.includes('CASE_OFFICER')) throw new Error(`--officer ${officer.login} is no case officer`);
const token = await mintToken(officer, issuerKey);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

/** One POST over the shared keep-alive agent, with the officer's token (or `bearer`: null, none); resolves with status and body. */
function post(url: string, body: string, bearer: string | null = token): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const req = http.request(
      url,
      { method: 'POST', agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

/** The answer, parsed; throws unless HTTP 200 with data and no errors. */
async function ask(url: string, body: string): Promise<unknown> {
  const { status, text } = await post(url, body);
  const json = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (status !== 200 || json.errors || !json.data) throw new Error(`${url} answered ${status}: ${text.slice(0, 500)}`);
  return json;
}

/**
 * `CONNECTIONS` closed loops for `seconds`: requests per second over the good answers (HTTP 200
 * with data and no errors), and how many were not good (a loaded machine resets the odd connection;
 * more than 10 % of failures ends the run).
 */
async function closedLoop(url: string, query: string, seconds: number): Promise<{ rate: number; failed: number; done: number }> {
  const body = JSON.stringify({ query });
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  let lastFailure = '';
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        try {
          await ask(url, body);
          done++;
        } catch (err) {
          failed++;
          lastFailure = (err as Error).message;
        }
      }
    }),
  );
  if (failed > 0.1 * (done + failed)) throw new Error(`${url}: ${failed} of ${done + failed} answers failed, the last: ${lastFailure}`);
  return { rate: done / ((performance.now() - started) / 1000), failed, done };
}


// ---------------------------------------------------------------- same answers first

const gatewayUrl = (peer: Peer) => `http://127.0.0.1:${port[peer]}/graphql`;
// Every gateway verifies the token, even for a query no subgraph serves.
for (const p of PEERS) {
  for (const [why, bearer] of [['no token', null], ['a token signed by another key', await mintToken(officer, (await generateIssuerKey()).key)]] as const) {
    const { text } = await post(gatewayUrl(p), JSON.stringify({ query: '{ __typename }' }), bearer);
    const code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
    if (code !== 'UNAUTHENTICATED') throw new Error(`${p} answered \`{ __typename }\` with ${why} without UNAUTHENTICATED: ${text.slice(0, 300)}`);
  }
}
say(`every gateway refuses \`{ __typename }\` without a token and with a token of another issuer key (UNAUTHENTICATED)`);
for (const [label, query] of Object.entries(QUERIES)) {
  const body = JSON.stringify({ query });
  const answers = await Promise.all(PEERS.map(async (p) => JSON.stringify(await ask(gatewayUrl(p), body))));
  for (const [i, p] of PEERS.entries()) {
    if (answers[i] !== answers[0]) {
      console.error(`${label}: ${p} answers differently from ours:\n  ours: ${answers[0]!.slice(0, 800)}\n  ${p}: ${answers[i]!.slice(0, 800)}`);
      await shutdown();
      process.exit(1);
    }
  }
  const nodes = (JSON.parse(answers[0]!) as { data: { cases?: { nodes: { dossier?: { documents: unknown[] } | null }[] } } }).data.cases?.nodes;
  if (nodes && nodes.length === 0) throw new Error(`${label}: ${officer.login} sees no cases; pick another --officer`);
  const documents = nodes?.reduce((n, c) => n + (c.dossier?.documents.length ?? 0), 0);
  say(`${label}: the same ${answers[0]!.length} bytes of JSON from all three${nodes ? ` (${nodes.length} cases${documents !== undefined && query.includes('documents') ? `, ${documents} documents` : ''})` : ''}`);
}

// With in-flight deduplication, two callers' identical queries at once share one subgraph fetch,
// made with the first one's assertion: count the answers that went to the wrong caller.
if (args['with-dedup']) {
  const other = findDemoOfficer({ login: 'song.wenjie.xh-msa' });
  const otherToken = await mintToken(other, issuerKey);
  const body = JSON.stringify({ query: '{ cases(first: 20) { nodes { id number } } }' });
  const own = async (p: Peer, bearer: string) => JSON.stringify(JSON.parse((await post(gatewayUrl(p), body, bearer)).text));
  const expected = { [token]: await own('hive', token), [otherToken]: await own('hive', otherToken) };
  if (expected[token] === expected[otherToken]) throw new Error(`${officer.login} and ${other.login} see the same cases; the cross-caller check needs two who do not`);
  for (const p of PEERS) {
    let wrong = 0;
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const pairs = await Promise.all(Array.from({ length: 6 }, (_, j) => (j % 2 ? otherToken : token)).map(async (t) => [t, await own(p, t)] as const));
      for (const [t, text] of pairs) {
        total++;
        if (text !== expected[t]) wrong++;
      }
    }
    say(`cross-caller check, ${PEER_LABELS[p]}: ${wrong} of ${total} answers were not the caller's own (${officer.login} and ${other.login} asking the same query at once)`);
  }
}

// ---------------------------------------------------------------- rounds

const loadBefore = os.loadavg();
const rows: string[] = [];
const cpuRows: string[] = [];
const roundLines: string[] = [];
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (const [label, query] of Object.entries(QUERIES).filter(([l]) => !args.only || l.includes(args.only))) {
  for (const p of PEERS) await closedLoop(gatewayUrl(p), query, Math.min(2, SECONDS)); // warm-up: plans cached, JIT warm
  const rates = Object.fromEntries(PEERS.map((p) => [p, [] as number[]])) as Record<Peer, number[]>;
  const failures = Object.fromEntries(PEERS.map((p) => [p, 0])) as Record<Peer, number>;
  const cpuPerAnswer = Object.fromEntries(PEERS.map((p) => [p, [] as number[]])) as Record<Peer, number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so drift in the machine's load falls on each in turn.
    const order = PEERS.map((_, i) => PEERS[(i + round) % PEERS.length]!);
    for (const p of order) {
      const cpuBefore = cpuMs(gatewayProcs[p].pid!);
      const { rate, failed, done } = await closedLoop(gatewayUrl(p), query, SECONDS);
      cpuPerAnswer[p].push((cpuMs(gatewayProcs[p].pid!) - cpuBefore) / Math.max(done, 1));
      rates[p].push(rate);
      failures[p] += failed;
    }
  }
  const m = Object.fromEntries(PEERS.map((p) => [p, median(rates[p])])) as Record<Peer, number>;
  const c = Object.fromEntries(PEERS.map((p) => [p, median(cpuPerAnswer[p])])) as Record<Peer, number>;
  rows.push(`| ${label} | ${PEERS.map((p) => m[p].toFixed(0)).join(' | ')} | ${PEERS.slice(1).map((p) => (m[p] / m.ours).toFixed(2)).join(' | ')} |`);
  cpuRows.push(`| ${label} | ${PEERS.map((p) => c[p].toFixed(2)).join(' | ')} | ${PEERS.slice(1).map((p) => (c[p] / c.ours).toFixed(2)).join(' | ')} |`);
  const line = `${label}: ${PEERS.map((p) => `${p} ${rates[p].map((x) => x.toFixed(0)).join(', ')}${failures[p] ? ` (${failures[p]} failed answers)` : ''}`).join(' / ')}`;
  roundLines.push(line);
  say(line);
}
const loadAfter = os.loadavg();

console.log(
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ` +
    `${adminUrl ? 'PostgreSQL' : 'PGlite'}; load average (1 min) ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after. ` +
    `Gateways and subgraphs each in their own process on loopback; officer ${officer.login} (${officer.roles.join(', ')}); ` +
    `${CONNECTIONS} closed-loop keep-alive connections, ${ROUNDS} alternating rounds of ${SECONDS} s per gateway and query, median requests/s` +
    `${profiling.length ? ' (gateways CPU-profiled: figures are slowed by the profiler)' : ''}.\n`,
);
console.log(`| query | ${PEERS.map((p) => `${PEER_LABELS[p]} (req/s)`).join(' | ')} | ${PEERS.slice(1).map((p) => `${PEER_LABELS[p]} / ours`).join(' | ')} |`);
console.log(`|---|${PEERS.map(() => '---:').join('|')}|${PEERS.slice(1).map(() => '---:').join('|')}|`);
for (const r of rows) console.log(r);
console.log(`\nGateway process CPU time per answer (ms, user + system, median over the rounds; lower is better):\n`);
console.log(`| query | ${PEERS.map((p) => PEER_LABELS[p]).join(' | ')} | ${PEERS.slice(1).map((p) => `${PEER_LABELS[p]} / ours`).join(' | ')} |`);
console.log(`|---|${PEERS.map(() => '---:').join('|')}|${PEERS.slice(1).map(() => '---:').join('|')}|`);
for (const r of cpuRows) console.log(r);
console.log(`\nRounds (req/s): ${roundLines.join('; ')}`);

agent.destroy();
await shutdown();
