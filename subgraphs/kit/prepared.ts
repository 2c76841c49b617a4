import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './db';

/**
 * Prepared forms of the hot loaders' queries (decision 109): drizzle builds a statement's text once
 * per database handle, and on PostgreSQL node-postgres sends it as a named statement, parsed and
 * planned once per pooled connection; PGlite runs the same text (it ignores the name). A statement's
 * text must not depend on its values: a list of keys is one array parameter (`anyOf`), caller
 * facts are placeholders (kit/access.ts rowFilterSql), and what changes the text (a row filter's
 * shape) is part of the name. Executions still pass through drizzle's logger, so they count as
 * statements (caselink_sql_statements_total) like any other.
 */
const built = new WeakMap<object, Map<string, unknown>>();

/**
 * The prepared query named `name` for this database handle, built by `build` on first use. One
 * name, one text: node-postgres refuses a name reused for another text on the same connection.
 */
export function preparedOnce<T>(db: object, name: string, build: () => T): T {
  let byName = built.get(db);
  if (!byName) built.set(db, (byName = new Map()));
  let query = byName.get(name) as T | undefined;
  if (query === undefined) byName.set(name, (query = build()));
  return query;
}

/** `column = any($placeholder)`: keys as one text[] parameter, so the text is the same whatever their number. */
export const anyOf = (column: AnyColumn | SQL, placeholder: string): SQL => sql`${column} = any(${sql.placeholder(placeholder)})`;

const dialect = new PgDialect();

/**
 * queryRows (kit/db.ts) as a named statement, for hand-written SQL whose values are built per call
 * (`preparedOnce` takes a query builder): on PostgreSQL node-postgres parses it once per pooled
 * connection and the server keeps its plan (a generic plan after five runs), which for the access-log
 * write saved more server time than the statement's own execution (decision 111). `query`'s text must
 * be the same on every call with this name (values only as parameters): a connection refuses a name
 * reused for another text. PGlite runs it as any other statement. It is logged, and counted, like the others.
 */
export async function queryRowsNamed<T>(db: Database, name: string, query: SQL): Promise<T[]> {
  return ((await db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute()) as { rows: T[] }).rows;
}
