import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Database } from '../../kit/db';
import { blobChunks, blobs, blobUploads } from '../db/schema';
import type { LocalBlobStore } from './local';
import { blobMeter } from './meter';
import { SHA256_HEX, type BlobStore, type StoredBlob } from './types';

/** Bytes per chunk row. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks fetched per query while streaming a blob out (keyset on `seq`): at most this many chunks held. */
export const CHUNKS_PER_READ = 4;
/** An upload with no chunk written for this long is abandoned (its process crashed): its rows are removed. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

type Tables = { blobs: typeof blobs; blobChunks: typeof blobChunks; blobUploads: typeof blobUploads };

/** The upload's rows were removed as abandoned before it finished (it stalled for longer than ABANDONED_AFTER_MS). */
export class UploadAbandoned extends Error {
  constructor(readonly uploadId: string) {
    super(`upload ${uploadId} was idle too long and its chunks were removed; send it again`);
    this.name = 'UploadAbandoned';
  }
}

/** Bytes as a Buffer without copying (PGlite answers bytea with a Uint8Array, pg with a Buffer). */
const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

/**
 * Blobs in the dossiers subgraph's own database (PGlite or PostgreSQL), so every replica on that
 * database serves every document. `put` streams the body into 256 KiB chunk rows under a fresh
 * upload id while hashing it (SHA-256, and SM3 when asked), holding at most one chunk; the finished
 * upload is then made visible under its content address in one transaction, or its chunks are
 * dropped when that address is already stored (idempotent; two replicas putting the same bytes at
 * once both end with the one copy: the primary key decides). A refused or failed put deletes its
 * rows; a put cut short by a crash leaves an upload row that `sweepAbandoned` removes with its
 * chunks once untouched for ABANDONED_AFTER_MS (run at start and at most every few minutes by puts).
 * `get` streams the chunks in order, CHUNKS_PER_READ at a time (keyset on the sequence number).
 * Stored blobs cannot be changed or deleted (triggers, migration 0013). Reads are unverified, as
 * the interface says: integrity.ts re-hashes them.
 *
 * `fallback`: a store asked for what is not in the database (the local directory that held
 * documents before, see README "Document storage").
 */
export class DatabaseBlobStore implements BlobStore {
  private db: Database<Tables> | null = null;
  private lastSweep = 0;
  constructor(
    private readonly options: { fallback?: BlobStore | null; log?: Pick<Logger, 'info' | 'warn'> } = {},
    db?: Database,
  ) {
    if (db) this.attach(db);
  }

  /** The database it stores in (the dossiers subgraph's, once open); once attached, always the same one. */
  attach(db: Database): this {
    if (this.db && this.db !== (db as unknown)) throw new Error('this blob store already stores in another database');
    this.db = db as unknown as Database<Tables>;
    return this;
  }

  get fallback(): BlobStore | null {
    return this.options.fallback ?? null;
  }

  private get database(): Database<Tables> {
    if (!this.db) throw new Error('the database blob store is used before its database is open');
    return this.db;
  }

  async put(source: Readable, options: { maxBytes?: number; sm3?: boolean } = {}): Promise<StoredBlob> {
    const db = this.database;
    if (Date.now() - this.lastSweep > ABANDONED_AFTER_MS / 12) await this.sweepAbandoned();
    const uploadId = randomUUID();
    const meter = blobMeter(options);
    let seq = 0;
    await db.insert(blobUploads).values({ id: uploadId });
    // One statement a chunk: the upload's sign of life, and the row, written only while the upload
    // is still there (one swept as abandoned stops here, leaving nothing behind).
    const writeChunk = async (data: Buffer) => {
      const written = await queryRows<{ seq: number }>(
        db as unknown as Database,
        sql`WITH alive AS (UPDATE blob_uploads SET touched_at = now() WHERE id = ${uploadId} RETURNING id)
            INSERT INTO blob_chunks (upload_id, seq, data) SELECT id, ${seq++}, ${data}::bytea FROM alive RETURNING seq`,
      );
      if (!written.length) throw new UploadAbandoned(uploadId);
    };
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      // The iterator does not destroy `source` when the put fails: the HTTP handler still answers on it.
      for await (const raw of source.iterator({ destroyOnReturn: false })) {
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
        meter.update(chunk);
        let rest = chunk;
        while (pendingBytes + rest.length >= CHUNK_BYTES) {
          const take = CHUNK_BYTES - pendingBytes;
          pending.push(rest.subarray(0, take));
          rest = rest.subarray(take);
          await writeChunk(Buffer.concat(pending, CHUNK_BYTES));
          pending = [];
          pendingBytes = 0;
        }
        if (rest.length) {
          // Copied: a source may reuse its buffer once we return.
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
      if (pendingBytes) await writeChunk(Buffer.concat(pending, pendingBytes));
      const stored = meter.result();
      const { sha256, size } = stored;
      const chunkCount = seq;
      // One statement, so one transaction: the upload ends, and becomes the blob under its address,
      // or (the address is taken, by an earlier or a concurrent put that committed first) its chunks go.
      const [finished] = await queryRows<{ gone: number; stored: number }>(
        db as unknown as Database,
        sql`WITH gone AS (DELETE FROM blob_uploads WHERE id = ${uploadId} RETURNING id),
                 stored AS (INSERT INTO blobs (sha256, size, chunk_count, upload_id) SELECT ${sha256}, ${size}, ${chunkCount}, id FROM gone
                            ON CONFLICT (sha256) DO NOTHING RETURNING upload_id),
                 dropped AS (DELETE FROM blob_chunks WHERE upload_id IN (SELECT id FROM gone) AND NOT EXISTS (SELECT 1 FROM stored) RETURNING seq)
            SELECT (SELECT count(*) FROM gone)::int AS gone, (SELECT count(*) FROM stored)::int AS stored`,
      );
      if (!finished?.gone) throw new UploadAbandoned(uploadId);
      return stored;
    } catch (err) {
      await this.discard(uploadId).catch(() => {}); // if this fails too, the sweep removes them later
      throw err;
    }
  }

  /** Removes an unfinished upload's rows. */
  private async discard(uploadId: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      await tx.delete(blobChunks).where(eq(blobChunks.uploadId, uploadId));
      await tx.delete(blobUploads).where(eq(blobUploads.id, uploadId));
    });
  }

  /**
   * Removes uploads untouched for `olderThanMs` (their process stopped mid-put) with their chunks.
   * Safe on many replicas at once; an upload that resumes afterwards fails with UploadAbandoned.
   * Returns how many uploads were removed.
   */
  async sweepAbandoned(olderThanMs = ABANDONED_AFTER_MS): Promise<number> {
    const db = this.database;
    this.lastSweep = Date.now();
    const cutoff = sql`now() - make_interval(secs => ${olderThanMs / 1000})`;
    return db.transaction(async (tx) => {
      const gone = await tx.delete(blobUploads).where(lt(blobUploads.touchedAt, cutoff)).returning({ id: blobUploads.id });
      if (gone.length) await tx.delete(blobChunks).where(inArray(blobChunks.uploadId, gone.map((g) => g.id)));
      return gone.length;
    });
  }

  async get(sha256: string): Promise<{ size: number; stream: Readable } | null> {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a hex SHA-256: ${JSON.stringify(sha256)}`);
    const db = this.database;
    const [blob] = await db.select({ size: blobs.size, uploadId: blobs.uploadId }).from(blobs).where(eq(blobs.sha256, sha256));
    if (!blob) return this.fallback ? this.fallback.get(sha256) : null;
    let after = -1;
    let done = false;
    const chunks = async function* () {
      while (!done) {
        const rows = await db
          .select({ seq: blobChunks.seq, data: blobChunks.data })
          .from(blobChunks)
          .where(and(eq(blobChunks.uploadId, blob.uploadId), gt(blobChunks.seq, after)))
          .orderBy(asc(blobChunks.seq))
          .limit(CHUNKS_PER_READ);
        for (const row of rows) {
          after = row.seq;
          yield asBuffer(row.data);
        }
        done = rows.length < CHUNKS_PER_READ;
      }
    };
    // highWaterMark 1: the stream reads ahead by one chunk, the query by CHUNKS_PER_READ.
    return { size: blob.size, stream: Readable.from(chunks(), { objectMode: false, highWaterMark: 1 }) };
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    return (await this.holds(sha256)) || ((await this.fallback?.has(sha256)) ?? false);
  }

  /**
   * Copies the blobs of a local directory store that the database does not hold yet (documents
   * stored before the database store): idempotent, safe on several replicas at once. A file whose
   * bytes do not hash to its name is not copied (the fallback still serves it, and the integrity
   * check then reports it CHANGED, as before).
   */
  async importLocal(local: LocalBlobStore, log: Pick<Logger, 'info' | 'warn'> | undefined = this.options.log): Promise<{ copied: number; present: number; mismatched: string[] }> {
    const out = { copied: 0, present: 0, mismatched: [] as string[] };
    let prefixes: string[];
    try {
      prefixes = (await readdir(local.dir)).filter((p) => /^[0-9a-f]{2}$/.test(p));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw err;
    }
    for (const prefix of prefixes.sort()) {
      const names = (await readdir(join(local.dir, prefix))).filter((name) => SHA256_HEX.test(name) && name.startsWith(prefix)).sort();
      // One query per directory, not per file: this runs at every start.
      const held = new Set(names.length ? (await this.database.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, names))).map((b) => b.sha256) : []);
      for (const name of names) {
        if (held.has(name)) {
          out.present++;
          continue;
        }
        // Hashed first: bytes that do not match their name are not copied under another address.
        const actual = createHash('sha256');
        for await (const chunk of createReadStream(local.pathOf(name))) actual.update(chunk as Buffer);
        if (actual.digest('hex') !== name) {
          out.mismatched.push(name);
          continue;
        }
        const file = createReadStream(local.pathOf(name));
        try {
          await this.put(file);
        } finally {
          file.destroy();
        }
        out.copied++;
      }
    }
    if (out.copied || out.mismatched.length) log?.info({ ...out, dir: local.dir }, 'copied documents of the local blob directory into the database');
    if (out.mismatched.length) log?.warn({ mismatched: out.mismatched }, 'local blobs whose bytes do not match their name were not copied');
    return out;
  }

  /** Whether the database itself (not the fallback) holds a blob. */
  async holds(sha256: string): Promise<boolean> {
    const [row] = await this.database.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, sha256));
    return !!row;
  }

  /** How many chunk rows a stored blob has (tests: a large blob is stored in many rows). */
  async chunkCountOf(sha256: string): Promise<number | null> {
    const [row] = await this.database.select({ chunkCount: blobs.chunkCount }).from(blobs).where(eq(blobs.sha256, sha256));
    return row?.chunkCount ?? null;
  }
}
