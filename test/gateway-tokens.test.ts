/**
 * Caller token lifetimes (issue 15): a token issued in the future (beyond the allowed clock skew) or
 * issued to live longer than the maximum is refused, whoever signed it; a token without `iat` too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, DEFAULT_TOKEN_LIMITS } from '../gateway/auth';
import { DEMO_AUDIENCE, DEMO_ISSUER, findDemoOfficer, mintToken } from '../demo/tokens';
import { FC } from './hostileKit';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const OFFICER = findDemoOfficer({ login: 'song.wenjie.xh-msa' });
const CLAIMS = { agency: 'ag-330106-msa', agency_kind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'] };
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe(`caller token lifetimes at the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  /** A token of the demo officer signed by the trusted issuer, with the given iat / nbf / exp (seconds since the epoch; null: left out). */
  const token = (t: { iat: number | null; exp: number; nbf?: number }) => {
    const jwt = new SignJWT({ ...CLAIMS, ...(t.nbf === undefined ? {} : { nbf: t.nbf }) })
      .setProtectedHeader({ alg: 'ES256', kid: graph.issuerKey.kid })
      .setSubject(OFFICER.id)
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_AUDIENCE)
      .setExpirationTime(t.exp);
    if (t.iat !== null) jwt.setIssuedAt(t.iat);
    return jwt.sign(graph.issuerKey.privateKey);
  };
  const ask = async (t: string) => graph.query('{ __typename }', {}, { token: t });

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  it('defaults: at most 12 h of lifetime, 60 s of clock skew', () => {
    expect(DEFAULT_TOKEN_LIMITS).toEqual({ maxLifetimeSeconds: 43200, clockSkewSeconds: 60 });
  });

  it('a token issued 10 minutes in the future: UNAUTHENTICATED, naming the problem', async () => {
    const now = nowSeconds();
    const res = await ask(await token({ iat: now + 600, exp: now + 600 + 3600 }));
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0]!.message).toMatch(/^invalid token: issued in the future \(iat is (59\d|600) s ahead of the gateway's clock; at most 60 s of clock skew is allowed\)$/);
  });

  it('a token issued 30 s in the future (an issuer clock slightly ahead) is accepted; so is nbf 30 s ahead', async () => {
    const now = nowSeconds();
    expect((await ask(await token({ iat: now + 30, exp: now + 3600 }))).data).toEqual({ __typename: 'Query' });
    expect((await ask(await token({ iat: now + 30, nbf: now + 30, exp: now + 3600 }))).data).toEqual({ __typename: 'Query' });
  });

  it('a token issued for 24 h: UNAUTHENTICATED, naming both lifetimes; 12 h exactly is accepted', async () => {
    const now = nowSeconds();
    const res = await ask(await token({ iat: now, exp: now + 24 * 3600 }));
    expect(res.status).toBe(401);
    expect(res.errors![0]).toMatchObject({
      message: 'invalid token: its lifetime (exp - iat) is 24 h, longer than the 12 h the gateway accepts',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    // Issued long ago: the lifetime counts, not the time left.
    const old = await ask(await token({ iat: now - 20 * 3600, exp: now + 3600 }));
    expect(old.errors![0]!.message).toBe('invalid token: its lifetime (exp - iat) is 21 h, longer than the 12 h the gateway accepts');
    expect((await ask(await token({ iat: now, exp: now + 12 * 3600 }))).data).toEqual({ __typename: 'Query' });
  });

  it('a token without iat (its lifetime unknown): UNAUTHENTICATED', async () => {
    const res = await ask(await token({ iat: null, exp: nowSeconds() + 3600 }));
    expect(res.errors![0]).toMatchObject({ message: 'invalid token: missing required "iat" claim', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('expiry gets no grace from the clock skew: a token expired 5 s ago is refused', async () => {
    const now = nowSeconds();
    const res = await ask(await token({ iat: now - 600, exp: now - 5 }));
    expect(res.errors![0]).toMatchObject({ message: 'invalid token: "exp" claim timestamp check failed', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it("the demo token script's default (8 h) stays valid", async () => {
    expect((await ask(await mintToken(OFFICER, graph.issuerKey))).data).toEqual({ __typename: 'Query' });
  });

  it('configured limits: accepted exactly when iat <= now + skew, now < exp and exp - iat <= max (a fixed clock)', async () => {
    const NOW = 1_800_000_000;
    const limits = { maxLifetimeSeconds: 3600, clockSkewSeconds: 20 };
    const authenticate = createTokenVerifier({ keys: { jwks: [graph.issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, ...limits, now: () => NOW * 1000 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -7200, max: 120 }), fc.integer({ min: 1, max: 7200 }), async (iatOffset, lifetime) => {
        const iat = NOW + iatOffset;
        const exp = iat + lifetime;
        const expected = iat <= NOW + 20 && exp > NOW && lifetime <= 3600;
        const signed = await token({ iat, exp });
        const accepted = await authenticate({ authorization: `Bearer ${signed}` }).then(
          () => true,
          (err) => {
            expect(err.extensions.code).toBe('UNAUTHENTICATED');
            return false;
          },
        );
        expect(accepted, `iat ${iatOffset}, lifetime ${lifetime}`).toBe(expected);
      }),
      { ...FC, numRuns: FC.numRuns * 3 },
    );
  });

  it('npm run token: the default 8 h is accepted; a lifetime the gateway would refuse is refused when minted', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caselink-token-'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../scripts/token.ts'), '--role', 'ANALYST', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', AUTH_MAX_TOKEN_LIFETIME_SECONDS: '' },
      });
    try {
      const ok = run();
      expect(ok.status).toBe(0);
      const { iat, exp } = decodeJwt(ok.stdout.trim());
      expect(exp! - iat!).toBe(8 * 3600);
      const long = run('--expires', '24h');
      expect(long.status).toBe(1);
      expect(long.stdout).toBe('');
      expect(long.stderr.trim()).toBe('--expires 24h is longer than the gateway accepts (43200 s, AUTH_MAX_TOKEN_LIFETIME_SECONDS)');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
