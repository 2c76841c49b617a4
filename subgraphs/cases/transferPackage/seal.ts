import type { JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../schema/vocabulary';
import { badInput, conflict } from '../../kit/errors';
import { verifySignedStatement } from '../../kit/signedStatement';
import { sha256Hex } from '../timeline/hash';

/**
 * The transfer package seal: a compact JWS (ES256) the dossiers subgraph signs over a dossier
 * version and its documents' hashes. The case cannot leave APPROVED without one that verifies with
 * the dossiers subgraph's key, names this case, and lists every required material (Decree 310
 * art. 6). Its SHA-256 goes into the timeline, so what was sent can be proved later.
 */
export const SEAL_ALG = 'ES256';

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

export async function verifySeal(seal: string, keys: JWTVerifyGetKey, expected: { caseId: string; now: Date }, field = 'input.seal'): Promise<VerifiedSeal> {
  const payload = await verifySignedStatement(seal.trim(), keys, {
    schema: sealPayload,
    field,
    alg: SEAL_ALG,
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
