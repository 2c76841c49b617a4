/**
 * npm run bench:faults -- [--phase-seconds 12] [--concurrency 12] [--pg-port 5434] [--timeout-ms 3000]
 *
 * Faults under load, on loopback only. The three subgraphs run as child processes
 * (test/bench/subgraphProcess.ts, as `npm run start:subgraph` would) on a PostgreSQL cluster of
 * their own (`pg_createcluster <version> caselink_faults`, created on first use, so restarting it
 * disturbs no one else's database); the gateway and the officers (workload.ts) run in this process.
 * While the officers work, it:
 *   1. kills the cases subgraph (SIGKILL) and starts it again;
 *   2. restarts PostgreSQL (`pg_ctlcluster … restart`) without touching any service;
 *   3. freezes the dossiers subgraph (SIGSTOP) for longer than the gateway's subgraph timeout, then
 *      lets it go on (SIGCONT): a slow subgraph.
 * For each it prints what it did, the answers clients got (by code), the slowest answer (a hang is a
 * request without any answer after 20 s) and how long until the graph answered fully again. At the
 * end every acknowledged write is checked against the databases (workload.ts `verifyLedger`).
 * Exit 1 if anything was lost or applied twice, a chain broke, a client hung, or service did not
 * come back by itself.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import pino from 'pino';
import { readFileSync } from 'node:fs';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../demo/tokens';
import { generateIssuerKey } from '../../gateway/keys';
import { generateSigningKey } from '../../subgraphs/kit/jws';
import { createGateway } from '../../gateway/server';
import { tables as casesTables } from '../../subgraphs/cases/db/schema';
import { verifyTimelines } from '../../subgraphs/cases/timeline/verify';
import { SUPERGRAPH_PATH } from '../harness';
import { demoTeams, gql, newLedger, printFindings, printSummary, runWorker, Stats, teamTokens, verifyLedger, type Client } from './workload';

const { values: args } = parseArgs({
  options: {
    'phase-seconds': { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '12' },
    'pg-port': { type: 'string', default: '5434' },
    'timeout-ms': { type: 'string', default: '3000' },
    keep: { type: 'boolean', default: false },
  },
});
const phaseMs = Number(args['phase-seconds']) * 1000;
const concurrency = Number(args.concurrency);
const pgPort = Number(args['pg-port']);
const timeoutMs = Number(args['timeout-ms']);
const ROOT = resolve(import.meta.dirname, '../..');
const CLUSTER = 'caselink_faults';
const say = (line: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- PostgreSQL of its own

const version = readdirSync('/etc/postgresql').sort().at(-1)!;
function pgctl(...a: string[]) {
  const r = spawnSync(a[0]!, a.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${a.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}
if (!existsSync(`/etc/postgresql/${version}/${CLUSTER}`)) {
  say(`creating PostgreSQL ${version} cluster ${CLUSTER} on 127.0.0.1:${pgPort}`);
  pgctl('pg_createcluster', version, CLUSTER, '-p', String(pgPort), '--', '--auth-host=trust', '--auth-local=trust');
}
spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, CLUSTER, 'start'], { encoding: 'utf8' });
const adminUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
for (let i = 0; ; i++) {
  const c = new pg.Client({ connectionString: adminUrl });
  try {
    await c.connect();
    await c.end();
    break;
  } catch (err) {
    if (i > 40) throw err;
    await sleep(250);
  }
}
const dbBase = `caselink_faults_${randomBytes(3).toString('hex')}`;
const dbUrl = (name: string) => `postgres://postgres@127.0.0.1:${pgPort}/${dbBase}_${name}`;
{
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of ['agencies', 'cases', 'dossiers']) await admin.query(`CREATE DATABASE "${dbBase}_${name}"`);
  await admin.end();
}

// ---------------------------------------------------------------- processes

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'caselink-faults-'));
const ports = { agencies: await freePort(), cases: await freePort(), dossiers: await freePort(), gateway: await freePort() };
const gatewayBase = `http://127.0.0.1:${ports.gateway}`;
const children: Record<string, ChildProcess> = {};

function startSubgraph(name: 'agencies' | 'cases' | 'dossiers'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/subgraphProcess.ts', name], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports[name]),
      HOST: '127.0.0.1',
      [`${name.toUpperCase()}_DATABASE_URL`]: dbUrl(name),
      SEED_DEMO: 'true',
      DATA_DIR: dataDir,
      DOSSIERS_BLOB_DIR: join(dataDir, 'blobs'),
      DOSSIERS_JWKS_URL: `http://127.0.0.1:${ports.dossiers}/.well-known/jwks.json`,
      GATEWAY_JWKS_URL: `${gatewayBase}/.well-known/jwks.json`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children[name] = child;
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString().trim();
    if (text) console.error(`  ${name}! ${text.slice(0, 300)}`);
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 60 s`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening on')) {
        clearTimeout(timer);
        ok(child);
      }
    });
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} while starting`)));
  });
}

const { key: issuerKey } = await generateIssuerKey();
const assertionKey = generateSigningKey();
const gateway = await createGateway({
  supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
  subgraphUrls: Object.fromEntries((['agencies', 'cases', 'dossiers'] as const).map((n) => [n, `http://127.0.0.1:${ports[n]}/graphql`])),
  auth: { keys: { jwks: [issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
  assertionKey,
  logger: pino({ level: 'error' }),
  accessLogger: pino({ level: 'silent' }),
  rateLimit: { perSecond: 0 },
  subgraphTimeoutsMs: { default: timeoutMs },
  nodeEnv: 'production',
});
await gateway.listen(ports.gateway, '127.0.0.1');
// The dossiers subgraph first: the cases subgraph verifies seals with its key.
for (const name of ['agencies', 'dossiers', 'cases'] as const) {
  const child = await startSubgraph(name);
  say(`started subgraph ${name} (pid ${child.pid}) on 127.0.0.1:${ports[name]}, database ${dbBase}_${name}`);
}

// ---------------------------------------------------------------- load and probes

const teams = demoTeams();
const client: Client = { gatewayUrl: `${gatewayBase}/graphql`, stats: new Stats(), timeoutMs: 20_000 };
const ledger = newLedger();
let stopping = false;
const workers = await Promise.all(Array.from({ length: concurrency }, async (_, i) => ({ team: teams[i % teams.length]!, tokens: await teamTokens(teams[i % teams.length]!, issuerKey), label: `f${i}` })));
const probeToken = workers[0]!.tokens.officer;
const running = Promise.all(workers.map((w) => runWorker({ client, ...w, ledger, until: () => stopping })));

/** A read that needs every subgraph, and a write: ok when both succeed. */
async function graphAnswers(): Promise<boolean> {
  const probe: Client = { ...client, stats: new Stats(), timeoutMs: 5000 };
  const read = await gql(probe, 'probe', probeToken, `{ cases(first: 1) { nodes { id handlingAgency { name } dossier { id } } } }`);
  return read.ok;
}
async function timeToRecover(since: number, limitMs = 60_000): Promise<number | null> {
  while (Date.now() - since < limitMs) {
    if (await graphAnswers()) return Date.now() - since;
    await sleep(200);
  }
  return null;
}

interface PhaseReport {
  name: string;
  did: string[];
  stats: Stats;
  recoveredMs: number | null;
}
const reports: PhaseReport[] = [];

async function phase(name: string, fault: (did: (line: string) => void) => Promise<number | null>): Promise<void> {
  const stats = new Stats();
  client.stats = stats;
  const did: string[] = [];
  say(`== phase: ${name}`);
  const recoveredMs = await fault((line) => {
    did.push(line);
    say(`  ${line}`);
  });
  stats.ended = Date.now();
  reports.push({ name, did, stats, recoveredMs });
  printSummary(stats, (l) => console.log(`    ${l}`));
  if (recoveredMs !== null) say(`  answered fully again ${(recoveredMs / 1000).toFixed(1)} s after the fault ended`);
}

let failed = false;
try {
  await phase('baseline', async () => {
    await sleep(phaseMs);
    return null;
  });

  await phase('cases subgraph killed and restarted', async (did) => {
    await sleep(phaseMs / 3);
    const pid = children.cases!.pid;
    children.cases!.kill('SIGKILL');
    did(`SIGKILL to the cases subgraph (pid ${pid})`);
    await sleep(3000);
    const child = await startSubgraph('cases');
    const restarted = Date.now();
    did(`started it again (pid ${child.pid}) after 3 s down`);
    const rec = await timeToRecover(restarted);
    await sleep(phaseMs / 3);
    return rec;
  });

  await phase('PostgreSQL restarted', async (did) => {
    await sleep(phaseMs / 3);
    const pids = Object.fromEntries(Object.entries(children).map(([n, c]) => [n, c.pid]));
    const t0 = Date.now();
    pgctl('pg_ctlcluster', '--skip-systemctl-redirect', version, CLUSTER, 'restart', '-m', 'fast');
    did(`pg_ctlcluster ${version} ${CLUSTER} restart -m fast (took ${Date.now() - t0} ms); no service restarted`);
    const rec = await timeToRecover(Date.now());
    const same = Object.entries(children).every(([n, c]) => c.pid === pids[n] && c.exitCode === null);
    did(same ? 'every subgraph process is the one that ran before the restart' : 'a subgraph process changed or exited');
    if (!same) failed = true;
    await sleep(phaseMs / 3);
    return rec;
  });

  await phase('dossiers subgraph frozen (slow subgraph)', async (did) => {
    await sleep(phaseMs / 3);
    const freeze = Math.max(3 * timeoutMs, 9000);
    children.dossiers!.kill('SIGSTOP');
    did(`SIGSTOP to the dossiers subgraph for ${freeze / 1000} s (gateway subgraph timeout ${timeoutMs} ms)`);
    await sleep(freeze);
    children.dossiers!.kill('SIGCONT');
    const resumed = Date.now();
    did('SIGCONT');
    const rec = await timeToRecover(resumed);
    await sleep(phaseMs / 3);
    return rec;
  });

  await phase('after the faults', async () => {
    await sleep(phaseMs / 2);
    return null;
  });
} catch (err) {
  failed = true;
  say(`the fault run itself failed: ${(err as Error).stack}`);
}
stopping = true;
await running;

// ---------------------------------------------------------------- findings

console.log('\n== findings');
let hangs = 0;
for (const r of reports) {
  const s = r.stats.summary();
  hangs += r.stats.hangs;
  const errors = Object.entries(s.outcomes).filter(([k]) => k !== 'ok');
  console.log(
    `${r.name}: ${s.requests} requests, ${errors.length ? errors.map(([k, v]) => `${k} ${v}`).join(', ') : 'no errors'}; slowest answer ${s.all.max.toFixed(0)} ms; hangs ${r.stats.hangs}` +
      (r.recoveredMs === null ? '' : `; service back after ${(r.recoveredMs / 1000).toFixed(1)} s`),
  );
  // While a subgraph is frozen, every answer must come within the gateway's timeout (plus the rest of its work).
  if (r.name.includes('frozen') && s.all.max > timeoutMs + 2500) {
    console.log(`  an answer took ${s.all.max.toFixed(0)} ms while the subgraph was frozen: past the gateway's ${timeoutMs} ms timeout`);
    failed = true;
  }
  if (r.did.length && r.recoveredMs === null) {
    console.log(`  service did NOT come back within 60 s`);
    failed = true;
  }
}
const uncoded = reports.flatMap((r) => [...r.stats.outcomes.keys()].filter((k) => k.startsWith('HTTP ') || k === 'NETWORK'));
if (uncoded.length) console.log(`answers without an error code: ${[...new Set(uncoded)].join(', ')}`);
const casesPool = new pg.Pool({ connectionString: dbUrl('cases'), max: 2 });
const dossiersPool = new pg.Pool({ connectionString: dbUrl('dossiers'), max: 2 });
const findings = await verifyLedger(ledger, { cases: casesPool, dossiers: dossiersPool, blobDir: join(dataDir, 'blobs') }, (ids) =>
  verifyTimelines(drizzle({ client: casesPool, schema: casesTables }) as never, ids),
);
const clean = printFindings(findings);
await casesPool.end();
await dossiersPool.end();

for (const c of Object.values(children)) {
  c.kill('SIGCONT');
  c.kill('SIGTERM');
}
await gateway.close();
if (!args.keep) {
  await sleep(1000);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of ['agencies', 'cases', 'dossiers']) await admin.query(`DROP DATABASE IF EXISTS "${dbBase}_${name}" WITH (FORCE)`);
  await admin.end();
  pgctl('pg_ctlcluster', '--skip-systemctl-redirect', version, CLUSTER, 'stop');
  rmSync(dataDir, { recursive: true, force: true });
} else say(`kept: cluster ${CLUSTER} (port ${pgPort}), databases ${dbBase}_*, data in ${dataDir}`);
const ok = clean && !failed && hangs === 0 && !uncoded.length;
console.log(ok ? '\nRESULT: nothing lost, nothing applied twice, no hangs, service came back by itself' : '\nRESULT: FAILED (see above)');
process.exit(ok ? 0 : 1);
