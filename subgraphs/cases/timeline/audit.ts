import { lockDataDir } from '../../kit/dataDirLock';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { loadSubgraphConfig } from '../../kit/config';
import type { Database } from '../../kit/db';
import { tables, type CasesTables } from '../db/schema';
import { verifyTimelines, type TimelineVerification } from './verify';

/**
 * The audit behind `npm run audit:verify`: every timeline of a cases database checked, read-only.
 * The database is found as the cases subgraph finds it (kit/config.ts): CASES_DATABASE_URL, else
 * the `<db>_cases` database next to DATABASE_URL, else the PGlite directory DATA_DIR/cases. It
 * opens the database without migrating or creating anything.
 */
export interface AuditReport {
  checked: number;
  broken: TimelineVerification[];
}

export async function auditTimelines(db: Database<CasesTables>, caseIds?: string[]): Promise<AuditReport> {
  const results = await verifyTimelines(db, caseIds);
  return { checked: results.length, broken: results.filter((r) => !r.ok) };
}

export function formatBreak(r: TimelineVerification): string {
  const b = r.brokenAt!;
  const where = b.eventId ? `event ${b.seq} (${b.eventId})` : `after event ${b.seq - 1}`;
  return `BROKEN ${r.number} (case ${r.caseId}): ${where} ${b.reason}`;
}

/** Opens the cases database named by the environment, read-only in intent: no migration, no creation. */
export async function openCasesDatabaseForAudit(env: NodeJS.ProcessEnv = process.env): Promise<{ db: Database<CasesTables>; where: string; close(): Promise<void> }> {
  const { storage } = loadSubgraphConfig('cases', 0, env);
  if (storage.kind === 'pglite') {
    if (!storage.dataDir) throw new Error('no cases database configured');
    const { existsSync } = await import('node:fs');
    if (!existsSync(storage.dataDir)) throw new Error(`no PGlite cases database at ${storage.dataDir} (set DATA_DIR, CASES_DATABASE_URL or DATABASE_URL)`);
    const unlock = lockDataDir(storage.dataDir, 'audit:verify');
    const client = new PGlite(storage.dataDir);
    return { db: drizzlePglite({ client, schema: tables }) as unknown as Database<CasesTables>, where: storage.dataDir, close: () => client.close().finally(unlock) };
  }
  const pool = new pg.Pool({ connectionString: storage.url, max: 2 });
  pool.on('error', () => {});
  const safe = new URL(storage.url);
  safe.password = safe.password ? '***' : '';
  return { db: drizzlePg({ client: pool, schema: tables }) as unknown as Database<CasesTables>, where: safe.toString(), close: () => pool.end() };
}
