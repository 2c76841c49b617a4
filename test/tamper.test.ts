/**
 * The record cannot be quietly rewritten (issue 16). An administrator with write access to the
 * databases switches the append-only triggers off (session_replication_role = replica), alters the
 * record the ways the issue lists, recomputing hashes where an attacker can, and `npm run
 * audit:verify` names each alteration, in the exact line it prints. The cases and agencies databases
 * are checked, against a signed checkpoint taken before the alterations.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agenciesSubgraph } from '../subgraphs/agencies/index';
import { casesSubgraph } from '../subgraphs/cases/index';
import { eventHash } from '../subgraphs/cases/timeline/hash';
import { CASES_CHAIN_SOURCES } from '../subgraphs/cases/timeline/leaves';
import { Disclosures } from '../subgraphs/kit/accessLog';
import { accessLogLeaves } from '../subgraphs/kit/accessLogAudit';
import type { Caller } from '../subgraphs/kit/caller';
import { checkpointDir, loadCheckpointKey, takeCheckpoint } from '../subgraphs/kit/checkpoint';
import { systemClock } from '../subgraphs/kit/clock';
import { openDatabase, queryRows, subgraphDatabaseUrl, type Database } from '../subgraphs/kit/db';
import { casesKek } from '../subgraphs/cases/personalData';
import { DATABASE_KIND } from './harness';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

async function auditCli(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  let out: string;
  let code = 0;
  try {
    out = (await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } })).stdout;
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    code = e.code;
    out = e.stdout + e.stderr;
  }
  return { code, lines: out.split('\n').filter(Boolean) };
}

/** What an administrator does: triggers off for one transaction (so every statement runs on the same session). */
const asAdministrator = (db: Database, change: (tx: Database) => Promise<unknown>) =>
  db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await change(tx as unknown as Database);
  });

const caller = (n: number): Caller =>
  ({ sub: `officer-${n}`, agencyId: 'ag-330106-psb', agencyKind: 'POLICE', division: '330106', roles: ['SUPERVISOR'], purpose: 'SUPERVISION', requestId: `req-${n}` }) as unknown as Caller;

/** Access-log rows as requests write them (the kit's Disclosures). */
async function readCases(db: Database, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const d = new Disclosures();
    d.record(`cs-00${String(10 + (i % 30))}`, 'Party.name', i % 2 === 0);
    await d.write(db, caller(i), new Date(Date.UTC(2026, 10, 1, 8, 0, i)));
  }
}

interface Opened {
  db: Database;
  close(): Promise<void>;
}

describe(`tampering as an administrator is named by audit:verify (${DATABASE_KIND})`, () => {
  let tmp: string;
  let env: Record<string, string>;
  const drops: (() => Promise<void>)[] = [];
  const storages: Record<string, Parameters<typeof openDatabase>[0]['storage']> = {};

  const open = async (name: 'cases' | 'agencies'): Promise<Opened> => {
    const def = name === 'cases' ? casesSubgraph : agenciesSubgraph;
    const o = await openDatabase({ name, storage: storages[name]!, tables: def.tables as never, migrationsFolder: def.migrationsFolder });
    return { db: o.db as Database, close: o.close };
  };
  /** Opens, works, closes: PGlite takes one process at a time, and the CLI is another. */
  const using = async <T,>(name: 'cases' | 'agencies', work: (db: Database) => Promise<T>): Promise<T> => {
    const o = await open(name);
    try {
      return await work(o.db);
    } finally {
      await o.close();
    }
  };
  const checkpoint = async (name: 'cases' | 'agencies') =>
    using(name, async (db) =>
      takeCheckpoint({ name, db, key: await loadCheckpointKey(name, env, tmp), dir: checkpointDir(name, env), sources: name === 'cases' ? CASES_CHAIN_SOURCES : [accessLogLeaves] }),
    );

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caselink-tamper-'));
    // This process's KEK: the CLI decrypts what this process encrypted.
    env = { DATA_DIR: tmp, CASES_KEK: casesKek().toString('base64') };
    for (const name of ['cases', 'agencies'] as const) {
      if (DATABASE_KIND === 'postgres') {
        const adminUrl = process.env.DATABASE_URL!;
        const base = new URL(adminUrl);
        base.pathname = `/caselink_tamper_${randomBytes(5).toString('hex')}`;
        const url = subgraphDatabaseUrl(base.toString(), name);
        storages[name] = { kind: 'postgres', url, poolSize: 2, createIfMissing: { adminUrl } };
        env[`${name.toUpperCase()}_DATABASE_URL`] = url;
        drops.push(async () => {
          const admin = new pg.Client({ connectionString: adminUrl });
          await admin.connect();
          await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
          await admin.end();
        });
      } else storages[name] = { kind: 'pglite', dataDir: join(tmp, name) };
    }
    await using('cases', async (db) => {
      await casesSubgraph.seed!(db as never, systemClock);
      await readCases(db, 40);
    });
    await using('agencies', async (db) => {
      await agenciesSubgraph.seed!(db as never, systemClock);
      await readCases(db, 24);
    });
    expect((await checkpoint('cases'))!.checkpoint.payload).toMatchObject({ seq: 1, anomalies: [], kinds: { case: { chains: 45 }, access: { chains: 8, entries: 40 } } });
    expect((await checkpoint('agencies'))!.checkpoint.payload).toMatchObject({ seq: 1, kinds: { access: { chains: 8, entries: 24 } } });
  }, 240_000);
  afterAll(async () => {
    for (const drop of drops) await drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('finds nothing in the untouched record, then names each alteration', async () => {
    const clean = await auditCli(env);
    expect(clean.lines.filter((l) => /^(BROKEN|MISMATCH|CHECKPOINT|ANOMALY)/.test(l))).toEqual([]);
    expect(clean.lines.at(-1)).toMatch(/^audit:verify: 0 finding\(s\) in /);
    expect(clean.code).toBe(0);

    const expected: string[] = [];
    await using('cases', async (db) => {
      const number = async (id: string) => (await queryRows<{ number: string }>(db, sql`SELECT number FROM cases WHERE id = ${id}`))[0]!.number;

      // 1. The receiving police unit changed on the cases row.
      const [transfer] = await queryRows<{ seq: number; action: string }>(db, sql`SELECT seq, action FROM case_events WHERE case_id = 'cs-0002' AND data ? 'receivingAgencyId' ORDER BY seq DESC LIMIT 1`);
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE cases SET receiving_agency_id = 'ag-330102-psb' WHERE id = 'cs-0002'`));
      expected.push(`MISMATCH ${await number('cs-0002')} (case cs-0002): cases.receiving_agency_id is ag-330102-psb but its timeline says ag-330106-psb (event ${transfer!.seq} ${transfer!.action})`);

      // 2. A party rewritten.
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE parties SET name = '王某（改）' WHERE case_id = 'cs-0005' AND position = 0`));
      expected.push(`CHECKPOINT case ${await number('cs-0005')} (cs-0005) its record differs from checkpoint 1 (changed since it was checkpointed)`);

      // 3. A penalty amount changed.
      const [p] = await queryRows<{ id: string; decision_number: string; event_seq: number; amount: string }>(db, sql`SELECT id, decision_number, event_seq, amount FROM penalties WHERE case_id = 'cs-0011'`);
      expect(Number(p!.amount)).toBe(400646);
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE penalties SET amount = 4006.46 WHERE id = ${p!.id}`));
      expected.push(`MISMATCH ${await number('cs-0011')} (case cs-0011): penalty ${p!.decision_number} (${p!.id}): amount 4006.46 where event ${p!.event_seq} recorded 400646`);

      // 4. A whole case deleted with its events (the count simply drops by one).
      const gone = await number('cs-0006');
      await asAdministrator(db, async (tx) => {
        for (const table of ['case_deadlines', 'case_events', 'parties', 'penalties']) await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE case_id = 'cs-0006'`);
        await tx.execute(sql`DELETE FROM cases WHERE id = 'cs-0006'`);
      });
      expected.push(`CHECKPOINT case ${gone} (cs-0006) is in checkpoint 1 (3 entries) but missing from the database`);

      // 5. A warning event's note changed.
      const [w] = await queryRows<{ id: string; code: string; case_number: string }>(db, sql`SELECT id, code, case_number FROM warnings WHERE case_id = 'cs-0001'`);
      await asAdministrator(db, (tx) => tx.execute(sql`UPDATE warning_events SET note = '已处理，无需移送' WHERE warning_id = ${w!.id} AND seq = 1`));
      expected.push(`BROKEN warning ${w!.code} on ${w!.case_number} (${w!.id}): event 1 (RAISED) has been changed since it was recorded (its content no longer matches its hash)`);

      // 6a. An access-log row deleted (its chain entry stays).
      const [row] = await queryRows<{ stripe: number; seq: number; row_id: string }>(
        db,
        sql`SELECT c.stripe, c.seq, c.row_id FROM access_log_chain c JOIN access_log_heads h USING (stripe) WHERE c.seq < h.length ORDER BY c.stripe, c.seq LIMIT 1`,
      );
      await asAdministrator(db, (tx) => tx.execute(sql`DELETE FROM access_log WHERE id = ${row!.row_id}`));
      expected.push(`BROKEN cases access log stripe ${row!.stripe} entry ${row!.seq} (row ${row!.row_id}): its row has been deleted`);

      // 6b. The newest access-log rows of another stripe (or of the same one, when a single writer's group
      // commit used one stripe only, as the national profile's does) deleted with their entries, the head set back.
      const [tail] = await queryRows<{ stripe: number; length: number }>(
        db,
        sql`SELECT stripe, length FROM access_log_heads WHERE length >= 3 ORDER BY stripe = ${row!.stripe}, stripe LIMIT 1`,
      );
      await asAdministrator(db, async (tx) => {
        const [last] = await queryRows<{ row_id: string }>(tx, sql`SELECT row_id FROM access_log_chain WHERE stripe = ${tail!.stripe} AND seq = ${tail!.length}`);
        const [before] = await queryRows<{ hash: string; prev_hash: string }>(tx, sql`SELECT hash, prev_hash FROM access_log_chain WHERE stripe = ${tail!.stripe} AND seq = ${tail!.length - 1}`);
        await tx.execute(sql`DELETE FROM access_log WHERE id = ${last!.row_id}`);
        await tx.execute(sql`DELETE FROM access_log_chain WHERE stripe = ${tail!.stripe} AND seq = ${tail!.length}`);
        await tx.execute(sql`UPDATE access_log_heads SET length = length - 1, head = ${before!.hash}, prev = ${before!.prev_hash} WHERE stripe = ${tail!.stripe}`);
      });
      expected.push(`CHECKPOINT cases access-log stripe ${String(tail!.stripe).padStart(3, '0')} has ${tail!.length - 1} entries but checkpoint 1 recorded ${tail!.length} (truncated or rolled back)`);

      // 7. A timeline rewritten with every hash recomputed and the case's head moved: the chain verifies.
      const events = await queryRows<Record<string, unknown>>(db, sql`SELECT * FROM case_events WHERE case_id = 'cs-0007' ORDER BY seq`);
      expect(events).toHaveLength(6);
      await asAdministrator(db, async (tx) => {
        let prev = events[0]!.hash as string;
        for (const raw of events.slice(1)) {
          const e = {
            id: raw.id, caseId: raw.case_id, seq: raw.seq, action: raw.action, fromStage: raw.from_stage, toStage: raw.to_stage, fromStatus: raw.from_status, toStatus: raw.to_status,
            actorId: raw.actor_id, actorAgencyId: raw.actor_agency_id, actorRoles: raw.actor_roles, at: new Date(raw.at as string), documents: raw.documents, sealSha256: raw.seal_sha256,
            data: raw.data, idempotencyKey: raw.idempotency_key, requestHash: raw.request_hash,
            reasons: raw.seq === 2 ? '经审查，不符合移送条件（改写）' : raw.reasons, prevHash: prev, hashAlg: raw.hash_alg,
          } as Parameters<typeof eventHash>[0];
          const hash = eventHash(e);
          await tx.execute(sql`UPDATE case_events SET reasons = ${e.reasons}, prev_hash = ${prev}, hash = ${hash} WHERE id = ${e.id}`);
          prev = hash;
        }
        await tx.execute(sql`UPDATE cases SET timeline_head = ${prev} WHERE id = 'cs-0007'`);
      });
      expected.push(`CHECKPOINT case ${await number('cs-0007')} (cs-0007) its head differs from checkpoint 1 at the same length 6 (rewritten)`);

      // 8. One case rolled back a step, consistently (event, clocks, row): only the checkpoint knows.
      const [e1] = await queryRows<{ hash: string; to_stage: string; to_status: string }>(db, sql`SELECT hash, to_stage, to_status FROM case_events WHERE case_id = 'cs-0020' AND seq = 1`);
      await asAdministrator(db, async (tx) => {
        await tx.execute(sql`DELETE FROM case_events WHERE case_id = 'cs-0020' AND seq = 2`);
        await tx.execute(sql`DELETE FROM case_deadlines WHERE case_id = 'cs-0020' AND opened_by_seq = 2`);
        await tx.execute(sql`UPDATE case_deadlines SET closed_at = NULL, closed_by_seq = NULL, outcome = NULL WHERE case_id = 'cs-0020' AND closed_by_seq = 2`);
        await tx.execute(sql`UPDATE cases SET timeline_length = 1, timeline_head = ${e1!.hash}, stage = ${e1!.to_stage}::case_stage, status = ${e1!.to_status}::case_status,
          transferred_at = NULL, filed_at = NULL, not_filed_at = NULL WHERE id = 'cs-0020'`);
      });
      expected.push(`CHECKPOINT case ${await number('cs-0020')} (cs-0020) has 1 entries but checkpoint 1 recorded 2 (truncated or rolled back)`);
    });

    // 9. An agency's access log (through the kit): a row deleted.
    await using('agencies', async (db) => {
      const [row] = await queryRows<{ stripe: number; seq: number; row_id: string }>(db, sql`SELECT stripe, seq, row_id FROM access_log_chain ORDER BY stripe DESC, seq DESC LIMIT 1`);
      await asAdministrator(db, (tx) => tx.execute(sql`DELETE FROM access_log WHERE id = ${row!.row_id}`));
      expected.push(`BROKEN agencies access log stripe ${row!.stripe} entry ${row!.seq} (row ${row!.row_id}): its row has been deleted`);
    });

    const { code, lines } = await auditCli(env);
    const findings = lines.filter((l) => /^(BROKEN|MISMATCH|CHECKPOINT|ANOMALY)/.test(l));
    expect(code).toBe(1);
    expect(findings.sort()).toEqual([...expected].sort());
    expect(lines.at(-1)).toMatch(new RegExp(`^audit:verify: ${expected.length} finding\\(s\\) in `));
  }, 300_000);

  it('a checkpoint taken after the alterations records them against the one before, and audit:verify keeps naming them', async () => {
    const taken = await checkpoint('cases');
    const anomalies = taken!.checkpoint.payload.anomalies;
    expect(anomalies).toEqual(
      expect.arrayContaining([
        'case cs-0006 is in checkpoint 1 (3 entries) but missing from the database',
        'case cs-0005 its record differs from checkpoint 1 (changed since it was checkpointed)',
        'case cs-0007 its head differs from checkpoint 1 at the same length 6 (rewritten)',
        'case cs-0020 has 1 entries but checkpoint 1 recorded 2 (truncated or rolled back)',
      ]),
    );
    const { code, lines } = await auditCli(env);
    expect(code).toBe(1);
    expect(lines).toContain('ANOMALY cases checkpoint 2 found: case cs-0006 is in checkpoint 1 (3 entries) but missing from the database');
  }, 120_000);
});
