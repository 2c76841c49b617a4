import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TestGraph } from './harness';

/** What a client of the file endpoints does: raw bodies over HTTP through the gateway, JSON answers. */

export interface FileAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

const MIB = 1024 * 1024;

/**
 * A deterministic body of `size` bytes produced chunk by chunk (never held whole), and its SHA-256,
 * known once the stream has been read to its end.
 */
export function generatedBody(size: number, seed = 1, onChunk?: (produced: number) => void): { stream: Readable; sha256: () => string } {
  const block = Buffer.alloc(64 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + seed * 7) & 0xff;
  const hash = createHash('sha256');
  let sent = 0;
  let n = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - sent)));
      chunk.writeUInt32BE(n++ >>> 0, 0);
      chunk[4] = seed & 0xff;
      sent += chunk.length;
      hash.update(chunk);
      onChunk?.(sent);
      this.push(chunk);
    },
  });
  let digest: string | null = null;
  return { stream, sha256: () => (digest ??= hash.digest('hex')) };
}

/**
 * POSTs a document through the gateway with node:http, streaming a Readable body with backpressure.
 * (Node 20's fetch keeps every chunk of a streamed request body until the response: unusable to
 * show that the server side holds nothing.)
 */
export async function uploadDocument(
  graph: TestGraph,
  token: string,
  dossierId: string,
  params: Record<string, string>,
  body: Buffer | string | Readable,
  opts: { contentType?: string; purpose?: string; headers?: Record<string, string> } = {},
): Promise<FileAnswer> {
  const url = new URL(`/files/dossiers/dossiers/${encodeURIComponent(dossierId)}/documents`, graph.gatewayUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (opts.contentType) headers['content-type'] = opts.contentType;
  if (opts.purpose) headers['x-access-purpose'] = opts.purpose;
  if (!(body instanceof Readable)) headers['content-length'] = String(Buffer.byteLength(body));
  Object.assign(headers, opts.headers);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode!, headers: h, body: text ? JSON.parse(text) : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

/** GET a document's content through the gateway; the body is left unread (stream it, or use readAll). */
export async function fetchContent(graph: TestGraph, token: string | null, contentPath: string, opts: { purpose?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.purpose) headers['x-access-purpose'] = opts.purpose;
  return fetch(new URL(contentPath, graph.gatewayUrl), { headers });
}

/** Reads a response body chunk by chunk, hashing it; rejects if the connection is cut short. */
export async function hashBody(res: Response, onChunk?: (received: number) => void): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.length;
    onChunk?.(size);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Bytes held in memory right now, after a full garbage collection: what a stage that buffered a
 * whole body would keep. (Between collections, memory also holds chunks already passed on.)
 */
export function retainedBytes(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export const sha256Of = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export { MIB };

/** A person and a company as createCase takes them (a juvenile when `born` makes them under 18). */
export function caseInput(parties: Record<string, unknown>[], sector = 'MARKET_SUPERVISION') {
  return { title: '某公司涉嫌销售假冒注册商标的商品案', sector, facts: '经查……', amountInvolved: 120000, parties };
}

/** Opens a DRAFT case as an administrative agency's case officer: its id. */
export async function createCase(graph: TestGraph, token: string, input: Record<string, unknown>): Promise<string> {
  const res = await graph.query(`mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`, { i: input }, { token });
  if (res.errors) throw new Error(`createCase: ${JSON.stringify(res.errors)}`);
  return res.data.createCase.id;
}

/** The case's current scope statement, as a front end reads it with the case (null: the caller does not see the case). */
export async function scopeStatementOf(graph: TestGraph, token: string, caseId: string): Promise<string | null> {
  const res = await graph.query(`query($c: ID!) { case(id: $c) { scopeStatement } }`, { c: caseId }, { token });
  return res.data?.case?.scopeStatement ?? null;
}

/** The case dossier's document statement (Case.dossier.documentStatement), as a step that names documents or sends the package passes it. */
export async function documentStatementOf(graph: TestGraph, token: string, caseId: string): Promise<string | null> {
  const res = await graph.query(`query($c: ID!) { case(id: $c) { dossier { documentStatement } } }`, { c: caseId }, { token });
  return res.data?.case?.dossier?.documentStatement ?? null;
}

/** Reads the case's statement, then opens its dossier with it, as a front end does: the GraphQL answer. */
export async function openDossier(graph: TestGraph, token: string, caseId: string, fields = 'id') {
  const scopeStatement = await scopeStatementOf(graph, token, caseId);
  return graph.query(`mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { ${fields} } }`, { c: caseId, s: scopeStatement ?? '' }, { token });
}

/** One workflow step with a fresh idempotency key; throws unless it succeeded. */
export async function caseStep(graph: TestGraph, token: string, verb: string, inputType: string, caseId: string, input: Record<string, unknown> | null) {
  const res = await graph.query(
    `mutation($c: ID!, $k: String!, $i: ${inputType}) { ${verb}(caseId: $c, idempotencyKey: $k, input: $i) { case { id stage } } }`,
    { c: caseId, k: `${verb}-${Math.random().toString(36).slice(2)}-${Date.now()}`, i: input },
    { token },
  );
  if (res.errors) throw new Error(`${verb}: ${JSON.stringify(res.errors)}`);
  return res.data[verb];
}
