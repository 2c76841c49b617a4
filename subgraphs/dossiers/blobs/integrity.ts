import { createHash } from 'node:crypto';
import { createDigest } from '../../kit/digests';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from './types';

export const INTEGRITY_STATUSES = ['INTACT', 'CHANGED', 'MISSING'] as const;
export type IntegrityStatus = (typeof INTEGRITY_STATUSES)[number];

export interface BlobCheck {
  status: IntegrityStatus;
  /** Hash of the bytes found; null when there are none. */
  actualSha256: string | null;
  actualSize: number | null;
}

/** Re-hashes the stored bytes of a blob (streaming) against the hash and size it was recorded with (and its SM3, if recorded). */
export async function checkBlob(store: BlobStore, sha256: string, size: number, sm3: string | null = null): Promise<BlobCheck> {
  const blob = await store.get(sha256);
  if (!blob) return { status: 'MISSING', actualSha256: null, actualSize: null };
  const hash = createHash('sha256');
  const sm3Hash = sm3 === null ? null : createDigest('SM3');
  let actualSize = 0;
  await pipeline(blob.stream, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      actualSize += chunk.length;
      hash.update(chunk);
      sm3Hash?.update(chunk);
    }
  });
  const actualSha256 = hash.digest('hex');
  const sm3Holds = !sm3Hash || sm3Hash.digest('hex') === sm3;
  return { status: actualSha256 === sha256 && actualSize === size && sm3Holds ? 'INTACT' : 'CHANGED', actualSha256, actualSize };
}

/** The stream did not hash to what was recorded: raised before its last bytes are passed on. */
export class ContentChanged extends Error {
  constructor(
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(`content hashes to ${actualSha256}, recorded ${expectedSha256}`);
    this.name = 'ContentChanged';
  }
}

/**
 * Passes bytes through while hashing them, always holding the latest chunk back; at the end it
 * releases that chunk only if the hash and size match, and fails otherwise. A receiver of a
 * Content-Length response therefore never gets a complete body whose bytes changed: the connection
 * is cut short instead.
 */
export function verifyingStream(expectedSha256: string, expectedSize: number, expectedSm3: string | null = null): Transform {
  const hash = createHash('sha256');
  const sm3 = expectedSm3 === null ? null : createDigest('SM3');
  let size = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sm3?.update(chunk);
      size += chunk.length;
      const out = held;
      held = chunk;
      done(null, out ?? undefined);
    },
    flush(done) {
      const actual = hash.digest('hex');
      if (actual !== expectedSha256 || size !== expectedSize || (sm3 && sm3.digest('hex') !== expectedSm3)) return done(new ContentChanged(expectedSha256, actual));
      done(null, held ?? undefined);
    },
  });
}
