import { createHash, createHmac, createCipheriv, createDecipheriv, randomBytes, type Hash } from 'node:crypto';
import { sm2, sm4 } from 'sm-crypto-v2';
import { z } from 'zod';
import { readEnv } from './config';

/**
 * The crypto profile: which algorithms new artefacts are made with (docs/cryptography.md).
 * `international` (default): SHA-256, ES256, AES-256-GCM, HMAC-SHA-256.
 * `national` (商用密码, GB/T 39786-2021): SM3 (GB/T 32905), SM2 with SM3 and the standard user id
 * (GB/T 32918), SM4-GCM (GB/T 32907, RFC 8998), HMAC-SM3.
 * Every artefact records the algorithm it was made with, and verification follows the record, so
 * artefacts made under the other profile still verify after a switch.
 */
export const CRYPTO_PROFILES = ['international', 'national'] as const;
export type CryptoProfileName = (typeof CRYPTO_PROFILES)[number];

export const DIGEST_ALGORITHMS = ['SHA-256', 'SM3'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];
export const MAC_ALGORITHMS = ['HMAC-SHA-256', 'HMAC-SM3'] as const;
export type MacAlgorithm = (typeof MAC_ALGORITHMS)[number];
export const CIPHER_ALGORITHMS = ['AES-256-GCM', 'SM4-GCM'] as const;
export type CipherAlgorithm = (typeof CIPHER_ALGORITHMS)[number];
/** JWS `alg` values: ES256 (RFC 7518) and SM2SM3, SM2 signatures with SM3 and the default user id (no registered JOSE name exists). */
export const SIGNATURE_ALGORITHMS = ['ES256', 'SM2SM3'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface CryptoProfile {
  name: CryptoProfileName;
  digest: DigestAlgorithm;
  mac: MacAlgorithm;
  cipher: CipherAlgorithm;
  signature: SignatureAlgorithm;
}

export const PROFILES: Record<CryptoProfileName, CryptoProfile> = {
  international: { name: 'international', digest: 'SHA-256', mac: 'HMAC-SHA-256', cipher: 'AES-256-GCM', signature: 'ES256' },
  national: { name: 'national', digest: 'SM3', mac: 'HMAC-SM3', cipher: 'SM4-GCM', signature: 'SM2SM3' },
};

/** CASELINK_CRYPTO_PROFILE, read by every service at start. */
export function loadCryptoProfile(env: NodeJS.ProcessEnv = process.env): CryptoProfile {
  const name = readEnv(
    z.enum(CRYPTO_PROFILES, { message: `CASELINK_CRYPTO_PROFILE must be international or national, got ${JSON.stringify(env.CASELINK_CRYPTO_PROFILE)}` }).default('international'),
    env.CASELINK_CRYPTO_PROFILE || undefined,
  );
  return PROFILES[name];
}

type Bytes = Uint8Array | string;
const bytes = (data: Bytes) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
const NODE_DIGEST: Record<DigestAlgorithm, string> = { 'SHA-256': 'sha256', SM3: 'sm3' };

/** An incremental hash (for streams). SM3 comes from Node's OpenSSL (it has SM3 and SM4 without GCM); SM2 and SM4-GCM from sm-crypto-v2. */
export const createDigest = (algorithm: DigestAlgorithm): Hash => createHash(NODE_DIGEST[algorithm]);

export function digest(algorithm: DigestAlgorithm, data: Bytes): Buffer {
  return createDigest(algorithm).update(bytes(data)).digest();
}

export function mac(algorithm: MacAlgorithm, key: Uint8Array, data: Bytes): Buffer {
  return createHmac(algorithm === 'HMAC-SM3' ? 'sm3' : 'sha256', key).update(bytes(data)).digest();
}

/** Key length in bytes: AES-256 takes 32, SM4 16. */
export const CIPHER_KEY_BYTES: Record<CipherAlgorithm, number> = { 'AES-256-GCM': 32, 'SM4-GCM': 16 };
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function generateCipherKey(algorithm: CipherAlgorithm): Buffer {
  return randomBytes(CIPHER_KEY_BYTES[algorithm]);
}

function checkKey(algorithm: CipherAlgorithm, key: Uint8Array) {
  if (key.length !== CIPHER_KEY_BYTES[algorithm]) throw new Error(`${algorithm} needs a ${CIPHER_KEY_BYTES[algorithm]}-byte key, got ${key.length} bytes`);
}

/** Authenticated encryption: returns iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes). `aad` binds the ciphertext to its place. */
export function encrypt(algorithm: CipherAlgorithm, key: Uint8Array, plaintext: Bytes, aad: Bytes = '', iv: Uint8Array = randomBytes(IV_BYTES)): Buffer {
  checkKey(algorithm, key);
  if (iv.length !== IV_BYTES) throw new Error(`the IV must be ${IV_BYTES} bytes`);
  if (algorithm === 'AES-256-GCM') {
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(bytes(aad));
    const body = Buffer.concat([c.update(bytes(plaintext)), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]);
  }
  const r = sm4.encrypt(bytes(plaintext), key, { mode: 'gcm', iv, associatedData: bytes(aad), output: 'array', outputTag: true });
  return Buffer.concat([iv, r.output, r.tag!]);
}

/** The inverse of encrypt; throws when the key, the aad or the bytes do not match. */
export function decrypt(algorithm: CipherAlgorithm, key: Uint8Array, sealed: Uint8Array, aad: Bytes = ''): Buffer {
  checkKey(algorithm, key);
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  if (algorithm === 'AES-256-GCM') {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(bytes(aad));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]);
  }
  try {
    return Buffer.from(sm4.decrypt(body, key, { mode: 'gcm', iv, associatedData: bytes(aad), tag, output: 'array' }));
  } catch {
    throw new Error('SM4-GCM: authentication failed');
  }
}

/** The default signer identity of GB/T 32918 / GM/T 0009 ("1234567812345678"). */
export const SM2_USER_ID = '1234567812345678';

/** SM2 key pair as hex: private 32 bytes, public uncompressed 04‖x‖y. */
export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

export const sm2PublicKeyOf = (privateKey: string): string => sm2.getPublicKeyFromPrivateKey(privateKey);

/** SM2 signature (with the SM3 digest of Z‖message) as 64 raw bytes r‖s, the form JWS uses. */
export function sm2Sign(privateKey: string, data: Bytes, publicKey: string = sm2PublicKeyOf(privateKey)): Buffer {
  return Buffer.from(sm2.doSignature(bytes(data), privateKey, { hash: true, userId: SM2_USER_ID, publicKey }), 'hex');
}

/**
 * A public key prepared for many verifications (a table of multiples of its point): verifying with
 * it is several times faster, which matters where every request carries an SM2 signature.
 */
export type Sm2PreparedKey = ReturnType<typeof sm2.precomputePublicKey>;
export const sm2PrepareKey = (publicKey: string): Sm2PreparedKey => sm2.precomputePublicKey(publicKey);

export function sm2Verify(publicKey: string | Sm2PreparedKey, data: Bytes, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return sm2.doVerifySignature(bytes(data), Buffer.from(signature).toString('hex'), publicKey, { hash: true, userId: SM2_USER_ID });
  } catch {
    return false;
  }
}

/** An SM2 public key as a JWK (kty EC, crv SM2): how JWKS documents publish it. */
export function sm2PublicJwk(publicKey: string): { kty: 'EC'; crv: 'SM2'; x: string; y: string } {
  const raw = Buffer.from(publicKey, 'hex');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('an SM2 public key is 65 bytes, 04‖x‖y');
  return { kty: 'EC', crv: 'SM2', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') };
}

export function sm2PublicKeyFromJwk(jwk: { kty?: string; crv?: string; x?: string; y?: string }): string {
  if (jwk.kty !== 'EC' || jwk.crv !== 'SM2' || !jwk.x || !jwk.y) throw new Error('not an SM2 JWK');
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new Error('an SM2 JWK has 32-byte x and y');
  return Buffer.concat([Buffer.from([4]), x, y]).toString('hex');
}
