import type { DocumentRow, DossierRow } from './loaders';
import type { DocumentStatementPayload, Signer } from './signing';

/**
 * The dossier's document statement: a compact JWS, signed with this subgraph's key, listing the
 * current documents of a dossier version (id, kind, SHA-256) that the caller may see. A caller
 * passes it with a workflow step that names documents, and the cases subgraph verifies that each
 * named document is in the case's dossier (architecture.md, "No subgraph calls another").
 */
export const DOCUMENTS_TYP = 'caselink-dossier-documents+jws';
/** Short-lived: it is read just before the step that uses it. */
export const DOCUMENT_STATEMENT_TTL_MS = 15 * 60_000;

/** `documents` are the dossier's current documents as listed for the caller; withheld ones (C4 for the handling agency) are left out. */
export function documentStatement(signer: Signer, dossier: DossierRow, documents: (DocumentRow & { withheld?: boolean })[], now: Date): Promise<string> {
  const payload: DocumentStatementPayload = {
    dossierId: dossier.id,
    caseId: dossier.caseId,
    version: dossier.version,
    documents: documents.filter((d) => !d.withheld && d.removedInVersion == null).map((d) => ({ id: d.id, kind: d.kind, sha256: d.sha256 })),
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + DOCUMENT_STATEMENT_TTL_MS).toISOString(),
  };
  return signer.sign(payload, DOCUMENTS_TYP);
}
