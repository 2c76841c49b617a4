import { eq } from 'drizzle-orm';
import type { Database } from '../../kit/db';
import { notFound } from '../../kit/errors';
import { dossierChain, dossiers, type DossiersTables } from '../db/schema';
import { chainEntries, type PendingEntry } from './hash';

type Tx = Parameters<Parameters<Database<DossiersTables>['transaction']>[0]>[0];

/**
 * Appends entries to a dossier's chain inside the transaction that wrote their records: the dossier
 * row is locked (FOR UPDATE), so concurrent changes to one dossier chain one after the other.
 */
export async function appendToChain(tx: Tx, dossierId: string, entries: readonly PendingEntry[]): Promise<void> {
  if (!entries.length) return;
  const [d] = await tx
    .select({ id: dossiers.id, caseId: dossiers.caseId, length: dossiers.chainLength, head: dossiers.chainHead })
    .from(dossiers)
    .where(eq(dossiers.id, dossierId))
    .for('update');
  if (!d) throw notFound('dossier', dossierId);
  const chained = chainEntries(d, { length: d.length, hash: d.head }, entries);
  await tx.insert(dossierChain).values(chained.rows);
  await tx.update(dossiers).set({ chainLength: chained.length, chainHead: chained.head }).where(eq(dossiers.id, dossierId));
}
