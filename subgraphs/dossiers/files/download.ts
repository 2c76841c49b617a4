import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Caller } from '../../kit/caller';
import { accessOf } from '../../kit/access';
import { accessLogRow, appendAccessLog } from '../../kit/accessLog';
import { appError, forbidden, notFound } from '../../kit/errors';
import { mayDownload } from '../access';
import { checkBlob, ContentChanged, verifyingStream, type IntegrityStatus } from '../blobs/integrity';
import type { DocumentRow } from '../loaders';
import { createLoaders } from '../loaders';
import type { FileRouteDeps } from './routes';

/** The field path a download is recorded under in the access log: the content of one document. */
export const contentField = (documentId: string) => `Document.content:${documentId}`;

const integrityFailure = (doc: DocumentRow, integrity: Exclude<IntegrityStatus, 'INTACT'>) =>
  appError(
    'CONFLICT',
    integrity === 'MISSING'
      ? `document ${doc.id}: its stored content is missing; it cannot be served`
      : `document ${doc.id}: its stored content no longer matches its recorded SHA-256; it is not served`,
    { integrity, documentId: doc.id, sha256: doc.sha256 },
  );

/**
 * GET /files/documents/:documentId/content. The caller must see the document (the same row and class
 * filters as GraphQL, NOT_FOUND otherwise) and may receive its bytes (C3 content only in clear
 * conditions). Integrity: a blob whose size differs, or (up to DOSSIERS_VERIFY_BEFORE_SEND_BYTES)
 * whose hash differs, is refused with CONFLICT before any byte is sent; larger blobs are re-hashed
 * while streaming and the connection is cut before the last bytes if the hash does not match. The
 * download is written to the access log before the first byte leaves.
 */
export async function download(caller: Caller, req: Request, res: Response, deps: FileRouteDeps): Promise<void> {
  const { db, clock, services, log, metrics } = deps;
  const loaders = createLoaders({ caller, db });
  const id = String(req.params.documentId);
  const doc = await loaders.document.load(id);
  const dossier = doc && (await loaders.dossier.load(doc.dossierId));
  if (!doc || !dossier) throw notFound('document', id);
  if (!mayDownload(caller, dossier, doc.sensitivity)) {
    throw forbidden(
      doc.sensitivity !== 'C3'
        ? 'not allowed to read Document.content'
        : accessOf(dossier)?.sealed
          ? "this document holds personal data (C3) of a case sealed for a juvenile party: its content is served to no one"
          : "this document holds personal data (C3): its content is served only to the case's own officers with a declared purpose that fits their role (x-access-purpose)",
    );
  }
  const refuse = (integrity: Exclude<IntegrityStatus, 'INTACT'>) => {
    metrics.integrityFailures.inc();
    log.error({ documentId: doc.id, sha256: doc.sha256, integrity }, 'document content failed its integrity check');
    return integrityFailure(doc, integrity);
  };
  if (doc.size <= services.limits.verifyBeforeSendBytes) {
    const check = await checkBlob(services.blobs, doc.sha256, doc.size, doc.sm3);
    if (check.status !== 'INTACT') throw refuse(check.status);
  }
  const blob = await services.blobs.get(doc.sha256);
  if (!blob) throw refuse('MISSING');
  if (blob.size !== doc.size) {
    blob.stream.destroy();
    throw refuse('CHANGED');
  }
  try {
    // Part of the download: if the access record cannot be written, nothing is served.
    const field = contentField(doc.id);
    await appendAccessLog(db, [accessLogRow(caller, clock.now(), { caseIds: [dossier.caseId], fields: [field], unmaskedFields: doc.sensitivity === 'C3' ? [field] : [] })]);
  } catch (err) {
    blob.stream.destroy();
    throw err;
  }
  res.status(200).set({
    'content-type': doc.mediaType,
    'content-length': String(doc.size),
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.title)}`,
    etag: `"${doc.sha256}"`,
    // RFC 9530: the digest of the representation, so a client can check what it received.
    'repr-digest': `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    await pipeline(blob.stream, verifyingStream(doc.sha256, doc.size, doc.sm3), res);
    metrics.downloadedBytes.inc(doc.size);
  } catch (err) {
    // pipeline has destroyed the response: the receiver gets fewer bytes than Content-Length says.
    if (err instanceof ContentChanged) refuse('CHANGED');
    else if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') log.warn({ err, documentId: doc.id }, 'download interrupted');
  }
}
