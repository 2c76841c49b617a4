import { useState } from 'react';
import { idempotencyKey, mutate, type GraphErrorItem } from './api';
import { CreateCaseDocument, type PartyKind, type Sector } from './gql/graphql';
import { SECTOR_ZH } from './labels';
import { Errors, errorsOf, Section } from './ui';

export function NewCase() {
  const [f, setF] = useState({ title: '', sector: 'MARKET_SUPERVISION' as Sector, facts: '', amount: '', partyKind: 'PERSON' as PartyKind, partyName: '', partyId: '', phone: '' });
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  const [key] = useState(idempotencyKey);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <Section title="新建案件（草拟移送）">
      <form
        className="form"
        id="new-case"
        onSubmit={async (e) => {
          e.preventDefault();
          setErrors(null);
          try {
            const party = { kind: f.partyKind, name: f.partyName, phone: f.phone || undefined, ...(f.partyKind === 'PERSON' ? { idNumber: f.partyId } : { creditCode: f.partyId }) };
            const r = await mutate(CreateCaseDocument, { idempotencyKey: key, input: { title: f.title, sector: f.sector, facts: f.facts, amountInvolvedYuan: f.amount.trim(), parties: [party] } });
            if (r.createCase) location.hash = `/case/${encodeURIComponent(r.createCase.id)}`;
          } catch (err) {
            setErrors(errorsOf(err));
          }
        }}
      >
        <label>
          案件名称
          <input name="title" value={f.title} onChange={set('title')} required />
        </label>
        <label>
          执法领域
          <select name="sector" value={f.sector} onChange={set('sector')}>
            {Object.entries(SECTOR_ZH).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          案件事实
          <textarea name="facts" rows={4} value={f.facts} onChange={set('facts')} required />
        </label>
        <label>
          涉案金额（元）
          <input name="amount" type="number" min="0" step="0.01" value={f.amount} onChange={set('amount')} required />
        </label>
        <fieldset>
          <legend>当事人</legend>
          <label>
            类型
            <select name="partyKind" value={f.partyKind} onChange={set('partyKind')}>
              <option value="PERSON">自然人</option>
              <option value="COMPANY">单位</option>
            </select>
          </label>
          <label>
            名称
            <input name="partyName" value={f.partyName} onChange={set('partyName')} required />
          </label>
          <label>
            {f.partyKind === 'PERSON' ? '身份证号' : '统一社会信用代码'}
            <input name="partyId" value={f.partyId} onChange={set('partyId')} required />
          </label>
          <label>
            电话
            <input name="phone" value={f.phone} onChange={set('phone')} />
          </label>
        </fieldset>
        <Errors errors={errors} />
        <button type="submit">保存草稿</button>
      </form>
    </Section>
  );
}
