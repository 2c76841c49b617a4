import type { Role } from '../../../schema/vocabulary';
import type { Relation } from '../../kit/access';
import { LOOP_ACTION_ZH, LOOP_STEP_ZH, listZh, refusal, refuseInput } from '../messages';
import { RESPONSIBLE_ZH } from './display';
import type { Responsible } from './types';
import type { WarningsConfig } from './config';
import { Calendar } from '../deadlines/calendar';
import { ancestorDivision, parentDivision } from './divisions';
import type { SuperiorDirectory } from './superiors';
import type { LoopStep, Recipient, WarningAction, WarningRow } from './tables';

/**
 * The closed loop (预警 → 通报 → 处置 → 反馈) as a table: which step each action leaves from and
 * leads to, and who may take it. Raising and notifying are the system's (rules engine); handling
 * and feeding back are the responsible unit's; closing and reopening are supervisors' only. A
 * missed feed-back deadline escalates (`overdueEscalation`). Add a step: a row here, a value of
 * LOOP_STEPS / WARNING_ACTIONS (tables.ts) and of their SDL enums, and a mutation.
 */
export const LOOP_ACTIONS = ['handle', 'reply', 'close', 'reopen'] as const;
export type LoopAction = (typeof LOOP_ACTIONS)[number];

export interface LoopTransition {
  from: readonly LoopStep[];
  to: LoopStep;
  event: WarningAction;
  who: 'RESPONSIBLE' | 'SUPERVISOR';
  /** The note is required (the correction or reasons, the written reply, why it is reopened). */
  noteRequired: boolean;
  source: string;
}

export const LOOP = {
  handle: { from: ['NOTIFIED'], to: 'HANDLED', event: 'HANDLED', who: 'RESPONSIBLE', noteRequired: true, source: 'handle (处置): the responsible unit records its correction or its reasons' },
  reply: { from: ['HANDLED'], to: 'REPLIED', event: 'REPLIED', who: 'RESPONSIBLE', noteRequired: true, source: 'feed back (反馈): a written reply with evidence, by the deadline' },
  close: { from: ['REPLIED'], to: 'CLOSED', event: 'CLOSED', who: 'SUPERVISOR', noteRequired: false, source: 'only a supervisor closes the loop' },
  reopen: { from: ['REPLIED', 'CLOSED', 'RESOLVED'], to: 'NOTIFIED', event: 'REOPENED', who: 'SUPERVISOR', noteRequired: true, source: 'only a supervisor reopens the loop' },
} as const satisfies Record<LoopAction, LoopTransition>;

const SUPERVISING: readonly Relation[] = ['SUPERVISING_PROCURATORATE', 'SUPERVISING_ORGAN'];
const RESPONSIBLE_ROLES: readonly Role[] = ['CASE_OFFICER', 'APPROVER', 'SUPERVISOR'];

export interface LoopActor {
  sub: string;
  agencyId: string | null;
  roles: readonly Role[];
  /** The caller's relations to the warning's case scope (kit/access.ts relationsTo). */
  relations: readonly Relation[];
}

/** Whether the actor acts for the warning's responsible unit. */
export function isResponsible(w: Pick<WarningRow, 'responsible' | 'responsibleAgencyId'>, actor: LoopActor): boolean {
  if (!actor.roles.some((r) => RESPONSIBLE_ROLES.includes(r))) return false;
  if (w.responsible === 'SUPERVISING_PROCURATORATE') return actor.relations.includes('SUPERVISING_PROCURATORATE');
  const relation: Relation = w.responsible === 'RECEIVING_POLICE' ? 'RECEIVING_POLICE' : 'HANDLING_AGENCY';
  return actor.relations.includes(relation) && actor.agencyId === w.responsibleAgencyId;
}

export const isSupervisor = (actor: LoopActor) => actor.roles.includes('SUPERVISOR') && actor.relations.some((r) => SUPERVISING.includes(r));

export interface LoopPlan {
  to: LoopStep;
  event: WarningAction;
  replyDueAt: Date | null;
  endedAt: Date | null;
  notify: NoticeTarget[];
}

export interface NoticeTarget {
  recipient: Recipient;
  agencyId: string | null;
  divisionCode: string | null;
}

const DAY = 86_400_000;

/**
 * Who is told when a warning is raised, escalated or reopened: the responsible unit, the agency above
 * it (its superior, from the configured directory), the supervising organs of the division and of
 * the division above (`up` levels above, for escalations).
 */
export function noticeTargets(w: Pick<WarningRow, 'responsibleAgencyId' | 'divisionCode'>, superiors: SuperiorDirectory, up = 1): NoticeTarget[] {
  const out: NoticeTarget[] = [];
  if (w.responsibleAgencyId) out.push({ recipient: 'RESPONSIBLE', agencyId: w.responsibleAgencyId, divisionCode: null });
  const superior = w.responsibleAgencyId ? superiors[w.responsibleAgencyId] : undefined;
  if (superior) out.push({ recipient: 'SUPERIOR_AGENCY', agencyId: superior, divisionCode: null });
  out.push({ recipient: 'SUPERVISING', agencyId: null, divisionCode: w.divisionCode });
  const above = ancestorDivision(w.divisionCode, up);
  if (above) out.push({ recipient: 'SUPERIOR', agencyId: null, divisionCode: above });
  return out;
}

export const replyDue = (now: Date, config: WarningsConfig) => new Date(now.getTime() + config.replyDays * DAY);

/** By when a notice sent at `now` must be acknowledged (the acknowledgement period, counted with the cases calendar). */
export const ackDue = (now: Date, config: WarningsConfig) => Calendar.of(config.calendar).dueAfter(now, config.ackPeriod);

export const noticeKey = (t: { recipient: string; agencyId: string | null; divisionCode: string | null }) => `${t.recipient}|${t.agencyId ?? ''}|${t.divisionCode ?? ''}`;

/**
 * Who is told that a notice was not acknowledged in time: the level above its recipient. Above an
 * agency, its superior agency (or, with none known, the supervising organs of the division above the
 * case's); above a division's supervising organs, those of the division above it. None above a province.
 */
export function overdueNoticeTargets(notices: readonly Pick<NoticeTarget, 'agencyId' | 'divisionCode'>[], w: Pick<WarningRow, 'divisionCode'>, superiors: SuperiorDirectory): NoticeTarget[] {
  const out = new Map<string, NoticeTarget>();
  const add = (t: NoticeTarget) => out.set(noticeKey(t), t);
  for (const n of notices) {
    const superior = n.agencyId ? superiors[n.agencyId] : undefined;
    if (superior) add({ recipient: 'SUPERIOR_AGENCY', agencyId: superior, divisionCode: null });
    else {
      const above = parentDivision(n.divisionCode ?? w.divisionCode);
      if (above) add({ recipient: 'SUPERIOR', agencyId: null, divisionCode: above });
    }
  }
  return [...out.values()];
}

/** Checks and plans one loop step (FORBIDDEN for the wrong actor, CONFLICT for the wrong step, BAD_USER_INPUT for a missing note). */
export function planLoopStep(w: WarningRow, action: LoopAction, actor: LoopActor, note: string | null | undefined, now: Date, config: WarningsConfig): LoopPlan {
  const t: LoopTransition = LOOP[action];
  const allowed = t.who === 'SUPERVISOR' ? isSupervisor(actor) : isResponsible(w, actor);
  if (!allowed) {
    throw t.who === 'SUPERVISOR'
      ? refusal(
          'FORBIDDEN',
          `只有案件所在辖区监督机关的监督员才能${LOOP_ACTION_ZH[action]}预警`,
          `${action}: only a SUPERVISOR of a supervising organ of the case's jurisdiction ${t.source.includes('closes') ? 'closes' : 'reopens'} the loop`,
        )
      : refusal(
          'FORBIDDEN',
          `只有责任单位（${RESPONSIBLE_ZH[w.responsible as Responsible] ?? w.responsible}）才能处置和反馈预警${w.code}`,
          `${action}: only the responsible unit (${w.responsible.toLowerCase().replace('_', ' ')}) handles and replies to warning ${w.code}`,
        );
  }
  if (!t.from.includes(w.step)) {
    throw refusal(
      'CONFLICT',
      `案件${w.caseNumber}的预警${w.code}当前处于“${LOOP_STEP_ZH[w.step]}”环节，不能${LOOP_ACTION_ZH[action]}：只有处于${listZh(t.from.map((s) => LOOP_STEP_ZH[s]))}环节的预警才能${LOOP_ACTION_ZH[action]}`,
      `warning ${w.code} on case ${w.caseNumber} is ${w.step}: ${action} is allowed only from ${t.from.join(', ')}`,
      { currentStep: w.step, allowedFrom: [...t.from] },
    );
  }
  if (t.noteRequired && !note?.trim()) throw refuseInput('input.note', `${LOOP_ACTION_ZH[action]}预警须填写说明`, `is required to ${action} a warning (${t.source})`);
  const reopening = action === 'reopen';
  return {
    to: t.to,
    event: t.event,
    replyDueAt: reopening ? replyDue(now, config) : action === 'handle' ? w.replyDueAt : null,
    endedAt: t.to === 'CLOSED' ? now : null,
    notify: reopening ? noticeTargets(w, config.superiors) : [],
  };
}

/** A warning whose feed-back deadline passed: it escalates (red, the division above told, a new deadline). */
export const isReplyOverdue = (w: Pick<WarningRow, 'step' | 'replyDueAt'>, now: Date) =>
  (w.step === 'NOTIFIED' || w.step === 'HANDLED') && w.replyDueAt !== null && w.replyDueAt.getTime() < now.getTime();
