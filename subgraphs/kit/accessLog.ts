import { randomUUID } from 'node:crypto';
import { and, arrayContains, desc, sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Caller } from './caller';
import { inheritAccess } from './access';
import { forbidden } from './errors';
import { decodeCursor, olderThan, pageSize, toPage } from './pagination';
import type { Database } from './db';

/**
 * The access log (PIPL art. 28), kept by the subgraph that owns the data, in its own database: one
 * row per request and distinct disclosure. A disclosure is the set of field paths read on one case
 * and the subset returned unmasked; the cases that got exactly the same disclosure in one request
 * share a row (`case_ids`), so a page of 100 cases is usually one or two rows, and for every case
 * the row that names it says exactly which fields were read and which were in clear (decision 61).
 * Append-only: every subgraph's migrations add a trigger that refuses UPDATE and DELETE on it. Each
 * subgraph re-exports this table from its `db/schema.ts` so drizzle-kit generates it into that
 * subgraph's migrations.
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
    /** The cases this disclosure was made on (never empty); `case_ids @> ARRAY[id]` finds a case's rows. */
    caseIds: text('case_ids').array().notNull(),
    /** Field paths read, e.g. `Party.name`. */
    fields: text('fields').array().notNull(),
    /** The subset of `fields` returned unmasked. */
    unmaskedFields: text('unmasked_fields').array().notNull(),
  },
  (t) => [index('access_log_case_ids_idx').using('gin', t.caseIds), index('access_log_request_idx').on(t.requestId)],
);
export type AccessLogRow = typeof accessLog.$inferSelect;

/** One access-log row to be: the cases that got the same disclosure. */
export interface Disclosure {
  caseIds: string[];
  fields: string[];
  unmaskedFields: string[];
}

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

  /** The cases grouped by what was disclosed on them: exact per case, one entry per distinct disclosure. */
  grouped(): Disclosure[] {
    const groups = new Map<string, Disclosure>();
    for (const [caseId, e] of this.byCase) {
      const fields = [...e.fields].sort();
      const unmaskedFields = [...e.unmasked].sort();
      // Field paths are GraphQL names joined by '.' (and ':' plus an id for downloads): no '|' or ','.
      const key = `${fields.join(',')}|${unmaskedFields.join(',')}`;
      const group = groups.get(key);
      if (group) group.caseIds.push(caseId);
      else groups.set(key, { caseIds: [caseId], fields, unmaskedFields });
    }
    return [...groups.values()];
  }

  /**
   * Writes one row per distinct disclosure, in one statement (plain SQL: drizzle's insert builder
   * costs more than the statement itself here, on every request that reads a C2 field).
   */
  async write(db: Database, caller: Caller, at: Date): Promise<void> {
    if (!this.byCase.size) return;
    const when = at.toISOString();
    const rows = this.grouped().map(
      (d) => sql`(${randomUUID()}, ${when}::timestamptz, ${caller.sub}, ${caller.agencyId}, ${caller.purpose}, ${caller.requestId},
        ${pgTextArray(d.caseIds)}::text[], ${pgTextArray(d.fields)}::text[], ${pgTextArray(d.unmaskedFields)}::text[])`,
    );
    await db.execute(sql`insert into ${accessLog} (id, at, subject, agency_id, purpose, request_id, case_ids, fields, unmasked_fields)
      values ${sql.join(rows, sql`, `)}`);
    this.byCase.clear();
  }
}

/** A PostgreSQL array literal of text values, each quoted (a case id is the owning subgraph's text). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** The row recording one disclosure to this caller. */
export function accessLogRow(caller: Caller, at: Date, d: Disclosure): AccessLogRow {
  if (!d.caseIds.length) throw new Error('an access-log row names at least one case');
  return {
    id: randomUUID(),
    at,
    subject: caller.sub,
    agencyId: caller.agencyId,
    purpose: caller.purpose,
    requestId: caller.requestId,
    caseIds: d.caseIds,
    fields: d.fields,
    unmaskedFields: d.unmaskedFields,
  };
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
  // The GIN index on case_ids finds the case's rows (case_ids @> ARRAY[id]); newest first is a sort of those.
  const ofCase = arrayContains(accessLog.caseIds, [caseId]);
  const where = after ? and(ofCase, olderThan(accessLog.at, accessLog.id, after)) : ofCase;
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
  // A record is shown as a record of this case: the other cases it names are not the reader's business.
  const records = rows.map(({ caseIds: _shared, ...r }) => inheritAccess({ ...r, caseId }, row));
  return toPage(records, n, (r) => [r.at.toISOString(), r.id]);
}
