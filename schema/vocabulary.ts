/**
 * The graph's shared vocabulary: one list of literals for each term that more than one
 * subgraph, the gateway or a policy rule speaks. Add a new value here first, then to the
 * GraphQL enum that mirrors it (a test checks that each SDL enum equals its list).
 * Source of every term: shared/domain.md.
 */

/** Agency kinds (parties to the linkage flow). */
export const AGENCY_KINDS = [
  'ADMINISTRATIVE', // 行政执法机关
  'PUBLIC_SECURITY', // 公安机关
  'PROCURATORATE', // 人民检察院
  'JUSTICE_ADMIN', // 司法行政
  'POLITICAL_LEGAL', // 政法委
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Enforcement sectors of administrative agencies. */
export const SECTORS = [
  'MARKET_SUPERVISION',
  'ECOLOGY_ENVIRONMENT',
  'EMERGENCY_MANAGEMENT',
  'NATURAL_RESOURCES',
  'TAX',
  'CUSTOMS',
  'AGRICULTURE',
  'CULTURE_TOURISM',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Officer roles. */
export const ROLES = [
  'CASE_OFFICER', // 承办人
  'APPROVER', // 负责人
  'SUPERVISOR', // 监督员
  'ANALYST', // statistics only
  'ADMIN', // agency administration
] as const;
export type Role = (typeof ROLES)[number];

/** Declared purposes of a request (header x-access-purpose). */
export const PURPOSES = ['CASE_HANDLING', 'SUPERVISION', 'STATISTICS', 'ADMINISTRATION'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Data sensitivity classes (C5 state secrets are never stored, so not listed). */
export const SENSITIVITY_CLASSES = ['C0', 'C1', 'C2', 'C3', 'C4'] as const;
export type SensitivityClass = (typeof SENSITIVITY_CLASSES)[number];

/** States of a linkage case (forward linkage, Decree 310; reverse linkage). */
export const CASE_STATUSES = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'NOT_APPROVED',
  'TRANSFERRED',
  'RECEIVED',
  'FORWARDED',
  'MATERIALS_REQUESTED',
  'FILED',
  'NOT_FILED',
  'GOODS_HANDED_OVER',
  'RECONSIDERATION_REQUESTED',
  'SUPERVISION_REQUESTED',
  'ADMINISTRATIVE_PENALTY',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Kinds of party (当事人). */
export const PARTY_KINDS = ['PERSON', 'COMPANY'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** Kinds of dossier document: transfer package materials (Decree 310 art. 6), process documents, evidence. */
export const DOCUMENT_KINDS = [
  'TRANSFER_LETTER', // 移送书
  'INVESTIGATION_REPORT', // 调查报告
  'SEIZED_ITEMS_LIST', // 涉案物品清单
  'INSPECTION_REPORT', // 检验报告 / 鉴定结论
  'OTHER_MATERIAL',
  'TRANSFER_REPORT', // 移送审批报告
  'APPROVAL_DECISION',
  'RECEIPT', // 回执
  'FORWARD_NOTICE',
  'FILING_NOTICE',
  'NON_FILING_NOTICE',
  'RECONSIDERATION_REQUEST',
  'RECONSIDERATION_DECISION',
  'SUPERVISION_REQUEST',
  'HANDOVER_LIST',
  'PROCURATORATE_NOTICE',
  'PROCURATORIAL_OPINION',
  'AGENCY_REPLY',
  'INTERVIEW_RECORD', // 笔录
  'INSPECTION_RECORD',
  'AUDIO_VIDEO',
  'ELECTRONIC_DATA',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
