import type { Request, Response } from 'express';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../../schema/vocabulary';
import type { Caller } from '../../kit/caller';
import { appError, notFound } from '../../kit/errors';
import { parseInput } from '../../kit/validation';
import { BlobTooLarge } from '../blobs/types';
import { DOCUMENT_SENSITIVITIES } from '../db/schema';
import { addDocument, authorizeUpload } from '../documents';
import { createLoaders } from '../loaders';
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

/**
 * POST /files/dossiers/:dossierId/documents?kind=…&title=…[&sensitivity=C3][&replaces=<id>&reason=…]
 * with the raw bytes as body. Everything that can refuse the upload is checked before the first
 * byte is read; the bytes then stream into the blob store (hashed and counted on the way, refused
 * past the limit with 413 and nothing left behind) and the document is added in a new version.
 */
export async function upload(caller: Caller, req: Request, res: Response, deps: FileRouteDeps): Promise<void> {
  const { db, clock, services } = deps;
  const params = parseInput(uploadParams, req.query, 'query');
  const mediaType = mediaTypeOf(req.header('content-type'));
  const limit = services.limits.maxUploadBytes;
  const declared = Number(req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (declared === 0) throw emptyBody();

  const loaders = createLoaders({ caller, db });
  const dossierId = String(req.params.dossierId);
  const dossier = await loaders.dossier.load(dossierId);
  if (!dossier) throw notFound('dossier', dossierId);
  const replaced = params.replaces ? await loaders.document.load(params.replaces) : null;
  if (params.replaces && !replaced) throw notFound('document', params.replaces);
  authorizeUpload(caller, dossier, params.kind, replaced);

  let stored;
  try {
    stored = await services.blobs.put(req, { maxBytes: limit });
  } catch (err) {
    if (err instanceof BlobTooLarge) throw tooLarge(limit);
    throw err;
  }
  if (stored.size === 0) throw emptyBody();
  deps.metrics.uploadedBytes.inc(stored.size);
  const doc = await addDocument(db, caller, clock.now(), dossier, {
    kind: params.kind,
    title: params.title,
    sensitivity: params.sensitivity,
    mediaType,
    sha256: stored.sha256,
    size: stored.size,
    replacesId: replaced?.id,
    reason: params.reason,
  });
  res
    .status(201)
    .location(contentPath(doc.id))
    .json({
      document: {
        id: doc.id,
        dossierId: doc.dossierId,
        kind: doc.kind,
        title: doc.title,
        sha256: doc.sha256,
        size: doc.size,
        mediaType: doc.mediaType,
        sensitivity: doc.sensitivity,
        addedInVersion: doc.addedInVersion,
        replacesId: doc.replacesId,
        contentPath: contentPath(doc.id),
      },
    });
}
