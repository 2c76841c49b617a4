import { useState } from 'react';
import { downloadContent, mutate, run, saveBlob, sha256Hex, uploadDocument } from './api';
import { CaseAccessDocument, CaseDetailDocument, CaseDossierDocument, CaseWarningsDocument, HandoverCheckDocument, OpenDossierDocument, SealTransferPackageDocument, type CaseDetailQuery, type CaseDossierQuery, type DocumentKind } from './gql/graphql';
import { CHANGE_ZH, CLOCK_ZH, DOC_KIND_ZH, RELATION_ZH, SECTOR_ZH, SENSITIVITY_ZH, STAGE_ZH, PURPOSE_ZH, stepZh } from './labels';
import { fmtAmount, fmtBytes, fmtRemaining, fmtTime, shortHash } from './format';
import { Errors, errorsOf, Loading, Section, useLoad, type Viewer } from './ui';
import { StepPanel } from './Steps';
import { WarningLoop } from './WarningLoop';
import type { GraphErrorItem } from './api';

export type CaseData = NonNullable<CaseDetailQuery['case']> & { dossier: NonNullable<CaseDossierQuery['case']>['dossier'] };
type Dossier = NonNullable<CaseData['dossier']>;

function Deadlines({ c }: { c: CaseData }) {
  const rows = [...c.deadlines].sort((a, b) => (a.state === 'RUNNING' ? 0 : 1) - (b.state === 'RUNNING' ? 0 : 1) || a.dueAt.localeCompare(b.dueAt));
  if (!rows.length) return <p className="muted">没有法定期限</p>;
  return (
    <table className="list" id="deadlines">
      <thead>
        <tr>
          <th>期限</th>
          <th>责任方</th>
          <th>期间</th>
          <th>届满</th>
          <th>剩余</th>
          <th>依据</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} className={d.overdue ? 'row-red' : ''}>
            <td>{CLOCK_ZH[d.clock as keyof typeof CLOCK_ZH] ?? d.clock}</td>
            <td>{RELATION_ZH[d.responsible]}</td>
            <td>{d.period}</td>
            <td>{fmtTime(d.dueAt)}</td>
            <td>
              {d.remainingSeconds != null ? fmtRemaining(d.remainingSeconds) : d.state === 'MET' ? (d.overdue ? '已超期完成' : '已按期完成') : d.state === 'SUPERSEDED' ? '不再适用' : '—'}
              {d.state === 'PAUSED' ? '（中止）' : ''}
            </td>
            <td className="muted">{d.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Timeline({ c, verified }: { c: CaseData; verified: { ok: boolean; events: number } | null | undefined }) {
  return (
    <>
      {verified && (
        <p className={verified.ok ? 'ok' : 'errors'} id="chain-check">
          {verified.ok ? `哈希链校验通过（${verified.events} 个事件）` : '哈希链校验失败'}
        </p>
      )}
      <ol className="timeline" id="timeline">
        {c.timeline.map((e) => (
          <li key={e.seq}>
            <div className="when">{fmtTime(e.occurredAt)}</div>
            <div className="what">
              <strong>{stepZh(e.step)}</strong>
              <span className="stage">
                {e.fromStage ? `${STAGE_ZH[e.fromStage]} → ` : ''}
                {STAGE_ZH[e.toStage]}
              </span>
            </div>
            <div className="who">
              {e.actor?.name ?? '—'}
              {e.actorAgency ? ` · ${e.actorAgency.name}` : ''}
              {e.receivingAgency ? ` → ${e.receivingAgency.name}` : ''}
            </div>
            {e.reasons && <div className="why">理由：{e.reasons}</div>}
            {e.materials?.length ? <div className="why">所需材料：{e.materials.join('、')}</div> : null}
            {e.documents?.length ? (
              <div className="docs">
                {e.documents.map((d) => (
                  <span key={d.sha256 + d.kind} className="hash" title={d.sha256}>
                    {DOC_KIND_ZH[d.kind]} {shortHash(d.sha256)}
                  </span>
                ))}
              </div>
            ) : null}
            {e.sealSha256 && <div className="hash">移送封存 SHA-256 {shortHash(e.sealSha256)}</div>}
          </li>
        ))}
      </ol>
    </>
  );
}

function DocumentRow({ d }: { d: NonNullable<Dossier['documents']>[number] }) {
  const [check, setCheck] = useState<string | null>(null);
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  if (d.withheld) {
    return (
      <tr>
        <td colSpan={6} className="muted">
          {d.kind ? DOC_KIND_ZH[d.kind] : '文件'}（侦查信息，不予显示）
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <td>{d.kind ? DOC_KIND_ZH[d.kind] : '—'}</td>
      <td>{d.title}</td>
      <td>{d.sensitivity ? SENSITIVITY_ZH[d.sensitivity] : '—'}</td>
      <td className="hash" title={d.sha256 ?? ''}>
        {shortHash(d.sha256)}
      </td>
      <td>
        v{d.addedInVersion} · {fmtBytes(d.sizeBytes)}
      </td>
      <td>
        {d.contentPath && (
          <button
            type="button"
            className="link"
            onClick={async () => {
              setErrors(null);
              try {
                const blob = await downloadContent(d.contentPath!);
                const hash = await sha256Hex(blob);
                setCheck(hash == null ? '已下载' : hash === d.sha256 ? '已下载，哈希一致' : '已下载，哈希不一致！');
                saveBlob(blob, d.title ?? d.id);
              } catch (err) {
                setErrors(errorsOf(err));
              }
            }}
          >
            下载
          </button>
        )}
        {check && <span className="ok"> {check}</span>}
        <Errors errors={errors} />
      </td>
    </tr>
  );
}

function Upload({ dossier, onDone }: { dossier: Dossier; onDone: () => void }) {
  const [kind, setKind] = useState<DocumentKind>(dossier.missingMaterials[0] ?? 'OTHER_MATERIAL');
  const [title, setTitle] = useState('');
  const [sensitivity, setSensitivity] = useState('C2');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  return (
    <form
      className="inline-form"
      id="upload-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        setBusy(true);
        setErrors(null);
        try {
          await uploadDocument(dossier.id, { kind, title: title || file.name, sensitivity }, file);
          setTitle('');
          setFile(null);
          (e.target as HTMLFormElement).reset();
          onDone();
        } catch (err) {
          setErrors(errorsOf(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        材料类型
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
          {Object.entries(DOC_KIND_ZH).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <label>
        标题
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="默认为文件名" />
      </label>
      <label>
        密级
        <select name="sensitivity" value={sensitivity} onChange={(e) => setSensitivity(e.target.value)}>
          <option value="C2">{SENSITIVITY_ZH.C2}</option>
          <option value="C3">{SENSITIVITY_ZH.C3}</option>
        </select>
      </label>
      <label>
        文件
        <input name="file" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <button type="submit" disabled={!file || busy}>
        上传
      </button>
      <Errors errors={errors} />
    </form>
  );
}

function HandoverVerify({ id }: { id: string }) {
  const [result, setResult] = useState<string | null>(null);
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  return (
    <>
      <button
        type="button"
        className="link"
        onClick={async () => {
          try {
            const r = await mutate(HandoverCheckDocument, { id });
            const v = r.handover?.verify;
            setResult(v ? (v.intact ? `完好（${fmtTime(v.checkedAt)}）` : '存在改动或缺失') : '无法核验');
          } catch (err) {
            setErrors(errorsOf(err));
          }
        }}
      >
        核验
      </button>
      {result && <span className={result.startsWith('完好') ? 'ok' : 'red-text'}> {result}</span>}
      <Errors errors={errors} />
    </>
  );
}

function DossierPanel({ c, canEdit, reload }: { c: CaseData; canEdit: boolean; reload: () => void }) {
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  const d = c.dossier;
  if (!d) {
    return (
      <>
        <p className="muted">尚未建立卷宗</p>
        {canEdit && c.scopeStatement && (
          <button
            type="button"
            id="open-dossier"
            onClick={async () => {
              try {
                await mutate(OpenDossierDocument, { caseId: c.id, scopeStatement: c.scopeStatement! });
                reload();
              } catch (err) {
                setErrors(errorsOf(err));
              }
            }}
          >
            建立卷宗
          </button>
        )}
        <Errors errors={errors} />
      </>
    );
  }
  return (
    <>
      <p>
        卷宗版本 v{d.version}
        {d.sealed ? ' · 未成年人案件，个人信息已封存' : ''} · 移送必备材料：{d.requiredMaterials.map((k) => DOC_KIND_ZH[k]).join('、')}
        {d.missingMaterials.length ? <span className="red-text">（尚缺：{d.missingMaterials.map((k) => DOC_KIND_ZH[k]).join('、')}）</span> : <span className="ok">（材料齐全）</span>}
      </p>
      <table className="list" id="documents">
        <thead>
          <tr>
            <th>类型</th>
            <th>标题</th>
            <th>密级</th>
            <th>SHA-256</th>
            <th>版本/大小</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {(d.documents ?? []).map((doc) => (
            <DocumentRow key={doc.id} d={doc} />
          ))}
        </tbody>
      </table>
      {canEdit && <Upload dossier={d} onDone={reload} />}
      <details>
        <summary>版本记录（{d.versions?.nodes.length ?? 0}）</summary>
        <ul className="plain">
          {(d.versions?.nodes ?? []).map((v) => (
            <li key={v.number}>
              v{v.number} · {CHANGE_ZH[v.change]} · {fmtTime(v.createdAt)} · {v.createdByOfficer?.name ?? "系统"}
              {v.document ? ` · ${v.document.title ?? ''} ${shortHash(v.document.sha256)}` : ''}
              {v.reason ? ` · ${v.reason}` : ''}
            </li>
          ))}
        </ul>
      </details>
      <h3>移送封存</h3>
      {d.seals?.length ? (
        <ul className="plain" id="seals">
          {d.seals.map((s) => (
            <li key={s.id}>
              卷宗 v{s.dossierVersion} · {fmtTime(s.sealedAt)} · 封存 SHA-256 <span className="hash">{shortHash(s.jwsSha256)}</span> · {s.documents.length} 份材料
              {s.withheldDocuments ? `（另有 ${s.withheldDocuments} 份侦查材料未列明）` : ''}
              {c.timeline.some((e) => e.sealSha256 === s.jwsSha256) ? <span className="ok"> · 已随移送核验</span> : <span className="muted"> · 未用于移送</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚未封存</p>
      )}
      {canEdit && c.stage === 'APPROVED' && (
        <button
          type="button"
          id="seal-package"
          onClick={async () => {
            setErrors(null);
            try {
              await mutate(SealTransferPackageDocument, { dossierId: d.id });
              reload();
            } catch (err) {
              setErrors(errorsOf(err));
            }
          }}
        >
          封存移送材料
        </button>
      )}
      <Errors errors={errors} />
      <h3>移交记录</h3>
      {d.handovers?.length ? (
        <ul className="plain">
          {d.handovers.map((h) => (
            <li key={h.id}>
              {h.fromAgency.name} → {h.toAgency.name} · {fmtTime(h.handedOverAt)} · 卷宗 v{h.dossierVersion} · {h.documents.length} 份 ·{' '}
              {h.acknowledgedAt ? `已签收（${fmtTime(h.acknowledgedAt)}）${h.receipt ? '，回执已签名' : ''}` : '待签收'} <HandoverVerify id={h.id} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">没有移交记录</p>
      )}
    </>
  );
}

function AccessRecords({ caseId }: { caseId: string }) {
  const rec = useLoad(() => run(CaseAccessDocument, { id: caseId }), [caseId]);
  if (rec.loading) return <Loading what="访问记录" />;
  if (rec.errors) return <Errors errors={rec.errors} />;
  const c = rec.data?.data?.case;
  const rows = [...(c?.accessRecords?.nodes ?? []).map((r) => ({ ...r, where: '案件' })), ...(c?.dossier?.accessRecords?.nodes ?? []).map((r) => ({ ...r, where: '卷宗' }))].sort((a, b) => b.readAt.localeCompare(a.readAt));
  return (
    <>
      <Errors errors={rec.data?.errors} />
      <table className="list" id="access-records">
        <thead>
          <tr>
            <th>时间</th>
            <th>人员</th>
            <th>单位</th>
            <th>目的</th>
            <th>范围</th>
            <th>读取字段</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{fmtTime(r.readAt)}</td>
              <td>{r.reader.name}</td>
              <td>{r.agency?.name ?? '—'}</td>
              <td>{r.declaredPurpose ? (PURPOSE_ZH[r.declaredPurpose] ?? r.declaredPurpose) : '未声明'}</td>
              <td>{r.where}</td>
              <td className="muted">
                {r.fields.join(', ')}
                {r.unmaskedFields.length ? `（明文：${r.unmaskedFields.join(', ')}）` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CaseView({ viewer, caseId }: { viewer: Viewer; caseId: string }) {
  const detail = useLoad(() => Promise.all([run(CaseDetailDocument, { id: caseId }), run(CaseWarningsDocument, { id: caseId }), run(CaseDossierDocument, { id: caseId })]), [caseId]);
  const state = { ...detail, data: detail.data && { data: detail.data[0].data, errors: [...detail.data[0].errors, ...detail.data[1].errors, ...detail.data[2].errors] } };
  const warnings = detail.data?.[1].data?.case?.warnings ?? [];
  if (state.loading && !state.data) return <Loading what="案件" />;
  if (state.errors) return <Errors errors={state.errors} />;
  const core = state.data?.data?.case;
  const c: CaseData | null = core ? { ...core, dossier: detail.data?.[2].data?.case?.dossier ?? null } : null;
  if (!c) return <Errors errors={state.data?.errors?.length ? state.data.errors : [{ message: '案件不存在或无权查看' }]} />;
  const isHandling = viewer.agency.id === c.handlingAgency.id;
  const running = c.deadlines.filter((d) => d.state === 'RUNNING').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return (
    <div className="case">
      <header className="case-head">
        <h1>
          {c.number} {c.title}
        </h1>
        <p>
          <span className="stage-badge" id="case-stage">
            {STAGE_ZH[c.stage]}
          </span>{' '}
          {SECTOR_ZH[c.sector]} · 移送机关 {c.handlingAgency.name}
          {c.receivingAgency ? ` · 接收机关 ${c.receivingAgency.name}` : ''} · 涉案金额 {fmtAmount(c.amountInvolvedYuan)} · 登记 {fmtTime(c.createdAt)}
          {running && <span className={running.overdue ? 'red-text' : ''}> · 当前期限：{CLOCK_ZH[running.clock as keyof typeof CLOCK_ZH] ?? running.clock} {running.remainingSeconds != null ? fmtRemaining(running.remainingSeconds) : ''}</span>}
        </p>
        {warnings.some((w) => !w.endedAt) && (
          <p>
            {warnings
              .filter((w) => !w.endedAt)
              .map((w) => (
                <span key={w.id} className={`badge ${w.level === 'RED' ? 'red' : 'yellow'}`}>
                  {w.levelName} {w.title}
                </span>
              ))}
          </p>
        )}
      </header>
      <Errors errors={state.data?.errors} />
      <div className="columns">
        <div className="col-main">
          <Section title="可办理的步骤" id="actions">
            <StepPanel c={c} viewer={viewer} onDone={state.reload} />
          </Section>
          <Section title="法定期限">
            <Deadlines c={c} />
          </Section>
          <Section title="电子卷宗" id="dossier">
            <DossierPanel c={c} canEdit={isHandling && viewer.roles.includes('CASE_OFFICER')} reload={state.reload} />
          </Section>
          <Section title="监督预警与处置" id="warnings">
            {warnings.length ? warnings.map((w) => <WarningLoop key={w.id} w={w} viewer={viewer} onDone={state.reload} />) : <p className="muted">没有预警</p>}
          </Section>
          {viewer.roles.includes('SUPERVISOR') && (
            <Section title="访问记录（个人信息与案件内容的读取）">
              <AccessRecords caseId={c.id} />
            </Section>
          )}
        </div>
        <div className="col-side">
          <Section title="案件事实">
            <p>{c.facts ?? '—'}</p>
            <h3>当事人</h3>
            <ul className="plain" id="parties">
              {(c.parties ?? []).map((p) => (
                <li key={p.id}>
                  {p.name} · {p.kind === 'PERSON' ? p.idNumber ?? '—' : p.creditCode ?? '—'}
                  {p.phone ? ` · ${p.phone}` : ''}
                  {p.juvenile ? ' · 未成年人（已封存）' : ''}
                </li>
              ))}
            </ul>
            <h3>行政处罚</h3>
            {c.penalties?.length ? (
              <ul className="plain" id="penalties">
                {c.penalties.map((p) => (
                  <li key={p.id}>
                    {p.decisionNumber} · {p.partyName} · 罚款 {fmtAmount(p.amountYuan)} · {p.decidedOn}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">未登记行政处罚</p>
            )}
          </Section>
          <Section title="办理流程">
            <Timeline c={c} verified={state.data?.data?.verifyTimeline} />
          </Section>
        </div>
      </div>
    </div>
  );
}
