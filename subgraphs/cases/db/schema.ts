import { accessLog } from '../../kit/accessLog';
import { bigint, boolean, char, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { CASE_STATUSES, PARTY_KINDS, SECTORS } from '../../../schema/vocabulary';

export const caseStatus = pgEnum('case_status', CASE_STATUSES);
export const caseSector = pgEnum('case_sector', SECTORS);
export const partyKind = pgEnum('party_kind', PARTY_KINDS);

/** A linkage case. Agency ids refer to the agencies subgraph's rows (federation keys, no FK). */
export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique(),
    title: text('title').notNull(),
    sector: caseSector('sector').notNull(),
    status: caseStatus('status').notNull(),
    handlingAgencyId: text('handling_agency_id').notNull(),
    receivingAgencyId: text('receiving_agency_id'),
    /** Division of the handling agency, kept on the row so jurisdiction filters need no other subgraph. */
    divisionCode: char('division_code', { length: 6 }).notNull(),
    facts: text('facts').notNull(),
    /** Amount involved, in yuan. */
    amountInvolved: bigint('amount_involved', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_created_idx').on(t.createdAt, t.id),
    index('cases_handling_idx').on(t.handlingAgencyId, t.createdAt, t.id),
    index('cases_receiving_idx').on(t.receivingAgencyId, t.createdAt, t.id),
    index('cases_division_idx').on(t.divisionCode, t.createdAt, t.id),
  ],
);

/** A party (当事人) to a case: a person or a company. */
export const parties = pgTable(
  'parties',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    position: integer('position').notNull(),
    kind: partyKind('kind').notNull(),
    name: text('name').notNull(),
    /** GB 11643 resident identity number (persons). */
    idNumber: char('id_number', { length: 18 }),
    /** GB 32100 unified social credit code (companies). */
    creditCode: char('credit_code', { length: 18 }),
    phone: text('phone'),
    address: text('address'),
    juvenile: boolean('juvenile').notNull().default(false),
  },
  (t) => [index('parties_case_idx').on(t.caseId, t.position)],
);

/** Per-division, per-year counter behind case numbers (XF-<division>-<year>-<seq>). */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    divisionCode: char('division_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.divisionCode, t.year] })],
);

/** The access log of reads of this subgraph's C2/C3 fields (kit/accessLog.ts). */
export { accessLog };

export const tables = { cases, parties, caseNumberCounters, accessLog };
export type CasesTables = typeof tables;
