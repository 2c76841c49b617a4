import { useEffect, useState } from 'react';
import { loadSession, run, saveSession, type Session } from './api';
import { MeDocument } from './gql/graphql';
import { PURPOSE_ZH, ROLE_ZH } from './labels';
import { Login } from './Login';
import { Board } from './Board';
import { CaseView } from './CaseView';
import { Inbox } from './Inbox';
import { Stats } from './Stats';
import { NewCase } from './NewCase';
import { Errors, errorsOf, Loading, type Viewer } from './ui';
import type { GraphErrorItem } from './api';

function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** The caller as the token's claims name them (unverified here; the gateway verifies every request). */
function viewerFromToken(token: string): Viewer | null {
  try {
    const claims = JSON.parse(decodeURIComponent(escape(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')))));
    if (!Array.isArray(claims.roles)) return null;
    const division = String(claims.division ?? '');
    return {
      id: String(claims.sub),
      login: String(claims.sub),
      name: String(claims.name ?? claims.sub),
      roles: claims.roles,
      agency: { id: String(claims.agency ?? ''), name: String(claims.agency ?? ''), kind: String(claims.agency_kind ?? ''), divisionCode: division, division: { code: division, name: division, level: '' }, officers: [] },
    };
  } catch {
    return null;
  }
}

const isAnalystOnly = (v: Viewer) => v.roles.every((r) => r === 'ANALYST');
const homeOf = (v: Viewer) => (isAnalystOnly(v) ? 'stats' : v.roles.includes('SUPERVISOR') ? 'board' : 'inbox');

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [errors, setErrors] = useState<GraphErrorItem[] | null>(null);
  const route = useRoute();

  useEffect(() => {
    if (!session) return setViewer(null);
    let live = true;
    run(MeDocument, {}, session).then(
      ({ data }) => {
        if (!live) return;
        if (!data?.me) return setErrors([{ message: '令牌未对应任何工作人员' }]);
        const { officersConnection, ...agency } = data.me.agency;
        const me = { ...data.me, agency: { ...agency, officers: officersConnection?.nodes ?? [] } } as Viewer;
        setViewer(me);
        if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = `/${homeOf(me)}`;
      },
      (err) => {
        if (!live) return;
        // Statistics-only callers may not read Query.me: their token's claims say who they are.
        const fromToken = viewerFromToken(session.token);
        if (fromToken && errorsOf(err).every((e) => e.extensions?.code === 'FORBIDDEN')) {
          setViewer(fromToken);
          if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = `/${homeOf(fromToken)}`;
          return;
        }
        setErrors(errorsOf(err));
        saveSession(null);
        setSession(null);
      },
    );
    return () => {
      live = false;
    };
  }, [session]);

  if (!session) {
    return (
      <Login
        errors={errors}
        onLogin={(s) => {
          setErrors(null);
          saveSession(s);
          setSession(s);
        }}
      />
    );
  }
  if (!viewer) return <Loading what="用户信息" />;

  const [screen = homeOf(viewer), ...rest] = route;
  const nav: [string, string][] = [
    ['board', '预警看板'],
    ['inbox', '待办事项'],
    ['stats', '统计分析'],
  ];
  if (viewer.agency.kind === 'ADMINISTRATIVE' && viewer.roles.includes('CASE_OFFICER')) nav.push(['new', '新建案件']);
  return (
    <div className="shell">
      <header className="top">
        <strong className="brand">行刑衔接监督平台</strong>
        <nav>
          {nav.map(([k, label]) => (
            <a key={k} href={`#/${k}`} className={screen === k ? 'active' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span className="who" id="who">
          {viewer.name} · {viewer.agency.name} · {viewer.roles.map((r) => ROLE_ZH[r as keyof typeof ROLE_ZH] ?? r).join('、')}
          {session.purpose ? ` · 目的：${PURPOSE_ZH[session.purpose] ?? session.purpose}` : ''}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => {
            saveSession(null);
            setSession(null);
            location.hash = '';
          }}
        >
          退出
        </button>
      </header>
      <main>
        <Errors errors={errors} />
        {screen === 'board' && <Board viewer={viewer} divisionCode={rest[0] ?? viewer.agency.divisionCode} />}
        {screen === 'case' && rest[0] && <CaseView viewer={viewer} caseId={rest[0]} />}
        {screen === 'inbox' && <Inbox viewer={viewer} />}
        {screen === 'stats' && <Stats viewer={viewer} />}
        {screen === 'new' && <NewCase />}
      </main>
    </div>
  );
}
