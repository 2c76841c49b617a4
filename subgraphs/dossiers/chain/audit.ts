import { sql } from 'drizzle-orm';
import { accessLogLeaves } from '../../kit/accessLogAudit';
import { canonicalJson, GENESIS_HASH } from '../../kit/canonicalJson';
import { compareWithCheckpoint, readLeaves, type CheckpointPayload, type Leaf, type LeafSource } from '../../kit/checkpoint';
import { queryRows, type Database } from '../../kit/db';
import { isDigestAlgorithm } from '../../kit/digests';
import {
  acknowledgementContent,
  chainHash,
  contentHash,
  handoverContent,
  sealContent,
  versionContent,
  type DocumentRecord,
  type EntryContent,
  type HandedRecord,
} from './hash';
import { loadRecords } from './records';

/**
 * The dossiers' part of `audit:verify`, read-only: every dossier's chain replayed against its
 * records (the first broken entry named), the records the chain does not cover named, the rows the
 * graph serves checked against what the chain proves (the dossier's version, which version added and
 * removed each document, each seal's documents against its signed JWS), and every dossier against
 * the latest signed checkpoint (gone, shorter, rewritten). A page of dossiers at a time.
 */
export interface DossiersAudit {
  checked: number;
  entries: number;
  problems: string[];
}

const PAGE = 500;
const PROGRESS_EVERY = 10_000;

/** Dossier ids in key order (COLLATE "C": the order JavaScript compares strings in), a page at a time. */
async function* dossierPages(db: Database, pageSize = PAGE): AsyncGenerator<string[]> {
  for (let after: string | null = null; ; ) {
    const where = after === null ? sql`true` : sql`id collate "C" > ${after}`;
    const rows: { id: string }[] = await queryRows<{ id: string }>(db, sql`select id from dossiers where ${where} order by id collate "C" limit ${pageSize}`);
    if (!rows.length) return;
    yield rows.map((r) => r.id);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** The dossiers' chains as checkpoint leaves: one per dossier, its chain's length and head (the case id for people). */
export const dossierLeaves: LeafSource = {
  kind: 'dossier',
  async *leaves(db) {
    for await (const ids of dossierPages(db, 2000)) {
      const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
      const rows = await queryRows<{ id: string; case_id: string; chain_length: number; chain_head: string }>(
        db,
        sql`select id, case_id, chain_length, chain_head from dossiers where id in (${list}) order by id collate "C"`,
      );
      for (const r of rows) yield { k: 'dossier', id: r.id, l: r.case_id, n: r.chain_length, h: r.chain_head };
    }
  },
};

/** Every chain of the dossiers subgraph, in checkpoint order. */
export const DOSSIERS_CHAIN_SOURCES: readonly LeafSource[] = [dossierLeaves, accessLogLeaves];

type Records = Awaited<ReturnType<typeof loadRecords>> extends Map<string, infer R> ? R : never;
type AuditedLeaf = Leaf & { hashAt(seq: number): string | null };

const sealedDocuments = (jws: string): unknown => {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return null;
  }
};

/** One dossier: its chain replayed, what it leaves out, and its rows against what it proves. */
export function checkDossier(r: Records): { problems: string[]; entries: number } {
  const problems: string[] = [];
  const { row } = r;
  const broken = (what: string) => problems.push(`BROKEN dossier ${row.id} (case ${row.caseId}): ${what}`);
  const mismatch = (what: string) => problems.push(`MISMATCH dossier ${row.id} (case ${row.caseId}): ${what}`);
  const versions = new Map(r.versions.map((v) => [v.version, v]));
  const docs = new Map(r.documents.map((d) => [d.id, d as DocumentRecord]));
  const seals = new Map((r.seals ?? []).map((s) => [s.id, s]));
  const handovers = new Map((r.handovers ?? []).map((h) => [h.id, h]));
  const handed = new Map<string, HandedRecord[]>();
  for (const x of r.handed ?? []) (handed.get(x.handoverId) ?? handed.set(x.handoverId, []).get(x.handoverId)!).push(x);
  const covered = new Set(r.chain.map((e) => `${e.kind}:${e.ref}`));

  let prev = GENESIS_HASH;
  let expected = 1;
  let intact = true;
  for (const e of r.chain) {
    const where = `entry ${e.seq} (${e.kind} ${e.ref})`;
    const stop = (what: string) => {
      broken(`${where}: ${what}`);
      intact = false;
    };
    if (e.seq !== expected) stop(`numbered ${e.seq} where ${expected} was expected (entries are missing)`);
    else if (e.prevHash !== prev) stop('does not follow the entry before it');
    else if (!isDigestAlgorithm(e.hashAlg)) stop(`names an unknown digest algorithm ${JSON.stringify(e.hashAlg)}`);
    else {
      const alg = e.hashAlg;
      let content: EntryContent | string;
      if (e.kind === 'version') {
        const v = versions.get(Number(e.ref));
        const doc = v?.documentId ? docs.get(v.documentId) : null;
        content = !v ? 'its version row has been deleted' : v.documentId && !doc ? `its document ${v.documentId} has been deleted` : versionContent(v, doc ?? null);
      } else if (e.kind === 'seal') {
        const s = seals.get(e.ref);
        content = s ? sealContent(s, alg) : 'its seal has been deleted';
      } else if (e.kind === 'handover' || e.kind === 'acknowledgement') {
        const h = handovers.get(e.ref);
        content = !h ? 'its handover has been deleted' : e.kind === 'handover' ? handoverContent(h, handed.get(h.id) ?? []) : acknowledgementContent(h, alg);
      } else content = `it names an unknown kind of record`;
      if (typeof content === 'string') stop(content);
      else if (chainHash(alg, prev, contentHash(alg, row.id, row.caseId, content)) !== e.hash) stop('its record has been changed since it was chained');
    }
    if (!intact) break;
    prev = e.hash;
    expected++;
  }
  if (intact && (row.chainLength !== expected - 1 || row.chainHead !== prev)) {
    broken(`its head records ${row.chainLength} entries but ${expected - 1} are stored (or its head hash differs)`);
  }

  // Records the chain does not name: written around it.
  for (const v of r.versions) if (!covered.has(`version:${v.version}`)) broken(`version ${v.version} (${v.change}${v.documentId ? ` document ${v.documentId}` : ''}) is not in its chain (added around it)`);
  for (const s of seals.values()) if (!covered.has(`seal:${s.id}`)) broken(`seal ${s.id} of version ${s.dossierVersion} is not in its chain (added around it)`);
  for (const h of handovers.values()) {
    if (!covered.has(`handover:${h.id}`)) broken(`handover ${h.id} is not in its chain (added around it)`);
    if (h.acknowledgedAt && !covered.has(`acknowledgement:${h.id}`)) broken(`handover ${h.id}: its acknowledgement is not in its chain (added around it)`);
  }

  // The rows the graph serves against the versions the chain proves.
  const last = r.versions.reduce((m, v) => Math.max(m, v.version), 0);
  if (r.versions.length && row.version !== last) mismatch(`dossiers.version is ${row.version} but its last version is ${last}`);
  for (const d of docs.values()) {
    const added = versions.get(d.addedInVersion ?? 1);
    if (!added || added.documentId !== d.id || (added.change !== 'ADDED' && added.change !== 'REPLACED')) {
      mismatch(`document ${d.id} says it was added in version ${d.addedInVersion} but no version added it (added around the chain)`);
    }
    if (d.removedInVersion != null) {
      const removed = versions.get(d.removedInVersion);
      const ok = removed && ((removed.change === 'WITHDRAWN' && removed.documentId === d.id) || (removed.change === 'REPLACED' && removed.documentId && docs.get(removed.documentId)?.replacesId === d.id));
      if (!ok) mismatch(`document ${d.id} says it was removed in version ${d.removedInVersion} but that version did not withdraw or replace it`);
    }
  }
  for (const v of r.versions) {
    if (v.change !== 'WITHDRAWN' || !v.documentId) continue;
    const d = docs.get(v.documentId);
    if (d && d.removedInVersion !== v.version) mismatch(`document ${d.id} was withdrawn in version ${v.version} but says removed_in_version ${d.removedInVersion ?? 'null'}`);
  }
  for (const s of seals.values()) {
    const signed = sealedDocuments(s.jws) as { documents?: unknown; dossierVersion?: unknown; dossierId?: unknown; caseId?: unknown } | null;
    if (!signed || canonicalJson(signed.documents) !== canonicalJson(s.documents) || signed.dossierVersion !== s.dossierVersion || signed.dossierId !== row.id || signed.caseId !== s.caseId) {
      mismatch(`seal ${s.id}: its recorded documents or version differ from its signed JWS`);
    }
  }
  return { problems, entries: intact ? expected - 1 : 0 };
}

export interface DossiersAuditOptions {
  /** The latest checkpoint (signature already verified) and the directory its leaves are in. */
  checkpoint?: { dir: string; payload: CheckpointPayload } | null;
  onProgress?: (what: string, done: number) => void;
}

async function* ofKind(dir: string, payload: CheckpointPayload, kind: string): AsyncGenerator<Leaf> {
  for await (const { leaf } of readLeaves(dir, payload)) if (leaf.k === kind) yield leaf;
}

/** Every dossier's chain and rows, and the dossiers against the checkpoint (the access log is audited by the kit). */
export async function auditDossiers(db: Database, o: DossiersAuditOptions = {}): Promise<DossiersAudit> {
  const out: DossiersAudit = { checked: 0, entries: 0, problems: [] };
  const checkpointProblems: string[] = [];
  const audited = (async function* (): AsyncGenerator<AuditedLeaf> {
    for await (const ids of dossierPages(db)) {
      const records = await loadRecords(db, ids);
      for (const id of ids) {
        const r = records.get(id);
        if (!r) continue;
        const checked = checkDossier(r);
        out.problems.push(...checked.problems);
        out.entries += checked.entries;
        if (++out.checked % PROGRESS_EVERY === 0) o.onProgress?.('dossiers', out.checked);
        const chain = r.chain;
        yield { k: 'dossier', id, l: r.row.caseId, n: r.row.chainLength, h: r.row.chainHead, hashAt: (seq) => chain.find((e) => e.seq === seq)?.hash ?? null };
      }
    }
  })();
  if (!o.checkpoint) {
    for await (const _ of audited);
    return out;
  }
  const label = `checkpoint ${o.checkpoint.payload.seq}`;
  for await (const f of compareWithCheckpoint(['dossier'], audited, ofKind(o.checkpoint.dir, o.checkpoint.payload, 'dossier'), label)) {
    const name = `dossier ${f.leaf.id}${f.leaf.l ? ` (case ${f.leaf.l})` : ''}`;
    if ('problem' in f) checkpointProblems.push(`CHECKPOINT ${name} ${f.problem}`);
    else if (f.leaf.hashAt(f.grownFrom.n) !== f.grownFrom.h) checkpointProblems.push(`CHECKPOINT ${name}: entry ${f.grownFrom.n} differs from ${label} (rewritten, then extended)`);
  }
  out.problems.push(...checkpointProblems);
  return out;
}
