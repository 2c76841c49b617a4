import type { Database } from '../kit/db';
import { cases as demoCases, dossiers as demoDossiers } from '../../demo/cases';
import { documents, dossiers, type DossiersTables } from './db/schema';

/** Loads the demo dossiers into an empty dossiers database. */
export async function seed(db: Database<DossiersTables>): Promise<void> {
  const existing = await db.select({ id: dossiers.id }).from(dossiers).limit(1);
  if (existing.length) return;
  const byId = new Map(demoCases.map((c) => [c.id, c]));
  const openedAt = new Map(demoCases.map((c) => [c.id, new Date(c.createdAt)]));
  await db.transaction(async (tx) => {
    await tx.insert(dossiers).values(
      demoDossiers.map((d) => {
        const c = byId.get(d.caseId)!;
        return {
          id: d.id,
          caseId: d.caseId,
          handlingAgencyId: c.handlingAgencyId,
          receivingAgencyId: c.receivingAgencyId,
          divisionCode: c.divisionCode,
          version: 1 + d.documents.length,
          createdBy: 'demo-seed',
          createdAt: openedAt.get(d.caseId)!,
        };
      }),
    );
    const docs = demoDossiers.flatMap((d) => d.documents.map((doc) => ({ ...doc, dossierId: d.id, createdAt: openedAt.get(d.caseId)! })));
    if (docs.length) await tx.insert(documents).values(docs);
  });
}
