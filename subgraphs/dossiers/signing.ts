import { createHash } from 'node:crypto';
import type { SignatureAlgorithm } from '../kit/cryptoProfile';
import { asKeyRing, loadDemoKeyRing, parseSigningKey, signJws, singleKeyRing, withPreviousKeys, type JWK, type KeyRing, type SigningKey } from '../kit/jws';
import type { DocumentKind } from '../../schema/vocabulary';

/**
 * The dossiers subgraph's own signing key: it signs transfer-package seals and handover receipts,
 * the signed statements other subgraphs verify instead of calling this one (architecture.md, "No
 * subgraph calls another"). Its public half is served as JWKS at the subgraph's
 * `/.well-known/jwks.json`. It signs with the crypto profile's algorithm (ES256 or SM2SM3); the
 * JWKS keeps publishing the key of the other algorithm, when there is one, so earlier seals verify.
 */

/** The payload of a transfer-package seal, exactly these fields (the cases subgraph verifies this shape; it ignores withheldDocuments). */
export interface SealPayload {
  caseId: string;
  dossierId: string;
  dossierVersion: number;
  /** The version's documents but investigation details (C4), which the sealing agency may not see. */
  documents: { id: string; kind: DocumentKind; sha256: string }[];
  /** How many C4 documents the version also holds (named nowhere in the seal). */
  withheldDocuments: number;
  /** ISO 8601, UTC. */
  sealedAt: string;
}

/** The payload of a handover receipt, signed when the receiving side acknowledges. */
export interface HandoverReceiptPayload {
  handoverId: string;
  caseId: string;
  dossierId: string;
  dossierVersion: number;
  fromAgencyId: string;
  toAgencyId: string;
  handedOverBy: string;
  handedOverAt: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  documents: { id: string; kind: DocumentKind; sha256: string; size: number }[];
}

/** The payload of a dossier's document statement (documentStatement.ts). */
export interface DocumentStatementPayload {
  dossierId: string;
  caseId: string;
  /** The dossier version the documents are current in. */
  version: number;
  documents: { id: string; kind: DocumentKind; sha256: string }[];
  /** ISO 8601, UTC. */
  issuedAt: string;
  expiresAt: string;
}

export interface Signer {
  /** Compact JWS (the key's algorithm) over the JSON of `payload`, with the key's `kid` (and `typ`, when given) in the protected header. */
  sign(payload: SealPayload | HandoverReceiptPayload | DocumentStatementPayload, typ?: string): Promise<string>;
  /** The public key set verifiers use. */
  jwks(): Promise<{ keys: JWK[] }>;
}

/** A signer over a key resolved on first use (so merely loading the subgraph module creates no key file). */
export function createSigner(resolveKey: () => Promise<SigningKey | KeyRing>): Signer {
  let ring: Promise<KeyRing> | null = null;
  const get = () => (ring ??= resolveKey().then(asKeyRing));
  return {
    async sign(payload, typ) {
      return signJws((await get()).key, JSON.stringify(payload), typ);
    },
    async jwks() {
      return (await get()).jwks;
    },
  };
}

/** The configured key (DOSSIERS_SEAL_KEY), or the demo keys kept in `keysDir/dossiers-seal[.sm2].private.jwk.json` (created on first use). */
export async function loadSealKey(options: { pem: string | null; previous?: JWK[]; keysDir: string; alg: SignatureAlgorithm }): Promise<KeyRing> {
  const ring = options.pem ? singleKeyRing(parseSigningKey(options.pem, 'DOSSIERS_SEAL_KEY', options.alg)) : loadDemoKeyRing(options.keysDir, 'dossiers-seal', options.alg);
  return withPreviousKeys(ring, options.previous ?? []);
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
