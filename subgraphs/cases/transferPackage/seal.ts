import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../schema/vocabulary';
import { badInput, conflict } from '../../kit/errors';
import { refusal, refuseInput } from '../messages';
import type { DocumentStatement } from '../workflow/documentStatement';
import type { KeySet } from '../../kit/jws';
import { verifySignedStatement } from '../../kit/signedStatement';
import { sha256Hex } from '../timeline/hash';

/**
 * The transfer package seal: a compact JWS (ES256 or SM2SM3, its header says) the dossiers subgraph signs over a dossier
 * version and its documents' hashes. The case cannot leave APPROVED without one that verifies with
 * the dossiers subgraph's key, names this case, and lists every required material (Decree 310
 * art. 6). Its SHA-256 goes into the timeline, so what was sent can be proved later.
 */
/** The transfer package (Decree 310 art. 6): transfer letter, investigation report, list of seized items, inspection report. */
export const REQUIRED_MATERIALS = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'] as const satisfies readonly DocumentKind[];

/** A seal may not be dated later than this after our clock (clock skew between services). */
const MAX_SKEW_MS = 5 * 60_000;

export const sealPayload = z.object({
  caseId: z.string().min(1),
  dossierId: z.string().min(1),
  dossierVersion: z.number().int().nonnegative(),
  documents: z.array(z.object({ id: z.string().min(1), kind: z.enum(DOCUMENT_KINDS), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  sealedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp'),
});
export type SealPayload = z.infer<typeof sealPayload>;

export interface VerifiedSeal {
  payload: SealPayload;
  /** Hex SHA-256 of the compact JWS as given. */
  sha256: string;
}

export async function verifySeal(seal: string, keys: KeySet, expected: { caseId: string; now: Date }, field = 'input.seal'): Promise<VerifiedSeal> {
  const payload = await verifySignedStatement(seal.trim(), keys, {
    schema: sealPayload,
    field,
    notVerified: 'does not verify with the dossiers subgraph’s key: pass the seal sealTransferPackage returned, unchanged',
  });
  if (payload.caseId !== expected.caseId) throw badInput(field, `seals the package of case ${payload.caseId}, not of this case`);
  if (Date.parse(payload.sealedAt) > expected.now.getTime() + MAX_SKEW_MS) throw badInput(field, `is dated in the future (${payload.sealedAt})`);
  const kinds = new Set(payload.documents.map((d) => d.kind));
  const missing = REQUIRED_MATERIALS.filter((k) => !kinds.has(k));
  if (missing.length) {
    throw conflict(`the transfer package is incomplete: the dossier lacks ${missing.join(', ')} (Decree 310 art. 6); add them to the dossier and seal it again`, {
      missingMaterials: missing,
    });
  }
  return { payload, sha256: sha256Hex(seal.trim()) };
}

/**
 * The transfer package rule (Decree 310 art. 6) against the dossier as it is now (its document
 * statement), not only as it was sealed: the statement is of the sealed dossier, every required
 * material is still current in it, and so is every sealed document. A document withdrawn or
 * replaced after sealing means the package would be sent without it: seal again.
 */
export function checkPackageInDossier(seal: VerifiedSeal, statement: DocumentStatement): void {
  const { payload } = seal;
  if (statement.dossierId !== payload.dossierId) {
    throw refuseInput('input.documentStatement', `案卷文书声明属于卷宗${statement.dossierId}，而移送材料封签属于卷宗${payload.dossierId}`, `is about dossier ${statement.dossierId}, the seal about dossier ${payload.dossierId}`);
  }
  const kinds = new Set(statement.documents.map((d) => d.kind));
  const missing = REQUIRED_MATERIALS.filter((k) => !kinds.has(k));
  if (missing.length) {
    throw refusal(
      'CONFLICT',
      `移送材料不全：卷宗当前版本（第${statement.version}版）缺少${missing.join('、')}（《行政执法机关移送涉嫌犯罪案件的规定》第六条）；请补齐后重新封签`,
      `the transfer package is incomplete: the dossier's current version (${statement.version}) lacks ${missing.join(', ')} (Decree 310 art. 6); add them to the dossier and seal it again`,
      { missingMaterials: missing, dossierVersion: statement.version },
    );
  }
  const current = new Set(statement.documents.map((d) => `${d.id}\u0000${d.sha256}`));
  const gone = payload.documents.filter((d) => !current.has(`${d.id}\u0000${d.sha256}`)).map((d) => d.id);
  if (gone.length) {
    throw refusal(
      'CONFLICT',
      `移送材料封签后卷宗已变更：封签中的文书${gone.join('、')}已不在卷宗当前版本（第${statement.version}版）中；请重新封签`,
      `the dossier changed after sealing: sealed documents ${gone.join(', ')} are no longer current (version ${statement.version}); seal the package again`,
      { withdrawnDocuments: gone, sealedVersion: payload.dossierVersion, dossierVersion: statement.version },
    );
  }
}
