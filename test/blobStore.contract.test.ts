import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBlob, ContentChanged, verifyingStream } from '../subgraphs/dossiers/blobs/integrity';
import { ABANDONED_AFTER_MS, CHUNK_BYTES, CHUNKS_PER_READ, DatabaseBlobStore, UploadAbandoned } from '../subgraphs/dossiers/blobs/database';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { s3ClientConfig, S3BlobStore, S3_PART_BYTES } from '../subgraphs/dossiers/blobs/s3';
import { BlobTooLarge, type BlobStore } from '../subgraphs/dossiers/blobs/types';
import { tables } from '../subgraphs/dossiers/db/schema';
import { ensureDatabase, openDatabase, queryRows, type Database, type OpenedDatabase, type StorageMode } from '../subgraphs/kit/db';
import { DATABASE_KIND } from './harness';

const KIB = 1024;
const MIB = 1024 * KIB;
const MIGRATIONS = resolve(import.meta.dirname, '../subgraphs/dossiers/db/migrations');

// Known answers, written by hand from the standards' examples: SHA-256 (FIPS 180-2 B.1) and SM3 (GB/T 32905-2016 A.1) of "abc".
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const ABC_SM3 = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
// SHA-256 of 1,000,000 times "a" (FIPS 180-2 B.3): several chunks of every store.
const MILLION_A_SHA256 = 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0';
const MISSING = 'f'.repeat(64);

/** A store under test, with what only its backend can tell or do. */
interface Subject {
  store: BlobStore;
  /** A second store on the same backend (another replica). */
  replica: BlobStore;
  /** Bytes written so far by puts in progress (temporary files, chunk rows, multipart parts). */
  inProgressBytes(): Promise<number>;
  /** Anything a put left behind that is not a stored blob (temporary files, rows, keys, multipart uploads). */
  leftovers(): Promise<number>;
  /** How many copies of a blob's bytes the backend holds. */
  copies(sha256: string): Promise<number>;
  /** Changes one byte of a stored blob behind the store's back (as an administrator could). */
  tamper(sha256: string, at: number): Promise<void>;
  close(): Promise<void>;
}

/** A source that produces `size` bytes lazily, 64 KiB per read, and notes before every 4th read (off the 256 KiB chunk boundaries) how far it is ahead of the store. */
function lazySource(size: number, persisted: () => Promise<number>, seed = 1) {
  const ahead: number[] = [];
  let produced = 0;
  let n = 0;
  const stream = new Readable({
    highWaterMark: 16 * KIB,
    async read() {
      if (produced >= size) return void this.push(null);
      if (n % 4 === 2) ahead.push(produced - (await persisted()));
      const chunk = Buffer.alloc(Math.min(64 * KIB, size - produced), (seed * 37 + n) & 0xff);
      chunk.writeUInt32BE(n++, 0);
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, ahead, produced: () => produced };
}

/** The same bytes as lazySource, for comparison. */
function lazyBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  for (let off = 0, n = 0; off < size; off += 64 * KIB, n++) {
    const len = Math.min(64 * KIB, size - off);
    out.fill((seed * 37 + n) & 0xff, off, off + len);
    if (len >= 4) out.writeUInt32BE(n, off);
  }
  return out;
}

async function readAll(store: BlobStore, sha256: string): Promise<Buffer | null> {
  const blob = await store.get(sha256);
  if (!blob) return null;
  const parts: Buffer[] = [];
  for await (const c of blob.stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

const streamOf = (text: string | Buffer) => Readable.from([Buffer.from(text)]);

function contract(name: string, make: () => Promise<Subject>, sizes: { multi: number; bound: number }) {
  describe(`blob store contract: ${name}`, () => {
    let s: Subject;
    beforeAll(async () => {
      s = await make();
    }, 180_000);
    afterAll(() => s?.close());

    it('put, has and get round trip, with SHA-256 and SM3 of a known input', async () => {
      const stored = await s.store.put(streamOf('abc'), { sm3: true });
      expect(stored).toEqual({ sha256: ABC_SHA256, sm3: ABC_SM3, size: 3 });
      expect(await s.store.has(ABC_SHA256)).toBe(true);
      const blob = await s.store.get(ABC_SHA256);
      expect(blob?.size).toBe(3);
      blob?.stream.destroy();
      expect(await readAll(s.store, ABC_SHA256)).toEqual(Buffer.from('abc'));
      // Without sm3 asked, none is computed.
      expect(await s.store.put(streamOf('abc'))).toEqual({ sha256: ABC_SHA256, size: 3 });
      expect(await checkBlob(s.store, ABC_SHA256, 3, ABC_SM3)).toMatchObject({ status: 'INTACT' });
    });

    it('an unknown hash: get is null, has is false', async () => {
      expect(await s.store.get(MISSING)).toBeNull();
      expect(await s.store.has(MISSING)).toBe(false);
    });

    it('a file of many chunks streams in and out, the store never far ahead of what it has written', async () => {
      const million = await s.store.put(Readable.from((function* () { for (let i = 0; i < 1000; i++) yield Buffer.alloc(1000, 'a'); })()));
      expect(million).toEqual({ sha256: MILLION_A_SHA256, size: 1_000_000 });
      expect(await checkBlob(s.store, MILLION_A_SHA256, 1_000_000)).toMatchObject({ status: 'INTACT' });

      const src = lazySource(sizes.multi, () => s.inProgressBytes(), 3);
      const stored = await s.store.put(src.stream);
      expect(stored.size).toBe(sizes.multi);
      expect(src.produced()).toBe(sizes.multi);
      // Measured at every 64 KiB read: what the source had produced beyond what the backend held.
      expect(src.ahead.length).toBeGreaterThan(sizes.multi / (256 * KIB) - 1);
      expect(Math.max(...src.ahead)).toBeLessThan(sizes.bound);
      expect(Math.max(...src.ahead)).toBeGreaterThan(0);
      expect((await readAll(s.store, stored.sha256))!.equals(lazyBytes(sizes.multi, 3))).toBe(true);
      expect(await s.leftovers()).toBe(0);
    }, 120_000);

    it('more than maxBytes is refused and leaves nothing behind', async () => {
      const src = lazySource(3 * MIB, async () => 0, 5);
      await expect(s.store.put(src.stream, { maxBytes: 2 * MIB })).rejects.toBeInstanceOf(BlobTooLarge);
      expect(await s.leftovers()).toBe(0);
      const whole = await s.replica.put(Readable.from([lazyBytes(2 * MIB, 5)]), { maxBytes: 2 * MIB });
      expect(whole.size).toBe(2 * MIB); // exactly the limit is accepted
    }, 60_000);

    it('the same content twice is stored once', async () => {
      const body = randomBytes(700 * KIB);
      const a = await s.store.put(Readable.from([body]));
      const b = await s.store.put(Readable.from([body]));
      expect(b).toEqual(a);
      expect(await s.copies(a.sha256)).toBe(1);
      expect(await s.leftovers()).toBe(0);
    });

    it('concurrent puts of the same bytes from two replicas end with one copy, both answered', async () => {
      const body = randomBytes(CHUNK_BYTES * 3 + 17);
      const [a, b] = await Promise.all([s.store.put(Readable.from([body])), s.replica.put(Readable.from([body]))]);
      expect(a).toEqual(b);
      expect(await s.copies(a.sha256)).toBe(1);
      expect(await s.leftovers()).toBe(0);
      expect((await readAll(s.replica, a.sha256))!.equals(body)).toBe(true);
      expect((await readAll(s.store, a.sha256))!.equals(body)).toBe(true);
    });

    it('stored bytes changed behind its back are found on read (integrity.ts)', async () => {
      const body = Buffer.from(`tamper me ${name} `.repeat(40_000));
      const stored = await s.store.put(Readable.from([body]), { sm3: true });
      await s.tamper(stored.sha256, 1000);
      const check = await checkBlob(s.store, stored.sha256, stored.size, stored.sm3);
      expect(check.status).toBe('CHANGED');
      expect(check.actualSize).toBe(body.length);
      expect(check.actualSha256).not.toBe(stored.sha256);
      const blob = (await s.store.get(stored.sha256))!;
      let received = 0;
      const sink = new Writable({ write: (c, _e, done) => ((received += c.length), done()) });
      await expect(pipeline(blob.stream, verifyingStream(stored.sha256, stored.size), sink)).rejects.toBeInstanceOf(ContentChanged);
      expect(received).toBeLessThan(body.length);
    });
  });
}

// ---- local directory --------------------------------------------------------------------------

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'caselink-blobstore-'));
  dirs.push(d);
  return d;
};
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];

contract(
  'local directory',
  async () => {
    const dir = tempDir();
    const store = new LocalBlobStore(dir);
    return {
      store,
      replica: new LocalBlobStore(dir),
      inProgressBytes: async () => filesUnder(join(dir, 'tmp')).reduce((sum, f) => sum + statSync(f).size, 0),
      leftovers: async () => filesUnder(join(dir, 'tmp')).length,
      copies: async (sha256) => filesUnder(dir).filter((f) => f.endsWith(sha256)).length,
      async tamper(sha256, at) {
        const path = store.pathOf(sha256);
        const bytes = readFileSync(path);
        bytes[at] = bytes[at]! ^ 0xff;
        chmodSync(path, 0o600);
        writeFileSync(path, bytes);
      },
      close: async () => {},
    };
  },
  { multi: 5 * MIB + 123, bound: 1 * MIB },
);

// ---- the dossiers database (PGlite, or PostgreSQL with DATABASE_URL) --------------------------

/** A fresh dossiers database for these tests: in-memory PGlite, or a new PostgreSQL database (dropped after). */
async function freshDossiersDatabase(): Promise<{ storage: StorageMode; drop(): Promise<void> }> {
  if (!process.env.DATABASE_URL) return { storage: { kind: 'pglite', dataDir: null }, drop: async () => {} };
  const adminUrl = process.env.DATABASE_URL;
  const url = new URL(adminUrl);
  url.pathname = `/caselink_blobs_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(url.toString(), adminUrl);
  return {
    storage: { kind: 'postgres', url: url.toString(), poolSize: 4 },
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

const open = (storage: StorageMode, onStatement?: (sql: string) => void) =>
  openDatabase({ name: 'dossiers', storage, tables, migrationsFolder: MIGRATIONS, onStatement });

/** Two connections to one dossiers database: a second pool on PostgreSQL, the same PGlite in memory. */
async function twoReplicas(onStatement?: (sql: string) => void) {
  const fresh = await freshDossiersDatabase();
  const first = await open(fresh.storage, onStatement);
  const second: OpenedDatabase<typeof tables> =
    fresh.storage.kind === 'postgres' ? await open(fresh.storage) : await open({ kind: 'pglite', dataDir: null, shared: (first.db as unknown as { $client: never }).$client });
  return {
    db: first.db as unknown as Database,
    db2: second.db as unknown as Database,
    async close() {
      await second.close();
      await first.close();
      await fresh.drop();
    },
  };
}

const count = async (db: Database, query: ReturnType<typeof sql>) => Number((await queryRows<{ n: string | number }>(db, query))[0]!.n);
/** Changes a row as an administrator could, the append-only triggers switched off for this transaction. */
async function asAdministrator(db: Database, query: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(query);
  });
}

function databaseSubject(db: Database, db2: Database, close: () => Promise<void>): Subject {
  const store = new DatabaseBlobStore({}, db);
  return {
    store,
    replica: new DatabaseBlobStore({}, db2),
    inProgressBytes: () =>
      count(db, sql`SELECT coalesce(sum(octet_length(c.data)), 0) AS n FROM blob_chunks c WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.upload_id = c.upload_id)`),
    leftovers: async () =>
      (await count(db, sql`SELECT count(*) AS n FROM blob_uploads`)) +
      (await count(db, sql`SELECT count(*) AS n FROM blob_chunks c WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.upload_id = c.upload_id)`)),
    async copies(sha256) {
      // One blob row, and chunk rows for its bytes once: a dropped duplicate's chunks are gone.
      const rows = await count(db, sql`SELECT count(*) AS n FROM blobs WHERE sha256 = ${sha256}`);
      const size = await count(db, sql`SELECT coalesce(sum(octet_length(data)), 0) AS n FROM blob_chunks c JOIN blobs b ON b.upload_id = c.upload_id WHERE b.sha256 = ${sha256}`);
      const stored = await count(db, sql`SELECT size AS n FROM blobs WHERE sha256 = ${sha256}`);
      return size === stored ? rows : -1;
    },
    async tamper(sha256, at) {
      const seq = Math.floor(at / CHUNK_BYTES);
      const offset = at % CHUNK_BYTES;
      await asAdministrator(
        db,
        sql`UPDATE blob_chunks SET data = overlay(data placing decode(lpad(to_hex(get_byte(data, ${offset}) # 255), 2, '0'), 'hex') from ${offset + 1} for 1)
            WHERE seq = ${seq} AND upload_id = (SELECT upload_id FROM blobs WHERE sha256 = ${sha256})`,
      );
    },
    close,
  };
}

let statements: string[] = [];
let dbReplicas: Awaited<ReturnType<typeof twoReplicas>>;
contract(
  `the dossiers database (${DATABASE_KIND})`,
  async () => {
    dbReplicas = await twoReplicas((q) => statements.push(q));
    return databaseSubject(dbReplicas.db, dbReplicas.db2, () => dbReplicas.close());
  },
  // At most the chunk being filled plus one 64 KiB read beyond what the rows hold.
  { multi: 5 * MIB + 123, bound: CHUNK_BYTES + 64 * KIB + 1 },
);

describe(`the database blob store's own promises (${DATABASE_KIND})`, () => {
  let r: Awaited<ReturnType<typeof twoReplicas>>;
  let store: DatabaseBlobStore;
  beforeAll(async () => {
    r = await twoReplicas((q) => statements.push(q));
    store = new DatabaseBlobStore({}, r.db);
  }, 180_000);
  afterAll(() => r?.close());

  it('a large blob is many chunk rows, read back a few at a time (keyset), not in one query', async () => {
    const size = 10 * CHUNK_BYTES + 5;
    const stored = await store.put(Readable.from([lazyBytes(size, 8)]));
    expect(await store.chunkCountOf(stored.sha256)).toBe(11);
    expect(await count(r.db, sql`SELECT count(*) AS n FROM blob_chunks c JOIN blobs b ON b.upload_id = c.upload_id WHERE b.sha256 = ${stored.sha256}`)).toBe(11);
    statements = [];
    const blob = (await store.get(stored.sha256))!;
    const chunkQueries = () => statements.filter((q) => /from "blob_chunks"/i.test(q) && /^select/i.test(q.trim())).length;
    // Reading the first bytes fetches the first few chunks only.
    const first = await new Promise<Buffer>((resolve) => blob.stream.once('data', resolve));
    blob.stream.pause();
    expect(first.length).toBe(CHUNK_BYTES);
    await new Promise((res) => setTimeout(res, 50));
    expect(chunkQueries()).toBe(1);
    const rest: Buffer[] = [first];
    blob.stream.resume();
    for await (const c of blob.stream) rest.push(c as Buffer);
    expect(Buffer.concat(rest).equals(lazyBytes(size, 8))).toBe(true);
    expect(chunkQueries()).toBe(Math.ceil(11 / CHUNKS_PER_READ));
  });

  it('a stored blob cannot be changed or deleted by the service: the triggers refuse', async () => {
    const stored = await store.put(streamOf('append-only blob'));
    const [{ upload_id: uploadId }] = await queryRows<{ upload_id: string }>(r.db, sql`SELECT upload_id FROM blobs WHERE sha256 = ${stored.sha256}`);
    const refused = async (query: ReturnType<typeof sql>) => {
      const err = await r.db.execute(query).then(() => null, (e: unknown) => e as Error);
      expect(err, String(query.queryChunks)).not.toBeNull();
      return String((err as { cause?: Error }).cause?.message ?? err!.message);
    };
    expect(await refused(sql`UPDATE blob_chunks SET data = '\\x00'::bytea WHERE upload_id = ${uploadId}`)).toMatch(/never rewritten/);
    expect(await refused(sql`DELETE FROM blob_chunks WHERE upload_id = ${uploadId}`)).toMatch(/never changed/);
    expect(await refused(sql`INSERT INTO blob_chunks (upload_id, seq, data) VALUES (${uploadId}, 1, '\\x00'::bytea)`)).toMatch(/never changed/);
    expect(await refused(sql`DELETE FROM blobs WHERE sha256 = ${stored.sha256}`)).toMatch(/append-only/);
    expect(await refused(sql`UPDATE blobs SET size = 1 WHERE sha256 = ${stored.sha256}`)).toMatch(/append-only/);
    expect((await readAll(store, stored.sha256))!.toString()).toBe('append-only blob');
  });

  it('an upload abandoned by a crash is swept with its chunks; one that resumes after the sweep fails and leaves nothing', async () => {
    // What a process killed mid-put leaves: its upload row, last touched long ago, and some chunks.
    await r.db.execute(sql`INSERT INTO blob_uploads (id, touched_at) VALUES ('crashed', now() - interval '2 hours')`);
    await r.db.execute(sql`INSERT INTO blob_chunks (upload_id, seq, data) VALUES ('crashed', 0, '\\x0102'::bytea), ('crashed', 1, '\\x03'::bytea)`);
    // A put in progress elsewhere is recent: kept.
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const slow = Readable.from(
      (async function* () {
        yield Buffer.alloc(CHUNK_BYTES + 10, 1);
        await gate;
        yield Buffer.alloc(CHUNK_BYTES, 2); // a whole chunk: its write finds the upload gone
      })(),
    );
    const putting = store.put(slow);
    putting.catch(() => {});
    while ((await count(r.db, sql`SELECT count(*) AS n FROM blob_chunks WHERE upload_id <> 'crashed' AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.upload_id = blob_chunks.upload_id)`)) < 1) {
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(await new DatabaseBlobStore({}, r.db2).sweepAbandoned()).toBe(1);
    expect(await count(r.db, sql`SELECT count(*) AS n FROM blob_chunks WHERE upload_id = 'crashed'`)).toBe(0);
    expect(await count(r.db, sql`SELECT count(*) AS n FROM blob_uploads`)).toBe(1);
    expect(ABANDONED_AFTER_MS).toBe(3_600_000);
    // Swept while stalled (here: at once): when it goes on, it fails and leaves nothing.
    expect(await store.sweepAbandoned(0)).toBe(1);
    release();
    await expect(putting).rejects.toBeInstanceOf(UploadAbandoned);
    expect(await count(r.db, sql`SELECT count(*) AS n FROM blob_uploads`)).toBe(0);
    expect(await count(r.db, sql`SELECT count(*) AS n FROM blob_chunks c WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.upload_id = c.upload_id)`)).toBe(0);
  });

  it('documents of the local directory it replaces: copied in on start (idempotent), the directory read for what is not', async () => {
    const dir = tempDir();
    const local = new LocalBlobStore(dir);
    const old = await local.put(streamOf('stored before the database store'));
    const bad = await local.put(streamOf('changed on disk before the move'));
    const path = local.pathOf(bad.sha256);
    chmodSync(path, 0o600);
    writeFileSync(path, 'changed on disk before the move!');
    const withDir = new DatabaseBlobStore({ fallback: local }, r.db);
    expect(await withDir.importLocal(local)).toEqual({ copied: 1, present: 0, mismatched: [bad.sha256] });
    expect(await withDir.importLocal(local)).toEqual({ copied: 0, present: 1, mismatched: [bad.sha256] });
    // Another replica, without the directory, serves the copied one.
    const other = new DatabaseBlobStore({}, r.db2);
    expect((await readAll(other, old.sha256))!.toString()).toBe('stored before the database store');
    expect(await other.has(bad.sha256)).toBe(false);
    // The one that was not copied is still found, through the directory, and still reported changed.
    expect(await withDir.has(bad.sha256)).toBe(true);
    expect(await checkBlob(withDir, bad.sha256, bad.size)).toMatchObject({ status: 'CHANGED' });
  });
});

// ---- an S3-compatible server (moto_server) -----------------------------------------------------

/** moto's S3-compatible server, when the machine has it (.ci/run requires it, so CI never skips this). */
const MOTO = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).stdout.trim() || null;

async function startMoto(): Promise<{ endpoint: string; proc: ChildProcess }> {
  if (!MOTO) throw new Error('moto_server is not installed: the S3 store is tested against it, and CI never skips it (.ci/run, decision 102)');
  const proc = spawn(MOTO, ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoint = await new Promise<string>((resolvePort, reject) => {
    let text = '';
    const onData = (b: Buffer) => {
      text += b.toString();
      const m = text.match(/Running on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolvePort(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`moto_server exited (${code}): ${text}`)));
    setTimeout(() => reject(new Error(`moto_server did not start: ${text}`)), 30_000);
  });
  return { endpoint, proc };
}

// Skipped only on a developer's machine without moto_server; under CI a missing server fails the suite.
describe.skipIf(!MOTO && !process.env.CI)('the S3-compatible store against a real S3 server (moto_server)', () => {
  it('is run on a machine with moto_server', () => expect(MOTO).not.toBeNull());
});

if (MOTO) {
  contract(
    'S3-compatible (moto_server)',
    async () => {
      const { endpoint, proc } = await startMoto();
      const settings = s3ClientConfig({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const client = new S3Client(settings);
      const bucket = 'caselink-documents';
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const store = new S3BlobStore(bucket, client);
      const list = async (prefix: string) => (await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [];
      const uploads = async () => (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
      return {
        store,
        replica: new S3BlobStore(bucket, new S3Client(settings)),
        async inProgressBytes() {
          let sum = 0;
          for (const u of await uploads()) {
            const parts = (await client.send(new ListPartsCommand({ Bucket: bucket, Key: u.Key!, UploadId: u.UploadId! }))).Parts ?? [];
            sum += parts.reduce((s, p) => s + (p.Size ?? 0), 0);
          }
          return sum;
        },
        leftovers: async () => (await list('tmp/')).length + (await uploads()).length,
        copies: async (sha256) => (await list('blobs/')).filter((o) => o.Key!.endsWith(sha256)).length,
        async tamper(sha256, at) {
          const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: store.keyOf(sha256) }));
          const bytes = Buffer.from(await out.Body!.transformToByteArray());
          bytes[at] = bytes[at]! ^ 0xff;
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: store.keyOf(sha256), Body: bytes }));
        },
        async close() {
          client.destroy();
          proc.kill();
        },
      };
    },
    // A multipart upload holds up to queueSize parts in memory before they are sent, plus the one being filled.
    { multi: 6 * S3_PART_BYTES + 123, bound: 3 * S3_PART_BYTES + 64 * KIB + 1 },
  );
}
