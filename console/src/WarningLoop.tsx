import { useState } from 'react';
import { mutate, type GraphErrorItem } from './api';
import { CloseWarningDocument, HandleWarningDocument, ReopenWarningDocument, ReplyToWarningDocument, type WarningDetailFragment } from './gql/graphql';
import { LOOP_ACTION_ZH, LOOP_STEP_ZH, RELATION_ZH } from './labels';
import { fmtRemaining, fmtTime, secondsUntil } from './format';
import { Errors, errorsOf, LevelBadge, type Viewer } from './ui';

const LOOP = ['NOTIFIED', 'HANDLED', 'REPLIED', 'CLOSED'] as const;
type LoopVerb = 'handle' | 'reply' | 'close' | 'reopen';
const VERB_ZH: Record<LoopVerb, string> = { handle: '处置', reply: '反馈', close: '关闭', reopen: '重新打开' };

/** The loop actions the warning's step allows; the graph decides who may take them. */
function verbsFor(w: WarningDetailFragment, viewer: Viewer): LoopVerb[] {
  const supervisor = viewer.roles.includes('SUPERVISOR');
  const responsible = w.responsibleAgency?.id === viewer.agency.id;
  switch (w.step) {
    case 'NOTIFIED':
      return responsible ? ['handle'] : [];
    case 'HANDLED':
      return responsible ? ['reply'] : [];
    case 'REPLIED':
      return supervisor ? ['close', 'reopen'] : [];
    default:
      return supervisor ? ['reopen'] : [];
  }
}

export function WarningLoop({ w, viewer, onDone }: { w: WarningDetailFragment; viewer: Viewer; onDone: () => void }) {
  const [verb, setVerb] = useState<LoopVerb | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  const reached = LOOP.indexOf(w.step as (typeof LOOP)[number]);
  async function send(v: LoopVerb) {
    const input = { note: note.trim() || undefined };
    if (v === 'handle') await mutate(HandleWarningDocument, { id: w.id, input });
    if (v === 'reply') await mutate(ReplyToWarningDocument, { id: w.id, input });
    if (v === 'close') await mutate(CloseWarningDocument, { id: w.id, input });
    if (v === 'reopen') await mutate(ReopenWarningDocument, { id: w.id, input });
  }
  return (
    <article className={`warning ${w.level === 'RED' ? 'warning-red' : 'warning-yellow'}`} data-warning={w.id}>
      <h3>
        <LevelBadge level={w.level} name={w.levelName} /> {w.title} <span className="muted">{w.code}</span>
      </h3>
      <p className="muted">
        {w.article} · 责任方：{w.responsibleAgency?.name ?? RELATION_ZH[w.responsible]} · 预警于 {fmtTime(w.raisedAt)}
        {w.replyDueAt && !w.endedAt ? ` · 反馈期限 ${fmtTime(w.replyDueAt)}（${fmtRemaining(secondsUntil(w.replyDueAt))}）` : ''}
        {w.escalations ? ` · 已升级 ${w.escalations} 次` : ''}
      </p>
      {w.reason && <p>{w.reason}</p>}
      <ol className="loop">
        {['预警', ...LOOP.map((s) => LOOP_STEP_ZH[s])].map((label, i) => (
          <li key={label} className={i <= reached + 1 || w.step === 'RESOLVED' ? 'done' : ''}>
            {label}
          </li>
        ))}
        {w.step === 'RESOLVED' && <li className="done">{LOOP_STEP_ZH.RESOLVED}</li>}
      </ol>
      <details>
        <summary>处置记录（{w.timeline.length}）与通报（{w.notices.length}）</summary>
        <ul className="plain">
          {w.timeline.map((e) => (
            <li key={e.seq}>
              {fmtTime(e.occurredAt)} · {LOOP_ACTION_ZH[e.action as keyof typeof LOOP_ACTION_ZH] ?? e.action} · {e.bySystem ? '系统' : `${e.actor?.name ?? '—'}（${e.actorAgency?.name ?? ''}）`}
              {e.note ? ` · ${e.note}` : ''}
            </li>
          ))}
        </ul>
        <ul className="plain">
          {w.notices.map((n) => (
            <li key={n.id}>
              通报 {n.agency?.name ?? n.divisionCode} · {fmtTime(n.sentAt)} · {n.acknowledgement ? `已签收（${n.acknowledgement.officer?.name ?? ''} ${fmtTime(n.acknowledgement.acknowledgedAt)}）` : `待签收，期限 ${fmtTime(n.acknowledgeDueAt)}`}
            </li>
          ))}
        </ul>
      </details>
      <div className="buttons">
        {verbsFor(w, viewer).map((v) => (
          <button key={v} type="button" data-loop={v} onClick={() => setVerb(v)}>
            {VERB_ZH[v]}
          </button>
        ))}
      </div>
      {verb && (
        <form
          className="step-form"
          onSubmit={async (e) => {
            e.preventDefault();
            setErrors(null);
            try {
              await send(verb);
              setVerb(null);
              setNote('');
              onDone();
            } catch (err) {
              setErrors(errorsOf(err));
            }
          }}
        >
          <label>
            {verb === 'handle' ? '整改情况或理由' : verb === 'reply' ? '书面反馈' : verb === 'reopen' ? '重新打开的理由' : '意见（可不填）'}
            <textarea name="note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <Errors errors={errors} />
          <div className="buttons">
            <button type="submit">确认{VERB_ZH[verb]}</button>
            <button type="button" className="link" onClick={() => setVerb(null)}>
              取消
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
