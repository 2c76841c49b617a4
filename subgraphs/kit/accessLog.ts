import { randomUUID } from 'node:crypto';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Caller } from './caller';
import { inheritAccess } from './access';
import { forbidden } from './errors';
import { decodeCursor, pageSize, toPage } from './pagination';
import type { Database } from './db';
import { cursorTime } from './pagination';

/**
 * The access log (PIPL art. 28): one row per request and case whose C2/C3 fields were read, kept
 * by the subgraph that owns the data, in its own database. Append-only: every subgraph's migrations
 * add a trigger that refuses UPDATE and DELETE on it. Each subgraph re-exports this table from its
 * `db/schema.ts` so drizzle-kit generates it into that subgraph's migrations.
 */
export const accessLog = pgTable(
  'access_log',
  {
    id: text('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    subject: text('subject').notNull(),
    agencyId: text('agency_id'),
    purpose: text('purpose'),
    requestId: text('request_id').notNull(),
    caseId: text('case_id').notNull(),
    /** Field paths read, e.g. `Party.name`. */
    fields: text('fields').array().notNull(),
    /** The subset of `fields` returned unmasked. */
    unmaskedFields: text('unmasked_fields').array().notNull(),
  },
  (t) => [index('access_log_case_idx').on(t.caseId, t.at), index('access_log_request_idx').on(t.requestId)],
);
export type AccessLogRow = typeof accessLog.$inferSelect;

/** What one request disclosed, per case: collected by the disclosure middleware, written once at the end. */
export class Disclosures {
  private readonly byCase = new Map<string, { fields: Set<string>; unmasked: Set<string> }>();

  record(caseId: string, field: string, unmasked: boolean): void {
    let entry = this.byCase.get(caseId);
    if (!entry) this.byCase.set(caseId, (entry = { fields: new Set(), unmasked: new Set() }));
    entry.fields.add(field);
    if (unmasked) entry.unmasked.add(field);
  }

  get size(): number {
    return this.byCase.size;
  }

  /**
   * Writes one row per case in one statement. The rows travel as one JSON parameter: binding
   * nine parameters per row costs more than the rest of a large list request.
   */
  async write(db: Database, caller: Caller, at: Date): Promise<void> {
    if (!this.byCase.size) return;
    const pgArray = (values: Set<string>) => `{${[...values].sort().join(',')}}`; // field paths are [A-Za-z_.]
    const rows = [...this.byCase].map(([caseId, e]) => ({
      id: randomUUID(),
      case_id: caseId,
      fields: pgArray(e.fields),
      unmasked_fields: pgArray(e.unmasked),
    }));
    await db.execute(sql`
      insert into ${accessLog} (id, at, subject, agency_id, purpose, request_id, case_id, fields, unmasked_fields)
      select r.id, ${at.toISOString()}::timestamptz, ${caller.sub}, ${caller.agencyId}, ${caller.purpose}, ${caller.requestId},
             r.case_id, r.fields::text[], r.unmasked_fields::text[]
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(id text, case_id text, fields text, unmasked_fields text)`);
    this.byCase.clear();
  }
}

/** SQL for a custom migration that makes the access log append-only. */
export const APPEND_ONLY_TRIGGER_SQL = `
CREATE OR REPLACE FUNCTION caselink_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
--> statement-breakpoint
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
`;

/** One page of a case's access records, newest first (keyset on at, id). */
export async function listAccessRecords(db: Database, caseId: string, first: number, after: (string | number)[] | null) {
  const at = after ? cursorTime(after[0]!) : null;
  const where = after
    ? and(eq(accessLog.caseId, caseId), or(lt(accessLog.at, at!), and(eq(accessLog.at, at!), lt(accessLog.id, String(after[1])))))
    : eq(accessLog.caseId, caseId);
  return db
    .select()
    .from(accessLog)
    .where(where)
    .orderBy(desc(accessLog.at), desc(accessLog.id))
    .limit(first + 1);
}

/**
 * `accessRecords(first, after)` of a case-scoped row: supervisors only; the records inherit the
 * row's access facts so their C2 fields follow the same rules.
 */
export async function accessRecordsPage(
  caller: Caller,
  db: Database,
  row: object,
  caseId: string,
  args: { first?: number; after?: string },
) {
  if (!caller.roles.includes('SUPERVISOR')) throw forbidden('only supervisors read the access record');
  const n = pageSize(args.first);
  const rows = await listAccessRecords(db, caseId, n, decodeCursor(args.after, 2));
  return toPage(rows.map((r) => inheritAccess(r, row)), n, (r) => [r.at.toISOString(), r.id]);
}
