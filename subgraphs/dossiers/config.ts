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
  /** Local blob store directory. @default DATA_DIR/dossiers-blobs */
  blobDir: string;
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
  return {
    blobDir: resolve(env.DOSSIERS_BLOB_DIR || resolve(dataDir, 'dossiers-blobs')),
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
