/**
 * Rotating a signing key across replicas (docs/production.md, "Key rotation"; decision 107): a
 * verifier fetches the signer's JWKS through a load balancer that may reach any replica, caches it,
 * and refetches for an unknown kid. Switching one replica to a new key before every replica publishes
 * it fails verifications; publishing first (the new public key in `*_PREVIOUS_KEYS`), then switching,
 * never does, and what the old key signed keeps verifying after the switch.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, localKeySet, parsePreviousKeys, parseSigningKey, remoteKeySet, signJws, singleKeyRing, verifyJws, withPreviousKeys, type KeyRing } from '../subgraphs/kit/jws';

const ROOT = resolve(import.meta.dirname, '..');

describe('a signing key rotated across two replicas behind one JWKS URL', () => {
  const oldKey = generateSigningKey('ES256');
  const newKey = generateSigningKey('ES256');
  // What the load balancer answers for /.well-known/jwks.json: the replica it happens to reach.
  let served: KeyRing = singleKeyRing(oldKey);
  let fetches = 0;
  let server: http.Server;
  let url: string;
  let clock = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(served.jwks));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const verifier = () => remoteKeySet(url, { now: () => clock, cooldownMs: 30_000 });
  const verifies = async (keys: ReturnType<typeof verifier>, jws: string) => verifyJws(jws, keys).then(() => true, () => false);

  it('switching a replica before the others publish its key: its signatures fail while the balancer reaches the others', async () => {
    served = singleKeyRing(oldKey);
    clock = 0;
    const keys = verifier();
    expect(await verifies(keys, signJws(oldKey, 'before'))).toBe(true);
    // Replica 2 now signs with the new key; replica 1 (still old, publishing only the old key) answers the JWKS.
    clock = 60_000;
    const before = fetches;
    expect(await verifies(keys, signJws(newKey, 'after the switch'))).toBe(false);
    expect(fetches - before).toBe(1); // the unknown kid made it fetch again, from replica 1: still unknown
    clock = 70_000; // within the cooldown: no new fetch, still refused
    expect(await verifies(keys, signJws(newKey, 'again'))).toBe(false);
    expect(fetches - before).toBe(1);
  });

  it('publish, then switch: whichever replica answers, old and new signatures verify, and the old key\'s keep verifying', async () => {
    clock = 0;
    // Step 1, every replica: signs with the old key, publishes the new public key beside it.
    served = withPreviousKeys(singleKeyRing(oldKey), [newKey.publicJwk]);
    const keys = verifier();
    const signedBefore = signJws(oldKey, 'a seal made before the rotation');
    expect(await verifies(keys, signedBefore)).toBe(true);
    // Step 2, replica by replica: the new key signs, the old public key is kept. Replica 1 (step 1) still answers.
    clock = 60_000;
    const step2 = withPreviousKeys(singleKeyRing(newKey), [oldKey.publicJwk]);
    expect(await verifies(keys, signJws(step2.key, 'from replica 2'))).toBe(true);
    // Now replica 2 (step 2) answers the JWKS; a fresh verifier (a restarted subgraph) too.
    served = step2;
    clock = 11 * 60_000; // past the cache's 10 minutes: fetched again
    expect(await verifies(keys, signJws(newKey, 'later'))).toBe(true);
    expect(await verifies(keys, signedBefore)).toBe(true);
    expect(await verifies(verifier(), signedBefore)).toBe(true);
    // Without the old public key (retired too early), what it signed no longer verifies.
    served = singleKeyRing(newKey);
    expect(await verifies(verifier(), signedBefore)).toBe(false);
  });
});

describe('npm run key:public', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JWK set a *_PREVIOUS_KEYS setting takes, with the kid the key signs with', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const file = join(dir, 'next.pem');
    writeFileSync(file, pem);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/public-key.ts', file], { cwd: ROOT });
    const [jwk] = parsePreviousKeys(stdout.trim(), 'GATEWAY_SIGNING_PREVIOUS_KEYS');
    const key = parseSigningKey(pem, 'GATEWAY_SIGNING_KEY', 'ES256');
    expect(jwk!.kid).toBe(key.kid);
    expect(jwk!.d).toBeUndefined();
    // A signature by the key verifies with the printed set alone.
    await expect(verifyJws(signJws(key, 'x'), localKeySet({ keys: [jwk!] }))).resolves.toBeTruthy();
    // --private: the same key as one line of JWK, for an environment file.
    const priv = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/public-key.ts', '--private', file], { cwd: ROOT });
    expect(priv.stdout.trim().split('\n')).toHaveLength(1);
    expect(parseSigningKey(priv.stdout.trim(), 'GATEWAY_SIGNING_KEY', 'ES256').kid).toBe(key.kid);
  }, 60_000);
});
