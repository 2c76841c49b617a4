import { useState } from 'react';
import { mutate, run, type GraphErrorItem } from './api';
import { AcknowledgeHandoverDocument, AcknowledgeNoticeDocument, InboxDocument, type InboxCaseFragment } from './gql/graphql';
import { ACTION_ZH, LOOP_STEP_ZH, STAGE_ZH, stepAction } from './labels';
import { fmtRemaining, fmtTime, secondsUntil } from './format';
import { Errors, errorsOf, LevelBadge, Loading, useLoad, type Viewer } from './ui';
import { nextSteps } from './Steps';

interface Item {
  key: string;
  kind: string;
  due: string | null;
  title: React.ReactNode;
  detail: React.ReactNode;
  action?: React.ReactNode;
}

const nearest = (c: InboxCaseFragment) => c.deadlines.map((d) => d.dueAt).sort()[0] ?? null;

function Ack({ label, run: act, onDone }: { label: string; run: () => Promise<unknown>; onDone: () => void }) {
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  return (
    <>
      <button
        type="button"
        onClick={async () => {
          try {
            await act();
            onDone();
          } catch (err) {
            setErrors(errorsOf(err));
          }
        }}
      >
        {label}
      </button>
      <Errors errors={errors} />
    </>
  );
}

export function Inbox({ viewer }: { viewer: Viewer }) {
  const state = useLoad(() => run(InboxDocument, {}), []);
  if (state.loading && !state.data) return <Loading what="待办事项" />;
  if (state.errors) return <Errors errors={state.errors} />;
  const d = state.data!.data!;
  const items: Item[] = [];
  const seen = new Set<string>();
  const caseLink = (c: { id: string; number: string }) => <a href={`#/case/${encodeURIComponent(c.id)}`}>{c.number}</a>;
  const addCase = (c: InboxCaseFragment, kind: string) => {
    if (seen.has(c.id)) return;
    const steps = nextSteps(c.availableSteps.map(stepAction));
    if (!steps.length) return;
    seen.add(c.id);
    items.push({
      key: `case-${c.id}`,
      kind,
      due: nearest(c),
      title: (
        <>
          {caseLink(c)} {c.title}
        </>
      ),
      detail: `${STAGE_ZH[c.stage]} · ${c.handlingAgency.name} · 可办理：${steps.map((a) => ACTION_ZH[a as keyof typeof ACTION_ZH] ?? a).join('、')}`,
    });
  };
  for (const c of [...(d.transferred?.nodes ?? []), ...(d.forwarded?.nodes ?? [])]) if (c.availableSteps.includes('ACKNOWLEDGE_RECEIPT') || c.availableSteps.includes('FORWARD_CASE')) addCase(c, '待接收移送');
  for (const c of d.materials?.nodes ?? []) if (c.availableSteps.includes('SUPPLEMENT_MATERIALS')) addCase(c, '待补正材料');
  for (const c of d.mine?.nodes ?? []) addCase(c, '待办步骤');
  for (const n of d.notices?.nodes ?? []) {
    items.push({
      key: `notice-${n.id}`,
      kind: '待签收通报',
      due: n.acknowledgeDueAt ?? null,
      title: (
        <>
          {n.warning && <LevelBadge level={n.warning.level} name={n.warning.levelName} />} {n.document?.title ?? '通报'} {n.warning?.case && caseLink(n.warning.case)}
        </>
      ),
      detail: n.document?.text ?? '',
      action: <Ack label="签收" run={() => mutate(AcknowledgeNoticeDocument, { id: n.id })} onDone={state.reload} />,
    });
  }
  for (const w of d.warnings?.nodes ?? []) {
    if (w.step !== 'NOTIFIED' && w.step !== 'HANDLED' && w.step !== 'REPLIED') continue;
    items.push({
      key: `warning-${w.id}`,
      kind: '待处置预警',
      due: w.replyDueAt ?? null,
      title: (
        <>
          <LevelBadge level={w.level} name={w.levelName} /> {w.title} {w.case && caseLink(w.case)}
        </>
      ),
      detail: `${LOOP_STEP_ZH[w.step]} · 责任单位 ${w.responsibleAgency?.name ?? '—'} · 预警于 ${fmtTime(w.raisedAt)}`,
    });
  }
  for (const h of d.handovers?.nodes ?? []) {
    items.push({
      key: `handover-${h.id}`,
      kind: '待签收移交',
      due: null,
      title: <>来自 {h.fromAgency.name} 的卷宗移交 {h.dossier?.case && caseLink(h.dossier.case)}</>,
      detail: `移交于 ${fmtTime(h.handedOverAt)}`,
      action: <Ack label="签收" run={() => mutate(AcknowledgeHandoverDocument, { id: h.id })} onDone={state.reload} />,
    });
  }
  // Nearest deadline first; items without one last.
  items.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
  return (
    <div className="inbox">
      <h1>{viewer.agency.name} 待办事项</h1>
      <Errors errors={state.data?.errors} />
      {items.length === 0 && <p className="muted">没有待办事项</p>}
      <table className="list" id="inbox">
        <thead>
          <tr>
            <th>类别</th>
            <th>事项</th>
            <th>期限</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) => {
            const left = it.due ? secondsUntil(it.due) : null;
            return (
              <tr key={it.key} data-kind={it.kind} className={left != null && left < 0 ? 'row-red' : ''}>
                <td>{it.kind}</td>
                <td>
                  <div>{it.title}</div>
                  <div className="muted small">{it.detail}</div>
                </td>
                <td>{it.due ? `${fmtTime(it.due)}（${fmtRemaining(left!)}）` : '—'}</td>
                <td>{it.action}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
