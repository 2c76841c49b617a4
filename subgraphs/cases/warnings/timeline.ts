import { canonicalJson, GENESIS_HASH } from '../timeline/hash';
import { digestHex, isDigestAlgorithm } from '../../kit/digests';
import type { WarningEventRow } from './tables';

/**
 * A warning's own timeline is hash-chained like a case's (timeline/hash.ts, decision 31): each event
 * hashes the canonical JSON of all its columns but the hash, the previous hash included; the
 * warning row keeps the head (length and last hash) in the same transaction. The digest is the one
 * each event names (`hashAlg`, the profile's when it was written).
 */
export const WARNING_HASH_VERSION = 1;

export function warningEventHash(e: Omit<WarningEventRow, 'hash'>): string {
  return digestHex(
    e.hashAlg,
    canonicalJson({
      v: WARNING_HASH_VERSION,
      kind: 'warning',
      id: e.id,
      warningId: e.warningId,
      seq: e.seq,
      action: e.action,
      level: e.level,
      step: e.step,
      actorId: e.actorId,
      actorAgencyId: e.actorAgencyId,
      at: e.at.toISOString(),
      note: e.note,
      documents: e.documents,
      data: e.data,
      prevHash: e.prevHash,
    }),
  );
}

/** Checks a warning's events in order against its head; the first broken seq, or null. */
export function verifyWarningChain(events: WarningEventRow[], head: { timelineLength: number; timelineHead: string }): number | null {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev || !isDigestAlgorithm(e.hashAlg) || warningEventHash(e) !== e.hash) return i + 1;
    prev = e.hash;
  }
  if (events.length !== head.timelineLength || prev !== head.timelineHead) return events.length + 1;
  return null;
}

export { GENESIS_HASH };
