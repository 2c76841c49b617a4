import type { WorkflowAction, WorkflowStep, DocumentKind, WarningRule, WarningLevel, DocumentSensitivity, DossierChange, StatisticsDimension } from './gql/graphql';
export { ACTION_ZH, CLOCK_ZH, LOOP_ACTION_ZH, LOOP_STEP_ZH, RELATION_ZH, ROLE_ZH, SECTOR_ZH, STAGE_ZH } from '../../subgraphs/cases/messages';
import { ACTION_ZH } from '../../subgraphs/cases/messages';

/** The one place a graph step (WORKFLOW_STEP) becomes its mutation's name (workflowStep): forms, buttons and tests use the latter. */
export const stepAction = (step: WorkflowStep) => step.toLowerCase().replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()) as WorkflowAction | 'createCase';

/** A step's Chinese name, keyed by the graph's WorkflowStep. */
export const stepZh = (step: WorkflowStep) => {
  const action = stepAction(step);
  return action === 'createCase' ? '立案登记（新建案件）' : (ACTION_ZH[action as keyof typeof ACTION_ZH] ?? action);
};

/** Chinese names the graph does not send (it sends warnings' titles and levels itself). */
export const RULE_ZH: Record<WarningRule, string> = {
  APPROVAL_OVERDUE: '移送审批超期',
  TRANSFER_AFTER_APPROVAL: '批准后未移送',
  POLICE_RECEIPT: '公安机关未回执或转送',
  FILING_DECISION: '立案决定超期',
  GOODS_HANDOVER: '涉案物品未移交',
  PENALTY_INSTEAD_OF_TRANSFER: '涉嫌以罚代刑',
  RECONSIDERATION_DECISION: '复议决定超期',
  REPEATED_NON_FILING: '多次不予立案',
  REVERSE_LINKAGE_REPLY: '反向衔接超期',
  NOT_FILED_NEVER_PENALISED: '不予立案后未予行政处罚',
};

export const LEVEL_ZH: Record<WarningLevel, string> = { RED: '红码', YELLOW: '黄码' };

export const DOC_KIND_ZH: Record<DocumentKind, string> = {
  TRANSFER_LETTER: '移送书',
  INVESTIGATION_REPORT: '调查报告',
  SEIZED_ITEMS_LIST: '涉案物品清单',
  INSPECTION_REPORT: '检验报告/鉴定结论',
  OTHER_MATERIAL: '其他材料',
  TRANSFER_REPORT: '移送报告',
  APPROVAL_DECISION: '审批决定',
  RECEIPT: '回执',
  FORWARD_NOTICE: '转送通知',
  FILING_NOTICE: '立案通知书',
  NON_FILING_NOTICE: '不予立案通知书',
  RECONSIDERATION_REQUEST: '复议申请',
  RECONSIDERATION_DECISION: '复议决定',
  SUPERVISION_REQUEST: '立案监督申请',
  HANDOVER_LIST: '移交清单',
  PROCURATORATE_NOTICE: '检察机关通知',
  PROCURATORIAL_OPINION: '检察意见书',
  AGENCY_REPLY: '机关回复',
  INTERVIEW_RECORD: '笔录',
  INSPECTION_RECORD: '勘验检查笔录',
  AUDIO_VIDEO: '视听资料',
  ELECTRONIC_DATA: '电子数据',
};

export const SENSITIVITY_ZH: Record<DocumentSensitivity, string> = { C2: 'C2 案件内容', C3: 'C3 个人信息', C4: 'C4 侦查信息' };

export const CHANGE_ZH: Record<DossierChange, string> = { OPENED: '建立卷宗', ADDED: '添加', REPLACED: '替换', WITHDRAWN: '撤回' };

export const DIMENSION_ZH: Partial<Record<StatisticsDimension, string>> = { PERIOD: '月份', SECTOR: '领域', DIVISION: '区划' };

export const PURPOSE_ZH: Record<string, string> = {
  CASE_HANDLING: '办案',
  SUPERVISION: '监督',
  STATISTICS: '统计',
  ADMINISTRATION: '管理',
};

/** Error codes in plain Chinese; the graph's own message follows (in Chinese for workflow refusals). */
export const CODE_ZH: Record<string, string> = {
  UNAUTHENTICATED: '未登录或令牌无效',
  FORBIDDEN: '无权进行此操作',
  NOT_FOUND: '不存在或无权查看',
  CONFLICT: '当前状态不允许此操作',
  BAD_USER_INPUT: '填写有误',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  PERSISTED_QUERY_NOT_IN_LIST: '该操作不在网关白名单内',
  SUBGRAPH_UNAVAILABLE: '后台服务暂不可用',
  NETWORK: '网络错误',
  HTTP: '请求失败',
};
