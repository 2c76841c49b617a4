/**
 * Least-privilege database roles (docs/production.md, "Roles"; decision 106). On PostgreSQL: each
 * subgraph's database is provisioned with deploy/postgres/provision.sql (as printed in the guide),
 * migrated by its owner role with `npm run migrate -- <name> --grant <service>`, and the whole graph
 * then runs as the service roles through real workflow steps; as a service role, disabling a
 * trigger, deleting or truncating the access log and rewriting a timeline are refused by
 * PostgreSQL itself. A service whose database has a pending migration refuses to start, saying
 * what to run. On PGlite (and PostgreSQL alike): the declarations agree with the migrations'
 * append-only triggers.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { ourSubgraphs } from '../subgraphs/all';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database, type StorageMode } from '../subgraphs/kit/db';
import { withKitGrants } from '../subgraphs/kit/grants';
import { DEFAULT_WARNINGS_CONFIG } from '../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { spend } from '../subgraphs/cases/statistics/budget';
import { loadPrivacyConfig } from '../subgraphs/cases/statistics/privacyConfig';
import { rotateDataKey } from '../subgraphs/cases/personalData';
import { provisioning } from '../scripts/provisioning';
import { DATABASE_KIND } from './harness';
import { AGENCY, bringToReceived, HOUR, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

/** Tables whose rows a trigger refuses to change (caselink_refuse_change*), with the columns it lets change (re-encryption). */
async function appendOnlyTables(query: (q: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<Map<string, string[]>> {
  const { rows } = await query(`
    select c.relname as table, encode(t.tgargs, 'escape') as args
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
     where not t.tgisinternal and p.proname like 'caselink_refuse_change%' and (t.tgtype & 16) = 16`);
  return new Map(rows.map((r) => [r.table as string, String(r.args).split('\\000').filter(Boolean)]));
}

describe('the service grants agree with the append-only triggers', () => {
  it.each(ourSubgraphs.map((s) => [s.name, s] as const))('%s: no append-only table is granted UPDATE beyond what its trigger lets change', async (_name, def) => {
    const client = new PGlite();
    try {
      await migrate(drizzle({ client }), { migrationsFolder: def.migrationsFolder, migrationsTable: `__drizzle_migrations_${def.name}` });
      const appendOnly = await appendOnlyTables((q) => client.query(q));
      const { rows } = await client.query<{ relname: string }>(`select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`);
      const tables = new Set(rows.map((r) => r.relname));
      expect(appendOnly.has('access_log')).toBe(true);
      for (const [table, columns] of Object.entries(withKitGrants(def.serviceGrants).update)) {
        expect(tables.has(table), `${def.name} grants UPDATE on ${table}, which its migrations do not create`).toBe(true);
        if (!appendOnly.has(table)) continue;
        expect(columns, `${table} is append-only: UPDATE only on the columns its trigger lets change`).not.toBe('all');
        expect([...columns].sort()).toEqual([...appendOnly.get(table)!].sort());
      }
    } finally {
      await client.close();
    }
  }, 120_000); // migrating a fresh PGlite takes seconds, tens of them on a loaded machine

  it('hand-checked: the cases service may not update its timeline, notices, penalties (but their encrypted columns) or informants (likewise)', async () => {
    const cases = ourSubgraphs.find((s) => s.name === 'cases')!;
    const update = withKitGrants(cases.serviceGrants).update;
    for (const t of ['case_events', 'warning_events', 'warning_notices', 'warning_notice_outcomes', 'access_log', 'access_log_chain', 'statistics_releases']) expect(update[t]).toBeUndefined();
    expect(update.penalties).toEqual(['party_name', 'party_id_number', 'party_credit_code', 'party_id_number_mac', 'party_credit_code_mac']);
    expect(update.case_informants).toEqual(['name', 'id_number', 'phone', 'address']);
  });

  it('a PGlite database still migrates itself on first opening, and a second opening applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caselink-roles-'));
    const def = ourSubgraphs.find((s) => s.name === 'agencies')!;
    const open = () => openDatabase({ name: 'agencies', storage: { kind: 'pglite', dataDir: join(dir, 'agencies') }, tables: def.tables, migrationsFolder: def.migrationsFolder });
    try {
      const first = await open();
      await first.close();
      expect(first.migrated.slice(0, 2)).toEqual(['0000_init', '0001_access_log_append_only']);
      const second = await open();
      await second.close();
      expect(second.migrated).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000); // migrating a fresh PGlite takes seconds, tens of them on a loaded machine
});

describe.skipIf(DATABASE_KIND !== 'postgres')('PostgreSQL: owner migrates, services run as least-privilege roles', () => {
  const adminUrl = process.env.DATABASE_URL!;
  const prefix = `caselink_r${randomBytes(4).toString('hex')}`;
  const names = ourSubgraphs.map((s) => s.name);
  const databases = provisioning(adminUrl, prefix, randomBytes(12).toString('hex'));
  const { role, urlOf } = databases;
  const dataDir = mkdtempSync(join(tmpdir(), 'caselink-roles-data-'));
  let wf: WorkflowGraph;

  const cli = async (script: string, args: string[], env: Record<string, string>) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env } });
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
  /** Runs one statement as a subgraph's service role; the error PostgreSQL answers, or null. */
  const asService = async (name: string, statement: string): Promise<{ code?: string; message: string } | null> => {
    const c = new pg.Client({ connectionString: urlOf(name, 'service') });
    await c.connect();
    try {
      await c.query(statement);
      return null;
    } catch (err) {
      return err as { code?: string; message: string };
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    for (const name of names) {
      // As the guide prints it (docs/production.md, "Provisioning"): provision.sql, then migrate --grant as the owner.
      const migrated = await databases.provision(name, dataDir);
      expect(migrated.out).toMatch(new RegExp(`${name}: applied \\d+ migrations \\(0000_init … `));
      expect(migrated.out).toMatch(new RegExp(`${name}: role ${role(name, 'service')} may SELECT and INSERT every table, UPDATE access_log_heads`));
      expect(migrated.code).toBe(0);
    }
    wf = await startWorkflowGraph(undefined, { storageFor: (name): StorageMode => ({ kind: 'postgres', url: urlOf(name, 'service'), poolSize: 4 }), dossiers: { blobStore: 'database' } });
  }, 240_000);

  afterAll(async () => {
    await wf?.close();
    await databases.drop(names);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the graph runs as the service roles: demo seed, a case through transfer and filing, documents, a handover, the sweep, the budget, a key rotation', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    // A document withdrawn (documents: UPDATE of the withdrawal columns only).
    const extra = await wf.upload(id, 'agencyOfficer', 'OTHER_MATERIAL');
    const withdrawn = await wf.graph.query(`mutation($id: ID!) { withdrawDocument(id: $id, reason: "上传错误") { id } }`, { id: extra.id }, { token: await wf.token('agencyOfficer') });
    expect(withdrawn.errors).toBeUndefined();
    await wf.ok('fileCase', id, 'policeHead', await wf.attach(id, 'policeHead', 'FILING_NOTICE'));
    // A handover and its acknowledgement (handovers: UPDATE of the acknowledgement only).
    const handed = await wf.upload(id, 'agencyOfficer', 'HANDOVER_LIST');
    const dossierId = (await wf.graph.query(`query($id: ID!) { case(id: $id) { dossier { id } } }`, { id }, { token: await wf.token('agencyOfficer') })).data.case.dossier.id;
    const handover = await wf.graph.query(`mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { id } }`, { i: { dossierId, receivingAgencyId: AGENCY.police, documentIds: [handed.id] } }, { token: await wf.token('agencyOfficer') });
    expect(handover.errors).toBeUndefined();
    const ack = await wf.graph.query(`mutation($h: ID!) { acknowledgeHandover(id: $h) { acknowledgedAt } }`, { h: handover.data.handOverDocuments.id }, { token: await wf.token('police') });
    expect(ack.errors).toBeUndefined();
    expect(ack.data.acknowledgeHandover.acknowledgedAt).not.toBeNull();

    // Read back through the gateway: the timeline as written, the closed clocks.
    const read = await wf.read(id);
    expect(read.timeline.map((e: { action: string }) => e.action)).toEqual(['createCase', 'submitForApproval', 'approveTransfer', 'transferCase', 'acknowledgeReceipt', 'fileCase']);
    expect(read.status).toBe('FILED');

    const db = wf.graph.subgraphs.cases!.db as Database;
    // The duration summary kept by the triggers on case_deadlines, under the service role (migration 0023).
    const [cells] = await queryRows<{ closed: number }>(db, sql`select coalesce(sum(closed), 0)::int as closed from clock_duration_summary`);
    const [clocks] = await queryRows<{ closed: number }>(db, sql`select count(*)::int as closed from case_deadlines where closed_at is not null`);
    expect(clocks!.closed).toBeGreaterThan(0);
    expect(cells!.closed).toBe(clocks!.closed);
    // The warnings sweep (claims with FOR UPDATE SKIP LOCKED, updates warnings), a day later.
    wf.clock.advance(48 * HOUR);
    const report = await sweepWarnings(db as never, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG });
    expect(report.cases).toBeGreaterThan(0);
    // The privacy budget (INSERT … ON CONFLICT, FOR UPDATE, UPDATE), as the statistics resolvers spend it.
    const spent = await spend(db, { callerId: 'roles-test', releases: [{ queryDigest: 'q1', measures: ['A', 'B'] }] }, { ...loadPrivacyConfig({}), epsilon: 0.5, dailyBudget: 20 }, wf.clock.now(), 480);
    expect(spent.spent).toBe(1);
    // A data-key rotation re-encrypts parties, penalties, informants and sealed events (column grants) and retires the old key.
    const rotated = await rotateDataKey(db as never, wf.clock.now(), { batchSize: 50 });
    // Versions count across purposes: the first start made the MAC key and cipher key 1 and 2.
    expect(rotated.version).toBe(3);
    expect(rotated.reencrypted).toBeGreaterThan(0);
    const retired = await queryRows<{ version: number }>(db, sql`select version from data_keys where retired_at is not null`);
    expect(retired.map((r) => r.version)).toEqual([2]);
  }, 240_000);

  it('as a service role, PostgreSQL refuses to disable a trigger, delete or truncate the access log, rewrite a timeline or change the schema', async () => {
    const notOwner = /must be owner of table access_log/;
    const denied = (table: string) => new RegExp(`permission denied for table ${table}`);
    expect(await asService('cases', 'ALTER TABLE access_log DISABLE TRIGGER ALL')).toMatchObject({ code: '42501', message: expect.stringMatching(notOwner) });
    expect(await asService('cases', 'DELETE FROM access_log')).toMatchObject({ code: '42501', message: expect.stringMatching(denied('access_log')) });
    expect(await asService('cases', 'TRUNCATE access_log')).toMatchObject({ code: '42501', message: expect.stringMatching(denied('access_log')) });
    expect(await asService('cases', `UPDATE case_events SET at = at WHERE seq = 1`)).toMatchObject({ code: '42501', message: expect.stringMatching(denied('case_events')) });
    expect(await asService('cases', 'UPDATE penalties SET amount = amount')).toMatchObject({ code: '42501', message: expect.stringMatching(denied('penalties')) });
    expect(await asService('cases', 'DELETE FROM cases')).toMatchObject({ code: '42501', message: expect.stringMatching(denied('cases')) });
    expect(await asService('cases', 'ALTER TABLE case_events DISABLE TRIGGER case_events_append_only')).toMatchObject({ code: '42501' });
    expect(await asService('cases', 'DROP TABLE warnings')).toMatchObject({ code: '42501' });
    expect(await asService('cases', 'CREATE TABLE x (a int)')).toMatchObject({ code: '42501' });
    expect(await asService('dossiers', 'DELETE FROM dossier_chain')).toMatchObject({ code: '42501' });
    expect(await asService('dossiers', 'UPDATE documents SET sha256 = sha256')).toMatchObject({ code: '42501' });
    // Document bytes (the database blob store): the service may delete an unfinished upload's rows, which
    // it is granted, but a stored blob's chunks are refused by migration 0013's trigger, not by a grant.
    expect(await asService('dossiers', 'DELETE FROM blob_uploads WHERE false')).toBeNull();
    expect(await asService('dossiers', 'DELETE FROM blobs')).toMatchObject({ code: '42501', message: expect.stringMatching(denied('blobs')) });
    expect(await asService('dossiers', 'DELETE FROM blob_chunks')).toMatchObject({ code: 'P0001', message: expect.stringMatching(/blob/) });
    expect(await asService('agencies', 'UPDATE officers SET roles = roles')).toMatchObject({ code: '42501' });
    // The access log holds what the reads above disclosed: the service appends, it does not rewrite.
    const c = new pg.Client({ connectionString: urlOf('cases', 'service') });
    await c.connect();
    const { rows } = await c.query('select count(*)::int as n from access_log');
    await c.end();
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('migrate refuses to hand the service rights to the owner itself', async () => {
    const out = await cli('scripts/migrate.ts', ['agencies', '--grant', role('agencies', 'owner')], { AGENCIES_DATABASE_URL: urlOf('agencies', 'owner') });
    expect(out.code).toBe(1);
    expect(out.out).toContain(`migrate failed: the service role must not be the role that migrates (${role('agencies', 'owner')})`);
  });

  it('a service whose database has a pending migration refuses to start, naming it and the command, without a stack trace', async () => {
    // The owner forgets the last migration (as if the code were newer than the database).
    const owner = new pg.Client({ connectionString: urlOf('agencies', 'owner') });
    await owner.connect();
    await owner.query(`delete from drizzle.__drizzle_migrations_agencies where created_at = (select max(created_at) from drizzle.__drizzle_migrations_agencies)`);
    await owner.end();
    const started = await cli('scripts/start-subgraph.ts', ['agencies'], { AGENCIES_DATABASE_URL: urlOf('agencies', 'service'), PORT: '0' });
    expect(started.code).toBe(1);
    const service = role('agencies', 'service');
    expect(started.out).toContain(
      `subgraph failed to start: the agencies database (${prefix}_agencies) has 1 migration not applied (0005_chain_hash_alg) and role ${service} may not apply it: ` +
        `run \`npm run migrate -- agencies --grant ${service}\` with the owner's URL in AGENCIES_DATABASE_URL first, then start the service again (docs/production.md, "Migrations")`,
    );
    expect(started.out).not.toMatch(/^\s+at /m);
  }, 60_000);
});
