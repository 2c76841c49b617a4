/**
 * Signed checkpoints outside the database, and a case's proof of inclusion checked offline: the
 * checkpoint directory is append-only and chained, unchanged state takes no new checkpoint, stop
 * takes one; `npm run verify-proof` accepts a genuine proof and names what is wrong with a forged one.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateSigningKey, signJws } from '../subgraphs/kit/jws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesSubgraph } from '../subgraphs/cases/index';
import { CASES_CHAIN_SOURCES } from '../subgraphs/cases/timeline/leaves';
import { buildInclusionProof, type InclusionProof } from '../subgraphs/cases/timeline/proof';
import { Disclosures } from '../subgraphs/kit/accessLog';
import type { Caller } from '../subgraphs/kit/caller';
import { canonicalJson, sha256Hex } from '../subgraphs/kit/canonicalJson';
import { listCheckpoints, loadCheckpointKey, readCheckpoint, startCheckpoints, takeCheckpoint, verifyCheckpointDirectory, type CheckpointKey } from '../subgraphs/kit/checkpoint';
import { systemClock } from '../subgraphs/kit/clock';
import { openDatabase, queryRows, type Database } from '../subgraphs/kit/db';
import { createSubgraph } from '../subgraphs/kit/createSubgraph';
import { activeDigest, digestHex } from '../subgraphs/kit/digests';
import { auditAccessLog } from '../subgraphs/kit/accessLogAudit';
import { sql } from 'drizzle-orm';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

async function verifyProofCli(file: string, key?: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/verify-proof.ts', file, ...(key ? ['--key', key] : [])], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, out: stdout.trim() };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: (e.stdout + e.stderr).trim() };
  }
}

describe('checkpoints and proofs of inclusion', () => {
  let tmp: string;
  let dir: string;
  let db: Database;
  let close: () => Promise<void>;
  let key: CheckpointKey;
  let publicKeyFile: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caselink-checkpoint-'));
    dir = join(tmp, 'checkpoints', 'cases');
    const opened = await openDatabase({ name: 'cases', storage: { kind: 'pglite', dataDir: null }, tables: casesSubgraph.tables, migrationsFolder: casesSubgraph.migrationsFolder });
    db = opened.db as Database;
    close = opened.close;
    await casesSubgraph.seed!(db as never, systemClock);
    key = await loadCheckpointKey('cases', {}, tmp);
    publicKeyFile = join(tmp, 'keys', 'cases-checkpoint.public.jwk.json');
  }, 120_000);
  afterAll(async () => {
    await close?.();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('checkpoints on demand and on stop, skips unchanged state, chains the files and never overwrites one', async () => {
    const cp = startCheckpoints({ name: 'cases', db, key, dir, sources: CASES_CHAIN_SOURCES, intervalMs: 0 });
    const first = await cp.checkpointNow();
    expect(first).toBe(join(dir, '00000001.checkpoint.json'));
    expect(await cp.checkpointNow()).toBeNull();
    const d = new Disclosures();
    d.record('cs-0001', 'Party.name', true);
    await d.write(db, { sub: 'p1', agencyId: null, purpose: 'SUPERVISION', requestId: 'r1', roles: [] } as unknown as Caller, new Date());
    await cp.stop();
    const files = listCheckpoints(dir);
    expect(files.map((f) => f.seq)).toEqual([1, 2]);
    const [one, two] = files.map((f) => readCheckpoint(f.file));
    expect(one!.payload).toMatchObject({ seq: 1, prev: null, anomalies: [], kinds: { case: { chains: 45 }, access: { chains: 8, entries: 0 } } });
    expect(two!.payload).toMatchObject({ seq: 2, digest: activeDigest(), prev: digestHex(activeDigest(), one!.jws), anomalies: [], kinds: { access: { chains: 8, entries: 1 } } });
    expect(statSync(files[0]!.file).mode & 0o777).toBe(0o444);
    expect((await verifyCheckpointDirectory('cases', dir, key.publicJwk)).problems).toEqual([]);
    // A second writer that got to number 3 first: this one's files would overwrite, so it fails and writes nothing.
    writeFileSync(join(dir, '00000003.leaves.ndjson.gz'), 'another writer', { flag: 'wx' });
    await expect(takeCheckpoint({ name: 'cases', db, key, dir, sources: CASES_CHAIN_SOURCES, skipUnchanged: false })).rejects.toThrow(/EEXIST/);
    expect(listCheckpoints(dir).map((f) => f.seq)).toEqual([1, 2]);
    expect(readFileSync(join(dir, '00000003.leaves.ndjson.gz'), 'utf8')).toBe('another writer');
    unlinkSync(join(dir, '00000003.leaves.ndjson.gz'));
  });

  it('names a checkpoint re-signed with another key, a missing one, and leaves that do not match their root', async () => {
    const files = listCheckpoints(dir);
    const two = readCheckpoint(files[1]!.file);
    // Another key of the profile's algorithm, claiming the subgraph key's kid.
    const stranger = generateSigningKey(key.alg);
    const forgedPayload = { ...two.payload, root: 'f'.repeat(64) };
    const jws = signJws({ ...stranger, kid: key.kid }, canonicalJson(forgedPayload));
    chmodSync(files[1]!.file, 0o644);
    writeFileSync(files[1]!.file, JSON.stringify({ payload: forgedPayload, jws, publicJwk: stranger.publicJwk }));
    const forged = await verifyCheckpointDirectory('cases', dir, key.publicJwk);
    expect(forged.problems).toEqual(['CHECKPOINT cases checkpoint 2: not validly signed (signature verification failed)']);
    writeFileSync(files[1]!.file, JSON.stringify(two));
    unlinkSync(files[0]!.file);
    const gap = await verifyCheckpointDirectory('cases', dir, key.publicJwk);
    expect(gap.problems).toEqual(['CHECKPOINT cases: checkpoints 1–1 are missing from ' + dir]);
    expect(gap.latest?.payload.seq).toBe(2);
  });

  it('a case’s proof verifies offline with the trusted key; a changed event, record, path or key is named', async () => {
    const taken = await takeCheckpoint({ name: 'cases', db, key, dir, sources: CASES_CHAIN_SOURCES, skipUnchanged: false });
    const seq = taken!.checkpoint.payload.seq;
    const proof = await buildInclusionProof(db as never, 'cs-0002', dir);
    expect(proof.events).toHaveLength(5);
    const file = join(tmp, 'proof.json');
    writeFileSync(file, JSON.stringify(proof));
    const ok = await verifyProofCli(file, publicKeyFile);
    expect(ok.out).toBe(
      `OK ${proof.record!.number} (case cs-0002): 5 event(s) and its record are in cases checkpoint ${seq} of ${taken!.checkpoint.payload.at} (root ${taken!.checkpoint.payload.root}), signed by key ${key.kid}`,
    );
    expect(ok.code).toBe(0);

    const variant = async (change: (p: InclusionProof) => void, keyFile = publicKeyFile) => {
      const p = JSON.parse(readFileSync(file, 'utf8')) as InclusionProof;
      change(p);
      const f = join(tmp, 'variant.json');
      writeFileSync(f, JSON.stringify(p));
      return verifyProofCli(f, keyFile);
    };
    expect(await variant((p) => (p.events[2]!.reasons = '改写的理由'))).toEqual({ code: 1, out: 'FAILED: event 3 has been changed (its content no longer matches its hash)' });
    expect(await variant((p) => (p.record!.parties[0]!.name = '李四'))).toEqual({ code: 1, out: 'FAILED: the case’s record differs from the one checkpointed' });
    expect(await variant((p) => (p.leaf.index += 1))).toEqual({ code: 1, out: `FAILED: the leaf’s path does not lead to the root of checkpoint ${seq}` });
    expect(await variant((p) => p.events.pop())).toEqual({ code: 1, out: 'FAILED: the events (4) do not end in the checkpointed head (5 events)' });
    const other = join(tmp, 'other.jwk.json');
    const { kid: _kid, ...otherJwk } = generateSigningKey(key.alg).publicJwk;
    writeFileSync(other, JSON.stringify(otherJwk));
    expect(await variant(() => {}, other)).toEqual({ code: 1, out: 'FAILED: signature verification failed' });
  }, 120_000);

  it('a running subgraph checkpoints after the demo seed and on a clean stop, so nothing acknowledged is outside one', async () => {
    const own = join(tmp, 'running');
    const running = await createSubgraph(casesSubgraph, {
      storage: { kind: 'pglite', dataDir: null },
      gatewayKeys: { jwks: { keys: [] } },
      seedDemo: true,
      checkpoints: { dir: own, key, intervalMs: 0 },
    });
    expect(listCheckpoints(own).map((f) => f.seq)).toEqual([1]);
    const d = new Disclosures();
    d.record('cs-0003', 'Party.idNumber', true);
    await d.write(running.db as Database, { sub: 'p2', agencyId: null, purpose: 'SUPERVISION', requestId: 'r2', roles: [] } as unknown as Caller, new Date());
    await running.close();
    const files = listCheckpoints(own);
    expect(files.map((f) => f.seq)).toEqual([1, 2]);
    expect(readCheckpoint(files[1]!.file).payload.kinds.access).toEqual({ chains: 8, entries: 1 });
  }, 120_000);

  it('an agency subgraph made from the template chains its access log through the kit, and audit names a deleted row', async () => {
    const dirName = `.tmp-agency-${process.pid}`;
    const where = join(ROOT, dirName, 'probes');
    try {
      await run(process.execPath, ['--import', 'tsx', 'scripts/new-subgraph.ts', 'probes', '--dir', `${dirName}/probes`], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
      const schema = (await import(join(where, 'db/schema.ts'))) as { tables: Record<string, unknown> };
      const opened = await openDatabase({ name: 'probes', storage: { kind: 'pglite', dataDir: null }, tables: schema.tables, migrationsFolder: join(where, 'db/migrations') });
      const agencyDb = opened.db as Database;
      for (let i = 0; i < 5; i++) {
        const d = new Disclosures();
        d.record(`cs-000${i}`, 'Inspection.findings', true);
        await d.write(agencyDb, { sub: `p${i}`, agencyId: 'ag-330100-msa', purpose: 'SUPERVISION', requestId: `q${i}`, roles: [] } as unknown as Caller, new Date());
      }
      expect(await auditAccessLog(agencyDb, 'probes')).toMatchObject({ chained: true, stripes: 8, entries: 5, problems: [] });
      const [entry] = await queryRows<{ stripe: number; seq: number; row_id: string }>(agencyDb, sql`SELECT stripe, seq, row_id FROM access_log_chain ORDER BY stripe, seq LIMIT 1`);
      await agencyDb.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`DELETE FROM access_log WHERE id = ${entry!.row_id}`);
      });
      expect((await auditAccessLog(agencyDb, 'probes')).problems).toEqual([`BROKEN probes access log stripe ${entry!.stripe} entry ${entry!.seq} (row ${entry!.row_id}): its row has been deleted`]);
      await opened.close();
    } finally {
      rmSync(join(ROOT, dirName), { recursive: true, force: true });
    }
  }, 180_000);
});
