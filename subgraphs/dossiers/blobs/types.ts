import type { Readable } from 'node:stream';

/** What the store holds under one content address. */
export interface StoredBlob {
  /** Hex SHA-256 of the bytes, computed while they streamed in. */
  sha256: string;
  /** Hex SM3 of the bytes, computed in the same pass, when `put` was asked for it. */
  sm3?: string;
  size: number;
}

/**
 * Content-addressed storage for document bytes: a blob is stored under the SHA-256 of its content,
 * computed while streaming (never by buffering it). Three implementations, chosen by
 * DOSSIERS_BLOB_STORE: the dossiers database (database.ts, the default: chunk rows every replica
 * shares), a local directory (local.ts, one process) and an S3-compatible bucket (s3.ts: multipart
 * upload to a temporary key while hashing, then copy to the content key). One contract suite runs on
 * all three (test/blobStore.contract.test.ts).
 */
export interface BlobStore {
  /**
   * Streams `source` in, hashing as it goes. More than `maxBytes` is refused with BlobTooLarge and
   * leaves nothing behind. `source` is not destroyed on failure: the caller still owns it (to answer).
   */
  put(source: Readable, options?: { maxBytes?: number; sm3?: boolean }): Promise<StoredBlob>;
  /** The bytes stored under a hash, as they are now (unverified), or null when there are none. */
  get(sha256: string): Promise<{ size: number; stream: Readable } | null>;
  has(sha256: string): Promise<boolean>;
}

/** A body longer than the configured limit. */
export class BlobTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`content exceeds the limit of ${limit} bytes`);
    this.name = 'BlobTooLarge';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
