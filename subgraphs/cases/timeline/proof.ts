import { and, asc, eq, lte } from 'drizzle-orm';
import type { JWK } from 'jose';
import { checkpointDigest, listCheckpoints, readCheckpoint, readLeaves, verifyCheckpointSignature, type CheckpointFile, type Leaf } from '../../kit/checkpoint';
import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import type { Database } from '../../kit/db';
import { inclusionPath, leafHash, verifyInclusion } from '../../kit/merkle';
import { caseEvents, cases, parties, type CasesTables } from '../db/schema';
import { isDigestAlgorithm } from '../../kit/digests';
import { eventHash, GENESIS_HASH } from './hash';
import { caseRecordDigest, type CaseRecord, type PartyRecord } from './leaves';
import { keyringOf, openParties } from '../personalData';

/**
 * A case's proof of inclusion: its events as of a signed checkpoint, the record it was opened with,
 * and the RFC 6962 audit path from its leaf to the checkpoint's root. `verifyInclusionProof` needs
 * nothing else (no database): the events hash into the leaf's head, the leaf's path leads to the
 * signed root, and the signature is checked with the public key the verifier trusts.
 */
export interface InclusionProof {
  v: 1;
  kind: 'caselink-inclusion-proof';
  checkpoint: CheckpointFile;
  /** The tree's digest, as its signed checkpoint names it (absent from proofs made before: SHA-256). */
  digest?: DigestAlgorithm;
  leaf: { index: number; line: string };
  path: string[];
  /** The record the case was opened with (parties included); absent from proofs served by the graph. */
  record?: CaseRecord & { parties: PartyRecord[] };
  events: (Omit<typeof caseEvents.$inferSelect, 'at'> & { at: string })[];
}

/** Builds the proof of a case against the latest checkpoint in `dir` (or the given one). */
export async function buildInclusionProof(db: Database<CasesTables>, caseId: string, dir: string, seq?: number, { withRecord = true } = {}): Promise<InclusionProof> {
  const files = listCheckpoints(dir);
  const chosen = seq === undefined ? files[files.length - 1] : files.find((f) => f.seq === seq);
  if (!chosen) throw new Error(seq === undefined ? `no checkpoint in ${dir}` : `no checkpoint ${seq} in ${dir}`);
  const checkpoint = readCheckpoint(chosen.file);
  const alg = checkpointDigest(checkpoint.payload);
  const hashes = Buffer.alloc(checkpoint.payload.size * 32);
  let index = -1;
  let found: { line: string; leaf: Leaf } | null = null;
  let i = 0;
  for await (const l of readLeaves(dir, checkpoint.payload)) {
    leafHash(l.line, alg).copy(hashes, i * 32);
    if (l.leaf.k === 'case' && l.leaf.id === caseId) (index = i), (found = l);
    i++;
  }
  if (!found) throw new Error(`case ${caseId} is not in checkpoint ${checkpoint.payload.seq} (opened after it?)`);
  const leaves = Array.from({ length: i }, (_, j) => hashes.subarray(j * 32, j * 32 + 32));
  const path = inclusionPath(leaves, index, alg).map((b) => b.toString('hex'));
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw new Error(`case ${caseId} is in checkpoint ${checkpoint.payload.seq} but not in the database`);
  const ps = await openParties(await keyringOf(db), await db.select().from(parties).where(eq(parties.caseId, caseId)).orderBy(asc(parties.position)));
  const events = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), lte(caseEvents.seq, found.leaf.n)))
    .orderBy(asc(caseEvents.seq));
  return {
    v: 1,
    kind: 'caselink-inclusion-proof',
    checkpoint,
    digest: alg,
    leaf: { index, line: found.line },
    path,
    record: withRecord ? {
      number: c.number,
      title: c.title,
      sector: c.sector,
      handlingAgencyId: c.handlingAgencyId,
      divisionCode: c.divisionCode,
      facts: c.facts,
      amountInvolved: c.amountInvolved,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
      parties: ps.map((p) => ({ id: p.id, position: p.position, kind: p.kind, name: p.name, idNumber: p.idNumber, creditCode: p.creditCode, phone: p.phone, address: p.address, juvenile: p.juvenile })),
    } : undefined,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

/** Checks a proof offline; throws with the reason when it does not hold. */
export async function verifyInclusionProof(
  proof: InclusionProof,
  trusted: JWK | null,
): Promise<{ caseId: string; number: string; events: number; seq: number; root: string; at: string; kid: string | undefined; record: boolean }> {
  if (proof.kind !== 'caselink-inclusion-proof' || proof.v !== 1) throw new Error('not a caselink inclusion proof');
  const payload = await verifyCheckpointSignature(proof.checkpoint, trusted ?? proof.checkpoint.publicJwk);
  const leaf = JSON.parse(proof.leaf.line) as Leaf;
  if (leaf.k !== 'case') throw new Error('the proof’s leaf is not a case');
  const alg = checkpointDigest(payload);
  if ((proof.digest ?? 'SHA-256') !== alg) throw new Error(`the proof names ${proof.digest} but its checkpoint ${alg}`);
  const ok = verifyInclusion(leafHash(proof.leaf.line, alg), proof.leaf.index, payload.size, proof.path.map((h) => Buffer.from(h, 'hex')), Buffer.from(payload.root, 'hex'), alg);
  if (!ok) throw new Error(`the leaf’s path does not lead to the root of checkpoint ${payload.seq}`);
  let prev = GENESIS_HASH;
  for (const [i, raw] of proof.events.entries()) {
    const e = { ...raw, at: new Date(raw.at) };
    if (e.caseId !== leaf.id || e.seq !== i + 1) throw new Error(`event ${i + 1} is not event ${i + 1} of case ${leaf.id}`);
    if (e.prevHash !== prev) throw new Error(`event ${e.seq} does not follow the event before it`);
    if (!isDigestAlgorithm(e.hashAlg)) throw new Error(`event ${e.seq} names an unknown digest algorithm`);
    if (eventHash(e) !== e.hash) throw new Error(`event ${e.seq} has been changed (its content no longer matches its hash)`);
    prev = e.hash;
  }
  if (proof.events.length !== leaf.n || prev !== (leaf.n ? leaf.h : GENESIS_HASH)) {
    throw new Error(`the events (${proof.events.length}) do not end in the checkpointed head (${leaf.n} events)`);
  }
  const base = { caseId: leaf.id, number: leaf.l ?? leaf.id, events: leaf.n, seq: payload.seq, root: payload.root, at: payload.at, kid: trusted?.kid };
  if (!proof.record) return { ...base, record: false };
  const { parties: ps, ...record } = proof.record;
  if (caseRecordDigest({ ...record, createdAt: new Date(record.createdAt) }, ps, alg) !== leaf.r) throw new Error('the case’s record differs from the one checkpointed');
  return { ...base, number: record.number, record: true };
}
