import http from 'node:http';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A pino logger whose JSON lines are kept in memory, for tests that read the access log or warnings. */
export function captureLog(level: pino.Level = 'info'): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

/** POSTs a raw JSON body; returns status, headers and the parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
}

/** Polls until the check returns a truthy value (file watchers, recovery); fails after the deadline. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, deadlineMs = 15_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A document upload whose body the test writes by hand (or not at all): the request with its headers
 * sent, and its answer (status 0 when the connection failed).
 */
export function openUpload(url: URL, token: string, length: number) {
  const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': String(length) } });
  const answer = new Promise<{ status: number; body: any }>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
      res.on('error', () => resolve({ status: res.statusCode!, body: null }));
    });
    req.on('error', () => resolve({ status: 0, body: null }));
  });
  req.flushHeaders();
  return { req, answer };
}
