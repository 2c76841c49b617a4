import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config';
import { blobMeter } from './meter';
import { SHA256_HEX, type BlobStore, type StoredBlob } from './types';

/** Part size of the multipart upload (S3's minimum is 5 MiB): with queueSize 2, at most ~10 MiB of a body is held. */
export const S3_PART_BYTES = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

/** Where an upload goes while it is hashed; a bucket lifecycle rule on it removes what a crash leaves (README). */
export const S3_TMP_PREFIX = 'tmp/';
export const S3_BLOB_PREFIX = 'blobs/';

export function s3ClientConfig(settings: Pick<S3Settings, 'region' | 'endpoint' | 'forcePathStyle' | 'credentials'>): S3ClientConfig {
  return {
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    // Integrity is our own SHA-256 (and SM3), checked on every read; the SDK's own CRC checksums,
    // sent and checked by default since 2025, are not implemented alike by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  };
}

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/**
 * Blobs in an S3-compatible bucket, under `blobs/<sha256[0..2]>/<sha256>`. `put` streams the body as
 * a multipart upload to `tmp/<uuid>` while hashing and counting it (never more than a couple of
 * parts in memory), then copies it to its content key unless that key exists, and deletes the
 * temporary key. A refused put aborts its multipart upload; a put cut short by a crash leaves at
 * most a `tmp/` key or an incomplete multipart upload: a bucket lifecycle rule expires both (README,
 * "Document storage"). The bucket, unlike the database, cannot refuse the service a rewrite: grant
 * its credentials DeleteObject on `tmp/*` only, and turn on versioning or object lock where a
 * rewritten blob must stay recoverable. Two replicas copying the same bytes to one content key write
 * identical objects.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  constructor(
    readonly bucket: string,
    client: S3Client | S3ClientConfig,
  ) {
    this.client = client instanceof S3Client ? client : new S3Client(client);
  }

  static fromSettings(settings: S3Settings): S3BlobStore {
    return new S3BlobStore(settings.bucket, s3ClientConfig(settings));
  }

  keyOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a hex SHA-256: ${JSON.stringify(sha256)}`);
    return `${S3_BLOB_PREFIX}${sha256.slice(0, 2)}/${sha256}`;
  }

  async put(source: Readable, options: { maxBytes?: number; sm3?: boolean } = {}): Promise<StoredBlob> {
    const tmpKey = `${S3_TMP_PREFIX}${randomUUID()}`;
    const meter = blobMeter(options);
    const body = new PassThrough();
    const upload = new Upload({ client: this.client, params: { Bucket: this.bucket, Key: tmpKey, Body: body }, partSize: S3_PART_BYTES, queueSize: QUEUE_SIZE, leavePartsOnError: false });
    const uploaded = upload.done();
    uploaded.catch(() => {}); // awaited below; a failed pipeline must not leave it unhandled
    try {
      // The iterator does not destroy `source` when the put fails: the HTTP handler still answers on it.
      await pipeline(source.iterator({ destroyOnReturn: false }), meter.stream(), body);
      await uploaded;
    } catch (err) {
      await upload.abort().catch(() => {});
      await uploaded.catch(() => {});
      // A body small enough for one PutObject may have been written before the failure was seen.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => {});
      throw err;
    }
    const stored = meter.result();
    const { sha256 } = stored;
    try {
      if (!(await this.has(sha256))) {
        // CopyObject takes objects up to 5 GiB in one request (DOSSIERS_MAX_UPLOAD_BYTES defaults to 2 GiB).
        await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, CopySource: `${this.bucket}/${tmpKey}`, Key: this.keyOf(sha256) }));
      }
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => {});
    }
    return stored;
  }

  async get(sha256: string): Promise<{ size: number; stream: Readable } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      if (!out.Body) return null;
      return { size: Number(out.ContentLength ?? 0), stream: out.Body as Readable };
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (err) {
      if (notFound(err)) return false;
      throw err;
    }
  }
}
