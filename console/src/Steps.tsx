import { useState } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { idempotencyKey, mutate, run, type GraphErrorItem } from './api';
import * as ops from './gql/graphql';
import type { DocumentRefInput, InformantInput, OpinionInput, PenaltyInput, WorkflowAction } from './gql/graphql';
import { ACTION_ZH, DOC_KIND_ZH, stepAction } from './labels';
import { CorrectionSelect, InformantFields, newPenalty, OpinionFields, PenaltyFields } from './StepFields';
import { Errors, errorsOf, useLoad, type Viewer } from './ui';
import type { CaseData } from './CaseView';

/** Steps whose input is StepInput (reasons, documents): one form serves them all. */
const STEP_INPUT_OPS: Partial<Record<WorkflowAction, TypedDocumentNode<unknown, { caseId: string; idempotencyKey: string; input: ops.StepInput }>>> = {
  approveTransfer: ops.ApproveTransferDocument,
  refuseTransfer: ops.RefuseTransferDocument,
  acknowledgeReceipt: ops.AcknowledgeReceiptDocument,
  supplementMaterials: ops.SupplementMaterialsDocument,
  fileCase: ops.FileCaseDocument,
  declineToFile: ops.DeclineToFileDocument,
  handOverGoods: ops.HandOverGoodsDocument,
  reportGoodsMissing: ops.ReportGoodsMissingDocument,
  requestReconsideration: ops.RequestReconsiderationDocument,
  requestFilingSupervision: ops.RequestFilingSupervisionDocument,
  requestNonFilingReasons: ops.RequestNonFilingReasonsDocument,
  answerNonFilingReasons: ops.AnswerNonFilingReasonsDocument,
  acceptNonFilingReasons: ops.AcceptNonFilingReasonsDocument,
  notifyFiling: ops.NotifyFilingDocument,
  issueCorrectionOpinion: ops.IssueCorrectionOpinionDocument,
  issueCorrectionNotice: ops.IssueCorrectionNoticeDocument,
  escalateSupervision: ops.EscalateSupervisionDocument,
  consultHigherPolice: ops.ConsultHigherPoliceDocument,
  adviseTransfer: ops.AdviseTransferDocument,
  decideNotToProsecute: ops.DecideNotToProsecuteDocument,
  handOffReverse: ops.HandOffReverseDocument,
  suspendReverseReview: ops.SuspendReverseReviewDocument,
  resumeReverseReview: ops.ResumeReverseReviewDocument,
  closeReverseReview: ops.CloseReverseReviewDocument,
  markSecretMaterial: ops.MarkSecretMaterialDocument,
};
const SPECIAL: WorkflowAction[] = [
  'submitForApproval',
  'transferCase',
  'forwardCase',
  'requestMaterials',
  'decideReconsideration',
  'imposeAdministrativePenalty',
  'recordPenalty',
  'issueProcuratorialOpinion',
  'replyToOpinion',
  'recordCorrection',
  'recordInformant',
];
/** Inputs without a reasons field: the form does not offer one. */
const NO_REASONS: WorkflowAction[] = ['replyToOpinion', 'recordInformant'];
/** Steps open at any stage: offered apart, not as the case's next step. */
const ANY_STAGE: WorkflowAction[] = ['recordPenalty', 'recordCorrection', 'markSecretMaterial', 'recordInformant'];

export const nextSteps = (actions: readonly (WorkflowAction | 'createCase')[]) => actions.filter((a): a is WorkflowAction => a !== 'createCase' && !ANY_STAGE.includes(a));
const anyStageSteps = (actions: readonly (WorkflowAction | 'createCase')[]) => ANY_STAGE.filter((a) => actions.includes(a));

function DocumentPicker({ c, value, onChange }: { c: CaseData; value: DocumentRefInput[]; onChange: (v: DocumentRefInput[]) => void }) {
  const docs = (c.dossier?.documents ?? []).filter((d) => !d.withheld && d.kind && d.sha256);
  if (!docs.length) return null;
  return (
    <fieldset>
      <legend>附带材料</legend>
      {docs.map((d) => {
        const on = value.some((v) => v.documentId === d.id);
        return (
          <label key={d.id} className="check">
            <input
              type="checkbox"
              name="documents"
              value={d.id}
              checked={on}
              onChange={() => onChange(on ? value.filter((v) => v.documentId !== d.id) : [...value, { kind: d.kind!, sha256: d.sha256!, documentId: d.id }])}
            />
            {DOC_KIND_ZH[d.kind!]} · {d.title}
          </label>
        );
      })}
    </fieldset>
  );
}

function PoliceSelect({ divisionCode, value, onChange }: { divisionCode: string | null; value: string; onChange: (v: string) => void }) {
  const units = useLoad(() => run(ops.PoliceUnitsDocument, { divisionCode }), [divisionCode]);
  const nodes = units.data?.data?.agencies?.nodes ?? [];
  return (
    <label>
      接收的公安机关
      <select name="receivingAgencyId" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">（请选择）</option>
        {nodes.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <Errors errors={units.errors} />
    </label>
  );
}

function StepForm({ action, c, viewer, onDone, onCancel }: { action: WorkflowAction; c: CaseData; viewer: Viewer; onDone: () => void; onCancel: () => void }) {
  const [reasons, setReasons] = useState('');
  const [documents, setDocuments] = useState<DocumentRefInput[]>([]);
  const [taskGroup, setTaskGroup] = useState<string[]>([viewer.id]);
  const [agencyId, setAgencyId] = useState('');
  const [goodsSeized, setGoodsSeized] = useState(true);
  const [materials, setMaterials] = useState('');
  const [outcome, setOutcome] = useState<'FILE' | 'UPHOLD'>('FILE');
  const [penalties, setPenalties] = useState<PenaltyInput[]>(() => (action === 'replyToOpinion' ? [] : [newPenalty(c)]));
  const [opinion, setOpinion] = useState<OpinionInput>({ facts: '', evidence: '', proposedPenalty: '', seizedProperty: '' });
  const [result, setResult] = useState('');
  const [informant, setInformant] = useState<InformantInput>({ name: '' });
  const [correctsSeq, setCorrectsSeq] = useState('');
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per opened form: a retry after a lost answer is recognised, not recorded twice.
  const [key] = useState(idempotencyKey);
  const seal = c.dossier?.seals?.[0] ?? null;
  const base = { caseId: c.id, idempotencyKey: key };
  const common: { reasons?: string; documents?: DocumentRefInput[]; documentStatement?: string } = { reasons: reasons.trim() || undefined, documents: documents.length ? documents : undefined };

  async function submit() {
    // A step that names documents carries the dossier's signed statement of them (read now: it lasts 15 minutes);
    // a transfer always does, so the cases subgraph can check the package against the dossier.
    if (documents.length || action === 'transferCase') {
      const read = await run(ops.DocumentStatementDocument, { caseId: c.id });
      const documentStatement = read.data?.case?.dossier?.documentStatement;
      if (documentStatement) Object.assign(common, { documentStatement });
    }
    switch (action) {
      case 'submitForApproval':
        return mutate(ops.SubmitForApprovalDocument, { ...base, input: { ...common, taskGroup } });
      case 'transferCase':
        return mutate(ops.TransferCaseDocument, { ...base, input: { ...common, receivingAgencyId: agencyId || undefined, seal: seal?.jws, goodsSeized } });
      case 'forwardCase':
        return mutate(ops.ForwardCaseDocument, { ...base, input: { ...common, receivingAgencyId: agencyId || undefined } });
      case 'requestMaterials':
        return mutate(ops.RequestMaterialsDocument, { ...base, input: { ...common, materials: materials.split(/\n|、|,/).map((m) => m.trim()).filter(Boolean) } });
      case 'decideReconsideration':
        return mutate(ops.DecideReconsiderationDocument, { ...base, input: { ...common, outcome } });
      case 'imposeAdministrativePenalty':
        return mutate(ops.ImposeAdministrativePenaltyDocument, { ...base, input: { ...common, penalties } });
      case 'recordPenalty':
        return mutate(ops.RecordPenaltyDocument, { ...base, input: { ...common, penalties } });
      case 'issueProcuratorialOpinion':
        return mutate(ops.IssueProcuratorialOpinionDocument, { ...base, input: { ...common, opinion } });
      case 'replyToOpinion': {
        const { reasons: _none, ...rest } = common;
        return mutate(ops.ReplyToOpinionDocument, { ...base, input: { ...rest, result: result.trim() || undefined, penalties: penalties.length ? penalties : undefined } });
      }
      case 'recordCorrection':
        return mutate(ops.RecordCorrectionDocument, { ...base, input: { ...common, correctsSeq: correctsSeq ? Number(correctsSeq) : undefined } });
      case 'recordInformant': {
        const { reasons: _none, ...rest } = common;
        return mutate(ops.RecordInformantDocument, { ...base, input: { ...rest, informant } });
      }
      default: {
        const doc = STEP_INPUT_OPS[action]!;
        return mutate(doc, { ...base, input: common.reasons || common.documents ? common : {} });
      }
    }
  }

  return (
    <form
      className="step-form"
      data-action={action}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setErrors(null);
        try {
          await submit();
          onDone();
        } catch (err) {
          setErrors(errorsOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3>{ACTION_ZH[action as keyof typeof ACTION_ZH] ?? action}</h3>
      {action === 'submitForApproval' && (
        <fieldset>
          <legend>办案小组（至少 2 人）</legend>
          {viewer.agency.officers
            .filter((o) => o.roles.includes('CASE_OFFICER'))
            .map((o) => (
              <label key={o.id} className="check">
                <input type="checkbox" name="taskGroup" value={o.id} checked={taskGroup.includes(o.id)} onChange={() => setTaskGroup(taskGroup.includes(o.id) ? taskGroup.filter((x) => x !== o.id) : [...taskGroup, o.id])} />
                {o.name}
              </label>
            ))}
        </fieldset>
      )}
      {action === 'transferCase' && (
        <>
          <PoliceSelect divisionCode={c.divisionCode} value={agencyId} onChange={setAgencyId} />
          <p className={seal ? '' : 'red-text'}>{seal ? `移送封存：卷宗 v${seal.dossierVersion}，SHA-256 ${seal.jwsSha256.slice(0, 12)}…` : '尚未封存移送材料：请先在“电子卷宗”中封存'}</p>
          <label className="check">
            <input type="checkbox" name="goodsSeized" checked={goodsSeized} onChange={(e) => setGoodsSeized(e.target.checked)} />
            有涉案物品
          </label>
        </>
      )}
      {action === 'forwardCase' && <PoliceSelect divisionCode={null} value={agencyId} onChange={setAgencyId} />}
      {action === 'requestMaterials' && (
        <label>
          所需补正材料（每行一项）
          <textarea name="materials" rows={3} value={materials} onChange={(e) => setMaterials(e.target.value)} />
        </label>
      )}
      {action === 'decideReconsideration' && (
        <label>
          复议决定
          <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as 'FILE' | 'UPHOLD')}>
            <option value="FILE">立案</option>
            <option value="UPHOLD">维持不予立案</option>
          </select>
        </label>
      )}
      {(action === 'imposeAdministrativePenalty' || action === 'recordPenalty') && <PenaltyFields value={penalties} onChange={setPenalties} onAdd={() => setPenalties([...penalties, newPenalty(c)])} />}
      {action === 'issueProcuratorialOpinion' && <OpinionFields value={opinion} onChange={setOpinion} />}
      {action === 'replyToOpinion' && (
        <>
          <label>
            处理结果（书面回复）
            <textarea name="result" rows={3} value={result} onChange={(e) => setResult(e.target.value)} />
          </label>
          <PenaltyFields value={penalties} onChange={setPenalties} onAdd={() => setPenalties([...penalties, newPenalty(c)])} />
        </>
      )}
      {action === 'recordCorrection' && <CorrectionSelect c={c} agencyId={viewer.agency.id} value={correctsSeq} onChange={setCorrectsSeq} />}
      {action === 'recordInformant' && <InformantFields value={informant} onChange={setInformant} />}
      {!NO_REASONS.includes(action) && (
        <label>
          {action === 'recordCorrection' ? '更正内容（错在哪里，正确的是什么）' : action === 'markSecretMaterial' ? '说明（涉密材料本身不得录入）' : '理由 / 意见'}
          <textarea name="reasons" rows={3} value={reasons} onChange={(e) => setReasons(e.target.value)} />
        </label>
      )}
      <DocumentPicker c={c} value={documents} onChange={setDocuments} />
      <Errors errors={errors} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          确认办理
        </button>
        <button type="button" className="link" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

export function StepPanel({ c, viewer, onDone }: { c: CaseData; viewer: Viewer; onDone: () => void }) {
  const [open, setOpen] = useState<WorkflowAction | null>(null);
  const actions = c.availableSteps.map(stepAction);
  const steps = nextSteps(actions);
  const records = anyStageSteps(actions);
  const usable = steps.filter((a) => SPECIAL.includes(a) || STEP_INPUT_OPS[a]);
  const elsewhere = steps.filter((a) => !usable.includes(a));
  if (!steps.length && !records.length) return <p className="muted">当前没有您可办理的步骤</p>;
  return (
    <div>
      <div className="buttons" id="step-buttons">
        {usable.map((a) => (
          <button key={a} type="button" data-step={a} className={open === a ? 'active' : ''} onClick={() => setOpen(a)}>
            {ACTION_ZH[a as keyof typeof ACTION_ZH] ?? a}
          </button>
        ))}
      </div>
      {records.length > 0 && (
        <div className="buttons" id="record-buttons">
          <span className="muted">随时可登记：</span>
          {records.map((a) => (
            <button key={a} type="button" data-step={a} className={open === a ? 'active' : ''} onClick={() => setOpen(a)}>
              {ACTION_ZH[a as keyof typeof ACTION_ZH] ?? a}
            </button>
          ))}
        </div>
      )}
      {elsewhere.length > 0 && <p className="muted">另可办理（本控制台暂未提供表单）：{elsewhere.map((a) => ACTION_ZH[a as keyof typeof ACTION_ZH] ?? a).join('、')}</p>}
      {open && (
        <StepForm
          key={open}
          action={open}
          c={c}
          viewer={viewer}
          onCancel={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            onDone();
          }}
        />
      )}
    </div>
  );
}
