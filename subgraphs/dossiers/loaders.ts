import DataLoader from 'dataloader';
import { and, asc, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../kit/db';
import type { Caller } from '../kit/caller';
import { byKey, groupByKey } from '../kit/batch';
import { accessOf, inheritAccess, isStatisticsOnly, relationsTo, rowFilterFacts, rowFilterSql, visibleRowsSql, withAccess } from '../kit/access';
import { anyOf, preparedOnce } from '../kit/prepared';
import { documents, dossiers, handoverDocuments, handovers, seals, type DossiersTables } from './db/schema';
import { readableDocumentsFacts, readableDocumentsShapeSql, readableDocumentsSql } from './access';
import { caseScopeOf, refreshScopes, type ScopeStatement, type ScopeVerifier } from './scope';
import { systemClock, type Clock } from '../kit/clock';

export type DossierRow = typeof dossiers.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type SealRow = typeof seals.$inferSelect;
export type HandoverRow = typeof handovers.$inferSelect;
export type HandoverDocumentRow = typeof handoverDocuments.$inferSelect;

/** Dossiers the caller has a relation to: the row filter every dossier query applies. */
export const visibleDossiers = (caller: Caller) => visibleRowsSql(caller, dossiers);

/** Attaches the caller's relations; a juvenile's case is sealed (its personal data is never served in clear, kit/classRules.ts mayUnmask). */
export const annotateDossier = (caller: Caller, d: DossierRow) =>
  withAccess(d, caller, { caseId: d.caseId, handlingAgencyId: d.handlingAgencyId, receivingAgencyId: d.receivingAgencyId, divisionCode: d.divisionCode }, d.juvenile);

/** Handovers made to the caller's agency (statistics-only callers see none). */
export const receivedByCaller = (caller: Caller) =>
  caller.agencyId && !isStatisticsOnly(caller) ? eq(handovers.toAgencyId, caller.agencyId) : undefined;

/**
 * A document the caller may not see (C4 for the handling agency), as lists show it: that it exists,
 * its class, and the versions it is current in (which decide the list it is in), nothing more.
 */
export function withheldDocument(d: DocumentRow): DocumentRow & { withheld: true } {
  const hidden = Object.fromEntries(Object.keys(d).map((k) => [k, null])) as unknown as DocumentRow;
  return { ...hidden, id: d.id, dossierId: d.dossierId, sensitivity: d.sensitivity, addedInVersion: d.addedInVersion, removedInVersion: d.removedInVersion, withheld: true };
}

/** Documents current in a version: added at or before it, not yet withdrawn or replaced. */
export const currentAt = (version: number) => (d: DocumentRow) =>
  d.addedInVersion <= version && (d.removedInVersion == null || d.removedInVersion > version);

const documentOrder = [asc(documents.dossierId), asc(documents.addedInVersion), asc(documents.id)] as const;

/** What a list selects: each document, its dossier, and whether the caller may read it (`readable`, a row filter of ./access.ts). */
const listedColumns = (readable: SQL) => ({ document: documents, dossier: dossiers, readable: sql<boolean>`${readable}`.mapWith(Boolean) });

/**
 * Per-request loaders. Every dossier query carries the caller's row filter inside the batch
 * statement; every document query also the class filter (a C4 document is never loaded for a
 * caller who may not see it). Loaded rows are annotated with the caller's relations.
 */
export function createLoaders(
  { caller, db, clock }: { caller: Caller; db: Database<DossiersTables>; clock?: Clock },
  scope?: ScopeVerifier,
) {
  const annotate = (d: DossierRow) => annotateDossier(caller, d);
  const visible = rowFilterFacts(caller);
  const readable = readableDocumentsFacts(caller);
  /** The page's statements, prepared (decision 109): built on first use, per row-filter shape. */
  const statements = {
    dossiersOfCases: () =>
      preparedOnce(db, 'dossiers_of_cases', () => db.select().from(dossiers).where(anyOf(dossiers.caseId, 'caseIds')).prepare('dossiers_of_cases')),
    /** listedDocuments of the current version, the dossier ids one array parameter. */
    currentDocuments: () => {
      const name = `documents_current_${visible.shape || 'none'}_${readable.shape || 'none'}`;
      return preparedOnce(db, name, () =>
        db
          .select(listedColumns(readableDocumentsShapeSql(readable.shape)))
          .from(documents)
          .innerJoin(dossiers, eq(dossiers.id, documents.dossierId))
          .where(and(anyOf(documents.dossierId, 'dossierIds'), isNull(documents.removedInVersion), rowFilterSql(visible.shape, dossiers)))
          .orderBy(...documentOrder)
          .prepare(name),
      );
    },
  };
  /** Documents of visible dossiers the caller may see, each carrying its dossier's access facts. */
  const readableDocuments = async (where: Parameters<typeof and>[number]) => {
    const rows = await db
      .select({ document: documents, dossier: dossiers })
      .from(documents)
      .innerJoin(dossiers, eq(dossiers.id, documents.dossierId))
      .where(and(where, visibleDossiers(caller), readableDocumentsSql(caller)))
      .orderBy(...documentOrder);
    return rows.map((r) => inheritAccess(r.document, annotate(r.dossier)));
  };
  /**
   * For lists: the documents of visible dossiers, those whose class the caller may not see (C4 for
   * the handling agency) as a placeholder that says only that they exist (withheldDocument).
   */
  const listedDocuments = async (where: Parameters<typeof and>[number]) => {
    const rows = await db
      .select(listedColumns(readableDocumentsSql(caller)))
      .from(documents)
      .innerJoin(dossiers, eq(dossiers.id, documents.dossierId))
      .where(and(where, visibleDossiers(caller)))
      .orderBy(...documentOrder);
    return rows.map(listed);
  };
  /** A listed row as lists show it: the document, or its placeholder when the caller may not read it. */
  const listed = (r: { document: DocumentRow; dossier: DossierRow; readable: boolean }) =>
    inheritAccess(r.readable ? r.document : withheldDocument(r.document), annotate(r.dossier));
  return {
    dossier: new DataLoader<string, DossierRow | null>(async (ids) =>
      byKey(ids, (await db.select().from(dossiers).where(and(inArray(dossiers.id, [...ids]), visibleDossiers(caller)))).map(annotate), (r) => r.id),
    ),
    /**
     * The dossier of each case, given the case's scope statement (Case.dossier, openDossier): the
     * statements of a batch are verified together, only the cases they relate the caller to are
     * queried, and stored scopes older than their statement are brought up to it in one UPDATE.
     */
    dossierInScope: new DataLoader<{ caseId: string; statement: string; field: string }, DossierRow | null, string>(
      async (keys) => {
        if (!scope) throw new Error('dossierInScope needs the scope statement verifier');
        const now = (clock ?? systemClock).now();
        const verified = await Promise.all(keys.map((k) => scope.verify(k.statement, { caseId: k.caseId, now }, k.field).catch((err: Error) => err)));
        const related = verified.filter((s): s is ScopeStatement => !(s instanceof Error) && relationsTo(caller, caseScopeOf(s)).length > 0);
        const rows = related.length ? await statements.dossiersOfCases().execute({ caseIds: related.map((s) => s.caseId) }) : [];
        const scopeOf = new Map(related.map((s) => [s.caseId, s]));
        const stale = rows.filter((row) => row.scopeSeq < scopeOf.get(row.caseId)!.seq).map((row) => ({ dossierId: row.id, scope: scopeOf.get(row.caseId)! }));
        const refreshed = new Map((await refreshScopes(db, stale)).map((row) => [row.id, row]));
        // The stored scope may be newer than the statement given: it decides.
        const visible = rows.map((row) => annotate(refreshed.get(row.id) ?? row)).filter((d) => accessOf(d)!.relations.length);
        const found = byKey(keys.map((k) => k.caseId), visible, (r) => r.caseId);
        return keys.map((_, i) => (verified[i] instanceof Error ? verified[i] : found[i]!));
      },
      { cacheKeyFn: (k) => `${k.caseId}\u0000${k.statement}` },
    ),
    /** The current documents of each dossier that the caller may see. */
    documentsByDossier: new DataLoader<string, DocumentRow[]>(async (dossierIds) => {
      const rows = await statements.currentDocuments().execute({ ...visible.values, ...readable.values, dossierIds: [...dossierIds] });
      return groupByKey(dossierIds, rows.map(listed), (r) => r.dossierId);
    }),
    /** The documents of a dossier at one version (key `dossierId@version`), the caller may see. */
    documentsAtVersion: new DataLoader<string, DocumentRow[]>(async (keys) => {
      const wanted = keys.map((k) => ({ dossierId: k.slice(0, k.lastIndexOf('@')), version: Number(k.slice(k.lastIndexOf('@') + 1)) }));
      const rows = await listedDocuments(
        or(...wanted.map((w) => and(eq(documents.dossierId, w.dossierId), lte(documents.addedInVersion, w.version)))),
      );
      return wanted.map((w) => rows.filter((r) => r.dossierId === w.dossierId && currentAt(w.version)(r)));
    }),
    /**
     * Kinds present in each dossier's current version, whatever their class: completeness is flow
     * metadata (C1), and a C4 document the caller cannot see still counts.
     */
    currentKinds: new DataLoader<string, DocumentRow['kind'][]>(async (dossierIds) => {
      const rows = await db
        .selectDistinct({ dossierId: documents.dossierId, kind: documents.kind })
        .from(documents)
        .where(and(inArray(documents.dossierId, [...dossierIds]), isNull(documents.removedInVersion)));
      return groupByKey(dossierIds, rows, (r) => r.dossierId).map((list) => list.map((r) => r.kind));
    }),
    document: new DataLoader<string, DocumentRow | null>(async (ids) => byKey(ids, await readableDocuments(inArray(documents.id, [...ids])), (r) => r.id)),
    sealsByDossier: new DataLoader<string, SealRow[]>(async (dossierIds) =>
      groupByKey(
        dossierIds,
        await db
          .select()
          .from(seals)
          .where(inArray(seals.dossierId, [...dossierIds]))
          .orderBy(desc(seals.sealedAt), desc(seals.id)),
        (r) => r.dossierId,
      ),
    ),
    handoversByDossier: new DataLoader<string, HandoverRow[]>(async (dossierIds) =>
      groupByKey(
        dossierIds,
        await db
          .select()
          .from(handovers)
          .where(inArray(handovers.dossierId, [...dossierIds]))
          .orderBy(desc(handovers.handedOverAt), desc(handovers.id)),
        (r) => r.dossierId,
      ),
    ),
    /**
     * A handover by id: visible to whoever sees its dossier, and to the agency it was handed to (so
     * a receiver can find and acknowledge it). Annotated with the caller's relations to the dossier.
     */
    handover: new DataLoader<string, HandoverRow | null>(async (ids) => {
      const rows = await db
        .select({ handover: handovers, dossier: dossiers })
        .from(handovers)
        .innerJoin(dossiers, eq(dossiers.id, handovers.dossierId))
        .where(and(inArray(handovers.id, [...ids]), or(visibleDossiers(caller), receivedByCaller(caller))));
      return byKey(ids, rows.map((r) => inheritAccess(r.handover, annotate(r.dossier))), (r) => r.id);
    }),
    /**
     * The documents of each handover as recorded (hash and size then), each with `withheld` set when
     * its class is one the caller may not see (the GraphQL view then shows only that it exists; the
     * receipt and the integrity check use the recorded values).
     */
    handoverDocuments: new DataLoader<string, (HandoverDocumentRow & { withheld: boolean })[]>(async (handoverIds) =>
      groupByKey(
        handoverIds,
        (
          await db
            .select({ handed: handoverDocuments, readable: sql<boolean>`${readableDocumentsSql(caller)}`.mapWith(Boolean) })
            .from(handoverDocuments)
            .innerJoin(documents, eq(documents.id, handoverDocuments.documentId))
            .innerJoin(dossiers, eq(dossiers.id, documents.dossierId))
            .where(inArray(handoverDocuments.handoverId, [...handoverIds]))
            .orderBy(asc(handoverDocuments.handoverId), asc(handoverDocuments.position))
        ).map((r) => ({ ...r.handed, withheld: !r.readable })),
        (r) => r.handoverId,
      ),
    ),
  };
}
export type DossiersLoaders = ReturnType<typeof createLoaders>;
