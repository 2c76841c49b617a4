/**
 * npm run bench:load -- [--seconds 30] [--concurrency 32] [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--read-share 0.6]
 *
 * The whole graph (gateway and the three subgraphs, in this process) on fresh PostgreSQL databases,
 * and `--concurrency` officer teams of the demo province working at once for `--seconds`: reads (case
 * lists, case detail with agency, dossier, timeline and clocks, an agency's cases) and writes (cases
 * created, dossiers opened, the four transfer materials uploaded, packages sealed, and each case
 * walked through submission, approval, sealed transfer, receipt and filing), some sent twice at once
 * with one idempotency key. Then it checks the databases against what clients were told (workload.ts
 * `verifyLedger`) and prints throughput, latency percentiles and outcomes by error code. Exit 1 if
 * anything acknowledged was lost or applied twice, or a hash chain does not verify.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import pino from 'pino';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../demo/tokens';
import { generateIssuerKey } from '../../gateway/keys';
import { generateSigningKey } from '../../subgraphs/kit/jws';
import { startLocalGraph } from '../../scripts/graph';
import { setDossiersKeys } from '../../subgraphs/cases/sealKeys';
import { tables as casesTables } from '../../subgraphs/cases/db/schema';
import { verifyTimelines } from '../../subgraphs/cases/timeline/verify';
import { loadDossiersConfig } from '../../subgraphs/dossiers/config';
import { createDossierServices } from '../../subgraphs/dossiers/services';
import { subgraphDatabaseUrl } from '../../subgraphs/kit/db';
import { SUPERGRAPH_PATH } from '../harness';
import { demoTeams, newLedger, printFindings, printSummary, runWorker, Stats, teamTokens, verifyLedger, type Client } from './workload';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '32' },
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'read-share': { type: 'string', default: '0.6' },
    keep: { type: 'boolean', default: false },
  },
});
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const readShare = Number(args['read-share']);
if (!(seconds > 0 && seconds <= 3600)) throw new Error(`--seconds must be between 1 and 3600, got ${args.seconds}`);
if (!(Number.isInteger(concurrency) && concurrency > 0 && concurrency <= 512)) throw new Error(`--concurrency must be 1..512, got ${args.concurrency}`);
const adminUrl = args['database-url']!;
const host = new URL(adminUrl).hostname;
if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) throw new Error(`the load run only targets this machine; --database-url host is ${host}`);

const base = new URL(adminUrl);
base.pathname = `/caselink_load_${randomBytes(4).toString('hex')}`;
const urlOf = (name: string) => subgraphDatabaseUrl(base.toString(), name);
const blobDir = mkdtempSync(join(tmpdir(), 'caselink-load-blobs-'));
const { key: issuerKey } = await generateIssuerKey();
const assertionKey = generateSigningKey();
const sealKey = generateSigningKey();
const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

console.log(`caselink load: ${concurrency} officer teams for ${seconds} s on PostgreSQL (${base.pathname.slice(1)}_*)`);
const graph = await startLocalGraph({
  supergraphPath: SUPERGRAPH_PATH,
  host: '127.0.0.1',
  port: 0,
  storageFor: (name) => ({ kind: 'postgres', url: urlOf(name), poolSize: 10, createIfMissing: { adminUrl } }),
  auth: { keys: { jwks: [issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
  assertionKey,
  seedDemo: true,
  logger: log,
  dossiers: createDossierServices({ ...loadDossiersConfig({}), blobDir }, { sealKey }),
  // Many officers share a few demo agencies; the per-caller limit is for runaway scripts, not for this.
  gateway: { rateLimit: { perSecond: 0 }, accessLogger: pino({ level: 'silent' }) },
});
setDossiersKeys({ jwks: graph.dossiersSealJwks });

const teams = demoTeams();
const stats = new Stats();
const client: Client = { gatewayUrl: graph.gatewayUrl, stats, timeoutMs: 20_000 };
const ledger = newLedger();
const deadline = Date.now() + seconds * 1000;
const workers = await Promise.all(
  Array.from({ length: concurrency }, async (_, i) => {
    const team = teams[i % teams.length]!;
    return { team, tokens: await teamTokens(team, issuerKey), label: `w${i}` };
  }),
);
const ticker = setInterval(() => process.stdout.write(`  ${Math.round((deadline - Date.now()) / 1000)} s left, ${stats.total} requests, ${ledger.cases.length} cases, ${ledger.steps.length} steps\n`), 10_000);
await Promise.all(workers.map((w) => runWorker({ client, ...w, ledger, readShare, until: () => Date.now() >= deadline })));
stats.ended = Date.now();
clearInterval(ticker);

console.log(`\n== ${new Date().toISOString()} — ${concurrency} teams of demo officers (${new Set(workers.map((w) => w.team.agencyId)).size} agencies), ${seconds} s, reads ${Math.round(readShare * 100)}%`);
printSummary(stats);

const casesPool = new pg.Pool({ connectionString: urlOf('cases'), max: 2 });
const dossiersPool = new pg.Pool({ connectionString: urlOf('dossiers'), max: 2 });
const casesDb = drizzle({ client: casesPool, schema: casesTables });
const findings = await verifyLedger(ledger, { cases: casesPool, dossiers: dossiersPool, blobDir }, (ids) => verifyTimelines(casesDb as never, ids));
const clean = printFindings(findings);
const everyChain = await verifyTimelines(casesDb as never, (await casesPool.query<{ id: string }>('select id from cases')).rows.map((r) => r.id));
console.log(`every timeline in the database (demo cases included): ${everyChain.length} checked, ${everyChain.filter((c) => !c.ok).length} broken`);

await casesPool.end();
await dossiersPool.end();
await graph.close();
setDossiersKeys(null);
if (!args.keep) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of ['agencies', 'cases', 'dossiers']) await admin.query(`DROP DATABASE IF EXISTS "${new URL(urlOf(name)).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  rmSync(blobDir, { recursive: true, force: true });
} else console.log(`kept: databases ${base.pathname.slice(1)}_*, blobs in ${blobDir}`);
process.exit(clean && stats.hangs === 0 && everyChain.every((c) => c.ok) ? 0 : 1);
