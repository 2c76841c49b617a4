import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import manifest from '../persisted-query-manifest.json';

/**
 * The console's only way to the graph: operations from the manifest (console/persisted-query-manifest.json),
 * sent with their id (APQ shape) and their exact text, so they run whether or not the gateway enforces
 * the safelist; files through /files with the same bearer token and declared purpose.
 */
const bodies = new Map(manifest.operations.map((o) => [o.id, o.body] as const));
const root = document.body.dataset;
const ENDPOINT = root.endpoint ?? '../graphql';
const FILES = root.files ?? '../files';
const SESSION_KEY = 'caselink.console.session';

export interface Session {
  token: string;
  purpose: string;
}

export function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return s && typeof s.token === 'string' ? s : null;
  } catch {
    return null;
  }
}
export function saveSession(s: Session | null) {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

export interface GraphErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

/** A refused request: every error the graph returned. */
export class GraphError extends Error {
  constructor(readonly errors: GraphErrorItem[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

function headers(session: Session | null): Record<string, string> {
  const h: Record<string, string> = {};
  if (session?.token) h.authorization = `Bearer ${session.token}`;
  if (session?.purpose) h['x-access-purpose'] = session.purpose;
  return h;
}

export interface Result<R> {
  data: R | null;
  /** Field errors beside partial data (a field the caller may not read). */
  errors: GraphErrorItem[];
}

/** Runs a listed operation; throws GraphError when there is no data at all. */
export async function run<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, session = loadSession()): Promise<Result<R>> {
  const id = (doc as unknown as { __meta__: { hash: string } }).__meta__.hash;
  const query = bodies.get(id);
  if (!query) throw new GraphError([{ message: `操作 ${id} 不在清单中`, extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }]);
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers(session) },
      body: JSON.stringify({ query, variables: variables ?? {}, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
    });
  } catch {
    throw new GraphError([{ message: '无法连接到网关', extensions: { code: 'NETWORK' } }]);
  }
  let body: { data?: R | null; errors?: GraphErrorItem[] };
  try {
    body = await res.json();
  } catch {
    throw new GraphError([{ message: `网关返回 HTTP ${res.status}`, extensions: { code: 'HTTP' } }]);
  }
  const errors = body.errors ?? [];
  const data = body.data ?? null;
  // A mutation's null result with errors is a refusal, as is no data at all.
  if (!data || (errors.length && Object.values(data as object).every((v) => v === null))) throw new GraphError(errors);
  return { data, errors };
}

/** Runs an operation and returns its data, throwing on any error. */
export async function mutate<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const { data, errors } = await run(doc, variables);
  if (errors.length) throw new GraphError(errors);
  return data!;
}

async function filesError(res: Response): Promise<GraphError> {
  try {
    const body = await res.json();
    if (Array.isArray(body.errors)) return new GraphError(body.errors);
    return new GraphError([{ message: String(body.error ?? `HTTP ${res.status}`), extensions: { code: 'HTTP' } }]);
  } catch {
    return new GraphError([{ message: `HTTP ${res.status}`, extensions: { code: 'HTTP' } }]);
  }
}

/** Uploads a document into a dossier (POST /files/dossiers/dossiers/<id>/documents). */
export async function uploadDocument(dossierId: string, params: Record<string, string>, file: Blob): Promise<{ document: { id: string; sha256: string } }> {
  const q = new URLSearchParams(params);
  const res = await fetch(`${FILES}/dossiers/dossiers/${encodeURIComponent(dossierId)}/documents?${q}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', ...headers(loadSession()) },
    body: file,
  });
  if (!res.ok) throw await filesError(res);
  return res.json();
}

/** Downloads a document's bytes (contentPath is a gateway path: /files/...). */
export async function downloadContent(contentPath: string): Promise<Blob> {
  const res = await fetch(`${FILES}${contentPath.replace(/^\/files/, '')}`, { headers: headers(loadSession()) });
  if (!res.ok) throw await filesError(res);
  return res.blob();
}

export async function sha256Hex(blob: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null; // not a secure context
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface DemoToken {
  label: string;
  token: string;
}

/** Demo officers' tokens, when the gateway runs the demo; [] otherwise. */
export async function demoTokens(): Promise<DemoToken[]> {
  if (!root.demoTokens) return [];
  const res = await fetch(root.demoTokens);
  return res.ok ? res.json() : [];
}

export function idempotencyKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
