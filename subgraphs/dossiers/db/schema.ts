import { accessLog } from '../../kit/accessLog';
import { bigint, char, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { DOCUMENT_KINDS } from '../../../schema/vocabulary';

export const documentKind = pgEnum('document_kind', DOCUMENT_KINDS);

/**
 * The digital dossier (数字卷宗) of one case. `caseId` refers to the cases subgraph (federation key,
 * no FK). The dossier keeps its own copy of who may see it (handling agency, receiving police unit,
 * division), since no subgraph reads another's tables.
 */
export const dossiers = pgTable('dossiers', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().unique(),
  handlingAgencyId: text('handling_agency_id').notNull(),
  receivingAgencyId: text('receiving_agency_id'),
  divisionCode: char('division_code', { length: 6 }).notNull(),
  version: integer('version').notNull().default(1),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('dossiers_handling_idx').on(t.handlingAgencyId), index('dossiers_receiving_idx').on(t.receivingAgencyId), index('dossiers_division_idx').on(t.divisionCode)]);

/** A document, content-addressed by its SHA-256. */
export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    dossierId: text('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    kind: documentKind('kind').notNull(),
    title: text('title').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('documents_dossier_idx').on(t.dossierId, t.createdAt, t.id), index('documents_sha256_idx').on(t.sha256)],
);

/** The access log of reads of this subgraph's C2/C3 fields (kit/accessLog.ts). */
export { accessLog };

export const tables = { dossiers, documents, accessLog };
export type DossiersTables = typeof tables;
