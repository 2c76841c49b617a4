import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database } from '../kit/db';
import type { Clock } from '../kit/clock';
import { cases as demoCases, dossiers as demoDossiers } from '../../demo/cases';
import { officers as demoOfficers } from '../../demo/province';
import { documents, dossiers, dossierVersions, handoverDocuments, handovers, seals, type DossiersTables } from './db/schema';
import { DEFAULT_REQUIRED_MATERIALS } from './materials';
import type { DossierServices } from './services';
import { activeDigest, digestHex } from '../kit/digests';
import { sha256Hex, type HandoverReceiptPayload, type SealPayload } from './signing';
import { chainRecordedDossiers } from './chain/records';

/**
 * The text each demo document's SHA-256 was computed from (demo/cases.ts): stored as the document's
 * content, so demo documents download and verify like uploaded ones. Their recorded size is that of
 * this text (the demo's nominal sizes describe no stored bytes).
 */
const demoContent = (c: (typeof demoCases)[number], kind: string, title: string) => `${c.number}\n${kind}\n${title}\n${c.facts}`;

const HOUR = 3_600_000;

/** Who did it in the demo: the agency's first case officer (else its first officer), a real Officer the graph resolves. */
function officerOf(agencyId: string): string {
  const staff = demoOfficers.filter((o) => o.agencyId === agencyId);
  const officer = staff.find((o) => o.roles.includes('CASE_OFFICER')) ?? staff[0];
  if (!officer) throw new Error(`demo agency ${agencyId} has no officer`);
  return officer.id;
}

/**
 * Loads the demo dossiers into an empty dossiers database: versions, stored content, and for every
 * case already sent to the police, the sealed transfer package (the version holding the four
 * materials) and its handover, acknowledged by the police unit with a signed receipt.
 */
export async function seed(db: Database<DossiersTables>, _clock: Clock, services?: Pick<DossierServices, 'blobs' | 'signer'>): Promise<void> {
  const blobs = services?.blobs;
  const existing = await db.select({ id: dossiers.id }).from(dossiers).limit(1);
  if (existing.length) return;
  const byId = new Map(demoCases.map((c) => [c.id, c]));
  const docs: (typeof documents.$inferInsert)[] = [];
  const versions: (typeof dossierVersions.$inferInsert)[] = [];
  for (const d of demoDossiers) {
    const c = byId.get(d.caseId)!;
    const at = new Date(c.createdAt);
    versions.push({ dossierId: d.id, version: 1, change: 'OPENED', createdBy: officerOf(c.handlingAgencyId), createdByAgencyId: c.handlingAgencyId, createdAt: at });
    for (const [j, doc] of d.documents.entries()) {
      const content = Buffer.from(demoContent(c, doc.kind, doc.title), 'utf8');
      const stored = blobs && createHash('sha256').update(content).digest('hex') === doc.sha256 ? await blobs.put(Readable.from([content])) : null;
      docs.push({
        ...doc,
        sm3: stored && activeDigest() === 'SM3' ? digestHex('SM3', content) : null,
        size: stored?.size ?? doc.size,
        dossierId: d.id,
        mediaType: 'text/plain; charset=utf-8',
        addedInVersion: j + 2,
        createdBy: officerOf(c.handlingAgencyId),
        createdByAgencyId: c.handlingAgencyId,
        createdAt: at,
      });
      versions.push({ dossierId: d.id, version: j + 2, change: 'ADDED', documentId: doc.id, createdBy: officerOf(c.handlingAgencyId), createdByAgencyId: c.handlingAgencyId, createdAt: at });
    }
  }
  const sealRows: (typeof seals.$inferInsert)[] = [];
  const handoverRows: (typeof handovers.$inferInsert)[] = [];
  const handedRows: (typeof handoverDocuments.$inferInsert)[] = [];
  for (const d of services ? demoDossiers : []) {
    const c = byId.get(d.caseId)!;
    const packageDocs = docs.filter((x) => x.dossierId === d.id).slice(0, DEFAULT_REQUIRED_MATERIALS.length);
    const complete = DEFAULT_REQUIRED_MATERIALS.every((k, i) => packageDocs[i]?.kind === k);
    if (!c.receivingAgencyId || !complete) continue;
    const version = 1 + packageDocs.length;
    const at = new Date(c.createdAt).getTime();
    const payload: SealPayload = {
      caseId: c.id,
      dossierId: d.id,
      dossierVersion: version,
      documents: packageDocs.map((x) => ({ id: x.id!, kind: x.kind, sha256: x.sha256 })),
      withheldDocuments: 0,
      sealedAt: new Date(at + HOUR).toISOString(),
    };
    const jws = await services!.signer.sign(payload);
    sealRows.push({ id: `seal-${d.id}`, dossierId: d.id, caseId: c.id, dossierVersion: version, jws, jwsSha256: sha256Hex(jws), documents: payload.documents, sealedBy: officerOf(c.handlingAgencyId), sealedAt: new Date(at + HOUR) });
    const receipt: HandoverReceiptPayload = {
      handoverId: `ho-${d.id}`,
      caseId: c.id,
      dossierId: d.id,
      dossierVersion: version,
      fromAgencyId: c.handlingAgencyId,
      toAgencyId: c.receivingAgencyId,
      handedOverBy: officerOf(c.handlingAgencyId),
      handedOverAt: new Date(at + 2 * HOUR).toISOString(),
      acknowledgedBy: officerOf(c.receivingAgencyId),
      acknowledgedAt: new Date(at + 3 * HOUR).toISOString(),
      documents: packageDocs.map((x) => ({ id: x.id!, kind: x.kind, sha256: x.sha256, size: x.size })),
    };
    handoverRows.push({
      id: receipt.handoverId,
      dossierId: d.id,
      caseId: c.id,
      dossierVersion: version,
      fromAgencyId: receipt.fromAgencyId,
      toAgencyId: receipt.toAgencyId,
      handedOverBy: receipt.handedOverBy,
      handedOverAt: new Date(receipt.handedOverAt),
      note: '移送案件材料',
      acknowledgedBy: receipt.acknowledgedBy,
      acknowledgedAt: new Date(receipt.acknowledgedAt),
      receipt: await services!.signer.sign(receipt),
    });
    handedRows.push(...receipt.documents.map((x, position) => ({ handoverId: receipt.handoverId, position, documentId: x.id, kind: x.kind, sha256: x.sha256, size: x.size })));
  }
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
          sector: c.sector,
          juvenile: c.parties.some((p) => p.juvenile),
          version: 1 + d.documents.length,
          createdBy: officerOf(c.handlingAgencyId),
          createdAt: new Date(c.createdAt),
        };
      }),
    );
    if (docs.length) await tx.insert(documents).values(docs);
    await tx.insert(dossierVersions).values(versions);
    if (sealRows.length) await tx.insert(seals).values(sealRows);
    if (handoverRows.length) {
      await tx.insert(handovers).values(handoverRows);
      await tx.insert(handoverDocuments).values(handedRows);
    }
    // Each dossier's record chained as the rows were stored (chain/hash.ts).
    await chainRecordedDossiers(tx as unknown as Database, demoDossiers.map((d) => d.id));
  });
}
