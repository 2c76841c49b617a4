import type { ClockName } from '../deadlines/clocks';
import type { CalendarConfig } from '../deadlines/calendar';
import { sha256Hex } from '../timeline/hash';
import type { NoticeTarget } from './loop';
import type { Recipient, WarningAction } from './tables';
import type { Level, Responsible, RuleName } from './types';

/**
 * What a case officer reads, in Chinese: each rule's title, article and the fact it watches, and the
 * written notice (通报) a notifying event carries. The English rule names and codes stay for
 * machines (API enums, `code`, `extensions.code`). A `Record` over every rule name: a rule without
 * its Chinese text does not compile.
 */
export interface RuleDisplay {
  title: string;
  article: string;
  /** The fact the rule found, in a clause (the notice's 事实). */
  fact: string;
  /** The clock whose legal due time the notice states, if the rule watches one. */
  clock: ClockName | null;
}

const DECREE_310 = '《行政执法机关移送涉嫌犯罪案件的规定》';
const CPR = '《人民检察院刑事诉讼规则》';

export const RULE_DISPLAY: Record<RuleName, RuleDisplay> = {
  APPROVAL_OVERDUE: { title: '移送审批超期', article: `${DECREE_310}第五条`, fact: '移送报告提交后，机关负责人未在法定期限内作出是否批准移送的决定', clock: 'APPROVAL' },
  TRANSFER_AFTER_APPROVAL: { title: '批准后未移送', article: `${DECREE_310}第五条、第六条`, fact: '机关负责人批准移送后，未在24小时内向公安机关移送', clock: 'TRANSFER' },
  POLICE_RECEIPT: { title: '公安机关未回执或转送', article: `${DECREE_310}第七条`, fact: '公安机关未在24小时内在移送回执上签字或转送有管辖权的机关', clock: 'RECEIPT' },
  FILING_DECISION: { title: '立案决定超期', article: `${DECREE_310}第八条；${CPR}第五百六十二条`, fact: '公安机关受理后未在法定期限内作出立案或者不予立案的决定', clock: 'FILING_DECISION' },
  GOODS_HANDOVER: { title: '涉案物品未移交', article: `${DECREE_310}第十二条`, fact: '公安机关立案后，涉案物品未在3日内移交', clock: 'GOODS_HANDOVER' },
  PENALTY_INSTEAD_OF_TRANSFER: { title: '涉嫌以罚代刑', article: `${DECREE_310}第十一条；${CPR}第五百五十七条`, fact: '行政处罚金额达到或接近本领域刑事追诉标准，案件未移送公安机关', clock: null },
  RECONSIDERATION_DECISION: { title: '复议决定超期', article: `${DECREE_310}第九条`, fact: '公安机关未在3日内作出复议决定', clock: 'RECONSIDERATION_DECISION' },
  REPEATED_NON_FILING: { title: '多次不予立案', article: `${DECREE_310}第八条、第九条、第十七条；${CPR}第五百六十条`, fact: '同一公安机关或同一当事人在统计期间内多次不予立案', clock: null },
  REVERSE_LINKAGE_REPLY: { title: '反向衔接超期', article: '《中华人民共和国行政处罚法》第二十七条；《中华人民共和国刑事诉讼法》第一百七十七条第三款', fact: '不起诉案件的内部移交、审查或检察意见书的书面回复超过期限', clock: null },
  NOT_FILED_NEVER_PENALISED: { title: '不予立案后未予行政处罚', article: `${DECREE_310}第十条`, fact: '公安机关不予立案后，行政执法机关未依法作出行政处罚', clock: 'PENALTY' },
};

export const LEVEL_ZH: Record<Level, string> = { YELLOW: '黄码', RED: '红码' };

export const RESPONSIBLE_ZH: Record<Responsible, string> = {
  HANDLING_AGENCY: '移送案件的行政执法机关',
  RECEIVING_POLICE: '接收案件的公安机关',
  SUPERVISING_PROCURATORATE: '负责监督的人民检察院',
};

export const RECIPIENT_ZH: Record<Recipient, (t: NoticeTarget) => string> = {
  RESPONSIBLE: (t) => `责任单位（${t.agencyId}）`,
  SUPERIOR_AGENCY: (t) => `责任单位的上级机关（${t.agencyId}）`,
  SUPERVISING: (t) => `${t.divisionCode}行政区划的监督机关（人民检察院、司法行政机关、政法委）`,
  SUPERIOR: (t) => `上一级行政区划${t.divisionCode}的监督机关`,
};

/** Why a notice is sent, by the event that sends it. */
const OCCASION: Partial<Record<WarningAction, string>> = {
  NOTIFIED: '发出预警',
  ESCALATED: '预警升级',
  REOPENED: '监督员重新开启处置',
  REPLY_OVERDUE: '逾期未书面反馈，预警升级',
  NOTICE_OVERDUE: '通报逾期未签收，报上一级',
};

/** A local date and time, e.g. 2026年11月3日 11:00; local midnight is written as 24:00 of the day before (how a period's end is named). */
export function localTime(at: Date, calendar: Pick<CalendarConfig, 'utcOffsetMinutes'>): string {
  const local = new Date(at.getTime() + calendar.utcOffsetMinutes * 60_000);
  const midnight = local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0 && local.getUTCMilliseconds() === 0;
  const day = midnight ? new Date(local.getTime() - 1) : local;
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日 ${midnight ? '24:00' : `${hh}:${mm}`}`;
}

const offsetName = (minutes: number) => (minutes === 480 ? '北京时间' : `UTC${minutes >= 0 ? '+' : '-'}${Math.abs(minutes) / 60}`);

export interface NoticeFacts {
  warningId: string;
  caseNumber: string;
  rule: RuleName;
  code: string;
  level: Level;
  responsible: Responsible;
  responsibleAgencyId: string | null;
  handlingAgencyId: string;
  /** The legal due time of the rule's clock, when the rule watches one and it is known. */
  dueAt: Date | null;
  replyDueAt: Date | null;
  ackDueAt: Date | null;
  /** The supervisor's reasons (reopening), or the unacknowledged recipients (notice overdue). */
  detail?: string | null;
}

export interface NoticeDocument {
  title: string;
  text: string;
  sha256: string;
}

/** The document kind a notifying event lists for its written notice (its SHA-256 over the text). */
export const NOTICE_DOCUMENT_KIND = 'WARNING_NOTICE';

/**
 * The written notice (通报) one notifying event sends: the facts, the legal article, who must do what
 * by when. Deterministic (the same facts give the same text), stored in the event's data and hashed
 * into the warning's chain, so what was sent can be proved unchanged.
 */
export function composeNotice(event: WarningAction, seq: number, f: NoticeFacts, recipients: readonly NoticeTarget[], at: Date, calendar: Pick<CalendarConfig, 'utcOffsetMinutes'>): NoticeDocument {
  const r = RULE_DISPLAY[f.rule];
  const tz = offsetName(calendar.utcOffsetMinutes);
  const title = `关于案件${f.caseNumber}“${r.title}”的通报（${LEVEL_ZH[f.level]}）`;
  const lines = [
    title,
    `通报编号：${f.warningId}-${seq}　事由：${OCCASION[event] ?? event}`,
    `主送：${recipients.map((t) => RECIPIENT_ZH[t.recipient](t)).join('；') || '无'}`,
    `经行刑衔接监督预警系统核查，${f.handlingAgencyId}办理的案件${f.caseNumber}触发预警规则“${r.title}”（${f.code}），预警等级：${LEVEL_ZH[f.level]}。`,
    `事实：${r.fact}${f.dueAt ? `；法定期限届满时间为${localTime(f.dueAt, calendar)}（${tz}）` : ''}。`,
    ...(f.detail ? [`说明：${f.detail}`] : []),
    `依据：${r.article}。`,
    `责任单位：${RESPONSIBLE_ZH[f.responsible]}${f.responsibleAgencyId ? `（${f.responsibleAgencyId}）` : ''}${f.replyDueAt ? `，请于${localTime(f.replyDueAt, calendar)}（${tz}）前处置并书面反馈` : ''}。`,
    ...(f.ackDueAt ? [`各接收单位请于${localTime(f.ackDueAt, calendar)}（${tz}）前签收本通报；逾期未签收的，报上一级。`] : []),
    `行刑衔接监督预警系统　${localTime(at, calendar)}（${tz}）`,
  ];
  const text = lines.join('\n');
  return { title, text, sha256: sha256Hex(text) };
}
