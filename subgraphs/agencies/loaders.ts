import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../kit/db';
import type { Caller } from '../kit/caller';
import { byKey, groupByKey } from '../kit/batch';
import { anyOf, preparedOnce } from '../kit/prepared';
import { agencies, divisions, officers, type AgenciesTables } from './db/schema';

export type Agency = typeof agencies.$inferSelect;
export type Division = typeof divisions.$inferSelect;
export type Officer = typeof officers.$inferSelect;

/** The entity loaders of every federated page (Agency by id, Agency.division), prepared (decision 109). */
const prepared = (db: Database<AgenciesTables>) => ({
  agencies: preparedOnce(db, 'agencies_by_id', () => db.select().from(agencies).where(anyOf(agencies.id, 'ids')).prepare('agencies_by_id')),
  divisions: preparedOnce(db, 'divisions_by_code', () => db.select().from(divisions).where(anyOf(divisions.code, 'codes')).prepare('divisions_by_code')),
});

export function createLoaders({ db }: { caller: Caller; db: Database<AgenciesTables> }) {
  const statements = prepared(db);
  return {
    agency: new DataLoader<string, Agency | null>(async (ids) => byKey(ids, await statements.agencies.execute({ ids: [...ids] }), (r) => r.id)),
    division: new DataLoader<string, Division | null>(async (codes) => byKey(codes, await statements.divisions.execute({ codes: [...codes] }), (r) => r.code)),
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
