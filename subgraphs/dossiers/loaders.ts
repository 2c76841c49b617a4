import DataLoader from 'dataloader';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../kit/db';
import type { Caller } from '../kit/caller';
import { byKey, groupByKey } from '../kit/batch';
import { inheritAccess, visibleRowsSql, withAccess } from '../kit/access';
import { documents, dossiers, type DossiersTables } from './db/schema';

export type DossierRow = typeof dossiers.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

/** Dossiers the caller has a relation to: the row filter every dossier query applies. */
export const visibleDossiers = (caller: Caller) => visibleRowsSql(caller, dossiers);

export const annotateDossier = (caller: Caller, d: DossierRow) =>
  withAccess(d, caller, { caseId: d.caseId, handlingAgencyId: d.handlingAgencyId, receivingAgencyId: d.receivingAgencyId, divisionCode: d.divisionCode });

/**
 * Per-request loaders; dossier queries carry the caller's row filter inside the batch statement.
 * Documents are reached only through a visible dossier (Dossier.documents) or by id under the same filter.
 */
export function createLoaders({ caller, db }: { caller: Caller; db: Database<DossiersTables> }) {
  const annotate = (d: DossierRow) => annotateDossier(caller, d);
  return {
    dossier: new DataLoader<string, DossierRow | null>(async (ids) =>
      byKey(ids, (await db.select().from(dossiers).where(and(inArray(dossiers.id, [...ids]), visibleDossiers(caller)))).map(annotate), (r) => r.id),
    ),
    dossierByCase: new DataLoader<string, DossierRow | null>(async (caseIds) =>
      byKey(
        caseIds,
        (await db.select().from(dossiers).where(and(inArray(dossiers.caseId, [...caseIds]), visibleDossiers(caller)))).map(annotate),
        (r) => r.caseId,
      ),
    ),
    documentsByDossier: new DataLoader<string, DocumentRow[]>(async (dossierIds) =>
      groupByKey(
        dossierIds,
        await db
          .select()
          .from(documents)
          .where(inArray(documents.dossierId, [...dossierIds]))
          .orderBy(asc(documents.dossierId), asc(documents.createdAt), asc(documents.id)),
        (r) => r.dossierId,
      ),
    ),
    document: new DataLoader<string, DocumentRow | null>(async (ids) => {
      const rows = await db
        .select({ document: documents, dossier: dossiers })
        .from(documents)
        .innerJoin(dossiers, eq(dossiers.id, documents.dossierId))
        .where(and(inArray(documents.id, [...ids]), visibleDossiers(caller)));
      return byKey(ids, rows.map((r) => inheritAccess(r.document, annotate(r.dossier))), (r) => r.id);
    }),
  };
}
export type DossiersLoaders = ReturnType<typeof createLoaders>;
