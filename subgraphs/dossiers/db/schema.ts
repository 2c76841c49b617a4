import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import { accessLog, accessLogChain, accessLogHeads } from '../../kit/accessLog';
import {
  bigint,
  boolean,
  char,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { DOCUMENT_KINDS, SECTORS } from '../../../schema/vocabulary';

export const documentKind = pgEnum('document_kind', DOCUMENT_KINDS);
/** The case's sector as the dossier records it (type name distinct from cases' `case_sector`: they may share a database). */
export const dossierSector = pgEnum('dossier_sector', SECTORS);
/** Classes a document's content can have (shared/domain.md): case content, personal data, investigation details. */
export const DOCUMENT_SENSITIVITIES = ['C2', 'C3', 'C4'] as const;
export type DocumentSensitivity = (typeof DOCUMENT_SENSITIVITIES)[number];
export const documentSensitivity = pgEnum('document_sensitivity', DOCUMENT_SENSITIVITIES);
/** What made a dossier version. */
export const DOSSIER_CHANGES = ['OPENED', 'ADDED', 'REPLACED', 'WITHDRAWN'] as const;
export type DossierChange = (typeof DOSSIER_CHANGES)[number];
export const dossierChange = pgEnum('dossier_change', DOSSIER_CHANGES);

/**
 * The digital dossier (数字卷宗) of one case. `caseId` refers to the cases subgraph (federation key,
 * no FK). The dossier keeps its own copy of who may see it (handling agency, receiving police unit,
 * division, whether the case is sealed for a juvenile), since no subgraph reads another's tables:
 * the copy comes only from the cases subgraph's signed scope statements (scope.ts), the newest
 * (`scopeSeq`) kept; handovers do not change it.
 */
export const dossiers = pgTable('dossiers', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().unique(),
  handlingAgencyId: text('handling_agency_id').notNull(),
  receivingAgencyId: text('receiving_agency_id'),
  divisionCode: char('division_code', { length: 6 }).notNull(),
  /** Decides the required transfer materials; null only for dossiers opened before it was recorded (the default list applies). */
  sector: dossierSector('sector'),
  /** A party to the case was a juvenile: the dossier's personal data (C3 documents) is sealed. */
  juvenile: boolean('juvenile').notNull().default(false),
  /** `seq` of the scope statement the scope columns come from (0: not yet confirmed by one). */
  scopeSeq: integer('scope_seq').notNull().default(0),
  /** The current version: raised by every change, in the same transaction as its `dossier_versions` row. */
  version: integer('version').notNull().default(1),
  /** Its record's hash chain (`dossier_chain`): entries so far and the last one's hash (chain/hash.ts). */
  chainLength: integer('chain_length').notNull().default(0),
  chainHead: char('chain_head', { length: 64 }).notNull().default('0000000000000000000000000000000000000000000000000000000000000000'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('dossiers_handling_idx').on(t.handlingAgencyId), index('dossiers_receiving_idx').on(t.receivingAgencyId), index('dossiers_division_idx').on(t.divisionCode)]);

/**
 * A document, content-addressed by its SHA-256 (the blob store keeps the bytes under that hash).
 * Never deleted: a document is current from `addedInVersion` until `removedInVersion` (withdrawn
 * or replaced), so the documents of any version are those whose interval contains it.
 */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    dossierId: text('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    kind: documentKind('kind').notNull(),
    title: text('title').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    /** SM3 of the content, hex, for documents stored under the national crypto profile (null otherwise); SHA-256 stays the address. */
    sm3: char('sm3', { length: 64 }),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull().default('application/octet-stream'),
    sensitivity: documentSensitivity('sensitivity').notNull().default('C2'),
    /** @default 1: a document recorded without a version (imported) counts from the dossier's first. */
    addedInVersion: integer('added_in_version').notNull().default(1),
    removedInVersion: integer('removed_in_version'),
    /** Officer and agency that added it; null when recorded without (imported): the handling agency then counts as the adder. */
    createdBy: text('created_by'),
    createdByAgencyId: text('created_by_agency_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The document this one replaces (which then names this one in `replacedById`). */
    replacesId: text('replaces_id'),
    replacedById: text('replaced_by_id'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by'),
    withdrawalReason: text('withdrawal_reason'),
    /**
     * The upload's `Idempotency-Key`, when it sent one: a retry by the same officer to the same
     * dossier with the same key returns this document instead of adding another (files/upload.ts).
     */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('documents_dossier_idx').on(t.dossierId, t.createdAt, t.id),
    index('documents_dossier_version_idx').on(t.dossierId, t.addedInVersion),
    index('documents_sha256_idx').on(t.sha256),
    uniqueIndex('documents_idempotency_idx').on(t.dossierId, t.createdBy, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
  ],
);

/** One row per dossier version: what changed, who changed it, when. Append-only (trigger in migrations). */
export const dossierVersions = pgTable(
  'dossier_versions',
  {
    dossierId: text('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    version: integer('version').notNull(),
    change: dossierChange('change').notNull(),
    /** The document added, withdrawn, or (for REPLACED) the new one; null for OPENED. */
    documentId: text('document_id'),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    createdByAgencyId: text('created_by_agency_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.dossierId, t.version] })],
);

/** A sealed transfer package: the JWS issued over one dossier version. One per version; append-only. */
export const seals = pgTable(
  'seals',
  {
    id: text('id').primaryKey(),
    dossierId: text('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    caseId: text('case_id').notNull(),
    dossierVersion: integer('dossier_version').notNull(),
    /** Compact JWS (ES256) over { caseId, dossierId, dossierVersion, documents, sealedAt }. */
    jws: text('jws').notNull(),
    /** Hex SHA-256 of the JWS text, the value the cases subgraph records in its timeline. */
    jwsSha256: char('jws_sha256', { length: 64 }).notNull(),
    documents: jsonb('documents').$type<{ id: string; kind: string; sha256: string }[]>().notNull(),
    sealedBy: text('sealed_by').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('seals_dossier_version_unique').on(t.dossierId, t.dossierVersion), index('seals_dossier_idx').on(t.dossierId, t.sealedAt)],
);

/** A handover (移交): who gave which documents to whom, and the receiving side's acknowledgement. */
export const handovers = pgTable(
  'handovers',
  {
    id: text('id').primaryKey(),
    dossierId: text('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    caseId: text('case_id').notNull(),
    dossierVersion: integer('dossier_version').notNull(),
    fromAgencyId: text('from_agency_id').notNull(),
    toAgencyId: text('to_agency_id').notNull(),
    handedOverBy: text('handed_over_by').notNull(),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }).notNull(),
    note: text('note'),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    /** Compact JWS receipt signed when the receiving side acknowledged. */
    receipt: text('receipt'),
  },
  (t) => [index('handovers_dossier_idx').on(t.dossierId, t.handedOverAt), index('handovers_to_idx').on(t.toAgencyId, t.handedOverAt, t.id)],
);

/** The documents of a handover, each with the hash and size it had when handed over. Append-only. */
export const handoverDocuments = pgTable(
  'handover_documents',
  {
    handoverId: text('handover_id')
      .notNull()
      .references(() => handovers.id),
    position: integer('position').notNull(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
    kind: documentKind('kind').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.handoverId, t.documentId] })],
);

/**
 * Each dossier's record as one hash chain (chain/hash.ts): its versions (with the document each
 * changed), seals, handovers (with the documents and hashes handed over) and acknowledgements, in
 * the order they happened. An entry names its record (`kind`, `ref`: the version number, seal or
 * handover id) and hashes the previous entry's hash with the record's content hash, so a record
 * changed, removed or added around the chain is found by replaying it. Append-only (trigger).
 */
export const dossierChain = pgTable(
  'dossier_chain',
  {
    dossierId: text('dossier_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
    /** The digest algorithm of `hash` (kit/cryptoProfile.ts): rows made under either profile verify. */
    hashAlg: text('hash_alg').$type<DigestAlgorithm>().notNull().default('SHA-256'),
  },
  (t) => [primaryKey({ columns: [t.dossierId, t.seq] }), uniqueIndex('dossier_chain_record_idx').on(t.dossierId, t.kind, t.ref)],
);

/** PostgreSQL `bytea`: Buffer in, Buffer or Uint8Array out (PGlite answers with Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The database blob store (blobs/database.ts): document bytes in the dossiers database, so every
 * replica serves every document. An upload writes its chunks under a temporary upload id (a
 * `blob_uploads` row, touched with every chunk); the finished upload becomes a `blobs` row naming
 * that upload id, in one transaction, or is dropped when the content address is already there.
 * A blob and its chunks are never changed or deleted (triggers in migration 0013), as the local
 * store's files are read-only; only the chunks of an upload that never became a blob can be deleted.
 */
export const blobUploads = pgTable(
  'blob_uploads',
  {
    id: text('id').primaryKey(),
    /** Set at the start and at every chunk: an upload untouched for long is abandoned (crashed) and cleaned. */
    touchedAt: timestamp('touched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('blob_uploads_touched_idx').on(t.touchedAt)],
);

export const blobChunks = pgTable(
  'blob_chunks',
  {
    uploadId: text('upload_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.seq] })],
);

export const blobs = pgTable('blobs', {
  /** The content address: hex SHA-256 of the bytes. */
  sha256: char('sha256', { length: 64 }).primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  chunkCount: integer('chunk_count').notNull(),
  /** The upload whose chunks are this blob's bytes (unique: one upload makes at most one blob). */
  uploadId: text('upload_id').notNull().unique(),
  storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The access log of reads of this subgraph's C2/C3 fields and of document downloads (kit/accessLog.ts). */
export { accessLog, accessLogChain, accessLogHeads };

export const tables = { dossiers, documents, dossierVersions, seals, handovers, handoverDocuments, dossierChain, accessLog, accessLogChain, accessLogHeads, blobUploads, blobChunks, blobs };
export type DossiersTables = typeof tables;
