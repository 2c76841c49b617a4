import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../kit/db';
import type { Caller } from '../kit/caller';
import { byKey, groupByKey } from '../kit/batch';
import { documents, dossiers, type DossiersTables } from './db/schema';

export type DossierRow = typeof dossiers.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

export function createLoaders({ db }: { caller: Caller; db: Database<DossiersTables> }) {
  return {
    dossier: new DataLoader<string, DossierRow | null>(async (ids) =>
      byKey(ids, await db.select().from(dossiers).where(inArray(dossiers.id, [...ids])), (r) => r.id),
    ),
    dossierByCase: new DataLoader<string, DossierRow | null>(async (caseIds) =>
      byKey(caseIds, await db.select().from(dossiers).where(inArray(dossiers.caseId, [...caseIds])), (r) => r.caseId),
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
    document: new DataLoader<string, DocumentRow | null>(async (ids) =>
      byKey(ids, await db.select().from(documents).where(inArray(documents.id, [...ids])), (r) => r.id),
    ),
  };
}
export type DossiersLoaders = ReturnType<typeof createLoaders>;
