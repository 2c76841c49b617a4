import { existsSync } from 'node:fs';
import { asc, inArray } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { accessEntryHash, accessLogLeaves, auditAccessLog, type AccessLogAudit } from '../../kit/accessLogAudit';
import { checkpointDigest, compareWithCheckpoint, readLeaves, type CheckpointPayload, type Leaf } from '../../kit/checkpoint';
import { loadSubgraphConfig } from '../../kit/config';
import { lockDataDir } from '../../kit/dataDirLock';
import type { Database } from '../../kit/db';
import { caseDeadlines, caseEvents, cases, penalties, tables, type CasesTables } from '../db/schema';
import { caseLeavesOf, casePages } from './leaves';
import { activeDigest } from '../../kit/digests';
import { checkCaseState } from './state';
import { verifyChain, type TimelineVerification } from './verify';
import { keyringOf, openPenalties } from '../personalData';
import { auditWarnings, type AuditedLeaf } from './warnings';

/**
 * The audit behind `npm run audit:verify`, read-only: every case's timeline (its hash chain, and its
 * case row, penalties and clocks against what the timeline says), every warning's chain and notices,
 * the access log's chains, and all of it against the latest signed checkpoint (a case or warning
 * gone, a chain shorter than checkpointed or rewritten under its checkpointed head). Streamed a page
 * of cases at a time: memory stays flat whatever the number of cases.
 */
export interface AuditReport {
  checked: number;
  broken: TimelineVerification[];
}

export interface FullAuditReport extends AuditReport {
  /** Current-state rows that disagree with their timeline, warnings' problems, checkpoint findings. */
  problems: string[];
  warnings: number;
  accessLog: AccessLogAudit | null;
  checkpoint: { seq: number; at: string } | null;
}

export interface AuditOptions {
  caseIds?: string[];
  /** The latest checkpoint (signature already verified) and the directory its leaves are in. */
  checkpoint?: { dir: string; payload: CheckpointPayload } | null;
  onProgress?: (what: string, done: number) => void;
  /** Cases per page. @default 500 */
  pageSize?: number;
}

const PROGRESS_EVERY = 10_000;

async function* auditCasePages(db: Database<CasesTables>, o: AuditOptions, report: FullAuditReport): AsyncGenerator<AuditedLeaf> {
  const pageSize = o.pageSize ?? 500;
  const pages = o.caseIds
    ? (async function* () {
        const sorted = [...new Set(o.caseIds!)].sort();
        for (let i = 0; i < sorted.length; i += pageSize) yield { ids: sorted.slice(i, i + pageSize) };
      })()
    : casePages(db as Database, pageSize);
  // The next page loads while this one is hashed: the database and the hashing overlap.
  const load = async (ids: string[]) => ({
    ids,
    rows: await db.select().from(cases).where(inArray(cases.id, ids)),
    events: await db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.caseId), asc(caseEvents.seq)),
    penaltyRows: await openPenalties(await keyringOf(db), await db.select().from(penalties).where(inArray(penalties.caseId, ids))),
    clocks: await db.select().from(caseDeadlines).where(inArray(caseDeadlines.caseId, ids)),
    leafList: await caseLeavesOf(db as Database, ids, o.checkpoint ? checkpointDigest(o.checkpoint.payload) : activeDigest()),
  });
  const iter = pages[Symbol.asyncIterator]();
  const fetchNext = async () => {
    const n = await iter.next();
    return n.done ? null : load(n.value.ids);
  };
  for (let next = fetchNext(); ; ) {
    const page = await next;
    if (!page) return;
    next = fetchNext();
    next.catch(() => {});
    const { ids, rows, events, penaltyRows, clocks, leafList } = page;
    const leaves = new Map(leafList.map((l) => [l.id, l]));
    const group = <T extends { caseId: string }>(xs: T[]) => {
      const m = new Map<string, T[]>();
      for (const x of xs) (m.get(x.caseId) ?? m.set(x.caseId, []).get(x.caseId)!).push(x);
      return m;
    };
    const ev = group(events);
    const pe = group(penaltyRows);
    const cl = group(clocks);
    const byId = new Map(rows.map((c) => [c.id, c]));
    for (const id of ids) {
      const c = byId.get(id);
      if (!c) continue;
      const mine = ev.get(id) ?? [];
      const chain = verifyChain(c, mine);
      report.checked++;
      if (!chain.ok) report.broken.push(chain);
      else report.problems.push(...checkCaseState(c, mine, pe.get(id) ?? [], cl.get(id) ?? []));
      if (report.checked % PROGRESS_EVERY === 0) o.onProgress?.('cases', report.checked);
      yield { ...leaves.get(id)!, hashAt: (seq) => mine[seq - 1]?.hash ?? null };
    }
  }
}

async function* ofKind(dir: string, payload: CheckpointPayload, kind: string): AsyncGenerator<Leaf> {
  for await (const { leaf } of readLeaves(dir, payload)) if (leaf.k === kind) yield leaf;
}

const describe = (l: Leaf) => (l.k === 'case' ? `case ${l.l ?? l.id} (${l.id})` : l.k === 'warning' ? `warning ${l.id}` : `access-log stripe ${l.id}`);

/** Compares one kind of chain with the checkpoint, naming what does not extend it. */
async function compareKind(leaves: AsyncIterable<AuditedLeaf>, checkpoint: AuditOptions['checkpoint'], kind: string, problems: string[]): Promise<void> {
  if (!checkpoint) {
    for await (const _ of leaves);
    return;
  }
  const label = `checkpoint ${checkpoint.payload.seq}`;
  for await (const f of compareWithCheckpoint([kind], leaves, ofKind(checkpoint.dir, checkpoint.payload, kind), label)) {
    if ('problem' in f) problems.push(`CHECKPOINT ${describe(f.leaf)} ${f.problem}`);
    else if (f.leaf.hashAt(f.grownFrom.n) !== f.grownFrom.h) {
      problems.push(`CHECKPOINT ${describe(f.leaf)}: entry ${f.grownFrom.n} differs from ${label} (rewritten, then extended)`);
    }
  }
}

export async function auditCasesDatabase(db: Database<CasesTables>, o: AuditOptions = {}): Promise<FullAuditReport> {
  const report: FullAuditReport = { checked: 0, broken: [], problems: [], warnings: 0, accessLog: null, checkpoint: o.checkpoint ? { seq: o.checkpoint.payload.seq, at: o.checkpoint.payload.at } : null };
  // A partial audit (some cases) cannot say what is missing: no checkpoint comparison then.
  const checkpoint = o.caseIds ? null : o.checkpoint;
  const caseProblems: string[] = [];
  await compareKind(auditCasePages(db, o, report), checkpoint, 'case', caseProblems);
  if (o.caseIds) {
    report.problems.push(...caseProblems);
    return report;
  }
  const warningProblems: string[] = [];
  const warningLeaves = (async function* () {
    for await (const { problems, leaf } of auditWarnings(db as Database)) {
      report.warnings++;
      warningProblems.push(...problems);
      if (report.warnings % PROGRESS_EVERY === 0) o.onProgress?.('warnings', report.warnings);
      yield leaf;
    }
  })();
  await compareKind(warningLeaves, checkpoint, 'warning', warningProblems);
  const access = await auditAccessLogDatabase(db as Database, 'cases', checkpoint);
  report.accessLog = access.accessLog;
  report.problems.push(...caseProblems, ...warningProblems, ...access.problems);
  return report;
}

/** Audit of a subgraph that keeps only an access log (agencies, dossiers, an agency's own). */
export async function auditAccessLogDatabase(db: Database, subgraph: string, checkpoint: AuditOptions['checkpoint']): Promise<{ accessLog: AccessLogAudit; problems: string[] }> {
  const accessLog = await auditAccessLog(db, subgraph);
  const problems = [...accessLog.problems];
  if (checkpoint) {
    const label = `checkpoint ${checkpoint.payload.seq}`;
    const current = (async function* () {
      for await (const l of accessLogLeaves.leaves(db, checkpointDigest(checkpoint.payload))) yield l;
    })();
    for await (const f of compareWithCheckpoint(['access'], current, ofKind(checkpoint.dir, checkpoint.payload, 'access'), label)) {
      if ('problem' in f) problems.push(`CHECKPOINT ${subgraph} ${describe(f.leaf)} ${f.problem}`);
      else if ((await accessEntryHash(db, Number(f.leaf.id), f.grownFrom.n)) !== f.grownFrom.h) {
        problems.push(`CHECKPOINT ${subgraph} ${describe(f.leaf)}: entry ${f.grownFrom.n} differs from ${label} (rewritten, then extended)`);
      }
    }
  }
  return { accessLog, problems };
}

/** Only the chains of the given cases (the graph's verifyTimelines and older callers). */
export async function auditTimelines(db: Database<CasesTables>, caseIds?: string[]): Promise<AuditReport> {
  const { checked, broken } = await auditCasesDatabase(db, { caseIds: caseIds ?? undefined });
  return { checked, broken };
}

export function formatBreak(r: TimelineVerification): string {
  const b = r.brokenAt!;
  const where = b.eventId ? `event ${b.seq} (${b.eventId})` : `after event ${b.seq - 1}`;
  return `BROKEN ${r.number} (case ${r.caseId}): ${where} ${b.reason}`;
}

/**
 * Opens a subgraph's database named by the environment, read-only in intent: no migration, no
 * creation. Found as the subgraph finds it (kit/config.ts): <NAME>_DATABASE_URL, else the
 * `<db>_<name>` database next to DATABASE_URL, else the PGlite directory DATA_DIR/<name>.
 */
export async function openDatabaseForAudit<T extends Record<string, unknown>>(
  name: string,
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ db: Database<T>; where: string; close(): Promise<void> }> {
  const { storage } = loadSubgraphConfig(name, 0, env);
  if (storage.kind === 'pglite') {
    if (!storage.dataDir) throw new Error(`no ${name} database configured`);
    if (!existsSync(storage.dataDir)) throw new Error(`no PGlite ${name} database at ${storage.dataDir} (set DATA_DIR, ${name.toUpperCase()}_DATABASE_URL or DATABASE_URL)`);
    const unlock = lockDataDir(storage.dataDir, 'audit:verify');
    const client = new PGlite(storage.dataDir);
    return { db: drizzlePglite({ client, schema }) as unknown as Database<T>, where: storage.dataDir, close: () => client.close().finally(unlock) };
  }
  const pool = new pg.Pool({ connectionString: storage.url, max: 2 });
  pool.on('error', () => {});
  const safe = new URL(storage.url);
  safe.password = safe.password ? '***' : '';
  return { db: drizzlePg({ client: pool, schema }) as unknown as Database<T>, where: safe.toString(), close: () => pool.end() };
}

export const openCasesDatabaseForAudit = (env: NodeJS.ProcessEnv = process.env) => openDatabaseForAudit('cases', tables, env);
