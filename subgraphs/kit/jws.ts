import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import {
  SIGNATURE_ALGORITHMS,
  generateSm2KeyPair,
  loadCryptoProfile,
  sm2PublicJwk,
  sm2PublicKeyFromJwk,
  sm2PrepareKey,
  sm2PublicKeyOf,
  sm2Sign,
  sm2Verify,
  type SignatureAlgorithm,
} from './cryptoProfile';

/**
 * Every signature caselink makes itself (caller assertions, seals, receipts, statements, checkpoints):
 * compact JWS under the crypto profile's algorithm, ES256 or SM2SM3. jose cannot import SM2 keys
 * (crv SM2), so keys, signing and key sets live here for both algorithms; the identity provider's
 * user tokens are not ours and stay with jose (gateway/auth.ts).
 */
export type { JWK };
export { SIGNATURE_ALGORITHMS, type SignatureAlgorithm };

export interface SigningKey {
  alg: SignatureAlgorithm;
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  /** The signature over `data`: raw r‖s (64 bytes), as JWS carries it. */
  sign(data: Uint8Array): Uint8Array;
  /** Public half with kid, alg and use: what a JWKS publishes. */
  publicJwk: JWK;
  /** Private JWK (d included): what a demo key file keeps. */
  privateJwk: JWK;
}

/** A key and the public keys verifiers must still accept (older keys of the other algorithm). */
export interface KeyRing {
  key: SigningKey;
  jwks: { keys: JWK[] };
}

// ---- keys --------------------------------------------------------------------------------------

const b64u = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

/** RFC 7638 thumbprint of an EC key (SM2 keys are EC keys on another curve: same members). */
export function thumbprint(jwk: JWK): string {
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
}

/** The algorithm a JWK is for: its `alg`, else its curve. Null for keys caselink does not sign with. */
export function algOfJwk(jwk: JWK): SignatureAlgorithm | null {
  if (jwk.kty !== 'EC') return null;
  if (jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) return 'ES256';
  if (jwk.crv === 'SM2' && (jwk.alg === undefined || jwk.alg === 'SM2SM3')) return 'SM2SM3';
  return null;
}

function publicPart(jwk: JWK, alg: SignatureAlgorithm): JWK {
  const pub: JWK = { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { ...pub, kid: thumbprint(pub), alg, use: 'sig' };
}

/** A signing key from a private JWK: P-256 (ES256) or SM2 (SM2SM3). */
export function signingKeyFromJwk(privateJwk: JWK): SigningKey {
  const alg = algOfJwk(privateJwk);
  if (!alg || !privateJwk.d) throw new Error('not a private EC key on P-256 or SM2 (a JWK with kty EC, crv P-256 or SM2, and d)');
  const publicJwk = publicPart(privateJwk, alg);
  const kid = publicJwk.kid!;
  const stored: JWK = { kty: 'EC', crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y, d: privateJwk.d, kid, alg, use: 'sig' };
  if (alg === 'ES256') {
    const key = createPrivateKey({ key: stored as never, format: 'jwk' });
    return { alg, kid, publicJwk, privateJwk: stored, sign: (data) => nodeSign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }) };
  }
  const d = Buffer.from(privateJwk.d, 'base64url').toString('hex');
  if (d.length !== 64) throw new Error('an SM2 private key is 32 bytes');
  const publicKey = sm2PublicKeyOf(d);
  if (sm2PublicKeyFromJwk(publicJwk) !== publicKey) throw new Error('the SM2 JWK’s x and y are not the public key of its d');
  return { alg, kid, publicJwk, privateJwk: stored, sign: (data) => sm2Sign(d, data, publicKey) };
}

export function generateSigningKey(alg: SignatureAlgorithm = loadCryptoProfile().signature): SigningKey {
  if (alg === 'ES256') {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return signingKeyFromJwk(privateKey.export({ format: 'jwk' }) as JWK);
  }
  const { privateKey, publicKey } = generateSm2KeyPair();
  return signingKeyFromJwk({ ...sm2PublicJwk(publicKey), d: Buffer.from(privateKey.padStart(64, '0'), 'hex').toString('base64url') });
}

/** OID 1.2.156.10197.1.301 (the SM2 curve), as DER content bytes. */
const SM2_CURVE_OID = Buffer.from('2a811ccf5501822d', 'hex');
/** PKCS#8 of an SM2 key as `openssl genpkey -algorithm SM2` writes it, up to the 32 bytes of d. */
const SM2_PKCS8_PREFIX = Buffer.from('308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420', 'hex');

/** One DER TLV at `at`: its tag, where its content starts and ends. */
function tlv(der: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  if (start + len > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + len };
}

/** d of an SM2 PKCS#8 key: PrivateKeyInfo { version, AlgorithmIdentifier { ecPublicKey, SM2 }, OCTET STRING ECPrivateKey { 1, OCTET STRING d, … } }. */
function sm2PrivateFromPkcs8(der: Buffer): string | null {
  const info = tlv(der, 0);
  const version = tlv(der, info.start);
  const algorithm = tlv(der, version.end);
  if (!der.subarray(algorithm.start, algorithm.end).includes(SM2_CURVE_OID)) return null;
  const wrapped = tlv(der, algorithm.end);
  const ecKey = tlv(der, wrapped.start);
  const ecVersion = tlv(der, ecKey.start);
  const d = tlv(der, ecVersion.end);
  if (d.tag !== 0x04 || d.end - d.start > 32) throw new Error('malformed SM2 private key');
  return der.subarray(d.start, d.end).toString('hex').padStart(64, '0');
}

/** A signing key from PEM PKCS#8: a P-256 key (ES256) or an SM2 key (SM2SM3, as OpenSSL writes it). */
export function signingKeyFromPem(pem: string): SigningKey {
  const key: KeyObject = createPrivateKey(pem);
  if (key.asymmetricKeyType === 'ec') {
    const jwk = key.export({ format: 'jwk' }) as JWK;
    if (jwk.crv !== 'P-256') throw new Error(`an EC key on ${jwk.crv}; caselink signs with P-256 (ES256) or SM2 (SM2SM3)`);
    return signingKeyFromJwk(jwk);
  }
  const d = sm2PrivateFromPkcs8(key.export({ format: 'der', type: 'pkcs8' }) as Buffer);
  if (!d) throw new Error(`a ${key.asymmetricKeyType ?? 'non-EC'} key; caselink signs with P-256 (ES256) or SM2 (SM2SM3)`);
  return signingKeyFromJwk({ ...sm2PublicJwk(sm2PublicKeyOf(d)), d: Buffer.from(d, 'hex').toString('base64url') });
}

/** PEM PKCS#8 of a key (an SM2 key in OpenSSL's form), e.g. to pass it through an env var. */
export function toPkcs8Pem(key: SigningKey): string {
  if (key.alg === 'ES256') return createPrivateKey({ key: key.privateJwk as never, format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }) as string;
  const x = Buffer.from(key.privateJwk.x!, 'base64url');
  const y = Buffer.from(key.privateJwk.y!, 'base64url');
  const der = Buffer.concat([SM2_PKCS8_PREFIX, Buffer.from(key.privateJwk.d!, 'base64url'), Buffer.from('a144034200', 'hex'), Buffer.from([4]), x, y]);
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`;
}

/**
 * A production key from an env var: PEM PKCS#8 or a private JWK, of the profile's algorithm. Throws
 * an error naming the variable, so a bad key stops the service at start.
 */
export function parseSigningKey(value: string, variable: string, alg: SignatureAlgorithm): SigningKey {
  let key: SigningKey;
  try {
    key = value.trim().startsWith('{') ? signingKeyFromJwk(JSON.parse(value) as JWK) : signingKeyFromPem(value);
  } catch (err) {
    throw new Error(`${variable} must be a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----) or a private JWK, on P-256 or SM2: ${(err as Error).message}`);
  }
  if (key.alg !== alg) {
    throw new Error(`${variable} is an ${key.alg} key, but the crypto profile (CASELINK_CRYPTO_PROFILE) signs with ${alg}: give a key on ${alg === 'ES256' ? 'P-256' : 'SM2'}`);
  }
  return key;
}

/** A demo key file's name: the ES256 one keeps its name from before the profile existed. */
export const demoKeyFile = (dir: string, base: string, alg: SignatureAlgorithm) => join(dir, alg === 'ES256' ? `${base}.private.jwk.json` : `${base}.sm2.private.jwk.json`);

/**
 * Demo keys in `dir`, one file per algorithm: the key of `alg` (created on first use) signs; the
 * others, from an earlier start under the other profile, stay published so what they signed still verifies.
 */
export function loadDemoKeyRing(dir: string, base: string, alg: SignatureAlgorithm): KeyRing {
  const file = demoKeyFile(dir, base, alg);
  let key: SigningKey;
  if (existsSync(file)) key = signingKeyFromJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
  else {
    mkdirSync(dir, { recursive: true });
    key = generateSigningKey(alg);
    writeFileSync(file, JSON.stringify(key.privateJwk, null, 2), { mode: 0o600 });
  }
  const older = SIGNATURE_ALGORITHMS.filter((a) => a !== alg && existsSync(demoKeyFile(dir, base, a))).map(
    (a) => signingKeyFromJwk(JSON.parse(readFileSync(demoKeyFile(dir, base, a), 'utf8')) as JWK).publicJwk,
  );
  return { key, jwks: { keys: [key.publicJwk, ...older] } };
}

/** A ring of one key (a production key, a test key). */
export const singleKeyRing = (key: SigningKey): KeyRing => ({ key, jwks: { keys: [key.publicJwk] } });

/**
 * Public keys that signed before the current one (`<KEY>_PREVIOUS_KEYS`: a JWK set `{"keys":[…]}` of
 * P-256 or SM2 public keys, each with its `kid`), published beside it so what they signed still
 * verifies after a rotation or a profile switch. Throws an error naming the variable.
 */
export function parsePreviousKeys(value: string | undefined, variable: string): JWK[] {
  if (!value) return [];
  let set: unknown;
  try {
    set = JSON.parse(value);
  } catch {
    throw new Error(`${variable} must be a JWK set {"keys":[…]} of public keys, got text that is not JSON`);
  }
  const keys = (set as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) throw new Error(`${variable} must be a JWK set {"keys":[…]} of public keys`);
  return keys.map((jwk: JWK, i) => {
    if (jwk.d) throw new Error(`${variable}: key ${i} holds a private part (d): give public keys only`);
    if (!jwk.kid) throw new Error(`${variable}: key ${i} has no kid (verifiers find keys by kid)`);
    let key: PublicKey | null = null;
    try {
      key = publicKeyFromJwk(jwk);
    } catch {
      key = null;
    }
    if (!key) throw new Error(`${variable}: key ${i} is not a P-256 or SM2 public key`);
    const { kty, crv, x, y, kid } = jwk;
    return { kty, crv, x, y, kid, alg: key.alg, use: 'sig' } as JWK;
  });
}

/** A ring with earlier public keys published beside its own. */
export const withPreviousKeys = (ring: KeyRing, previous: JWK[]): KeyRing => ({ key: ring.key, jwks: { keys: [...ring.jwks.keys, ...previous.filter((p) => !ring.jwks.keys.some((k) => k.kid === p.kid))] } });

// ---- signing -----------------------------------------------------------------------------------

export interface JwsHeader {
  alg: SignatureAlgorithm;
  kid?: string;
  typ?: string;
}

/** Compact JWS over `payload` (bytes, or a string taken as UTF-8) with protected header { alg, kid, typ? }. */
export function signJws(key: SigningKey, payload: Uint8Array | string, typ?: string): string {
  const header: JwsHeader = typ ? { alg: key.alg, kid: key.kid, typ } : { alg: key.alg, kid: key.kid };
  const input = `${b64u(JSON.stringify(header))}.${b64u(payload)}`;
  return `${input}.${b64u(key.sign(Buffer.from(input, 'ascii')))}`;
}

// ---- key sets ----------------------------------------------------------------------------------

export interface PublicKey {
  alg: SignatureAlgorithm;
  kid: string | undefined;
  verify(data: Uint8Array, signature: Uint8Array): boolean;
}

export function publicKeyFromJwk(jwk: JWK): PublicKey | null {
  const alg = algOfJwk(jwk);
  if (!alg || !jwk.x || !jwk.y) return null;
  if (alg === 'ES256') {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as never, format: 'jwk' });
    return { alg, kid: jwk.kid, verify: (data, sig) => sig.length === 64 && nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig) };
  }
  const prepared = sm2PrepareKey(sm2PublicKeyFromJwk(jwk));
  return { alg, kid: jwk.kid, verify: (data, sig) => sm2Verify(prepared, data, sig) };
}

/** The keys a verifier may try for a header: the key with its kid, or (no kid) every key of its alg. */
export interface KeySet {
  candidates(alg: SignatureAlgorithm, kid: string | undefined): Promise<PublicKey[]>;
}

/** A key published without a kid (a bare JWK a verifier was handed) is a candidate for any kid, as in jose. */
const pick = (keys: PublicKey[], alg: SignatureAlgorithm, kid: string | undefined) => keys.filter((k) => k.alg === alg && (kid === undefined || k.kid === undefined || k.kid === kid));

export function localKeySet(jwks: { keys: JWK[] }): KeySet {
  const keys = jwks.keys.map(publicKeyFromJwk).filter((k): k is PublicKey => !!k);
  return { candidates: async (alg, kid) => pick(keys, alg, kid) };
}

export interface RemoteKeySetOptions {
  /** Refetched after this long. @default 10 minutes */
  maxAgeMs?: number;
  /** An unknown kid refetches at most this often (a rotated key is found; a flood of made-up kids does not become a flood of fetches). @default 30 s */
  cooldownMs?: number;
  /** @default 5 s */
  timeoutMs?: number;
  now?: () => number;
}

/** A JWKS fetched from `url`, cached, and fetched again for an unknown kid (at most once per cooldown). */
export function remoteKeySet(url: string, o: RemoteKeySetOptions = {}): KeySet {
  const maxAge = o.maxAgeMs ?? 10 * 60_000;
  const cooldown = o.cooldownMs ?? 30_000;
  const now = o.now ?? Date.now;
  let keys: PublicKey[] | null = null;
  let fetchedAt = -Infinity;
  let inflight: Promise<void> | null = null;
  const refresh = () =>
    (inflight ??= (async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 5_000), headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(`JWKS at ${url}: HTTP ${res.status}`);
        const body = (await res.json()) as { keys?: unknown };
        if (!Array.isArray(body.keys)) throw new Error(`JWKS at ${url}: no keys array`);
        keys = (body.keys as JWK[]).map(publicKeyFromJwk).filter((k): k is PublicKey => !!k);
        fetchedAt = now();
      } finally {
        inflight = null;
      }
    })());
  return {
    async candidates(alg, kid) {
      if (!keys || now() - fetchedAt > maxAge) await refresh();
      let found = pick(keys!, alg, kid);
      if (!found.length && now() - fetchedAt >= cooldown) {
        await refresh();
        found = pick(keys!, alg, kid);
      }
      return found;
    },
  };
}

export type KeySource = { jwks: { keys: JWK[] } } | { jwksUrl: string };

export const keySetFrom = (source: KeySource): KeySet => ('jwks' in source ? localKeySet(source.jwks) : remoteKeySet(source.jwksUrl));

// ---- verifying ---------------------------------------------------------------------------------

/** A JWS that does not verify: the presenter's fault (unlike an unreachable key source, thrown as it is). */
export class JwsNotVerified extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwsNotVerified';
  }
}

export interface VerifyOptions {
  /** Algorithms accepted. @default both: what was signed under either profile still verifies */
  algorithms?: readonly SignatureAlgorithm[];
  /** The `typ` the header must have, when given. */
  typ?: string;
}

function decodePart(part: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new JwsNotVerified('not base64url');
  return Buffer.from(part, 'base64url');
}

/** Verifies a compact JWS: the algorithm from its header, among those allowed; the key by its kid. */
export async function verifyJws(jws: string, keys: KeySet, o: VerifyOptions = {}): Promise<{ header: JwsHeader & Record<string, unknown>; payload: Buffer }> {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new JwsNotVerified('not a compact JWS');
  const [h, p, s] = parts as [string, string, string];
  let header: JwsHeader & Record<string, unknown>;
  try {
    header = JSON.parse(decodePart(h).toString('utf8'));
  } catch {
    throw new JwsNotVerified('the protected header is not JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new JwsNotVerified('the protected header is not an object');
  // No extension is understood here, so any critical one refuses (RFC 7515 §4.1.11); b64:false would be one.
  if ('crit' in header || 'b64' in header) throw new JwsNotVerified('unsupported critical header');
  const allowed = o.algorithms ?? SIGNATURE_ALGORITHMS;
  if (!allowed.includes(header.alg)) throw new JwsNotVerified(`"alg" (Algorithm) Header Parameter value not allowed: ${String(header.alg)}`);
  if (header.kid !== undefined && typeof header.kid !== 'string') throw new JwsNotVerified('"kid" is not a string');
  if (o.typ !== undefined && header.typ !== o.typ) throw new JwsNotVerified(`"typ" is not ${o.typ}`);
  const candidates = await keys.candidates(header.alg, header.kid);
  if (!candidates.length) throw new JwsNotVerified(header.kid ? `no ${header.alg} key with kid ${header.kid}` : `no ${header.alg} key`);
  const signature = decodePart(s);
  const payload = decodePart(p);
  const input = Buffer.from(`${h}.${p}`, 'ascii');
  if (!candidates.some((k) => k.verify(input, signature))) throw new JwsNotVerified('signature verification failed');
  return { header, payload };
}

/** The header of a compact JWS without verifying it (null when it has none). */
export function peekHeader(jws: string): (JwsHeader & Record<string, unknown>) | null {
  try {
    const h = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8'));
    return h && typeof h === 'object' ? h : null;
  } catch {
    return null;
  }
}

/** A key or a ring, as a ring. */
export const asKeyRing = (k: SigningKey | KeyRing): KeyRing => ('jwks' in k ? k : singleKeyRing(k));
