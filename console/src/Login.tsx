import { useEffect, useState } from 'react';
import { demoTokens, type DemoToken, type GraphErrorItem, type Session } from './api';
import { PURPOSE_ZH } from './labels';
import { Errors } from './ui';

/** The purpose fitting a demo officer's roles (label: "login · ROLES · agency"). */
function purposeFor(label: string): string {
  if (/SUPERVISOR/.test(label)) return 'SUPERVISION';
  if (/ANALYST/.test(label) && !/CASE_OFFICER|APPROVER/.test(label)) return 'STATISTICS';
  if (/ADMIN\b/.test(label)) return 'ADMINISTRATION';
  return 'CASE_HANDLING';
}

export function Login({ onLogin, errors }: { onLogin: (s: Session) => void; errors: GraphErrorItem[] | null }) {
  const [demo, setDemo] = useState<DemoToken[]>([]);
  const [token, setToken] = useState('');
  const [purpose, setPurpose] = useState('CASE_HANDLING');
  useEffect(() => {
    demoTokens().then(setDemo, () => setDemo([]));
  }, []);
  return (
    <div className="login">
      <h1>行刑衔接监督平台</h1>
      <p className="muted">行政执法与刑事司法衔接 · 案件监督控制台</p>
      <Errors errors={errors} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onLogin({ token: token.trim(), purpose });
        }}
      >
        {demo.length > 0 && (
          <label>
            演示人员
            <select
              id="demo-officer"
              defaultValue=""
              onChange={(e) => {
                const picked = demo[Number(e.target.value)];
                if (!picked) return;
                setToken(picked.token);
                setPurpose(purposeFor(picked.label));
              }}
            >
              <option value="">（请选择）</option>
              {demo.map((d, i) => (
                <option key={d.label} value={i}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          令牌（身份认证系统签发）
          <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} placeholder="粘贴令牌" />
        </label>
        <label>
          使用目的
          <select id="purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {Object.entries(PURPOSE_ZH).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" id="login" disabled={!token.trim()}>
          登录
        </button>
      </form>
    </div>
  );
}
