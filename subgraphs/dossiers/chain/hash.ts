import { canonicalJson, GENESIS_HASH } from '../../kit/canonicalJson';
import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import { activeDigest, digestHex } from '../../kit/digests';
import type { documents, dossierChain, dossierVersions, handoverDocuments, handovers, seals } from '../db/schema';

/**
 * A dossier's record as one hash chain (the dossiers' counterpart of a case's timeline). Entry n
 * names one record (`kind`, `ref`) and its hash is SHA-256 of entry n-1's hash followed by the
 * record's content hash: SHA-256 of the canonical JSON of the dossier id, its case id and the
 * record's content, read from the rows themselves:
 * - version: the change (OPENED, ADDED, REPLACED, WITHDRAWN), its actor, agency, time and reason,
 *   and the document it changed as recorded (kind, title, SHA-256, size, media type, class, what it replaces);
 * - seal: the version sealed, the SHA-256 of its JWS and the recorded one, who sealed and when;
 * - handover: from, to, by, when, note, version, and each document handed over with its hash and size;
 * - acknowledgement: who acknowledged a handover, when, and the SHA-256 of the signed receipt.
 * Migration 0010 computes the same JSON in SQL to chain the records that predate the chain: keep both in step.
 * "SHA-256" above is each entry's `hashAlg` (SM3 under the national profile), the digests inside the
 * content (JWS, receipt) included; the documents' own SHA-256 addresses stay (their SM3, when
 * recorded, is covered too).
 */
export const CHAIN_VERSION = 1;
export type EntryKind = 'version' | 'seal' | 'handover' | 'acknowledgement';

// Rows as read back, or as a seed inserts them (columns with defaults may be left out: the defaults apply).
export type VersionRecord = typeof dossierVersions.$inferInsert;
export type DocumentRecord = typeof documents.$inferInsert & { id: string };
export type SealRecord = typeof seals.$inferInsert & { id: string };
export type HandoverRecord = typeof handovers.$inferInsert & { id: string };
export type HandedRecord = typeof handoverDocuments.$inferInsert;
export type ChainRow = typeof dossierChain.$inferSelect;

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

export function versionContent(v: VersionRecord, doc: DocumentRecord | null) {
  return {
    k: 'version',
    version: v.version,
    change: v.change,
    documentId: v.documentId ?? null,
    reason: v.reason ?? null,
    createdBy: v.createdBy,
    createdByAgencyId: v.createdByAgencyId ?? null,
    createdAt: iso(v.createdAt),
    document: doc && {
      kind: doc.kind,
      title: doc.title,
      sha256: doc.sha256,
      sm3: doc.sm3 ?? undefined,
      size: Number(doc.size),
      mediaType: doc.mediaType ?? 'application/octet-stream',
      sensitivity: doc.sensitivity ?? 'C2',
      replacesId: doc.replacesId ?? null,
    },
  };
}

export function sealContent(s: SealRecord, alg: DigestAlgorithm) {
  return {
    k: 'seal',
    id: s.id,
    caseId: s.caseId,
    dossierVersion: s.dossierVersion,
    jws: digestHex(alg, s.jws),
    jwsSha256: s.jwsSha256,
    sealedBy: s.sealedBy,
    sealedAt: iso(s.sealedAt),
  };
}

export function handoverContent(h: HandoverRecord, handed: readonly HandedRecord[]) {
  return {
    k: 'handover',
    id: h.id,
    caseId: h.caseId,
    dossierVersion: h.dossierVersion,
    fromAgencyId: h.fromAgencyId,
    toAgencyId: h.toAgencyId,
    handedOverBy: h.handedOverBy,
    handedOverAt: iso(h.handedOverAt),
    note: h.note ?? null,
    documents: [...handed].sort((a, b) => a.position - b.position).map((d) => ({ documentId: d.documentId, kind: d.kind, sha256: d.sha256, size: Number(d.size) })),
  };
}

export function acknowledgementContent(h: HandoverRecord, alg: DigestAlgorithm) {
  return { k: 'acknowledgement', handoverId: h.id, acknowledgedBy: h.acknowledgedBy ?? null, acknowledgedAt: iso(h.acknowledgedAt), receipt: h.receipt == null ? null : digestHex(alg, h.receipt) };
}

export type EntryContent = ReturnType<typeof versionContent> | ReturnType<typeof sealContent> | ReturnType<typeof handoverContent> | ReturnType<typeof acknowledgementContent>;

export const contentHash = (alg: DigestAlgorithm, dossierId: string, caseId: string, entry: EntryContent) => digestHex(alg, canonicalJson({ v: CHAIN_VERSION, dossierId, caseId, entry }));
export const chainHash = (alg: DigestAlgorithm, prevHash: string, content: string) => digestHex(alg, prevHash + content);

/** An entry to append: the record it names and its content (in the digest it is chained with). */
export interface PendingEntry {
  kind: EntryKind;
  ref: string;
  content: (alg: DigestAlgorithm) => EntryContent;
}

export const versionEntry = (v: VersionRecord, doc: DocumentRecord | null): PendingEntry => ({ kind: 'version', ref: String(v.version), content: () => versionContent(v, doc) });
export const sealEntry = (s: SealRecord): PendingEntry => ({ kind: 'seal', ref: s.id, content: (alg) => sealContent(s, alg) });
export const handoverEntry = (h: HandoverRecord, handed: readonly HandedRecord[]): PendingEntry => ({ kind: 'handover', ref: h.id, content: () => handoverContent(h, handed) });
export const acknowledgementEntry = (h: HandoverRecord): PendingEntry => ({ kind: 'acknowledgement', ref: h.id, content: (alg) => acknowledgementContent(h, alg) });

/** Chains entries onto a head: the rows to insert and the new head. */
export function chainEntries(dossier: { id: string; caseId: string }, head: { length: number; hash: string }, entries: readonly PendingEntry[], alg: DigestAlgorithm = activeDigest()) {
  let prev = head.hash;
  let seq = head.length;
  const rows: ChainRow[] = entries.map((e) => {
    const hash = chainHash(alg, prev, contentHash(alg, dossier.id, dossier.caseId, e.content(alg)));
    const row = { dossierId: dossier.id, seq: ++seq, kind: e.kind, ref: e.ref, prevHash: prev, hash, hashAlg: alg };
    prev = hash;
    return row;
  });
  return { rows, length: seq, head: prev };
}

/** Everything recorded about one dossier (what a seed writes, or an audit reads). */
export interface DossierRecords {
  dossier: { id: string; caseId: string };
  versions: readonly VersionRecord[];
  documents: readonly DocumentRecord[];
  seals?: readonly SealRecord[];
  handovers?: readonly HandoverRecord[];
  handed?: readonly HandedRecord[];
}

/**
 * A whole dossier's chain from its records, in the order they happened (time, then versions before
 * seals before handovers before acknowledgements, then number or id): the seeds' way, and the
 * order migration 0010 uses for records that predate the chain.
 */
export function chainOfRecords(r: DossierRecords, alg: DigestAlgorithm = activeDigest()) {
  const docs = new Map(r.documents.map((d) => [d.id, d]));
  const timed: { at: number; order: number; key: string | number; entry: PendingEntry }[] = [];
  for (const v of r.versions) timed.push({ at: new Date(v.createdAt).getTime(), order: 0, key: v.version, entry: versionEntry(v, v.documentId ? (docs.get(v.documentId) ?? null) : null) });
  for (const s of r.seals ?? []) timed.push({ at: new Date(s.sealedAt).getTime(), order: 1, key: s.id, entry: sealEntry(s) });
  for (const h of r.handovers ?? []) {
    timed.push({ at: new Date(h.handedOverAt).getTime(), order: 2, key: h.id, entry: handoverEntry(h, (r.handed ?? []).filter((x) => x.handoverId === h.id)) });
    if (h.acknowledgedAt) timed.push({ at: new Date(h.acknowledgedAt).getTime(), order: 3, key: h.id, entry: acknowledgementEntry(h) });
  }
  timed.sort((a, b) => a.at - b.at || a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return chainEntries(r.dossier, { length: 0, hash: GENESIS_HASH }, timed.map((t) => t.entry), alg);
}
