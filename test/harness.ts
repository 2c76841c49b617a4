import { loadStatisticsConfig, type StatisticsConfig } from '../subgraphs/cases/statistics/config';
import type { PrivacyConfig } from '../subgraphs/cases/statistics/privacyConfig';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import pino from 'pino';
import { gatewayAssertionKeys, generateIssuerKey, loadOrCreateDemoIssuerKey, type IssuerKey } from '../gateway/keys';
import { checkpointDir, loadCheckpointKey } from '../subgraphs/kit/checkpoint';
import { loadCryptoProfile } from '../subgraphs/kit/cryptoProfile';
import { generateSigningKey, singleKeyRing, type KeyRing, type SigningKey } from '../subgraphs/kit/jws';
import { loadScopeKey } from '../subgraphs/cases/scope/statement';
import { loadSealKey } from '../subgraphs/dossiers/signing';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway/server';
import { DEMO_AUDIENCE, DEMO_ISSUER, findDemoOfficer, mintToken, type OfficerQuery } from '../demo/tokens';
import { startLocalGraph, type LocalGraph, type LocalGraphOptions } from '../scripts/graph';
import type { Clock } from '../subgraphs/kit/clock';
import { subgraphDatabaseUrl, type StorageMode } from '../subgraphs/kit/db';
import { loadDossiersConfig, type DossiersConfig } from '../subgraphs/dossiers/config';
import { createDossierServices } from '../subgraphs/dossiers/services';

export const SUPERGRAPH_PATH = resolve(import.meta.dirname, '../schema/supergraph.graphql');

/** Which database the suite runs on: PGlite in memory, or PostgreSQL when DATABASE_URL is set. */
export const DATABASE_KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** Fresh PostgreSQL databases for one graph (one per subgraph), dropped afterwards. */
function freshPostgresDatabases() {
  const adminUrl = process.env.DATABASE_URL!;
  const base = new URL(adminUrl);
  base.pathname = `/caselink_t_${randomBytes(6).toString('hex')}`;
  const used = new Set<string>();
  return {
    storageFor(name: string): StorageMode {
      const url = subgraphDatabaseUrl(base.toString(), name);
      used.add(url);
      return { kind: 'postgres', url, poolSize: 4, createIfMissing: { adminUrl } };
    },
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      for (const url of used) await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestGraph extends LocalGraph {
  issuerKey: IssuerKey;
  assertionKey: SigningKey;
  /** The dossiers subgraph's seal key (its public half is `dossiersSealJwks`). */
  dossiersSealKey: SigningKey;
  /** This graph's own blob directory (a temporary one, removed on close). */
  dossierBlobDir: string;
  /** Where each subgraph's database is (another instance of a subgraph can open the same one). */
  storage: Record<string, StorageMode>;
  /** A token for the first demo officer matching the query (by login, role, agency kind, agency). */
  token(q: OfficerQuery): Promise<string>;
  /** POSTs a GraphQL request to the gateway (or another URL). */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { token?: string | null; purpose?: string; url?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** caselink_sql_statements_total of one subgraph, read from its /metrics. */
  sqlCount(subgraph: string): Promise<number>;
  /** caselink_subgraph_operations_total of one subgraph (all outcomes): how often the gateway reached it. */
  operationsCount(subgraph: string): Promise<number>;
  /**
   * Another gateway in front of this graph's subgraphs, with other options (limits, safelist, a
   * subgraph URL pointing elsewhere, ...); same caller tokens and assertion key. Closed with the graph.
   */
  startGateway(options?: Partial<GatewayOptions>): Promise<{ url: string; gateway: Gateway }>;
}

export interface TestGraphOptions {
  clock?: Clock;
  seedDemo?: boolean;
  /** Another supergraph file (e.g. a copy a test rewrites). @default SUPERGRAPH_PATH */
  supergraphPath?: string;
  /** Gateway options for this graph (limits, safelist, access logger, ...). */
  gateway?: LocalGraphOptions['gateway'];
  /**
   * Dossiers limits, required materials and blob store for this graph. The blob store is `local` here
   * unless asked (tests look at and change its files), in a fresh temporary directory (`dossierBlobDir`);
   * `database` stores in the graph's dossiers database, falling back to that directory.
   */
  dossiers?: Partial<Pick<DossiersConfig, 'maxUploadBytes' | 'verifyBeforeSendBytes' | 'requiredMaterials' | 'blobStore'>>;
  /**
   * Privacy settings of statistics-only answers over the environment's (decision 96): `noise: false`
   * for tests about something else than noise (fixture arithmetic, suppression patterns), a larger
   * `dailyBudget` for tests that ask many questions. Never settable from the environment.
   */
  statisticsPrivacy?: Partial<PrivacyConfig>;
  /**
   * A data directory kept across graphs, as `npm start` keeps DATA_DIR: PGlite databases, demo keys
   * (DATA_DIR/keys, per algorithm of CASELINK_CRYPTO_PROFILE) and checkpoints (one on close). A graph
   * started again on it is a restart. @default none: in-memory databases and fresh keys
   */
  dataDir?: string;
}

function withPrivacy(privacy: Partial<PrivacyConfig>): StatisticsConfig {
  const base = loadStatisticsConfig();
  return { ...base, privacy: { ...base.privacy, ...privacy } };
}

/** The graph's own keys: fresh ones, or the demo keys of a data directory as the services load them. */
async function graphKeys(dataDir: string | undefined): Promise<{ issuer: IssuerKey; assertion: KeyRing; seal: KeyRing; scope: KeyRing }> {
  // The identity provider's key is ES256 whatever the profile; the graph's own keys follow CASELINK_CRYPTO_PROFILE.
  if (!dataDir) {
    const { key: issuer } = await generateIssuerKey();
    return { issuer, assertion: singleKeyRing(generateSigningKey()), seal: singleKeyRing(generateSigningKey()), scope: singleKeyRing(generateSigningKey()) };
  }
  const alg = loadCryptoProfile().signature;
  const keysDir = join(dataDir, 'keys');
  return {
    issuer: await loadOrCreateDemoIssuerKey(dataDir),
    assertion: gatewayAssertionKeys({ given: null, dataDir, alg }),
    seal: await loadSealKey({ pem: null, keysDir, alg }),
    scope: await loadScopeKey({ pem: null, keysDir, alg }),
  };
}

export async function startTestGraph(options: TestGraphOptions = {}): Promise<TestGraph> {
  const keys = await graphKeys(options.dataDir);
  const issuerKey = keys.issuer;
  const assertionKey = keys.assertion.key;
  const dossiersSealKey = keys.seal.key;
  const dossierBlobDir = mkdtempSync(join(tmpdir(), 'caselink-blobs-'));
  const dossiers = createDossierServices({ ...loadDossiersConfig({}), blobStore: 'local', ...options.dossiers, blobDir: dossierBlobDir }, { sealKey: keys.seal });
  const { dataDir } = options;
  const pgdb = DATABASE_KIND === 'postgres' && !dataDir ? freshPostgresDatabases() : null;
  const storage: Record<string, StorageMode> = {};
  const storageFor = (name: string): StorageMode => (storage[name] = pgdb?.storageFor(name) ?? { kind: 'pglite', dataDir: dataDir ? join(dataDir, name) : null });
  const graph = await startLocalGraph({
    supergraphPath: options.supergraphPath ?? SUPERGRAPH_PATH,
    host: '127.0.0.1',
    port: 0,
    storageFor,
    auth: { keys: { jwks: [issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
    assertionKey: keys.assertion,
    seedDemo: options.seedDemo ?? true,
    clock: options.clock,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    gateway: options.gateway,
    dossiers,
    casesScopeKey: keys.scope,
    casesStatistics: options.statisticsPrivacy ? withPrivacy(options.statisticsPrivacy) : undefined,
    checkpointsFor: dataDir
      ? async (name) => ({ dir: checkpointDir(name, { DATA_DIR: dataDir }), key: await loadCheckpointKey(name, process.env, dataDir), intervalMs: 0 })
      : undefined,
  });
  const auth = { keys: { jwks: [issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE };
  const extraGateways: Gateway[] = [];
  /** Sum of a labelled counter's series (a labelled counter has no line before its first count). */
  const counterSum = async (subgraph: string, name: string) => {
    const text = await (await fetch(new URL('/metrics', graph.subgraphs[subgraph]!.url))).text();
    return text.split('\n').filter((l) => l.startsWith(`${name}{`)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  };
  return {
    ...graph,
    issuerKey,
    assertionKey,
    dossiersSealKey,
    dossierBlobDir,
    storage,
    async close() {
      for (const g of extraGateways) await g.close();
      await graph.close();
      await pgdb?.drop();
      rmSync(dossierBlobDir, { recursive: true, force: true });
    },
    token: (q) => mintToken(findDemoOfficer(q), issuerKey),
    async query(query, variables, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.purpose) headers['x-access-purpose'] = opts.purpose;
      const res = await fetch(opts.url ?? graph.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: res.status, ...body };
    },
    async sqlCount(subgraph) {
      const url = new URL('/metrics', graph.subgraphs[subgraph]!.url);
      const text = await (await fetch(url)).text();
      const line = text.split('\n').find((l) => l.startsWith('caselink_sql_statements_total'));
      if (!line) throw new Error(`no caselink_sql_statements_total in ${url}`);
      return Number(line.split(' ').pop());
    },
    operationsCount: (subgraph) => counterSum(subgraph, 'caselink_subgraph_operations_total'),
    async startGateway(gatewayOptions = {}) {
      const supergraphPath = gatewayOptions.supergraphPath ?? options.supergraphPath ?? SUPERGRAPH_PATH;
      const gateway = await createGateway({
        supergraphSdl: readFileSync(supergraphPath, 'utf8'),
        logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
        ...gatewayOptions,
        subgraphUrls: { ...Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [name, s.url])), ...gatewayOptions.subgraphUrls },
        auth,
        assertionKey: keys.assertion,
      });
      extraGateways.push(gateway);
      return { url: await gateway.listen(0), gateway };
    },
  };
}
