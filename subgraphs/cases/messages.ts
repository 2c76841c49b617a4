import type { Role, Sector } from '../../schema/vocabulary';
import type { Relation } from '../kit/access';
import { appError, type ErrorCode } from '../kit/errors';
import type { ClockName } from './deadlines/clocks';
import type { LoopAction } from './warnings/loop';
import type { LoopStep } from './warnings/tables';
import type { Stage } from './workflow/stages';
import type { Condition, Requirement, TableAction } from './workflow/transitions';

/**
 * The refusals a case officer reads, in Chinese: the workflow's and the warning loop's CONFLICT,
 * FORBIDDEN and BAD_USER_INPUT. `message` is the Chinese text, `extensions.messageEn` the English
 * one, `extensions.code` (and `field`, `currentStage` …) stay for machines. Kit-level and gateway
 * errors (UNAUTHENTICATED, limits, NOT_FOUND) stay English: developers read them.
 * The tables are `Record`s over the English names: a stage or verb without its Chinese name does not compile.
 */

/** A refusal: Chinese message, English text in `extensions.messageEn`, the code and other extensions unchanged. */
export function refusal(code: ErrorCode, zh: string, en: string, extensions: Record<string, unknown> = {}) {
  return appError(code, zh, { ...extensions, messageEn: en });
}

/** BAD_USER_INPUT naming the field (`extensions.field`); the English text keeps the kit's `field: message` form. */
export const refuseInput = (field: string, zh: string, en: string) => refusal('BAD_USER_INPUT', zh, `${field}: ${en}`, { field });

export const STAGE_ZH: Record<Stage, string> = {
  DRAFT: '草拟中',
  PENDING_APPROVAL: '审批中',
  APPROVED: '已批准移送',
  NOT_APPROVED: '未批准移送',
  TRANSFERRED: '已移送',
  FORWARDED: '已转送',
  RECEIVED: '已受理',
  MATERIALS_REQUESTED: '补正材料中',
  FILED: '已立案',
  GOODS_HANDED_OVER: '涉案物品已移交',
  GOODS_REPORTED_MISSING: '涉案物品报告缺失',
  NOT_FILED: '不予立案',
  RECONSIDERATION_REQUESTED: '复议中',
  RECONSIDERATION_UPHELD: '复议维持不予立案',
  SUPERVISION_REQUESTED: '已提请立案监督',
  NON_FILING_REASONS_REQUESTED: '已要求说明不立案理由',
  NON_FILING_REASONS_ANSWERED: '已说明不立案理由',
  CORRECTION_OPINION_ISSUED: '已提出纠正意见',
  FILING_NOTIFIED: '已通知立案',
  CORRECTION_NOTICE_ISSUED: '已发出纠正违法通知书',
  SUPERVISION_ESCALATED: '已报上一级人民检察院',
  NON_FILING_CONFIRMED: '不立案理由成立',
  ADMINISTRATIVE_PENALTY: '行政处罚',
  NOT_PROSECUTED: '不起诉',
  REVERSE_REVIEW: '反向衔接审查中',
  REVERSE_REVIEW_SUSPENDED: '反向衔接审查中止',
  REVERSE_REVIEW_CLOSED: '反向衔接审查终结',
  OPINION_ISSUED: '已制发检察意见书',
  OPINION_REPLIED: '已书面回复检察意见',
};

export const ACTION_ZH: Record<TableAction, string> = {
  submitForApproval: '提交移送审批',
  approveTransfer: '批准移送',
  refuseTransfer: '不批准移送',
  transferCase: '移送案件',
  acknowledgeReceipt: '签收回执',
  forwardCase: '转送有管辖权的机关',
  requestMaterials: '要求补正材料',
  supplementMaterials: '补正材料',
  fileCase: '立案',
  declineToFile: '不予立案',
  handOverGoods: '移交涉案物品',
  reportGoodsMissing: '报告涉案物品缺失',
  requestReconsideration: '申请复议',
  decideReconsideration: '作出复议决定',
  requestFilingSupervision: '提请立案监督',
  imposeAdministrativePenalty: '作出行政处罚',
  recordPenalty: '登记行政处罚决定',
  requestNonFilingReasons: '要求说明不立案理由',
  answerNonFilingReasons: '说明不立案理由',
  acceptNonFilingReasons: '认可不立案理由',
  notifyFiling: '通知立案',
  issueCorrectionOpinion: '提出纠正意见',
  issueCorrectionNotice: '发出纠正违法通知书',
  escalateSupervision: '报上一级人民检察院',
  consultHigherPolice: '协商同级公安机关处理',
  adviseTransfer: '建议移送',
  decideNotToProsecute: '作出不起诉决定',
  handOffReverse: '内部移交反向衔接案件',
  suspendReverseReview: '中止反向衔接审查',
  resumeReverseReview: '恢复反向衔接审查',
  closeReverseReview: '终结反向衔接审查',
  issueProcuratorialOpinion: '制发检察意见书',
  replyToOpinion: '书面回复检察意见',
  recordCorrection: '更正记录',
  markSecretMaterial: '登记涉密材料标记',
  recordInformant: '登记举报人',
};

export const ROLE_ZH: Record<Role, string> = {
  CASE_OFFICER: '承办人',
  APPROVER: '负责人',
  SUPERVISOR: '监督员',
  ANALYST: '统计分析员',
  ADMIN: '系统管理员',
};

export const SECTOR_ZH: Record<Sector, string> = {
  MARKET_SUPERVISION: '市场监督管理',
  ECOLOGY_ENVIRONMENT: '生态环境',
  EMERGENCY_MANAGEMENT: '应急管理',
  NATURAL_RESOURCES: '自然资源',
  TAX: '税务',
  CUSTOMS: '海关',
  AGRICULTURE: '农业农村',
  CULTURE_TOURISM: '文化和旅游',
};

export const RELATION_ZH: Record<Relation, string> = {
  HANDLING_AGENCY: '移送案件的行政执法机关',
  RECEIVING_POLICE: '接收案件的公安机关',
  SUPERVISING_PROCURATORATE: '负责监督的人民检察院',
  SUPERVISING_ORGAN: '监督机关',
};

export const CLOCK_ZH: Record<ClockName, string> = {
  APPROVAL: '移送审批期限',
  TRANSFER: '移送期限',
  RECEIPT: '回执期限',
  MATERIALS_SUPPLEMENT: '补正材料期限',
  FILING_DECISION: '立案决定期限',
  GOODS_HANDOVER: '涉案物品移交期限',
  RECONSIDERATION_REQUEST: '申请复议期限',
  RECONSIDERATION_DECISION: '复议决定期限',
  SUPERVISION_REQUEST: '提请立案监督期限',
  PENALTY: '行政处罚期限',
  NON_FILING_REASONS: '说明不立案理由期限',
  REASONS_REVIEW: '审查不立案理由期限',
  FILING_AFTER_NOTICE: '通知立案后立案期限',
  REVERSE_HANDOFF: '反向衔接内部移交期限',
  REVERSE_REVIEW: '反向衔接审查期限',
  OPINION_REPLY: '检察意见书面回复期限',
};

/** What a missing required input tells the case officer (workflow/inputs.ts REQUIREMENT_MESSAGES in English). */
export const REQUIREMENT_ZH: Record<Requirement, string> = {
  reasons: '此步骤须写明理由',
  documents: '须按文书类型和SHA-256附上此步骤的文书',
  taskGroup: '须列明由本机关至少2名执法人员组成的专案组，提交人须在其中（《行政执法机关移送涉嫌犯罪案件的规定》第五条）',
  receivingAgencyId: '须指明接收案件的公安机关',
  seal: '须附上卷宗子系统生成的移送材料封签（sealTransferPackage）',
  materials: '须列明公安机关要求补正的材料',
  penalties: '须至少登记一项行政处罚决定',
  opinion: '须写明事实、证据、处罚建议及涉案财物',
  result: '须写明行政执法机关处理结果的书面回复',
  correctsSeq: '须指明所更正事件的序号',
  informant: '须填写举报人姓名（已知时并填写身份证号码、电话、地址）',
};

/** Why a row's case condition does not hold (workflow/transitions.ts CONDITIONS in English). */
export const CONDITION_ZH: Record<Condition, string> = {
  GOODS_SEIZED: '行政执法机关移送时未申报涉案物品，无物品可移交或报告缺失',
  NO_FILING_DECISION: '公安机关已作出是否立案的决定：《人民检察院刑事诉讼规则》第五百六十二条适用于既未作决定也未说明理由的情形',
};

/** The prohibitions of workflow/transitions.ts PROHIBITIONS, by verb. */
export const PROHIBITION_ZH: Partial<Record<TableAction, string>> = {
  declineToFile: '公安机关不得以材料不全为由不接受移送案件，应在行政执法机关补正材料后作出决定（公通字〔2016〕16号，待核实）',
};

export const LOOP_STEP_ZH: Record<LoopStep, string> = {
  NOTIFIED: '已通报待处置',
  HANDLED: '已处置待反馈',
  REPLIED: '已反馈待审核',
  CLOSED: '已办结',
  RESOLVED: '已自动消除',
};

export const LOOP_ACTION_ZH: Record<LoopAction, string> = {
  handle: '处置',
  reply: '反馈',
  close: '办结',
  reopen: '重新开启',
};

/** 「A」、「B」: names quoted and listed the Chinese way. */
export const listZh = (names: readonly string[]) => names.map((n) => `“${n}”`).join('、');
