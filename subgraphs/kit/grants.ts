/**
 * What a subgraph's service role may do in its PostgreSQL database (docs/production.md, "Roles").
 * An owner role owns the tables and migrates (`npm run migrate`); the service runs as another role
 * with DML only: SELECT and INSERT on every table, UPDATE only where the subgraph declares it (whole
 * tables, or a few columns), DELETE only on the scratch tables it declares (never an audit or
 * append-only one), TRUNCATE nowhere. Not owning the tables, it cannot disable
 * the append-only triggers (ALTER TABLE … DISABLE TRIGGER needs ownership), alter or drop anything.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './db';
import { queryRows } from './db';

/**
 * The UPDATEs a subgraph's service makes: table name -> 'all' columns, or the columns it sets.
 * Tables not named are insert-only for the service (the append-only ones must never be named whole).
 */
export interface ServiceGrants {
  update: Readonly<Record<string, 'all' | readonly string[]>>;
  /**
   * Tables whose rows the service deletes: scratch state only (the dossiers' unfinished uploads),
   * where the migrations' triggers still refuse deleting anything that became part of the record.
   */
  delete?: readonly string[];
}

/** What the kit itself updates in every subgraph: the access log's chain heads (kit/accessLog.ts). */
export const KIT_SERVICE_GRANTS: ServiceGrants = { update: { access_log_heads: 'all' } };

/** A subgraph's grants with the kit's own. */
export const withKitGrants = (own: ServiceGrants | undefined): ServiceGrants => ({
  update: { ...KIT_SERVICE_GRANTS.update, ...own?.update },
  delete: [...(KIT_SERVICE_GRANTS.delete ?? []), ...(own?.delete ?? [])],
});

const ident = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name)) throw new Error(`not a plain SQL name: ${JSON.stringify(name)}`);
  return `"${name}"`;
};

/** drizzle's migrations table of a subgraph (kit/db.ts openDatabase). */
export const migrationsTableOf = (subgraph: string) => `__drizzle_migrations_${subgraph}`;

/**
 * The statements that bring `role`'s rights on a migrated database to exactly the declared ones
 * (run by the owner, in one transaction: previous rights are revoked first, so a table that left
 * the declaration loses its UPDATE). The role also reads drizzle's migrations table, so that a
 * service can tell at start whether its database is migrated.
 */
export function serviceGrantStatements(subgraph: string, role: string, grants: ServiceGrants): string[] {
  const r = ident(role);
  const out = [
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`,
    `GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO ${r}`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
  ];
  for (const [table, columns] of Object.entries(grants.update)) {
    out.push(columns === 'all' ? `GRANT UPDATE ON ${ident(table)} TO ${r}` : `GRANT UPDATE (${columns.map(ident).join(', ')}) ON ${ident(table)} TO ${r}`);
  }
  for (const table of grants.delete ?? []) out.push(`GRANT DELETE ON ${ident(table)} TO ${r}`);
  out.push(`GRANT USAGE ON SCHEMA drizzle TO ${r}`, `GRANT SELECT ON drizzle.${ident(migrationsTableOf(subgraph))} TO ${r}`);
  return out;
}

/**
 * Grants `role` the declared rights, as the connected owner. Refuses a role that is the owner or a
 * superuser (it could do anything regardless) and a declaration naming a table the database lacks.
 */
export async function applyServiceGrants(db: Database, subgraph: string, role: string, grants: ServiceGrants): Promise<string[]> {
  const [me] = await queryRows<{ current_user: string }>(db, sql`select current_user`);
  if (me!.current_user === role) throw new Error(`the service role must not be the role that migrates (${role}): create a separate role (deploy/postgres/provision.sql)`);
  const [target] = await queryRows<{ rolsuper: boolean; owns: boolean }>(
    db,
    sql`select r.rolsuper, pg_has_role(${role}, current_user, 'MEMBER') or pg_has_role(${role}, n.nspowner, 'MEMBER') as owns
          from pg_roles r, pg_namespace n where r.rolname = ${role} and n.nspname = 'public'`,
  );
  if (!target) throw new Error(`no role ${role} in this PostgreSQL cluster: create it first (deploy/postgres/provision.sql)`);
  if (target.rolsuper) throw new Error(`role ${role} is a superuser: a service role must not be (it could disable triggers and delete audit rows)`);
  if (target.owns) throw new Error(`role ${role} is a member of the role that owns the tables: a service role must not be (it could disable triggers and delete audit rows)`);
  const tables = new Set((await queryRows<{ relname: string }>(db, sql`select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`)).map((t) => t.relname));
  const unknown = [...Object.keys(grants.update), ...(grants.delete ?? [])].filter((t) => !tables.has(t));
  if (unknown.length) throw new Error(`the ${subgraph} grants name tables the database does not have: ${unknown.join(', ')}`);
  const statements = serviceGrantStatements(subgraph, role, grants);
  await db.transaction(async (tx) => {
    for (const s of statements) await tx.execute(sql.raw(s));
  });
  return statements;
}
