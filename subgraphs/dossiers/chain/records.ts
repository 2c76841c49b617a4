import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../kit/db';
import { documents, dossierChain, dossiers, dossierVersions, handoverDocuments, handovers, seals } from '../db/schema';
import { chainOfRecords, type DossierRecords } from './hash';

/** Everything recorded about the given dossiers, by dossier (what the seed chains and the audit replays). */
export async function loadRecords(db: Database, ids: readonly string[]): Promise<Map<string, DossierRecords & { row: typeof dossiers.$inferSelect; chain: (typeof dossierChain.$inferSelect)[] }>> {
  const out = new Map<string, DossierRecords & { row: typeof dossiers.$inferSelect; chain: (typeof dossierChain.$inferSelect)[] }>();
  if (!ids.length) return out;
  const list = [...ids];
  const rows = await db.select().from(dossiers).where(inArray(dossiers.id, list));
  for (const row of rows) out.set(row.id, { row, dossier: { id: row.id, caseId: row.caseId }, versions: [], documents: [], seals: [], handovers: [], handed: [], chain: [] });
  const push = <T>(dossierId: string, key: 'versions' | 'documents' | 'seals' | 'handovers' | 'chain', x: T) => {
    const r = out.get(dossierId);
    if (r) (r[key] as T[]).push(x);
  };
  for (const v of await db.select().from(dossierVersions).where(inArray(dossierVersions.dossierId, list)).orderBy(asc(dossierVersions.dossierId), asc(dossierVersions.version))) push(v.dossierId, 'versions', v);
  for (const d of await db.select().from(documents).where(inArray(documents.dossierId, list))) push(d.dossierId, 'documents', d);
  for (const s of await db.select().from(seals).where(inArray(seals.dossierId, list))) push(s.dossierId, 'seals', s);
  const hs = await db.select().from(handovers).where(inArray(handovers.dossierId, list));
  for (const h of hs) push(h.dossierId, 'handovers', h);
  if (hs.length) {
    const byHandover = new Map(hs.map((h) => [h.id, h.dossierId]));
    const handed = await db.select().from(handoverDocuments).where(inArray(handoverDocuments.handoverId, [...byHandover.keys()]));
    for (const x of handed) (out.get(byHandover.get(x.handoverId)!)!.handed as (typeof x)[]).push(x);
  }
  for (const c of await db.select().from(dossierChain).where(inArray(dossierChain.dossierId, list)).orderBy(asc(dossierChain.dossierId), asc(dossierChain.seq))) push(c.dossierId, 'chain', c);
  return out;
}

/**
 * Chains the records of dossiers written without a chain (the demo seed writes rows, then chains
 * them here): only dossiers whose chain is still empty.
 */
export async function chainRecordedDossiers(db: Database, ids: readonly string[]): Promise<number> {
  let n = 0;
  for (const r of (await loadRecords(db, ids)).values()) {
    if (r.row.chainLength !== 0 || r.chain.length) continue;
    const chained = chainOfRecords(r);
    if (!chained.rows.length) continue;
    await db.insert(dossierChain).values(chained.rows);
    await db.update(dossiers).set({ chainLength: chained.length, chainHead: chained.head }).where(eq(dossiers.id, r.row.id));
    n++;
  }
  return n;
}
