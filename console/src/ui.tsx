import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { GraphError, type GraphErrorItem } from './api';
import { CODE_ZH } from './labels';

/** The caller, as the graph knows them (Me query), shared by every screen. */
export interface Viewer {
  id: string;
  name: string;
  login: string;
  roles: string[];
  agency: { id: string; name: string; kind: string; divisionCode: string; division: { code: string; name: string; level: string }; officers: { id: string; name: string; roles: string[] }[] };
}

export const errorText = (e: GraphErrorItem) => {
  const code = e.extensions?.code;
  const zh = code ? CODE_ZH[code] : undefined;
  return zh && zh !== e.message ? `${zh}：${e.message}` : e.message;
};

export function errorsOf(err: unknown): GraphErrorItem[] {
  if (err instanceof GraphError) return err.errors.length ? err.errors : [{ message: '请求失败' }];
  return [{ message: err instanceof Error ? err.message : String(err) }];
}

export function Errors({ errors }: { errors: GraphErrorItem[] | null | undefined }) {
  if (!errors?.length) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((e, i) => (
        <p key={i}>
          {errorText(e)}
          {e.extensions?.code ? <code> [{e.extensions.code}]</code> : null}
        </p>
      ))}
    </div>
  );
}

/** Loads on mount and whenever deps change; `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; errors: GraphErrorItem[] | null; loading: boolean }>({ data: null, errors: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, errors: null, loading: false }),
      (err) => live && setState({ data: null, errors: errorsOf(err), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function Loading({ what }: { what?: string }) {
  return <p className="loading">正在加载{what ?? ''}…</p>;
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="panel" id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function LevelBadge({ level, name }: { level: string; name?: string }) {
  return <span className={`badge ${level === 'RED' ? 'red' : 'yellow'}`}>{name ?? (level === 'RED' ? '红码' : '黄码')}</span>;
}

export const link = (hash: string) => `#${hash}`;
export const go = (hash: string) => {
  location.hash = hash;
};
