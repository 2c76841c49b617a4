import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Caller } from '../kit/caller';
import type { Database } from '../kit/db';
import { badInput, conflict, forbidden, notFound } from '../kit/errors';
import { inheritAccess } from '../kit/access';
import { parseInput } from '../kit/validation';
import { actingRelations } from './access';
import { checkBlob, type BlobCheck } from './blobs/integrity';
import type { BlobStore } from './blobs/types';
import { documents, dossiers, handoverDocuments, handovers, type DossiersTables } from './db/schema';
import { annotateDossier, type DocumentRow, type DossierRow, type DossiersLoaders, type HandoverDocumentRow, type HandoverRow } from './loaders';
import type { HandoverReceiptPayload, Signer } from './signing';
import { appendToChain } from './chain/append';
import { acknowledgementEntry, handoverEntry } from './chain/hash';

/**
 * Handover (移交): a record of who gave which documents, by hash, to whom and when, that the
 * receiving side acknowledges with a signed receipt, and that anyone who sees it can check
 * against the stored bytes at any time.
 *
 * A handover changes nobody's access to the dossier: who the case is with (the receiving police
 * unit, after transfer and forward) comes from the cases subgraph's scope statement (scope.ts). The
 * receiving agency finds and acknowledges its handovers (incomingHandovers, handover(id)).
 */

export const handOverInput = z.object({
  dossierId: z.string().trim().min(1, 'must not be empty'),
  receivingAgencyId: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  documentIds: z
    .array(z.string().min(1, 'must not be empty'))
    .min(1, 'name at least one document')
    .max(500, 'at most 500 documents per handover')
    .refine((ids) => new Set(ids).size === ids.length, 'names a document twice'),
  note: z.string().trim().max(2000, 'must be at most 2000 characters').nullish(),
});

/** Roles that hand over or acknowledge for their agency. */
const HANDOVER_ROLES = ['CASE_OFFICER', 'APPROVER'] as const;

export async function handOverDocuments(
  db: Database<DossiersTables>,
  deps: { caller: Caller; at: Date; loaders: DossiersLoaders },
  rawInput: unknown,
): Promise<HandoverRow> {
  const { caller, at, loaders } = deps;
  const input = parseInput(handOverInput, rawInput);
  const dossier = await loaders.dossier.load(input.dossierId);
  if (!dossier) throw notFound('dossier', input.dossierId);
  const from = actingRelations(caller, dossier).find((r) => r === 'HANDLING_AGENCY' || r === 'RECEIVING_POLICE');
  if (!from) throw forbidden("only the handling agency's or the receiving police unit's case officers and approvers hand documents over");
  if (input.receivingAgencyId === caller.agencyId) throw badInput('input.receivingAgencyId', 'a handover goes to another agency');
  const docs = await loaders.document.loadMany(input.documentIds);
  docs.forEach((d, i) => {
    const id = input.documentIds[i]!;
    if (!d || d instanceof Error || d.dossierId !== dossier.id) throw badInput(`input.documentIds.${i}`, `no document ${id} in dossier ${dossier.id}`);
    if (d.removedInVersion != null) throw badInput(`input.documentIds.${i}`, `document ${id} is no longer current (since version ${d.removedInVersion})`);
  });
  const handed = docs as DocumentRow[];

  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(dossiers).where(eq(dossiers.id, dossier.id)).for('update');
    if (!current) throw notFound('dossier', dossier.id);
    const stillCurrent = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(inArray(documents.id, input.documentIds), isNull(documents.removedInVersion)));
    if (stillCurrent.length !== input.documentIds.length) throw conflict('a document was withdrawn or replaced meanwhile: hand over the current ones');
    const [inserted] = await tx
      .insert(handovers)
      .values({
        id: randomUUID(),
        dossierId: current.id,
        caseId: current.caseId,
        dossierVersion: current.version,
        fromAgencyId: caller.agencyId!,
        toAgencyId: input.receivingAgencyId,
        handedOverBy: caller.sub,
        handedOverAt: at,
        note: input.note || null,
      })
      .returning();
    const handedRows = await tx
      .insert(handoverDocuments)
      .values(handed.map((d, position) => ({ handoverId: inserted!.id, position, documentId: d.id, kind: d.kind, sha256: d.sha256, size: d.size })))
      .returning();
    await appendToChain(tx, current.id, [handoverEntry(inserted!, handedRows)]);
    return { handover: inserted!, dossier: current };
  });
  return inheritAccess(row.handover, annotateDossier(caller, row.dossier));
}

/** The receiving agency acknowledges a handover; the receipt (JWS) states what it received, by hash. */
export async function acknowledgeHandover(
  db: Database<DossiersTables>,
  deps: { caller: Caller; at: Date; loaders: DossiersLoaders; signer: Signer },
  id: string,
): Promise<HandoverRow> {
  const { caller, at, loaders, signer } = deps;
  const handover = await loaders.handover.load(id);
  if (!handover) throw notFound('handover', id);
  if (handover.toAgencyId !== caller.agencyId || !HANDOVER_ROLES.some((r) => caller.roles.includes(r))) {
    throw forbidden("only the receiving agency's case officers and approvers acknowledge a handover");
  }
  if (handover.acknowledgedAt) {
    throw conflict(`handover ${id} was acknowledged at ${handover.acknowledgedAt.toISOString()} by ${handover.acknowledgedBy}`, {
      acknowledgedAt: handover.acknowledgedAt.toISOString(),
    });
  }
  const docs = await loaders.handoverDocuments.load(id);
  const payload: HandoverReceiptPayload = {
    handoverId: handover.id,
    caseId: handover.caseId,
    dossierId: handover.dossierId,
    dossierVersion: handover.dossierVersion,
    fromAgencyId: handover.fromAgencyId,
    toAgencyId: handover.toAgencyId,
    handedOverBy: handover.handedOverBy,
    handedOverAt: handover.handedOverAt.toISOString(),
    acknowledgedBy: caller.sub,
    acknowledgedAt: at.toISOString(),
    documents: docs.map((d) => ({ id: d.documentId, kind: d.kind, sha256: d.sha256, size: d.size })),
  };
  const receipt = await signer.sign(payload);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(handovers)
      .set({ acknowledgedAt: at, acknowledgedBy: caller.sub, receipt })
      .where(and(eq(handovers.id, id), isNull(handovers.acknowledgedAt)))
      .returning();
    if (!row) throw conflict(`handover ${id} was acknowledged meanwhile`);
    await appendToChain(tx, row.dossierId, [acknowledgementEntry(row)]);
    return row;
  });
  return inheritAccess(updated, handover);
}

export interface DocumentCheck extends BlobCheck {
  documentId: string;
  recordedSha256: string;
  recordedSize: number;
}

/**
 * Checks each handed-over document against what the handover recorded: the document row must still
 * carry the recorded hash, and the stored bytes must hash to it (INTACT), else CHANGED or MISSING.
 */
export async function verifyHandover(
  db: Database<DossiersTables>,
  blobs: BlobStore,
  handed: HandoverDocumentRow[],
): Promise<DocumentCheck[]> {
  const ids = handed.map((h) => h.documentId);
  const rows = ids.length ? await db.select({ id: documents.id, sha256: documents.sha256, sm3: documents.sm3, size: documents.size }).from(documents).where(inArray(documents.id, ids)) : [];
  const recordedNow = new Map(rows.map((r) => [r.id, r]));
  const out: DocumentCheck[] = [];
  // One at a time: a handover may hold gigabytes, and the disk is better read in sequence.
  for (const h of handed) {
    const base = { documentId: h.documentId, recordedSha256: h.sha256, recordedSize: h.size };
    const now = recordedNow.get(h.documentId);
    if (!now || now.sha256 !== h.sha256 || now.size !== h.size) {
      out.push({ ...base, status: 'CHANGED', actualSha256: now?.sha256 ?? null, actualSize: now?.size ?? null });
      continue;
    }
    out.push({ ...base, ...(await checkBlob(blobs, h.sha256, h.size, now.sm3)) });
  }
  return out;
}
