import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DocumentKind } from '../../schema/vocabulary';
import type { Caller } from '../kit/caller';
import type { Database } from '../kit/db';
import { badInput, conflict, forbidden, notFound } from '../kit/errors';
import { inheritAccess } from '../kit/access';
import { actingRelations, mayAuthor } from './access';
import { documents, dossiers, dossierVersions, type DocumentSensitivity, type DossierChange, type DossiersTables } from './db/schema';
import { annotateDossier, type DocumentRow, type DossierRow } from './loaders';
import { appendToChain } from './chain/append';
import { versionEntry } from './chain/hash';

/**
 * Changes to a dossier's documents. Each change is one transaction that raises the dossier's
 * version (the UPDATE locks the dossier row, so concurrent changes to one dossier queue up and each
 * gets its own version), writes the document change and appends the version row. Nothing is deleted.
 */

type Tx = Parameters<Parameters<Database<DossiersTables>['transaction']>[0]>[0];

export interface NewDocument {
  kind: DocumentKind;
  title: string;
  sensitivity: DocumentSensitivity;
  mediaType: string;
  sha256: string;
  /** SM3 of the content, hex, when it was computed (national profile). */
  sm3?: string | null;
  size: number;
  /** Replaces this current document of the same dossier (which stops being current in the new version). */
  replacesId?: string;
  reason?: string;
  /** The upload's Idempotency-Key: unique per dossier and officer (documents_idempotency_idx). */
  idempotencyKey?: string;
}

/** The agency that added a document (the handling agency for documents recorded without one). */
const addedBy = (doc: DocumentRow, dossier: DossierRow) => doc.createdByAgencyId ?? dossier.handlingAgencyId;

/** Raises the dossier's version and appends the version row (the caller chains it with its document); returns the row. */
async function nextVersion(
  tx: Tx,
  dossierId: string,
  change: { change: DossierChange; documentId: string; reason?: string | null; caller: Caller; at: Date },
): Promise<typeof dossierVersions.$inferSelect> {
  const [bumped] = await tx
    .update(dossiers)
    .set({ version: sql`${dossiers.version} + 1` })
    .where(eq(dossiers.id, dossierId))
    .returning({ version: dossiers.version });
  if (!bumped) throw notFound('dossier', dossierId);
  const [row] = await tx.insert(dossierVersions).values({
    dossierId,
    version: bumped.version,
    change: change.change,
    documentId: change.documentId,
    reason: change.reason ?? null,
    createdBy: change.caller.sub,
    createdByAgencyId: change.caller.agencyId,
    createdAt: change.at,
  }).returning();
  return row!;
}

/**
 * Checks made before an upload's body is read, so a refused upload costs no bytes: the caller may
 * add this kind to this (visible) dossier, and a document to replace is current, of the same kind,
 * and the caller's agency's own.
 */
export function authorizeUpload(caller: Caller, dossier: DossierRow, kind: DocumentKind, replaced: DocumentRow | null): void {
  if (!mayAuthor(caller, dossier, kind)) {
    throw forbidden(`${kind} documents are not added to this dossier by your agency and role (see DOCUMENT_AUTHORS)`);
  }
  if (!replaced) return;
  if (replaced.dossierId !== dossier.id) throw notFound('document', replaced.id);
  if (replaced.removedInVersion != null) {
    throw conflict(`document ${replaced.id} is no longer current (since version ${replaced.removedInVersion}): nothing to replace`, {
      removedInVersion: replaced.removedInVersion,
    });
  }
  if (replaced.kind !== kind) throw badInput('kind', `a replacement keeps the kind of the document it replaces (${replaced.kind})`);
  if (addedBy(replaced, dossier) !== caller.agencyId) throw forbidden('only the agency that added a document replaces or withdraws it');
}

/** Adds a stored blob to the dossier as a new document (or as the replacement of one), in a new version. */
export async function addDocument(
  db: Database<DossiersTables>,
  caller: Caller,
  at: Date,
  dossier: DossierRow,
  doc: NewDocument,
): Promise<DocumentRow> {
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const versionRow = await nextVersion(tx, dossier.id, {
      change: doc.replacesId ? 'REPLACED' : 'ADDED',
      documentId: id,
      reason: doc.reason,
      caller,
      at,
    });
    const { version } = versionRow;
    if (doc.replacesId) {
      const [replaced] = await tx
        .update(documents)
        .set({ removedInVersion: version, replacedById: id })
        .where(and(eq(documents.id, doc.replacesId), eq(documents.dossierId, dossier.id), isNull(documents.removedInVersion)))
        .returning({ id: documents.id });
      if (!replaced) throw conflict(`document ${doc.replacesId} was withdrawn or replaced meanwhile: nothing to replace`);
    }
    const [inserted] = await tx
      .insert(documents)
      .values({
        id,
        dossierId: dossier.id,
        kind: doc.kind,
        title: doc.title,
        sha256: doc.sha256,
        sm3: doc.sm3 ?? null,
        size: doc.size,
        mediaType: doc.mediaType,
        sensitivity: doc.sensitivity,
        addedInVersion: version,
        createdBy: caller.sub,
        createdByAgencyId: caller.agencyId!,
        createdAt: at,
        replacesId: doc.replacesId ?? null,
        idempotencyKey: doc.idempotencyKey ?? null,
      })
      .returning();
    await appendToChain(tx, dossier.id, [versionEntry(versionRow, inserted!)]);
    return inserted!;
  });
  return inheritAccess(row, annotateDossier(caller, { ...dossier }));
}

/** Marks a current document withdrawn (reason, actor, time) in a new version; the row and its bytes stay. */
export async function withdrawDocument(
  db: Database<DossiersTables>,
  caller: Caller,
  at: Date,
  dossier: DossierRow,
  doc: DocumentRow,
  reason: string,
): Promise<DocumentRow> {
  const why = reason.trim();
  if (!why) throw badInput('reason', 'a withdrawal must give its reason');
  if (why.length > 2000) throw badInput('reason', 'must be at most 2000 characters');
  if (doc.removedInVersion != null) {
    throw conflict(`document ${doc.id} is no longer current (since version ${doc.removedInVersion})`, { removedInVersion: doc.removedInVersion });
  }
  if (!actingRelations(caller, dossier).length || addedBy(doc, dossier) !== caller.agencyId) {
    throw forbidden('only the agency that added a document replaces or withdraws it');
  }
  const row = await db.transaction(async (tx) => {
    const versionRow = await nextVersion(tx, dossier.id, { change: 'WITHDRAWN', documentId: doc.id, reason: why, caller, at });
    const { version } = versionRow;
    const [updated] = await tx
      .update(documents)
      .set({ removedInVersion: version, withdrawnAt: at, withdrawnBy: caller.sub, withdrawalReason: why })
      .where(and(eq(documents.id, doc.id), isNull(documents.removedInVersion)))
      .returning();
    if (!updated) throw conflict(`document ${doc.id} was withdrawn or replaced meanwhile`);
    await appendToChain(tx, dossier.id, [versionEntry(versionRow, updated)]);
    return updated;
  });
  return inheritAccess(row, doc);
}
