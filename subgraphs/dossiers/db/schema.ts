import { bigint, char, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { DOCUMENT_KINDS } from '../../../schema/vocabulary';

export const documentKind = pgEnum('document_kind', DOCUMENT_KINDS);

/** The digital dossier (数字卷宗) of one case. `caseId` refers to the cases subgraph (federation key, no FK). */
export const dossiers = pgTable('dossiers', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().unique(),
  version: integer('version').notNull().default(1),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

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

export const tables = { dossiers, documents };
export type DossiersTables = typeof tables;
