import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, type JWK } from 'jose';
import { generateSigningKey, signingKeyFromJwk, signingKeyFromPem, type SigningKey } from '../../gateway/keys';
import type { DocumentKind } from '../../schema/vocabulary';

/**
 * The dossiers subgraph's own signing key: it signs transfer-package seals and handover receipts,
 * the signed statements other subgraphs verify instead of calling this one (architecture.md, "No
 * subgraph calls another"). Its public half is served as JWKS at the subgraph's
 * `/.well-known/jwks.json`.
 */
export const SEAL_ALG = 'ES256';

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
  /** Compact JWS (ES256) over the JSON of `payload`, with the key's `kid` (and `typ`, when given) in the protected header. */
  sign(payload: SealPayload | HandoverReceiptPayload | DocumentStatementPayload, typ?: string): Promise<string>;
  /** The public key set verifiers use. */
  jwks(): Promise<{ keys: JWK[] }>;
}

/** A signer over a key resolved on first use (so merely loading the subgraph module creates no key file). */
export function createSigner(resolveKey: () => Promise<SigningKey>): Signer {
  let key: Promise<SigningKey> | null = null;
  const get = () => (key ??= resolveKey());
  return {
    async sign(payload, typ) {
      const { privateKey, kid } = await get();
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader(typ ? { alg: SEAL_ALG, kid, typ } : { alg: SEAL_ALG, kid })
        .sign(privateKey);
    },
    async jwks() {
      return { keys: [(await get()).publicJwk] };
    },
  };
}

/** The configured key (PEM PKCS#8), or the demo key kept in `keysDir/dossiers-seal.private.jwk.json` (created on first use). */
export async function loadSealKey(options: { pem: string | null; keysDir: string }): Promise<SigningKey> {
  if (options.pem) return signingKeyFromPem(options.pem);
  const file = join(options.keysDir, 'dossiers-seal.private.jwk.json');
  if (existsSync(file)) return signingKeyFromJwk(JSON.parse(readFileSync(file, 'utf8')));
  mkdirSync(options.keysDir, { recursive: true });
  const { key, privateJwk } = await generateSigningKey();
  writeFileSync(file, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
  return key;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
