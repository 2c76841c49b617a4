import { createHash } from 'node:crypto';

/**
 * The hash chain of a case's timeline: each event's hash is SHA-256 over the canonical JSON of
 * the event (every stored column but the hash itself, including the previous event's hash), so
 * changing, removing or reordering any stored event breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64);
/** Bump when the hashed shape changes; stored events keep the version they were hashed with. */
export const HASH_VERSION = 1;

/** JSON with object keys sorted at every level and no whitespace; `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

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
}

export function eventHash(e: HashedEvent): string {
  return sha256Hex(
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
