/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: string; output: string; }
  /** A decimal amount as a string with at most 2 decimals, e.g. "12345.67" (money in yuan; never a float). */
  Decimal: { input: string; output: string; }
  /** An integer between -(2^53 - 1) and 2^53 - 1 (sizes in bytes). */
  SafeInt: { input: number; output: number; }
};

/** The purpose a caller declares for a request (x-access-purpose). */
export type AccessPurpose =
  | 'ADMINISTRATION'
  | 'CASE_HANDLING'
  | 'STATISTICS'
  | 'SUPERVISION';

/** A read of a case's C2/C3 data, as the owning subgraph recorded it (PIPL art. 28). */
export type AccessRecord = {
  /** The reader's agency. */
  agency?: Maybe<Agency>;
  /** @deprecated Use agency. */
  agencyId?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use readAt. */
  at: Scalars['DateTime']['output'];
  /** Declared purpose (x-access-purpose), if any. */
  declaredPurpose?: Maybe<AccessPurpose>;
  /** Field paths read, e.g. Party.name. */
  fields: Array<Scalars['String']['output']>;
  /**
   * Declared purpose (x-access-purpose), if any.
   * @deprecated Use declaredPurpose.
   */
  purpose?: Maybe<Scalars['String']['output']>;
  /** When it was read. */
  readAt: Scalars['DateTime']['output'];
  /** The officer who read it. */
  reader: Officer;
  /** Request id, the same in the gateway's and every subgraph's logs. */
  requestId: Scalars['String']['output'];
  /**
   * Officer id of the reader.
   * @deprecated Use reader.
   */
  subject: Scalars['String']['output'];
  /** The subset returned unmasked. */
  unmaskedFields: Array<Scalars['String']['output']>;
};

export type AccessRecordConnection = {
  edges: Array<AccessRecordEdge>;
  nodes: Array<AccessRecord>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type AccessRecordEdge = {
  cursor: Scalars['String']['output'];
  node: AccessRecord;
};

/**
 * A government agency taking part in case linkage. The directory entry is public reference data
 * (C0), so statistics can be labelled with it; which agency takes part in which case is C1 on the
 * case, and the officers are C1 here.
 */
export type Agency = {
  /** Cases this agency handles that the caller can see, newest first (ties by id). Pages like every list (see CaseConnection). */
  cases?: Maybe<CaseConnection>;
  division: Division;
  /** GB/T 2260 code of the agency's jurisdiction. */
  divisionCode: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: AgencyKind;
  name: Scalars['String']['output'];
  /** @deprecated Use officersConnection. */
  officers: Array<Officer>;
  /** The agency's officers by id, as a connection like every list. */
  officersConnection?: Maybe<OfficerConnection>;
  /** The agency's superior of the same kind, if any. */
  parent?: Maybe<Agency>;
  /** Set for administrative agencies. */
  sector?: Maybe<Sector>;
};


/**
 * A government agency taking part in case linkage. The directory entry is public reference data
 * (C0), so statistics can be labelled with it; which agency takes part in which case is C1 on the
 * case, and the officers are C1 here.
 */
export type AgencyCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A government agency taking part in case linkage. The directory entry is public reference data
 * (C0), so statistics can be labelled with it; which agency takes part in which case is C1 on the
 * case, and the officers are C1 here.
 */
export type AgencyOfficersConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type AgencyConnection = {
  edges: Array<AgencyEdge>;
  nodes: Array<Agency>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type AgencyEdge = {
  cursor: Scalars['String']['output'];
  node: Agency;
};

/** Kind of agency in the linkage flow. */
export type AgencyKind =
  /** 行政执法机关: finds suspected crimes in its cases and transfers them to the police */
  | 'ADMINISTRATIVE'
  /** 司法行政: oversees administrative enforcement */
  | 'JUSTICE_ADMIN'
  /** 政法委: political-legal committee; receives notifications, reads statistics */
  | 'POLITICAL_LEGAL'
  /** 人民检察院: supervises filing, advises transfer, sends cases back (reverse linkage) */
  | 'PROCURATORATE'
  /** 公安机关: receives transfers, decides whether to file */
  | 'PUBLIC_SECURITY';

/**
 * A signed checkpoint of the cases subgraph's chains (every case's and warning's timeline, the access
 * log's stripes), kept outside its database: `npm run audit:verify` compares the database with the
 * latest one, and a case's proof of inclusion leads to its root.
 */
export type AuditCheckpoint = {
  /** What it found against the checkpoint before it: chains gone, shortened or rewritten. */
  anomalies: Array<Scalars['String']['output']>;
  /**
   * When it was signed (ISO 8601).
   * @deprecated Use signedAt.
   */
  at: Scalars['String']['output'];
  /** Compact JWS (ES256 or SM2SM3, per the crypto profile) over the canonical payload: check it with the subgraph's checkpoint public key you hold. */
  jws: Scalars['String']['output'];
  /** SHA-256 of the checkpoint before it (its JWS, hex); null for the first. */
  prev?: Maybe<Scalars['String']['output']>;
  /** RFC 6962 Merkle root over the chains' leaves (hex). */
  root: Scalars['String']['output'];
  seq: Scalars['Int']['output'];
  /** When it was signed. */
  signedAt: Scalars['DateTime']['output'];
  /** Chains it covers: the leaves of its Merkle tree. */
  size: Scalars['Int']['output'];
  subgraph: Scalars['String']['output'];
};

/** A linkage case (案件). */
export type Case = {
  /** Who read this case's C2/C3 data in this subgraph, newest first (supervisors only). */
  accessRecords?: Maybe<AccessRecordConnection>;
  /**
   * Amount involved, in yuan.
   * @deprecated Use amountInvolvedYuan.
   */
  amountInvolved?: Maybe<Scalars['Float']['output']>;
  /** Amount involved, in yuan, as a decimal ("12345.67"). */
  amountInvolvedYuan?: Maybe<Scalars['Decimal']['output']>;
  /**
   * The workflow steps the caller may take on this case now.
   * @deprecated Use availableSteps.
   */
  availableActions: Array<WorkflowAction>;
  /** The workflow steps the caller may take on this case now. */
  availableSteps: Array<WorkflowStep>;
  createdAt: Scalars['DateTime']['output'];
  /** The legal clocks of the case: running and paused ones, or every one with includeClosed. */
  deadlines: Array<Deadline>;
  /** GB/T 2260 division of the handling agency. */
  divisionCode: Scalars['String']['output'];
  /** The case's dossier, once opened (its scope brought up to the case's current scope statement). */
  dossier?: Maybe<Dossier>;
  /** Facts found by the agency. */
  facts?: Maybe<Scalars['String']['output']>;
  /** The administrative agency that found the case and transfers it. */
  handlingAgency: Agency;
  id: Scalars['ID']['output'];
  /**
   * The case's proof of inclusion (supervisors only): its events and the Merkle path from its leaf to
   * the latest signed checkpoint, as JSON; check it offline with `npm run verify-proof -- FILE --key
   * KEY`. Without the opening record (the leaf binds its digest). Null before the first checkpoint or
   * for a case opened after it.
   */
  inclusionProof?: Maybe<Scalars['String']['output']>;
  /** Informants (举报人). FORBIDDEN except to the officers of the case's receiving police unit; personal data masked unless CASE_HANDLING is declared. */
  informants?: Maybe<Array<Informant>>;
  /** Case number, XF-<division>-<year>-<seq>. */
  number: Scalars['String']['output'];
  /** Parties (当事人) to the case. */
  parties?: Maybe<Array<Party>>;
  /** Administrative penalties the handling agency recorded in this case. */
  penalties?: Maybe<Array<Penalty>>;
  /** Set when the case was proposed from the penalty register (decision 94): case content (C2). */
  proposal?: Maybe<CaseProposal>;
  /** The police unit the case was transferred to, once transferred. */
  receivingAgency?: Maybe<Agency>;
  /**
   * The case's scope, signed by this subgraph: a compact JWS (ES256 or SM2SM3 as the crypto profile says, typ caselink-case-scope+jws; key at
   * the subgraph's /.well-known/jwks.json) whose payload is exactly { caseId, handlingAgencyId,
   * receivingAgencyId, divisionCode, sector, juvenile, seq, issuedAt, expiresAt }. A subgraph that keeps
   * rows about the case (the dossier) learns who the case belongs to from it; `seq` grows with every
   * step, and a statement is good for 15 minutes. Pass it unchanged (openDossier takes it).
   */
  scopeStatement?: Maybe<Scalars['String']['output']>;
  /** C5: the agencies that hold state-secret material about this case off-network. A marker only: the material, its description and its hash are never stored. */
  secretMaterialMarkers: Array<SecretMaterialMarker>;
  sector: Sector;
  /** The workflow stage (finer than status). */
  stage: CaseStage;
  status: CaseStatus;
  /** Every step of the case, oldest first: an append-only hash chain (verifyTimeline checks it). */
  timeline: Array<CaseEvent>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Supervision warnings on this case: open ones, or every one with includeEnded. */
  warnings: Array<Warning>;
};


/** A linkage case (案件). */
export type CaseAccessRecordsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** A linkage case (案件). */
export type CaseDeadlinesArgs = {
  includeClosed?: InputMaybe<Scalars['Boolean']['input']>;
};


/** A linkage case (案件). */
export type CaseWarningsArgs = {
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
};

/**
 * A page of cases. Every list pages the same way: first (1–100, default 20) after a cursor, or
 * last (1–100) before one, never both directions at once (BAD_USER_INPUT naming the argument).
 */
export type CaseConnection = {
  edges: Array<CaseEdge>;
  nodes: Array<Case>;
  pageInfo: PageInfo;
  /** Every case of the list the caller can see (not only this page): one COUNT under the same filter, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type CaseEdge = {
  cursor: Scalars['String']['output'];
  node: Case;
};

/**
 * One step on a case's timeline (append-only). Each event hashes the one before it: changing,
 * removing or reordering a stored event breaks the chain from there on. Flow metadata (stage, time,
 * acting agency) is C1; reasons, documents and what the step recorded are C2.
 */
export type CaseEvent = {
  /** @deprecated Use step. */
  action: WorkflowAction;
  /** The officer who acted. */
  actor?: Maybe<Officer>;
  /** The agency of the officer who acted. */
  actorAgency?: Maybe<Agency>;
  /** @deprecated Use occurredAt. */
  at: Scalars['DateTime']['output'];
  /** For recordCorrection: the event corrected. */
  correctsSeq?: Maybe<Scalars['Int']['output']>;
  /** Documents of the step, by kind and SHA-256 (for a transfer: the sealed package). */
  documents?: Maybe<Array<DocumentReference>>;
  /** For declineToFile: the agency the dossier goes back to (Decree 310 art. 8). */
  dossierReturnedTo?: Maybe<Agency>;
  /** For escalateSupervision: the division (GB/T 2260) of the procuratorate one level up that now supervises (CPR 564). */
  escalatedTo?: Maybe<Scalars['String']['output']>;
  /** Null for the first event (the case was opened). */
  fromStage?: Maybe<CaseStage>;
  fromStatus?: Maybe<CaseStatus>;
  /** For transferCase: whether the agency declared seized goods (the goods handover clock runs only then). */
  goodsSeized?: Maybe<Scalars['Boolean']['output']>;
  /** SHA-256 over the canonical JSON of this event, previous hash included. */
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** For requestMaterials: what the police are missing. */
  materials?: Maybe<Array<Scalars['String']['output']>>;
  /** When the step was taken. */
  occurredAt: Scalars['DateTime']['output'];
  /** For issueProcuratorialOpinion: the opinion. */
  opinion?: Maybe<ProcuratorialOpinion>;
  /** For decideReconsideration: FILE or UPHOLD. */
  outcome?: Maybe<ReconsiderationOutcome>;
  /** Hash of the previous event (64 zeros for the first). */
  prevHash: Scalars['String']['output'];
  /** For forward: the police unit that passed the case on. */
  previousReceivingAgency?: Maybe<Agency>;
  reasons?: Maybe<Scalars['String']['output']>;
  /** For transfer and forward: the police unit the case went to. */
  receivingAgency?: Maybe<Agency>;
  /** For replyToOpinion: the agency's written result. */
  result?: Maybe<Scalars['String']['output']>;
  /** SHA-256 of the transfer package seal (compact JWS) the case was sent with. */
  sealSha256?: Maybe<Scalars['String']['output']>;
  /** 1, 2, 3 … per case. */
  seq: Scalars['Int']['output'];
  /** The workflow step recorded. */
  step: WorkflowStep;
  /** For submitForApproval: the task group (at least 2 officers). */
  taskGroup?: Maybe<Array<Officer>>;
  toStage: CaseStage;
  toStatus: CaseStatus;
};

/**
 * Filters of `cases`; all given must hold. Lists match any of their values. Every filter works under
 * the caller's row filter: it narrows the cases the caller can see, never widens them.
 */
export type CaseFilter = {
  createdAt?: InputMaybe<TimeRange>;
  /** A GB/T 2260 code: the division and those under it (a province's code matches its cities and counties). */
  divisionCode?: InputMaybe<Scalars['String']['input']>;
  handlingAgencyIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The case number, exactly. */
  number?: InputMaybe<Scalars['String']['input']>;
  /** Case numbers starting with this text (compared character by character; % and _ are plain characters). */
  numberPrefix?: InputMaybe<Scalars['String']['input']>;
  /** true: cases with an open legal clock past its due time now (a paused clock: past due when paused); false: cases with none. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** Cases with an open clock of this kind past its due time now. */
  overdueClock?: InputMaybe<DeadlineClock>;
  /** A party's resident identity number or unified social credit code, exactly as recorded. Same rules as partyName. */
  partyIdentifier?: InputMaybe<Scalars['String']['input']>;
  /**
   * A party's name exactly as recorded (no partial or fuzzy match). Only for officers who see parties
   * in clear (the handling agency or receiving police with a purpose that fits the role:
   * CASE_HANDLING for case officers and approvers, SUPERVISION for supervisors); it matches only their
   * own agency's cases and never a juvenile's sealed record. FORBIDDEN to everyone else. Every search
   * is written to the access log (the field searched on, never the value).
   */
  partyName?: InputMaybe<Scalars['String']['input']>;
  receivingAgencyIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  sectors?: InputMaybe<Array<Sector>>;
  stages?: InputMaybe<Array<CaseStage>>;
  statuses?: InputMaybe<Array<CaseStatus>>;
  updatedAt?: InputMaybe<TimeRange>;
  /** Cases with an open warning (NOTIFIED, HANDLED or REPLIED) of this level. */
  warningLevel?: InputMaybe<WarningLevel>;
};

/** The order of a case list; ties are broken by case id in the same direction. */
export type CaseOrder =
  | 'CREATED_AT_ASC'
  /** newest first (the default) */
  | 'CREATED_AT_DESC'
  /** by case number, character by character */
  | 'NUMBER_ASC'
  | 'NUMBER_DESC'
  | 'UPDATED_AT_ASC'
  /** most recently changed first */
  | 'UPDATED_AT_DESC';

/** A linkage case proposed from the register: its state and the agency's decision on it. */
export type CaseProposal = {
  decidedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The agency's written reasons for declining. */
  declineReasons?: Maybe<Scalars['String']['output']>;
  level: WarningLevel;
  /** The register penalties that triggered it. */
  penalties: Array<RegisterPenalty>;
  proposedAt: Scalars['DateTime']['output'];
  /** Why it was proposed (the rule's reason, naming the threshold's provision). */
  reason: Scalars['String']['output'];
  /** PROPOSED, ACCEPTED or DECLINED. */
  status: ProposalStatus;
};

/** Who an actor is to a case. */
export type CaseRelation =
  | 'HANDLING_AGENCY'
  | 'RECEIVING_POLICE'
  | 'SUPERVISING_ORGAN'
  | 'SUPERVISING_PROCURATORATE';

/**
 * The workflow stage of a case: finer than its status (see CaseStatus), it is what the transfer
 * workflow's transition table walks. Stages named like a status set that status; the others keep
 * the status the case had (or set the one noted).
 */
export type CaseStage =
  | 'ADMINISTRATIVE_PENALTY'
  | 'APPROVED'
  /** not filed within 15 days of the notice to file: correction notice issued (纠正违法通知书, CPR 564) */
  | 'CORRECTION_NOTICE_ISSUED'
  /** the police neither explained the missed filing decision nor decided within 7 days: correction opinion (纠正意见, CPR 562) */
  | 'CORRECTION_OPINION_ISSUED'
  | 'DRAFT'
  | 'FILED'
  /** the procuratorate notified the police to file (通知立案, CPR 563) */
  | 'FILING_NOTIFIED'
  | 'FORWARDED'
  | 'GOODS_HANDED_OVER'
  /** seized goods were reported missing; the handover is still due (status FILED; Decree 310 art. 12) */
  | 'GOODS_REPORTED_MISSING'
  | 'MATERIALS_REQUESTED'
  /** the reasons stand and the agency was told (CPR 561): not filed for good (status NOT_FILED) */
  | 'NON_FILING_CONFIRMED'
  /** the police answered; the procuratorate weighs the reasons */
  | 'NON_FILING_REASONS_ANSWERED'
  /** the procuratorate asked the police to explain the non-filing, or the missed decision (CPR 560 / 562) */
  | 'NON_FILING_REASONS_REQUESTED'
  | 'NOT_APPROVED'
  | 'NOT_FILED'
  /** reverse linkage: the procuratorate decided not to prosecute; internal hand-off pending */
  | 'NOT_PROSECUTED'
  /** reverse linkage: procuratorial opinion (检察意见书) sent to the agency (status ADMINISTRATIVE_PENALTY) */
  | 'OPINION_ISSUED'
  /** reverse linkage: the agency replied with the result (status ADMINISTRATIVE_PENALTY) */
  | 'OPINION_REPLIED'
  | 'PENDING_APPROVAL'
  | 'RECEIVED'
  | 'RECONSIDERATION_REQUESTED'
  /** the police upheld the non-filing on reconsideration (status NOT_FILED) */
  | 'RECONSIDERATION_UPHELD'
  /** reverse linkage: under review for an administrative penalty */
  | 'REVERSE_REVIEW'
  /** reverse linkage: review closed without a procuratorial opinion */
  | 'REVERSE_REVIEW_CLOSED'
  /** reverse linkage: review suspended while a reconsideration or appeal runs */
  | 'REVERSE_REVIEW_SUSPENDED'
  /** still not corrected: reported to the procuratorate one level up, whose supervision it now is (CPR 564) */
  | 'SUPERVISION_ESCALATED'
  | 'SUPERVISION_REQUESTED'
  | 'TRANSFERRED';

/**
 * Case statistics (C0 aggregates). A group is exact only if the cases in it that the caller is not a
 * party to (those case(id) hides from it) number none or at least minimumCellSize. For
 * statistics-only callers (the ANALYST role alone, or the STATISTICS purpose), every group must also
 * hold minimumCellSize cases. Otherwise it is suppressed, and where one suppressed group could be
 * worked out from a total, further groups are suppressed with it (complementary suppression). The
 * total is suppressed when it is itself below the minimum.
 *
 * Statistics-only callers get figures that cannot be differenced (decision 96): the filter's from/to
 * are widened to whole periods (of `period`, local time) and the current, unfinished period is left
 * out (`window` says what was counted); milestones, clocks and warnings are counted as of the
 * window's end; STATUS and RECEIVING_AGENCY (a case's current state) are refused as dimensions and
 * filters, and so is a list filter that leaves out 1 to minimumCellSize − 1 cases. Every count has
 * two-sided geometric noise (ε per measure, CASES_STATISTICS_EPSILON), the same for the same question
 * every time; rates come from the noisy counts, step percentiles from a noisy histogram of log-scale
 * buckets (within 9 % of the bucket's values, plus the noise's shift); the total is the sum of the
 * noisy groups and one noisy figure for the suppressed groups together. Each measure a query releases
 * for the first time spends ε from the caller's daily budget (statisticsBudget);
 * PRIVACY_BUDGET_EXHAUSTED when it is spent. Suppression is decided on the exact counts, as for
 * everyone. Other callers get exact figures.
 */
export type CaseStatistics = {
  groupBy: Array<StatisticsDimension>;
  groups: Array<StatisticsGroup>;
  /** Null when every case in the answer is the caller's own. */
  minimumCellSize?: Maybe<Scalars['Int']['output']>;
  suppressedGroups: Scalars['Int']['output'];
  /** All cases the filter selects, as one group. */
  total: StatisticsGroup;
  /** The registration times counted, for statistics-only callers (closed whole periods); null for other callers, who get the filter as given. */
  window?: Maybe<StatisticsWindow>;
};

/** State of a linkage case (Decree 310 forward linkage). */
export type CaseStatus =
  /** no criminal proceedings follow (not filed for good, or not prosecuted): the case is back with the agency for the administrative penalty (行政处罚) */
  | 'ADMINISTRATIVE_PENALTY'
  /** transfer approved; package must reach the police within 24 hours */
  | 'APPROVED'
  /** transfer report being written by the task group */
  | 'DRAFT'
  /** filed (立案) by the police */
  | 'FILED'
  /** forwarded (转送) by the police to the competent unit */
  | 'FORWARDED'
  /** seized goods handed over (涉案物品移交) */
  | 'GOODS_HANDED_OVER'
  /** police asked for supplementary materials (补正材料) */
  | 'MATERIALS_REQUESTED'
  /** transfer refused by the agency head, with reasons */
  | 'NOT_APPROVED'
  /** police declined to file (不予立案) */
  | 'NOT_FILED'
  /** submitted to the agency head for transfer approval (移送前审批) */
  | 'PENDING_APPROVAL'
  /** receipt (回执) signed by the police */
  | 'RECEIVED'
  /** agency asked the police to reconsider (复议) */
  | 'RECONSIDERATION_REQUESTED'
  /** agency asked the procuratorate for filing supervision (立案监督) */
  | 'SUPERVISION_REQUESTED'
  /** transferred (移送) to the police */
  | 'TRANSFERRED';

/** Where a timeline's hash chain breaks. */
export type ChainBreak = {
  eventId?: Maybe<Scalars['ID']['output']>;
  reason: Scalars['String']['output'];
  /** The first event that fails (timeline length + 1 when the case row's head does not match). */
  seq: Scalars['Int']['output'];
};

export type CorrectionInput = {
  /** Required: the number of the event corrected (one your agency recorded). */
  correctsSeq?: InputMaybe<Scalars['Int']['input']>;
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Required: what was wrong and what is right. */
  reasons?: InputMaybe<Scalars['String']['input']>;
};

export type CreateCaseInput = {
  /**
   * Amount involved, in yuan (as a float).
   * @deprecated Use amountInvolvedYuan.
   */
  amountInvolved?: InputMaybe<Scalars['Float']['input']>;
  /** Required (unless the deprecated amountInvolved is given; not both): amount involved, in yuan, as a decimal string ("12345.67"). */
  amountInvolvedYuan?: InputMaybe<Scalars['Decimal']['input']>;
  facts: Scalars['String']['input'];
  parties: Array<PartyInput>;
  sector: Sector;
  title: Scalars['String']['input'];
};

/**
 * A legal clock on a case: started when the case entered a stage, due by the configured period
 * and calendar (hours, calendar days, working days, months), stopped when the case leaves it.
 */
export type Deadline = {
  /** The steps that meet it. */
  awaitedSteps: Array<WorkflowStep>;
  /**
   * The steps that meet it.
   * @deprecated Use awaitedSteps.
   */
  awaits: Array<WorkflowAction>;
  clock: DeadlineClock;
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  dueAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Running past due, or met after it. */
  overdue: Scalars['Boolean']['output'];
  pausedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The period it runs for: 24h, 3d (calendar days), 10wd (working days), 2mo. */
  period: Scalars['String']['output'];
  /** Seconds until due (negative once overdue); frozen while paused; null once closed. */
  remainingSeconds?: Maybe<Scalars['Int']['output']>;
  /** Who must act. */
  responsible: CaseRelation;
  /** The legal source of the period. */
  source: Scalars['String']['output'];
  startedAt: Scalars['DateTime']['output'];
  state: DeadlineState;
};

/** A legal clock of the workflow (periods are configuration: CASES_DEADLINE_<CLOCK>). */
export type DeadlineClock =
  /** the head decides on the transfer report: 3 days (Decree 310 art. 5) */
  | 'APPROVAL'
  /** police file after the notice to file: 15 days (CPR 563) */
  | 'FILING_AFTER_NOTICE'
  /** police decide to file or not: 3 days from acceptance (art. 8) */
  | 'FILING_DECISION'
  /** seized goods handed over: 3 days from the filing notice (art. 12) */
  | 'GOODS_HANDOVER'
  /** the agency supplements requested materials: 3 days [design] */
  | 'MATERIALS_SUPPLEMENT'
  /** police explain the non-filing: 7 days (CPR 560) */
  | 'NON_FILING_REASONS'
  /** the agency replies to a procuratorial opinion: 2 months [unverified] */
  | 'OPINION_REPLY'
  /** not filed for good, the agency imposes the penalty: 30 days [design] (art. 10) */
  | 'PENALTY'
  /** the procuratorate decides on the answer: 10 days (CPR 561) */
  | 'REASONS_REVIEW'
  /** police sign the receipt or forward: 24 hours (art. 7) */
  | 'RECEIPT'
  /** police decide the reconsideration: 3 days (art. 9) */
  | 'RECONSIDERATION_DECISION'
  /** the agency may ask for reconsideration: 3 days (art. 9) */
  | 'RECONSIDERATION_REQUEST'
  /** reverse linkage hand-off: 3 working days */
  | 'REVERSE_HANDOFF'
  /** reverse linkage review: 10 working days, suspended during a reconsideration or appeal */
  | 'REVERSE_REVIEW'
  /** the agency may ask for filing supervision: 3 days (art. 9) */
  | 'SUPERVISION_REQUEST'
  /** the package reaches the police: 24 hours after approval (art. 5–6) */
  | 'TRANSFER';

export type DeadlineState =
  /** the step it waited for happened (see overdue: late or not) */
  | 'MET'
  /** stopped for a while (reverse linkage review during a reconsideration or appeal) */
  | 'PAUSED'
  /** running: the step it waits for has not happened */
  | 'RUNNING'
  /** the case took another way; the step is no longer due */
  | 'SUPERSEDED';

export type DecideReconsiderationInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  outcome: ReconsiderationOutcome;
  /** Required when the non-filing is upheld. */
  reasons?: InputMaybe<Scalars['String']['input']>;
};

/** An administrative division (行政区划), GB/T 2260. Public reference data (C0): statistics are labelled with it. */
export type Division = {
  /** 6-digit GB/T 2260 code */
  code: Scalars['String']['output'];
  level: DivisionLevel;
  name: Scalars['String']['output'];
  parent?: Maybe<Division>;
};

export type DivisionLevel =
  | 'CITY'
  | 'COUNTY'
  | 'PROVINCE';

/**
 * A document, content-addressed by SHA-256 so that what was handed over can be proved unchanged.
 * Its bytes are uploaded and downloaded over HTTP through the gateway (see contentPath), never in GraphQL.
 */
export type Document = {
  /** The version that added the document. */
  addedInVersion?: Maybe<Scalars['Int']['output']>;
  /** Gateway path of the content: GET with the caller's bearer token. Every download is an access-log entry. */
  contentPath?: Maybe<Scalars['String']['output']>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Officer id of the uploader.
   * @deprecated Use createdByOfficer.
   */
  createdBy?: Maybe<Scalars['String']['output']>;
  createdByAgency?: Maybe<Agency>;
  /** The officer who uploaded it. */
  createdByOfficer?: Maybe<Officer>;
  dossier?: Maybe<Dossier>;
  id: Scalars['ID']['output'];
  kind?: Maybe<DocumentKind>;
  /** Media type given at upload. */
  mediaType?: Maybe<Scalars['String']['output']>;
  /** The version from which it is no longer current (withdrawn or replaced); null while current. */
  removedInVersion?: Maybe<Scalars['Int']['output']>;
  /** The document that replaced this one. */
  replacedBy?: Maybe<Document>;
  /** The document this one replaced. */
  replaces?: Maybe<Document>;
  sensitivity?: Maybe<DocumentSensitivity>;
  /** Hex SHA-256 of the content. */
  sha256?: Maybe<Scalars['String']['output']>;
  /**
   * Size in bytes.
   * @deprecated Use sizeBytes.
   */
  size?: Maybe<Scalars['Float']['output']>;
  /** Size in bytes. */
  sizeBytes?: Maybe<Scalars['SafeInt']['output']>;
  /**
   * Hex SM3 (GB/T 32905) of the content, recorded for documents stored under the national crypto profile
   * and checked on every read like sha256; null for the others. sha256 stays the content's address.
   */
  sm3?: Maybe<Scalars['String']['output']>;
  title?: Maybe<Scalars['String']['output']>;
  /** Set when the document was withdrawn: when, by whom, why. */
  withdrawal?: Maybe<Withdrawal>;
  /**
   * True for a document whose class the caller may not see (investigation details, C4, in the handling
   * agency's lists): it shows that the document exists, its class and id, and nothing else (every other field null).
   */
  withheld: Scalars['Boolean']['output'];
};

/** The result of re-hashing one document's stored bytes. */
export type DocumentCheck = {
  /** Hash of the bytes found; null when MISSING. */
  actualSha256?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use actualSizeBytes. */
  actualSize?: Maybe<Scalars['Float']['output']>;
  /** Size in bytes of what was found; null when MISSING. */
  actualSizeBytes?: Maybe<Scalars['SafeInt']['output']>;
  document?: Maybe<Document>;
  documentId?: Maybe<Scalars['ID']['output']>;
  intact?: Maybe<Scalars['Boolean']['output']>;
  recordedSha256?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use recordedSizeBytes. */
  recordedSize?: Maybe<Scalars['Float']['output']>;
  /** Size in bytes recorded for it. */
  recordedSizeBytes?: Maybe<Scalars['SafeInt']['output']>;
  status?: Maybe<IntegrityStatus>;
};

/** Kind of dossier document: transfer package materials (Decree 310 art. 6), process documents, evidence. */
export type DocumentKind =
  | 'AGENCY_REPLY'
  | 'APPROVAL_DECISION'
  | 'AUDIO_VIDEO'
  | 'ELECTRONIC_DATA'
  | 'FILING_NOTICE'
  | 'FORWARD_NOTICE'
  | 'HANDOVER_LIST'
  | 'INSPECTION_RECORD'
  /** 检验报告 / 鉴定结论 */
  | 'INSPECTION_REPORT'
  /** 笔录 */
  | 'INTERVIEW_RECORD'
  /** 调查报告 */
  | 'INVESTIGATION_REPORT'
  | 'NON_FILING_NOTICE'
  | 'OTHER_MATERIAL'
  | 'PROCURATORATE_NOTICE'
  | 'PROCURATORIAL_OPINION'
  /** 回执 */
  | 'RECEIPT'
  | 'RECONSIDERATION_DECISION'
  | 'RECONSIDERATION_REQUEST'
  /** 涉案物品清单 */
  | 'SEIZED_ITEMS_LIST'
  | 'SUPERVISION_REQUEST'
  /** 移送书 */
  | 'TRANSFER_LETTER'
  | 'TRANSFER_REPORT';

/** A document of a step, by kind and content hash (hex SHA-256). */
export type DocumentRefInput = {
  /** The dossier's id for the document, if known. */
  documentId?: InputMaybe<Scalars['ID']['input']>;
  kind: DocumentKind;
  sha256: Scalars['String']['input'];
};

/** A document referred to by a step: kind and content hash (the dossier's document id when known). */
export type DocumentReference = {
  documentId?: Maybe<Scalars['ID']['output']>;
  /** The dossier version the document was current in when the step named it (from the dossier's document statement; for a transfer's package, the sealed version). */
  dossierVersion?: Maybe<Scalars['Int']['output']>;
  kind: DocumentKind;
  sha256: Scalars['String']['output'];
};

/** Sensitivity class of a document's content (shared/domain.md). */
export type DocumentSensitivity =
  /** case content: the handling agency, the receiving police unit, the supervising procuratorate */
  | 'C2'
  /** personal data: as C2, but the content is served only to the case's own officers with a fitting declared purpose */
  | 'C3'
  /** investigation details after filing: police and procuratorate only; hidden from the handling agency */
  | 'C4';

/** The digital dossier (数字卷宗) of a case. */
export type Dossier = {
  /** Who read this dossier's C2/C3 data or downloaded its documents, newest first (supervisors only). */
  accessRecords?: Maybe<AccessRecordConnection>;
  case: Case;
  createdAt: Scalars['DateTime']['output'];
  /**
   * A statement of the current version's documents the caller may see (id, kind, SHA-256), signed with
   * this subgraph's key (compact JWS, typ caselink-dossier-documents+jws, valid 15 minutes). Pass it as
   * `input.documentStatement` with a workflow step that names documents: the cases subgraph checks each
   * named document against it.
   */
  documentStatement?: Maybe<Scalars['String']['output']>;
  /** The current version's documents that the caller may see (C4 documents only for police and procuratorate). */
  documents?: Maybe<Array<Document>>;
  /** The administrative agency that handles the case. */
  handlingAgency: Agency;
  /** Handovers of this dossier's documents, newest first. */
  handovers?: Maybe<Array<Handover>>;
  id: Scalars['ID']['output'];
  /** Required materials the current version lacks; empty when the transfer package is complete. */
  missingMaterials: Array<DocumentKind>;
  /** The police unit the case is with (from the case's scope statement: set on transfer, changed on forward). */
  receivingAgency?: Maybe<Agency>;
  /** The transfer materials this dossier's sector requires (configuration: DOSSIERS_REQUIRED_MATERIALS). */
  requiredMaterials: Array<DocumentKind>;
  /** Sealed: a party to the case was a juvenile (from the case's scope statement); personal data (C3 documents) is served to no one. */
  sealed: Scalars['Boolean']['output'];
  /** Sealed transfer packages, newest first. */
  seals?: Maybe<Array<TransferSeal>>;
  /** The case's sector, as the case's scope statement gives it: decides the required transfer materials. */
  sector?: Maybe<Sector>;
  /** Increases with every change to the documents. */
  version: Scalars['Int']['output'];
  /** The dossier as it was at one version; null when there is no such version. */
  versionAt?: Maybe<DossierVersion>;
  /** Versions, newest first. */
  versions?: Maybe<DossierVersionConnection>;
};


/** The digital dossier (数字卷宗) of a case. */
export type DossierAccessRecordsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** The digital dossier (数字卷宗) of a case. */
export type DossierVersionAtArgs = {
  number: Scalars['Int']['input'];
};


/** The digital dossier (数字卷宗) of a case. */
export type DossierVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** What made a dossier version. */
export type DossierChange =
  | 'ADDED'
  | 'OPENED'
  | 'REPLACED'
  | 'WITHDRAWN';

/** One version of a dossier: the change that made it and the documents it holds. */
export type DossierVersion = {
  change: DossierChange;
  createdAt: Scalars['DateTime']['output'];
  /**
   * Officer id of who made the change.
   * @deprecated Use createdByOfficer.
   */
  createdBy: Scalars['String']['output'];
  /** The officer who made the change (null when it was the system, e.g. demo data written by an earlier version). */
  createdByOfficer?: Maybe<Officer>;
  /** The document added, withdrawn, or (REPLACED) the replacement. */
  document?: Maybe<Document>;
  /** The documents current in this version that the caller may see. */
  documents?: Maybe<Array<Document>>;
  number: Scalars['Int']['output'];
  /** Reason given for a withdrawal or replacement. */
  reason?: Maybe<Scalars['String']['output']>;
};

export type DossierVersionConnection = {
  edges: Array<DossierVersionEdge>;
  nodes: Array<DossierVersion>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type DossierVersionEdge = {
  cursor: Scalars['String']['output'];
  node: DossierVersion;
};

export type ForwardCaseInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Required: why the case is not this unit's (the agency is told in writing). */
  reasons?: InputMaybe<Scalars['String']['input']>;
  /** Required: the competent police unit the case is passed to. */
  receivingAgencyId?: InputMaybe<Scalars['ID']['input']>;
};

export type HandOverDocumentsInput = {
  /** Current documents of the dossier, recorded with their hashes. */
  documentIds: Array<Scalars['ID']['input']>;
  dossierId: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  /** The agency receiving the documents (a record of what it was given; who may read the dossier comes from the case, not from handovers). */
  receivingAgencyId: Scalars['ID']['input'];
};

/** A document as handed over: its hash and size at that moment (null, with withheld true, for a C4 document the caller may not see). */
export type HandedOverDocument = {
  document?: Maybe<Document>;
  documentId: Scalars['ID']['output'];
  kind?: Maybe<DocumentKind>;
  sha256?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use sizeBytes. */
  size?: Maybe<Scalars['Float']['output']>;
  /** Size in bytes at the handover. */
  sizeBytes?: Maybe<Scalars['SafeInt']['output']>;
  withheld: Scalars['Boolean']['output'];
};

/** A handover (移交): who handed which documents, by hash, to whom and when; acknowledged by the receiving side. */
export type Handover = {
  acknowledgedAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Officer id of the receiving side.
   * @deprecated Use acknowledgedByOfficer.
   */
  acknowledgedBy?: Maybe<Scalars['String']['output']>;
  /** The officer of the receiving side who acknowledged it. */
  acknowledgedByOfficer?: Maybe<Officer>;
  documents: Array<HandedOverDocument>;
  dossier?: Maybe<Dossier>;
  /** The dossier version at the handover. */
  dossierVersion: Scalars['Int']['output'];
  fromAgency: Agency;
  handedOverAt: Scalars['DateTime']['output'];
  /**
   * Officer id.
   * @deprecated Use handedOverByOfficer.
   */
  handedOverBy: Scalars['String']['output'];
  /** The officer who handed the documents over (null when it was the system). */
  handedOverByOfficer?: Maybe<Officer>;
  id: Scalars['ID']['output'];
  note?: Maybe<Scalars['String']['output']>;
  /** Signed receipt issued at acknowledgement: a compact JWS (the dossiers subgraph's key) of the handover and its documents' hashes (null for a caller from whom one of them is withheld). */
  receipt?: Maybe<Scalars['String']['output']>;
  toAgency: Agency;
  /** Re-hashes every handed-over document's stored bytes against the hashes recorded at the handover. */
  verify?: Maybe<HandoverCheck>;
};

export type HandoverCheck = {
  checkedAt?: Maybe<Scalars['DateTime']['output']>;
  documents?: Maybe<Array<DocumentCheck>>;
  /** True when every document is INTACT. */
  intact?: Maybe<Scalars['Boolean']['output']>;
};

export type HandoverConnection = {
  edges: Array<HandoverEdge>;
  nodes: Array<Handover>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type HandoverEdge = {
  cursor: Scalars['String']['output'];
  node: Handover;
};

export type IndicatorDefinition = {
  description: Scalars['String']['output'];
  formula: Scalars['String']['output'];
  name: Scalars['String']['output'];
  orientation: IndicatorOrientation;
  weight: Scalars['Float']['output'];
};

/**
 * The indicator index (指标指数体系): a score from 0 to 100 per agency or jurisdiction, the weighted
 * mean of the indicators of a template, each a share (numerator / denominator counted in SQL),
 * oriented so that higher is better:
 * score = 100 × Σ weight × s / Σ weight over the indicators the subject has a value for, where
 * s = value (HIGHER_IS_BETTER) or 1 − value (LOWER_IS_BETTER, e.g. the 以罚代刑 warning rate).
 * Indicators (docs/indicators.md gives each formula, subject and period attribution): TRANSFER_RATE,
 * PENALTY_INSTEAD_OF_TRANSFER_RATE, FILING_RATE_AFTER_TRANSFER, RECONSIDERATION_CHANGED,
 * SUPERVISION_FILED, WARNINGS_CLOSED_LOOP, WARNINGS_CLOSED_ON_TIME (the closed-loop time, as the share
 * closed within the feed-back deadline; the median hours beside it), and ON_TIME_<clock> for every legal
 * clock (ON_TIME_OPINION_REPLY is the reverse-linkage opinion reply rate). Weights come from a named
 * template (indicatorTemplates; CASES_INDICATOR_TEMPLATES); the default template's weights are [design]:
 * no published weighting exists. Ranks: 1 = best among the subjects listed; equal scores share a rank.
 * With a period, the cases registered in it (local time), with the previous period's score and the
 * change. An indicator whose denominator counts fewer than minimumCellSize rows of cases the caller is
 * not a party to (every case, for statistics-only callers) is suppressed, with complementary
 * suppression across subjects.
 * Statistics-only callers (decision 96) get closed windows: with period, that period, refused while it
 * has not ended; without, whole months (window), the current one left out. Every indicator is counted
 * as of the window's end, STATUS / RECEIVING_AGENCY filters and filters leaving out a small group are
 * refused, each indicator's two disjoint counts (numerator, denominator − numerator) get two-sided
 * geometric noise before values, scores, ranks, the previous period's figures and changes are derived
 * from them, and medianHours is withheld; each indicator released spends ε of the daily budget the
 * first time a query (a window: the previous period is one too) releases it.
 */
export type IndicatorIndex = {
  by: IndicatorSubject;
  definitions: Array<IndicatorDefinition>;
  /** Null when every case in the answer is the caller's own. */
  minimumCellSize?: Maybe<Scalars['Int']['output']>;
  /** The period asked (a label: 2026-11, 2026-Q4, 2026); null when none was. */
  period?: Maybe<Scalars['String']['output']>;
  /** The period before it, whose figures are the scores' previousScore; null without a period. */
  previousPeriod?: Maybe<Scalars['String']['output']>;
  /** Highest score first. */
  scores: Array<IndicatorScore>;
  /** The weighting used. */
  template: IndicatorTemplateInfo;
  /** The registration times counted, for statistics-only callers (closed whole periods); null for other callers. */
  window?: Maybe<StatisticsWindow>;
};

/** Whether a higher share is better (on time, transferred) or worse (以罚代刑 warnings, reconsiderations changed). */
export type IndicatorOrientation =
  | 'HIGHER_IS_BETTER'
  | 'LOWER_IS_BETTER';

export type IndicatorScore = {
  /** The agency (by AGENCY). */
  agency?: Maybe<Agency>;
  /** score − previousScore, in points. */
  change?: Maybe<Scalars['Float']['output']>;
  /** The division code (by DIVISION). */
  divisionCode?: Maybe<Scalars['String']['output']>;
  indicators: Array<IndicatorValue>;
  /** The score of the previous period (with a period); null without one. */
  previousScore?: Maybe<Scalars['Float']['output']>;
  /** 1 = best among the subjects listed; equal scores share a rank (1, 1, 3); null without a score. */
  rank?: Maybe<Scalars['Int']['output']>;
  /** 0–100; null when no indicator has data (or all are suppressed). */
  score?: Maybe<Scalars['Float']['output']>;
};

export type IndicatorSubject =
  /** each agency, for the indicators it is responsible for (the unit responsible for a clock when it opened, a warning's responsible unit, the handling agency for transfer and 以罚代刑 rates, the receiving police unit for filing and supervision outcomes); the procuratorate's own clocks count by DIVISION only */
  | 'AGENCY'
  /** each division at the level asked, over the cases of that jurisdiction */
  | 'DIVISION';

/** A weighting template (CASES_INDICATOR_TEMPLATES): the indicators it counts and their weights. */
export type IndicatorTemplate = {
  description: Scalars['String']['output'];
  /** Whether indicatorIndex uses it when no template is named (CASES_INDICATOR_TEMPLATE). */
  isDefault: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** Where the weights come from; [design] when no published weighting exists. */
  source: Scalars['String']['output'];
  weights: Array<IndicatorWeight>;
};

export type IndicatorTemplateInfo = {
  description: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Where the weights come from; [design] when no published weighting exists. */
  source: Scalars['String']['output'];
};

export type IndicatorValue = {
  /** value − previousValue (a difference of shares, not oriented). */
  change?: Maybe<Scalars['Float']['output']>;
  denominator?: Maybe<Scalars['Int']['output']>;
  /** WARNINGS_CLOSED_ON_TIME: median hours from raise to end of the ended warnings; null elsewhere, or over fewer than minimumCellSize protected warnings. */
  medianHours?: Maybe<Scalars['Float']['output']>;
  name: Scalars['String']['output'];
  numerator?: Maybe<Scalars['Int']['output']>;
  orientation: IndicatorOrientation;
  /** The value in the previous period (with a period). */
  previousValue?: Maybe<Scalars['Float']['output']>;
  /** 1 = best among the subjects listed, by the oriented value; equal values share a rank. */
  rank?: Maybe<Scalars['Int']['output']>;
  suppressed: Scalars['Boolean']['output'];
  /** numerator / denominator; null without data or when suppressed */
  value?: Maybe<Scalars['Float']['output']>;
  weight: Scalars['Float']['output'];
};

export type IndicatorWeight = {
  indicator: Scalars['String']['output'];
  weight: Scalars['Float']['output'];
};

/** An informant (举报人) of a case: readable only by the receiving police unit's officers. */
export type Informant = {
  address?: Maybe<Scalars['String']['output']>;
  /** The seq of the recordInformant event (whose data names the informant's id, never the identity). */
  eventSeq: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  idNumber?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
  recordedAt: Scalars['DateTime']['output'];
};

export type InformantInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  /** Resident identity number (GB 11643), checked. */
  idNumber?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  phone?: InputMaybe<Scalars['String']['input']>;
};

/** Outcome of re-hashing stored content against the SHA-256 recorded for it. */
export type IntegrityStatus =
  /** the stored bytes (or the record) differ from what was recorded */
  | 'CHANGED'
  /** the stored bytes hash to the recorded SHA-256 */
  | 'INTACT'
  /** no stored bytes under the recorded hash */
  | 'MISSING';

export type IssueOpinionInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Required: the opinion's content. */
  opinion?: InputMaybe<OpinionInput>;
  reasons?: InputMaybe<Scalars['String']['input']>;
};

/** How a C3 field is masked for callers who may not see it in clear: 张* (NAME), 330106********1234 (ID_NUMBER), 91330106********1X (CREDIT_CODE), 138****5678 (PHONE), first characters of an ADDRESS, or REDACT (all hidden). */
export type MaskKind =
  | 'ADDRESS'
  | 'CREDIT_CODE'
  | 'ID_NUMBER'
  | 'NAME'
  | 'PHONE'
  | 'REDACT';

/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type Mutation = {
  /** NON_FILING_REASONS_ANSWERED → NON_FILING_CONFIRMED. The reasons stand; the agency is told within 10 days (CPR 561). */
  acceptNonFilingReasons?: Maybe<StepResult>;
  /** The handling agency accepts a case proposed from the register: it carries on with the ordinary workflow. */
  acceptProposedCase?: Maybe<Case>;
  /** The receiving agency acknowledges a handover; the receipt is signed. */
  acknowledgeHandover?: Maybe<Handover>;
  /** Acknowledges (签收) a notice delivered to the caller's agency: an event in the warning's chain. NOT_FOUND if it was not delivered to the caller's agency, CONFLICT if already acknowledged. A notice not acknowledged by its deadline escalates to the level above. */
  acknowledgeNotice?: Maybe<WarningNotice>;
  /** TRANSFERRED or FORWARDED → RECEIVED. The receiving police unit signs the receipt (回执) within 24 hours (art. 7). From TRANSFERRED only the police unit of the case's own division (the level of the transferring agency); a unit at another level forwards the case, naming why (FORBIDDEN otherwise). */
  acknowledgeReceipt?: Maybe<StepResult>;
  /** DRAFT, PENDING_APPROVAL, APPROVED or NOT_APPROVED, no change of stage: the agency fails to transfer or penalises instead; procuratorial advice to transfer (CPR 557). */
  adviseTransfer?: Maybe<StepResult>;
  /** NON_FILING_REASONS_REQUESTED → NON_FILING_REASONS_ANSWERED. The receiving police answer in writing within 7 days (CPR 560). */
  answerNonFilingReasons?: Maybe<StepResult>;
  /** PENDING_APPROVAL → APPROVED. The agency head (APPROVER), within 3 days (art. 5). */
  approveTransfer?: Maybe<StepResult>;
  /** REVERSE_REVIEW → REVERSE_REVIEW_CLOSED: no penalty to propose, with reasons. */
  closeReverseReview?: Maybe<StepResult>;
  /** REPLIED → CLOSED. Supervisors (SUPERVISOR) of a supervising organ of the case's jurisdiction only. */
  closeWarning?: Maybe<Warning>;
  /** SUPERVISION_ESCALATED, no change of stage: the higher procuratorate (a division above the case's) records its consultation with the police at its level (协商同级公安机关处理, CPR 564), with reasons. */
  consultHigherPolice?: Maybe<StepResult>;
  /** Opens a case in DRAFT for the caller's administrative agency (case officers only); the case's timeline starts with it. */
  createCase?: Maybe<Case>;
  /** FILED, GOODS_REPORTED_MISSING or GOODS_HANDED_OVER → NOT_PROSECUTED. The procuratorate decided not to prosecute, with reasons; the hand-off clock (3 working days) starts. */
  decideNotToProsecute?: Maybe<StepResult>;
  /** RECONSIDERATION_REQUESTED → FILED (FILE) or RECONSIDERATION_UPHELD (UPHOLD, with reasons). The police head, within 3 days (art. 9). */
  decideReconsideration?: Maybe<StepResult>;
  /** The handling agency declines a case proposed from the register, with written reasons; its warning stays for the supervisor to close. */
  declineProposedCase?: Maybe<Case>;
  /** RECEIVED → NOT_FILED within 3 days, with reasons; the dossier is returned to the handling agency (art. 8: the event names it in dossierReturnedTo; the police stay the receiving unit for reconsideration and supervision). Also, on the CPR 562 path, the overdue decision made at last. The police head. */
  declineToFile?: Maybe<StepResult>;
  /** CORRECTION_NOTICE_ISSUED → SUPERVISION_ESCALATED: still not corrected, the procuratorate of the case's own division reports to the one a level up (CPR 564); the event names it (escalatedTo) and only it takes the supervision on. */
  escalateSupervision?: Maybe<StepResult>;
  /** RECEIVED → FILED within 3 days (art. 8); also after a notice to file (15 days, CPR 563) or at any point of filing supervision. The police head (APPROVER). */
  fileCase?: Maybe<StepResult>;
  /** TRANSFERRED or FORWARDED → FORWARDED. Not its jurisdiction: the receiving police unit passes the case to the competent unit within 24 hours, with reasons (art. 7). The new unit becomes the receiving police. */
  forwardCase?: Maybe<StepResult>;
  /** NOT_PROSECUTED → REVERSE_REVIEW. Internal hand-off within 3 working days; the review clock (10 working days) starts. */
  handOffReverse?: Maybe<StepResult>;
  /** Hands documents over to another agency, recording each by hash. */
  handOverDocuments?: Maybe<Handover>;
  /** FILED or GOODS_REPORTED_MISSING → GOODS_HANDED_OVER. The handling agency hands over seized goods with a HANDOVER_LIST document within 3 days of the filing notice (art. 12). Only for a case transferred with seized goods. */
  handOverGoods?: Maybe<StepResult>;
  /** NOTIFIED → HANDLED. The responsible unit records its correction or reasons (note required), with documents. */
  handleWarning?: Maybe<Warning>;
  /** Publishes many decisions from CSV or JSON text (at most 1000 rows): every row validated and reported; accepted rows written in one transaction (none with allOrNothing when a row is refused); then the 以罚代刑 rules run. */
  importPenalties?: Maybe<PenaltyImportReport>;
  /** NOT_FILED, RECONSIDERATION_UPHELD or NON_FILING_CONFIRMED → ADMINISTRATIVE_PENALTY. Not filed for good: the handling agency records the penalty it imposed (art. 10; 30 days [design]). */
  imposeAdministrativePenalty?: Maybe<StepResult>;
  /** FILING_NOTIFIED once the 15 days have passed → CORRECTION_NOTICE_ISSUED (纠正违法通知书, CPR 564). */
  issueCorrectionNotice?: Maybe<StepResult>;
  /** NON_FILING_REASONS_REQUESTED → CORRECTION_OPINION_ISSUED (纠正意见, CPR 562): asked because the filing decision was overdue (status RECEIVED), the police neither explained nor decided within the 7 days. Then the police decide (fileCase, declineToFile) or the procuratorate notifies filing. */
  issueCorrectionOpinion?: Maybe<StepResult>;
  /** REVERSE_REVIEW → OPINION_ISSUED (status ADMINISTRATIVE_PENALTY): the opinion (facts, evidence, proposed penalty, seized property) goes to the agency, which replies within 2 months. */
  issueProcuratorialOpinion?: Maybe<StepResult>;
  /** Any stage, no change of stage: marks that state-secret material (C5) about the case exists off-network, held by the caller's agency (any party, any supervising procuratorate). Reasons and documents are refused (BAD_USER_INPUT): the marker never carries the material, a description of it or its hash. */
  markSecretMaterial?: Maybe<StepResult>;
  /** NON_FILING_REASONS_ANSWERED (or NON_FILING_REASONS_REQUESTED once the answer is overdue, or CORRECTION_OPINION_ISSUED: CPR 562) → FILING_NOTIFIED. The reasons fail: the police are notified to file within 15 days (CPR 563). */
  notifyFiling?: Maybe<StepResult>;
  /**
   * Opens the dossier of a case, or returns the one already open (case officers of the case's handling
   * agency). `scopeStatement` is the case's `Case.scopeStatement`, passed unchanged: the dossier's scope
   * (handling agency, receiving police unit, division, sector, juvenile) comes from it, never from the
   * caller. BAD_USER_INPUT when it does not verify, names another case or has expired; NOT_FOUND when
   * it relates the caller to nothing; FORBIDDEN for others than the handling agency's case officers.
   */
  openDossier?: Maybe<Dossier>;
  /** Publishes one penalty decision into the register, then runs the 以罚代刑 rules on its party. A decision number the agency already published with other content is CONFLICT. */
  publishPenalty?: Maybe<PublishPenaltyResult>;
  /** Any stage, no change of stage: an officer corrects an earlier event of their own agency by a new event naming it; stored events never change. */
  recordCorrection?: Maybe<StepResult>;
  /** Any stage, no change of stage: the handling agency or the receiving police record an informant. The identity is stored apart from the timeline (the event names only its id) and is readable only by the receiving police unit's officers (Case.informants). */
  recordInformant?: Maybe<StepResult>;
  /** Any stage, no change of stage. The handling agency records penalties already imposed (art. 11): the record 以罚代刑 warnings are computed from. */
  recordPenalty?: Maybe<StepResult>;
  /** PENDING_APPROVAL → NOT_APPROVED. The agency head, within 3 days, with reasons (art. 5). */
  refuseTransfer?: Maybe<StepResult>;
  /** REPLIED, CLOSED or RESOLVED → NOTIFIED with a new feed-back deadline (note required). Supervisors only. */
  reopenWarning?: Maybe<Warning>;
  /** OPINION_ISSUED → OPINION_REPLIED. The handling agency replies in writing with the result (and the penalties imposed, if any). */
  replyToOpinion?: Maybe<StepResult>;
  /** HANDLED → REPLIED. The responsible unit feeds back in writing (note required) by the deadline; a missed deadline escalates. */
  replyToWarning?: Maybe<Warning>;
  /** FILED → GOODS_REPORTED_MISSING, with reasons (what is missing). The receiving police or the handling agency; the handover clock runs on and its warning turns red (art. 12). Only for a case transferred with seized goods. */
  reportGoodsMissing?: Maybe<StepResult>;
  /** RECONSIDERATION_UPHELD → SUPERVISION_REQUESTED. The handling agency asks the procuratorate for filing supervision within 3 days, with reasons (art. 9). */
  requestFilingSupervision?: Maybe<StepResult>;
  /** RECEIVED → MATERIALS_REQUESTED. The police ask for missing materials; they may not refuse the case for them: declineToFile while materials are requested is a CONFLICT naming the rule. */
  requestMaterials?: Maybe<StepResult>;
  /** SUPERVISION_REQUESTED, NOT_FILED or RECONSIDERATION_UPHELD (CPR 560), or RECEIVED once the filing decision is overdue (CPR 562) → NON_FILING_REASONS_REQUESTED. With reasons. */
  requestNonFilingReasons?: Maybe<StepResult>;
  /** NOT_FILED → RECONSIDERATION_REQUESTED. The handling agency, within 3 days, with reasons (art. 9). */
  requestReconsideration?: Maybe<StepResult>;
  /** REVERSE_REVIEW_SUSPENDED → REVERSE_REVIEW: the review clock runs on with the time it had left. */
  resumeReverseReview?: Maybe<StepResult>;
  /** Seals the transfer package of the current version; CONFLICT naming the missing materials when it is incomplete. */
  sealTransferPackage?: Maybe<TransferSeal>;
  /** DRAFT or NOT_APPROVED → PENDING_APPROVAL. A case officer of the handling agency submits the transfer report of a task group of at least 2 officers (art. 5). */
  submitForApproval?: Maybe<StepResult>;
  /** MATERIALS_REQUESTED → RECEIVED. The handling agency supplements, with documents, within 3 days [design]; the filing clock starts again. */
  supplementMaterials?: Maybe<StepResult>;
  /** REVERSE_REVIEW → REVERSE_REVIEW_SUSPENDED, with reasons: a reconsideration or appeal runs; the review clock pauses. */
  suspendReverseReview?: Maybe<StepResult>;
  /** APPROVED → TRANSFERRED. The handling agency sends the sealed transfer package to the police within 24 hours (art. 5–6). The seal must verify with the dossiers subgraph's key, name this case and list the transfer letter, investigation report, list of seized items and inspection report; its SHA-256 goes into the timeline. */
  transferCase?: Maybe<StepResult>;
  /** Marks a current document withdrawn, with the reason, in a new version; nothing is deleted (the agency that added it). */
  withdrawDocument?: Maybe<Document>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAcceptNonFilingReasonsArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAcceptProposedCaseArgs = {
  caseId: Scalars['ID']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAcknowledgeHandoverArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAcknowledgeNoticeArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAcknowledgeReceiptArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAdviseTransferArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationAnswerNonFilingReasonsArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationApproveTransferArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationCloseReverseReviewArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationCloseWarningArgs = {
  id: Scalars['ID']['input'];
  input?: InputMaybe<WarningStepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationConsultHigherPoliceArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationCreateCaseArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: CreateCaseInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationDecideNotToProsecuteArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationDecideReconsiderationArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: DecideReconsiderationInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationDeclineProposedCaseArgs = {
  caseId: Scalars['ID']['input'];
  reasons: Scalars['String']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationDeclineToFileArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationEscalateSupervisionArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationFileCaseArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationForwardCaseArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: ForwardCaseInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationHandOffReverseArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationHandOverDocumentsArgs = {
  input: HandOverDocumentsInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationHandOverGoodsArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationHandleWarningArgs = {
  id: Scalars['ID']['input'];
  input: WarningStepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationImportPenaltiesArgs = {
  allOrNothing?: InputMaybe<Scalars['Boolean']['input']>;
  format: PenaltyImportFormat;
  text: Scalars['String']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationImposeAdministrativePenaltyArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: PenaltyStepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationIssueCorrectionNoticeArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationIssueCorrectionOpinionArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationIssueProcuratorialOpinionArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: IssueOpinionInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationMarkSecretMaterialArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationNotifyFilingArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationOpenDossierArgs = {
  caseId: Scalars['ID']['input'];
  scopeStatement: Scalars['String']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationPublishPenaltyArgs = {
  idempotencyKey: Scalars['String']['input'];
  input: RegisterPenaltyInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRecordCorrectionArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: CorrectionInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRecordInformantArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: RecordInformantInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRecordPenaltyArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: PenaltyStepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRefuseTransferArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationReopenWarningArgs = {
  id: Scalars['ID']['input'];
  input: WarningStepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationReplyToOpinionArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: ReplyToOpinionInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationReplyToWarningArgs = {
  id: Scalars['ID']['input'];
  input: WarningStepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationReportGoodsMissingArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRequestFilingSupervisionArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRequestMaterialsArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: RequestMaterialsInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRequestNonFilingReasonsArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationRequestReconsiderationArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationResumeReverseReviewArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationSealTransferPackageArgs = {
  dossierId: Scalars['ID']['input'];
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationSubmitForApprovalArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: SubmitForApprovalInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationSupplementMaterialsArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationSuspendReverseReviewArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationTransferCaseArgs = {
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: TransferCaseInput;
};


/**
 * Every workflow step takes the case id, an idempotency key and its input, and returns the event it
 * recorded. Errors: NOT_FOUND (no such case, or no relation to it), FORBIDDEN (wrong agency or role),
 * CONFLICT (wrong stage, named in the message and extensions.currentStage; a guard that does not hold
 * yet; or an idempotency key reused for another request), BAD_USER_INPUT (a missing or malformed
 * input, named in extensions.field). A retry with the same key and the same input returns the first
 * result (replayed: true) and writes nothing.
 */
export type MutationWithdrawDocumentArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

/** An officer of an agency, acting in official capacity. */
export type Officer = {
  agency: Agency;
  id: Scalars['ID']['output'];
  login: Scalars['String']['output'];
  name: Scalars['String']['output'];
  roles: Array<Role>;
};

export type OfficerConnection = {
  edges: Array<OfficerEdge>;
  nodes: Array<Officer>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type OfficerEdge = {
  cursor: Scalars['String']['output'];
  node: Officer;
};

export type OpinionInput = {
  evidence: Scalars['String']['input'];
  facts: Scalars['String']['input'];
  proposedPenalty: Scalars['String']['input'];
  seizedProperty: Scalars['String']['input'];
};

/** Where a page sits in its list (see the cases subgraph's PageInfo). */
export type PageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

/**
 * A party to a case: a person or a company. Personal data (C3) comes masked unless the caller is an
 * officer of the handling agency or receiving police unit with a declared purpose that fits the role
 * (x-access-purpose: CASE_HANDLING for case officers and approvers, SUPERVISION for supervisors).
 * Juveniles' records are sealed: always masked. Every read is written to the access log.
 */
export type Party = {
  address?: Maybe<Scalars['String']['output']>;
  /** Unified social credit code (GB 32100), companies only. */
  creditCode?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Resident identity number (GB 11643), persons only. */
  idNumber?: Maybe<Scalars['String']['output']>;
  /** Juvenile records are sealed. */
  juvenile: Scalars['Boolean']['output'];
  kind: PartyKind;
  name: Scalars['String']['output'];
  phone?: Maybe<Scalars['String']['output']>;
};

export type PartyInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  /** Required for companies: 18 characters with a valid check character. */
  creditCode?: InputMaybe<Scalars['String']['input']>;
  /** Required for persons: 18 characters with a valid check digit. */
  idNumber?: InputMaybe<Scalars['String']['input']>;
  kind: PartyKind;
  name: Scalars['String']['input'];
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type PartyKind =
  | 'COMPANY'
  | 'PERSON';

/**
 * An administrative penalty (行政处罚) recorded by the handling agency. The party is identified by
 * resident ID number or unified social credit code (masked like a party's).
 */
export type Penalty = {
  /**
   * Fine, in yuan.
   * @deprecated Use amountYuan.
   */
  amount: Scalars['Float']['output'];
  /** Fine, in yuan, as a decimal ("5000.00"). */
  amountYuan: Scalars['Decimal']['output'];
  /** Date of the decision, YYYY-MM-DD. */
  decidedOn: Scalars['String']['output'];
  /** Number of the penalty decision (行政处罚决定书文号). */
  decisionNumber: Scalars['String']['output'];
  /** The timeline event that recorded it. */
  eventSeq: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  partyCreditCode?: Maybe<Scalars['String']['output']>;
  partyIdNumber?: Maybe<Scalars['String']['output']>;
  partyKind: PartyKind;
  partyName: Scalars['String']['output'];
  recordedAt: Scalars['DateTime']['output'];
};

/** Bulk import formats: CSV with a header row (UTF-8, BOM allowed, RFC 4180 quoting), or a JSON array of objects. */
export type PenaltyImportFormat =
  | 'CSV'
  | 'JSON';

/** What happened to one row of an import. */
export type PenaltyImportOutcome =
  /** Written to the register. */
  | 'ACCEPTED'
  /** The agency already published this decision number with the same content (or an earlier row of the file did): not written again. */
  | 'DUPLICATE'
  /** Valid, but the import was allOrNothing and another row was refused. */
  | 'NOT_WRITTEN'
  /** Not valid (code BAD_USER_INPUT), or the decision number was published with other content (code CONFLICT). */
  | 'REFUSED';

/** The report of a bulk import. */
export type PenaltyImportReport = {
  accepted: Scalars['Int']['output'];
  duplicates: Scalars['Int']['output'];
  /** Linkage cases the 以罚代刑 rules proposed after this import. */
  proposedCases: Array<Case>;
  received: Scalars['Int']['output'];
  refused: Scalars['Int']['output'];
  rows: Array<PenaltyImportRow>;
  /** Whether anything was written (every accepted row was written in one transaction). */
  written: Scalars['Boolean']['output'];
};

/** One row of an import's report. `row` counts data rows from 1 (the CSV header is not a row). */
export type PenaltyImportRow = {
  /** BAD_USER_INPUT or CONFLICT, for a refused row. */
  code?: Maybe<Scalars['String']['output']>;
  decisionNumber?: Maybe<Scalars['String']['output']>;
  /** The refused field (a column name). */
  field?: Maybe<Scalars['String']['output']>;
  outcome: PenaltyImportOutcome;
  /** The register row (written now, or the earlier one a duplicate repeats). */
  penalty?: Maybe<RegisterPenalty>;
  reason?: Maybe<Scalars['String']['output']>;
  row: Scalars['Int']['output'];
};

/**
 * An administrative penalty decision. A person is identified by resident ID number (GB 11643),
 * a company by unified social credit code (GB 32100).
 */
export type PenaltyInput = {
  /**
   * Fine, in yuan (as a float).
   * @deprecated Use amountYuan.
   */
  amount?: InputMaybe<Scalars['Float']['input']>;
  /** Required (unless the deprecated amount is given; not both): the fine, in yuan, as a decimal string ("5000.00"). */
  amountYuan?: InputMaybe<Scalars['Decimal']['input']>;
  /** YYYY-MM-DD, not in the future. */
  decidedOn: Scalars['String']['input'];
  decisionNumber: Scalars['String']['input'];
  partyCreditCode?: InputMaybe<Scalars['String']['input']>;
  partyIdNumber?: InputMaybe<Scalars['String']['input']>;
  partyKind: PartyKind;
  partyName: Scalars['String']['input'];
};

export type PenaltyStepInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Required: at least one penalty decision. */
  penalties?: InputMaybe<Array<PenaltyInput>>;
  reasons?: InputMaybe<Scalars['String']['input']>;
};

/** A procuratorial opinion (检察意见书) to the administrative agency (reverse linkage). */
export type ProcuratorialOpinion = {
  evidence: Scalars['String']['output'];
  facts: Scalars['String']['output'];
  proposedPenalty: Scalars['String']['output'];
  seizedProperty: Scalars['String']['output'];
};

export type ProposalStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'PROPOSED';

/** The result of publishPenalty. */
export type PublishPenaltyResult = {
  /** True when the agency had already published this decision with the same content (under another key): nothing was written. */
  duplicate: Scalars['Boolean']['output'];
  penalty: RegisterPenalty;
  /** Linkage cases the 以罚代刑 rules proposed after this intake (DRAFT, for the publishing agency). */
  proposedCases: Array<Case>;
  /** True when this was a retry with the same idempotency key: nothing was written. */
  replayed: Scalars['Boolean']['output'];
};

export type Query = {
  /** Agencies, ordered by id; filter by kind or by division (the division and those under it). */
  agencies?: Maybe<AgencyConnection>;
  /** One agency; NOT_FOUND when no agency has the id. */
  agency?: Maybe<Agency>;
  /** The latest signed checkpoint of this subgraph's chains (supervisors only); null before the first. */
  auditCheckpoint?: Maybe<AuditCheckpoint>;
  /** One case; NOT_FOUND when it does not exist or the caller has no relation to it. */
  case?: Maybe<Case>;
  /** One case by its number; NOT_FOUND alike when no case has it or the caller has no relation to it. */
  caseByNumber?: Maybe<Case>;
  /**
   * Case statistics grouped by up to all dimensions (none: one group), with a filter. Statistics
   * cover every case in the province, whoever asks (C0); groups that would disclose cases the
   * caller is not a party to are suppressed (see CaseStatistics). Steps are computed only where asked for (under
   * `groups`, under `total`), from a summary of the closed clocks' durations kept by the database:
   * their counts are exact and their percentiles within ±0.99 % of the exact ones (StepStatistics).
   * Where the summary cannot answer (a grouping or filter on status or receiving agency, a police
   * caller, a time filter not on local month starts), and with `exactPercentiles: true`, every clock
   * in scope is read and the percentiles are exact. `steps` limits them to some clocks.
   */
  caseStatistics?: Maybe<CaseStatistics>;
  /**
   * Cases the caller has a relation to (handling, receiving, supervising), filtered (CaseFilter) and
   * in the order asked (default newest first); a higher procuratorate finds the supervision escalated
   * to it with filter: { stages: [SUPERVISION_ESCALATED] }.
   */
  cases?: Maybe<CaseConnection>;
  /** Divisions under (and including) a code; all when no code is given. */
  divisions?: Maybe<Array<Division>>;
  /** One document; NOT_FOUND when the caller may not see it. */
  document?: Maybe<Document>;
  /** One dossier; NOT_FOUND when it does not exist or the caller has no relation to its case. */
  dossier?: Maybe<Dossier>;
  /** One handover; visible to whoever sees its dossier, and to the agency it was handed to. */
  handover?: Maybe<Handover>;
  /** Handovers to the caller's agency, newest first; only those not yet acknowledged when pending is true. */
  incomingHandovers?: Maybe<HandoverConnection>;
  /**
   * The indicator index per agency or per jurisdiction over the cases the filter selects (see
   * IndicatorIndex). period: a label as StatisticsGroup.period shows it (2026-11, 2026-Q4, 2026): the
   * cases registered in it, with the previous period beside (not combined with filter.from / to).
   * template: a weighting of indicatorTemplates (default: the configured one).
   */
  indicatorIndex?: Maybe<IndicatorIndex>;
  /** The indicator index's weighting templates (CASES_INDICATOR_TEMPLATES). */
  indicatorTemplates: Array<IndicatorTemplate>;
  /** The calling officer. */
  me?: Maybe<Officer>;
  /** Notices (通报) delivered to the caller's agency (as the responsible unit, its superior agency, or a supervising organ of the division), newest first; pending: only those not yet acknowledged. Each carries its written notice; the warning itself only where the caller may see it. */
  noticeInbox?: Maybe<WarningNoticeConnection>;
  /** One officer; NOT_FOUND when no officer has the id. */
  officer?: Maybe<Officer>;
  /** The penalty register the caller may see (its own agency's; a supervisor's division), newest decision first; optionally one agency's. */
  penaltyRegister?: Maybe<RegisterPenaltyConnection>;
  /** The caller's statistics privacy budget today; null for callers who are not statistics-only (they get exact figures). */
  statisticsBudget?: Maybe<StatisticsBudget>;
  /** Re-hashes one document's stored bytes against its recorded SHA-256. */
  verifyDocument?: Maybe<DocumentCheck>;
  /** Checks one case's timeline hash chain and names the first broken event; NOT_FOUND for a case the caller has no relation to. */
  verifyTimeline?: Maybe<TimelineVerification>;
  /** Checks the timelines of every case the caller can see (supervisors only). */
  verifyTimelines?: Maybe<TimelineAudit>;
  /** One warning; NOT_FOUND when it does not exist or the caller has no relation to its case. */
  warning?: Maybe<Warning>;
  /** Open warnings by level in a jurisdiction (default: the caller's division), among those the caller can see: the red/yellow board. */
  warningBoard?: Maybe<WarningBoard>;
  /** The caller's agency's inbox: warnings delivered to it (as the responsible unit, or as a supervising organ of the division), newest first. */
  warningInbox?: Maybe<WarningConnection>;
  /** Warnings the caller can see, newest first, by level, rule, agency (handling, receiving or responsible), jurisdiction (the division and those under it) and loop step; open ones unless includeEnded or a step is given. */
  warnings?: Maybe<WarningConnection>;
};


export type QueryAgenciesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  divisionCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  kind?: InputMaybe<AgencyKind>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAgencyArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCaseArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCaseByNumberArgs = {
  number: Scalars['String']['input'];
};


export type QueryCaseStatisticsArgs = {
  divisionLevel?: InputMaybe<StatisticsDivisionLevel>;
  exactPercentiles?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<StatisticsFilter>;
  groupBy?: InputMaybe<Array<StatisticsDimension>>;
  period?: InputMaybe<StatisticsPeriod>;
  steps?: InputMaybe<Array<DeadlineClock>>;
};


export type QueryCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CaseFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CaseOrder>;
  sector?: InputMaybe<Sector>;
  stage?: InputMaybe<CaseStage>;
  status?: InputMaybe<CaseStatus>;
};


export type QueryDivisionsArgs = {
  under?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDocumentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDossierArgs = {
  id: Scalars['ID']['input'];
};


export type QueryHandoverArgs = {
  id: Scalars['ID']['input'];
};


export type QueryIncomingHandoversArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  pending?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryIndicatorIndexArgs = {
  by: IndicatorSubject;
  divisionLevel?: InputMaybe<StatisticsDivisionLevel>;
  filter?: InputMaybe<StatisticsFilter>;
  period?: InputMaybe<Scalars['String']['input']>;
  template?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNoticeInboxArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  pending?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryOfficerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPenaltyRegisterArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryVerifyDocumentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryVerifyTimelineArgs = {
  caseId: Scalars['ID']['input'];
};


export type QueryWarningArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWarningBoardArgs = {
  divisionCode?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWarningInboxArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  step?: InputMaybe<WarningStep>;
};


export type QueryWarningsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  divisionCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeEnded?: InputMaybe<Scalars['Boolean']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  level?: InputMaybe<WarningLevel>;
  rule?: InputMaybe<WarningRule>;
  step?: InputMaybe<WarningStep>;
};

export type ReconsiderationOutcome =
  /** the police file the case after all */
  | 'FILE'
  /** the police uphold their non-filing (reasons required) */
  | 'UPHOLD';

export type RecordInformantInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Required: the informant. */
  informant?: InputMaybe<InformantInput>;
};

/**
 * An administrative penalty decision in the penalty register (行政处罚 register, decision 94), as the
 * publishing agency published it: the public register's fields. The 以罚代刑 rules run over every
 * register penalty, not only those recorded in a linkage case; a hit proposes a linkage case
 * (`proposedCase`). Readable by the publishing agency, the supervising procuratorate (content) and the
 * supervising organs of its division (flow metadata only); the party is masked by default.
 */
export type RegisterPenalty = {
  /** The publishing agency. */
  agency: Agency;
  /** Amount involved (违法经营额 / 货值 / 涉案金额), in yuan, when the agency knows it. */
  amountInvolvedYuan?: Maybe<Scalars['Decimal']['output']>;
  /** What the criminal thresholds are compared with: the amount involved when given, else fine + confiscation (decision 94). */
  comparedAmountYuan: Scalars['Decimal']['output'];
  /** Confiscation (没收违法所得 / 非法财物), in yuan; 0.00 when none. */
  confiscationYuan: Scalars['Decimal']['output'];
  /** Date of the decision, YYYY-MM-DD. */
  decidedOn: Scalars['String']['output'];
  /** Number of the penalty decision (行政处罚决定书文号), unique per agency. */
  decisionNumber: Scalars['String']['output'];
  /** Its division (GB/T 2260). */
  divisionCode: Scalars['String']['output'];
  /** Fine (罚款), in yuan. */
  fineYuan: Scalars['Decimal']['output'];
  id: Scalars['ID']['output'];
  /** The legal basis of the penalty (处罚依据). */
  legalBasis: Scalars['String']['output'];
  /** The offence (违法行为). */
  offence: Scalars['String']['output'];
  partyCreditCode?: Maybe<Scalars['String']['output']>;
  partyIdNumber?: Maybe<Scalars['String']['output']>;
  partyKind: PartyKind;
  /** The party (当事人). */
  partyName: Scalars['String']['output'];
  /** The linkage case proposed from it (a 以罚代刑 hit), when there is one and the caller may see it. */
  proposedCase?: Maybe<Case>;
  publishedAt: Scalars['DateTime']['output'];
  sector: Sector;
};

/** A page of the penalty register. */
export type RegisterPenaltyConnection = {
  nodes: Array<RegisterPenalty>;
  pageInfo: PageInfo;
};

/**
 * A penalty decision to publish into the register. A person is identified by resident ID number
 * (GB 11643), a company by unified social credit code (GB 32100). In a bulk import, these are the
 * columns (CSV header) or keys (JSON).
 */
export type RegisterPenaltyInput = {
  amountInvolvedYuan?: InputMaybe<Scalars['Decimal']['input']>;
  /** 0 when absent. */
  confiscationYuan?: InputMaybe<Scalars['Decimal']['input']>;
  /** YYYY-MM-DD, not in the future. */
  decidedOn: Scalars['String']['input'];
  decisionNumber: Scalars['String']['input'];
  fineYuan: Scalars['Decimal']['input'];
  legalBasis: Scalars['String']['input'];
  offence: Scalars['String']['input'];
  partyCreditCode?: InputMaybe<Scalars['String']['input']>;
  partyIdNumber?: InputMaybe<Scalars['String']['input']>;
  partyKind: PartyKind;
  partyName: Scalars['String']['input'];
  sector: Sector;
};

export type ReplyToOpinionInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Penalties imposed on the opinion, if any. */
  penalties?: InputMaybe<Array<PenaltyInput>>;
  /** Required: the result of the agency's handling, in writing. */
  result?: InputMaybe<Scalars['String']['input']>;
};

export type RequestMaterialsInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Required: the materials missing. */
  materials?: InputMaybe<Array<Scalars['String']['input']>>;
  reasons?: InputMaybe<Scalars['String']['input']>;
};

export type Role =
  /** agency administration */
  | 'ADMIN'
  /** statistics only */
  | 'ANALYST'
  /** 负责人: approves transfers */
  | 'APPROVER'
  /** 承办人 */
  | 'CASE_OFFICER'
  /** 监督员 */
  | 'SUPERVISOR';

/** A document as a seal states it. */
export type SealedDocument = {
  id: Scalars['ID']['output'];
  kind: DocumentKind;
  sha256: Scalars['String']['output'];
};

export type SecretMaterialMarker = {
  /** The seq of the markSecretMaterial event. */
  eventSeq: Scalars['Int']['output'];
  /** The agency that holds the material off-network (the one that set the marker). */
  heldBy?: Maybe<Agency>;
  markedAt: Scalars['DateTime']['output'];
};

/** Enforcement sector of an administrative agency. */
export type Sector =
  | 'AGRICULTURE'
  | 'CULTURE_TOURISM'
  | 'CUSTOMS'
  | 'ECOLOGY_ENVIRONMENT'
  | 'EMERGENCY_MANAGEMENT'
  | 'MARKET_SUPERVISION'
  | 'NATURAL_RESOURCES'
  | 'TAX';

/** Data sensitivity class (shared/domain.md): C0 statistics, C1 flow metadata, C2 case content, C3 personal data, C4 investigation details after filing. */
export type SensitivityClass =
  | 'C0'
  | 'C1'
  | 'C2'
  | 'C3'
  | 'C4';

/**
 * A statistics-only caller's privacy budget (decision 96): ε spent per measure a distinct query
 * releases for the first time; a repeated query costs nothing. Renews each local day.
 */
export type StatisticsBudget = {
  /** ε per day (CASES_STATISTICS_BUDGET) */
  dailyBudget: Scalars['Float']['output'];
  /** ε per measure released (CASES_STATISTICS_EPSILON) */
  epsilonPerMeasure: Scalars['Float']['output'];
  remainingToday: Scalars['Float']['output'];
  /** when the next local day starts */
  resetsAt: Scalars['DateTime']['output'];
  spentToday: Scalars['Float']['output'];
};

/** A dimension statistics are grouped by. A case's period is the one it was registered (created) in, in local time. */
export type StatisticsDimension =
  /** the handling (transferring) agency */
  | 'AGENCY'
  /** the handling agency's division, at the level asked (divisionLevel) */
  | 'DIVISION'
  /** month, quarter or year of registration (period) */
  | 'PERIOD'
  /** the police unit the case is with (null before transfer) */
  | 'RECEIVING_AGENCY'
  | 'SECTOR'
  | 'STATUS';

export type StatisticsDivisionLevel =
  | 'CITY'
  | 'COUNTY';

/** Which cases statistics count. Every list takes 1 to 200 values; leave a filter out for all. */
export type StatisticsFilter = {
  /** handling agencies */
  agencyIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** a GB/T 2260 division: the cases of it and of every division under it */
  divisionCode?: InputMaybe<Scalars['String']['input']>;
  /** cases registered at or after */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** police units the cases are with */
  receivingAgencyIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  sectors?: InputMaybe<Array<Sector>>;
  statuses?: InputMaybe<Array<CaseStatus>>;
  /** cases registered before */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/**
 * One group of cases and its measures. Measures are null when the group is suppressed.
 * Milestones count cases that ever reached them: transferred (移送), filed (立案), reconsideration
 * requested (复议), reverse linkage (反向衔接: the procuratorate decided not to prosecute).
 * For statistics-only callers every count is noisy (never below 0) and milestones and open warnings
 * are as of the end of CaseStatistics.window (see CaseStatistics).
 */
export type StatisticsGroup = {
  /** The handling agency (grouped by AGENCY). */
  agency?: Maybe<Agency>;
  /**
   * Drill-down: the group's cases, newest first — only those the caller has a relation to, like
   * every case list. Row-level (C1): refused to statistics-only callers.
   */
  caseList?: Maybe<CaseConnection>;
  cases?: Maybe<Scalars['Int']['output']>;
  /** Division code at the level asked (grouped by DIVISION). */
  divisionCode?: Maybe<Scalars['String']['output']>;
  filed?: Maybe<Scalars['Int']['output']>;
  /** filed / (filed + notFiled); null when no case was decided. */
  filingRate?: Maybe<Scalars['Float']['output']>;
  /** Not filed, and never filed since (a non-filing later reversed counts as filed). */
  notFiled?: Maybe<Scalars['Int']['output']>;
  openRedWarnings?: Maybe<Scalars['Int']['output']>;
  openYellowWarnings?: Maybe<Scalars['Int']['output']>;
  /** Period label (grouped by PERIOD): 2026-03, 2026-Q1 or 2026. */
  period?: Maybe<Scalars['String']['output']>;
  /** The police unit (grouped by RECEIVING_AGENCY). */
  receivingAgency?: Maybe<Agency>;
  reconsiderations?: Maybe<Scalars['Int']['output']>;
  reverseLinkage?: Maybe<Scalars['Int']['output']>;
  sector?: Maybe<Sector>;
  status?: Maybe<CaseStatus>;
  /** Each legal step's clocks: how long it took and how often it ran late. */
  steps?: Maybe<Array<StepStatistics>>;
  suppressed: Scalars['Boolean']['output'];
  transferred?: Maybe<Scalars['Int']['output']>;
};


/**
 * One group of cases and its measures. Measures are null when the group is suppressed.
 * Milestones count cases that ever reached them: transferred (移送), filed (立案), reconsideration
 * requested (复议), reverse linkage (反向衔接: the procuratorate decided not to prosecute).
 * For statistics-only callers every count is noisy (never below 0) and milestones and open warnings
 * are as of the end of CaseStatistics.window (see CaseStatistics).
 */
export type StatisticsGroupCaseListArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type StatisticsPeriod =
  /** labels like 2026-03 */
  | 'MONTH'
  /** labels like 2026-Q1 */
  | 'QUARTER'
  /** labels like 2026 */
  | 'YEAR';

/** The cases a statistics-only answer counts: registered at or after from (null: from the first) and before to. */
export type StatisticsWindow = {
  from?: Maybe<Scalars['DateTime']['output']>;
  to: Scalars['DateTime']['output'];
};

/**
 * What most steps take. Whether `reasons` or `documents` is required depends on the step and is
 * checked by the workflow (a missing one is BAD_USER_INPUT naming input.reasons / input.documents):
 * reasons are required to refuse, decline to file, ask for reconsideration or supervision, and for
 * every procuratorate action; handOverGoods needs a HANDOVER_LIST document; supplementMaterials
 * needs documents.
 */
export type StepInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  reasons?: InputMaybe<Scalars['String']['input']>;
};

/** The result of a workflow step. */
export type StepResult = {
  /** The case as it is now; null when the step took it out of the caller's reach (a police unit that forwarded it). */
  case?: Maybe<Case>;
  /** The event the step recorded (on a retry: the one the first request recorded). */
  event?: Maybe<CaseEvent>;
  /** True when this was a retry with an idempotency key already used for this very request: nothing was written. */
  replayed: Scalars['Boolean']['output'];
};

/** The clocks of one legal step (DeadlineClock) in a group. */
export type StepStatistics = {
  /** hours from start to being met: median (percentile_cont 0.5), within ±0.99 % of the exact value (log-scale duration buckets of ratio 1.02), exact with exactPercentiles or where the clocks are read; null when none was met, or when the met clocks of cases the caller is not a party to are fewer than minimumCellSize */
  medianHours?: Maybe<Scalars['Float']['output']>;
  /** of those, met (the case moved on by the step the clock awaits) */
  met: Scalars['Int']['output'];
  /** clocks that ran past their due time: met late, left late, or open past due now */
  overdue: Scalars['Int']['output'];
  /** overdue / started */
  overdueRate?: Maybe<Scalars['Float']['output']>;
  /** hours from start to being met: 90th percentile (percentile_cont 0.9), within ±0.99 % of the exact value (log-scale duration buckets of ratio 1.02), exact with exactPercentiles or where the clocks are read; null when none was met, or when the met clocks of cases the caller is not a party to are fewer than minimumCellSize */
  p90Hours?: Maybe<Scalars['Float']['output']>;
  /** clocks started */
  started: Scalars['Int']['output'];
  step: DeadlineClock;
};

export type SubmitForApprovalInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  /** The transfer report (TRANSFER_REPORT), and anything else attached. */
  documents?: InputMaybe<Array<DocumentRefInput>>;
  reasons?: InputMaybe<Scalars['String']['input']>;
  /** Required: officer ids of the task group, at least 2, the submitting officer among them (Decree 310 art. 5). */
  taskGroup?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** A span of time: from (inclusive) to (exclusive); either end may be left open. */
export type TimeRange = {
  from?: InputMaybe<Scalars['DateTime']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** The check of every timeline the caller can see. */
export type TimelineAudit = {
  broken: Array<TimelineVerification>;
  checked: Scalars['Int']['output'];
  ok: Scalars['Boolean']['output'];
};

/** The check of one case's timeline. */
export type TimelineVerification = {
  brokenAt?: Maybe<ChainBreak>;
  caseId: Scalars['ID']['output'];
  /** Events stored. */
  events: Scalars['Int']['output'];
  number: Scalars['String']['output'];
  ok: Scalars['Boolean']['output'];
};

export type TransferCaseInput = {
  /** Required: the case dossier's document statement (Case.dossier.documentStatement, read just before the step). The sealed package must still be current in the dossier (every required material, every sealed document); named documents must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Whether goods were seized (涉案物品). false: no goods handover clock runs after filing, and no handover or loss can be recorded. Omitted: true (the package always lists seized items, Decree 310 art. 6). */
  goodsSeized?: InputMaybe<Scalars['Boolean']['input']>;
  reasons?: InputMaybe<Scalars['String']['input']>;
  /** Required: the police unit at the same level (the county's public security bureau). */
  receivingAgencyId?: InputMaybe<Scalars['ID']['input']>;
  /** Required: the transfer package seal, a compact JWS from the dossiers subgraph (sealTransferPackage). */
  seal?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A sealed transfer package: a compact JWS (ES256 or SM2SM3, per the crypto profile), signed with the dossiers subgraph's key (JWKS at the
 * subgraph's /.well-known/jwks.json), whose payload is exactly
 * { caseId, dossierId, dossierVersion, documents: [{ id, kind, sha256 }], withheldDocuments, sealedAt }:
 * the documents are the version's documents but investigation details (C4), which the sealing agency
 * may not see and which are only counted (withheldDocuments). The case's transfer takes it; the cases
 * subgraph verifies it.
 */
export type TransferSeal = {
  documents: Array<SealedDocument>;
  dossierVersion: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  jws: Scalars['String']['output'];
  /** Hex SHA-256 of the JWS text. */
  jwsSha256: Scalars['String']['output'];
  sealedAt: Scalars['DateTime']['output'];
  /**
   * Officer id.
   * @deprecated Use sealedByOfficer.
   */
  sealedBy: Scalars['String']['output'];
  /** The officer who sealed it (null when it was the system). */
  sealedByOfficer?: Maybe<Officer>;
  /** How many C4 documents the sealed version also holds (not named in the seal). */
  withheldDocuments: Scalars['Int']['output'];
};

/** A supervision warning on a case. Its metadata is C1; the rule's wording, notes and replies are C2. */
export type Warning = {
  /** The legal source in Chinese, e.g. 《行政执法机关移送涉嫌犯罪案件的规定》第五条. */
  article: Scalars['String']['output'];
  /** The legal source in English, e.g. Decree 310 art. 5. */
  articleEn: Scalars['String']['output'];
  case?: Maybe<Case>;
  /** Which rule and which article, e.g. W310-05-APPROVAL. */
  code: Scalars['String']['output'];
  divisionCode: Scalars['String']['output'];
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Missed feed-back deadlines so far. */
  escalations: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  level: WarningLevel;
  /** The level in Chinese: 黄码 or 红码. */
  levelName: Scalars['String']['output'];
  /** Whom it was delivered to, and when. */
  notices: Array<WarningNotice>;
  raisedAt: Scalars['DateTime']['output'];
  /** The rule's wording when it was raised or last escalated (may name amounts). */
  reason?: Maybe<Scalars['String']['output']>;
  /** The feed-back deadline; a missed one escalates. */
  replyDueAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who must act: the handling agency, the receiving police unit or the supervising procuratorate. */
  responsible: CaseRelation;
  responsibleAgency?: Maybe<Agency>;
  rule: WarningRule;
  step: WarningStep;
  /** Every step of the loop, oldest first: an append-only hash chain. */
  timeline: Array<WarningEvent>;
  /** The rule's title in Chinese, e.g. 移送审批超期. */
  title: Scalars['String']['output'];
  /** The rule's title in English (for machines and logs). */
  titleEn: Scalars['String']['output'];
};

export type WarningAction =
  /** a recipient acknowledged a notice (签收) */
  | 'ACKNOWLEDGED'
  | 'CLOSED'
  | 'ESCALATED'
  | 'HANDLED'
  /** notices not acknowledged by their deadline: the level above was told */
  | 'NOTICE_OVERDUE'
  | 'NOTIFIED'
  | 'RAISED'
  | 'REOPENED'
  | 'REPLIED'
  | 'REPLY_OVERDUE'
  | 'RESOLVED';

/** Open warnings of a jurisdiction by level: the red/yellow board. */
export type WarningBoard = {
  byRule: Array<WarningRuleCount>;
  divisionCode: Scalars['String']['output'];
  red: Scalars['Int']['output'];
  yellow: Scalars['Int']['output'];
};

export type WarningConnection = {
  edges: Array<WarningEdge>;
  nodes: Array<Warning>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

/** A document attached to a loop step, by kind and content hash (hex SHA-256). */
export type WarningDocument = {
  kind: Scalars['String']['output'];
  sha256: Scalars['String']['output'];
};

export type WarningEdge = {
  cursor: Scalars['String']['output'];
  node: Warning;
};

export type WarningEvent = {
  action: WarningAction;
  actor?: Maybe<Officer>;
  actorAgency?: Maybe<Agency>;
  /** @deprecated Use occurredAt. */
  at: Scalars['DateTime']['output'];
  /** True for the rules engine and the sweep. */
  bySystem: Scalars['Boolean']['output'];
  documents?: Maybe<Array<WarningDocument>>;
  hash: Scalars['String']['output'];
  level: WarningLevel;
  /** The handling note, the reply, the supervisor's reasons, or the rule's wording. */
  note?: Maybe<Scalars['String']['output']>;
  /** When the step was taken. */
  occurredAt: Scalars['DateTime']['output'];
  prevHash: Scalars['String']['output'];
  seq: Scalars['Int']['output'];
  step: WarningStep;
};

export type WarningLevel =
  | 'RED'
  | 'YELLOW';

/** A delivery of a notice (通报) to one recipient: an agency, or the supervising organs of a division. */
export type WarningNotice = {
  /**
   * By when it must be acknowledged; past it, unacknowledged, it escalates to the level above (null on notices sent before acknowledgements existed).
   * @deprecated Use acknowledgeDueAt.
   */
  acknowledgeBy?: Maybe<Scalars['DateTime']['output']>;
  /** By when it must be acknowledged; past it, unacknowledged, it escalates to the level above (null on notices sent before acknowledgements existed). */
  acknowledgeDueAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who acknowledged it and when (null: not yet). */
  acknowledgement?: Maybe<WarningNoticeAcknowledgement>;
  agency?: Maybe<Agency>;
  /** @deprecated Use sentAt. */
  at: Scalars['DateTime']['output'];
  divisionCode?: Maybe<Scalars['String']['output']>;
  /** The written notice it carries (the facts, the legal article, who must do what by when), kept in the warning's chain. */
  document?: Maybe<WarningNoticeDocument>;
  /** When it escalated for want of an acknowledgement. */
  escalatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The timeline event that sent it. */
  eventSeq: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  recipient: WarningRecipient;
  /** When it was sent. */
  sentAt: Scalars['DateTime']['output'];
  /** The warning, where the caller may see it (a superior agency reads the document instead). */
  warning?: Maybe<Warning>;
};

export type WarningNoticeAcknowledgement = {
  acknowledgedAt: Scalars['DateTime']['output'];
  agency?: Maybe<Agency>;
  /** @deprecated Use acknowledgedAt. */
  at: Scalars['DateTime']['output'];
  /** The seq of the ACKNOWLEDGED event in the warning's timeline. */
  eventSeq: Scalars['Int']['output'];
  officer?: Maybe<Officer>;
};

export type WarningNoticeConnection = {
  edges: Array<WarningNoticeEdge>;
  nodes: Array<WarningNotice>;
  pageInfo: PageInfo;
  /** Every row of the list the caller can see (not only this page): one COUNT, run only when asked for. */
  totalCount: Scalars['Int']['output'];
};

/** The written notice (通报), in Chinese; its SHA-256 (over the UTF-8 text) is listed in the sending event's documents as WARNING_NOTICE. */
export type WarningNoticeDocument = {
  kind: Scalars['String']['output'];
  sha256: Scalars['String']['output'];
  text: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type WarningNoticeEdge = {
  cursor: Scalars['String']['output'];
  node: WarningNotice;
};

/** Who a notice went to. */
export type WarningRecipient =
  /** the unit that must act */
  | 'RESPONSIBLE'
  /** those of the division above (one more level with each missed feed-back deadline) */
  | 'SUPERIOR'
  /** the agency above the responsible unit (e.g. the city bureau above a county bureau) */
  | 'SUPERIOR_AGENCY'
  /** the procuratorate, justice bureau and political-legal committee of the case's division */
  | 'SUPERVISING';

/** A supervision warning rule (shared/domain.md, Supervision warnings). Each warning's code and article name the legal source. */
export type WarningRule =
  /** transfer approval overdue (Decree 310 art. 5) */
  | 'APPROVAL_OVERDUE'
  /** filing decision overdue (art. 8; CPR 562) */
  | 'FILING_DECISION'
  /** seized goods not handed over (art. 12) */
  | 'GOODS_HANDOVER'
  /** not filed and never penalised (art. 10) */
  | 'NOT_FILED_NEVER_PENALISED'
  /** suspected penalty instead of transfer, split penalties on one party included (art. 11) */
  | 'PENALTY_INSTEAD_OF_TRANSFER'
  /** no receipt or forward by the police (art. 7) */
  | 'POLICE_RECEIPT'
  /** reconsideration decision overdue (art. 9) */
  | 'RECONSIDERATION_DECISION'
  /** repeated non-filing by one police unit or for one party (art. 17) */
  | 'REPEATED_NON_FILING'
  /** reverse linkage hand-off or reply to a procuratorial opinion overdue */
  | 'REVERSE_LINKAGE_REPLY'
  /** approved case not transferred (art. 5–6) */
  | 'TRANSFER_AFTER_APPROVAL';

export type WarningRuleCount = {
  red: Scalars['Int']['output'];
  rule: WarningRule;
  yellow: Scalars['Int']['output'];
};

/** Where a warning is in the closed loop (预警 → 通报 → 处置 → 反馈). */
export type WarningStep =
  /** closed by a supervisor */
  | 'CLOSED'
  /** the responsible unit recorded its correction or reasons */
  | 'HANDLED'
  /** raised and delivered: the responsible unit must handle it */
  | 'NOTIFIED'
  /** the responsible unit fed back in writing: a supervisor closes or reopens */
  | 'REPLIED'
  /** the cause was cured: resolved by the system */
  | 'RESOLVED';

export type WarningStepInput = {
  /** The case dossier's document statement (Case.dossier.documentStatement, read just before the step): required when documents are named; each must be listed in it. */
  documentStatement?: InputMaybe<Scalars['String']['input']>;
  /** Evidence, by content hash: documents of the case's dossier. */
  documents?: InputMaybe<Array<DocumentRefInput>>;
  /** Handle: the correction or reasons; reply: the written feed-back; reopen: why. Required for these. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** The withdrawal of a document: it stays in the versions before, and its bytes stay stored. */
export type Withdrawal = {
  /** @deprecated Use withdrawnAt. */
  at?: Maybe<Scalars['DateTime']['output']>;
  /**
   * Officer id.
   * @deprecated Use withdrawnBy.
   */
  by?: Maybe<Scalars['String']['output']>;
  reason?: Maybe<Scalars['String']['output']>;
  withdrawnAt?: Maybe<Scalars['DateTime']['output']>;
  /** The officer who withdrew it. */
  withdrawnBy?: Maybe<Officer>;
};

/** A step of the workflow, named as its mutation. Deprecated with the fields that return it: use WorkflowStep. */
export type WorkflowAction =
  | 'acceptNonFilingReasons'
  | 'acknowledgeReceipt'
  | 'adviseTransfer'
  | 'answerNonFilingReasons'
  | 'approveTransfer'
  | 'closeReverseReview'
  | 'consultHigherPolice'
  | 'createCase'
  | 'decideNotToProsecute'
  | 'decideReconsideration'
  | 'declineToFile'
  | 'escalateSupervision'
  | 'fileCase'
  | 'forwardCase'
  | 'handOffReverse'
  | 'handOverGoods'
  | 'imposeAdministrativePenalty'
  | 'issueCorrectionNotice'
  | 'issueCorrectionOpinion'
  | 'issueProcuratorialOpinion'
  | 'markSecretMaterial'
  | 'notifyFiling'
  | 'recordCorrection'
  | 'recordInformant'
  | 'recordPenalty'
  | 'refuseTransfer'
  | 'replyToOpinion'
  | 'reportGoodsMissing'
  | 'requestFilingSupervision'
  | 'requestMaterials'
  | 'requestNonFilingReasons'
  | 'requestReconsideration'
  | 'resumeReverseReview'
  | 'submitForApproval'
  | 'supplementMaterials'
  | 'suspendReverseReview'
  | 'transferCase';

/** A step of the workflow, SCREAMING_CASE: each is the mutation of the same name in camelCase (CREATE_CASE is createCase, which opens the timeline). */
export type WorkflowStep =
  | 'ACCEPT_NON_FILING_REASONS'
  | 'ACKNOWLEDGE_RECEIPT'
  | 'ADVISE_TRANSFER'
  | 'ANSWER_NON_FILING_REASONS'
  | 'APPROVE_TRANSFER'
  | 'CLOSE_REVERSE_REVIEW'
  | 'CONSULT_HIGHER_POLICE'
  | 'CREATE_CASE'
  | 'DECIDE_NOT_TO_PROSECUTE'
  | 'DECIDE_RECONSIDERATION'
  | 'DECLINE_TO_FILE'
  | 'ESCALATE_SUPERVISION'
  | 'FILE_CASE'
  | 'FORWARD_CASE'
  | 'HAND_OFF_REVERSE'
  | 'HAND_OVER_GOODS'
  | 'IMPOSE_ADMINISTRATIVE_PENALTY'
  | 'ISSUE_CORRECTION_NOTICE'
  | 'ISSUE_CORRECTION_OPINION'
  | 'ISSUE_PROCURATORIAL_OPINION'
  | 'MARK_SECRET_MATERIAL'
  | 'NOTIFY_FILING'
  | 'RECORD_CORRECTION'
  | 'RECORD_INFORMANT'
  | 'RECORD_PENALTY'
  | 'REFUSE_TRANSFER'
  | 'REPLY_TO_OPINION'
  | 'REPORT_GOODS_MISSING'
  | 'REQUEST_FILING_SUPERVISION'
  | 'REQUEST_MATERIALS'
  | 'REQUEST_NON_FILING_REASONS'
  | 'REQUEST_RECONSIDERATION'
  | 'RESUME_REVERSE_REVIEW'
  | 'SUBMIT_FOR_APPROVAL'
  | 'SUPPLEMENT_MATERIALS'
  | 'SUSPEND_REVERSE_REVIEW'
  | 'TRANSFER_CASE';

export type BoardQueryVariables = Exact<{
  divisionCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type BoardQuery = { warningBoard?: { divisionCode: string, red: number, yellow: number, byRule: Array<{ rule: WarningRule, red: number, yellow: number }> } | null };

export type DivisionsQueryVariables = Exact<{
  under?: InputMaybe<Scalars['String']['input']>;
}>;


export type DivisionsQuery = { divisions?: Array<{ code: string, name: string, level: DivisionLevel, parent?: { code: string } | null }> | null };

export type WarningListQueryVariables = Exact<{
  level?: InputMaybe<WarningLevel>;
  rule?: InputMaybe<WarningRule>;
  divisionCode?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type WarningListQuery = { warnings?: { nodes: Array<{ id: string, code: string, title: string, level: WarningLevel, levelName: string, step: WarningStep, divisionCode: string, raisedAt: string, replyDueAt?: string | null, escalations: number, responsibleAgency?: { name: string } | null, case?: { id: string, number: string, title: string, stage: CaseStage } | null }>, pageInfo: { endCursor?: string | null, hasNextPage: boolean } } | null };

export type WarningDetailFragment = { id: string, code: string, title: string, article: string, level: WarningLevel, levelName: string, step: WarningStep, responsible: CaseRelation, reason?: string | null, raisedAt: string, replyDueAt?: string | null, escalations: number, endedAt?: string | null, responsibleAgency?: { id: string, name: string } | null, timeline: Array<{ seq: number, action: WarningAction, occurredAt: string, bySystem: boolean, note?: string | null, actor?: { name: string } | null, actorAgency?: { name: string } | null }>, notices: Array<{ id: string, recipient: WarningRecipient, divisionCode?: string | null, sentAt: string, acknowledgeDueAt?: string | null, agency?: { name: string } | null, acknowledgement?: { acknowledgedAt: string, officer?: { name: string } | null } | null }> };

export type CaseDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CaseDetailQuery = { case?: { id: string, number: string, title: string, sector: Sector, status: CaseStatus, stage: CaseStage, divisionCode: string, facts?: string | null, amountInvolvedYuan?: string | null, createdAt: string, availableSteps: Array<WorkflowStep>, scopeStatement?: string | null, handlingAgency: { id: string, name: string, divisionCode: string }, receivingAgency?: { id: string, name: string } | null, parties?: Array<{ id: string, kind: PartyKind, name: string, idNumber?: string | null, creditCode?: string | null, phone?: string | null, juvenile: boolean }> | null, deadlines: Array<{ id: string, clock: DeadlineClock, awaitedSteps: Array<WorkflowStep>, responsible: CaseRelation, period: string, source: string, startedAt: string, dueAt: string, closedAt?: string | null, state: DeadlineState, remainingSeconds?: number | null, overdue: boolean }>, timeline: Array<{ seq: number, step: WorkflowStep, occurredAt: string, fromStage?: CaseStage | null, toStage: CaseStage, reasons?: string | null, sealSha256?: string | null, materials?: Array<string> | null, outcome?: ReconsiderationOutcome | null, hash: string, actor?: { name: string } | null, actorAgency?: { id: string, name: string } | null, documents?: Array<{ kind: DocumentKind, sha256: string }> | null, receivingAgency?: { name: string } | null }>, penalties?: Array<{ id: string, decisionNumber: string, amountYuan: string, decidedOn: string, partyKind: PartyKind, partyName: string, eventSeq: number }> | null } | null, verifyTimeline?: { ok: boolean, events: number, brokenAt?: { seq: number, reason: string } | null } | null };

export type CaseDossierQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CaseDossierQuery = { case?: { id: string, dossier?: { id: string, version: number, sealed: boolean, requiredMaterials: Array<DocumentKind>, missingMaterials: Array<DocumentKind>, documents?: Array<{ id: string, withheld: boolean, kind?: DocumentKind | null, title?: string | null, sha256?: string | null, sizeBytes?: number | null, mediaType?: string | null, sensitivity?: DocumentSensitivity | null, contentPath?: string | null, addedInVersion?: number | null, createdAt?: string | null, createdByAgency?: { name: string } | null, replaces?: { id: string, title?: string | null } | null }> | null, versions?: { nodes: Array<{ number: number, change: DossierChange, createdAt: string, reason?: string | null, createdByOfficer?: { name: string } | null, document?: { id: string, kind?: DocumentKind | null, title?: string | null, sha256?: string | null } | null }> } | null, seals?: Array<{ id: string, dossierVersion: number, sealedAt: string, jws: string, jwsSha256: string, withheldDocuments: number, sealedByOfficer?: { name: string } | null, documents: Array<{ id: string, kind: DocumentKind, sha256: string }> }> | null, handovers?: Array<{ id: string, dossierVersion: number, handedOverAt: string, acknowledgedAt?: string | null, receipt?: string | null, fromAgency: { name: string }, toAgency: { name: string }, handedOverByOfficer?: { name: string } | null, acknowledgedByOfficer?: { name: string } | null, documents: Array<{ kind?: DocumentKind | null, sha256?: string | null, withheld: boolean }> }> | null } | null } | null };

export type CaseWarningsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CaseWarningsQuery = { case?: { id: string, warnings: Array<{ id: string, code: string, title: string, article: string, level: WarningLevel, levelName: string, step: WarningStep, responsible: CaseRelation, reason?: string | null, raisedAt: string, replyDueAt?: string | null, escalations: number, endedAt?: string | null, responsibleAgency?: { id: string, name: string } | null, timeline: Array<{ seq: number, action: WarningAction, occurredAt: string, bySystem: boolean, note?: string | null, actor?: { name: string } | null, actorAgency?: { name: string } | null }>, notices: Array<{ id: string, recipient: WarningRecipient, divisionCode?: string | null, sentAt: string, acknowledgeDueAt?: string | null, agency?: { name: string } | null, acknowledgement?: { acknowledgedAt: string, officer?: { name: string } | null } | null }> }> } | null };

export type HandoverCheckQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type HandoverCheckQuery = { handover?: { id: string, verify?: { intact?: boolean | null, checkedAt?: string | null, documents?: Array<{ status?: IntegrityStatus | null, document?: { title?: string | null } | null }> | null } | null } | null };

export type CaseAccessQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CaseAccessQuery = { case?: { id: string, accessRecords?: { nodes: Array<{ readAt: string, declaredPurpose?: AccessPurpose | null, fields: Array<string>, unmaskedFields: Array<string>, reader: { id: string, name: string }, agency?: { id: string, name: string } | null }> } | null, dossier?: { id: string, accessRecords?: { nodes: Array<{ readAt: string, declaredPurpose?: AccessPurpose | null, fields: Array<string>, unmaskedFields: Array<string>, reader: { id: string, name: string }, agency?: { id: string, name: string } | null }> } | null } | null } | null };

export type PoliceUnitsQueryVariables = Exact<{
  divisionCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type PoliceUnitsQuery = { agencies?: { nodes: Array<{ id: string, name: string, divisionCode: string }> } | null };

export type InboxCaseFragment = { id: string, number: string, title: string, stage: CaseStage, availableSteps: Array<WorkflowStep>, handlingAgency: { name: string }, deadlines: Array<{ clock: DeadlineClock, dueAt: string, remainingSeconds?: number | null, overdue: boolean, responsible: CaseRelation }> };

export type InboxQueryVariables = Exact<{ [key: string]: never; }>;


export type InboxQuery = { transferred?: { nodes: Array<{ id: string, number: string, title: string, stage: CaseStage, availableSteps: Array<WorkflowStep>, handlingAgency: { name: string }, deadlines: Array<{ clock: DeadlineClock, dueAt: string, remainingSeconds?: number | null, overdue: boolean, responsible: CaseRelation }> }> } | null, forwarded?: { nodes: Array<{ id: string, number: string, title: string, stage: CaseStage, availableSteps: Array<WorkflowStep>, handlingAgency: { name: string }, deadlines: Array<{ clock: DeadlineClock, dueAt: string, remainingSeconds?: number | null, overdue: boolean, responsible: CaseRelation }> }> } | null, materials?: { nodes: Array<{ id: string, number: string, title: string, stage: CaseStage, availableSteps: Array<WorkflowStep>, handlingAgency: { name: string }, deadlines: Array<{ clock: DeadlineClock, dueAt: string, remainingSeconds?: number | null, overdue: boolean, responsible: CaseRelation }> }> } | null, mine?: { nodes: Array<{ id: string, number: string, title: string, stage: CaseStage, availableSteps: Array<WorkflowStep>, handlingAgency: { name: string }, deadlines: Array<{ clock: DeadlineClock, dueAt: string, remainingSeconds?: number | null, overdue: boolean, responsible: CaseRelation }> }> } | null, notices?: { nodes: Array<{ id: string, recipient: WarningRecipient, sentAt: string, acknowledgeDueAt?: string | null, document?: { title: string, text: string, sha256: string } | null, warning?: { id: string, code: string, title: string, level: WarningLevel, levelName: string, case?: { id: string, number: string } | null } | null }> } | null, warnings?: { nodes: Array<{ id: string, code: string, title: string, level: WarningLevel, levelName: string, step: WarningStep, replyDueAt?: string | null, raisedAt: string, responsibleAgency?: { name: string } | null, case?: { id: string, number: string, title: string } | null }> } | null, handovers?: { nodes: Array<{ id: string, handedOverAt: string, fromAgency: { name: string }, dossier?: { id: string, case: { id: string, number: string } } | null }> } | null };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me?: { id: string, login: string, name: string, roles: Array<Role>, agency: { id: string, name: string, kind: AgencyKind, sector?: Sector | null, divisionCode: string, division: { code: string, name: string, level: DivisionLevel }, officersConnection?: { nodes: Array<{ id: string, name: string, roles: Array<Role> }> } | null } } | null };

export type StatisticsQueryVariables = Exact<{
  groupBy?: InputMaybe<Array<StatisticsDimension> | StatisticsDimension>;
  divisionLevel?: InputMaybe<StatisticsDivisionLevel>;
  period?: InputMaybe<StatisticsPeriod>;
  filter?: InputMaybe<StatisticsFilter>;
}>;


export type StatisticsQuery = { caseStatistics?: { groupBy: Array<StatisticsDimension>, minimumCellSize?: number | null, suppressedGroups: number, window?: { from?: string | null, to: string } | null, groups: Array<{ sector?: Sector | null, divisionCode?: string | null, period?: string | null, suppressed: boolean, cases?: number | null, transferred?: number | null, filed?: number | null, notFiled?: number | null, filingRate?: number | null, openRedWarnings?: number | null, openYellowWarnings?: number | null }>, total: { suppressed: boolean, cases?: number | null, transferred?: number | null, filed?: number | null, notFiled?: number | null, filingRate?: number | null } } | null };

export type StatisticsStepsQueryVariables = Exact<{
  steps?: InputMaybe<Array<DeadlineClock> | DeadlineClock>;
}>;


export type StatisticsStepsQuery = { caseStatistics?: { total: { suppressed: boolean, steps?: Array<{ step: DeadlineClock, started: number, met: number, medianHours?: number | null, p90Hours?: number | null, overdue: number, overdueRate?: number | null }> | null } } | null };

export type AcknowledgeNoticeMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AcknowledgeNoticeMutation = { acknowledgeNotice?: { id: string, acknowledgement?: { acknowledgedAt: string } | null } | null };

export type HandleWarningMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: WarningStepInput;
}>;


export type HandleWarningMutation = { handleWarning?: { id: string, step: WarningStep } | null };

export type ReplyToWarningMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: WarningStepInput;
}>;


export type ReplyToWarningMutation = { replyToWarning?: { id: string, step: WarningStep } | null };

export type CloseWarningMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input?: InputMaybe<WarningStepInput>;
}>;


export type CloseWarningMutation = { closeWarning?: { id: string, step: WarningStep } | null };

export type ReopenWarningMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: WarningStepInput;
}>;


export type ReopenWarningMutation = { reopenWarning?: { id: string, step: WarningStep } | null };

export type AcknowledgeHandoverMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AcknowledgeHandoverMutation = { acknowledgeHandover?: { id: string, acknowledgedAt?: string | null } | null };

export type StepOutcomeFragment = { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null };

export type CreateCaseMutationVariables = Exact<{
  input: CreateCaseInput;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type CreateCaseMutation = { createCase?: { id: string, number: string } | null };

export type OpenDossierMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  scopeStatement: Scalars['String']['input'];
}>;


export type OpenDossierMutation = { openDossier?: { id: string } | null };

export type SealTransferPackageMutationVariables = Exact<{
  dossierId: Scalars['ID']['input'];
}>;


export type SealTransferPackageMutation = { sealTransferPackage?: { id: string, jws: string, jwsSha256: string } | null };

export type WithdrawDocumentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
}>;


export type WithdrawDocumentMutation = { withdrawDocument?: { id: string } | null };

export type SubmitForApprovalMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: SubmitForApprovalInput;
}>;


export type SubmitForApprovalMutation = { submitForApproval?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type TransferCaseMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: TransferCaseInput;
}>;


export type TransferCaseMutation = { transferCase?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type ForwardCaseMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: ForwardCaseInput;
}>;


export type ForwardCaseMutation = { forwardCase?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RequestMaterialsMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: RequestMaterialsInput;
}>;


export type RequestMaterialsMutation = { requestMaterials?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type DecideReconsiderationMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: DecideReconsiderationInput;
}>;


export type DecideReconsiderationMutation = { decideReconsideration?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type ApproveTransferMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
}>;


export type ApproveTransferMutation = { approveTransfer?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RefuseTransferMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type RefuseTransferMutation = { refuseTransfer?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type AcknowledgeReceiptMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
}>;


export type AcknowledgeReceiptMutation = { acknowledgeReceipt?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type SupplementMaterialsMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type SupplementMaterialsMutation = { supplementMaterials?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type FileCaseMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
}>;


export type FileCaseMutation = { fileCase?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type DeclineToFileMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type DeclineToFileMutation = { declineToFile?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type HandOverGoodsMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type HandOverGoodsMutation = { handOverGoods?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type ReportGoodsMissingMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type ReportGoodsMissingMutation = { reportGoodsMissing?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RequestReconsiderationMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type RequestReconsiderationMutation = { requestReconsideration?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RequestFilingSupervisionMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type RequestFilingSupervisionMutation = { requestFilingSupervision?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RequestNonFilingReasonsMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type RequestNonFilingReasonsMutation = { requestNonFilingReasons?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type AnswerNonFilingReasonsMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type AnswerNonFilingReasonsMutation = { answerNonFilingReasons?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type AcceptNonFilingReasonsMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type AcceptNonFilingReasonsMutation = { acceptNonFilingReasons?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type NotifyFilingMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type NotifyFilingMutation = { notifyFiling?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type IssueCorrectionOpinionMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type IssueCorrectionOpinionMutation = { issueCorrectionOpinion?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type IssueCorrectionNoticeMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type IssueCorrectionNoticeMutation = { issueCorrectionNotice?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type EscalateSupervisionMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type EscalateSupervisionMutation = { escalateSupervision?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type ConsultHigherPoliceMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type ConsultHigherPoliceMutation = { consultHigherPolice?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type AdviseTransferMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type AdviseTransferMutation = { adviseTransfer?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type DecideNotToProsecuteMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type DecideNotToProsecuteMutation = { decideNotToProsecute?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type HandOffReverseMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
}>;


export type HandOffReverseMutation = { handOffReverse?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type SuspendReverseReviewMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type SuspendReverseReviewMutation = { suspendReverseReview?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type ResumeReverseReviewMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
}>;


export type ResumeReverseReviewMutation = { resumeReverseReview?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type CloseReverseReviewMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: StepInput;
}>;


export type CloseReverseReviewMutation = { closeReverseReview?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type DocumentStatementQueryVariables = Exact<{
  caseId: Scalars['ID']['input'];
}>;


export type DocumentStatementQuery = { case?: { id: string, dossier?: { id: string, documentStatement?: string | null } | null } | null };

export type ImposeAdministrativePenaltyMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: PenaltyStepInput;
}>;


export type ImposeAdministrativePenaltyMutation = { imposeAdministrativePenalty?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RecordPenaltyMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: PenaltyStepInput;
}>;


export type RecordPenaltyMutation = { recordPenalty?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type IssueProcuratorialOpinionMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: IssueOpinionInput;
}>;


export type IssueProcuratorialOpinionMutation = { issueProcuratorialOpinion?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type ReplyToOpinionMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: ReplyToOpinionInput;
}>;


export type ReplyToOpinionMutation = { replyToOpinion?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RecordCorrectionMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: CorrectionInput;
}>;


export type RecordCorrectionMutation = { recordCorrection?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type MarkSecretMaterialMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input?: InputMaybe<StepInput>;
}>;


export type MarkSecretMaterialMutation = { markSecretMaterial?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export type RecordInformantMutationVariables = Exact<{
  caseId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  input: RecordInformantInput;
}>;


export type RecordInformantMutation = { recordInformant?: { replayed: boolean, event?: { seq: number, step: WorkflowStep, toStage: CaseStage } | null, case?: { id: string, stage: CaseStage, status: CaseStatus } | null } | null };

export const WarningDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WarningDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Warning"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"article"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"levelName"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"responsible"}},{"kind":"Field","name":{"kind":"Name","value":"responsibleAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"replyDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"escalations"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"bySystem"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"actorAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"notices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"divisionCode"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgeDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"officer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WarningDetailFragment, unknown>;
export const InboxCaseFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboxCase"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Case"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"handlingAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"availableSteps"}},{"kind":"Field","name":{"kind":"Name","value":"deadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clock"}},{"kind":"Field","name":{"kind":"Name","value":"dueAt"}},{"kind":"Field","name":{"kind":"Name","value":"remainingSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"responsible"}}]}}]}}]} as unknown as DocumentNode<InboxCaseFragment, unknown>;
export const StepOutcomeFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StepOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StepResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"toStage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<StepOutcomeFragment, unknown>;
export const BoardDocument = {"__meta__":{"hash":"ec3909bf020a4271d6659d86cbccec5240ba0c01612e3084011aa54c09828e26"}} as unknown as DocumentNode<BoardQuery, BoardQueryVariables>;
export const DivisionsDocument = {"__meta__":{"hash":"37855d05f82c86ca5e0ef9ee52194cc33430954fae32bec68eb19a20f8bebf7a"}} as unknown as DocumentNode<DivisionsQuery, DivisionsQueryVariables>;
export const WarningListDocument = {"__meta__":{"hash":"6613ecf84bccc2ccd6390b05bd8a06bc5b91cee9f3686588f9187223608c5bbf"}} as unknown as DocumentNode<WarningListQuery, WarningListQueryVariables>;
export const CaseDetailDocument = {"__meta__":{"hash":"3f9ddbca8a57563455040c5f1b2d6ff49be6b44872b126a4f1e42ae02cfec997"}} as unknown as DocumentNode<CaseDetailQuery, CaseDetailQueryVariables>;
export const CaseDossierDocument = {"__meta__":{"hash":"4b626bec7732ff5b205976245f44e776cccfdfc76cab5576f23be2f84f7875d9"}} as unknown as DocumentNode<CaseDossierQuery, CaseDossierQueryVariables>;
export const CaseWarningsDocument = {"__meta__":{"hash":"3cf5ec6626aa3e16c3d0be68e22a02b30dc43f354f8d53d44d1b8ccc16702197"}} as unknown as DocumentNode<CaseWarningsQuery, CaseWarningsQueryVariables>;
export const HandoverCheckDocument = {"__meta__":{"hash":"b1175ef3d870801c37167599b92f6a382e71da456faa18ad723c8c9fb2b83618"}} as unknown as DocumentNode<HandoverCheckQuery, HandoverCheckQueryVariables>;
export const CaseAccessDocument = {"__meta__":{"hash":"ec2c088f595cd9850b1c64a5e34816631915a1a2b01add5206cd440f38caf436"}} as unknown as DocumentNode<CaseAccessQuery, CaseAccessQueryVariables>;
export const PoliceUnitsDocument = {"__meta__":{"hash":"1122aedfa8affc16ae652f85c2abd0e29929a9a7de8bfa135554e2376e095c7f"}} as unknown as DocumentNode<PoliceUnitsQuery, PoliceUnitsQueryVariables>;
export const InboxDocument = {"__meta__":{"hash":"2240e7d284812b46a360164285ddb5c3e96809aec5b45f2dbdd44ecd94e7064b"}} as unknown as DocumentNode<InboxQuery, InboxQueryVariables>;
export const MeDocument = {"__meta__":{"hash":"32bd105a9f32f16939033c38aff85d482e5ac112b232ffcccf8b577f39694645"}} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const StatisticsDocument = {"__meta__":{"hash":"72aaba7234bfb1b1234dadcdb14db5bee48fb0d12bc202af6a82c0971f9a39ac"}} as unknown as DocumentNode<StatisticsQuery, StatisticsQueryVariables>;
export const StatisticsStepsDocument = {"__meta__":{"hash":"c8ea9cd8123a90639fa886a43f86bbe86ed84c473f2e5ec84e2af090fc3cb31e"}} as unknown as DocumentNode<StatisticsStepsQuery, StatisticsStepsQueryVariables>;
export const AcknowledgeNoticeDocument = {"__meta__":{"hash":"f12bdc6590900e48f06246671f1058d4e91a8e093e85d5c26f74dffcee3bae39"}} as unknown as DocumentNode<AcknowledgeNoticeMutation, AcknowledgeNoticeMutationVariables>;
export const HandleWarningDocument = {"__meta__":{"hash":"e76e41ef0725217095acd98c81d20d7593e531eabd6589d595f4405d74ad68fb"}} as unknown as DocumentNode<HandleWarningMutation, HandleWarningMutationVariables>;
export const ReplyToWarningDocument = {"__meta__":{"hash":"7eaeb159b7499aaf4eed4c73fb1725184fb2f16a4ab8d372fac574d15e1605eb"}} as unknown as DocumentNode<ReplyToWarningMutation, ReplyToWarningMutationVariables>;
export const CloseWarningDocument = {"__meta__":{"hash":"58be86300a124d5bb176c342f43f55d96df4471fef2180dfa871ebdfca32a68a"}} as unknown as DocumentNode<CloseWarningMutation, CloseWarningMutationVariables>;
export const ReopenWarningDocument = {"__meta__":{"hash":"7f2b729bcf11632d616bfa1d6104a667ac24508eb2e8d7545581519b13b02201"}} as unknown as DocumentNode<ReopenWarningMutation, ReopenWarningMutationVariables>;
export const AcknowledgeHandoverDocument = {"__meta__":{"hash":"2c954b106ab5f78eabdd59c0d39d7e7940ecbb96aab53ea6964c3e504b27accf"}} as unknown as DocumentNode<AcknowledgeHandoverMutation, AcknowledgeHandoverMutationVariables>;
export const CreateCaseDocument = {"__meta__":{"hash":"a9baf18e8c687d1258f9c789cd2e371ccb2edb890b14e27cf59144088b6d7d09"}} as unknown as DocumentNode<CreateCaseMutation, CreateCaseMutationVariables>;
export const OpenDossierDocument = {"__meta__":{"hash":"880b63f45b662ad16a60a66136bc845aa92f1a70d30545cc2a628eea457de179"}} as unknown as DocumentNode<OpenDossierMutation, OpenDossierMutationVariables>;
export const SealTransferPackageDocument = {"__meta__":{"hash":"b217e585b9e572bbb2511ad33cfbf77e454c6f00c6f9161d336273bc2e01c77c"}} as unknown as DocumentNode<SealTransferPackageMutation, SealTransferPackageMutationVariables>;
export const WithdrawDocumentDocument = {"__meta__":{"hash":"601c8ff4a03ef0f8ff2bddc5064f5e912c52577a27d5cef86c78d17386732b19"}} as unknown as DocumentNode<WithdrawDocumentMutation, WithdrawDocumentMutationVariables>;
export const SubmitForApprovalDocument = {"__meta__":{"hash":"1799cd6610477506f5ad4ba0d186a5871299f60d5e1e15a4a06ab45c23950df8"}} as unknown as DocumentNode<SubmitForApprovalMutation, SubmitForApprovalMutationVariables>;
export const TransferCaseDocument = {"__meta__":{"hash":"0e01c96d566b158800e36743ad2ed8d5e0c8b93f3f4f029604d31da51bab4dc3"}} as unknown as DocumentNode<TransferCaseMutation, TransferCaseMutationVariables>;
export const ForwardCaseDocument = {"__meta__":{"hash":"71ec78b4a53d15e6f48bf2815b63db0517fb6172751a0acd70469bb16a0d5124"}} as unknown as DocumentNode<ForwardCaseMutation, ForwardCaseMutationVariables>;
export const RequestMaterialsDocument = {"__meta__":{"hash":"66cf544341532afc44024ff5863b9b658af2084489a6683eb8470044a6e823d7"}} as unknown as DocumentNode<RequestMaterialsMutation, RequestMaterialsMutationVariables>;
export const DecideReconsiderationDocument = {"__meta__":{"hash":"224c04274b9522fe10afc11b95468b0e6635d2cbaf929eeb8e7f44471570c4f2"}} as unknown as DocumentNode<DecideReconsiderationMutation, DecideReconsiderationMutationVariables>;
export const ApproveTransferDocument = {"__meta__":{"hash":"7a8898bb53112b4bbd339ef60f39dbbcbe4d076d1064de6aa804f2de096c5b56"}} as unknown as DocumentNode<ApproveTransferMutation, ApproveTransferMutationVariables>;
export const RefuseTransferDocument = {"__meta__":{"hash":"93984987c0d12e7202d88f40045a89f98f41c82830d51f8a53d77604cfc74c3b"}} as unknown as DocumentNode<RefuseTransferMutation, RefuseTransferMutationVariables>;
export const AcknowledgeReceiptDocument = {"__meta__":{"hash":"ed1adcb1d1d9d67ad35fc8d7cb8c2790a828f4dc866f8262c668520a80402ebe"}} as unknown as DocumentNode<AcknowledgeReceiptMutation, AcknowledgeReceiptMutationVariables>;
export const SupplementMaterialsDocument = {"__meta__":{"hash":"4b29ad4670dee5cde0c6611bdb86bdb8c1459e7c65d25468b2bf419dd97e7358"}} as unknown as DocumentNode<SupplementMaterialsMutation, SupplementMaterialsMutationVariables>;
export const FileCaseDocument = {"__meta__":{"hash":"d90b14daac9c52b4511eaa3b5a2f0ec8c2a93fe08e28cae44ca2654fe18951e8"}} as unknown as DocumentNode<FileCaseMutation, FileCaseMutationVariables>;
export const DeclineToFileDocument = {"__meta__":{"hash":"538fefebb67c1ce374419e038a9c6c1d530a04618758b73a5273d9976ab9e9a4"}} as unknown as DocumentNode<DeclineToFileMutation, DeclineToFileMutationVariables>;
export const HandOverGoodsDocument = {"__meta__":{"hash":"dade7b0ea150abd469a4f9a416e0a57bd5ddb4aea305fefc66a752c35518d11e"}} as unknown as DocumentNode<HandOverGoodsMutation, HandOverGoodsMutationVariables>;
export const ReportGoodsMissingDocument = {"__meta__":{"hash":"2a076704791e14131ddbaaf9b770acf39e57887db138f1487a68f8e39cd87b0e"}} as unknown as DocumentNode<ReportGoodsMissingMutation, ReportGoodsMissingMutationVariables>;
export const RequestReconsiderationDocument = {"__meta__":{"hash":"f8ba9b91756481a9b568553af3451fb22c0151633723b391c622b2187792e8fe"}} as unknown as DocumentNode<RequestReconsiderationMutation, RequestReconsiderationMutationVariables>;
export const RequestFilingSupervisionDocument = {"__meta__":{"hash":"c4d1213f47667a209d9221cd6a99acbf2ea36d7f9d9a16adbba3cea9618382ec"}} as unknown as DocumentNode<RequestFilingSupervisionMutation, RequestFilingSupervisionMutationVariables>;
export const RequestNonFilingReasonsDocument = {"__meta__":{"hash":"121b7c6b6d0141d93d3ac69037a39fba7ab6db24d05f73913d52309dc13a9a6b"}} as unknown as DocumentNode<RequestNonFilingReasonsMutation, RequestNonFilingReasonsMutationVariables>;
export const AnswerNonFilingReasonsDocument = {"__meta__":{"hash":"68da9920d97e32f18c9a6700ebb772133202ecd33ab2beb0edebbfcddbd41205"}} as unknown as DocumentNode<AnswerNonFilingReasonsMutation, AnswerNonFilingReasonsMutationVariables>;
export const AcceptNonFilingReasonsDocument = {"__meta__":{"hash":"ea6863e9bfd045209542e8ae58e28b4d37f80f8259689d5910f1361ad37c21c4"}} as unknown as DocumentNode<AcceptNonFilingReasonsMutation, AcceptNonFilingReasonsMutationVariables>;
export const NotifyFilingDocument = {"__meta__":{"hash":"f66bdcc456af86151f6a3d619207118bc47bad5bce601685a30c6905ef88c11c"}} as unknown as DocumentNode<NotifyFilingMutation, NotifyFilingMutationVariables>;
export const IssueCorrectionOpinionDocument = {"__meta__":{"hash":"785a4e45e9fdd69aeb7b2bbcefaf91b5322f9a4de73a8d6e4d4053945e1c5d3a"}} as unknown as DocumentNode<IssueCorrectionOpinionMutation, IssueCorrectionOpinionMutationVariables>;
export const IssueCorrectionNoticeDocument = {"__meta__":{"hash":"3644320ccd9b76ef5f3a634ab47e6a9092739f49a9de89b1899740bfaa45214f"}} as unknown as DocumentNode<IssueCorrectionNoticeMutation, IssueCorrectionNoticeMutationVariables>;
export const EscalateSupervisionDocument = {"__meta__":{"hash":"fb8e097a8528ce06cd1092521e6b7b69b6a143620ecc11e87a5df524d117e183"}} as unknown as DocumentNode<EscalateSupervisionMutation, EscalateSupervisionMutationVariables>;
export const ConsultHigherPoliceDocument = {"__meta__":{"hash":"91b242992ae0b24ec4d100aff98197aa66778d82bcb16712e2dea18efc755aa2"}} as unknown as DocumentNode<ConsultHigherPoliceMutation, ConsultHigherPoliceMutationVariables>;
export const AdviseTransferDocument = {"__meta__":{"hash":"b796bfe6b195ed0402358b639f89e4db0d7dfabe44e9e322898f8d937071417c"}} as unknown as DocumentNode<AdviseTransferMutation, AdviseTransferMutationVariables>;
export const DecideNotToProsecuteDocument = {"__meta__":{"hash":"ed0ec2ab9b424c4ebd84fee6162184ecb3e4e6fbc4b43ff5b75fd9e245a73843"}} as unknown as DocumentNode<DecideNotToProsecuteMutation, DecideNotToProsecuteMutationVariables>;
export const HandOffReverseDocument = {"__meta__":{"hash":"3693467c60fee6bde1e565209170a8920f19d202ea8ffb680535ec0e904fdd29"}} as unknown as DocumentNode<HandOffReverseMutation, HandOffReverseMutationVariables>;
export const SuspendReverseReviewDocument = {"__meta__":{"hash":"413120a6d16ba1a47eda4383694ec8fb621457d542b8ccb282153c3b9ec3d472"}} as unknown as DocumentNode<SuspendReverseReviewMutation, SuspendReverseReviewMutationVariables>;
export const ResumeReverseReviewDocument = {"__meta__":{"hash":"ce524b85b190f104ee660e850369905921ce3bc8908fd3d539486f808ebd93e0"}} as unknown as DocumentNode<ResumeReverseReviewMutation, ResumeReverseReviewMutationVariables>;
export const CloseReverseReviewDocument = {"__meta__":{"hash":"95cd904402e9e881a8e705359f5efd07c4f96dd5c247d5c7d9e18ffe318ba5a6"}} as unknown as DocumentNode<CloseReverseReviewMutation, CloseReverseReviewMutationVariables>;
export const DocumentStatementDocument = {"__meta__":{"hash":"73d85e40e9084ab1940f2cc63c92bbabaaa746ab0dad836843585c91914debfe"}} as unknown as DocumentNode<DocumentStatementQuery, DocumentStatementQueryVariables>;
export const ImposeAdministrativePenaltyDocument = {"__meta__":{"hash":"221d42d8e54b38f105322c893bd8b3f48639677bc54c34591fb051d502c13bd8"}} as unknown as DocumentNode<ImposeAdministrativePenaltyMutation, ImposeAdministrativePenaltyMutationVariables>;
export const RecordPenaltyDocument = {"__meta__":{"hash":"cd9c470fadd663c8d6d3a7488628998c9d715aa0a1c231c011e56cc38435f139"}} as unknown as DocumentNode<RecordPenaltyMutation, RecordPenaltyMutationVariables>;
export const IssueProcuratorialOpinionDocument = {"__meta__":{"hash":"8850c55a51262fb17ce46bea19c2d8da6f2ec8e269fbede42202bbc7d1cf45ba"}} as unknown as DocumentNode<IssueProcuratorialOpinionMutation, IssueProcuratorialOpinionMutationVariables>;
export const ReplyToOpinionDocument = {"__meta__":{"hash":"c3c2116f0e0f3fa6215d20ab211953ee99c2cb3dd487a57282091f67e0a7eba9"}} as unknown as DocumentNode<ReplyToOpinionMutation, ReplyToOpinionMutationVariables>;
export const RecordCorrectionDocument = {"__meta__":{"hash":"d1aaa51f14907c08a8983914adffec45e8dead9cb4ef1c5a6aa0b831194ebf81"}} as unknown as DocumentNode<RecordCorrectionMutation, RecordCorrectionMutationVariables>;
export const MarkSecretMaterialDocument = {"__meta__":{"hash":"a271f0822214c83e779526f05d902f14288354996bb0c37af38c7d0fbf3b2b78"}} as unknown as DocumentNode<MarkSecretMaterialMutation, MarkSecretMaterialMutationVariables>;
export const RecordInformantDocument = {"__meta__":{"hash":"7d03f519c93e1ab7934fc8e7348e9fcf67ce818918c8b00b9c6cbccf083f866a"}} as unknown as DocumentNode<RecordInformantMutation, RecordInformantMutationVariables>;