/**
 * npm run bench:federation -- [--rounds 5] [--seconds 5] [--connections 10] [--rss-connections 50]
 *                             [--officer LOGIN] [--profile DIR --only three|one] [--port-base 5100]
 *
 * Federation at the cost of one hop (issue 20). The three subgraphs and the gateway run as child
 * processes, as in production (scripts/start-subgraph.ts, scripts/start-gateway.ts with
 * NODE_ENV=production and keys from env; services' logs in DATA_DIR/<name>.log), on PGlite data directories of their own, or on PostgreSQL
 * (one database per subgraph, created and dropped here) when DATABASE_URL is set. Demo data, a case
 * officer's token, rate limit off, access log on (gateway stdout to /dev/null). A closed-loop client
 * in this process (`--connections` loops of Node fetch) alternates rounds of
 *   one:   the 20-case list from the cases subgraph alone;
 *   three: the same 20 cases with each case's handling agency and dossier documents (three subgraphs);
 * and prints req/s per round, the median of the per-round ratios three/one, each service's CPU time
 * per request (from /proc: on a machine shared with other work, the CPU ratio one/three is the
 * steadier figure; it is the throughput ratio an otherwise idle machine would show), SQL statements per
 * request by subgraph (from each subgraph's caselink_sql_statements_total, access-log writes
 * included; on PostgreSQL the CPU of the server backends serving the subgraphs counts as `postgres`), and the RSS of every process at the end of a round of `--rss-connections` loops.
 *
 * With `--profile DIR`, every child is profiled (test/bench/cpuProfileHook.ts) while only the `--only`
 * query is sent (for `--seconds` × `--rounds`), profiles written to DIR/<service>.cpuprofile;
 * classify them with `node --import tsx test/bench/profile-layers.ts DIR/*.cpuprofile`.
 */
import { cpuMs, rssKb } from './procStats';
import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEMO_AUDIENCE, DEMO_ISSUER, findDemoOfficer, mintToken } from '../../demo/tokens';
import { generateIssuerKey } from '../../gateway/keys';
import { loadCryptoProfile } from '../../subgraphs/kit/cryptoProfile';
import { generateSigningKey, toPkcs8Pem } from '../../subgraphs/kit/jws';
import { makeCreditCode } from '../../subgraphs/kit/identifiers';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    'rss-connections': { type: 'string', default: '50' },
    officer: { type: 'string', default: 'song.wenjie.xh-msa' },
    profile: { type: 'string' },
    only: { type: 'string', default: 'three' },
    'port-base': { type: 'string', default: '5100' },
    keep: { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const RSS_CONNECTIONS = Number(args['rss-connections']);
const PORT_BASE = Number(args['port-base']);
const PROFILE_DIR = args.profile ? resolve(args.profile) : null;
if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
const ROOT = resolve(import.meta.dirname, '../..');
const SUBGRAPHS = ['agencies', 'cases', 'dossiers'] as const;
type Name = (typeof SUBGRAPHS)[number] | 'gateway';

const QUERIES = {
  one: '{ cases(first: 20) { nodes { id number title status } } }',
  three: '{ cases(first: 20) { nodes { id number title status handlingAgency { id name } dossier { id version documents { kind sha256 } } } } }',
} as const;
type Which = keyof typeof QUERIES;

// ---------------------------------------------------------------- storage

const adminUrl = process.env.DATABASE_URL || null;
const dataDir = mkdtempSync(join(tmpdir(), 'caselink-fed-'));
const dbBase = `caselink_fed_${randomBytes(3).toString('hex')}`;
const dbUrl = (name: string) => {
  const u = new URL(adminUrl!);
  u.pathname = `/${dbBase}_${name}`;
  return u.toString();
};
async function admin(sql: (c: pg.Client) => Promise<void>) {
  const c = new pg.Client({ connectionString: adminUrl! });
  await c.connect();
  try {
    await sql(c);
  } finally {
    await c.end();
  }
}
if (adminUrl) await admin(async (c) => { for (const n of SUBGRAPHS) await c.query(`CREATE DATABASE "${dbBase}_${n}"`); });

// ---------------------------------------------------------------- processes

const ports: Record<Name, number> = { gateway: PORT_BASE, agencies: PORT_BASE + 1, cases: PORT_BASE + 2, dossiers: PORT_BASE + 3 };
const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
const metricsToken = randomBytes(16).toString('hex');
const { key: issuerKey } = await generateIssuerKey();
const issuerPem = createPublicKey({ key: issuerKey.publicJwk as never, format: 'jwk' }).export({ format: 'pem', type: 'spki' }) as string;
const assertionKey = generateSigningKey(loadCryptoProfile().signature);
const sealKeyPem = toPkcs8Pem(generateSigningKey(loadCryptoProfile().signature));
const children = new Map<Name, ChildProcess>();
const devNull = openSync('/dev/null', 'w');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(name: Name): ChildProcess {
  const script = name === 'gateway' ? 'scripts/start-gateway.ts' : 'scripts/start-subgraph.ts';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(ports[name]),
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    METRICS_TOKEN: metricsToken,
  };
  if (name === 'gateway') {
    Object.assign(env, {
      AUTH_PUBLIC_KEY: issuerPem,
      AUTH_ISSUER: DEMO_ISSUER,
      AUTH_AUDIENCE: DEMO_AUDIENCE,
      GATEWAY_SIGNING_KEY: toPkcs8Pem(assertionKey),
      RATE_LIMIT_PER_SECOND: '0',
      SUPERGRAPH_POLL_MS: '0',
      GATEWAY_IDE: 'false',
      ...Object.fromEntries(SUBGRAPHS.map((n) => [`SUBGRAPH_URL_${n.toUpperCase()}`, `http://127.0.0.1:${ports[n]}/graphql`])),
    });
  } else {
    Object.assign(env, {
      SEED_DEMO: 'true',
      [`${name.toUpperCase()}_CHECKPOINT_KEY`]: toPkcs8Pem(generateSigningKey(loadCryptoProfile().signature)),
      DOSSIERS_SEAL_KEY: sealKeyPem,
      CASES_STATISTICS_NOISE_SECRET: randomBytes(32).toString('hex'),
      CASES_JWKS_URL: `http://127.0.0.1:${ports.cases}/.well-known/jwks.json`,
      GATEWAY_JWKS_URL: `${gatewayUrl}/.well-known/jwks.json`,
      DOSSIERS_BLOB_DIR: join(dataDir, 'blobs'),
      DOSSIERS_JWKS_URL: `http://127.0.0.1:${ports.dossiers}/.well-known/jwks.json`,
      ...(adminUrl ? { [`${name.toUpperCase()}_DATABASE_URL`]: dbUrl(name) } : {}),
    });
    delete env.DATABASE_URL;
  }
  if (PROFILE_DIR) Object.assign(env, { CPU_PROFILE_DIR: PROFILE_DIR, CPU_PROFILE_NAME: name });
  const node = PROFILE_DIR ? ['--import', './test/bench/cpuProfileHook.ts'] : [];
  // The gateway's access log and the services' logs go to /dev/null, serialized as in production.
  const child = spawn(process.execPath, ['--import', 'tsx', ...node, script, ...(name === 'gateway' ? [] : [name])], { cwd: ROOT, env, stdio: ['ignore', name === 'gateway' ? devNull : openSync(join(dataDir, `${name}.log`), 'w'), 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`  ${name}! ${d.toString().slice(0, 400)}`));
  children.set(name, child);
  return child;
}

async function ready(name: Name, path: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (children.get(name)!.exitCode !== null) throw new Error(`${name} exited while starting`);
    try {
      const res = await fetch(`http://127.0.0.1:${ports[name]}${path}`);
      if (res.status < 500) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${name} did not start within 300 s`);
}

async function stopAll(): Promise<void> {
  await Promise.all(
    [...children.values()].map(
      (c) =>
        new Promise<void>((ok) => {
          if (c.exitCode !== null) return ok();
          const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
          c.once('exit', () => (clearTimeout(t), ok()));
          c.kill('SIGTERM');
        }),
    ),
  );
}
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
// A bench that fails leaves no service behind.
process.on('exit', () => {
  for (const c of children.values()) if (c.exitCode === null) c.kill('SIGKILL');
  if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
});

for (const [n, port] of Object.entries(ports)) {
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
  if (taken) throw new Error(`port ${port} (for ${n}) is taken: another service would be measured; pick --port-base`);
}
/** The gateway first (subgraphs fetch its JWKS lazily), then dossiers (the cases subgraph verifies its seals). */
start('gateway');
await ready('gateway', '/health');
for (const n of ['agencies', 'dossiers', 'cases'] as const) {
  start(n);
  await ready(n, '/metrics');
}

// ---------------------------------------------------------------- client

const officer = findDemoOfficer({ login: args.officer });
const token = await mintToken(officer, issuerKey, { expiresIn: '2h' });
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': 'CASE_HANDLING' };

/** Connections the gateway closed under a request (a keep-alive race): the request is sent again, and counted. */
let resets = 0;
async function ask(which: Which): Promise<any> {
  const send = () => fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: QUERIES[which] }) });
  const res = await send().catch((err) => {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET' || children.get('gateway')!.exitCode !== null) throw err;
    resets++;
    return send();
  });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (res.status !== 200 || json.errors) throw new Error(`${which}: HTTP ${res.status} ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}

/** The services' CPU time, and this process's (the client, which shares the machine as autocannon would). */
const cpuNow = () => {
  const own = process.cpuUsage();
  return new Map<string, number>([...[...children].map(([n, c]) => [n, cpuMs(c.pid!)] as const), ['client', (own.user + own.system) / 1000]]);
};

/**
 * On PostgreSQL, the server's own CPU counts too: the backends serving the subgraphs' databases (found
 * in pg_stat_activity, read from /proc: the server runs on this machine). Shared server processes
 * (WAL writer, checkpointer) are left out.
 */
const pgWatch = adminUrl ? new pg.Client({ connectionString: adminUrl }) : null;
await pgWatch?.connect();
async function backendsCpu(): Promise<Map<number, number>> {
  if (!pgWatch) return new Map();
  const { rows } = await pgWatch.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname LIKE $1`, [`${dbBase}\\_%`]);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      out.set(pid, cpuMs(pid));
    } catch {} // ended between the query and the read
  }
  return out;
}
/** CPU the backends used between two readings (a backend new since the first counts from zero). */
const backendsDelta = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, t]) => sum + t - (before.get(pid) ?? 0), 0);

interface Round {
  rate: number;
  /** CPU ms per request, by service: robust to other work on the machine, unlike req/s. */
  cpu: Map<string, number>;
  errors: Map<string, number>;
}

/**
 * `connections` closed loops for `seconds`: requests per second and each service's CPU time per
 * request. Any error stops the run, unless `tolerate` (then errors are counted by code).
 */
async function round(which: Which, connections: number, seconds: number, tolerate = false): Promise<Round> {
  let done = 0;
  const errors = new Map<string, number>();
  const until = performance.now() + seconds * 1000;
  const before = cpuNow();
  const pgBefore = await backendsCpu();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        try {
          await ask(which);
          done++;
        } catch (err) {
          if (!tolerate) throw err;
          const code = /"code":"([A-Z_]+)"/.exec((err as Error).message)?.[1] ?? (err as Error).message.slice(0, 60);
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  const rate = done / ((performance.now() - t0) / 1000);
  const after = cpuNow();
  const cpu = new Map([...after].map(([n, t]) => [n, (t - before.get(n)!) / Math.max(done, 1)]));
  if (pgWatch) cpu.set('postgres', backendsDelta(pgBefore, await backendsCpu()) / Math.max(done, 1));
  return { rate, cpu, errors };
}
const cpuTotal = (r: Round) => [...r.cpu.values()].reduce((a, b) => a + b, 0);
const cpuText = (r: Round) => `${[...r.cpu].map(([n, t]) => `${n} ${t.toFixed(2)}`).join(', ')}; total ${cpuTotal(r).toFixed(2)} ms`;

async function sqlCount(name: (typeof SUBGRAPHS)[number]): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${ports[name]}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  const m = /^caselink_sql_statements_total\{[^}]*\} (\d+)/m.exec(await res.text());
  return Number(m?.[1] ?? NaN);
}
/** Statements per request by subgraph, over `n` requests sent one after another. */
async function statementsPerRequest(which: Which, n = 20): Promise<Record<string, number>> {
  const before = await Promise.all(SUBGRAPHS.map(sqlCount));
  for (let i = 0; i < n; i++) await ask(which);
  const after = await Promise.all(SUBGRAPHS.map(sqlCount));
  return Object.fromEntries(SUBGRAPHS.map((s, i) => [s, (after[i]! - before[i]!) / n]));
}


// ---------------------------------------------------------------- run

const db = adminUrl ? `PostgreSQL (${dbBase}_*)` : 'PGlite';
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`caselink federation bench: ${db}, crypto profile ${process.env.CASELINK_CRYPTO_PROFILE ?? 'international'}, officer ${officer.login} (${officer.roles.join(',')}), ${CONNECTIONS} connections`);
console.log(`${new Date().toISOString()}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average before: ${load}`);

// The demo province gives a case officer a few cases of the officer's agency: top them up through the
// gateway to 20, each with a dossier holding one document, as an officer would.
async function write(query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(`top-up: ${JSON.stringify(json.errors).slice(0, 500)}`);
  return json.data;
}
const visible = ((await ask('one')).cases.nodes as unknown[]).length;
for (let i = visible; i < 20; i++) {
  const { createCase: c } = await write(`mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, {
    i: { title: `bench case ${i}`, sector: 'MARKET_SUPERVISION', facts: `基准测试 ${i}`, amountInvolved: 10_000 + i, parties: [{ kind: 'COMPANY', name: '某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') }] },
  });
  const { case: s } = await write(`query($c: ID!) { case(id: $c) { scopeStatement } }`, { c: c.id });
  const { openDossier: d } = await write(`mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { id } }`, { c: c.id, s: s.scopeStatement });
  const url = new URL(`/files/dossiers/dossiers/${encodeURIComponent(d.id)}/documents`, gatewayUrl);
  url.searchParams.set('kind', 'TRANSFER_LETTER');
  url.searchParams.set('title', `letter ${i}`);
  const up = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: `letter ${i} ${randomBytes(8).toString('hex')}` });
  if (up.status !== 201) throw new Error(`top-up upload: HTTP ${up.status} ${await up.text()}`);
}

const sample = await ask('three');
const nodes = sample.cases.nodes as { handlingAgency: unknown; dossier: { documents: unknown[] } | null }[];
console.log(`page: ${nodes.length} cases, ${nodes.filter((n) => n.handlingAgency).length} with agency, ${nodes.filter((n) => n.dossier).length} with a dossier, ${nodes.reduce((s, n) => s + (n.dossier?.documents.length ?? 0), 0)} documents`);
if (nodes.length !== 20) throw new Error(`the officer sees ${nodes.length} cases, not 20: pick another with --officer`);

// Warm-up: plans cached, JIT warm, pools filled.
await round('one', CONNECTIONS, 2);
await round('three', CONNECTIONS, 2);

if (PROFILE_DIR) {
  const which = args.only as Which;
  const rates: number[] = [];
  for (const c of children.values()) c.kill('SIGUSR2');
  for (let r = 0; r < ROUNDS; r++) rates.push((await round(which, CONNECTIONS, SECONDS)).rate);
  for (const c of children.values()) c.kill('SIGUSR2');
  await sleep(3000);
  console.log(`profiled ${which}: ${rates.map((x) => x.toFixed(0)).join(' / ')} req/s; profiles in ${PROFILE_DIR}`);
} else {
  const stmts = { one: await statementsPerRequest('one'), three: await statementsPerRequest('three') };
  const fmt = (s: Record<string, number>) => SUBGRAPHS.map((n) => `${n} ${s[n]!.toFixed(2)}`).join(', ');
  console.log(`SQL statements per request (access-log writes included): one: ${fmt(stmts.one)}; three: ${fmt(stmts.three)}`);
  const rows: { one: Round; three: Round }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so drift in the machine's load falls on both.
    const first: Which = r % 2 ? 'three' : 'one';
    const a = await round(first, CONNECTIONS, SECONDS);
    const b = await round(first === 'one' ? 'three' : 'one', CONNECTIONS, SECONDS);
    const row = first === 'one' ? { one: a, three: b } : { one: b, three: a };
    rows.push(row);
    console.log(
      `round ${r + 1}: one ${row.one.rate.toFixed(0)} req/s, three ${row.three.rate.toFixed(0)} req/s, ratio ${(row.three.rate / row.one.rate).toFixed(3)}; ` +
        `CPU ms/request one [${cpuText(row.one)}], three [${cpuText(row.three)}]; CPU ratio one/three ${(cpuTotal(row.one) / cpuTotal(row.three)).toFixed(3)}`,
    );
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const ratio = median(rows.map((r) => r.three.rate / r.one.rate));
  const cpuRatio = median(rows.map((r) => cpuTotal(r.one) / cpuTotal(r.three)));
  const perService = (w: Which) => [...rows[0]!.one.cpu.keys()].map((n) => `${n} ${median(rows.map((r) => r[w].cpu.get(n)!)).toFixed(2)}`).join(', ');
  console.log(`median: one ${median(rows.map((r) => r.one.rate)).toFixed(0)} req/s, three ${median(rows.map((r) => r.three.rate)).toFixed(0)} req/s; median ratio three/one ${ratio.toFixed(3)} (goal ≥ 0.5)`);
  console.log(`median CPU ms per request: one [${perService('one')}], three [${perService('three')}]; median CPU ratio one/three ${cpuRatio.toFixed(3)} (the throughput ratio a machine with nothing else to do would show)`);

  // Memory under RSS_CONNECTIONS: peak RSS sampled every 250 ms during a round of the three-subgraph page.
  const peak: Record<string, number> = {};
  const timer = setInterval(() => {
    for (const [n, c] of children) peak[n] = Math.max(peak[n] ?? 0, rssKb(c.pid!));
  }, 250);
  const big = await round('three', RSS_CONNECTIONS, SECONDS, true).finally(() => clearInterval(timer));
  const errs = [...big.errors].map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
  console.log(`RSS at ${RSS_CONNECTIONS} connections (three, ${big.rate.toFixed(0)} req/s, errors: ${errs}), peak: ${[...children.keys()].map((n) => `${n} ${(peak[n]! / 1024).toFixed(0)} MB`).join(', ')}`);
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; connection resets retried: ${resets}`);
}

await pgWatch?.end();
await stopAll();
if (adminUrl && !args.keep) await admin(async (c) => { for (const n of SUBGRAPHS) await c.query(`DROP DATABASE IF EXISTS "${dbBase}_${n}" WITH (FORCE)`); });
if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
else console.log(`kept: ${dataDir}${adminUrl ? `, databases ${dbBase}_*` : ''}`);
process.exit(0);
