import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../kit/db';
import type { Caller } from '../kit/caller';
import { byKey, groupByKey } from '../kit/batch';
import { agencies, divisions, officers, type AgenciesTables } from './db/schema';

export type Agency = typeof agencies.$inferSelect;
export type Division = typeof divisions.$inferSelect;
export type Officer = typeof officers.$inferSelect;

export function createLoaders({ db }: { caller: Caller; db: Database<AgenciesTables> }) {
  return {
    agency: new DataLoader<string, Agency | null>(async (ids) =>
      byKey(ids, await db.select().from(agencies).where(inArray(agencies.id, [...ids])), (r) => r.id),
    ),
    division: new DataLoader<string, Division | null>(async (codes) =>
      byKey(codes, await db.select().from(divisions).where(inArray(divisions.code, [...codes])), (r) => r.code),
    ),
    officer: new DataLoader<string, Officer | null>(async (ids) =>
      byKey(ids, await db.select().from(officers).where(inArray(officers.id, [...ids])), (r) => r.id),
    ),
    officersByAgency: new DataLoader<string, Officer[]>(async (agencyIds) =>
      groupByKey(
        agencyIds,
        await db
          .select()
          .from(officers)
          .where(inArray(officers.agencyId, [...agencyIds]))
          .orderBy(asc(officers.id)),
        (r) => r.agencyId,
      ),
    ),
  };
}
export type AgenciesLoaders = ReturnType<typeof createLoaders>;
