import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../../schema/vocabulary';
import type { Caller } from '../../kit/caller';
import { isUniqueViolation } from '../../kit/db';
import { activeDigest } from '../../kit/digests';
import { appError, badInput, conflict, notFound } from '../../kit/errors';
import { idempotencyKey, parseInput } from '../../kit/validation';
import { BlobTooLarge } from '../blobs/types';
import { DOCUMENT_SENSITIVITIES, documents, dossierVersions } from '../db/schema';
import { addDocument, authorizeUpload } from '../documents';
import { createLoaders, type DocumentRow } from '../loaders';
import { contentPath } from './paths';
import type { FileRouteDeps } from './routes';

/** Upload parameters, from the query string (the body is the content itself). */
export const uploadParams = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  sensitivity: z.enum(DOCUMENT_SENSITIVITIES).default('C2'),
  /** Id of a current document this upload replaces (same kind, same agency). */
  replaces: z.string().trim().min(1).max(100).optional(),
  reason: z.string().trim().min(1).max(2000, 'must be at most 2000 characters').optional(),
});

/** type/subtype with optional parameters, no control characters (it is sent back as Content-Type). */
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;[\x20-\x7e]*)?$/;

export function mediaTypeOf(header: string | undefined): string {
  if (!header) return 'application/octet-stream';
  if (header.length > 200 || !MEDIA_TYPE.test(header)) throw appError('BAD_USER_INPUT', `content-type: not a media type: ${JSON.stringify(header.slice(0, 80))}`, { field: 'content-type' });
  return header.toLowerCase();
}

export const tooLarge = (limit: number) =>
  appError('BAD_USER_INPUT', `the document is larger than the limit of ${limit} bytes (DOSSIERS_MAX_UPLOAD_BYTES)`, {
    limit,
    http: { status: 413 },
  });

const emptyBody = () => appError('BAD_USER_INPUT', 'body: a document needs content; the body was empty', { field: 'body' });

/** The request header that makes an upload idempotent (IETF httpapi Idempotency-Key). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set to `true` on the answer to a replayed upload (HTTP 200, the first document). */
export const REPLAYED_HEADER = 'idempotency-replayed';
/** The unique index that holds one document per dossier, officer and key (db/schema.ts). */
const IDEMPOTENCY_INDEX = 'documents_idempotency_idx';

/**
 * The upload's Idempotency-Key, if sent: the workflow's rules (8 to 200 characters once trimmed),
 * and visible ASCII only, since a header's other bytes do not survive as the text a client meant.
 */
const headerKey = idempotencyKey.refine((k) => /^[\x21-\x7e]+$/.test(k), 'must be visible ASCII characters (a UUID is a good key)');

export function idempotencyKeyOf(req: Request): string | null {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  if (Array.isArray(raw)) throw badInput(IDEMPOTENCY_HEADER, 'send one key');
  return parseInput(headerKey, raw, IDEMPOTENCY_HEADER);
}

/** What an upload asked for, besides its bytes: a replay must ask for the same. */
interface UploadRequest {
  kind: string;
  title: string;
  sensitivity: string;
  mediaType: string;
  replacesId: string | null;
  reason: string | null;
}

/** The names of what differs between the first upload under a key and this one (empty: the same request). */
async function differences(db: FileRouteDeps['db'], first: DocumentRow, asked: UploadRequest, sha256: string | null): Promise<string[]> {
  const [version] = await db
    .select({ reason: dossierVersions.reason })
    .from(dossierVersions)
    .where(and(eq(dossierVersions.dossierId, first.dossierId), eq(dossierVersions.version, first.addedInVersion)));
  const recorded: UploadRequest = {
    kind: first.kind,
    title: first.title,
    sensitivity: first.sensitivity,
    mediaType: first.mediaType,
    replacesId: first.replacesId,
    reason: version?.reason ?? null,
  };
  const out: string[] = (Object.keys(asked) as (keyof UploadRequest)[]).filter((k) => recorded[k] !== asked[k]);
  if (sha256 !== null && sha256 !== first.sha256) out.unshift('content');
  return out;
}

const keyConflict = (key: string, differ: string[]) =>
  conflict(
    `Idempotency-Key ${JSON.stringify(key)} was already used for another upload to this dossier (different ${differ.join(', ')}); use a new key for a new document`,
    { idempotencyKey: key, differs: differ },
  );

/** The document this officer uploaded to this dossier under this key, if any. */
async function uploadedUnder(db: FileRouteDeps['db'], dossierId: string, caller: Caller, key: string): Promise<DocumentRow | null> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.dossierId, dossierId), eq(documents.createdBy, caller.sub), eq(documents.idempotencyKey, key)));
  return row ?? null;
}

/** Reads a body to its end only to hash and count it (a replay's bytes are not stored again). */
async function hashBody(source: Readable, maxBytes: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  // As the blob store does: the iterator does not destroy `source`, the handler still answers on it.
  for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BlobTooLarge(maxBytes);
    hash.update(chunk);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * POST /files/dossiers/:dossierId/documents?kind=…&title=…[&sensitivity=C3][&replaces=<id>&reason=…]
 * with the raw bytes as body, and optionally an `Idempotency-Key` header. Everything that can refuse
 * the upload is checked before the first byte is read; the bytes then stream into the blob store
 * (hashed and counted on the way, refused past the limit with 413 and nothing left behind) and the
 * document is added in a new version: 201.
 *
 * With a key, a retry by the same officer to the same dossier (same parameters, same bytes) adds
 * nothing and answers 200 with the first document and `Idempotency-Replayed: true`, even if the
 * document has since been replaced or withdrawn; the same key with other bytes or parameters is
 * CONFLICT (409) naming the key. Of concurrent identical uploads one adds the document, the others
 * get it as a replay (the unique index decides).
 */
export async function upload(caller: Caller, req: Request, res: Response, deps: FileRouteDeps): Promise<void> {
  const { db, clock, services } = deps;
  const params = parseInput(uploadParams, req.query, 'query');
  const mediaType = mediaTypeOf(req.header('content-type'));
  const key = idempotencyKeyOf(req);
  const limit = services.limits.maxUploadBytes;
  const declared = Number(req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (declared === 0) throw emptyBody();

  const loaders = createLoaders({ caller, db });
  const dossierId = String(req.params.dossierId);
  const dossier = await loaders.dossier.load(dossierId);
  if (!dossier) throw notFound('dossier', dossierId);
  const asked: UploadRequest = {
    kind: params.kind,
    title: params.title,
    sensitivity: params.sensitivity,
    mediaType,
    replacesId: params.replaces ?? null,
    reason: params.reason ?? null,
  };

  // A retry: the first upload was authorised (the replaced document may no longer be current since).
  const first = key ? await uploadedUnder(db, dossier.id, caller, key) : null;
  if (first) {
    const differ = await differences(db, first, asked, null);
    if (differ.length) throw keyConflict(key!, differ);
    const body = await hashBody(req, limit).catch((err) => {
      throw err instanceof BlobTooLarge ? tooLarge(limit) : err;
    });
    if (body.size === 0) throw emptyBody();
    if (body.sha256 !== first.sha256) throw keyConflict(key!, ['content']);
    return void answer(res, first, true);
  }

  const replaced = params.replaces ? await loaders.document.load(params.replaces) : null;
  if (params.replaces && !replaced) throw notFound('document', params.replaces);
  authorizeUpload(caller, dossier, params.kind, replaced);

  let stored;
  try {
    stored = await services.blobs.put(req, { maxBytes: limit, sm3: activeDigest() === 'SM3' });
  } catch (err) {
    if (err instanceof BlobTooLarge) throw tooLarge(limit);
    throw err;
  }
  if (stored.size === 0) throw emptyBody();
  deps.metrics.uploadedBytes.inc(stored.size);
  let doc;
  try {
    doc = await addDocument(db, caller, clock.now(), dossier, {
      kind: params.kind,
      title: params.title,
      sensitivity: params.sensitivity,
      mediaType,
      sha256: stored.sha256,
      sm3: stored.sm3 ?? null,
      size: stored.size,
      replacesId: replaced?.id,
      reason: params.reason,
      idempotencyKey: key ?? undefined,
    });
  } catch (err) {
    if (!key || !isUniqueViolation(err, IDEMPOTENCY_INDEX)) throw err;
    // An identical upload under the same key got there first (its transaction has committed).
    const winner = await uploadedUnder(db, dossier.id, caller, key);
    if (!winner) throw err;
    const differ = await differences(db, winner, asked, stored.sha256);
    if (differ.length) throw keyConflict(key, differ);
    return void answer(res, winner, true);
  }
  answer(res, doc, false);
}

function answer(res: Response, doc: DocumentRow, replayed: boolean): void {
  if (replayed) res.set(REPLAYED_HEADER, 'true');
  res
    .status(replayed ? 200 : 201)
    .location(contentPath(doc.id))
    .json({
      document: {
        id: doc.id,
        dossierId: doc.dossierId,
        kind: doc.kind,
        title: doc.title,
        sha256: doc.sha256,
        sm3: doc.sm3,
        size: doc.size,
        mediaType: doc.mediaType,
        sensitivity: doc.sensitivity,
        addedInVersion: doc.addedInVersion,
        replacesId: doc.replacesId,
        contentPath: contentPath(doc.id),
      },
      replayed,
    });
}
