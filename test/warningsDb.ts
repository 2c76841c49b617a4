/**
 * A cases database for the warnings' repository tests: PGlite in memory, or a fresh PostgreSQL
 * database next to DATABASE_URL (dropped afterwards), migrated with the cases migrations (0004 holds
 * the warnings' tables). Rows are inserted directly: the rules read cases, clocks, penalties and
 * events, however they were written.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../subgraphs/kit/db';
import { caseDeadlines, caseEvents, cases, parties, penalties, tables } from '../subgraphs/cases/db/schema';
import { warningTables } from '../subgraphs/cases/warnings/tables';
import type { ClockName } from '../subgraphs/cases/deadlines/clocks';
import { keyringOf, sealParty, sealPenalty } from '../subgraphs/cases/personalData';
import type { Stage } from '../subgraphs/cases/workflow/stages';

export const DB_KIND = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const migrationsFolder = fileURLToPath(new URL('../subgraphs/cases/db/migrations', import.meta.url));
export type Db = Database<Record<string, unknown>>;

export interface WarningsDb {
  db: Db;
  /** Another connection pool to the same database (PostgreSQL), or the same handle (PGlite: one connection). */
  second(): Promise<Db>;
  close(): Promise<void>;
}

export async function openWarningsDb(): Promise<WarningsDb> {
  const all = { ...tables, ...warningTables };
  if (DB_KIND === 'pglite') {
    const opened = await openDatabase({ name: 'cases', storage: { kind: 'pglite', dataDir: null }, tables: all, migrationsFolder });
    const db = opened.db as unknown as Db;
    return { db, second: async () => db, close: opened.close };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const url = new URL(adminUrl);
  url.pathname = `/caselink_w_${randomBytes(6).toString('hex')}`;
  const storage = { kind: 'postgres' as const, url: url.toString(), poolSize: 4, createIfMissing: { adminUrl } };
  const opened = await openDatabase({ name: 'cases', storage, tables: all, migrationsFolder });
  const db = opened.db as unknown as Db;
  const others: { close(): Promise<void> }[] = [];
  return {
    db,
    async second() {
      const o = await openDatabase({ name: 'cases', storage, tables: all, migrationsFolder });
      others.push(o);
      return o.db as unknown as Db;
    },
    async close() {
      for (const o of others) await o.close();
      await opened.close();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface CaseSpec {
  id: string;
  stage?: Stage;
  sector?: (typeof cases.$inferInsert)['sector'];
  handlingAgencyId?: string;
  receivingAgencyId?: string | null;
  divisionCode?: string;
  /** Open clocks: name, started, due. */
  clocks?: { clock: ClockName; startedAt: Date; dueAt: Date; closedAt?: Date | null }[];
  penalties?: { amount: number; decidedOn: string; creditCode?: string; idNumber?: string }[];
  /** declineToFile events by the receiving police at this time. */
  declinedAt?: Date;
  party?: { creditCode?: string; idNumber?: string };
}

const fakeHash = () => randomBytes(32).toString('hex');

/** Inserts cases with their clocks, penalties, parties and non-filing events, in batches. */
export async function insertCases(db: Db, specs: CaseSpec[], at: Date, batch = 1000): Promise<void> {
  for (let i = 0; i < specs.length; i += batch) {
    const chunk = specs.slice(i, i + batch);
    await db.insert(cases).values(
      chunk.map((s, j) => ({
        id: s.id,
        number: `XF-${s.divisionCode ?? '330106'}-2026-${s.id}`,
        title: `case ${s.id}`,
        sector: s.sector ?? 'MARKET_SUPERVISION',
        status: 'DRAFT' as const,
        stage: s.stage ?? 'DRAFT',
        handlingAgencyId: s.handlingAgencyId ?? 'ag-330106-msa',
        receivingAgencyId: s.receivingAgencyId ?? null,
        divisionCode: s.divisionCode ?? '330106',
        facts: 'facts',
        amountInvolved: 1000 + j,
        createdBy: 'of-0047',
        createdAt: at,
        updatedAt: at,
        timelineLength: s.declinedAt ? 1 : 0,
        timelineHead: null,
      })),
    );
    const clockRows = chunk.flatMap((s) =>
      (s.clocks ?? []).map((k) => ({ id: randomUUID(), caseId: s.id, clock: k.clock, awaits: ['x'], responsible: 'HANDLING_AGENCY', period: '3d', startedAt: k.startedAt, dueAt: k.dueAt, closedAt: k.closedAt ?? null, openedBySeq: 1 })),
    );
    if (clockRows.length) await db.insert(caseDeadlines).values(clockRows);
    const penaltyRows = chunk.flatMap((s) =>
      (s.penalties ?? []).map((p, n) => ({
        id: randomUUID(), caseId: s.id, eventSeq: 1, decisionNumber: `P-${s.id}-${n}`, amount: p.amount, decidedOn: p.decidedOn,
        partyKind: p.creditCode ? ('COMPANY' as const) : ('PERSON' as const), partyName: 'party', partyIdNumber: p.idNumber ?? null, partyCreditCode: p.creditCode ?? null,
        recordedBy: 'of-0047', recordedAt: at,
      })),
    );
    const ring = await keyringOf(db);
    if (penaltyRows.length) await db.insert(penalties).values(penaltyRows.map((p) => sealPenalty(ring, p)));
    const partyRows = chunk.filter((s) => s.party).map((s) => ({ id: randomUUID(), caseId: s.id, position: 0, kind: s.party!.creditCode ? ('COMPANY' as const) : ('PERSON' as const), name: 'party', idNumber: s.party!.idNumber ?? null, creditCode: s.party!.creditCode ?? null }));
    if (partyRows.length) await db.insert(parties).values(partyRows.map((p) => sealParty(ring, p)));
    const events = chunk
      .filter((s) => s.declinedAt)
      .map((s) => ({
        id: randomUUID(), caseId: s.id, seq: 1, action: 'declineToFile' as const, fromStage: 'RECEIVED' as const, toStage: 'NOT_FILED' as const, fromStatus: 'RECEIVED' as const, toStatus: 'NOT_FILED' as const,
        actorId: 'of-police', actorAgencyId: s.receivingAgencyId ?? null, actorRoles: ['APPROVER'], at: s.declinedAt!, reasons: 'r', documents: [], data: {}, prevHash: '0'.repeat(64), hash: fakeHash(),
      }));
    if (events.length) await db.insert(caseEvents).values(events);
  }
}
