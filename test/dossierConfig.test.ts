import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCryptoProfile } from '../subgraphs/kit/cryptoProfile';
import { generateSigningKey, toPkcs8Pem } from '../subgraphs/kit/jws';
import { checkBlob, ContentChanged, verifyingStream } from '../subgraphs/dossiers/blobs/integrity';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { BlobTooLarge } from '../subgraphs/dossiers/blobs/types';
import { GIB, loadDossiersConfig, MIB } from '../subgraphs/dossiers/config';
import { DEFAULT_REQUIRED_MATERIALS, missingKinds, requiredFor } from '../subgraphs/dossiers/materials';
import { createSigner, loadSealKey } from '../subgraphs/dossiers/signing';
import { sha256Of } from './dossierClient';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'caselink-dossier-unit-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('dossiers configuration fails early and by name', () => {
  it('defaults: blobs and demo keys under DATA_DIR, 2 GiB uploads, 16 MiB verified before sending, the Decree 310 materials', () => {
    const c = loadDossiersConfig({ DATA_DIR: '/tmp/x' });
    expect(c).toEqual({
      blobStore: 'database',
      blobDir: '/tmp/x/dossiers-blobs',
      s3: null,
      maxUploadBytes: 2 * GIB,
      verifyBeforeSendBytes: 16 * MIB,
      sealKeyPem: null,
      sealPreviousKeys: [],
      signatureAlg: 'ES256',
      keysDir: '/tmp/x/keys',
      requiredMaterials: { default: DEFAULT_REQUIRED_MATERIALS, bySector: {} },
      casesKeys: { jwksUrl: 'http://127.0.0.1:4002/.well-known/jwks.json' },
    });
    expect(loadDossiersConfig({ CASES_JWKS_URL: 'https://cases.internal/.well-known/jwks.json' }).casesKeys).toEqual({ jwksUrl: 'https://cases.internal/.well-known/jwks.json' });
  });

  it('the blob store: database by default, local or an S3-compatible bucket when asked', () => {
    expect(loadDossiersConfig({ DOSSIERS_BLOB_STORE: 'local' })).toMatchObject({ blobStore: 'local', s3: null });
    expect(
      loadDossiersConfig({
        DOSSIERS_BLOB_STORE: 's3',
        DOSSIERS_S3_ENDPOINT: 'http://minio.internal:9000',
        DOSSIERS_S3_BUCKET: 'caselink-documents',
        DOSSIERS_S3_ACCESS_KEY_ID: 'caselink',
        DOSSIERS_S3_SECRET_ACCESS_KEY: 'secret-key',
      }).s3,
    ).toEqual({
      endpoint: 'http://minio.internal:9000',
      bucket: 'caselink-documents',
      region: 'us-east-1',
      credentials: { accessKeyId: 'caselink', secretAccessKey: 'secret-key' },
      forcePathStyle: true,
    });
    // Without an endpoint (AWS itself): virtual-hosted style unless asked, the SDK's own credentials.
    expect(loadDossiersConfig({ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'docs', DOSSIERS_S3_REGION: 'cn-north-1' }).s3).toEqual({
      endpoint: null,
      bucket: 'docs',
      region: 'cn-north-1',
      credentials: null,
      forcePathStyle: false,
    });
    expect(loadDossiersConfig({ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'docs', DOSSIERS_S3_ENDPOINT: 'https://s3.example', DOSSIERS_S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle).toBe(false);
  });

  it('required materials are configured per sector; the default list covers the rest', () => {
    const c = loadDossiersConfig({ DOSSIERS_REQUIRED_MATERIALS: '{"TAX":["TRANSFER_LETTER","INVESTIGATION_REPORT"],"default":["TRANSFER_LETTER"]}' });
    expect(requiredFor(c.requiredMaterials, 'TAX')).toEqual(['TRANSFER_LETTER', 'INVESTIGATION_REPORT']);
    expect(requiredFor(c.requiredMaterials, 'CUSTOMS')).toEqual(['TRANSFER_LETTER']);
    expect(requiredFor(c.requiredMaterials, null)).toEqual(['TRANSFER_LETTER']);
    expect(missingKinds(DEFAULT_REQUIRED_MATERIALS, ['INSPECTION_REPORT', 'RECEIPT', 'TRANSFER_LETTER'])).toEqual(['INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST']);
  });

  it.each([
    [{ DOSSIERS_MAX_UPLOAD_BYTES: 'lots' }, 'DOSSIERS_MAX_UPLOAD_BYTES must be a number of bytes'],
    [{ DOSSIERS_MAX_UPLOAD_BYTES: '-5' }, 'DOSSIERS_MAX_UPLOAD_BYTES must be a positive number of bytes'],
    [{ DOSSIERS_VERIFY_BEFORE_SEND_BYTES: '1.5' }, 'DOSSIERS_VERIFY_BEFORE_SEND_BYTES must be a whole number of bytes'],
    [{ DOSSIERS_SEAL_KEY: 'abc' }, 'DOSSIERS_SEAL_KEY must be a PEM PKCS#8 private key'],
    [{ DOSSIERS_REQUIRED_MATERIALS: '{TAX: x}' }, 'DOSSIERS_REQUIRED_MATERIALS must be JSON like'],
    [{ DOSSIERS_REQUIRED_MATERIALS: '{"TAX":["TRANSFER_LETER"]}' }, 'DOSSIERS_REQUIRED_MATERIALS.TAX.0:'],
    [{ DOSSIERS_REQUIRED_MATERIALS: '{"FISHERY":["TRANSFER_LETTER"]}' }, 'DOSSIERS_REQUIRED_MATERIALS: Unrecognized key'],
    [{ DOSSIERS_REQUIRED_MATERIALS: '{"TAX":["RECEIPT","RECEIPT"]}' }, 'DOSSIERS_REQUIRED_MATERIALS.TAX: lists a kind twice'],
    [{ DOSSIERS_BLOB_STORE: 'postgres' }, 'DOSSIERS_BLOB_STORE must be one of database, local, s3'],
    [{ DOSSIERS_BLOB_STORE: 's3' }, 'DOSSIERS_S3_BUCKET is required when DOSSIERS_BLOB_STORE=s3'],
    [{ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'Documents_2026' }, 'DOSSIERS_S3_BUCKET must be a bucket name'],
    [{ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'docs', DOSSIERS_S3_ENDPOINT: 'minio:9000' }, 'DOSSIERS_S3_ENDPOINT must be an http(s) URL, got "minio:9000"'],
    [{ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'docs', DOSSIERS_S3_REGION: 'Hangzhou 1' }, 'DOSSIERS_S3_REGION must be a region name'],
    [{ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'docs', DOSSIERS_S3_ACCESS_KEY_ID: 'AKIA' }, 'DOSSIERS_S3_SECRET_ACCESS_KEY is missing'],
    [{ DOSSIERS_BLOB_STORE: 's3', DOSSIERS_S3_BUCKET: 'docs', DOSSIERS_S3_FORCE_PATH_STYLE: 'yes' }, 'DOSSIERS_S3_FORCE_PATH_STYLE must be true or false'],
  ])('%j', (env, message) => {
    expect(() => loadDossiersConfig(env)).toThrow(message);
  });

  it('the seal key: a configured PEM, or a demo key created once in DATA_DIR/keys and kept', async () => {
    const keysDir = join(tempDir(), 'keys');
    const alg = loadCryptoProfile().signature;
    const first = await loadSealKey({ pem: null, keysDir, alg });
    expect(existsSync(join(keysDir, alg === 'ES256' ? 'dossiers-seal.private.jwk.json' : 'dossiers-seal.sm2.private.jwk.json'))).toBe(true);
    expect((await loadSealKey({ pem: null, keysDir, alg })).key.kid).toBe(first.key.kid);
    const key = generateSigningKey();
    const pem = toPkcs8Pem(key);
    expect((await loadSealKey({ pem, keysDir, alg })).key.kid).toBe(key.kid);
    // A signer resolves its key on first use only.
    let resolved = 0;
    const signer = createSigner(async () => (resolved++, key));
    expect(resolved).toBe(0);
    expect((await signer.jwks()).keys[0]!.kid).toBe(key.kid);
  });
});

describe('the local blob store', () => {
  const bytes = (s: string) => Readable.from([Buffer.from(s)]);

  it('stores by content address, read-only, once per content, leaving no temporary file', async () => {
    const store = new LocalBlobStore(tempDir());
    const a = await store.put(bytes('hello dossier'));
    expect(a).toEqual({ sha256: sha256Of('hello dossier'), size: 13 });
    expect(store.pathOf(a.sha256)).toBe(join(store.dir, a.sha256.slice(0, 2), a.sha256));
    expect(readFileSync(store.pathOf(a.sha256), 'utf8')).toBe('hello dossier');
    expect(statSync(store.pathOf(a.sha256)).mode & 0o777).toBe(0o400);
    expect(await store.put(bytes('hello dossier'))).toEqual(a);
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([]);
    expect(await store.has(a.sha256)).toBe(true);
    expect(await store.get('0'.repeat(64))).toBeNull();
  });

  it('refuses more than maxBytes, deletes the partial file and leaves the source to its owner', async () => {
    const store = new LocalBlobStore(tempDir());
    const source = Readable.from([Buffer.alloc(10), Buffer.alloc(10), Buffer.alloc(10)]);
    await expect(store.put(source, { maxBytes: 15 })).rejects.toBeInstanceOf(BlobTooLarge);
    expect(source.destroyed).toBe(false);
    expect(readdirSync(join(store.dir, 'tmp'))).toEqual([]);
    expect(readdirSync(store.dir)).toEqual(['tmp']);
  });

  it('checkBlob tells INTACT, CHANGED and MISSING apart', async () => {
    const store = new LocalBlobStore(tempDir());
    const a = await store.put(bytes('content'));
    expect((await checkBlob(store, a.sha256, a.size)).status).toBe('INTACT');
    expect((await checkBlob(store, a.sha256, a.size + 1)).status).toBe('CHANGED');
    expect(await checkBlob(store, 'f'.repeat(64), 1)).toEqual({ status: 'MISSING', actualSha256: null, actualSize: null });
  });

  it('verifyingStream holds the last chunk back until the hash is known, and fails instead of releasing changed content', async () => {
    const chunks = ['aaaa', 'bbbb', 'cccc'].map((c) => Buffer.from(c));
    const passed: string[] = [];
    const sink = async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) passed.push(c.toString());
    };
    await pipeline(Readable.from(chunks), verifyingStream(sha256Of('aaaabbbbcccc'), 12), sink);
    expect(passed.join('')).toBe('aaaabbbbcccc');
    // Changed content: every chunk but the last flows on, then the stream fails.
    const changed = verifyingStream(sha256Of('aaaabbbbccc!'), 12);
    const out: string[] = [];
    changed.on('data', (c: Buffer) => out.push(c.toString()));
    const failed = new Promise((resolve) => changed.on('error', resolve));
    for (const c of chunks) changed.write(c);
    changed.end();
    expect(await failed).toBeInstanceOf(ContentChanged);
    expect(out.join('')).toBe('aaaabbbb');
  });
});
