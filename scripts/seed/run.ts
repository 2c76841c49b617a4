/**
 * Seeds a generated province of N cases into the graph's databases (see scripts/seed.ts for the
 * command and its choices). The databases are opened, created and migrated exactly as the
 * subgraphs open theirs at start (kit/db.ts openDatabase, with each subgraph's tables and
 * migrations); the demo province's agencies and officers are loaded into an empty agencies
 * database (agencies/seed.ts); then cases are generated and loaded in batches, each batch in one
 * transaction per database, while the next batch is generated. `appendProvince` does the same on
 * databases already open (a running graph's: npm start's demo), after the cases they hold.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { eq, getTableName, inArray, is, sql, Table } from 'drizzle-orm';
import { DOCUMENT_KINDS, type DocumentKind } from '../../schema/vocabulary';
import { agencies as demoAgencies } from '../../demo/province';
import { findSubgraph } from '../../subgraphs/all';
import { ensureDatabase, openDatabase, queryRows, type Database, type OpenedDatabase, type StorageMode } from '../../subgraphs/kit/db';
import { seed as seedAgencies } from '../../subgraphs/agencies/seed';
import { agencies as agencyTable } from '../../subgraphs/agencies/db/schema';
import type { CasesConfig } from '../../subgraphs/cases/config';
import { caseDeadlines, caseEvents, caseEventSealed, caseInformants, caseNumberCounters, cases, parties, penalties, penaltyRegister, registerProposals } from '../../subgraphs/cases/db/schema';
import { keyringOf } from '../../subgraphs/cases/personalData';
import { REQUIRED_MATERIALS } from '../../subgraphs/cases/transferPackage/seal';
import type { WarningsConfig } from '../../subgraphs/cases/warnings/config';
import { warningEvents, warningNoticeOutcomes, warningNotices, warnings } from '../../subgraphs/cases/warnings/tables';
import type { BlobStore } from '../../subgraphs/dossiers/blobs/types';
import { DatabaseBlobStore } from '../../subgraphs/dossiers/blobs/database';
import { documents, dossierChain, dossiers, dossierVersions, handoverDocuments, handovers, seals } from '../../subgraphs/dossiers/db/schema';
import { requiredFor, type RequiredMaterials } from '../../subgraphs/dossiers/materials';
import { BatchGenerator, CASES_COPY, DOSSIERS_COPY, NumberCounters, pushRaises, type BatchJob, type BatchResult, type CasesTableKey, type DossiersTableKey, type GeneratorSetup } from './batch';
import { CopyBuffer, pgliteSink, pgSink, type CopySink } from './copy';
import { documentTemplates, storeTemplates } from './documents';
import { HANDLING } from './province';
import { ID_KINDS, seedId } from './random';
import { loadRegister, type RegisterReport } from './register';
import { ProvinceWarnings } from './warnings';

export interface SeedOptions {
  /** Number of cases to generate. */
  cases: number;
  /** PRNG seed: the same seed, count and --as-of give the same province. */
  seed: number;
  /** The moment the province stands at: histories end before it, clocks and warnings are as of it. */
  asOf: Date;
  /** Years of cases before asOf. @default 3 */
  years?: number;
  /** Empty the generated tables first (else a database that holds cases is refused). */
  reset: boolean;
  /** Cases per batch (one transaction per database). */
  batch: number;
  /** Where each subgraph's database is (as the subgraphs find it: kit/config.ts loadSubgraphConfig). */
  storageFor(subgraph: 'agencies' | 'cases' | 'dossiers'): StorageMode;
  /** The dossiers blob store the document contents go to. */
  blobs: BlobStore;
  materials: RequiredMaterials;
  /** The cases subgraph's configuration (its clocks' periods and calendar). */
  casesConfig: CasesConfig;
  warnings: WarningsConfig;
  /** Worker threads generating batches (0: in this thread). They load scripts/seed/worker.ts, so the process must run TypeScript (node --import tsx). @default 0 */
  workers?: number;
  log?(line: string): void;
}

export interface SeedReport {
  elapsedMs: number;
  generated: { cases: number; warningsRaised: number; blobsStored: number };
  /** The penalty register (register.ts): penalties published, cases proposed, 以罚代刑 warnings on them. */
  register: RegisterReport;
  /** Rows per table after the seed, by database. */
  rows: Record<'agencies' | 'cases' | 'dossiers', Record<string, number>>;
  /** Database sizes in bytes (PostgreSQL: pg_database_size; PGlite: its directory). */
  sizes: Record<'agencies' | 'cases' | 'dossiers', number | null>;
}

/** A database that already holds cases, and no --reset (or, appending, the same seed's cases). */
export class SeedRefused extends Error {}

type SubgraphName = 'agencies' | 'cases' | 'dossiers';
const SUBGRAPHS: readonly SubgraphName[] = ['agencies', 'cases', 'dossiers'];

/** The three databases a province is loaded into, open (a running graph's, or the seed's own). */
export type ProvinceDatabases = Record<SubgraphName, Database>;

/** appendProvince's options: those of a seed, without where the databases are and without --reset. */
export type AppendOptions = Omit<SeedOptions, 'reset' | 'storageFor'>;

/**
 * What to do with cases already there: refuse (no --reset), empty the generated tables (--reset), or
 * keep them and add after them (append: case numbers continue their counters).
 */
type ExistingCases = 'refuse' | 'reset' | 'append';

async function open(name: 'agencies' | 'cases' | 'dossiers', storage: StorageMode): Promise<OpenedDatabase<Record<string, unknown>>> {
  const def = findSubgraph(name);
  return openDatabase({ name, storage, tables: def.tables as Record<string, unknown>, migrationsFolder: def.migrationsFolder, holder: `seed (${name})` });
}

const countOf = async (db: Database, table: Table) => Number((await queryRows<{ n: string | number }>(db, sql`select count(*) as n from ${table}`))[0]!.n);

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function seedProvince(options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  checkCount(options.cases);
  const storage = { agencies: options.storageFor('agencies'), cases: options.storageFor('cases'), dossiers: options.storageFor('dossiers') };
  const where = (s: StorageMode) => (s.kind === 'pglite' ? `PGlite ${s.dataDir ?? '(memory)'}` : `PostgreSQL ${new URL(s.url).pathname.slice(1)}`);
  log(`databases: agencies ${where(storage.agencies)}, cases ${where(storage.cases)}, dossiers ${where(storage.dossiers)}`);

  // The database DATABASE_URL names is where the subgraphs' databases are created from: made first if missing.
  for (const s of Object.values(storage)) {
    if (s.kind === 'postgres' && s.createIfMissing) {
      const maintenance = new URL(s.createIfMissing.adminUrl);
      maintenance.pathname = '/postgres';
      await ensureDatabase(s.createIfMissing.adminUrl, maintenance.toString());
    }
  }

  const opened: Partial<Record<SubgraphName, OpenedDatabase<Record<string, unknown>>>> = {};
  try {
    for (const name of SUBGRAPHS) opened[name] = await open(name, storage[name]);
    const dbs = { agencies: opened.agencies!.db, cases: opened.cases!.db, dossiers: opened.dossiers!.db };
    return await loadProvince(dbs, options, {
      started,
      existing: options.reset ? 'reset' : 'refuse',
      where: `the cases database (${where(storage.cases)})`,
      dataDirOf: (name) => (storage[name].kind === 'pglite' ? storage[name].dataDir : null),
    });
  } finally {
    for (const d of Object.values(opened)) await d?.close().catch(() => {});
  }
}

/**
 * Adds a generated province of `options.cases` cases to databases that are open and may hold cases
 * already (npm start's demo, after its hand-written cases): the demo's agencies must be there; case
 * numbers continue each division's and year's counter; ids are the seed's own, so the same seed
 * twice is refused (SeedRefused). Every row goes in as the seed writes it (timelines chained,
 * dossiers chained, warnings as of `asOf`); existing rows are not touched.
 */
export async function appendProvince(databases: ProvinceDatabases, options: AppendOptions): Promise<SeedReport> {
  const started = Date.now();
  checkCount(options.cases);
  return loadProvince(databases, options, { started, existing: 'append', where: 'the cases database', dataDirOf: () => null });
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--cases must be a positive whole number, got ${n}`);
}

interface LoadContext {
  started: number;
  existing: ExistingCases;
  /** The cases database, named for messages. */
  where: string;
  /** A PGlite database's directory (for its size), else null. */
  dataDirOf(name: SubgraphName): string | null;
}

async function loadProvince(dbs: ProvinceDatabases, options: AppendOptions, context: LoadContext): Promise<SeedReport> {
  const { started } = context;
  const log = options.log ?? (() => {});
  const n = options.cases;
  const sinks: CopySink[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const agencies = dbs.agencies;
    const casesDb = dbs.cases;
    const dossiersDb = dbs.dossiers;

    // ---- agencies: the demo province's, in an empty database --------------------------------
    if (!(await countOf(agencies, agencyTable))) {
      await seedAgencies(agencies as never);
      log(`agencies: loaded the demo province (${demoAgencies.length} agencies)`);
    } else {
      const needed = [...new Set(HANDLING.flatMap((h) => [h.agency.id, h.police, `ag-${h.agency.divisionCode}-proc`, ...(h.wrongPolice ? [h.wrongPolice] : [])]))];
      const present = new Set((await agencies.select({ id: agencyTable.id }).from(agencyTable).where(inArray(agencyTable.id, needed))).map((r) => r.id));
      const missing = needed.filter((id) => !present.has(id));
      if (missing.length) throw new SeedRefused(`the agencies database holds other agencies than the demo province's (missing ${missing.slice(0, 3).join(', ')}…): generated cases are handled by the demo's agencies`);
    }

    // ---- cases and dossiers: empty, emptied with --reset, or kept (append) --------------------
    const existing = { cases: await countOf(casesDb, cases), dossiers: await countOf(dossiersDb, dossiers) };
    if (context.existing === 'append') {
      // Ids are derived from the seed and the case's index: the same seed's province is there already.
      const first = seedId(ID_KINDS.CASE, 0, 0, options.seed);
      if ((await casesDb.select({ id: cases.id }).from(cases).where(eq(cases.id, first))).length) {
        throw new SeedRefused(`${context.where} already holds the generated province of seed ${options.seed} (case ${first}): append with another seed`);
      }
    } else if (existing.cases || existing.dossiers) {
      if (context.existing === 'refuse') {
        throw new SeedRefused(
          `${context.where} already holds ${fmt(existing.cases)} cases and the dossiers database ${fmt(existing.dossiers)} dossiers: ` +
            'run again with --reset to replace them (it empties the cases, timeline, clock, penalty, warning and dossier tables; access logs are kept), or point DATABASE_URL / DATA_DIR elsewhere',
        );
      }
      await resetTables(casesDb, dossiersDb);
      log(`reset: emptied ${fmt(existing.cases)} cases and ${fmt(existing.dossiers)} dossiers`);
    }

    // ---- document contents, once ---------------------------------------------------------------
    const sectors = [...new Set(HANDLING.map((h) => h.sector))];
    const kinds = [...new Set<DocumentKind>([...REQUIRED_MATERIALS, ...sectors.flatMap((s) => requiredFor(options.materials, s)), 'TRANSFER_REPORT', 'HANDOVER_LIST', 'OTHER_MATERIAL'])].filter((k) =>
      (DOCUMENT_KINDS as readonly string[]).includes(k),
    );
    const templates = documentTemplates(kinds, sectors);
    // The database blob store (the default) stores in the dossiers database opened here.
    if (options.blobs instanceof DatabaseBlobStore) options.blobs.attach(dbs.dossiers as never);
    const blobsStored = await storeTemplates(options.blobs, templates.values());
    log(`blobs: ${templates.size} document contents (${blobsStored} newly stored)`);

    // ---- generate and load (numbered after the cases already there) ---------------------------
    const asOf = options.asOf.getTime();
    const setup: GeneratorSetup = {
      n,
      seed: options.seed,
      asOf,
      from: asOf - Math.round((options.years ?? 3) * 365.25 * 86_400_000),
      poolSize: Math.max(20, Math.round(n * 0.002)),
      casesConfig: options.casesConfig,
      warnings: options.warnings,
      materials: options.materials,
      templates: [...templates].map(([k, { content: _content, ...t }]) => [k, t]),
      penaltyThresholds: options.warnings.penaltyThresholds,
      keys: (await keyringOf(casesDb)).material(),
    };
    const before = await countTables(dbs);
    const casesSink = sinkFor(casesDb);
    sinks.push(casesSink);
    const dossiersSink = sinkFor(dossiersDb);
    sinks.push(dossiersSink);
    const province = new ProvinceWarnings(options.asOf, options.warnings);
    const given = await casesDb.select().from(caseNumberCounters);
    const counters = new NumberCounters(setup, given.map((c) => [`${c.divisionCode}|${c.year}`, c.last]));
    const totals = new Map<string, number>();
    const workers = options.workers ?? 0;
    const producer = workers > 0 ? new WorkerPool(workers, setup) : inProcess(setup);
    closers.push(() => producer.close());

    log(`generating ${fmt(n)} cases (seed ${options.seed}, as of ${options.asOf.toISOString()}, batches of ${fmt(options.batch)}, ${workers ? `${workers} worker threads` : 'in this thread'})`);
    const pending: Promise<BatchResult>[] = [];
    let nextStart = 0;
    const dispatch = () => {
      if (nextStart >= n) return;
      const start = nextStart;
      nextStart = Math.min(n, start + options.batch);
      const p = producer.run({ start, end: nextStart, counters: counters.before(start) });
      p.catch(() => {});
      pending.push(p);
    };
    for (let k = 0; k < Math.max(1, workers); k++) dispatch();
    let loading: Promise<unknown> = Promise.resolve();
    while (pending.length) {
      const batch = await pending.shift()!;
      dispatch();
      await loading;
      province.absorb(batch.warnings);
      for (const [t, k] of Object.entries(batch.rows)) totals.set(t, (totals.get(t) ?? 0) + k);
      const casesBatch = (Object.keys(CASES_COPY) as CasesTableKey[]).map((k) => ({ table: CASES_COPY[k], parts: batch.cases[k] }));
      const dossiersBatch = (Object.keys(DOSSIERS_COPY) as DossiersTableKey[]).map((k) => ({ table: DOSSIERS_COPY[k], parts: batch.dossiers[k] }));
      loading = Promise.all([casesSink.load(casesBatch), dossiersSink.load(dossiersBatch)]).then(() => {
        const s = (Date.now() - started) / 1000;
        const rate = batch.end / s;
        log(
          `  ${fmt(batch.end)} / ${fmt(n)} cases (${((100 * batch.end) / n).toFixed(1)} %), ${fmt(totals.get('case_events') ?? 0)} events, ${fmt(province.raised)} warnings so far — ${s.toFixed(0)} s, ETA ${((n - batch.end) / rate).toFixed(0)} s`,
        );
      });
      loading.catch(() => {});
    }
    await loading;
    await producer.close();

    // ---- the warnings that needed the whole province's counts ----------------------------------
    const waited = province.pending;
    const late = province.finish();
    for (let i = 0; i < late.length; i += 5000) {
      const w = new CopyBuffer(CASES_COPY.warnings);
      const we = new CopyBuffer(CASES_COPY.warningEvents);
      const wn = new CopyBuffer(CASES_COPY.warningNotices);
      pushRaises(late.slice(i, i + 5000), w, we, wn);
      for (const b of [w, we, wn]) totals.set(b.table.name, (totals.get(b.table.name) ?? 0) + b.count);
      await casesSink.load([w, we, wn].map((b) => ({ table: b.table, parts: b.take() })));
    }
    log(`warnings: ${fmt(province.raised)} raised as of ${options.asOf.toISOString()} (${fmt(waited)} cases evaluated after the province's counts)`);

    // ---- case numbers continue after the generated ones ------------------------------------------
    const counterRows = counters.before(n).map(([key, last]) => {
      const [divisionCode, year] = key.split('|');
      return { divisionCode: divisionCode!, year: Number(year), last };
    });
    for (let i = 0; i < counterRows.length; i += 500) {
      await casesDb
        .insert(caseNumberCounters)
        .values(counterRows.slice(i, i + 500))
        .onConflictDoUpdate({ target: [caseNumberCounters.divisionCode, caseNumberCounters.year], set: { last: sql`greatest(${caseNumberCounters.last}, excluded.last)` } });
    }

    // ---- statistics for the planner, then what is there ------------------------------------------
    // VACUUM too: it sets the visibility map, without which statistics' index-only scans read the tables.
    // Appending (a few thousand cases to a running graph), the planner's statistics are what count.
    const maintenance = context.existing === 'append' ? 'ANALYZE' : 'VACUUM ANALYZE';
    log(`${maintenance} …`);
    for (const db of [casesDb, dossiersDb, ...(context.existing === 'append' ? [] : [agencies])]) await db.execute(sql.raw(maintenance));
    const rows = await countTables(dbs);
    const sizes = {
      agencies: await sizeOf(agencies, context.dataDirOf('agencies')),
      cases: await sizeOf(casesDb, context.dataDirOf('cases')),
      dossiers: await sizeOf(dossiersDb, context.dataDirOf('dossiers')),
    };
    for (const [k, v] of totals) {
      const db = k in rows.cases ? 'cases' : 'dossiers';
      const added = (rows[db][k] ?? 0) - (before[db][k] ?? 0);
      if (k in rows[db] && added !== v) throw new Error(`seed: ${v} rows of ${k} were sent but ${added} were added`);
    }

    // ---- the penalty register, then its rules once (after the check: proposals add cases) ------------
    const register = await loadRegister(casesDb, { seed: options.seed, cases: n, from: setup.from, asOf: options.asOf, warnings: options.warnings, casesConfig: options.casesConfig });
    log(`register: ${fmt(register.penalties)} penalties published, ${fmt(register.proposals)} cases proposed, ${fmt(register.warnings)} 以罚代刑 warnings`);
    rows.cases = await countAll(casesDb, findSubgraph('cases').tables as Record<string, unknown>);
    return { elapsedMs: Date.now() - started, generated: { cases: n, warningsRaised: province.raised, blobsStored }, register, rows, sizes };
  } finally {
    for (const c of closers) await c().catch(() => {});
    for (const s of sinks) await s.close().catch(() => {});
  }
}

/** COPY into a database through its own client: PGlite's, or one connection of its pg pool. */
function sinkFor(db: Database): CopySink {
  const client = (db as unknown as { $client: PGlite | pg.Pool }).$client;
  if (!(client instanceof pg.Pool)) return pgliteSink(client);
  let sink: Promise<CopySink> | null = null;
  const get = () => (sink ??= pgSink(client));
  return {
    load: async (batch) => (await get()).load(batch),
    close: async () => {
      if (sink) await (await sink).close();
    },
  };
}

/**
 * --reset: empties the tables the seed writes, in one transaction. The timeline, the penalty record
 * and the warnings' timelines refuse TRUNCATE (append-only triggers, migrations 0003/0004): those
 * triggers are disabled for the statement and enabled again before the commit, so no other session
 * ever sees them off. Access logs are not touched.
 */
async function resetTables(casesDb: Database, dossiersDb: Database): Promise<void> {
  const guarded = [
    ['case_events', 'case_events_no_truncate'],
    ['penalties', 'penalties_no_truncate'],
    ['warning_events', 'warning_events_no_truncate'],
  ] as const;
  await casesDb.transaction(async (tx) => {
    for (const [t, trigger] of guarded) await tx.execute(sql.raw(`ALTER TABLE "${t}" DISABLE TRIGGER "${trigger}"`));
    const names = [warningNoticeOutcomes, warningNotices, warningEvents, warnings, registerProposals, penaltyRegister, penalties, caseDeadlines, caseInformants, caseEventSealed, caseEvents, parties, caseNumberCounters, cases].map((t) => `"${getTableName(t)}"`);
    await tx.execute(sql.raw(`TRUNCATE ${names.join(', ')}`));
    for (const [t, trigger] of guarded) await tx.execute(sql.raw(`ALTER TABLE "${t}" ENABLE TRIGGER "${trigger}"`));
  });
  await dossiersDb.transaction(async (tx) => {
    await tx.execute(sql.raw('ALTER TABLE "dossier_chain" DISABLE TRIGGER "dossier_chain_no_truncate"'));
    const names = [dossierChain, handoverDocuments, handovers, seals, dossierVersions, documents, dossiers].map((t) => `"${getTableName(t)}"`);
    await tx.execute(sql.raw(`TRUNCATE ${names.join(', ')}`));
    await tx.execute(sql.raw('ALTER TABLE "dossier_chain" ENABLE TRIGGER "dossier_chain_no_truncate"'));
  });
}

async function countAll(db: Database, tables: Record<string, unknown>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of Object.values(tables)) {
    if (is(t, Table)) out[getTableName(t)] = await countOf(db, t);
  }
  return out;
}

async function sizeOf(db: Database, dataDir: string | null): Promise<number | null> {
  if ((db as unknown as { $client: unknown }).$client instanceof pg.Pool) return Number((await queryRows<{ n: string }>(db, sql`select pg_database_size(current_database()) as n`))[0]!.n);
  return dataDir ? dirSize(dataDir) : null;
}

async function countTables(dbs: ProvinceDatabases): Promise<Record<SubgraphName, Record<string, number>>> {
  return {
    agencies: await countAll(dbs.agencies, findSubgraph('agencies').tables as Record<string, unknown>),
    cases: await countAll(dbs.cases, findSubgraph('cases').tables as Record<string, unknown>),
    dossiers: await countAll(dbs.dossiers, findSubgraph('dossiers').tables as Record<string, unknown>),
  };
}

export interface Producer {
  run(job: BatchJob): Promise<BatchResult>;
  close(): Promise<unknown>;
}

/** Batches generated in this thread, pausing now and then so the previous batch's COPY keeps flowing. */
function inProcess(setup: GeneratorSetup): Producer {
  const generator = new BatchGenerator(setup);
  let chain: Promise<unknown> = Promise.resolve();
  return {
    run(job) {
      const p = chain.then(() => generator.run(job, yieldToIo));
      chain = p.catch(() => {});
      return p;
    },
    close: async () => {},
  };
}

/**
 * A worker thread does not inherit the `--import tsx` the seed runs with: it registers tsx itself,
 * then loads worker.ts (a compiled worker.js would load without it).
 */
const WORKER_FILE = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href;
const WORKER_BOOT = WORKER_FILE.endsWith('.ts')
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}); });`
  : `import(${JSON.stringify(WORKER_FILE)});`;

/** Batches generated by worker threads (worker.ts), one batch per worker at a time. */
export class WorkerPool implements Producer {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: { job: BatchJob; resolve(r: BatchResult): void; reject(e: Error): void }[] = [];
  private readonly busy = new Map<Worker, { reject(e: Error): void }>();
  constructor(size: number, setup: GeneratorSetup) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_BOOT, { eval: true, workerData: setup });
      w.on('error', (err) => {
        this.busy.get(w)?.reject(err);
        for (const t of this.queue.splice(0)) t.reject(err);
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  run(job: BatchJob): Promise<BatchResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.set(w, task);
      w.once('message', (m: { ok: true; result: BatchResult } | { ok: false; error: string }) => {
        this.busy.delete(w);
        this.idle.push(w);
        if (m.ok) task.resolve(m.result);
        else task.reject(new Error(`seed worker: ${m.error}`));
        this.pump();
      });
      w.postMessage(task.job);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
  }
}
