/**
 * The dossiers' record cannot be quietly rewritten (issue 16): an administrator switches the
 * append-only triggers off (session_replication_role = replica) and alters versions, documents,
 * seals, handovers, whole dossiers and the access log, recomputing hashes where an attacker can;
 * `npm run audit:verify` names each alteration in the exact line it prints, the rewritten and
 * rolled-back chains against a signed checkpoint taken before. Also: migration 0010's SQL chains
 * existing rows exactly as the subgraph's JavaScript does.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOSSIERS_CHAIN_SOURCES } from '../subgraphs/dossiers/chain/audit';
import { chainOfRecords } from '../subgraphs/dossiers/chain/hash';
import { activeDigest } from '../subgraphs/kit/digests';
import { loadRecords } from '../subgraphs/dossiers/chain/records';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { createDossiersSubgraph } from '../subgraphs/dossiers/index';
import { createDossierServices } from '../subgraphs/dossiers/services';
import { sha256Hex } from '../subgraphs/kit/canonicalJson';
import { Disclosures } from '../subgraphs/kit/accessLog';
import type { Caller } from '../subgraphs/kit/caller';
import { checkpointDir, loadCheckpointKey, takeCheckpoint } from '../subgraphs/kit/checkpoint';
import { systemClock } from '../subgraphs/kit/clock';
import { openDatabase, queryRows, subgraphDatabaseUrl, type Database } from '../subgraphs/kit/db';
import { DATABASE_KIND } from './harness';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const FINDING = /^(BROKEN|MISMATCH|CHECKPOINT|ANOMALY)/;

async function auditCli(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  let out: string;
  let code = 0;
  try {
    out = (await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', '--subgraph', 'dossiers'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } })).stdout;
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    code = e.code;
    out = e.stdout + e.stderr;
  }
  return { code, lines: out.split('\n').filter(Boolean) };
}

const asAdministrator = (db: Database, change: (tx: Database) => Promise<unknown>) =>
  db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await change(tx as unknown as Database);
  });

const caller = (n: number): Caller =>
  ({ sub: `officer-${n}`, agencyId: 'ag-330106-psb', agencyKind: 'POLICE', division: '330106', roles: ['SUPERVISOR'], purpose: 'SUPERVISION', requestId: `req-${n}` }) as unknown as Caller;

type ChainRow = { dossier_id: string; seq: number; kind: string; ref: string; prev_hash: string; hash: string };

describe(`tampering with the dossiers' record is named by audit:verify (${DATABASE_KIND})`, () => {
  let tmp: string;
  let env: Record<string, string>;
  let storage: Parameters<typeof openDatabase>[0]['storage'];
  let drop: (() => Promise<void>) | null = null;
  let def: ReturnType<typeof createDossiersSubgraph>;

  const using = async <T,>(work: (db: Database) => Promise<T>): Promise<T> => {
    const o = await openDatabase({ name: 'dossiers', storage, tables: def.tables as never, migrationsFolder: def.migrationsFolder });
    try {
      return await work(o.db as Database);
    } finally {
      await o.close();
    }
  };
  const checkpoint = () =>
    using(async (db) => takeCheckpoint({ name: 'dossiers', db, key: await loadCheckpointKey('dossiers', env, tmp), dir: checkpointDir('dossiers', env), sources: DOSSIERS_CHAIN_SOURCES }));

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caselink-tamper-dossiers-'));
    env = { DATA_DIR: tmp };
    def = createDossiersSubgraph(createDossierServices(loadDossiersConfig({ DATA_DIR: tmp })));
    if (DATABASE_KIND === 'postgres') {
      const adminUrl = process.env.DATABASE_URL!;
      const base = new URL(adminUrl);
      base.pathname = `/caselink_tamper_${randomBytes(5).toString('hex')}`;
      const url = subgraphDatabaseUrl(base.toString(), 'dossiers');
      storage = { kind: 'postgres', url, poolSize: 2, createIfMissing: { adminUrl } };
      env.DOSSIERS_DATABASE_URL = url;
      drop = async () => {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
        await admin.end();
      };
    } else storage = { kind: 'pglite', dataDir: join(tmp, 'dossiers') };
    await using(async (db) => {
      await def.seed!(db as never, systemClock);
      const cases = await queryRows<{ case_id: string }>(db, sql`SELECT case_id FROM dossiers ORDER BY id LIMIT 10`);
      for (let i = 0; i < 24; i++) {
        const d = new Disclosures();
        d.record(cases[i % cases.length]!.case_id, `Document.content:doc-${i}`, false);
        await d.write(db, caller(i), new Date(Date.UTC(2026, 10, 1, 8, 0, i)));
      }
    });
  }, 240_000);
  afterAll(async () => {
    await drop?.();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("migration 0010 chains rows written before the chain exactly as the subgraph does (the demo's 45 dossiers: 253 versions, 29 seals, handovers and acknowledgements)", async () => {
    await using(async (db) => {
      const all = sql`SELECT dossier_id, seq, kind, ref, prev_hash, hash FROM dossier_chain ORDER BY dossier_id, seq`;
      const chainedByTheSubgraph = await queryRows<ChainRow>(db, all);
      expect(Object.fromEntries((await queryRows<{ kind: string; n: number }>(db, sql`SELECT kind, count(*)::int AS n FROM dossier_chain GROUP BY kind`)).map((r) => [r.kind, r.n]))).toEqual({
        version: 253,
        seal: 29,
        handover: 29,
        acknowledgement: 29,
      });
      // The database as it was before migration 0009/0010: no chain (and no SM3 of documents, migration 0012).
      await asAdministrator(db, async (tx) => {
        await tx.execute(sql`DELETE FROM dossier_chain`);
        await tx.execute(sql`UPDATE dossiers SET chain_length = 0, chain_head = repeat('0', 64)`);
        await tx.execute(sql`UPDATE documents SET sm3 = NULL`);
      });
      // The migration chains in SHA-256, as the subgraph does under the international profile.
      const ids = (await queryRows<{ id: string }>(db, sql`SELECT id FROM dossiers`)).map((r) => r.id);
      const inSha256 = [...(await loadRecords(db, ids)).values()]
        .flatMap((r) => chainOfRecords(r, 'SHA-256').rows)
        .map((e) => ({ dossier_id: e.dossierId, seq: e.seq, kind: e.kind, ref: e.ref, prev_hash: e.prevHash, hash: e.hash }))
        .sort((a, b) => (a.dossier_id < b.dossier_id ? -1 : a.dossier_id > b.dossier_id ? 1 : a.seq - b.seq));
      if (activeDigest() === 'SHA-256') expect(inSha256).toEqual(chainedByTheSubgraph);
      const backfill = readFileSync(join(def.migrationsFolder, '0010_dossier_chain_start.sql'), 'utf8').split('--> statement-breakpoint')[0]!;
      await db.execute(sql.raw(backfill));
      expect(await queryRows<ChainRow>(db, all)).toEqual(inSha256);
    });
  }, 120_000);

  it('finds nothing in the untouched record, then names each alteration', async () => {
    expect((await checkpoint())!.checkpoint.payload).toMatchObject({ seq: 1, anomalies: [], kinds: { dossier: { chains: 45, entries: 340 }, access: { chains: 8, entries: 24 } } });
    const clean = await auditCli(env);
    expect(clean.lines.filter((l) => FINDING.test(l))).toEqual([]);
    expect(clean.lines).toContainEqual(expect.stringMatching(/: 45 dossier chain\(s\), 340 entries; dossiers access log 24 entries in 8 chains, 0 finding\(s\); compared with checkpoint 1$/));
    expect(clean.code).toBe(0);

    const expected: string[] = [];
    await using(async (db) => {
      const sealed = (await queryRows<{ id: string; case_id: string }>(db, sql`SELECT d.id, d.case_id FROM dossiers d WHERE EXISTS (SELECT 1 FROM seals s WHERE s.dossier_id = d.id) ORDER BY d.id`)).slice(0, 3);
      const plain = await queryRows<{ id: string; case_id: string; version: number; chain_length: number }>(
        db,
        sql`SELECT d.id, d.case_id, d.version, d.chain_length FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM seals s WHERE s.dossier_id = d.id) AND d.version >= 4 ORDER BY d.id`,
      );
      expect(plain.length).toBeGreaterThanOrEqual(6);
      const name = (d: { id: string; case_id: string }) => `dossier ${d.id} (case ${d.case_id})`;
      const entryOf = async (dossierId: string, kind: string, ref: string) =>
        (await queryRows<{ seq: number }>(db, sql`SELECT seq FROM dossier_chain WHERE dossier_id = ${dossierId} AND kind = ${kind} AND ref = ${ref}`))[0]!.seq;

      // 1. A version row changed: its reason rewritten.
      const [d1, d2, d3, d4, d7, d8] = plain;
      expect(await entryOf(d1!.id, 'version', '2')).toBe(2);
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE dossier_versions SET reason = '补正材料（改写）' WHERE dossier_id = ${d1!.id} AND version = 2`));
      expected.push(`BROKEN ${name(d1!)}: entry 2 (version 2): its record has been changed since it was chained`);

      // 2. A version row deleted: the document it added is then added by no version.
      const [v3] = await queryRows<{ document_id: string }>(db, sql`SELECT document_id FROM dossier_versions WHERE dossier_id = ${d2!.id} AND version = 3`);
      await asAdministrator(db, (tx) => tx.execute(sql`DELETE FROM dossier_versions WHERE dossier_id = ${d2!.id} AND version = 3`));
      expected.push(`BROKEN ${name(d2!)}: entry 3 (version 3): its version row has been deleted`);
      expected.push(`MISMATCH ${name(d2!)}: document ${v3!.document_id} says it was added in version 3 but no version added it (added around the chain)`);

      // 3. A version inserted, consistently with the document and the dossier's version: a withdrawal nobody made.
      const next = d3!.version + 1;
      const [victim] = await queryRows<{ id: string }>(db, sql`SELECT id FROM documents WHERE dossier_id = ${d3!.id} AND removed_in_version IS NULL ORDER BY added_in_version LIMIT 1`);
      await asAdministrator(db, async (tx) => {
        await tx.execute(sql`INSERT INTO dossier_versions (dossier_id, version, change, document_id, reason, created_by, created_by_agency_id, created_at)
          VALUES (${d3!.id}, ${next}, 'WITHDRAWN', ${victim!.id}, '误传', 'demo-seed', 'ag-330100-msa', now())`);
        await tx.execute(sql`UPDATE documents SET removed_in_version = ${next}, withdrawn_at = now(), withdrawn_by = 'demo-seed', withdrawal_reason = '误传' WHERE id = ${victim!.id}`);
        await tx.execute(sql`UPDATE dossiers SET version = ${next} WHERE id = ${d3!.id}`);
      });
      expected.push(`BROKEN ${name(d3!)}: version ${next} (WITHDRAWN document ${victim!.id}) is not in its chain (added around it)`);

      // 4. A document's recorded SHA-256 and size changed (to match substituted bytes).
      const [v2] = await queryRows<{ document_id: string }>(db, sql`SELECT document_id FROM dossier_versions WHERE dossier_id = ${d4!.id} AND version = 2`);
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE documents SET sha256 = ${'ab'.repeat(32)}, size = 1024 WHERE id = ${v2!.document_id}`));
      expected.push(`BROKEN ${name(d4!)}: entry 2 (version 2): its record has been changed since it was chained`);

      // 5. A seal's JWS replaced (another signature), its recorded hash recomputed to match.
      const [seal] = await queryRows<{ id: string; jws: string }>(db, sql`SELECT id, jws FROM seals WHERE dossier_id = ${sealed[0]!.id}`);
      const [header, payload] = seal!.jws.split('.');
      const forged = `${header}.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`;
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE seals SET jws = ${forged}, jws_sha256 = ${sha256Hex(forged)} WHERE id = ${seal!.id}`));
      expected.push(`BROKEN ${name(sealed[0]!)}: entry ${await entryOf(sealed[0]!.id, 'seal', seal!.id)} (seal ${seal!.id}): its record has been changed since it was chained`);

      // 6. A handover's recorded document hash changed.
      const [ho] = await queryRows<{ id: string }>(db, sql`SELECT id FROM handovers WHERE dossier_id = ${sealed[1]!.id}`);
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE handover_documents SET sha256 = ${'cd'.repeat(32)} WHERE handover_id = ${ho!.id} AND position = 0`));
      expected.push(`BROKEN ${name(sealed[1]!)}: entry ${await entryOf(sealed[1]!.id, 'handover', ho!.id)} (handover ${ho!.id}): its record has been changed since it was chained`);

      // 7. A whole dossier deleted, with its documents, versions and chain.
      await asAdministrator(db, async (tx) => {
        for (const table of ['dossier_chain', 'dossier_versions', 'documents']) await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE dossier_id = ${d7!.id}`);
        await tx.execute(sql`DELETE FROM dossiers WHERE id = ${d7!.id}`);
      });
      expected.push(`CHECKPOINT ${name(d7!)} is in checkpoint 1 (${d7!.chain_length} entries) but missing from the database`);

      // 8. A chain rewritten: a version's reason changed and every hash after it recomputed, the head moved.
      await asAdministrator(db, async (tx) => {
        await tx.execute(sql`UPDATE dossier_versions SET reason = '依法补正（改写）' WHERE dossier_id = ${d8!.id} AND version = 2`);
        const records = (await loadRecords(tx, [d8!.id])).get(d8!.id)!;
        const rechained = chainOfRecords(records, records.chain[0]!.hashAlg);
        for (const e of rechained.rows) await tx.execute(sql`UPDATE dossier_chain SET prev_hash = ${e.prevHash}, hash = ${e.hash} WHERE dossier_id = ${d8!.id} AND seq = ${e.seq}`);
        await tx.execute(sql`UPDATE dossiers SET chain_head = ${rechained.head} WHERE id = ${d8!.id}`);
      });
      expected.push(`CHECKPOINT ${name(d8!)} its head differs from checkpoint 1 at the same length ${d8!.chain_length} (rewritten)`);

      // 9. A dossier rolled back a step, consistently: the handover's acknowledgement, its entry and the head.
      const [rolled] = await queryRows<{ chain_length: number }>(db, sql`SELECT chain_length FROM dossiers WHERE id = ${sealed[2]!.id}`);
      const n = rolled!.chain_length;
      const [ackEntry, before] = await queryRows<ChainRow>(db, sql`SELECT * FROM dossier_chain WHERE dossier_id = ${sealed[2]!.id} AND seq >= ${n - 1} ORDER BY seq DESC`);
      expect(ackEntry!.kind).toBe('acknowledgement');
      await asAdministrator(db, async (tx) => {
        await tx.execute(sql`UPDATE handovers SET acknowledged_at = NULL, acknowledged_by = NULL, receipt = NULL WHERE id = ${ackEntry!.ref}`);
        await tx.execute(sql`DELETE FROM dossier_chain WHERE dossier_id = ${sealed[2]!.id} AND seq = ${n}`);
        await tx.execute(sql`UPDATE dossiers SET chain_length = ${n - 1}, chain_head = ${before!.hash} WHERE id = ${sealed[2]!.id}`);
      });
      expected.push(`CHECKPOINT ${name(sealed[2]!)} has ${n - 1} entries but checkpoint 1 recorded ${n} (truncated or rolled back)`);

      // 10. The dossiers' access log (a download's record): a row deleted.
      const [row] = await queryRows<{ stripe: number; seq: number; row_id: string }>(db, sql`SELECT stripe, seq, row_id FROM access_log_chain ORDER BY stripe, seq LIMIT 1`);
      await asAdministrator(db, (tx) => tx.execute(sql`DELETE FROM access_log WHERE id = ${row!.row_id}`));
      expected.push(`BROKEN dossiers access log stripe ${row!.stripe} entry ${row!.seq} (row ${row!.row_id}): its row has been deleted`);
    });

    const { code, lines } = await auditCli(env);
    expect(code).toBe(1);
    expect(lines.filter((l) => FINDING.test(l)).sort()).toEqual([...expected].sort());
    expect(lines.at(-1)).toMatch(new RegExp(`^audit:verify: ${expected.length} finding\\(s\\) in `));
  }, 300_000);

  it('a checkpoint taken after the alterations records the deleted, rewritten and rolled-back dossiers, and audit:verify keeps naming them', async () => {
    const taken = await checkpoint();
    const anomalies = taken!.checkpoint.payload.anomalies;
    expect(anomalies).toHaveLength(3);
    expect(anomalies.every((a) => /^dossier \S+ (is in checkpoint 1 \(\d+ entries\) but missing from the database|its head differs from checkpoint 1 at the same length \d+ \(rewritten\)|has \d+ entries but checkpoint 1 recorded \d+ \(truncated or rolled back\))$/.test(a))).toBe(true);
    const { code, lines } = await auditCli(env);
    expect(code).toBe(1);
    for (const a of anomalies) expect(lines).toContain(`ANOMALY dossiers checkpoint 2 found: ${a}`);
  }, 120_000);
});
