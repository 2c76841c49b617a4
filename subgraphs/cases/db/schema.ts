import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import { accessLog, accessLogChain, accessLogHeads } from '../../kit/accessLog';
import { dataKeys } from '../../kit/fieldCrypto';
import { sql } from 'drizzle-orm';
import { bigint, boolean, char, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { caseSector, caseStage, caseStatus, deadlineClock, deadlineOutcome, partyKind, workflowAction } from './enums';
import { warningTables } from '../warnings/tables';
import { statisticsTables } from '../statistics/tables';

export { caseSector, caseStage, caseStatus, deadlineClock, deadlineOutcome, partyKind, workflowAction } from './enums';

/** A linkage case. Agency ids refer to the agencies subgraph's rows (federation keys, no FK). */
export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique(),
    title: text('title').notNull(),
    sector: caseSector('sector').notNull(),
    status: caseStatus('status').notNull(),
    /** The workflow stage (workflow/stages.ts); `status` is kept in step with it. */
    stage: caseStage('stage').notNull().default('DRAFT'),
    handlingAgencyId: text('handling_agency_id').notNull(),
    receivingAgencyId: text('receiving_agency_id'),
    /** Division of the handling agency, kept on the row so jurisdiction filters need no other subgraph. */
    divisionCode: char('division_code', { length: 6 }).notNull(),
    /** Declared with the transfer (Decree 310 art. 12): the goods handover clock runs only when true. */
    goodsSeized: boolean('goods_seized').notNull().default(true),
    facts: text('facts').notNull(),
    /** Amount involved, in yuan. */
    amountInvolved: numeric('amount_involved', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Number of events on the timeline and the hash of the last one: the chain's head, kept in step. */
    timelineLength: integer('timeline_length').notNull().default(0),
    timelineHead: char('timeline_head', { length: 64 }),
    /** Milestones (statistics/milestones.ts): when the case first entered these stages. */
    transferredAt: timestamp('transferred_at', { withTimezone: true }),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    notFiledAt: timestamp('not_filed_at', { withTimezone: true }),
    reconsiderationRequestedAt: timestamp('reconsideration_requested_at', { withTimezone: true }),
    notProsecutedAt: timestamp('not_prosecuted_at', { withTimezone: true }),
  },
  (t) => [
    index('cases_created_idx').on(t.createdAt, t.id),
    index('cases_handling_idx').on(t.handlingAgencyId, t.createdAt, t.id),
    index('cases_receiving_idx').on(t.receivingAgencyId, t.createdAt, t.id),
    index('cases_division_idx').on(t.divisionCode, t.createdAt, t.id),
    // The case list's filters and orders (caseList.ts): each filter with the default order, and each order.
    index('cases_status_idx').on(t.status, t.createdAt, t.id),
    index('cases_stage_idx').on(t.stage, t.createdAt, t.id),
    index('cases_sector_idx').on(t.sector, t.createdAt, t.id),
    index('cases_updated_idx').on(t.updatedAt, t.id),
    index('cases_number_c_idx').on(sql`(${t.number} collate "C")`, t.id),
  ],
);

/**
 * A party (当事人) to a case: a person or a company. Personal data (C3) is stored encrypted
 * (kit/fieldCrypto.ts, personalData.ts); `*_mac` are its keyed hashes, what exact-match lookups use.
 */
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
    idNumber: text('id_number'),
    /** GB 32100 unified social credit code (companies). */
    creditCode: text('credit_code'),
    phone: text('phone'),
    address: text('address'),
    nameMac: text('name_mac'),
    idNumberMac: text('id_number_mac'),
    creditCodeMac: text('credit_code_mac'),
    juvenile: boolean('juvenile').notNull().default(false),
  },
  (t) => [
    index('parties_case_idx').on(t.caseId, t.position),
    // The case list's party filters match keyed hashes exactly (caseList.ts), never clear values.
    index('parties_name_mac_idx').on(t.nameMac),
    index('parties_id_number_mac_idx').on(t.idNumberMac),
    index('parties_credit_code_mac_idx').on(t.creditCodeMac),
  ],
);

/**
 * An informant (举报人) of a case: identity readable only by the officers of the case's receiving
 * police unit (shared/domain.md); the event that recorded it names the row's id, never the identity.
 */
export const caseInformants = pgTable(
  'case_informants',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    eventSeq: integer('event_seq').notNull(),
    /** Encrypted like a party's (kit/fieldCrypto.ts). */
    name: text('name').notNull(),
    idNumber: text('id_number'),
    phone: text('phone'),
    address: text('address'),
    recordedBy: text('recorded_by').notNull(),
    recordedByAgencyId: text('recorded_by_agency_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_informants_case_idx').on(t.caseId, t.eventSeq)],
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

/** A document referred to by an event: its kind and content hash (and the dossier's id for it, when known). */
export interface DocumentRef {
  kind: string;
  sha256: string;
  documentId?: string;
}

/**
 * The timeline (architecture.md, "Every write is an event"): append-only (a trigger refuses
 * UPDATE and DELETE), one hash chain per case (timeline/hash.ts). `seq` counts from 1 per case.
 * `(actor_id, idempotency_key)` is unique: a retried request finds its first event.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    action: workflowAction('action').notNull(),
    fromStage: caseStage('from_stage'),
    toStage: caseStage('to_stage').notNull(),
    fromStatus: caseStatus('from_status'),
    toStatus: caseStatus('to_status').notNull(),
    actorId: text('actor_id').notNull(),
    actorAgencyId: text('actor_agency_id'),
    actorRoles: text('actor_roles').array().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    reasons: text('reasons'),
    documents: jsonb('documents').$type<DocumentRef[]>().notNull(),
    /** SHA-256 of the transfer package seal (compact JWS) the step was given. */
    sealSha256: char('seal_sha256', { length: 64 }),
    /** What else the step recorded: task group, receiving agency, materials, opinion, penalties … */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the request (verb, case, input): a key reused for another request is refused. */
    requestHash: char('request_hash', { length: 64 }),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
    /** The digest algorithm of `hash` (kit/cryptoProfile.ts): rows made under either profile verify. */
    hashAlg: text('hash_alg').$type<DigestAlgorithm>().notNull().default('SHA-256'),
  },
  (t) => [
    uniqueIndex('case_events_case_seq_uq').on(t.caseId, t.seq),
    uniqueIndex('case_events_idempotency_uq').on(t.actorId, t.idempotencyKey),
    index('case_events_at_idx').on(t.at),
  ],
);

/**
 * The personal data an event recorded, kept out of the chained row (personalData.ts): the event's
 * `data` holds a keyed hash in place of each value (what the chain commits to), this row holds the
 * values encrypted. Not append-only: key rotation re-encrypts it without touching the chain.
 */
export const caseEventSealed = pgTable('case_event_sealed', {
  eventId: text('event_id')
    .primaryKey()
    .references(() => caseEvents.id),
  caseId: text('case_id').notNull(),
  /** Encrypted JSON: { <placeholder>: <clear value> }. */
  sealed: text('sealed').notNull(),
});

/**
 * The legal clocks of each case (deadlines/clocks.ts), kept in step with the timeline: opened when
 * a case enters a stage, closed (MET or SUPERSEDED) when it leaves, paused and resumed where the
 * law suspends them. Open clocks are indexed by due time for deadline sweeps.
 */
export const caseDeadlines = pgTable(
  'case_deadlines',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    clock: deadlineClock('clock').notNull(),
    /** The verbs that meet it, and who must act. */
    awaits: text('awaits').array().notNull(),
    responsible: text('responsible').notNull(),
    /** The period it was opened with, e.g. `3d` (configuration may change later; a running clock keeps its period). */
    period: text('period').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    outcome: deadlineOutcome('outcome'),
    openedBySeq: integer('opened_by_seq').notNull(),
    closedBySeq: integer('closed_by_seq'),
    /**
     * Copies of the case's columns that never change, for statistics over clocks without a join
     * (statistics/groups.ts). A trigger fills them from the case on every insert (migration 0008),
     * so no writer sets them.
     */
    caseSector: caseSector('case_sector'),
    caseDivisionCode: char('case_division_code', { length: 6 }),
    caseHandlingAgencyId: text('case_handling_agency_id'),
    caseRegisteredAt: timestamp('case_registered_at', { withTimezone: true }),
    /**
     * The responsible unit's agency when the clock opened: the case's handling agency or its
     * receiving police unit, by `responsible` (null for a procuratorate's clock). Filled by the same
     * trigger (migration 0011); the indicator index credits an agency with the clocks it ran.
     */
    responsibleAgencyId: text('responsible_agency_id'),
  },
  (t) => [
    index('case_deadlines_case_idx').on(t.caseId, t.startedAt),
    index('case_deadlines_open_due_idx').on(t.dueAt).where(sql`closed_at is null`),
    // The case list's overdue filters: a case's open clocks, by kind and due time.
    index('case_deadlines_open_case_idx').on(t.caseId, t.clock, t.dueAt).where(sql`closed_at is null`),
    // Step statistics read the open clocks exactly (the duration summary holds the closed ones):
    // a county is one range per clock, every column they read included (migration 0023).
    index('case_deadlines_open_statistics_idx')
      .on(t.clock, t.caseDivisionCode, t.dueAt, t.pausedAt, t.caseSector, t.caseHandlingAgencyId, t.caseRegisteredAt)
      .where(sql`closed_at is null`),
  ],
);

/**
 * The closed clocks, counted by step, the case's unchanging columns, its local registration month
 * and a log-scale bucket of the clock's duration (statistics/durationSummary.ts, decision 97): step
 * counts and percentiles read this instead of every clock. Kept by statement triggers on
 * `case_deadlines` (migration 0023) for every insert, update, delete and truncate, so no writer
 * (API, demo seed, COPY) sets it.
 */
export const clockDurationSummary = pgTable(
  'clock_duration_summary',
  {
    clock: deadlineClock('clock').notNull(),
    caseDivisionCode: char('case_division_code', { length: 6 }).notNull(),
    caseHandlingAgencyId: text('case_handling_agency_id').notNull(),
    caseSector: caseSector('case_sector').notNull(),
    /** The instant the case's registration month began in local time (UTC+8, `caselink_registered_month`). */
    registeredMonth: timestamp('registered_month', { withTimezone: true }).notNull(),
    /** `caselink_duration_bucket(closed_at - started_at)`: durations in (1.02^(b-1), 1.02^b] seconds; -32768 for none. */
    bucket: smallint('bucket').notNull(),
    /** Closed clocks in the cell; of them, closed after their due time, and met. */
    closed: integer('closed').notNull(),
    late: integer('late').notNull(),
    met: integer('met').notNull(),
  },
  (t) => [primaryKey({ name: 'clock_duration_summary_pk', columns: [t.clock, t.caseDivisionCode, t.caseHandlingAgencyId, t.caseSector, t.registeredMonth, t.bucket] })],
);

/**
 * The party of a penalty, as `penalties` and the register keep it: name, ID number and credit code
 * encrypted (kit/fieldCrypto.ts), looked up and summed by their keyed hashes. A function: each table
 * needs its own column builders.
 */
const penalisedParty = () => ({
  partyKind: partyKind('party_kind').notNull(),
  partyName: text('party_name').notNull(),
  partyIdNumber: text('party_id_number'),
  partyCreditCode: text('party_credit_code'),
  partyIdNumberMac: text('party_id_number_mac'),
  partyCreditCodeMac: text('party_credit_code_mac'),
});

/**
 * Administrative penalties (行政处罚) the handling agency imposed in a case: the record the
 * 以罚代刑 warnings are computed from. The party is identified by resident ID number or unified
 * social credit code, so penalties on one party can be summed across cases. Append-only.
 */
export const penalties = pgTable(
  'penalties',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    /** The timeline event that recorded it. */
    eventSeq: integer('event_seq').notNull(),
    decisionNumber: text('decision_number').notNull(),
    /** Fine, in yuan. */
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    ...penalisedParty(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /** The register penalty this record copies, on a case proposed from the register (decision 94); null on an agency's own record. */
    registerId: text('register_id'),
  },
  (t) => [
    uniqueIndex('penalties_case_decision_uq').on(t.caseId, t.decisionNumber),
    index('penalties_party_id_mac_idx').on(t.partyIdNumberMac, t.decidedOn),
    index('penalties_party_credit_mac_idx').on(t.partyCreditCodeMac, t.decidedOn),
  ],
);

/**
 * The administrative penalty register (行政处罚 register, decision 94): every penalty decision an
 * agency publishes, with the public register's fields, whether or not a linkage case exists. The
 * 以罚代刑 rules run over it (register/propose.ts). Party data is encrypted and keyed-hashed like
 * `penalties`. A decision number is unique per agency; `content_hash` (over the fields, party by
 * keyed hash) tells a resent row from a conflicting one. Append-only but for `proposal_case_id`.
 */
export const penaltyRegister = pgTable(
  'penalty_register',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    divisionCode: char('division_code', { length: 6 }).notNull(),
    sector: caseSector('sector').notNull(),
    decisionNumber: text('decision_number').notNull(),
    ...penalisedParty(),
    /** 违法行为 */
    offence: text('offence').notNull(),
    /** 处罚依据 */
    legalBasis: text('legal_basis').notNull(),
    fine: numeric('fine', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    /** 没收违法所得 / 非法财物, in yuan. */
    confiscation: numeric('confiscation', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    /** 违法经营额 / 货值 / 涉案金额, when the agency knows it. */
    amountInvolved: numeric('amount_involved', { precision: 16, scale: 2, mode: 'number' }),
    /** What the thresholds are compared with: the amount involved when given, else fine + confiscation. */
    comparedAmount: numeric('compared_amount', { precision: 16, scale: 2, mode: 'number' }).notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    contentHash: char('content_hash', { length: 64 }).notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    idempotencyKey: text('idempotency_key'),
    /** The case proposed from it (a 以罚代刑 hit), once there is one. */
    proposalCaseId: text('proposal_case_id'),
  },
  (t) => [
    uniqueIndex('penalty_register_agency_decision_uq').on(t.agencyId, t.decisionNumber),
    uniqueIndex('penalty_register_idempotency_uq').on(t.publishedBy, t.idempotencyKey),
    index('penalty_register_party_credit_idx').on(t.partyCreditCodeMac, t.decidedOn),
    index('penalty_register_party_id_idx').on(t.partyIdNumberMac, t.decidedOn),
    index('penalty_register_agency_idx').on(t.agencyId, t.decidedOn, t.id),
    index('penalty_register_division_idx').on(t.divisionCode, t.decidedOn, t.id),
    // The sweep's catch-up: recent rows not yet proposed (register/propose.ts).
    index('penalty_register_unproposed_idx').on(t.publishedAt).where(sql`proposal_case_id is null`),
  ],
);

/**
 * A linkage case proposed to an agency from its register penalties (decision 94): one per agency
 * and party (the unique key that keeps re-runs and concurrent imports from proposing twice). The
 * agency accepts it (and carries on with the workflow) or declines it with written reasons.
 */
export const registerProposals = pgTable(
  'register_proposals',
  {
    caseId: text('case_id').primaryKey(),
    agencyId: text('agency_id').notNull(),
    /** Keyed hash of the party's credit code or ID number. */
    partyKey: text('party_key').notNull(),
    status: text('status').$type<'PROPOSED' | 'ACCEPTED' | 'DECLINED'>().notNull(),
    level: text('level').$type<'YELLOW' | 'RED'>().notNull(),
    reason: text('reason').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    declineReasons: text('decline_reasons'),
  },
  (t) => [uniqueIndex('register_proposals_agency_party_uq').on(t.agencyId, t.partyKey)],
);

/** The access log of reads of this subgraph's C2/C3 fields (kit/accessLog.ts). */
export { accessLog, accessLogChain, accessLogHeads };

/** Supervision warnings, their timelines and notices (warnings/tables.ts). */
export { warningRule, warningLevel, warningStep, warningAction, warningRecipient, warningNoticeOutcome, warnings, warningEvents, warningNotices, warningNoticeOutcomes } from '../warnings/tables';

/** The privacy budget ledger of statistics-only callers (statistics/tables.ts). */
export { statisticsBudgetDays, statisticsReleases } from '../statistics/tables';

/** The subgraph's data keys, wrapped by its KEK (kit/fieldCrypto.ts). */
export { dataKeys };

export const tables = { cases, parties, caseInformants, caseNumberCounters, caseEvents, caseEventSealed, caseDeadlines, clockDurationSummary, penalties, penaltyRegister, registerProposals, dataKeys, accessLog, accessLogChain, accessLogHeads, ...warningTables, ...statisticsTables };
export type CasesTables = typeof tables;
