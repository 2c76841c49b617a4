import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../subgraphs/kit/db';

/** Every row of every table of a database, as text (what COPY … TO STDOUT of each table shows). */
export async function dumpDatabase(db: Database): Promise<string> {
  const tables = await queryRows<{ s: string; t: string }>(
    db,
    sql`select table_schema as s, table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { s, t } of tables) {
    const rows = await queryRows<{ r: string }>(db, sql`select (x.*)::text as r from ${sql.identifier(s)}.${sql.identifier(t)} x`);
    parts.push(`-- ${s}.${t}\n${rows.map((r) => r.r).join('\n')}`);
  }
  return parts.join('\n');
}
