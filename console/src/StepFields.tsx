import type { InformantInput, OpinionInput, PenaltyInput } from './gql/graphql';
import type { CaseData } from './CaseView';
import { stepZh } from './labels';

/** A penalty prefilled with the case's first party: the usual case is a fine on the party the case is about. */
export function newPenalty(c: CaseData): PenaltyInput {
  const p = c.parties?.[0];
  return {
    decisionNumber: '',
    amountYuan: '',
    decidedOn: '',
    partyKind: p?.kind ?? 'COMPANY',
    partyName: p?.name ?? '',
    // A masked number (read without a declared purpose) is not prefilled: the officer types it.
    partyIdNumber: p?.kind === 'PERSON' && p.idNumber && !p.idNumber.includes('*') ? p.idNumber : undefined,
    partyCreditCode: p?.kind === 'COMPANY' && p.creditCode && !p.creditCode.includes('*') ? p.creditCode : undefined,
  };
}

export function PenaltyFields({ value, onChange, onAdd }: { value: PenaltyInput[]; onChange: (v: PenaltyInput[]) => void; onAdd: () => void }) {
  const set = (i: number, patch: Partial<PenaltyInput>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <>
      {value.map((p, i) => (
        <fieldset key={i} className="penalty">
          <legend>行政处罚决定 {value.length > 1 ? i + 1 : ''}</legend>
          <label>
            处罚决定书文号
            <input name="decisionNumber" value={p.decisionNumber} onChange={(e) => set(i, { decisionNumber: e.target.value })} />
          </label>
          <label>
            罚款金额（元）
            <input name="amountYuan" inputMode="decimal" placeholder="5000.00" value={p.amountYuan ?? ''} onChange={(e) => set(i, { amountYuan: e.target.value.trim() })} />
          </label>
          <label>
            决定日期
            <input name="decidedOn" type="date" value={p.decidedOn} onChange={(e) => set(i, { decidedOn: e.target.value })} />
          </label>
          <label>
            被处罚人类型
            <select name="partyKind" value={p.partyKind} onChange={(e) => set(i, { partyKind: e.target.value as PenaltyInput['partyKind'], partyIdNumber: undefined, partyCreditCode: undefined })}>
              <option value="COMPANY">单位</option>
              <option value="PERSON">个人</option>
            </select>
          </label>
          <label>
            被处罚人名称
            <input name="partyName" value={p.partyName} onChange={(e) => set(i, { partyName: e.target.value })} />
          </label>
          <label>
            {p.partyKind === 'PERSON' ? '公民身份号码' : '统一社会信用代码'}
            <input
              name={p.partyKind === 'PERSON' ? 'partyIdNumber' : 'partyCreditCode'}
              value={(p.partyKind === 'PERSON' ? p.partyIdNumber : p.partyCreditCode) ?? ''}
              onChange={(e) => set(i, p.partyKind === 'PERSON' ? { partyIdNumber: e.target.value.trim() || undefined } : { partyCreditCode: e.target.value.trim() || undefined })}
            />
          </label>
          {value.length > 1 && (
            <button type="button" className="link" onClick={() => onChange(value.filter((_, j) => j !== i))}>
              删除此项
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="link" onClick={onAdd}>
        再添加一项处罚决定
      </button>
    </>
  );
}

const OPINION_LABELS: [keyof OpinionInput, string][] = [
  ['facts', '认定的事实'],
  ['evidence', '证据'],
  ['proposedPenalty', '处罚建议'],
  ['seizedProperty', '涉案财物处理'],
];

export function OpinionFields({ value, onChange }: { value: OpinionInput; onChange: (v: OpinionInput) => void }) {
  return (
    <fieldset>
      <legend>检察意见书</legend>
      {OPINION_LABELS.map(([k, label]) => (
        <label key={k}>
          {label}
          <textarea name={k} rows={2} value={value[k]} onChange={(e) => onChange({ ...value, [k]: e.target.value })} />
        </label>
      ))}
    </fieldset>
  );
}

export function InformantFields({ value, onChange }: { value: InformantInput; onChange: (v: InformantInput) => void }) {
  const field = (k: keyof InformantInput, label: string) => (
    <label>
      {label}
      <input name={`informant-${k}`} value={value[k] ?? ''} onChange={(e) => onChange({ ...value, [k]: k === 'name' ? e.target.value : e.target.value.trim() || undefined })} />
    </label>
  );
  return (
    <fieldset>
      <legend>举报人（仅接收案件的公安机关可见）</legend>
      {field('name', '姓名')}
      {field('idNumber', '公民身份号码')}
      {field('phone', '联系电话')}
      {field('address', '住址')}
    </fieldset>
  );
}

/** The events a correction may name: the ones the caller's agency recorded (the graph checks it again). */
export function CorrectionSelect({ c, agencyId, value, onChange }: { c: CaseData; agencyId: string; value: string; onChange: (v: string) => void }) {
  const events = c.timeline.filter((e) => e.actorAgency?.id === agencyId);
  return (
    <label>
      更正的办理记录
      <select name="correctsSeq" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">（请选择）</option>
        {events.map((e) => (
          <option key={e.seq} value={e.seq}>
            #{e.seq} {stepZh(e.step)}
          </option>
        ))}
      </select>
    </label>
  );
}
