/**
 * npm run seed (scripts/seed/): a small generated province seeded into fresh databases (PGlite
 * directories, or fresh PostgreSQL databases when DATABASE_URL is set), then checked row by row and
 * through the graph started on those databases.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKey } from '../gateway/keys';
import { generateSigningKey } from '../subgraphs/kit/jws';
import { dumpDatabase } from './dumpDatabase';
import { officers } from '../demo/province';
import { DEMO_AUDIENCE, DEMO_ISSUER, mintToken } from '../demo/tokens';
import { startLocalGraph, type LocalGraph } from '../scripts/graph';
import { SeedRefused, seedProvince, type SeedReport } from '../scripts/seed/run';
import { ManualClock } from '../subgraphs/kit/clock';
import { queryRows, subgraphDatabaseUrl, type Database, type StorageMode } from '../subgraphs/kit/db';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { loadCasesConfig } from '../subgraphs/cases/config';
import { caseDeadlines, caseEvents, cases, parties as partiesTable, penalties } from '../subgraphs/cases/db/schema';
import { milestonesOf } from '../subgraphs/cases/statistics/milestones';
import { verifyTimelines } from '../subgraphs/cases/timeline/verify';
import { REQUIRED_MATERIALS } from '../subgraphs/cases/transferPackage/seal';
import { loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { warnings } from '../subgraphs/cases/warnings/tables';
import { clocksOf } from '../subgraphs/cases/workflow/transitions';
import type { Stage } from '../subgraphs/cases/workflow/stages';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { documents, dossiers } from '../subgraphs/dossiers/db/schema';
import { createDossierServices } from '../subgraphs/dossiers/services';
import { auditDossiers } from '../subgraphs/dossiers/chain/audit';
import { DATABASE_KIND, SUPERGRAPH_PATH } from './harness';

const N = 300;
/**
 * The penalty register of seed 7 (scripts/seed/register.ts): 300 cases give 12 register parties
 * (one per 25 cases); the first four are one hit of each kind (red single amount, near the threshold,
 * split, repeated) and, of the other eight drawn from the mix, one more is a hit (a split): 5 cases
 * proposed, each with its warning. Penalties: 1 + 1 + 2 + 3 for the first four, 2 for the other
 * split, 8 for the seven parties far below (one of them penalised twice) = 17. Counted once from the
 * seeded database, written out here.
 */
const PROPOSED = 5;
const REGISTER_PENALTIES = 17;
const AS_OF = new Date(Math.floor(Date.now() / 60_000) * 60_000);

type Row = Record<string, any>;
function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) (out.get(key(x)) ?? out.set(key(x), []).get(key(x))!).push(x);
  return out;
}
const rows = (db: Database, q: ReturnType<typeof sql>) => queryRows<Row>(db, q);

describe(`npm run seed: a generated province (${DATABASE_KIND})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-seed-'));
  const blobDir = join(dir, 'blobs');
  const pgBase = process.env.DATABASE_URL ? Object.assign(new URL(process.env.DATABASE_URL), { pathname: `/caselink_t_${randomBytes(6).toString('hex')}` }) : null;
  const storageFor = (name: string): StorageMode =>
    pgBase ? { kind: 'postgres', url: subgraphDatabaseUrl(pgBase.toString(), name), poolSize: 4, createIfMissing: { adminUrl: process.env.DATABASE_URL! } } : { kind: 'pglite', dataDir: join(dir, name) };
  const options = {
    cases: N,
    seed: 7,
    asOf: AS_OF,
    reset: false,
    batch: 120,
    storageFor,
    blobs: new LocalBlobStore(blobDir),
    materials: loadDossiersConfig({}).requiredMaterials,
    casesConfig: loadCasesConfig({}),
    warnings: loadWarningsConfig({}),
  };
  const clock = new ManualClock(AS_OF);
  let report: SeedReport;
  let graph: LocalGraph;
  let issuerKey: IssuerKey;
  let casesDb: Database;
  let dossiersDb: Database;

  beforeAll(async () => {
    report = await seedProvince(options);
    issuerKey = (await generateIssuerKey()).key;
    const assertionKey = generateSigningKey();
    const sealKey = generateSigningKey();
    graph = await startLocalGraph({
      supergraphPath: SUPERGRAPH_PATH,
      host: '127.0.0.1',
      port: 0,
      storageFor,
      auth: { keys: { jwks: [issuerKey.publicJwk] }, issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE },
      assertionKey,
      // As `npm start` does: the demo seeds leave non-empty databases alone (the warnings sweep runs, at the seed's time).
      seedDemo: true,
      clock,
      logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
      dossiers: createDossierServices({ ...loadDossiersConfig({}), blobDir }, { sealKey }),
    });
    casesDb = graph.subgraphs.cases!.db as Database;
    dossiersDb = graph.subgraphs.dossiers!.db as Database;
  }, 120_000);

  afterAll(async () => {
    await graph?.close();
    if (pgBase) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      for (const name of ['agencies', 'cases', 'dossiers']) await admin.query(`DROP DATABASE IF EXISTS "${new URL(subgraphDatabaseUrl(pgBase.toString(), name)).pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports consistent counts per table', async () => {
    const r = report.rows;
    expect(r.cases.cases).toBe(N + PROPOSED);
    expect(r.agencies.agencies).toBeGreaterThan(0);
    const [sums] = await rows(casesDb, sql`select sum(timeline_length)::int as events, count(*) filter (where transferred_at is not null)::int as transferred from ${cases}`);
    expect(r.cases.case_events).toBe(sums!.events);
    expect(r.dossiers.dossiers).toBe(sums!.transferred);
    expect(r.cases.parties).toBeGreaterThanOrEqual(N);
    expect(r.cases.parties).toBeLessThanOrEqual(3 * N);
    expect(r.cases.warning_events).toBe(2 * r.cases.warnings);
    expect(r.cases.warning_notices).toBeGreaterThanOrEqual(2 * r.cases.warnings);
    expect(r.dossiers.dossier_versions).toBe(r.dossiers.documents + r.dossiers.dossiers);
    // A realistic mix: most cases filed, some early, some not filed, some penalties and warnings.
    const stages = Object.fromEntries((await rows(casesDb, sql`select status, count(*)::int as n from ${cases} group by 1`)).map((x) => [x.status, x.n]));
    expect((stages.GOODS_HANDED_OVER ?? 0) + (stages.FILED ?? 0)).toBeGreaterThan(N / 2);
    expect((stages.DRAFT ?? 0) + (stages.NOT_APPROVED ?? 0) + (stages.PENDING_APPROVAL ?? 0)).toBeGreaterThan(0);
    expect(stages.ADMINISTRATIVE_PENALTY ?? 0).toBeGreaterThan(0);
    expect(r.cases.penalties).toBeGreaterThan(0);
    expect(r.cases.warnings).toBeGreaterThan(0);
  });

  it('publishes register penalties and proposes, with a 以罚代刑 warning, a case of each kind of hit; no register party in clear', async () => {
    expect(report.register).toEqual({ penalties: REGISTER_PENALTIES, proposals: PROPOSED, warnings: PROPOSED });
    expect(report.rows.cases.penalty_register).toBe(REGISTER_PENALTIES);
    const proposals = await rows(
      casesDb,
      sql`select rp.level, rp.reason, c.status, c.created_by, w.rule, w.level as warning_level, w.ended_at from register_proposals rp
          join ${cases} c on c.id = rp.case_id left join ${warnings} w on w.case_id = rp.case_id`,
    );
    expect(proposals).toHaveLength(PROPOSED);
    for (const p of proposals) expect(p).toMatchObject({ status: 'DRAFT', created_by: 'system', rule: 'PENALTY_INSTEAD_OF_TRANSFER', warning_level: p.level, ended_at: null });
    const kindOf = (reason: string) =>
      / reaches /.test(reason) ? 'red' : /^split penalties/.test(reason) ? 'split' : /penalties on one party for the same offence/.test(reason) ? 'repeated' : / % of /.test(reason) ? 'near' : reason;
    const kinds: Record<string, number> = {};
    for (const p of proposals) kinds[kindOf(p.reason)] = (kinds[kindOf(p.reason)] ?? 0) + 1;
    expect(kinds).toEqual({ red: 1, near: 1, split: 2, repeated: 1 });
    // Every register party is sealed: neither its name nor its identifier is in the dump.
    const { keyringOf, openRegisterPenalties } = await import('../subgraphs/cases/personalData');
    const { penaltyRegister } = await import('../subgraphs/cases/db/schema');
    const published = await openRegisterPenalties(await keyringOf(casesDb), await casesDb.select().from(penaltyRegister));
    expect(published).toHaveLength(REGISTER_PENALTIES);
    const dump = await dumpDatabase(casesDb);
    const clear = published.flatMap((p) => [p.partyName, p.partyIdNumber, p.partyCreditCode].filter((v): v is string => !!v));
    expect(clear.length).toBeGreaterThanOrEqual(2 * REGISTER_PENALTIES);
    expect(clear.filter((v) => dump.includes(v))).toEqual([]);
  });

  it('refuses to seed over existing cases without --reset (on PGlite: while the graph holds the folders at all)', async () => {
    // An embedded database is held by one process, here the running graph (kit/dataDirLock.ts).
    if (pgBase) await expect(seedProvince({ ...options, cases: 5 })).rejects.toThrow(SeedRefused);
    else await expect(seedProvince({ ...options, cases: 5 })).rejects.toThrow(/agencies is in use by subgraph agencies/);
    expect(Number((await rows(casesDb, sql`select count(*) as n from ${cases}`))[0]!.n)).toBe(N + PROPOSED);
  });

  it('writes hash chains that verify, with unique numbers and valid parties', async () => {
    const results = await verifyTimelines(casesDb as never);
    expect(results).toHaveLength(N + PROPOSED);
    expect(results.filter((x) => !x.ok)).toEqual([]);
    const [u] = await rows(casesDb, sql`select count(distinct number)::int as n, count(*) filter (where number !~ '^XF-[0-9]{6}-[0-9]{4}-[0-9]{4,}$')::int as bad from ${cases}`);
    expect(u).toEqual({ n: N + PROPOSED, bad: 0 });
    // Personal data is stored encrypted (decision 91): read the identifiers as the subgraph does.
    const { keyringOf, openParties } = await import('../subgraphs/cases/personalData');
    const parties = await openParties(await keyringOf(casesDb), await casesDb.select().from(partiesTable));
    expect(parties.length).toBeGreaterThanOrEqual(N);
    const { isValidCreditCode, isValidResidentId } = await import('../subgraphs/kit/identifiers');
    for (const p of parties) expect(p.kind === 'PERSON' ? isValidResidentId(p.idNumber!) : isValidCreditCode(p.creditCode!)).toBe(true);
    // …and nothing the generator wrote holds them in clear: not the rows, not the events naming a penalty's party.
    const dump = await dumpDatabase(casesDb);
    const leaked = parties.flatMap((p) => [p.name, p.idNumber, p.creditCode].filter((v): v is string => !!v && dump.includes(v)));
    expect(leaked).toEqual([]);
    const [sealed] = await rows(casesDb, sql`select count(*)::int as n from case_event_sealed`);
    expect(sealed.n).toBeGreaterThan(0);
  });

  it('keeps the milestone columns in step with the timeline', async () => {
    const all = await casesDb.select().from(cases);
    const events = await casesDb.select({ caseId: caseEvents.caseId, seq: caseEvents.seq, fromStage: caseEvents.fromStage, toStage: caseEvents.toStage, at: caseEvents.at }).from(caseEvents).orderBy(caseEvents.caseId, caseEvents.seq);
    const byCase = groupBy(events, (e) => e.caseId);
    for (const c of all) {
      const m = milestonesOf(byCase.get(c.id) ?? []);
      expect({ id: c.id, t: c.transferredAt, f: c.filedAt, nf: c.notFiledAt, rr: c.reconsiderationRequestedAt, np: c.notProsecutedAt }).toEqual({
        id: c.id,
        t: m.transferredAt ?? null,
        f: m.filedAt ?? null,
        nf: m.notFiledAt ?? null,
        rr: m.reconsiderationRequestedAt ?? null,
        np: m.notProsecutedAt ?? null,
      });
      // Generated cases lie before --as-of; the register's proposals are made at it.
      if (c.createdBy === 'system') {
        expect([c.createdAt, c.updatedAt]).toEqual([AS_OF, AS_OF]);
        continue;
      }
      expect(c.createdAt.getTime()).toBeLessThan(AS_OF.getTime());
      expect(c.updatedAt.getTime()).toBeLessThan(AS_OF.getTime());
    }
  });

  it('loads clocks and warnings with their case\'s copied columns (the triggers fill them on COPY too)', async () => {
    const mismatched = async (table: string, division: string, agency: string) =>
      (await rows(casesDb, sql.raw(`select count(*)::int as n, count(*) filter (where t.case_sector is distinct from c.sector
          or t.${division} is distinct from c.division_code or t.${agency} is distinct from c.handling_agency_id
          or t.case_registered_at is distinct from c.created_at)::int as bad
        from ${table} t join cases c on c.id = t.case_id`)))[0]!;
    const clocks = await mismatched('case_deadlines', 'case_division_code', 'case_handling_agency_id');
    const [unit] = await rows(casesDb, sql.raw(`select count(*) filter (where d.responsible_agency_id is distinct from
        case d.responsible when 'HANDLING_AGENCY' then c.handling_agency_id when 'RECEIVING_POLICE' then c.receiving_agency_id end)::int as bad
      from case_deadlines d join cases c on c.id = d.case_id`));
    expect(unit!.bad).toBe(0);
    const raised = await mismatched('warnings', 'division_code', 'handling_agency_id');
    expect(clocks.n).toBeGreaterThan(N);
    expect(raised.n).toBeGreaterThan(0);
    expect([clocks.bad, raised.bad]).toEqual([0, 0]);
  });

  it('has exactly the clocks of each case’s current stage open, and an event behind every penalty', async () => {
    const stageOf = new Map((await casesDb.select({ id: cases.id, stage: cases.stage }).from(cases)).map((c) => [c.id, c.stage as Stage]));
    const open = await casesDb.select().from(caseDeadlines).where(sql`${caseDeadlines.closedAt} is null`);
    const openByCase = groupBy(open, (k) => k.caseId);
    for (const [id, stage] of stageOf) {
      const mine = openByCase.get(id) ?? [];
      if (stage === 'REVERSE_REVIEW_SUSPENDED') {
        expect(mine.every((k) => k.pausedAt)).toBe(true);
        continue;
      }
      expect(mine.map((k) => k.clock).sort()).toEqual(clocksOf(stage).map((k) => k.clock).sort());
      expect(mine.every((k) => !k.pausedAt)).toBe(true);
    }
    const orphans = await rows(
      casesDb,
      sql`select p.id from ${penalties} p left join ${caseEvents} e on e.case_id = p.case_id and e.seq = p.event_seq
          where e.id is null or e.action not in ('recordPenalty', 'imposeAdministrativePenalty', 'replyToOpinion')
            and not (p.register_id is not null and e.seq = 1)`,
    );
    expect(orphans).toEqual([]);
  });

  it('opens a dossier exactly for every transferred case, with its scope and the transfer package', async () => {
    const transferred = await casesDb.select({ id: cases.id, handling: cases.handlingAgencyId, receiving: cases.receivingAgencyId, division: cases.divisionCode }).from(cases).where(sql`${cases.transferredAt} is not null`);
    const ds = await dossiersDb.select().from(dossiers);
    expect(ds.map((d) => d.caseId).sort()).toEqual(transferred.map((c) => c.id).sort());
    const byCase = new Map(ds.map((d) => [d.caseId, d]));
    for (const c of transferred) {
      const d = byCase.get(c.id)!;
      expect([d.handlingAgencyId, d.receivingAgencyId, d.divisionCode]).toEqual([c.handling, c.receiving, c.division]);
    }
    const docs = await dossiersDb.select().from(documents);
    const kindsByDossier = groupBy(docs, (x) => x.dossierId);
    for (const d of ds) {
      const kinds = (kindsByDossier.get(d.id) ?? []).map((x) => x.kind);
      for (const k of REQUIRED_MATERIALS) expect(kinds).toContain(k);
      expect(d.version).toBe(1 + kinds.length);
    }
    // The transfer step records the package's documents by id and hash.
    const [transfer] = await casesDb.select().from(caseEvents).where(sql`${caseEvents.action} = 'transferCase'`).limit(1);
    const docIds = new Set(docs.map((x) => x.id));
    for (const ref of transfer!.documents) expect(docIds.has(ref.documentId!)).toBe(true);
  });

  it("chains every dossier's record as the subgraph would: one entry per version, and the dossiers audit finds nothing", async () => {
    const r = report.rows.dossiers;
    expect(r.dossier_chain).toBe(r.dossier_versions);
    const audit = await auditDossiers(dossiersDb as Database);
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ checked: r.dossiers, entries: r.dossier_versions });
  });

  it('raises the warnings the rules would: the real sweep at --as-of changes nothing', async () => {
    const before = Number((await rows(casesDb, sql`select count(*) as n from ${warnings}`))[0]!.n);
    expect(before).toBe(report.rows.cases.warnings);
    const sweep = await sweepWarnings(casesDb as never, { clock, config: options.warnings });
    expect({ raised: sweep.raised, escalated: sweep.escalated, resolved: sweep.resolved, replyOverdue: sweep.replyOverdue }).toEqual({ raised: 0, escalated: 0, resolved: 0, replyOverdue: 0 });
  });

  it('answers through the gateway, serves document bytes, and numbers a new case after the generated ones', async () => {
    const [c] = await casesDb.select().from(cases).where(sql`${cases.transferredAt} is not null and ${cases.divisionCode} like '33%' and right(${cases.divisionCode}, 2) <> '00'`).orderBy(sql`${cases.createdAt} desc`).limit(1);
    const officer = officers.find((o) => o.agencyId === c!.handlingAgencyId && o.roles.includes('CASE_OFFICER'))!;
    const token = await mintToken(officer, issuerKey);
    const post = async (query: string, variables: Record<string, unknown> = {}) =>
      (await (await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) })).json()) as any;

    const res = await post(`query($id: ID!) { case(id: $id) { number stage handlingAgency { id name } dossier { documents { id kind sha256 contentPath } } timeline { seq action } } }`, { id: c!.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.case.number).toBe(c!.number);
    expect(res.data.case.handlingAgency.id).toBe(c!.handlingAgencyId);
    expect(res.data.case.timeline).toHaveLength(c!.timelineLength);
    const doc = res.data.case.dossier.documents[0];
    const download = await fetch(new URL(doc.contentPath, graph.gatewayUrl), { headers: { authorization: `Bearer ${token}` } });
    expect(download.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(doc.sha256);

    const year = AS_OF.getUTCFullYear();
    const [{ last }] = (await rows(casesDb, sql`select max(split_part(number, '-', 4)::int)::int as last from ${cases} where division_code = ${c!.divisionCode} and split_part(number, '-', 3) = ${String(year)}`)) as [{ last: number | null }];
    const created = await post(`mutation($input: CreateCaseInput!) { createCase(input: $input) { id number } }`, {
      input: { title: '某商行涉嫌销售假冒注册商标的商品案', sector: c!.sector, facts: '经查……', amountInvolved: 80000, parties: [{ kind: 'PERSON', name: '张三', idNumber: makeResidentId('330106', '19850312', '123') }] },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.createCase.number).toBe(`XF-${c!.divisionCode}-${year}-${String((last ?? 0) + 1).padStart(4, '0')}`);
  });
});

describe('npm run seed: generation', () => {
  it('is reproducible, and worker threads generate the same batches as the seeding thread', async () => {
    const { BatchGenerator, NumberCounters } = await import('../scripts/seed/batch');
    const { WorkerPool } = await import('../scripts/seed/run');
    const { documentTemplates } = await import('../scripts/seed/documents');
    const { DOCUMENT_KINDS, SECTORS } = await import('../schema/vocabulary');
    const templates = documentTemplates(DOCUMENT_KINDS, SECTORS);
    const asOf = Date.parse('2026-06-30T04:00:00Z');
    const setup = {
      n: 400,
      seed: 11,
      asOf,
      from: asOf - 3 * 365 * 86_400_000,
      poolSize: 20,
      casesConfig: loadCasesConfig({}),
      warnings: loadWarningsConfig({}),
      materials: loadDossiersConfig({}).requiredMaterials,
      templates: [...templates].map(([k, { content: _c, ...t }]) => [k, t] as [string, typeof t]),
      penaltyThresholds: loadWarningsConfig({}).penaltyThresholds,
      keys: {
        subgraph: 'cases',
        profile: { name: 'international', digest: 'SHA-256', mac: 'HMAC-SHA-256', cipher: 'AES-256-GCM', signature: 'ES256' },
        mac: { algorithm: 'HMAC-SHA-256', key: randomBytes(32).toString('base64') },
        cipher: { version: 1, algorithm: 'AES-256-GCM', key: randomBytes(32).toString('base64') },
      } as const,
    };
    const job = { start: 200, end: 400, counters: new NumberCounters(setup).before(200) };
    const here = await new BatchGenerator(setup).run(job);
    const again = await new BatchGenerator(setup).run(job);
    const pool = new WorkerPool(1, setup);
    const there = await pool.run(job).finally(() => pool.close());
    // Ids the engine draws itself (penalties, warnings) are random, and so are the hashes of events naming them:
    // compare the tables without them.
    for (const other of [again, there]) {
      expect(other.rows).toEqual(here.rows);
      // Personal data is encrypted with a random IV each time; the keyed hashes beside it are not.
      const clearOf = (lines: string[]) => lines.map((l) => l.replace(/ce1:[^\t\n]*/g, 'ce1'));
      for (const t of ['parties', 'caseDeadlines'] as const) expect(clearOf(other.cases[t])).toEqual(clearOf(here.cases[t]));
      expect(here.cases.parties.join('')).toMatch(/ce1:1:A:/);
      for (const t of ['dossiers', 'documents', 'dossierVersions'] as const) expect(other.dossiers[t]).toEqual(here.dossiers[t]);
      const numbers = (b: typeof here) => b.cases.cases.join('').split('\n').filter(Boolean).map((l) => l.split('\t').slice(0, 4).join('\t'));
      expect(numbers(other)).toEqual(numbers(here));
    }
    expect(here.rows.cases).toBe(200);
    // Case numbers continue the counters of the cases before the batch.
    const first = here.cases.cases.join('').split('\n')[0]!.split('\t')[1]!;
    const [, division, year, seq] = first.split('-');
    expect(Number(seq)).toBe((new Map(job.counters).get(`${division}|${year}`) ?? 0) + 1);
  }, 60_000);
});
