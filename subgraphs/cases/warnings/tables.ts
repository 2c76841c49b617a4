import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import { sql } from 'drizzle-orm';
import { char, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { caseSector } from '../db/enums';
import { LEVELS, RULE_NAMES } from './types';

/**
 * The supervision warnings' own tables (exported from db/schema.ts, so drizzle-kit sees them).
 * A warning keeps a copy of its case's scope columns (handling agency, receiving police unit,
 * division), so every query filters it with the kit's visibleRowsSql like any case-scoped row.
 */
export const LOOP_STEPS = [
  /** raised and delivered: waiting for the responsible unit to handle it */
  'NOTIFIED',
  /** the responsible unit recorded its correction or reasons */
  'HANDLED',
  /** the responsible unit fed back in writing: waiting for a supervisor */
  'REPLIED',
  /** a supervisor closed the loop */
  'CLOSED',
  /** the cause was cured: resolved by the system */
  'RESOLVED',
] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];
export const OPEN_STEPS: readonly LoopStep[] = ['NOTIFIED', 'HANDLED', 'REPLIED'];

export const WARNING_ACTIONS = ['RAISED', 'NOTIFIED', 'ESCALATED', 'HANDLED', 'REPLIED', 'REPLY_OVERDUE', 'CLOSED', 'REOPENED', 'RESOLVED', 'ACKNOWLEDGED', 'NOTICE_OVERDUE'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

/**
 * Who a notice goes to: the responsible unit, the supervising organs of the case's division, those of
 * the division above, or the agency above the responsible unit (its superior agency, from the
 * configured directory: config.ts `superiors`).
 */
export const RECIPIENTS = ['RESPONSIBLE', 'SUPERVISING', 'SUPERIOR', 'SUPERIOR_AGENCY'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

export const warningRule = pgEnum('warning_rule', RULE_NAMES);
export const warningLevel = pgEnum('warning_level', LEVELS);
export const warningStep = pgEnum('warning_step', LOOP_STEPS);
export const warningAction = pgEnum('warning_action', WARNING_ACTIONS);
export const warningRecipient = pgEnum('warning_recipient', RECIPIENTS);

export const warnings = pgTable(
  'warnings',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    caseNumber: text('case_number').notNull(),
    rule: warningRule('rule').notNull(),
    /** The rule's code (e.g. W310-05-APPROVAL): which rule and which article. */
    code: text('code').notNull(),
    level: warningLevel('level').notNull(),
    step: warningStep('step').notNull(),
    /** Who must act: HANDLING_AGENCY, RECEIVING_POLICE or SUPERVISING_PROCURATORATE. */
    responsible: text('responsible').notNull(),
    /** The responsible unit's agency id (null when it is the procuratorate of the division). */
    responsibleAgencyId: text('responsible_agency_id'),
    handlingAgencyId: text('handling_agency_id').notNull(),
    receivingAgencyId: text('receiving_agency_id'),
    divisionCode: char('division_code', { length: 6 }).notNull(),
    /** The rule's wording when it last changed level. */
    reason: text('reason').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    /** The feed-back deadline of the loop; a missed one escalates. */
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }),
    escalations: integer('escalations').notNull().default(0),
    /**
     * The earliest acknowledgement deadline among its notices neither acknowledged nor escalated
     * (null: none pending). Kept in step with the notices and their outcomes; the sweep finds
     * unacknowledged notices through it (audit:verify recomputes it).
     */
    noticeAckDueAt: timestamp('notice_ack_due_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    timelineLength: integer('timeline_length').notNull(),
    timelineHead: char('timeline_head', { length: 64 }).notNull(),
    /**
     * Copies of the case's sector and registration time (the case's other unchanging columns are
     * handlingAgencyId and divisionCode above), for statistics over warnings without a join
     * (statistics/groups.ts). A trigger fills them from the case on every insert (migration 0010).
     */
    caseSector: caseSector('case_sector'),
    caseRegisteredAt: timestamp('case_registered_at', { withTimezone: true }),
  },
  (t) => [
    /** A rule is raised once per case while its warning is open, whoever raises it (several sweepers, the transition hook). */
    uniqueIndex('warnings_open_case_rule_uq').on(t.caseId, t.rule).where(sql`step in ('NOTIFIED', 'HANDLED', 'REPLIED')`),
    index('warnings_case_idx').on(t.caseId, t.raisedAt),
    index('warnings_raised_idx').on(t.raisedAt, t.id),
    // The case list's warningLevel filter: a case's open warnings by level.
    index('warnings_open_case_level_idx').on(t.caseId, t.level).where(sql`step in ('NOTIFIED', 'HANDLED', 'REPLIED')`),
    index('warnings_division_open_idx').on(t.divisionCode, t.level).where(sql`step in ('NOTIFIED', 'HANDLED', 'REPLIED')`),
    index('warnings_reply_due_idx').on(t.replyDueAt).where(sql`step in ('NOTIFIED', 'HANDLED')`),
    index('warnings_notice_ack_due_idx').on(t.noticeAckDueAt).where(sql`notice_ack_due_at is not null`),
  ],
);

/** The warning's own timeline: append-only, hash-chained like the case timeline (warnings/timeline.ts). */
export const warningEvents = pgTable(
  'warning_events',
  {
    id: text('id').primaryKey(),
    warningId: text('warning_id')
      .notNull()
      .references(() => warnings.id),
    seq: integer('seq').notNull(),
    action: warningAction('action').notNull(),
    level: warningLevel('level').notNull(),
    step: warningStep('step').notNull(),
    /** `system` for the rules engine and the sweep. */
    actorId: text('actor_id').notNull(),
    actorAgencyId: text('actor_agency_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The rule's wording, or the handling note / reply / supervisor's reasons. */
    note: text('note'),
    documents: jsonb('documents').$type<{ kind: string; sha256: string }[]>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
    /** The digest algorithm of `hash` (kit/cryptoProfile.ts): rows made under either profile verify. */
    hashAlg: text('hash_alg').$type<DigestAlgorithm>().notNull().default('SHA-256'),
  },
  (t) => [uniqueIndex('warning_events_seq_uq').on(t.warningId, t.seq)],
);

/** Deliveries (通报): one row per recipient per notifying event; each agency's inbox reads them. */
export const warningNotices = pgTable(
  'warning_notices',
  {
    id: text('id').primaryKey(),
    warningId: text('warning_id')
      .notNull()
      .references(() => warnings.id),
    eventSeq: integer('event_seq').notNull(),
    recipient: warningRecipient('recipient').notNull(),
    /** The responsible unit. */
    agencyId: text('agency_id'),
    /** For supervising organs: the division whose procuratorate, justice bureau and political-legal committee receive it. */
    divisionCode: char('division_code', { length: 6 }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** By when the recipient must acknowledge it (null on notices sent before acknowledgements existed). */
    ackDueAt: timestamp('ack_due_at', { withTimezone: true }),
  },
  (t) => [index('warning_notices_agency_idx').on(t.agencyId, t.warningId), index('warning_notices_division_idx').on(t.divisionCode, t.warningId), index('warning_notices_warning_idx').on(t.warningId)],
);

export const NOTICE_OUTCOMES = [
  /** an officer of an addressed agency acknowledged it (签收) */
  'ACKNOWLEDGED',
  /** its acknowledgement deadline passed: the level above was told */
  'ESCALATED',
] as const;
export type NoticeOutcome = (typeof NOTICE_OUTCOMES)[number];
export const warningNoticeOutcome = pgEnum('warning_notice_outcome', NOTICE_OUTCOMES);

/**
 * What became of a notice, append-only (notices themselves never change): at most one row per notice
 * and outcome, each written with the event of the warning's chain that records it (`eventSeq`:
 * ACKNOWLEDGED or NOTICE_OVERDUE), so audit:verify checks one against the other.
 */
export const warningNoticeOutcomes = pgTable(
  'warning_notice_outcomes',
  {
    noticeId: text('notice_id')
      .notNull()
      .references(() => warningNotices.id),
    outcome: warningNoticeOutcome('outcome').notNull(),
    warningId: text('warning_id')
      .notNull()
      .references(() => warnings.id),
    eventSeq: integer('event_seq').notNull(),
    /** The officer who acknowledged (`system` for an escalation). */
    actorId: text('actor_id').notNull(),
    actorAgencyId: text('actor_agency_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.outcome] }), index('warning_notice_outcomes_warning_idx').on(t.warningId)],
);

export const warningTables = { warnings, warningEvents, warningNotices, warningNoticeOutcomes };
export type WarningNoticeOutcomeRow = typeof warningNoticeOutcomes.$inferSelect;
export type WarningRow = typeof warnings.$inferSelect;
export type WarningEventRow = typeof warningEvents.$inferSelect;
export type WarningNoticeRow = typeof warningNotices.$inferSelect;
