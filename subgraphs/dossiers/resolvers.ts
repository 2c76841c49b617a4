import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../kit/createSubgraph';
import { badInput, forbidden, notFound } from '../kit/errors';
import { inheritAccess, isStatisticsOnly, relationsTo } from '../kit/access';
import { accessRecordsPage } from '../kit/accessLog';
import { appendToChain } from './chain/append';
import { versionEntry } from './chain/hash';
import type { Database } from '../kit/db';
import { emptyPage, keysetPage, pageRequest, type ConnectionArgs } from '../kit/pagination';
import { DateTime, SafeInt } from '../kit/scalars';
import { accessRecordResolvers, agencyRef, officerRef } from '../kit/entityRefs';
import { checkBlob } from './blobs/integrity';
import { dossiers, dossierVersions, handovers, type DossiersTables } from './db/schema';
import { withdrawDocument } from './documents';
import { documentStatement } from './documentStatement';
import { acknowledgeHandover, handOverDocuments, verifyHandover, type DocumentCheck } from './handovers';
import { annotateDossier, type DocumentRow, type DossierRow, type DossiersLoaders, type HandoverDocumentRow, type HandoverRow, type SealRow } from './loaders';
import { missingKinds, requiredFor } from './materials';
import { caseScopeOf, scopeColumns } from './scope';
import { sealTransferPackage } from './seals';
import { contentPath } from './files/paths';
import type { SealPayload } from './signing';
import type { DossierServices } from './services';

type Ctx = SubgraphContext<DossiersTables, DossiersLoaders>;
/** A row as lists load it: `withheld` when the caller may see only that it exists (C4 for the handling agency). */
type Listed<T> = T & { withheld?: boolean };

/** The payload of one of our own seals (read, not verified: the row holds what this subgraph signed). */
const sealedPayload = (jws: string): Partial<SealPayload> => JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
type VersionRow = typeof dossierVersions.$inferSelect;

async function visibleDossier(loaders: DossiersLoaders, id: string): Promise<DossierRow> {
  return (await loaders.dossier.load(id)) ?? Promise.reject(notFound('dossier', id));
}

function documentCheck(check: DocumentCheck, parent: object) {
  return inheritAccess({ ...check, intact: check.status === 'INTACT' }, parent);
}

export function createResolvers(services: DossierServices): GraphQLResolverMap<Ctx> {
  return {
    DateTime,
    SafeInt,
    AccessRecord: accessRecordResolvers,
    Query: {
      dossier: (_: unknown, { id }: { id: string }, { loaders }: Ctx) => visibleDossier(loaders, id),
      document: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) =>
        (await loaders.document.load(id)) ?? Promise.reject(notFound('document', id)),
      verifyDocument: async (_: unknown, { id }: { id: string }, { loaders, log }: Ctx) => {
        const doc = await loaders.document.load(id);
        if (!doc) throw notFound('document', id);
        const check = await checkBlob(services.blobs, doc.sha256, doc.size, doc.sm3);
        if (check.status !== 'INTACT') log.error({ documentId: id, ...check }, 'document content failed its integrity check');
        return documentCheck({ ...check, documentId: doc.id, recordedSha256: doc.sha256, recordedSize: doc.size }, doc);
      },
      handover: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) =>
        (await loaders.handover.load(id)) ?? Promise.reject(notFound('handover', id)),
      incomingHandovers: async (_: unknown, args: ConnectionArgs & { pending?: boolean | null }, { caller, db }: Ctx) => {
        if (!caller.agencyId || isStatisticsOnly(caller)) {
          pageRequest(args, 2); // bad arguments are refused all the same
          return emptyPage();
        }
        const where = and(eq(handovers.toAgencyId, caller.agencyId), args.pending ? isNull(handovers.acknowledgedAt) : undefined);
        return keysetPage(
          args,
          { column: handovers.handedOverAt, id: handovers.id, descending: true, keyType: 'time' },
          (h: typeof handovers.$inferSelect) => [h.handedOverAt.toISOString(), h.id],
          async (beyond, orderBy, limit) =>
            (
              await db
                .select({ handover: handovers, dossier: dossiers })
                .from(handovers)
                .innerJoin(dossiers, eq(dossiers.id, handovers.dossierId))
                .where(and(where, beyond))
                .orderBy(...orderBy)
                .limit(limit)
            ).map((r) => inheritAccess(r.handover, annotateDossier(caller, r.dossier))),
          async () => (await db.select({ n: count() }).from(handovers).where(where))[0]!.n,
        );
      },
    },
    Mutation: {
      openDossier: async (_: unknown, { caseId, scopeStatement }: { caseId: string; scopeStatement: string }, { caller, db, clock, loaders }: Ctx) => {
        if (!caseId.trim()) throw badInput('caseId', 'must not be empty');
        // Who the case belongs to comes from the cases subgraph's signed statement, never from the caller.
        const scope = await services.scope.verify(scopeStatement, { caseId, now: clock.now() }, 'scopeStatement');
        const relations = relationsTo(caller, caseScopeOf(scope));
        if (!relations.length) throw notFound('case', caseId);
        if (!relations.includes('HANDLING_AGENCY') || !caller.roles.includes('CASE_OFFICER')) {
          throw forbidden("only case officers of the case's handling agency open its dossier");
        }
        const now = clock.now();
        const created = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(dossiers)
            .values({ id: randomUUID(), caseId, ...scopeColumns(scope), version: 1, createdBy: caller.sub, createdAt: now })
            .onConflictDoNothing({ target: dossiers.caseId })
            .returning();
          if (row) {
            const [opened] = await tx
              .insert(dossierVersions)
              .values({ dossierId: row.id, version: 1, change: 'OPENED', createdBy: caller.sub, createdByAgencyId: caller.agencyId, createdAt: now })
              .returning();
            await appendToChain(tx, row.id, [versionEntry(opened!, null)]);
          }
          return row;
        });
        if (created) return annotateDossier(caller, created);
        // Already open: the same dossier, its scope brought up to the statement if that is newer.
        return (await loaders.dossierInScope.load({ caseId, statement: scopeStatement, field: 'scopeStatement' })) ?? Promise.reject(notFound('dossier of case', caseId));
      },
      withdrawDocument: async (_: unknown, { id, reason }: { id: string; reason: string }, { caller, db, clock, loaders }: Ctx) => {
        const doc = await loaders.document.load(id);
        if (!doc) throw notFound('document', id);
        const dossier = await visibleDossier(loaders, doc.dossierId);
        return withdrawDocument(db, caller, clock.now(), dossier, doc, reason);
      },
      sealTransferPackage: async (_: unknown, { dossierId }: { dossierId: string }, { caller, db, clock, loaders }: Ctx) =>
        sealTransferPackage(db, { caller, at: clock.now(), signer: services.signer, materials: services.materials }, await visibleDossier(loaders, dossierId)),
      handOverDocuments: (_: unknown, { input }: { input: unknown }, { caller, db, clock, loaders }: Ctx) =>
        handOverDocuments(db, { caller, at: clock.now(), loaders }, input),
      acknowledgeHandover: (_: unknown, { id }: { id: string }, { caller, db, clock, loaders }: Ctx) =>
        acknowledgeHandover(db, { caller, at: clock.now(), loaders, signer: services.signer }, id),
    },
    Dossier: {
      __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.dossier.load(ref.id),
      case: (d: DossierRow) => ({ __typename: 'Case', id: d.caseId }),
      sealed: (d: DossierRow) => d.juvenile,
      documents: async (d: DossierRow, _: unknown, { loaders }: Ctx) =>
        (await loaders.documentsByDossier.load(d.id)).map((doc) => inheritAccess({ ...doc }, d)),
      documentStatement: async (d: DossierRow, _: unknown, { loaders, clock }: Ctx) =>
        documentStatement(services.signer, d, await loaders.documentsByDossier.load(d.id), clock.now()),
      requiredMaterials: (d: DossierRow) => requiredFor(services.materials, d.sector),
      missingMaterials: async (d: DossierRow, _: unknown, { loaders }: Ctx) =>
        missingKinds(requiredFor(services.materials, d.sector), await loaders.currentKinds.load(d.id)),
      versions: (d: DossierRow, args: ConnectionArgs, { db }: Ctx) =>
        keysetPage(
          args,
          { column: dossierVersions.version, id: dossierVersions.version, descending: true, keyType: 'int' },
          (v: typeof dossierVersions.$inferSelect) => [v.version, v.version],
          async (beyond, orderBy, limit) =>
            (await db.select().from(dossierVersions).where(and(eq(dossierVersions.dossierId, d.id), beyond)).orderBy(...orderBy).limit(limit)).map((v) => inheritAccess(v, d)),
          async () => (await db.select({ n: count() }).from(dossierVersions).where(eq(dossierVersions.dossierId, d.id)))[0]!.n,
        ),
      versionAt: async (d: DossierRow, { number }: { number: number }, { db }: Ctx) => {
        const [row] = await db
          .select()
          .from(dossierVersions)
          .where(and(eq(dossierVersions.dossierId, d.id), eq(dossierVersions.version, number)));
        return row ? inheritAccess(row, d) : null;
      },
      seals: async (d: DossierRow, _: unknown, { loaders }: Ctx) => (await loaders.sealsByDossier.load(d.id)).map((s) => inheritAccess({ ...s }, d)),
      handovers: async (d: DossierRow, _: unknown, { loaders }: Ctx) =>
        (await loaders.handoversByDossier.load(d.id)).map((h) => inheritAccess({ ...h }, d)),
      handlingAgency: (d: DossierRow) => agencyRef(d.handlingAgencyId),
      receivingAgency: (d: DossierRow) => agencyRef(d.receivingAgencyId),
      accessRecords: (d: DossierRow, args: ConnectionArgs, { caller, db }: Ctx) =>
        accessRecordsPage(caller, db as Database, d, d.caseId, args),
    },
    Document: {
      __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.document.load(ref.id),
      dossier: (doc: DocumentRow, _: unknown, { loaders }: Ctx) => loaders.dossier.load(doc.dossierId),
      withheld: (doc: Listed<DocumentRow>) => Boolean(doc.withheld),
      contentPath: (doc: Listed<DocumentRow>) => (doc.withheld ? null : contentPath(doc.id)),
      addedInVersion: (doc: Listed<DocumentRow>) => (doc.withheld ? null : doc.addedInVersion),
      removedInVersion: (doc: Listed<DocumentRow>) => (doc.withheld ? null : doc.removedInVersion),
      sizeBytes: (doc: DocumentRow) => doc.size,
      createdByOfficer: (doc: DocumentRow) => officerRef(doc.createdBy),
      createdByAgency: (doc: DocumentRow) => agencyRef(doc.createdByAgencyId),
      replaces: (doc: DocumentRow, _: unknown, { loaders }: Ctx) => (doc.replacesId ? loaders.document.load(doc.replacesId) : null),
      replacedBy: (doc: DocumentRow, _: unknown, { loaders }: Ctx) => (doc.replacedById ? loaders.document.load(doc.replacedById) : null),
      withdrawal: (doc: DocumentRow) =>
        doc.withdrawnAt
          ? inheritAccess(
              { at: doc.withdrawnAt, withdrawnAt: doc.withdrawnAt, by: doc.withdrawnBy, withdrawnBy: officerRef(doc.withdrawnBy), reason: doc.withdrawalReason },
              doc,
            )
          : null,
    },
    DossierVersion: {
      number: (v: VersionRow) => v.version,
      createdByOfficer: (v: VersionRow) => officerRef(v.createdBy),
      document: (v: VersionRow, _: unknown, { loaders }: Ctx) => (v.documentId ? loaders.document.load(v.documentId) : null),
      documents: async (v: VersionRow, _: unknown, { loaders }: Ctx) =>
        (await loaders.documentsAtVersion.load(`${v.dossierId}@${v.version}`)).map((doc) => inheritAccess({ ...doc }, v)),
    },
    TransferSeal: {
      documents: (s: SealRow) => s.documents,
      sealedByOfficer: (s: SealRow) => officerRef(s.sealedBy),
      withheldDocuments: (s: SealRow) => sealedPayload(s.jws).withheldDocuments ?? 0,
    },
    Handover: {
      dossier: (h: HandoverRow, _: unknown, { loaders }: Ctx) => loaders.dossier.load(h.dossierId),
      fromAgency: (h: HandoverRow) => agencyRef(h.fromAgencyId),
      toAgency: (h: HandoverRow) => agencyRef(h.toAgencyId),
      handedOverByOfficer: (h: HandoverRow) => officerRef(h.handedOverBy),
      acknowledgedByOfficer: (h: HandoverRow) => officerRef(h.acknowledgedBy),
      documents: async (h: HandoverRow, _: unknown, { loaders }: Ctx) => (await loaders.handoverDocuments.load(h.id)).map((d) => inheritAccess({ ...d }, h)),
      // The receipt names every document's kind and hash: not shown to a caller from whom one is withheld.
      receipt: async (h: HandoverRow, _: unknown, { loaders }: Ctx) =>
        (await loaders.handoverDocuments.load(h.id)).some((d) => d.withheld) ? null : h.receipt,
      verify: async (h: HandoverRow, _: unknown, { db, loaders, clock, log }: Ctx) => {
        const handed = await loaders.handoverDocuments.load(h.id);
        const checks = await verifyHandover(db, services.blobs, handed);
        const failed = checks.filter((c) => c.status !== 'INTACT');
        if (failed.length) log.error({ handoverId: h.id, failed }, 'handed-over documents failed their integrity check');
        const withheld = new Set(handed.filter((d) => d.withheld).map((d) => d.documentId));
        const shown = checks.map((c) =>
          withheld.has(c.documentId) ? { ...c, recordedSha256: null, recordedSize: null, actualSha256: null, actualSize: null } : c,
        );
        return inheritAccess({ intact: !failed.length, checkedAt: clock.now(), documents: shown.map((c) => documentCheck(c as DocumentCheck, h)) }, h);
      },
    },
    HandedOverDocument: {
      document: (d: HandoverDocumentRow, _: unknown, { loaders }: Ctx) => loaders.document.load(d.documentId),
      withheld: (d: Listed<HandoverDocumentRow>) => Boolean(d.withheld),
      kind: (d: Listed<HandoverDocumentRow>) => (d.withheld ? null : d.kind),
      sha256: (d: Listed<HandoverDocumentRow>) => (d.withheld ? null : d.sha256),
      size: (d: Listed<HandoverDocumentRow>) => (d.withheld ? null : d.size),
      sizeBytes: (d: Listed<HandoverDocumentRow>) => (d.withheld ? null : d.size),
    },
    DocumentCheck: {
      document: (c: DocumentCheck, _: unknown, { loaders }: Ctx) => loaders.document.load(c.documentId),
      recordedSizeBytes: (c: DocumentCheck) => c.recordedSize ?? null,
      actualSizeBytes: (c: DocumentCheck) => c.actualSize ?? null,
    },
    Case: {
      __resolveReference: (ref: { id: string; scopeStatement?: string | null }) => ref,
      // The gateway brings the case's current scope statement (@requires): no statement, no dossier.
      dossier: ({ id, scopeStatement }: { id: string; scopeStatement?: string | null }, _: unknown, { loaders }: Ctx) =>
        scopeStatement ? loaders.dossierInScope.load({ caseId: id, statement: scopeStatement, field: 'Case.scopeStatement' }) : null,
    },
  };
}
