import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { blobMeter } from './meter';
import { SHA256_HEX, type BlobStore, type StoredBlob } from './types';

/**
 * Blobs in a local directory: `<dir>/<sha256[0..2]>/<sha256>`, written read-only. An upload streams
 * into `<dir>/tmp/<uuid>` while hashed and counted, and is renamed to its content address only when
 * complete, so a partial or refused upload never sits under a hash. The same content uploaded twice
 * is stored once.
 */
export class LocalBlobStore implements BlobStore {
  private readonly tmpDir: string;
  constructor(readonly dir: string) {
    this.tmpDir = join(dir, 'tmp');
  }

  /** Where the blob with this hash lives (tests use it to change a blob on disk). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a hex SHA-256: ${JSON.stringify(sha256)}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(source: Readable, options: { maxBytes?: number; sm3?: boolean } = {}): Promise<StoredBlob> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, randomUUID());
    const meter = blobMeter(options);
    const sink = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
    try {
      // The iterator does not destroy `source` when the pipeline fails: the HTTP handler still answers on it.
      await pipeline(source.iterator({ destroyOnReturn: false }), meter.stream(), sink);
    } catch (err) {
      // A write stream destroyed before its file was open still opens (creates) it, then closes it:
      // remove the file only once it is closed, or a partial file is left behind.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(tmp, { force: true });
      throw err;
    }
    const stored = meter.result();
    const { sha256 } = stored;
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) {
      await rm(tmp, { force: true });
    } else {
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await chmod(tmp, 0o400);
      await rename(tmp, target);
    }
    return stored;
  }

  async get(sha256: string): Promise<{ size: number; stream: Readable } | null> {
    let handle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const { size } = await handle.stat();
    return { size, stream: handle.createReadStream({ autoClose: true }) };
  }

  async has(sha256: string): Promise<boolean> {
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }
}
