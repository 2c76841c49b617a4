import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Caller } from '../kit/caller';
import type { Database } from '../kit/db';
import { conflict, forbidden, notFound } from '../kit/errors';
import { inheritAccess } from '../kit/access';
import { actingRelations } from './access';
import { documents, dossiers, seals, type DossiersTables } from './db/schema';
import { annotateDossier, type DossierRow, type SealRow } from './loaders';
import { missingKinds, requiredFor, type RequiredMaterials } from './materials';
import { sha256Hex, type SealPayload, type Signer } from './signing';
import { appendToChain } from './chain/append';
import { sealEntry } from './chain/hash';

/**
 * Seals the transfer package (Decree 310 art. 6): a JWS, signed with the dossiers subgraph's key, of
 * the case, the dossier version and every current document's hash (C4 documents counted, not named). The cases subgraph verifies it
 * when the case is sent. Sealing an incomplete dossier is impossible: it is refused, naming what is
 * missing. Sealing a version already sealed returns that seal.
 */
export async function sealTransferPackage(
  db: Database<DossiersTables>,
  deps: { caller: Caller; at: Date; signer: Signer; materials: RequiredMaterials },
  dossier: DossierRow,
): Promise<SealRow> {
  const { caller, at, signer, materials } = deps;
  if (!actingRelations(caller, dossier).includes('HANDLING_AGENCY')) {
    throw forbidden("only the handling agency's case officers and approvers seal the transfer package");
  }
  const row = await db.transaction(async (tx) => {
    // FOR UPDATE: no document change can slip in between reading the version and reading its documents,
    // and the seal's chain entry is appended under the same lock (a shared lock would deadlock two sealers).
    const [current] = await tx.select().from(dossiers).where(eq(dossiers.id, dossier.id)).for('update');
    if (!current) throw notFound('dossier', dossier.id);
    const [existing] = await tx
      .select()
      .from(seals)
      .where(and(eq(seals.dossierId, current.id), eq(seals.dossierVersion, current.version)));
    if (existing) return existing;
    const all = await tx
      .select({ id: documents.id, kind: documents.kind, sha256: documents.sha256, sensitivity: documents.sensitivity })
      .from(documents)
      .where(and(eq(documents.dossierId, current.id), isNull(documents.removedInVersion)))
      .orderBy(asc(documents.addedInVersion), asc(documents.id));
    // The handling agency seals; investigation details (C4) are not its to see, so the seal states
    // only how many there are (their kinds and hashes would otherwise reach it, and the case's timeline).
    const docs = all.filter((d) => d.sensitivity !== 'C4').map(({ id, kind, sha256 }) => ({ id, kind, sha256 }));
    const missing = missingKinds(requiredFor(materials, current.sector), all.map((d) => d.kind));
    if (missing.length) {
      throw conflict(`the transfer package is incomplete: missing ${missing.join(', ')}`, { missing, dossierVersion: current.version });
    }
    const payload: SealPayload = {
      caseId: current.caseId,
      dossierId: current.id,
      dossierVersion: current.version,
      documents: docs,
      withheldDocuments: all.length - docs.length,
      sealedAt: at.toISOString(),
    };
    const jws = await signer.sign(payload);
    const [inserted] = await tx
      .insert(seals)
      .values({
        id: randomUUID(),
        dossierId: current.id,
        caseId: current.caseId,
        dossierVersion: current.version,
        jws,
        jwsSha256: sha256Hex(jws),
        documents: payload.documents,
        sealedBy: caller.sub,
        sealedAt: at,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      await appendToChain(tx, current.id, [sealEntry(inserted)]);
      return inserted;
    }
    // Sealed meanwhile by someone else: that seal stands.
    const [raced] = await tx.select().from(seals).where(and(eq(seals.dossierId, current.id), eq(seals.dossierVersion, current.version)));
    return raced!;
  });
  return inheritAccess(row, annotateDossier(caller, { ...dossier }));
}
