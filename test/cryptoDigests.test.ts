/**
 * Every digest under the crypto profile (issue 22): chains hash new rows with the profile's digest
 * and verify each row with the algorithm it records; Merkle trees and checkpoints record theirs;
 * documents carry their SM3 beside the SHA-256 address under the national profile. Expected values
 * are written out by hand (computed once with `node -e` and crypto.createHash('sm3')), never with
 * the code under test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { casesSubgraph } from '../subgraphs/cases/index';
import { eventHash, type HashedEvent } from '../subgraphs/cases/timeline/hash';
import { CASES_CHAIN_SOURCES } from '../subgraphs/cases/timeline/leaves';
import { buildInclusionProof, verifyInclusionProof } from '../subgraphs/cases/timeline/proof';
import { verifyChain } from '../subgraphs/cases/timeline/verify';
import { auditCasesDatabase } from '../subgraphs/cases/timeline/audit';
import { chainEvents } from '../subgraphs/cases/warnings/store';
import { verifyWarningChain } from '../subgraphs/cases/warnings/timeline';
import { checkBlob, verifyingStream } from '../subgraphs/dossiers/blobs/integrity';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { accessChainHash, accessLogContentHash, Disclosures } from '../subgraphs/kit/accessLog';
import { auditAccessLog } from '../subgraphs/kit/accessLogAudit';
import type { Caller } from '../subgraphs/kit/caller';
import { GENESIS_HASH } from '../subgraphs/kit/canonicalJson';
import { listCheckpoints, loadCheckpointKey, readCheckpoint, takeCheckpoint, verifyCheckpointDirectory, type CheckpointKey, type Leaf, type LeafSource } from '../subgraphs/kit/checkpoint';
import { systemClock } from '../subgraphs/kit/clock';
import { loadCryptoProfile, PROFILES } from '../subgraphs/kit/cryptoProfile';
import { openDatabase, queryRows, type Database } from '../subgraphs/kit/db';
import { digestHex, useCryptoProfile } from '../subgraphs/kit/digests';
import { emptyRoot, leafHash, rootOf, verifyInclusion, inclusionPath } from '../subgraphs/kit/merkle';
import { sql } from 'drizzle-orm';
import { auditDossiers } from '../subgraphs/dossiers/chain/audit';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { startTestGraph, type TestGraph } from './harness';
import { caseInput, createCase, fetchContent, openDossier, uploadDocument } from './dossierClient';

const ZERO = '0'.repeat(64);
// SM3("abc"), GB/T 32905 Appendix A.1.
const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

const event = (over: Partial<HashedEvent> = {}): HashedEvent => ({
  id: 'e1', caseId: 'c1', seq: 1, action: 'createCase', fromStage: null, toStage: 'DRAFT', fromStatus: null, toStatus: 'DRAFT',
  actorId: 'of-1', actorAgencyId: 'ag-1', actorRoles: ['CASE_OFFICER'], at: new Date('2026-11-02T02:00:00Z'), reasons: null,
  documents: [], sealSha256: null, data: { a: 1 }, idempotencyKey: null, requestHash: null, prevHash: ZERO, hashAlg: 'SM3',
  ...over,
});

afterEach(() => useCryptoProfile(loadCryptoProfile()));

describe('digests of chain entries, by the algorithm each records', () => {
  it('hashes a case event with SM3 or SHA-256 as its hashAlg says', () => {
    expect(digestHex('SM3', 'abc')).toBe(SM3_ABC);
    expect(eventHash(event())).toBe('e3257f62e71c3a81d3f9c6f69c6d89a374c775dc6e4a1ef45d27c4bd8f4c4e2d');
    expect(eventHash(event({ hashAlg: 'SHA-256' }))).toBe('62bb78b58becf866bb298fc6adcb58cc09cc99cf48d81a9950ca61ab0113a4e3');
  });

  it('hashes an access-log entry with SM3', () => {
    const row = { id: 'r1', at: new Date('2026-11-02T02:00:00Z'), subject: 'of-1', agencyId: 'ag-1', purpose: null, requestId: 'q1', caseIds: ['c1'], fields: ['Party.name'], unmaskedFields: [] };
    const content = accessLogContentHash(row, 'SM3');
    expect(content).toBe('b1a0aed117b5598e08c5097b44edfc771ff4659f7d9be4c197f2516706e5fcd0');
    expect(accessChainHash('SM3', ZERO, content)).toBe('f2999289ec4f5725b15a1b86d50b1d11af8c1f5a946457636ee3c7b837f85bc5');
  });

  it('verifies a timeline begun under SHA-256 and continued under SM3, and catches a changed hash_alg or hash', () => {
    const first = event({ hashAlg: 'SHA-256' });
    const e1 = { ...first, hash: eventHash(first) };
    const secondBase = event({ id: 'e2', seq: 2, action: 'submit', fromStage: 'DRAFT', fromStatus: 'DRAFT', prevHash: e1.hash, hashAlg: 'SM3' });
    const e2 = { ...secondBase, hash: eventHash(secondBase) };
    const c = { id: 'c1', number: 'N1', stage: 'DRAFT', status: 'DRAFT', timelineLength: 2, timelineHead: e2.hash };
    const ok = verifyChain(c as never, [e1, e2] as never);
    expect(ok.brokenAt).toBeNull();
    expect(verifyChain(c as never, [e1, { ...e2, hashAlg: 'SHA-256' }] as never).brokenAt).toMatchObject({ seq: 2, reason: expect.stringMatching(/changed/) });
    expect(verifyChain(c as never, [{ ...e1, hashAlg: 'SM3' }, e2] as never).brokenAt).toMatchObject({ seq: 1 });
    expect(verifyChain(c as never, [e1, { ...e2, hashAlg: 'MD5' }] as never).brokenAt).toMatchObject({ seq: 2, reason: expect.stringMatching(/unknown digest/) });
    expect(verifyChain(c as never, [e1, { ...e2, hash: e2.hash.replace(/^./, (x) => (x === 'a' ? 'b' : 'a')) }] as never).ok).toBe(false);
  });

  it('chains warning events with the profile in force and verifies a mixed chain', () => {
    const raise = { action: 'RAISED' as const, level: 'YELLOW' as never, step: 'RAISED' as never, actorId: 'system', actorAgencyId: null, at: new Date('2026-11-02T02:00:00Z'), note: null };
    useCryptoProfile(PROFILES.international);
    const a = chainEvents({ id: 'w1', timelineLength: 0, timelineHead: null }, [raise]);
    useCryptoProfile(PROFILES.national);
    const b = chainEvents({ id: 'w1', timelineLength: a.timelineLength, timelineHead: a.timelineHead }, [{ ...raise, action: 'ESCALATED' as never }]);
    expect([...a.rows, ...b.rows].map((r) => r.hashAlg)).toEqual(['SHA-256', 'SM3']);
    const events = [...a.rows, ...b.rows];
    expect(verifyWarningChain(events as never, { timelineLength: 2, timelineHead: b.timelineHead })).toBeNull();
    expect(verifyWarningChain([events[0], { ...events[1]!, hashAlg: 'SHA-256' }] as never, { timelineLength: 2, timelineHead: b.timelineHead })).toBe(2);
  });
});

describe('Merkle trees in SM3', () => {
  it('matches hand-computed SM3 leaves and roots, and a SHA-256 path does not verify against an SM3 root', () => {
    expect(emptyRoot('SM3').toString('hex')).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    expect(leafHash('a', 'SM3').toString('hex')).toBe('c688f41bcd570f9651ccb215058a545f66f52ab4eac2968896e1637af9443d8c');
    const leaves = ['a', 'b', 'c'].map((x) => leafHash(x, 'SM3'));
    const root = rootOf(leaves, 'SM3');
    expect(root.toString('hex')).toBe('2706e4e4d41c1ed9c3fe7f7822bf360a67abcc052cc2c00022c1313ec3ded965');
    const path = inclusionPath(leaves, 2, 'SM3');
    expect(verifyInclusion(leaves[2]!, 2, 3, path, root, 'SM3')).toBe(true);
    expect(verifyInclusion(leaves[2]!, 2, 3, path, root)).toBe(false);
  });
});

describe('checkpoints record their digest', () => {
  let tmp: string;
  let key: CheckpointKey;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caselink-digests-'));
    key = await loadCheckpointKey('test', {}, tmp);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const source = (record: string): LeafSource => ({
    kind: 'thing',
    async *leaves(_db, digest): AsyncGenerator<Leaf> {
      yield { k: 'thing', id: 'a', n: 1, h: ZERO, r: digestHex(digest, record) };
    },
  });

  it('signs SHA-256 then SM3 checkpoints that chain and verify; the record is compared across the switch', async () => {
    const dir = join(tmp, 'cp');
    const db = null as unknown as Database;
    await takeCheckpoint({ name: 'test', db, key, dir, sources: [source('opened')], digest: 'SHA-256' });
    const two = await takeCheckpoint({ name: 'test', db, key, dir, sources: [source('opened')], digest: 'SM3' });
    expect(two).not.toBeNull();
    const [one] = listCheckpoints(dir).map((f) => readCheckpoint(f.file));
    expect(one!.payload.digest).toBe('SHA-256');
    expect(two!.checkpoint.payload).toMatchObject({ digest: 'SM3', prev: digestHex('SM3', one!.jws), anomalies: [] });
    // root over the one leaf line, in SM3
    expect(two!.checkpoint.payload.root).toBe(leafHash(`{"h":"${ZERO}","id":"a","k":"thing","n":1,"r":"${digestHex('SM3', 'opened')}"}`, 'SM3').toString('hex'));
    expect((await verifyCheckpointDirectory('test', dir, key.publicJwk)).problems).toEqual([]);
    const three = await takeCheckpoint({ name: 'test', db, key, dir, sources: [source('rewritten')], digest: 'SHA-256' });
    expect(three!.checkpoint.payload.anomalies).toEqual(['thing a its record differs from checkpoint 2 (changed since it was checkpointed)']);
  });

  it('treats a checkpoint without a digest as SHA-256', async () => {
    const dir = join(tmp, 'old');
    const db = null as unknown as Database;
    const taken = await takeCheckpoint({ name: 'test', db, key, dir, sources: [source('x')], digest: 'SHA-256' });
    expect(taken!.checkpoint.payload.root).toBe(leafHash(`{"h":"${ZERO}","id":"a","k":"thing","n":1,"r":"${digestHex('SHA-256', 'x')}"}`).toString('hex'));
  });
});

describe('documents carry their SM3 under the national profile', () => {
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(join(tmpdir(), 'caselink-blobs-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const content = 'caselink SM3 test document\n';
  const SHA = 'e40bb3972f243807d3250359aa6b4e4c5d108d68f796fe3e9232bad79d0f40c7';
  const SM3 = '63be948122445a6be73cd73c8c80a45c947b6bbb0b9123b9846ca984876d3908';

  it('computes the SM3 in the pass that stores the bytes, and checks it on read', async () => {
    const store = new LocalBlobStore(tmp);
    const stored = await store.put(Readable.from([Buffer.from(content.slice(0, 10)), Buffer.from(content.slice(10))]), { sm3: true });
    expect(stored).toEqual({ sha256: SHA, sm3: SM3, size: content.length });
    expect(await store.put(Readable.from([content]))).toEqual({ sha256: SHA, size: content.length });
    expect((await checkBlob(store, SHA, content.length, SM3)).status).toBe('INTACT');
    expect((await checkBlob(store, SHA, content.length, SM3_ABC)).status).toBe('CHANGED');
    const sink = () => new Writable({ write: (_c, _e, done) => done() });
    await expect(pipeline(Readable.from([content]), verifyingStream(SHA, content.length, SM3), sink())).resolves.toBeUndefined();
    await expect(pipeline(Readable.from([content]), verifyingStream(SHA, content.length, SM3_ABC), sink())).rejects.toThrow(/content hashes/);
  });
});

describe('a cases database restarted under the other profile', () => {
  let tmp: string;
  let dataDir: string;
  let key: CheckpointKey;
  const open = async (profile: string) => {
    useCryptoProfile(loadCryptoProfile({ CASELINK_CRYPTO_PROFILE: profile }));
    return openDatabase({ name: 'cases', storage: { kind: 'pglite', dataDir }, tables: casesSubgraph.tables, migrationsFolder: casesSubgraph.migrationsFolder });
  };
  const disclose = async (db: Database, caseId: string) => {
    const d = new Disclosures();
    d.record(caseId, 'Party.name', true);
    await d.write(db, { sub: 'p1', agencyId: null, purpose: 'SUPERVISION', requestId: `r-${caseId}`, roles: [] } as unknown as Caller, new Date());
  };
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caselink-restart-'));
    dataDir = join(tmp, 'cases');
    key = await loadCheckpointKey('cases', {}, tmp);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('verifies chains and checkpoints begun under SHA-256 and continued under SM3', async () => {
    const dir = join(tmp, 'checkpoints');
    const a = await open('international');
    await casesSubgraph.seed!(a.db as never, systemClock);
    await disclose(a.db as Database, 'cs-0001');
    await takeCheckpoint({ name: 'cases', db: a.db as Database, key, dir, sources: CASES_CHAIN_SOURCES });
    await a.close();

    const b = await open('national');
    const db = b.db as Database;
    try {
      for (let i = 0; i < 12; i++) await disclose(db, 'cs-0001');
      const algs = await queryRows<{ hash_alg: string; n: number }>(db, sql`select hash_alg, count(*)::int as n from access_log_chain group by hash_alg order by hash_alg`);
      expect(algs.map((r) => r.hash_alg)).toEqual(['SHA-256', 'SM3']);
      expect((await auditAccessLog(db, 'cases')).problems).toEqual([]);

      const taken = await takeCheckpoint({ name: 'cases', db, key, dir, sources: CASES_CHAIN_SOURCES });
      expect(taken!.checkpoint.payload).toMatchObject({ seq: 2, digest: 'SM3', anomalies: [] });
      expect((await verifyCheckpointDirectory('cases', dir, key.publicJwk)).problems).toEqual([]);
      const audit = await auditCasesDatabase(db as never, { checkpoint: { dir, payload: taken!.checkpoint.payload } } as never);
      expect(audit.broken).toEqual([]);
      expect(audit.problems).toEqual([]);
      const proof = await buildInclusionProof(db as never, 'cs-0001', dir);
      expect((await verifyInclusionProof(proof, key.publicJwk)).seq).toBe(2);
      expect(proof.digest).toBe('SM3');
      await expect(verifyInclusionProof({ ...proof, digest: 'SHA-256' }, key.publicJwk)).rejects.toThrow(/names SHA-256 but its checkpoint SM3/);
      const old = await buildInclusionProof(db as never, 'cs-0001', dir, 1);
      expect(old.digest).toBe('SHA-256');
      expect((await verifyInclusionProof(old, key.publicJwk)).seq).toBe(1);

      // A changed hash_alg is caught (behind the append-only trigger, as an attacker with the database would).
      await db.execute(sql`alter table access_log_chain disable trigger user`);
      await db.execute(sql`update access_log_chain set hash_alg = 'SHA-256' where hash_alg = 'SM3' and seq = (select min(seq) from access_log_chain where hash_alg = 'SM3')`);
      expect((await auditAccessLog(db, 'cases')).problems.join('\n')).toMatch(/changed since it was recorded/);
    } finally {
      await b.close();
    }
  }, 240_000);
});

describe('the demo seed under the national profile', () => {
  it('hashes every case and warning event with SM3, and the timelines, warnings and access log verify', async () => {
    useCryptoProfile(PROFILES.national);
    const { db, close } = await openDatabase({ name: 'cases', storage: { kind: 'pglite', dataDir: null }, tables: casesSubgraph.tables, migrationsFolder: casesSubgraph.migrationsFolder });
    try {
      await casesSubgraph.seed!(db as never, systemClock);
      const algs = await queryRows<{ alg: string }>(db as Database, sql`select distinct hash_alg as alg from case_events union select distinct hash_alg from warning_events`);
      expect(algs.map((r) => r.alg)).toEqual(['SM3']);
      const audit = await auditCasesDatabase(db as never);
      expect(audit.checked).toBeGreaterThan(0);
      expect(audit.broken).toEqual([]);
      expect(audit.problems).toEqual([]);
      await db.execute(sql`alter table case_events disable trigger user`);
      await db.execute(sql`update case_events set hash_alg = 'SHA-256' where id = (select id from case_events order by case_id, seq limit 1)`);
      expect((await auditCasesDatabase(db as never)).broken).toHaveLength(1);
    } finally {
      await close();
    }
  }, 240_000);
});

describe('an upload through the graph under the national profile', () => {
  let graph: TestGraph;
  let token: string;
  const saved = process.env.CASELINK_CRYPTO_PROFILE;
  beforeAll(async () => {
    process.env.CASELINK_CRYPTO_PROFILE = 'national';
    graph = await startTestGraph();
    token = await graph.token({ login: 'xu.chunyan.hz-msa' });
  }, 120_000);
  afterAll(async () => {
    await graph?.close();
    if (saved === undefined) delete process.env.CASELINK_CRYPTO_PROFILE;
    else process.env.CASELINK_CRYPTO_PROFILE = saved;
  });

  it('records the SM3 of the bytes beside the SHA-256 address, serves it as Document.sm3, chains it and checks it on read', async () => {
    const content = 'caselink SM3 test document\n';
    const caseId = await createCase(graph, token, caseInput([{ kind: 'PERSON', name: '张三', idNumber: makeResidentId('330102', '19850312', '123') }]));
    const opened = await openDossier(graph, token, caseId);
    const dossierId = opened.data.openDossier.id as string;
    const res = await uploadDocument(graph, token, dossierId, { kind: 'TRANSFER_LETTER', title: '移送书' }, content, { contentType: 'text/plain' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.document).toMatchObject({
      sha256: 'e40bb3972f243807d3250359aa6b4e4c5d108d68f796fe3e9232bad79d0f40c7',
      sm3: '63be948122445a6be73cd73c8c80a45c947b6bbb0b9123b9846ca984876d3908',
    });
    const q = await graph.query('query($id: ID!) { dossier(id: $id) { documents { id sha256 sm3 } } }', { id: dossierId }, { token });
    expect(q.errors).toBeUndefined();
    expect(q.data.dossier.documents[0].sm3).toBe('63be948122445a6be73cd73c8c80a45c947b6bbb0b9123b9846ca984876d3908');

    const db = graph.subgraphs.dossiers!.db as unknown as Database;
    const chain = await queryRows<{ hash_alg: string }>(db, sql`select distinct hash_alg from dossier_chain where dossier_id = ${dossierId}`);
    expect(chain.map((r) => r.hash_alg)).toEqual(['SM3']);
    expect((await auditDossiers(db)).problems).toEqual([]);

    const ok = await fetchContent(graph, token, res.body.document.contentPath);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(content);
    // The recorded SM3 no longer matches the bytes: the read refuses them, and the chain names the changed record.
    await db.execute(sql`alter table documents disable trigger user`);
    await db.execute(sql`update documents set sm3 = ${SM3_ABC} where id = ${res.body.document.id}`);
    const bad = await fetchContent(graph, token, res.body.document.contentPath);
    expect(bad.status).not.toBe(200);
    expect((await auditDossiers(db)).problems.join('\n')).toMatch(/changed since it was chained/);
  }, 120_000);
});
