import DataLoader from 'dataloader';
import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../kit/db';
import type { Caller } from '../kit/caller';
import { keysetAfter, keysetOrderBy, olderThan, type KeysetOrder, type PageRequest } from '../kit/pagination';
import { byKey, groupByKey } from '../kit/batch';
import { anyOf, preparedOnce } from '../kit/prepared';
import { caseDeadlines, caseEvents, cases, parties, penalties, registerProposals, type CasesTables } from './db/schema';
import { annotateCase, visibleCases } from './access';
import { keyringOf, openParties, openPenalties } from './personalData';

export type CaseRow = typeof cases.$inferSelect;
export type PartyRow = typeof parties.$inferSelect;
export type EventRecord = typeof caseEvents.$inferSelect;
export type DeadlineRecord = typeof caseDeadlines.$inferSelect;
export type PenaltyRecord = typeof penalties.$inferSelect;

/** Keyset condition for "newest first" lists: rows strictly after (createdAt, id). */
export function afterKey(key: (string | number)[] | null): SQL | undefined {
  return key ? olderThan(cases.createdAt, cases.id, key) : undefined;
}
export const newestFirst = [desc(cases.createdAt), desc(cases.id)] as const;
export const caseKey = (c: CaseRow) => [c.createdAt.toISOString(), c.id];
/** Cases newest first (Agency.cases, and the default of every case list), ties broken by id. */
export const NEWEST_FIRST: KeysetOrder = { column: cases.createdAt, id: cases.id, descending: true, keyType: 'time' };

/**
 * Per-request loaders. Every case query carries the caller's row filter (visibleCases) inside the
 * batch statement, and every loaded case is annotated with the caller's relations to it.
 */
export function createLoaders({ caller, db }: { caller: Caller; db: Database<CasesTables> }) {
  const annotate = (row: CaseRow) => annotateCase(caller, row);
  const casesByAgency = new Map<string, DataLoader<string, CaseRow[]>>();
  const partiesByCase = new AskedLoader<string, PartyRow[]>(async (caseIds) =>
    groupByKey(
      caseIds,
      await openParties(
        await keyringOf(db),
        await db
          .select()
          .from(parties)
          .where(inArray(parties.caseId, [...caseIds]))
          .orderBy(asc(parties.caseId), asc(parties.position)),
      ),
      (r) => r.caseId,
    ),
  );
  const juvenileCases = preparedOnce(db, 'cases_with_juvenile', () =>
    db.selectDistinct({ caseId: parties.caseId }).from(parties).where(and(anyOf(parties.caseId, 'ids'), eq(parties.juvenile, true))).prepare('cases_with_juvenile'),
  );
  return {
    case: new DataLoader<string, CaseRow | null>(async (ids) =>
      byKey(ids, (await db.select().from(cases).where(and(inArray(cases.id, [...ids]), visibleCases(caller)))).map(annotate), (r) => r.id),
    ),
    /** Parties by case id: callers reach them only through a visible case (Case.parties). */
    partiesByCase,
    /**
     * Whether a party to each case is a juvenile (Case.scopeStatement), read from the flag alone:
     * no party is decrypted for it (decision 109). Cases whose parties this request loads anyway
     * (Case.parties asked of the same cases) take it from them: no second statement.
     */
    juvenileByCase: new DataLoader<string, boolean>(async (caseIds) => {
      const viaParties = caseIds.filter((id) => partiesByCase.asked.has(id));
      const rest = caseIds.filter((id) => !partiesByCase.asked.has(id));
      const [loaded, flagged] = await Promise.all([
        partiesByCase.loadMany(viaParties),
        rest.length ? juvenileCases.execute({ ids: rest }) : Promise.resolve([]),
      ]);
      const juvenile = new Set(flagged.map((r) => r.caseId));
      const fromParties = new Map(viaParties.map((id, i) => [id, loaded[i]!]));
      return caseIds.map((id) => {
        const list = fromParties.get(id);
        if (list === undefined) return juvenile.has(id);
        return list instanceof Error ? list : list.some((p) => p.juvenile);
      });
    }),
    /** Timeline events by case id, oldest first: reached only through a visible case (Case.timeline). */
    eventsByCase: new DataLoader<string, EventRecord[]>(async (caseIds) =>
      groupByKey(
        caseIds,
        await db
          .select()
          .from(caseEvents)
          .where(inArray(caseEvents.caseId, [...caseIds]))
          .orderBy(asc(caseEvents.caseId), asc(caseEvents.seq)),
        (r) => r.caseId,
      ),
    ),
    /** Clocks by case id, in start order (Case.deadlines, Case.availableActions). */
    deadlinesByCase: new DataLoader<string, DeadlineRecord[]>(async (caseIds) =>
      groupByKey(
        caseIds,
        await db
          .select()
          .from(caseDeadlines)
          .where(inArray(caseDeadlines.caseId, [...caseIds]))
          .orderBy(asc(caseDeadlines.caseId), asc(caseDeadlines.startedAt), asc(caseDeadlines.clock)),
        (r) => r.caseId,
      ),
    ),
    /** Penalties by case id, in decision order (Case.penalties). */
    penaltiesByCase: new DataLoader<string, PenaltyRecord[]>(async (caseIds) =>
      groupByKey(
        caseIds,
        await openPenalties(
          await keyringOf(db),
          await db
            .select()
            .from(penalties)
            .where(inArray(penalties.caseId, [...caseIds]))
            .orderBy(asc(penalties.caseId), asc(penalties.decidedOn), asc(penalties.decisionNumber)),
        ),
        (r) => r.caseId,
      ),
    ),
    /** The register proposal of each case, or null (Case.proposal, decision 94). */
    proposalByCase: new DataLoader<string, typeof registerProposals.$inferSelect | null>(async (caseIds) => {
      const rows = await db.select().from(registerProposals).where(inArray(registerProposals.caseId, [...caseIds]));
      const byCase = new Map(rows.map((r) => [r.caseId, r]));
      return caseIds.map((id) => byCase.get(id) ?? null);
    }),
    /**
     * One page (n + 1 rows, in the direction of travel) of each of many agencies' cases, newest
     * first, in one statement: row_number() over each agency's order.
     */
    casesByAgency(req: PageRequest): DataLoader<string, CaseRow[]> {
      const cacheKey = JSON.stringify(req);
      let loader = casesByAgency.get(cacheKey);
      if (!loader) {
        const order = keysetOrderBy(NEWEST_FIRST, req);
        loader = new DataLoader<string, CaseRow[]>(async (agencyIds) => {
          const ranked = db
            .select({
              id: cases.id,
              rn: sql<number>`row_number() over (partition by ${cases.handlingAgencyId} order by ${sql.join(order, sql`, `)})`.as('rn'),
            })
            .from(cases)
            .where(and(inArray(cases.handlingAgencyId, [...agencyIds]), visibleCases(caller), keysetAfter(NEWEST_FIRST, req)))
            .as('ranked');
          const rows = await db
            .select({ c: cases })
            .from(cases)
            .innerJoin(ranked, eq(ranked.id, cases.id))
            .where(lte(ranked.rn, req.n + 1))
            .orderBy(...order);
          return groupByKey(agencyIds, rows.map((r) => annotate(r.c)), (r) => r.handlingAgencyId);
        });
        casesByAgency.set(cacheKey, loader);
      }
      return loader;
    },
    /** How many cases each of many agencies handles that the caller can see (Agency.cases totalCount), in one statement. */
    caseCountByAgency: new DataLoader<string, number>(async (agencyIds) => {
      const rows = await db
        .select({ agencyId: cases.handlingAgencyId, n: count() })
        .from(cases)
        .where(and(inArray(cases.handlingAgencyId, [...agencyIds]), visibleCases(caller)))
        .groupBy(cases.handlingAgencyId);
      const byAgency = new Map(rows.map((r) => [r.agencyId, r.n]));
      return agencyIds.map((id) => byAgency.get(id) ?? 0);
    }),
  };
}
export type CasesLoaders = ReturnType<typeof createLoaders>;

/** A DataLoader that remembers the keys asked of it in this request (juvenileByCase reads them). */
class AskedLoader<K, V> extends DataLoader<K, V> {
  readonly asked = new Set<K>();
  override load(key: K): Promise<V> {
    this.asked.add(key);
    return super.load(key);
  }
}
