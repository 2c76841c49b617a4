import type { Database } from '../kit/db';
import { agencies as demoAgencies, divisions as demoDivisions, officers as demoOfficers } from '../../demo/province';
import { agencies, divisions, officers, type AgenciesTables } from './db/schema';

/** Loads the demo province into an empty agencies database. */
export async function seed(db: Database<AgenciesTables>): Promise<void> {
  const existing = await db.select({ id: agencies.id }).from(agencies).limit(1);
  if (existing.length) return;
  await db.transaction(async (tx) => {
    await tx.insert(divisions).values(demoDivisions);
    await tx.insert(agencies).values(demoAgencies);
    await tx.insert(officers).values(demoOfficers);
  });
}
