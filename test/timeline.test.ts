/**
 * The timeline is tamper-evident: the tables refuse UPDATE, DELETE and TRUNCATE; an attacker with
 * database access who switches the trigger off can change a stored event, but the hash chain then
 * fails at that event — through the graph (verifyTimeline, verifyTimelines) and in `npm run
 * audit:verify` — on PGlite and on PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { and, asc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../subgraphs/cases/db/schema';
import { casesSubgraph } from '../subgraphs/cases/index';
import { canonicalJson, eventHash } from '../subgraphs/cases/timeline/hash';
import { auditTimelines, formatBreak } from '../subgraphs/cases/timeline/audit';
import { latestCheckpoint, setCheckpointsDir } from '../subgraphs/cases/timeline/graph';
import { CASES_CHAIN_SOURCES } from '../subgraphs/cases/timeline/leaves';
import { loadCheckpointKey, takeCheckpoint } from '../subgraphs/kit/checkpoint';
import { systemClock } from '../subgraphs/kit/clock';
import { openDatabase, subgraphDatabaseUrl, type Database } from '../subgraphs/kit/db';
import { DATABASE_KIND } from './harness';
import { casesKek } from '../subgraphs/cases/personalData';
import { AGENCY, bringToReceived, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

/** What an attacker with database access does: switch the append-only trigger off, change rows, switch it on. */
async function asAttacker(db: Database, change: () => Promise<unknown>): Promise<void> {
  await db.execute(sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`);
  try {
    await change();
  } finally {
    await db.execute(sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`);
  }
}

/** The database's own refusal (drizzle wraps it: "Failed query: …", the cause says why). */
async function refusal(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (err) {
    const e = err as { message: string; cause?: { message?: string } };
    return e.cause?.message ?? e.message;
  }
  return 'not refused';
}

/** Runs `npm run audit:verify` (the script itself) with an environment. */
async function auditCli(env: Record<string, string>, args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('canonical JSON and event hashes', () => {
  it('sorts keys at every level and drops undefined members, so jsonb round trips hash the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined, w: null }], c: '张' } })).toBe('{"a":{"c":"张","d":[1,{"w":null,"y":2}]},"b":1}');
    const e = {
      id: 'e1', caseId: 'c1', seq: 1, action: 'createCase', fromStage: null, toStage: 'DRAFT', fromStatus: null, toStatus: 'DRAFT',
      actorId: 'of-1', actorAgencyId: 'ag-1', actorRoles: ['CASE_OFFICER'], at: new Date('2026-11-02T02:00:00Z'), reasons: null,
      documents: [], sealSha256: null, data: { b: 2, a: 1 }, idempotencyKey: null, requestHash: null, prevHash: '0'.repeat(64), hashAlg: 'SHA-256' as const,
    };
    expect(eventHash(e)).toBe(eventHash({ ...e, data: { a: 1, b: 2 } }));
    expect(eventHash(e)).not.toBe(eventHash({ ...e, reasons: '' }));
    expect(eventHash(e)).not.toBe(eventHash({ ...e, at: new Date('2026-11-02T02:00:00.001Z') }));
  });
});

describe(`the timeline is tamper-evident (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  let db: Database;
  let id: string;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
    db = wf.graph.subgraphs.cases!.db as Database;
    id = await wf.createCase();
    await bringToReceived(wf, id); // 5 events: createCase, submit, approve, transfer, receipt
  });
  afterAll(() => wf?.close());

  const verify = async (caseId: string) =>
    (await wf.graph.query(`query($id: ID!) { verifyTimeline(caseId: $id) { caseId number events ok brokenAt { seq eventId reason } } }`, { id: caseId }, { token: await wf.token('procurator') })).data
      .verifyTimeline;
  const eventRow = async (caseId: string, seq: number) => (await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.seq, seq))))[0]!;

  it('serves the latest signed checkpoint to supervisors only, through the graph', async () => {
    const q = `{ auditCheckpoint { subgraph seq at size root prev anomalies jws } }`;
    const officer = await wf.graph.query(q, {}, { token: await wf.token('agencyOfficer') });
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const supervisor = await wf.graph.query(q, {}, { token: await wf.token('procurator') });
    expect(supervisor.errors).toBeUndefined();
    expect(supervisor.data.auditCheckpoint).toEqual(latestCheckpoint());
  });

  it('gives supervisors a case’s proof of inclusion through the graph, which verify-proof accepts offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caselink-proof-'));
    try {
      setCheckpointsDir(dir);
      const key = await loadCheckpointKey('cases', {}, dir);
      const q = `query($id: ID!) { case(id: $id) { inclusionProof } }`;
      expect((await wf.graph.query(q, { id }, { token: await wf.token('procurator') })).data.case.inclusionProof).toBeNull();
      const taken = await takeCheckpoint({ name: 'cases', db, key, dir, sources: CASES_CHAIN_SOURCES, skipUnchanged: false });
      const officer = await wf.graph.query(q, { id }, { token: await wf.token('agencyOfficer') });
      expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const res = await wf.graph.query(q, { id }, { token: await wf.token('procurator') });
      const proof = JSON.parse(res.data.case.inclusionProof);
      expect(proof.record).toBeUndefined();
      expect(proof.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      const file = join(dir, 'proof.json');
      writeFileSync(file, res.data.case.inclusionProof);
      const keyFile = join(dir, 'keys', 'cases-checkpoint.public.jwk.json');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/verify-proof.ts', file, '--key', keyFile], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
      const [c] = await db.select().from(cases).where(eq(cases.id, id));
      const p = taken!.checkpoint.payload;
      // signedAt (DateTime) answers what the deprecated at (an ISO string) did.
      const signed = await wf.graph.query(`{ auditCheckpoint { seq at signedAt } }`, {}, { token: await wf.token('procurator') });
      expect(signed.data.auditCheckpoint).toEqual({ seq: p.seq, at: p.at, signedAt: p.at });
      expect(stdout.trim()).toBe(`OK ${c!.number} (case ${id}): 5 event(s) are in cases checkpoint ${p.seq} of ${p.at} (root ${p.root}), signed by key ${key.kid}`);
    } finally {
      setCheckpointsDir(null);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('stores events that cannot be updated, deleted or truncated', async () => {
    expect(await verify(id)).toMatchObject({ ok: true, events: 5, brokenAt: null });
    expect(await refusal(db.execute(sql`UPDATE case_events SET reasons = 'x' WHERE case_id = ${id}`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`DELETE FROM case_events WHERE case_id = ${id}`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`TRUNCATE case_events CASCADE`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`UPDATE penalties SET amount = 1`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`DELETE FROM penalties`))).toMatch(/append-only/);
    expect((await db.select().from(caseEvents).where(eq(caseEvents.caseId, id))).length).toBe(5);
  });

  it('names the changed event when an attacker edits one behind the trigger', async () => {
    const before = await eventRow(id, 3);
    await asAttacker(db, () => db.execute(sql`UPDATE case_events SET reasons = '已批准（事后补写）' WHERE case_id = ${id} AND seq = 3`));
    const result = await verify(id);
    expect(result).toMatchObject({ ok: false, events: 5, brokenAt: { seq: 3, eventId: before.id } });
    expect(result.brokenAt.reason).toMatch(/changed since it was recorded/);
    // The supervisor's audit of every visible timeline finds exactly this one among the demo cases.
    const audit = await wf.graph.query(`{ verifyTimelines { checked ok broken { caseId brokenAt { seq } } } }`, {}, { token: await wf.token('procurator') });
    expect(audit.data.verifyTimelines).toMatchObject({ ok: false, broken: [{ caseId: id, brokenAt: { seq: 3 } }] });
    expect(audit.data.verifyTimelines.checked).toBeGreaterThan(5);
    // The same check, read from the database by the audit tool.
    const report = await auditTimelines(wf.graph.subgraphs.cases!.db as never);
    expect(report.broken.map((r) => r.caseId)).toEqual([id]);
    expect(formatBreak(report.broken[0]!)).toMatch(new RegExp(`^BROKEN XF-\\d{6}-\\d{4}-\\d{4} \\(case ${id}\\): event 3 \\(${before.id}\\) has been changed`));
    // Putting the original back restores the chain.
    await asAttacker(db, () => db.execute(sql`UPDATE case_events SET reasons = ${before.reasons} WHERE case_id = ${id} AND seq = 3`));
    expect(await verify(id)).toMatchObject({ ok: true });
  });

  it('names the next event when the attacker also recomputes the edited event’s hash', async () => {
    const other = await wf.createCase();
    await bringToReceived(wf, other);
    const e2 = await eventRow(other, 2);
    const forged = { ...e2, reasons: '伪造的理由' };
    await asAttacker(db, () => db.execute(sql`UPDATE case_events SET reasons = ${forged.reasons}, hash = ${eventHash(forged)} WHERE id = ${e2.id}`));
    const result = await verify(other);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
    expect(result.brokenAt.reason).toMatch(/does not follow the event before it/);
  });

  it('notices a deleted last event: the case row keeps the chain’s head', async () => {
    const other = await wf.createCase();
    await bringToReceived(wf, other);
    await asAttacker(db, () => db.execute(sql`DELETE FROM case_events WHERE case_id = ${other} AND seq = 5`));
    const result = await verify(other);
    expect(result).toMatchObject({ ok: false, events: 4, brokenAt: { seq: 5, eventId: null } });
    expect(result.brokenAt.reason).toMatch(/records 5 events but 4 are stored/);
  });

  it('notices a stage changed behind the timeline’s back', async () => {
    const other = await wf.createCase();
    await db.execute(sql`UPDATE cases SET stage = 'APPROVED', status = 'APPROVED' WHERE id = ${other}`);
    const result = await verify(other);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: 2, eventId: null } });
    expect(result.brokenAt.reason).toMatch(/the case is APPROVED\/APPROVED but its timeline ends in DRAFT\/DRAFT/);
  });

  it('answers verifyTimeline only to callers with a relation to the case, and verifyTimelines only to supervisors', async () => {
    const stranger = await wf.graph.query(`query($id: ID!) { verifyTimeline(caseId: $id) { ok } }`, { id }, { token: await wf.token('otherAgency') });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const officer = await wf.graph.query(`{ verifyTimelines { ok } }`, {}, { token: await wf.token('agencyOfficer') });
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await wf.graph.query(`query($id: ID!) { verifyTimeline(caseId: $id) { ok } }`, { id }, { token: await wf.token('agencyOfficer') });
    expect(own.data.verifyTimeline.ok).toBe(true);
  });

  it('records the transfer package seal’s hash, and the receiving agency, in the chain', async () => {
    const rows = await db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq));
    const transfer = rows.find((r) => r.action === 'transferCase')!;
    expect(transfer.sealSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(transfer.data).toMatchObject({ receivingAgencyId: AGENCY.police, seal: { dossierVersion: 5 } });
    const [c] = await db.select().from(cases).where(eq(cases.id, id));
    expect([c!.timelineLength, c!.timelineHead]).toEqual([rows.length, rows.at(-1)!.hash]);
  });
});

describe(`npm run audit:verify (${DATABASE_KIND})`, () => {
  let env: Record<string, string>;
  let dropDatabase: (() => Promise<void>) | null = null;
  let tmp: string | null = null;
  let db: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    let storage: Parameters<typeof openDatabase>[0]['storage'];
    if (DATABASE_KIND === 'postgres') {
      const adminUrl = process.env.DATABASE_URL!;
      const base = new URL(adminUrl);
      base.pathname = `/caselink_audit_${randomBytes(5).toString('hex')}`;
      const url = subgraphDatabaseUrl(base.toString(), 'cases');
      storage = { kind: 'postgres', url, poolSize: 2, createIfMissing: { adminUrl } };
      env = { CASES_DATABASE_URL: url, CASES_KEK: casesKek().toString('base64') };
      dropDatabase = async () => {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
        await admin.end();
      };
    } else {
      tmp = mkdtempSync(join(tmpdir(), 'caselink-audit-'));
      storage = { kind: 'pglite', dataDir: join(tmp, 'cases') };
      env = { DATA_DIR: tmp, CASES_KEK: casesKek().toString('base64') }; // this process's KEK: the CLI decrypts what it encrypted
    }
    const opened = await openDatabase({ name: 'cases', storage, tables: casesSubgraph.tables, migrationsFolder: casesSubgraph.migrationsFolder });
    await casesSubgraph.seed!(opened.db as never, systemClock);
    db = opened.db as Database;
    close = opened.close;
    // PGlite allows one process at a time on a directory: the CLI runs while it is closed.
    if (DATABASE_KIND === 'pglite') await close();
  });
  afterAll(async () => {
    if (DATABASE_KIND === 'postgres') await close?.();
    await dropDatabase?.();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const reopen = async () => {
    if (DATABASE_KIND === 'postgres') return db;
    const opened = await openDatabase({ name: 'cases', storage: { kind: 'pglite', dataDir: join(tmp!, 'cases') }, tables: casesSubgraph.tables, migrationsFolder: casesSubgraph.migrationsFolder });
    close = opened.close;
    return opened.db as Database;
  };
  const release = async () => {
    if (DATABASE_KIND === 'pglite') await close();
  };

  it('exits 0 when every demo timeline is intact', async () => {
    const { code, out } = await auditCli(env);
    expect(out).toMatch(/checked 45 timeline\(s\), 45 intact, 0 broken/);
    expect(code).toBe(0);
  });

  it('exits 1 and names the first broken event of each broken chain', async () => {
    const d = await reopen();
    const [e] = await d.select().from(caseEvents).where(and(eq(caseEvents.caseId, 'cs-0002'), eq(caseEvents.seq, 2)));
    await asAttacker(d, () => d.execute(sql`UPDATE case_events SET at = at - interval '1 day' WHERE id = ${e!.id}`));
    await release();
    const { code, out } = await auditCli(env);
    expect(code).toBe(1);
    expect(out).toContain(`(case cs-0002): event 2 (${e!.id}) has been changed since it was recorded`);
    expect(out).toMatch(/checked 45 timeline\(s\), 44 intact, 1 broken/);
    const one = await auditCli(env, ['--case', 'cs-0001', '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({ checked: 1, broken: [] });
  });

  it('exits 2 with a message naming the problem when it cannot run', async () => {
    const { code, out } = await auditCli({ CASES_DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(2);
    expect(out).toMatch(/CASES_DATABASE_URL must be a postgres:\/\/ URL, got "mysql:\/\/nope"/);
  });
});
