import { resolve } from 'node:path';
import { z } from 'zod';
import type { KeySource } from '../kit/caller';
import { readEnv } from '../kit/config';
import { loadCryptoProfile, type SignatureAlgorithm } from '../kit/cryptoProfile';
import { parsePreviousKeys, parseSigningKey, type JWK } from '../kit/jws';
import { defaultRequiredMaterials, requiredMaterialsSchema, type RequiredMaterials } from './materials';

/**
 * Configuration of the dossiers subgraph beyond what every subgraph has (kit/config.ts), from the
 * environment, validated at start; each message names the variable and the bad value.
 */
export interface DossiersConfig {
  /**
   * DOSSIERS_BLOB_STORE: where document bytes live. `database` (default): in the dossiers database,
   * shared by every replica on it; `local`: the directory `blobDir`, one process only; `s3`: an
   * S3-compatible bucket (`s3`). README "Document storage". @default 'database'
   */
  blobStore: BlobStoreKind;
  /**
   * Local blob store directory (DOSSIERS_BLOB_DIR). With the database store, documents found there
   * (stored before) are copied into the database on start and still read from it if not. @default DATA_DIR/dossiers-blobs
   */
  blobDir: string;
  /** The S3-compatible store's settings (DOSSIERS_S3_*), required when blobStore is 's3'; null otherwise. */
  s3: S3Settings | null;
  /** Largest accepted upload, in bytes. @default 2 GiB */
  maxUploadBytes: number;
  /**
   * Documents up to this size are re-hashed in full before the first byte is sent, so a changed
   * blob is refused with an error; larger ones are verified while streaming and the connection is
   * cut before the last bytes if the hash does not match (decision in docs/decisions.md). @default 16 MiB
   */
  verifyBeforeSendBytes: number;
  /** DOSSIERS_SEAL_KEY (PEM PKCS#8 or JWK, P-256 or SM2 as the profile says): signs transfer seals and handover receipts; null: demo keys in keysDir. */
  sealKeyPem: string | null;
  /** DOSSIERS_SEAL_PREVIOUS_KEYS: public keys that signed seals and receipts before, still published. */
  sealPreviousKeys: JWK[];
  /** CASELINK_CRYPTO_PROFILE's signature algorithm. */
  signatureAlg: SignatureAlgorithm;
  /** Where the demo seal key is kept when no key is configured. @default DATA_DIR/keys */
  keysDir: string;
  requiredMaterials: RequiredMaterials;
  /** Where the cases subgraph publishes the key of its scope statements. @default CASES_JWKS_URL */
  casesKeys: KeySource;
}

export const BLOB_STORES = ['database', 'local', 's3'] as const;
export type BlobStoreKind = (typeof BLOB_STORES)[number];

export interface S3Settings {
  /** DOSSIERS_S3_ENDPOINT: the server's URL (MinIO, Ceph RGW, a cloud's S3 endpoint). null: the AWS endpoint of the region. */
  endpoint: string | null;
  /** DOSSIERS_S3_BUCKET (must exist). */
  bucket: string;
  /** DOSSIERS_S3_REGION. @default us-east-1 */
  region: string;
  /** DOSSIERS_S3_ACCESS_KEY_ID and DOSSIERS_S3_SECRET_ACCESS_KEY: both, or neither (the SDK's default credential chain). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** DOSSIERS_S3_FORCE_PATH_STYLE: `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (MinIO and most self-hosted servers). @default true with an endpoint, false without */
  forcePathStyle: boolean;
}

const blobStoreKind = z.enum(BLOB_STORES, { message: `DOSSIERS_BLOB_STORE must be one of ${BLOB_STORES.join(', ')}` });
const trueFalse = (variable: string) =>
  z.enum(['true', 'false', '1', '0'], { message: `${variable} must be true or false` }).transform((v) => v === 'true' || v === '1');
/** S3 bucket names (AWS rules): 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const bucketName = z
  .string({ message: 'DOSSIERS_S3_BUCKET is required when DOSSIERS_BLOB_STORE=s3' })
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'DOSSIERS_S3_BUCKET must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens');
const regionName = z.string().regex(/^[a-z0-9-]{1,50}$/, 'DOSSIERS_S3_REGION must be a region name such as us-east-1');

function s3Settings(env: NodeJS.ProcessEnv): S3Settings {
  const endpoint = env.DOSSIERS_S3_ENDPOINT || null;
  if (endpoint !== null && (!URL.canParse(endpoint) || !/^https?:\/\/[^/]/.test(endpoint))) {
    throw new Error(`DOSSIERS_S3_ENDPOINT must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  }
  const bucket = readEnv(bucketName, env.DOSSIERS_S3_BUCKET || undefined);
  const region = readEnv(regionName, env.DOSSIERS_S3_REGION || 'us-east-1');
  const id = env.DOSSIERS_S3_ACCESS_KEY_ID || null;
  const secret = env.DOSSIERS_S3_SECRET_ACCESS_KEY || null;
  if ((id === null) !== (secret === null)) {
    throw new Error(`DOSSIERS_S3_ACCESS_KEY_ID and DOSSIERS_S3_SECRET_ACCESS_KEY go together: ${id === null ? 'DOSSIERS_S3_ACCESS_KEY_ID' : 'DOSSIERS_S3_SECRET_ACCESS_KEY'} is missing`);
  }
  const forcePathStyle = env.DOSSIERS_S3_FORCE_PATH_STYLE ? readEnv(trueFalse('DOSSIERS_S3_FORCE_PATH_STYLE'), env.DOSSIERS_S3_FORCE_PATH_STYLE) : endpoint !== null;
  return { endpoint, bucket, region, credentials: id && secret ? { accessKeyId: id, secretAccessKey: secret } : null, forcePathStyle };
}

export const DEFAULT_CASES_JWKS_URL = 'http://127.0.0.1:4002/.well-known/jwks.json';

function casesJwksUrl(value: string | undefined): KeySource {
  const url = value || DEFAULT_CASES_JWKS_URL;
  if (!URL.canParse(url) || !/^https?:/.test(url)) throw new Error(`CASES_JWKS_URL must be an http(s) URL, got ${JSON.stringify(url)}`);
  return { jwksUrl: url };
}

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

const byteCount = (variable: string) =>
  z.coerce
    .number({ message: `${variable} must be a number of bytes` })
    .int(`${variable} must be a whole number of bytes`)
    .positive(`${variable} must be a positive number of bytes`)
    .max(Number.MAX_SAFE_INTEGER, `${variable} is too large`);

function requiredMaterials(raw: string | undefined): RequiredMaterials {
  if (raw === undefined || raw.trim() === '') return defaultRequiredMaterials;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`DOSSIERS_REQUIRED_MATERIALS must be JSON like {"default":["TRANSFER_LETTER"],"TAX":[...]}, got ${JSON.stringify(raw)}`);
  }
  const r = requiredMaterialsSchema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Error(`DOSSIERS_REQUIRED_MATERIALS${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
}

export function loadDossiersConfig(env: NodeJS.ProcessEnv = process.env): DossiersConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const sealKeyPem = env.DOSSIERS_SEAL_KEY || null;
  const signatureAlg = loadCryptoProfile(env).signature;
  // Parsed here only to refuse a bad key at start, naming the variable.
  if (sealKeyPem) parseSigningKey(sealKeyPem, 'DOSSIERS_SEAL_KEY', signatureAlg);
  const blobStore = readEnv(blobStoreKind, env.DOSSIERS_BLOB_STORE || 'database');
  return {
    blobStore,
    blobDir: resolve(env.DOSSIERS_BLOB_DIR || resolve(dataDir, 'dossiers-blobs')),
    s3: blobStore === 's3' ? s3Settings(env) : null,
    maxUploadBytes: readEnv(byteCount('DOSSIERS_MAX_UPLOAD_BYTES'), env.DOSSIERS_MAX_UPLOAD_BYTES || 2 * GIB),
    verifyBeforeSendBytes: readEnv(byteCount('DOSSIERS_VERIFY_BEFORE_SEND_BYTES'), env.DOSSIERS_VERIFY_BEFORE_SEND_BYTES || 16 * MIB),
    sealKeyPem,
    sealPreviousKeys: parsePreviousKeys(env.DOSSIERS_SEAL_PREVIOUS_KEYS, 'DOSSIERS_SEAL_PREVIOUS_KEYS'),
    signatureAlg,
    keysDir: resolve(dataDir, 'keys'),
    requiredMaterials: requiredMaterials(env.DOSSIERS_REQUIRED_MATERIALS),
    casesKeys: casesJwksUrl(env.CASES_JWKS_URL),
  };
}
