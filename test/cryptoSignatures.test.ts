/**
 * Every signature caselink makes itself follows the crypto profile (issue 22): ES256 under
 * `international`, SM2SM3 under `national`, and what was signed under one still verifies after a
 * restart under the other. The identity provider's user tokens are not ours and stay as they are.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadGatewayConfig } from '../gateway/config';
import { loadCasesConfig } from '../subgraphs/cases/config';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { loadSealKey } from '../subgraphs/dossiers/signing';
import { ASSERTION_HEADER, createAssertionVerifier, signCallerAssertion, type Caller } from '../subgraphs/kit/caller';
import { checkpointDir, listCheckpoints, loadCheckpointKey, readCheckpoint, trustedCheckpointKey, verifyCheckpointDirectory } from '../subgraphs/kit/checkpoint';
import { SIGNATURE_ALGORITHMS, sm2PublicKeyFromJwk } from '../subgraphs/kit/cryptoProfile';
import {
  generateSigningKey,
  localKeySet,
  parseSigningKey,
  peekHeader,
  remoteKeySet,
  signingKeyFromPem,
  signJws,
  toPkcs8Pem,
  verifyJws,
  type JWK,
} from '../subgraphs/kit/jws';
import { verifySignedStatement } from '../subgraphs/kit/signedStatement';
import { caseInput, caseStep, createCase, documentStatementOf, openDossier, scopeStatementOf, uploadDocument } from './dossierClient';
import { officers } from '../demo/province';
import { makeCreditCode } from '../subgraphs/kit/identifiers';
import { startTestGraph, type TestGraph } from './harness';

/** An SM2 key as `openssl genpkey -algorithm SM2` wrote it (OpenSSL 3.0), and its public key. */
const OPENSSL_SM2_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgRlDI+wUQMbzlH+fZ
G+T0f8ggq/onNFixFA819WbQ6EKhRANCAARuMDONmBqHOAXh1C3Aja1e1Tsk4jLZ
Bxv99d5ZtUzxsriFYVVvtyrEKgvjZnsE2rv+S/BZUrCxBeYyXQAyIABd
-----END PRIVATE KEY-----
`;
const OPENSSL_SM2_PUBLIC =
  '046e30338d981a873805e1d42dc08dad5ed53b24e232d9071bfdf5de59b54cf1b2b88561556fb72ac42a0be3667b04dabbfe4bf05952b0b105e6325d003220005d';

const CALLER: Caller = { sub: 'of-1', agencyId: 'ag-1', agencyKind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'], purpose: null, requestId: 'req-00000001' };
const code = (p: Promise<unknown>) => p.then(() => 'verified', (e) => (e as { extensions?: { code?: string } }).extensions?.code ?? (e as Error).message);
/** Sets CASELINK_CRYPTO_PROFILE for what follows (the services read it at start); returns the undo. */
function useProfile(name: 'international' | 'national' | undefined): () => void {
  const before = process.env.CASELINK_CRYPTO_PROFILE;
  if (name) process.env.CASELINK_CRYPTO_PROFILE = name;
  else delete process.env.CASELINK_CRYPTO_PROFILE;
  return () => {
    if (before === undefined) delete process.env.CASELINK_CRYPTO_PROFILE;
    else process.env.CASELINK_CRYPTO_PROFILE = before;
  };
}

describe.each(SIGNATURE_ALGORITHMS)('kit/jws with %s keys', (alg) => {
  const key = generateSigningKey(alg);
  const keys = localKeySet({ keys: [key.publicJwk] });

  it('signs a compact JWS with { alg, kid, typ } that verifies with the key set; PEM PKCS#8 round trip', async () => {
    const jws = signJws(key, '{"a":1}', 'caselink-test');
    expect(peekHeader(jws)).toEqual({ alg, kid: key.kid, typ: 'caselink-test' });
    expect((await verifyJws(jws, keys, { typ: 'caselink-test' })).payload.toString()).toBe('{"a":1}');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: alg === 'ES256' ? 'P-256' : 'SM2', alg, kid: key.kid, use: 'sig' });
    expect(signingKeyFromPem(toPkcs8Pem(key)).kid).toBe(key.kid);
  });

  it('refuses a forged or altered signature, an algorithm not allowed, an unknown kid, alg none and HS256', async () => {
    const jws = signJws(key, '{"a":1}');
    const [h, p, s] = jws.split('.') as [string, string, string];
    const stranger = generateSigningKey(alg);
    const refusals = {
      'another key, same kid': signJws({ ...stranger, kid: key.kid }, '{"a":1}'),
      'payload altered': `${h}.${Buffer.from('{"a":2}').toString('base64url')}.${s}`,
      'signature altered': `${h}.${p}.${Buffer.from(Buffer.from(s, 'base64url').map((b, i) => (i === 10 ? b ^ 1 : b))).toString('base64url')}`,
      'unknown kid': signJws(stranger, '{"a":1}'),
      'alg none': `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`,
      HS256: `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: key.kid })).toString('base64url')}.${p}.${s}`,
      'header names the other algorithm': `${Buffer.from(JSON.stringify({ alg: alg === 'ES256' ? 'SM2SM3' : 'ES256', kid: key.kid })).toString('base64url')}.${p}.${s}`,
    };
    for (const [label, bad] of Object.entries(refusals)) await expect(verifyJws(bad, keys), label).rejects.toThrow();
    await expect(verifyJws(jws, keys, { algorithms: SIGNATURE_ALGORITHMS.filter((a) => a !== alg) })).rejects.toThrow(/not allowed/);

    // As a signed statement: BAD_USER_INPUT naming the field; as a caller assertion: UNAUTHENTICATED.
    const statement = (j: string) => verifySignedStatement(j, keys, { schema: z.object({ a: z.number() }), field: 'input.x', notVerified: 'does not verify' });
    expect(await code(statement(jws))).toBe('verified');
    for (const bad of Object.values(refusals)) expect(await code(statement(bad))).toBe('BAD_USER_INPUT');
    const verify = createAssertionVerifier('cases', { jwks: { keys: [key.publicJwk] } });
    const body = '{"query":"{ __typename }"}';
    const good = await signCallerAssertion(CALLER, 'cases', { kind: 'graphql', body }, key);
    expect(peekHeader(good)).toEqual({ alg, kid: key.kid });
    expect(await verify(good, { kind: 'graphql', body })).toEqual(CALLER);
    expect(await code(verify(await signCallerAssertion(CALLER, 'cases', { kind: 'graphql', body }, stranger), { kind: 'graphql', body }))).toBe('UNAUTHENTICATED');
    expect(await code(verify(await signCallerAssertion(CALLER, 'cases', { kind: 'graphql', body: '{}' }, key), { kind: 'graphql', body }))).toBe('UNAUTHENTICATED');
    const [ah, ap] = good.split('.');
    expect(await code(verify(`${ah}.${ap}.${s}`, { kind: 'graphql', body }))).toBe('UNAUTHENTICATED');
  });
});

describe('keys from configuration', () => {
  it('reads an SM2 key as OpenSSL writes it (PKCS#8 PEM) and as a JWK (crv SM2)', () => {
    const key = signingKeyFromPem(OPENSSL_SM2_PEM);
    expect(key.alg).toBe('SM2SM3');
    expect(sm2PublicKeyFromJwk(key.publicJwk)).toBe(OPENSSL_SM2_PUBLIC);
    expect(toPkcs8Pem(key)).toBe(OPENSSL_SM2_PEM);
    expect(parseSigningKey(JSON.stringify(key.privateJwk), 'CASES_SCOPE_KEY', 'SM2SM3').kid).toBe(key.kid);
  });

  it('a key of the wrong algorithm, or no key at all, stops the service at start, naming the variable', () => {
    const es256 = toPkcs8Pem(generateSigningKey('ES256'));
    const national = { CASELINK_CRYPTO_PROFILE: 'national' };
    expect(() => loadGatewayConfig({ ...national, GATEWAY_SIGNING_KEY: es256 })).toThrow(/^GATEWAY_SIGNING_KEY is an ES256 key, but the crypto profile \(CASELINK_CRYPTO_PROFILE\) signs with SM2SM3/);
    expect(() => loadGatewayConfig({ GATEWAY_SIGNING_KEY: OPENSSL_SM2_PEM })).toThrow(/^GATEWAY_SIGNING_KEY is an SM2SM3 key/);
    expect(loadGatewayConfig({ ...national, GATEWAY_SIGNING_KEY: OPENSSL_SM2_PEM }).signatureAlg).toBe('SM2SM3');
    expect(() => loadDossiersConfig({ ...national, DOSSIERS_SEAL_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })).toThrow(/^DOSSIERS_SEAL_KEY must be a PEM PKCS#8 private key/);
    expect(loadDossiersConfig({ ...national, DOSSIERS_SEAL_KEY: OPENSSL_SM2_PEM }).signatureAlg).toBe('SM2SM3');
    expect(() => loadCasesConfig({ ...national, CASES_SCOPE_KEY: '{"kty":"EC","crv":"SM2"}' })).toThrow(/^CASES_SCOPE_KEY must be/);
    expect(loadCasesConfig({ ...national, CASES_SCOPE_KEY: OPENSSL_SM2_PEM }).signatureAlg).toBe('SM2SM3');
  });

  it('a production key switched to SM2 keeps the previous ES256 key published: what it signed still verifies', async () => {
    const old = generateSigningKey('ES256');
    const oldSeal = signJws(old, JSON.stringify({ caseId: 'cs-1' }), 'caselink-transfer-seal+jws');
    const national = { CASELINK_CRYPTO_PROFILE: 'national', DOSSIERS_SEAL_KEY: OPENSSL_SM2_PEM };
    const previous = JSON.stringify({ keys: [old.publicJwk] });
    const config = loadDossiersConfig({ ...national, DOSSIERS_SEAL_PREVIOUS_KEYS: previous });
    const ring = await loadSealKey({ pem: config.sealKeyPem, previous: config.sealPreviousKeys, keysDir: '/nonexistent', alg: config.signatureAlg });
    expect(ring.key.alg).toBe('SM2SM3');
    expect(ring.jwks.keys.map((k) => k.alg)).toEqual(['SM2SM3', 'ES256']);
    const { payload } = await verifyJws(oldSeal, localKeySet(ring.jwks));
    expect(JSON.parse(payload.toString())).toEqual({ caseId: 'cs-1' });
    // Without the previous key, the old seal no longer verifies: the setting is what keeps it.
    const bare = await loadSealKey({ pem: config.sealKeyPem, keysDir: '/nonexistent', alg: config.signatureAlg });
    await expect(verifyJws(oldSeal, localKeySet(bare.jwks))).rejects.toThrow();
    // The same setting for the gateway's and the scope key, and clear refusals.
    expect(loadGatewayConfig({ CASELINK_CRYPTO_PROFILE: 'national', GATEWAY_SIGNING_KEY: OPENSSL_SM2_PEM, GATEWAY_SIGNING_PREVIOUS_KEYS: previous }).assertionPreviousKeys).toHaveLength(1);
    expect(loadCasesConfig({ CASES_SCOPE_PREVIOUS_KEYS: previous }).scopePreviousKeys[0]!.kid).toBe(old.kid);
    expect(() => loadDossiersConfig({ DOSSIERS_SEAL_PREVIOUS_KEYS: 'nope' })).toThrow(/^DOSSIERS_SEAL_PREVIOUS_KEYS must be a JWK set/);
    expect(() => loadDossiersConfig({ DOSSIERS_SEAL_PREVIOUS_KEYS: JSON.stringify({ keys: [old.privateJwk] }) })).toThrow(/key 0 holds a private part/);
    expect(() => loadCasesConfig({ CASES_SCOPE_PREVIOUS_KEYS: JSON.stringify({ keys: [{ ...old.publicJwk, kid: undefined }] }) })).toThrow(/key 0 has no kid/);
    expect(() => loadGatewayConfig({ GATEWAY_SIGNING_PREVIOUS_KEYS: JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA', kid: 'k' }] }) })).toThrow(/key 0 is not a P-256 or SM2 public key/);
  });

  it('a checkpoint key from <NAME>_CHECKPOINT_KEY follows the profile too', async () => {
    const key = await loadCheckpointKey('cases', { CASELINK_CRYPTO_PROFILE: 'national', CASES_CHECKPOINT_KEY: OPENSSL_SM2_PEM }, '/nonexistent');
    expect(key.alg).toBe('SM2SM3');
    await expect(loadCheckpointKey('cases', { CASES_CHECKPOINT_KEY: OPENSSL_SM2_PEM }, '/nonexistent')).rejects.toThrow(/^CASES_CHECKPOINT_KEY is an SM2SM3 key/);
  });
});

describe('a remote JWKS (the gateway, dossiers and cases publish theirs)', () => {
  it('is cached, fetched again for an unknown kid at most once per cooldown, and finds a rotated key', async () => {
    const first = generateSigningKey('SM2SM3');
    const second = generateSigningKey('SM2SM3');
    let served: JWK[] = [first.publicJwk];
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      let now = 0;
      const keys = remoteKeySet(`http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`, { cooldownMs: 30_000, now: () => now });
      await verifyJws(signJws(first, 'x'), keys);
      await verifyJws(signJws(first, 'x'), keys);
      expect(fetches).toBe(1);
      // An unknown kid right after a fetch: no new fetch (cooldown), refused.
      await expect(verifyJws(signJws(second, 'x'), keys)).rejects.toThrow(/no SM2SM3 key with kid/);
      expect(fetches).toBe(1);
      // The key is rotated in; after the cooldown an unknown kid fetches once more and finds it.
      served = [second.publicJwk, first.publicJwk];
      now = 31_000;
      await verifyJws(signJws(second, 'x'), keys);
      expect(fetches).toBe(2);
      await expect(verifyJws(signJws(generateSigningKey('SM2SM3'), 'x'), keys)).rejects.toThrow(/no SM2SM3 key/);
      expect(fetches).toBe(2);
    } finally {
      server.close();
    }
  });
});

/** Logins of the Hangzhou market regulator, its police unit (dossiers.test.ts). */
const WHO = { officer: 'xu.chunyan.hz-msa', colleague: 'lin.chenyang.hz-msa', approver: 'xu.zhiqiang.hz-msa', police: 'yang.huimin.hz-psb' };
const POLICE = 'ag-330100-psb';
const MATERIALS = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'];
const jwksOf = async (url: string): Promise<{ keys: JWK[] }> => (await fetch(new URL('/.well-known/jwks.json', url))).json() as Promise<{ keys: JWK[] }>;

describe('the whole graph under CASELINK_CRYPTO_PROFILE=national', () => {
  let graph: TestGraph;
  let restore: () => void;
  const tokens: Record<string, string> = {};
  const gql = (who: keyof typeof WHO, query: string, variables: Record<string, unknown> = {}) => graph.query(query, variables, { token: tokens[who]! });

  beforeAll(async () => {
    restore = useProfile('national');
    graph = await startTestGraph();
    for (const [who, login] of Object.entries(WHO)) tokens[who] = await graph.token({ login });
  }, 240_000);
  afterAll(async () => {
    await graph?.close();
    restore();
  });

  it("the gateway's JWKS publishes an SM2 key, and signs each subgraph fetch's assertion with it (SM2SM3)", async () => {
    const served = await jwksOf(graph.gatewayUrl);
    expect(served.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'SM2', alg: 'SM2SM3', use: 'sig' })]);
    // A spy in place of the agencies subgraph sees the assertion the gateway sends it.
    const seen: string[] = [];
    const spy = createServer((req, res) => {
      seen.push(String(req.headers[ASSERTION_HEADER]));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { me: null } }));
    });
    await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
    try {
      const { url } = await graph.startGateway({ subgraphUrls: { agencies: `http://127.0.0.1:${(spy.address() as { port: number }).port}/graphql` } });
      await graph.query('{ me { id } }', {}, { token: tokens.officer!, url });
      expect(seen).toHaveLength(1);
      expect(peekHeader(seen[0]!)).toMatchObject({ alg: 'SM2SM3', kid: served.keys[0]!.kid });
      await verifyJws(seen[0]!, localKeySet(served), { algorithms: ['SM2SM3'] });
    } finally {
      spy.close();
    }
    // And the real subgraphs accept them: a query across subgraphs answers.
    const me = await gql('officer', '{ me { id agency { id } } }');
    expect(me.errors).toBeUndefined();
  });

  it('scope statement, seal, document statement and handover receipt are SM2SM3 and verify where they are received', async () => {
    const id = (login: string) => officers.find((o) => o.login === login)!.id;
    const caseId = await createCase(graph, tokens.officer!, caseInput([{ kind: 'COMPANY', name: '某公司', creditCode: makeCreditCode('91330106MA2KABCD1') }]));
    const scope = (await scopeStatementOf(graph, tokens.officer!, caseId))!;
    expect(peekHeader(scope)).toMatchObject({ alg: 'SM2SM3', typ: 'caselink-case-scope+jws' });
    const casesKeys = await jwksOf(graph.subgraphs.cases!.url);
    expect(casesKeys.keys.map((k) => k.crv)).toEqual(['SM2']);
    await verifyJws(scope, localKeySet(casesKeys));
    const opened = await openDossier(graph, tokens.officer!, caseId);
    expect(opened.errors).toBeUndefined();
    const dossierId = opened.data.openDossier.id as string;
    for (const kind of MATERIALS) {
      const res = await uploadDocument(graph, tokens.officer!, dossierId, { kind, title: kind }, Buffer.from(`${kind} of ${caseId}`), { contentType: 'application/pdf' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const dossiersKeys = await jwksOf(graph.subgraphs.dossiers!.url);
    expect(dossiersKeys.keys.map((k) => k.crv)).toEqual(['SM2']);
    const sealed = await gql('approver', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws documents { id } } }`, { d: dossierId });
    expect(sealed.errors).toBeUndefined();
    const seal = sealed.data.sealTransferPackage.jws as string;
    expect(peekHeader(seal)).toMatchObject({ alg: 'SM2SM3', kid: graph.dossiersSealKey.kid });
    await verifyJws(seal, localKeySet(dossiersKeys));
    const statement = (await documentStatementOf(graph, tokens.officer!, caseId))!;
    expect(peekHeader(statement)).toMatchObject({ alg: 'SM2SM3', typ: 'caselink-dossier-documents+jws' });

    // The cases subgraph verifies the seal and the statement (SM2SM3) when the case is transferred; an altered seal is refused.
    await caseStep(graph, tokens.officer!, 'submitForApproval', 'SubmitForApprovalInput!', caseId, { taskGroup: [id(WHO.officer), id(WHO.colleague)] });
    await caseStep(graph, tokens.approver!, 'approveTransfer', 'StepInput', caseId, null);
    const [h, p, s] = seal.split('.') as [string, string, string];
    const altered = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    await expect(caseStep(graph, tokens.officer!, 'transferCase', 'TransferCaseInput!', caseId, { receivingAgencyId: POLICE, seal: altered, documentStatement: statement })).rejects.toThrow(/BAD_USER_INPUT/);
    await caseStep(graph, tokens.officer!, 'transferCase', 'TransferCaseInput!', caseId, { receivingAgencyId: POLICE, seal, documentStatement: statement });

    const documentIds = sealed.data.sealTransferPackage.documents.map((d: { id: string }) => d.id);
    const handed = await gql('officer', `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id } }`, { i: { dossierId, receivingAgencyId: POLICE, documentIds } });
    expect(handed.errors).toBeUndefined();
    const ack = await gql('police', `mutation($h: ID!) { acknowledgeHandover(id: $h) { receipt } }`, { h: handed.data.handOverDocuments.id });
    expect(ack.errors).toBeUndefined();
    const receipt = ack.data.acknowledgeHandover.receipt as string;
    expect(peekHeader(receipt)).toMatchObject({ alg: 'SM2SM3' });
    await verifyJws(receipt, localKeySet(dossiersKeys));
  }, 120_000);
});

describe('a data directory started under international, restarted under national', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caselink-profile-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps publishing the ES256 keys (old statements and checkpoints verify) and signs new artefacts with SM2 keys', async () => {
    let restore = useProfile('international');
    let token: string;
    let oldStatement: string;
    let caseId: string;
    try {
      const graph = await startTestGraph({ dataDir });
      try {
        token = await graph.token({ login: WHO.officer });
        caseId = await createCase(graph, token, caseInput([{ kind: 'COMPANY', name: '某公司', creditCode: makeCreditCode('91330106MA2KABCD1') }]));
        oldStatement = (await scopeStatementOf(graph, token, caseId))!;
        expect(peekHeader(oldStatement)).toMatchObject({ alg: 'ES256' });
      } finally {
        await graph.close(); // takes a checkpoint of each subgraph (ES256)
      }
    } finally {
      restore();
    }

    restore = useProfile('national');
    try {
      const graph = await startTestGraph({ dataDir });
      try {
        for (const url of [graph.gatewayUrl, graph.subgraphs.cases!.url, graph.subgraphs.dossiers!.url]) {
          expect((await jwksOf(url)).keys.map((k) => k.alg), url).toEqual(['SM2SM3', 'ES256']);
        }
        expect(graph.assertionKey.alg).toBe('SM2SM3');
        // The statement signed before the restart still opens the dossier: the dossiers subgraph verifies it (ES256).
        const opened = await graph.query(`mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { id } }`, { c: caseId!, s: oldStatement! }, { token: token! });
        expect(opened.errors).toBeUndefined();
        const fresh = (await scopeStatementOf(graph, token!, caseId!))!;
        expect(peekHeader(fresh)).toMatchObject({ alg: 'SM2SM3' });
        await verifyJws(oldStatement!, localKeySet(await jwksOf(graph.subgraphs.cases!.url)));
        // A demo token printed before the restart is still good: the identity provider's key is not the profile's.
        expect((await graph.query('{ me { id } }', {}, { token: token! })).errors).toBeUndefined();
        // Something new in the cases subgraph's chains, so its next checkpoint is not skipped as unchanged.
        await createCase(graph, token!, caseInput([{ kind: 'COMPANY', name: '另一公司', creditCode: makeCreditCode('91330106MA2KABCD2') }]));
      } finally {
        await graph.close(); // a checkpoint signed with the SM2 key
      }
      const env = { DATA_DIR: dataDir };
      for (const name of ['cases', 'dossiers']) {
        const dir = checkpointDir(name, env);
        const files = listCheckpoints(dir);
        const algs = files.map((f) => peekHeader(readCheckpoint(f.file).jws)?.alg);
        expect(algs[0], name).toBe('ES256');
        expect(algs.at(-1), name).toBe('SM2SM3');
        const verified = await verifyCheckpointDirectory(name, dir, trustedCheckpointKey(name, env));
        expect(verified.problems, name).toEqual([]);
        expect(verified.latest?.payload.seq).toBe(files.length);
      }
    } finally {
      restore();
    }
  }, 240_000);
});
