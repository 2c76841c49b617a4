import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';

/** An ES256 signing key with its public half, as the gateway and the demo token issuer use them. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function generateSigningKey(): Promise<{ key: SigningKey; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  Object.assign(privateJwk, { kid, alg: 'ES256', use: 'sig' });
  Object.assign(publicJwk, { kid, alg: 'ES256', use: 'sig' });
  return { key: { kid, privateKey, publicJwk }, privateJwk };
}

export async function signingKeyFromJwk(privateJwk: JWK): Promise<SigningKey> {
  const { d: _d, ...publicJwk } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' } };
}

/**
 * Demo keys live in DATA_DIR/keys, generated on first start and kept, so tokens printed by
 * `npm run token` stay valid across restarts. Production passes keys through env instead.
 */
export async function loadOrCreateDemoKey(dataDir: string, name: 'issuer' | 'gateway'): Promise<SigningKey> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, `${name}.private.jwk.json`);
  if (existsSync(file)) return signingKeyFromJwk(JSON.parse(readFileSync(file, 'utf8')));
  mkdirSync(dir, { recursive: true });
  const { key, privateJwk } = await generateSigningKey();
  writeFileSync(file, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
  return key;
}

/** A signing key given as PEM (PKCS#8), as production passes it through GATEWAY_SIGNING_KEY. */
export async function signingKeyFromPem(pem: string): Promise<SigningKey> {
  const key = (await importPKCS8(pem, 'ES256', { extractable: true })) as CryptoKey;
  return signingKeyFromJwk(await exportJWK(key));
}
