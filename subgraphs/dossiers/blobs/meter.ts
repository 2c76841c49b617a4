import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { createDigest } from '../../kit/digests';
import { BlobTooLarge, type StoredBlob } from './types';

/**
 * What every store does to a body while it streams in: counts it, refuses more than `maxBytes`
 * (BlobTooLarge), and hashes it — SHA-256, the content address, and SM3 in the same pass when asked.
 */
export function blobMeter(options: { maxBytes?: number; sm3?: boolean } = {}) {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const sha256 = createHash('sha256');
  const sm3 = options.sm3 ? createDigest('SM3') : null;
  let size = 0;
  const update = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > maxBytes) throw new BlobTooLarge(maxBytes);
    sha256.update(chunk);
    sm3?.update(chunk);
  };
  return {
    update,
    /** The same as a pass-through stream for a pipeline. */
    stream(): Transform {
      return new Transform({
        transform(chunk: Buffer, _encoding, done) {
          try {
            update(chunk);
          } catch (err) {
            return done(err as Error);
          }
          done(null, chunk);
        },
      });
    },
    /** Once the body has ended: its size and digests (call once). */
    result(): StoredBlob {
      const hex = sha256.digest('hex');
      return sm3 ? { sha256: hex, sm3: sm3.digest('hex'), size } : { sha256: hex, size };
    },
  };
}
