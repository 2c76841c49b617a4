import { canonicalJson, GENESIS_HASH, sha256Hex } from '../../kit/canonicalJson';
import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import { digestHex } from '../../kit/digests';

/**
 * The hash chain of a case's timeline: each event's hash is the digest named by its `hashAlg`
 * (SHA-256 or SM3, the profile's when it was written) over the canonical JSON of the event (every
 * stored column but the hash and its algorithm, including the previous event's hash), so changing,
 * removing or reordering any stored event, or naming another algorithm, breaks every hash after it.
 */
export { canonicalJson, GENESIS_HASH, sha256Hex };
/** Bump when the hashed shape changes; stored events keep the version they were hashed with. */
export const HASH_VERSION = 1;

/** The fields of a stored event that its hash covers. */
export interface HashedEvent {
  id: string;
  caseId: string;
  seq: number;
  action: string;
  fromStage: string | null;
  toStage: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string;
  actorAgencyId: string | null;
  actorRoles: string[];
  at: Date;
  reasons: string | null;
  documents: unknown[];
  sealSha256: string | null;
  data: Record<string, unknown>;
  idempotencyKey: string | null;
  requestHash: string | null;
  prevHash: string;
  hashAlg: DigestAlgorithm;
}

export function eventHash(e: HashedEvent): string {
  return digestHex(
    e.hashAlg,
    canonicalJson({
      v: HASH_VERSION,
      id: e.id,
      caseId: e.caseId,
      seq: e.seq,
      action: e.action,
      fromStage: e.fromStage,
      toStage: e.toStage,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorId: e.actorId,
      actorAgencyId: e.actorAgencyId,
      actorRoles: e.actorRoles,
      at: e.at.toISOString(),
      reasons: e.reasons,
      documents: e.documents,
      sealSha256: e.sealSha256,
      data: e.data,
      idempotencyKey: e.idempotencyKey,
      requestHash: e.requestHash,
      prevHash: e.prevHash,
    }),
  );
}
