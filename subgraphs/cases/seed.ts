import { sql } from 'drizzle-orm';
import type { Database } from '../kit/db';
import { cases as demoCases } from '../../demo/cases';
import { caseNumberCounters, cases, parties, type CasesTables } from './db/schema';

/** Loads the demo cases into an empty cases database. */
export async function seed(db: Database<CasesTables>): Promise<void> {
  const existing = await db.select({ id: cases.id }).from(cases).limit(1);
  if (existing.length) return;
  await db.transaction(async (tx) => {
    await tx.insert(cases).values(
      demoCases.map(({ parties: _p, createdAt, ...c }) => ({
        ...c,
        createdBy: 'demo-seed',
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt),
      })),
    );
    await tx.insert(parties).values(demoCases.flatMap((c) => c.parties.map((p, position) => ({ ...p, caseId: c.id, position }))));
    // Continue numbering after the demo numbers (XF-<division>-<year>-<seq>).
    await tx.execute(sql`
      insert into ${caseNumberCounters} (division_code, year, last)
      select division_code, split_part(number, '-', 3)::int, max(split_part(number, '-', 4)::int)
      from ${cases} group by 1, 2`);
  });
}
