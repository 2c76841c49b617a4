import { accessLog, accessLogChain, accessLogHeads } from '../../kit/accessLog';
import { char, index, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { AGENCY_KINDS, ROLES, SECTORS } from '../../../schema/vocabulary';

export const agencyKind = pgEnum('agency_kind', AGENCY_KINDS);
export const sector = pgEnum('sector', SECTORS);
export const role = pgEnum('role', ROLES);
export const divisionLevel = pgEnum('division_level', ['PROVINCE', 'CITY', 'COUNTY']);

/** GB/T 2260 administrative divisions known to the graph. */
export const divisions = pgTable('divisions', {
  code: char('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  level: divisionLevel('level').notNull(),
  parentCode: char('parent_code', { length: 6 }),
});

export const agencies = pgTable(
  'agencies',
  {
    id: text('id').primaryKey(),
    kind: agencyKind('kind').notNull(),
    sector: sector('sector'),
    name: text('name').notNull(),
    divisionCode: char('division_code', { length: 6 })
      .notNull()
      .references(() => divisions.code),
    parentId: text('parent_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agencies_division_idx').on(t.divisionCode, t.id), index('agencies_parent_idx').on(t.parentId)],
);

export const officers = pgTable(
  'officers',
  {
    id: text('id').primaryKey(),
    login: text('login').notNull().unique(),
    name: text('name').notNull(),
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id),
    roles: role('roles').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('officers_agency_idx').on(t.agencyId, t.id)],
);

/** The access log of reads of this subgraph's C2/C3 fields (kit/accessLog.ts). */
export { accessLog, accessLogChain, accessLogHeads };

export const tables = { divisions, agencies, officers, accessLog, accessLogChain, accessLogHeads };
export type AgenciesTables = typeof tables;
