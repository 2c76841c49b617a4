import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { loadDemoKeyRing, parseSigningKey, singleKeyRing, withPreviousKeys, type KeyRing } from '../subgraphs/kit/jws';
import type { SignatureAlgorithm } from '../subgraphs/kit/cryptoProfile';

/**
 * The demo identity provider's key (`npm run token`, tests): ES256 always. User tokens are the
 * operator's identity provider's, outside the crypto profile; the gateway's own key is a kit/jws key.
 */
export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function generateIssuerKey(): Promise<{ key: IssuerKey; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  Object.assign(privateJwk, { kid, alg: 'ES256', use: 'sig' });
  Object.assign(publicJwk, { kid, alg: 'ES256', use: 'sig' });
  return { key: { kid, privateKey, publicJwk }, privateJwk };
}

async function issuerKeyFromJwk(privateJwk: JWK): Promise<IssuerKey> {
  const { d: _d, ...publicJwk } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' } };
}

/**
 * The demo issuer's key in DATA_DIR/keys, generated on first start and kept, so tokens printed by
 * `npm run token` stay valid across restarts. Production names its identity provider instead.
 */
export async function loadOrCreateDemoIssuerKey(dataDir: string): Promise<IssuerKey> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'issuer.private.jwk.json');
  if (existsSync(file)) return issuerKeyFromJwk(JSON.parse(readFileSync(file, 'utf8')));
  mkdirSync(dir, { recursive: true });
  const { key, privateJwk } = await generateIssuerKey();
  writeFileSync(file, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
  return key;
}

/**
 * The key caller assertions are signed with: GATEWAY_SIGNING_KEY (PEM PKCS#8 or JWK, of the profile's
 * algorithm), else the demo keys in DATA_DIR/keys (one file per algorithm, all of them published).
 */
export function gatewayAssertionKeys(o: { given: string | null; previous?: JWK[]; dataDir: string; alg: SignatureAlgorithm }): KeyRing {
  const ring = o.given ? singleKeyRing(parseSigningKey(o.given, 'GATEWAY_SIGNING_KEY', o.alg)) : loadDemoKeyRing(join(o.dataDir, 'keys'), 'gateway', o.alg);
  return withPreviousKeys(ring, o.previous ?? []);
}
