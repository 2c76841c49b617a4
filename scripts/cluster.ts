/**
 * npm run cluster [-- --database-url postgres://postgres@127.0.0.1:5432/postgres] [--run-dir data/cluster]
 * npm run cluster:restarts [-- --phase-seconds 10 --concurrency 8 --keep]
 *
 * caselink as a province runs it, on this machine (decision 104): nginx (Debian's package, its own
 * process with deploy/nginx/caselink.conf), two gateways and two replicas of each subgraph behind it,
 * the gateways reaching the subgraphs through nginx too, one PostgreSQL (a database per subgraph,
 * created when missing). Every replica runs as `npm run start:gateway` / `npm run start:subgraph`
 * would, in production mode, with keys generated once for the cluster (kept in the run directory).
 * Ports come from the nginx file. It waits until every replica's /ready answers 200, prints the
 * URLs, and stops everything cleanly on Ctrl-C (gateways, then subgraphs, each drained; nginx last).
 *
 * --scenario (npm run cluster:restarts) runs the officers' workload (test/bench/workload.ts) through
 * nginx while it restarts every replica one by one (SIGTERM, the replacement started and ready before
 * the next), writes a new supergraph file and waits until both gateways serve it, then SIGKILLs one
 * cases replica and starts it again. Then it prints the ledger (decision 105): acknowledged writes lost
 * and applied twice (checked against the databases), failed requests by phase with their codes, the
 * replicas' exit codes, warning sweeps by replica with duplicates, checkpoints. Exit 1 when anything
 * acknowledged was lost or applied twice, a request failed in a graceful phase, a failure had no
 * code, a drained replica did not exit 0, or a check found a duplicate.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import { exportSPKI, importJWK, type JWK } from 'jose';
import pg from 'pg';
import { officers } from '../demo/province';
import { DEMO_AUDIENCE, DEMO_ISSUER, mintToken } from '../demo/tokens';
import { generateIssuerKey, type IssuerKey } from '../gateway/keys';
import { tables as casesTables } from '../subgraphs/cases/db/schema';
import { verifyTimelines } from '../subgraphs/cases/timeline/verify';
import { verifyCheckpointDirectory } from '../subgraphs/kit/checkpoint';
import { parseSigningKey } from '../subgraphs/kit/jws';
import { readTopology, SUBGRAPHS, type Service } from './clusterTopology';
import { provisioning } from './provisioning';
import { demoTeams, gql, newLedger, printFindings, runWorker, Stats, teamTokens, verifyLedger, type Client } from '../test/bench/workload';

const ROOT = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'boolean', default: false },
    'phase-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'run-dir': { type: 'string' },
    config: { type: 'string', default: 'deploy/nginx/caselink.conf' },
    keep: { type: 'boolean', default: false },
  },
});
const scenario = args.scenario;
const phaseMs = Number(args['phase-seconds']) * 1000;
const concurrency = Number(args.concurrency);
if (!(phaseMs >= 2000 && phaseMs <= 600_000)) throw new Error(`--phase-seconds must be between 2 and 600, got ${args['phase-seconds']}`);
if (!(Number.isInteger(concurrency) && concurrency > 0 && concurrency <= 128)) throw new Error(`--concurrency must be 1..128, got ${args.concurrency}`);
const adminUrl = args['database-url']!;
/** After a replacement is ready, before the next replica stops: longer than nginx's fail_timeout (3 s). */
const READY_SETTLE_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

// ---------------------------------------------------------------- the topology, from the nginx file

const confPath = resolve(ROOT, args.config!);
// ---------------------------------------------------------------- keys and directories

const runDir = resolve(args['run-dir'] ?? (scenario ? mkdtempSync(join(tmpdir(), 'caselink-cluster-')) : join(ROOT, 'data', 'cluster')));
mkdirSync(runDir, { recursive: true });
chmodSync(runDir, 0o755); // nginx's workers (nobody) reach their temp directories under it
const dbPrefix = scenario ? `caselink_cluster_${randomBytes(3).toString('hex')}` : 'caselink_cluster';
/** A subgraph's database and two roles (docs/production.md, "Roles"): the owner migrates, the replicas run as the service role. */
const databases = provisioning(adminUrl, dbPrefix, randomBytes(12).toString('hex'));
const dbUrl = databases.urlOf;

interface ClusterKeys {
  issuer: { kid: string; privateJwk: JWK; publicJwk: JWK };
  pems: Record<'gateway' | 'scope' | 'seal' | 'agencies' | 'cases' | 'dossiers', string>;
  noiseSecret: string;
}
const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
async function clusterKeys(): Promise<ClusterKeys> {
  const file = join(runDir, 'keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { key, privateJwk } = await generateIssuerKey();
  const keys: ClusterKeys = {
    issuer: { kid: key.kid, privateJwk, publicJwk: key.publicJwk },
    pems: { gateway: pem(), scope: pem(), seal: pem(), agencies: pem(), cases: pem(), dossiers: pem() },
    noiseSecret: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

// ---------------------------------------------------------------- processes

interface Replica {
  service: Service;
  /** 1 or 2 (the order in the upstream). */
  n: number;
  port: number;
  label: string;
  logFile: string;
  child: ChildProcess | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null;
  starts: number;
}

const children = new Set<ChildProcess>();
function track(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  children.add(child);
  return new Promise((ok) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      ok({ code, signal });
    }),
  );
}

function spawnReplica(r: Replica, env: NodeJS.ProcessEnv): void {
  const out = openSync(r.logFile, 'a');
  writeFileSync(out, `--- ${new Date().toISOString()} start ${++r.starts}\n`);
  const script = r.service === 'gateway' ? ['scripts/start-gateway.ts'] : ['scripts/start-subgraph.ts', r.service];
  // Its own process group: Ctrl-C reaches this script only, which stops the replicas in order.
  const child = spawn(process.execPath, ['--import', 'tsx', ...script], { cwd: ROOT, env: { ...env, PORT: String(r.port) }, stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  r.child = child;
  r.exited = track(child);
}

async function waitReady(r: Replica, timeoutMs = 180_000): Promise<number> {
  const t0 = Date.now();
  let exited = false;
  void r.exited!.then(() => (exited = true));
  while (Date.now() - t0 < timeoutMs) {
    if (exited) throw new Error(`${r.label} exited while starting; its log: ${r.logFile}\n${tail(r.logFile)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${r.port}/ready`, { signal: AbortSignal.timeout(3000) });
      if (res.status === 200) return Date.now() - t0;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`${r.label} not ready within ${timeoutMs / 1000} s; its log: ${r.logFile}\n${tail(r.logFile)}`);
}
const tail = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '');

/** SIGTERM, then the exit: its code and how long draining took. */
async function stopReplica(r: Replica, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const t0 = Date.now();
  r.child!.kill(signal);
  const exit = await r.exited!;
  return { ...exit, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------- start

const conf = readFileSync(confPath, 'utf8');
const topology = readTopology(conf, confPath);
const keys = await clusterKeys();
const issuerKey: IssuerKey = { kid: keys.issuer.kid, privateKey: (await importJWK(keys.issuer.privateJwk, 'ES256')) as IssuerKey['privateKey'], publicJwk: keys.issuer.publicJwk };
for (const [name, value] of Object.entries(keys.pems)) parseSigningKey(value, name, 'ES256');
const front = (s: Service) => `http://127.0.0.1:${topology.front[s]}`;
const supergraphPath = join(runDir, 'supergraph.graphql');
copyFileSync(join(ROOT, 'schema/supergraph.graphql'), supergraphPath);
const blobDir = join(runDir, 'blobs'); // none: the ledger finds the bytes in the database blob store
const checkpointDir = join(runDir, 'checkpoints');

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  DATA_DIR: join(runDir, 'data'),
  // The gateways: the identity provider's key (the cluster's demo issuer), one assertion key for both.
  AUTH_PUBLIC_KEY: await exportSPKI((await importJWK(keys.issuer.publicJwk, 'ES256')) as Parameters<typeof exportSPKI>[0]),
  AUTH_ISSUER: DEMO_ISSUER,
  AUTH_AUDIENCE: DEMO_AUDIENCE,
  GATEWAY_SIGNING_KEY: keys.pems.gateway,
  SUPERGRAPH_PATH: supergraphPath,
  SUPERGRAPH_POLL_MS: '500',
  ...Object.fromEntries(SUBGRAPHS.map((s) => [`SUBGRAPH_URL_${s.toUpperCase()}`, `${front(s)}/graphql`])),
  // Officers of the demo province share a few agencies; the per-caller limit is for runaway scripts.
  ...(scenario ? { RATE_LIMIT_PER_SECOND: '0' } : {}),
  // The per-caller limits (rate, uploads in progress) shared by both gateways through Redis (decision 103);
  // a Redis that does not answer leaves each gateway its own memory.
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_KEY_PREFIX: `${dbPrefix}:`,
  // The subgraphs: every key shared by the replicas of one subgraph, every public key fetched through nginx.
  GATEWAY_JWKS_URL: `${front('gateway')}/.well-known/jwks.json`,
  CASES_JWKS_URL: `${front('cases')}/.well-known/jwks.json`,
  DOSSIERS_JWKS_URL: `${front('dossiers')}/.well-known/jwks.json`,
  CASES_SCOPE_KEY: keys.pems.scope,
  DOSSIERS_SEAL_KEY: keys.pems.seal,
  AGENCIES_CHECKPOINT_KEY: keys.pems.agencies,
  CASES_CHECKPOINT_KEY: keys.pems.cases,
  DOSSIERS_CHECKPOINT_KEY: keys.pems.dossiers,
  CASES_STATISTICS_NOISE_SECRET: keys.noiseSecret,
  ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.toUpperCase()}_DATABASE_URL`, dbUrl(s, 'service')])),
  SEED_DEMO: 'true',
  // Document bytes in the dossiers database, so either replica serves what the other stored (decision 102).
  DOSSIERS_BLOB_STORE: 'database',
  CHECKPOINT_DIR: checkpointDir,
  CHECKPOINT_INTERVAL_SECONDS: scenario ? '5' : (process.env.CHECKPOINT_INTERVAL_SECONDS ?? '300'),
  CASES_WARN_SWEEP_SECONDS: scenario ? '2' : (process.env.CASES_WARN_SWEEP_SECONDS ?? '60'),
};
delete env.DATABASE_URL;
delete env.PORT;

const logDir = join(runDir, 'logs');
mkdirSync(logDir, { recursive: true });
const replicas: Replica[] = (['gateway', ...SUBGRAPHS] as const).flatMap((service) =>
  topology.replicas[service].map((port, i) => ({ service, n: i + 1, port, label: `${service}#${i + 1}`, logFile: join(logDir, `${service}-${i + 1}.log`), child: null, exited: null, starts: 0 })),
);
const replica = (service: Service, n: number) => replicas.find((r) => r.service === service && r.n === n)!;

let nginx: { child: ChildProcess; exited: Promise<unknown> } | null = null;
let stopping: Promise<void> | null = null;
/** Gateways first, then subgraphs, each drained (SIGTERM); nginx last (SIGQUIT: graceful). */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const group of [replicas.filter((r) => r.service === 'gateway'), replicas.filter((r) => r.service !== 'gateway')]) {
      await Promise.all(group.filter((r) => r.child && r.child.exitCode === null && r.child.signalCode === null).map((r) => stopReplica(r)));
    }
    if (nginx) {
      nginx.child.kill('SIGQUIT');
      await nginx.exited;
    }
  })();
  return stopping;
}
process.on('SIGINT', () => {
  say('Ctrl-C: stopping the cluster (gateways, subgraphs, nginx)');
  void stopAll().then(() => process.exit(0));
});
process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));
// Whatever ends this script (a failed step, an exception), no replica or nginx outlives it.
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

say(`run directory ${runDir}; databases ${dbPrefix}_{${SUBGRAPHS.join(',')}} on ${new URL(adminUrl).host}`);
// Every port the cluster uses must be free: a replica that cannot listen exits at once, and whatever
// holds the port (another cluster, say) would answer its /ready and its traffic in its place.
const busy: number[] = [];
for (const port of [...Object.values(topology.front), ...Object.values(topology.replicas).flat()]) {
  const free = await new Promise<boolean>((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
  if (!free) busy.push(port);
}
if (busy.length) {
  console.error(`cluster: port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use (another cluster still running?); stop it first (deploy/nginx/caselink.conf names the ports)`);
  process.exit(1);
}

// Provisioned as the production guide does it: deploy/postgres/provision.sql, then the owner migrates and
// grants the service role what the subgraph declares; the replicas own nothing (decision 106).
for (const s of SUBGRAPHS) {
  const migrated = await databases.provision(s, runDir);
  if (migrated.code !== 0) throw new Error(`npm run migrate -- ${s} failed: ${migrated.out.trim()}`);
  for (const line of migrated.out.split('\n')) if (line.startsWith(`${s}: role`)) say(line);
}

// nginx: its own prefix (pid, logs, temp) under the run directory, in the foreground.
const prefix = join(runDir, 'nginx') + '/';
for (const d of ['logs', 'temp']) mkdirSync(join(prefix, d), { recursive: true });
chmodSync(prefix, 0o755);
const nginxBin = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const checked = spawnSync(nginxBin, ['-t', '-q', '-p', prefix, '-c', confPath], { encoding: 'utf8' });
if (checked.status !== 0) throw new Error(`nginx -t refused ${confPath}: ${checked.stderr}`);
{
  const out = openSync(join(prefix, 'logs', 'stderr.log'), 'a');
  const child = spawn(nginxBin, ['-p', prefix, '-c', confPath, '-g', 'daemon off;'], { stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  nginx = { child, exited: track(child) };
}
say(`nginx (pid ${nginx.child.pid}) on ${Object.values(topology.front).map((p) => `:${p}`).join(' ')}`);

try {
  // Subgraphs first (the first replica of each migrates and seeds its database; the second finds it done), then gateways.
  for (const n of [1, 2]) {
    for (const s of SUBGRAPHS) {
      const r = replica(s, n);
      spawnReplica(r, env);
      const ms = await waitReady(r);
      say(`${r.label} ready on :${r.port} (pid ${r.child!.pid}) in ${(ms / 1000).toFixed(1)} s`);
    }
  }
  for (const r of replicas.filter((x) => x.service === 'gateway')) {
    spawnReplica(r, env);
    const ms = await waitReady(r);
    say(`${r.label} ready on :${r.port} (pid ${r.child!.pid}) in ${(ms / 1000).toFixed(1)} s`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll();
  process.exit(1);
}

if (!scenario) {
  const officer = officers.find((o) => o.login === 'song.wenjie.xh-msa') ?? officers[0]!;
  const token = await mintToken(officer, issuerKey, { expiresIn: '12h' });
  console.log(`
caselink cluster is up (production mode; Ctrl-C stops it)
  graph      ${front('gateway')}/graphql   (nginx -> gateways ${topology.replicas.gateway.map((p) => `:${p}`).join(', ')})
${SUBGRAPHS.map((s) => `  ${s.padEnd(10)} ${front(s)}/graphql   (nginx -> replicas ${topology.replicas[s].map((p) => `:${p}`).join(', ')})`).join('\n')}
  nginx      ${confPath} (prefix ${prefix}; access log ${join(prefix, 'logs/access.log')})
  logs       ${logDir}
  databases  ${SUBGRAPHS.map((s) => `${dbPrefix}_${s}`).join(', ')}

A token of ${officer.login} (12 h, signed by the cluster's issuer key in ${join(runDir, 'keys.json')}):
  TOKEN=${token}
  curl -s ${front('gateway')}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ cases(first: 3) { nodes { number title status } } }"}'
`);
  await new Promise(() => {}); // until Ctrl-C
}

// ---------------------------------------------------------------- the scenario

const teams = demoTeams();
const client: Client = { gatewayUrl: `${front('gateway')}/graphql`, stats: new Stats(), timeoutMs: 20_000 };
const ledger = newLedger();
let loadDone = false;
const workers = await Promise.all(Array.from({ length: concurrency }, async (_, i) => ({ team: teams[i % teams.length]!, tokens: await teamTokens(teams[i % teams.length]!, issuerKey), label: `c${i}` })));
say(`load: ${concurrency} officer teams through nginx (${client.gatewayUrl}), phases of ${phaseMs / 1000} s`);
const load = Promise.all(workers.map((w) => runWorker({ client, ...w, ledger, until: () => loadDone })));

interface Phase {
  name: string;
  graceful: boolean;
  stats: Stats;
  notes: string[];
}
const phases: Phase[] = [];
async function phase(name: string, graceful: boolean, run: (note: (line: string) => void) => Promise<unknown>): Promise<void> {
  const p: Phase = { name, graceful, stats: new Stats(), notes: [] };
  client.stats = p.stats;
  phases.push(p);
  say(`== ${name}`);
  await run((line) => {
    p.notes.push(line);
    say(`   ${line}`);
  });
  p.stats.ended = Date.now();
}

const exits: { label: string; code: number | null; signal: string | null; ms: number }[] = [];
const reloadTimes: Record<string, number | null> = {};
const stamp = `caselink cluster supergraph ${new Date().toISOString()}`;
const analyst = officers.find((o) => o.roles.includes('ANALYST'))!;
const analystToken = await mintToken(analyst, issuerKey, { expiresIn: '1h' });

await phase('baseline', true, async () => sleep(phaseMs));

await phase('rolling restart: SIGTERM every replica, one by one', true, async (note) => {
  for (const r of [...replicas.filter((x) => x.service !== 'gateway'), ...replicas.filter((x) => x.service === 'gateway')]) {
    const pid = r.child!.pid;
    const exit = await stopReplica(r);
    exits.push({ label: r.label, code: exit.code, signal: exit.signal, ms: exit.ms });
    spawnReplica(r, env);
    const ready = await waitReady(r);
    note(`${r.label}: pid ${pid} SIGTERM -> exit ${exit.code ?? exit.signal} in ${exit.ms} ms; replacement pid ${r.child!.pid} ready in ${(ready / 1000).toFixed(1)} s`);
    // nginx learnt passively that this port refused connections and skips it for fail_timeout (3 s):
    // stopping the other replica before then would leave nginx with no live upstream (decision 104).
    await sleep(READY_SETTLE_MS);
  }
});

await phase('new supergraph file', true, async (note) => {
  const sdl = readFileSync(supergraphPath, 'utf8');
  if (!/\ntype Query\n/.test(sdl)) throw new Error('the supergraph has no "type Query" line to describe');
  writeFileSync(`${supergraphPath}.next`, sdl.replace(/\ntype Query\n/, `\n"""${stamp}"""\ntype Query\n`));
  renameSync(`${supergraphPath}.next`, supergraphPath);
  const t0 = Date.now();
  const gateways = replicas.filter((r) => r.service === 'gateway');
  for (const g of gateways) reloadTimes[g.label] = null;
  while (Date.now() - t0 < 20_000 && gateways.some((g) => reloadTimes[g.label] === null)) {
    for (const g of gateways.filter((x) => reloadTimes[x.label] === null)) {
      const probe: Client = { gatewayUrl: `http://127.0.0.1:${g.port}/graphql`, stats: new Stats(), timeoutMs: 5000 };
      const a = await gql(probe, 'probe', analystToken, '{ __type(name: "Query") { description } }', {}, 'STATISTICS');
      if (a.data?.__type?.description === stamp) reloadTimes[g.label] = Date.now() - t0;
    }
    await sleep(100);
  }
  for (const g of gateways) note(`${g.label} (:${g.port}) ${reloadTimes[g.label] === null ? 'DID NOT serve the new supergraph within 20 s' : `serves the new supergraph ${reloadTimes[g.label]} ms after the file was written`}`);
  await sleep(Math.max(0, phaseMs - (Date.now() - t0)));
});

await phase('SIGKILL cases#2, then started again', false, async (note) => {
  const r = replica('cases', 2);
  const pid = r.child!.pid;
  const exit = await stopReplica(r, 'SIGKILL');
  note(`${r.label}: pid ${pid} SIGKILL -> gone in ${exit.ms} ms`);
  await sleep(2000);
  spawnReplica(r, env);
  const ready = await waitReady(r);
  note(`${r.label}: replacement pid ${r.child!.pid} ready in ${(ready / 1000).toFixed(1)} s`);
  await sleep(phaseMs / 2);
});

await phase('after (uncertain uploads settle)', true, async () => sleep(Math.max(6000, phaseMs / 2)));
loadDone = true;
await load;
client.stats.ended = Date.now();

// ---------------------------------------------------------------- the ledger

const failedOf = (s: Stats) => [...s.outcomes].filter(([k]) => k !== 'ok');
const UNCODED = /^(NETWORK|TIMEOUT|HTTP \d+)$/;
console.log(`\n== ledger: ${new Date().toISOString()} — ${concurrency} officer teams, phases of ${phaseMs / 1000} s, through nginx :${topology.front.gateway}`);
console.log(`${'phase'.padEnd(52)} ${'requests'.padStart(8)} ${'failed'.padStart(7)}  failed by code`);
for (const p of phases) {
  const failed = failedOf(p.stats);
  const n = failed.reduce((a, [, v]) => a + v, 0);
  console.log(`${p.name.padEnd(52)} ${String(p.stats.total).padStart(8)} ${String(n).padStart(7)}  ${failed.map(([k, v]) => `${k} ${v}`).join(', ') || '-'}${p.stats.hangs ? `; HANGS ${p.stats.hangs}` : ''}`);
}
const casesPool = new pg.Pool({ connectionString: dbUrl('cases'), max: 2 });
const dossiersPool = new pg.Pool({ connectionString: dbUrl('dossiers'), max: 2 });
const casesDb = drizzle({ client: casesPool, schema: casesTables });
const findings = await verifyLedger(ledger, { cases: casesPool, dossiers: dossiersPool, blobDir }, (ids) => verifyTimelines(casesDb as never, ids));
const clean = printFindings(findings);
console.log(`graceful exits: ${exits.map((e) => `${e.label} ${e.code ?? e.signal} (${e.ms} ms)`).join(', ')}`);

// Warning sweeps ran on both cases replicas (their logs), and no warning or warning event exists twice.
const sweeps = replicas.filter((r) => r.service === 'cases').map((r) => ({ label: r.label, n: (readFileSync(r.logFile, 'utf8').match(/^warnings sweep: /gm) ?? []).length, failed: (readFileSync(r.logFile, 'utf8').match(/warnings sweep failed/g) ?? []).length }));
const warnings = (await casesPool.query<{ n: number }>('select count(*)::int as n from warnings')).rows[0]!.n;
const openTwice = (await casesPool.query(`select case_id, rule from warnings where step in ('NOTIFIED', 'HANDLED', 'REPLIED') group by 1, 2 having count(*) > 1`)).rowCount ?? 0;
const raisedTwice = (await casesPool.query(`select warning_id from warning_events where action = 'RAISED' group by 1 having count(*) > 1`)).rowCount ?? 0;
console.log(`warning sweeps: ${sweeps.map((s) => `${s.label} ${s.n} sweeps${s.failed ? ` (${s.failed} FAILED)` : ''}`).join(', ')}; ${warnings} warnings; open twice for one case and rule: ${openTwice}; raised twice: ${raisedTwice}`);

// Checkpoints: every replica takes them (interval and on stop) into one directory per subgraph, under an advisory lock.
const checkpointReport: string[] = [];
let checkpointProblems = 0;
for (const s of SUBGRAPHS) {
  const publicJwk = parseSigningKey(keys.pems[s], s, 'ES256').publicJwk;
  const v = await verifyCheckpointDirectory(s, join(checkpointDir, s), { keys: [publicJwk] });
  const failedLogs = replicas.filter((r) => r.service === s).reduce((n, r) => n + (readFileSync(r.logFile, 'utf8').match(/checkpoint failed/g) ?? []).length, 0);
  checkpointProblems += v.problems.length + failedLogs;
  checkpointReport.push(`${s} ${v.count} (${v.problems.length ? `PROBLEMS ${v.problems.slice(0, 3).join('; ')}` : 'chain verifies'}${failedLogs ? `, ${failedLogs} failed in the logs` : ''})`);
}
console.log(`checkpoints: ${checkpointReport.join(', ')}`);
console.log(`supergraph reload: ${Object.entries(reloadTimes).map(([k, v]) => `${k} ${v === null ? 'NOT REACHED' : `${v} ms`}`).join(', ')}`);

// Documents read back through nginx: uploads went to either dossiers replica, so do downloads; every byte must match.
const sample = ledger.documents.filter((d) => d.token).slice(0, 40);
let downloadsOk = 0;
const downloadFailures: string[] = [];
for (const d of sample) {
  try {
    const res = await fetch(`${front('gateway')}/files/dossiers/documents/${encodeURIComponent(d.id)}/content`, {
      headers: { authorization: `Bearer ${d.token}`, 'x-access-purpose': 'CASE_HANDLING' },
      signal: AbortSignal.timeout(20_000),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status === 200 && createHash('sha256').update(bytes).digest('hex') === d.sha256) downloadsOk++;
    else downloadFailures.push(`${d.id}: HTTP ${res.status}`);
  } catch (err) {
    downloadFailures.push(`${d.id}: ${(err as Error).message}`);
  }
}
const servedBy = new Map<string, number>();
for (const line of readFileSync(join(prefix, 'logs', 'access.log'), 'utf8').split('\n')) {
  const m = /"GET \/files\/documents\/\S+\/content [^"]*" 200 .*upstream=(\S+)/.exec(line);
  if (m) servedBy.set(m[1]!, (servedBy.get(m[1]!) ?? 0) + 1);
}
console.log(`downloads through nginx: ${downloadsOk} of ${sample.length} acknowledged documents, bytes matching${downloadFailures.length ? `; FAILED ${downloadFailures.slice(0, 5).join('; ')}` : ''}; served by ${[...servedBy].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);

const gracefulFailed = phases.filter((p) => p.graceful).reduce((n, p) => n + failedOf(p.stats).reduce((a, [, v]) => a + v, 0), 0);
const uncoded = phases.reduce((n, p) => n + failedOf(p.stats).filter(([k]) => UNCODED.test(k)).reduce((a, [, v]) => a + v, 0), 0);
const hangs = phases.reduce((n, p) => n + p.stats.hangs, 0);
const problems = [
  !clean && `acknowledged writes lost ${findings.lost.length} / applied twice ${findings.duplicated.length} / broken chains ${findings.brokenChains.length}`,
  gracefulFailed && `${gracefulFailed} requests failed during graceful phases`,
  uncoded && `${uncoded} failed requests without an error code`,
  hangs && `${hangs} requests without an answer`,
  exits.some((e) => e.code !== 0) && `a drained replica exited with ${exits.filter((e) => e.code !== 0).map((e) => `${e.label} ${e.code ?? e.signal}`).join(', ')}`,
  sweeps.some((s) => !s.n) && `a cases replica never swept`,
  (openTwice || raisedTwice) && 'a warning twice',
  checkpointProblems && `${checkpointProblems} checkpoint problems`,
  Object.values(reloadTimes).some((v) => v === null) && 'a gateway did not take the new supergraph',
  downloadsOk !== sample.length && `${sample.length - downloadsOk} documents did not download intact`,
].filter(Boolean);
console.log(problems.length ? `FAILED: ${problems.join('; ')}` : `ledger: lost 0 / duplicated 0; no request failed in a graceful phase; every failure answered with a code`);

await casesPool.end();
await dossiersPool.end();
await stopAll();
if (!args.keep) {
  await databases.drop(SUBGRAPHS);
  rmSync(runDir, { recursive: true, force: true });
} else console.log(`kept: databases ${dbPrefix}_*, run directory ${runDir}`);
process.exit(problems.length ? 1 : 0);
