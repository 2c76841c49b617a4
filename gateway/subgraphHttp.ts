import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

/**
 * The gateway's HTTP client for one subgraph's GraphQL fetches: node:http with a keep-alive agent,
 * answering with the status, headers and whole body. Node's fetch (undici) spent more CPU per fetch
 * than anything else on the gateway's side of a hop (its Request/Headers/stream machinery around a
 * small JSON body; decision 98), and so did building a WHATWG `Response` only to read it back at once
 * (decision 110): the URL is parsed once, the body is one Buffer.
 *
 * A fetch that takes longer than `timeoutMs` fails with an error named `TimeoutError`, as
 * `AbortSignal.timeout` makes fetch fail; a refused or reset connection fails as fetch would.
 */
export interface SubgraphAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Idle connections are closed before a subgraph would close them (Node's server default is 5 s). */
const IDLE_MS = 3_000;

export function createSubgraphHttp(url: string, timeoutMs: number) {
  // A URL that is not http(s) fails each fetch (the subgraph is unavailable), as fetch would, not the gateway's start.
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    target = new URL('invalid:');
  }
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  const agent = new (client ?? http).Agent({ keepAlive: true, scheduling: 'lifo', timeout: IDLE_MS });
  // What http.request would take from the URL at every call, taken once.
  const base = {
    protocol: target.protocol,
    hostname: target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname,
    port: target.port,
    path: `${target.pathname}${target.search}`,
    ...(target.username || target.password ? { auth: `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` } : {}),
    method: 'POST',
    agent,
  };
  /**
   * A kept-alive connection the subgraph closed just as it was reused fails with ECONNRESET before
   * any answer: sent again once on a new connection, as Node's documentation advises. The subgraph
   * never read that request; had it read it, the resent assertion (same jti) would be refused as a replay.
   */
  async function post(headers: Record<string, string>, body: string): Promise<SubgraphAnswer> {
    if (!client) throw new TypeError(`cannot fetch from ${JSON.stringify(url)}: not an http(s) URL`);
    // A string body goes out in one write with the head (a Buffer would be a second chunk of a writev).
    const options = { ...base, headers: { ...headers, 'content-length': Buffer.byteLength(body, 'utf8') } };
    try {
      return await attempt(options, body);
    } catch (err) {
      if ((err as { reusedSocketReset?: boolean }).reusedSocketReset) return attempt(options, body);
      throw err;
    }
  }
  function attempt(options: http.RequestOptions, body: string): Promise<SubgraphAnswer> {
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      let answered = false;
      const req = client!.request(options, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
        });
      });
      const timer = setTimeout(() => {
        const err = new Error(`no answer within ${timeoutMs} ms`);
        err.name = 'TimeoutError';
        req.destroy(err);
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        if (req.reusedSocket && !answered && (err as NodeJS.ErrnoException).code === 'ECONNRESET') Object.assign(err, { reusedSocketReset: true });
        reject(err);
      });
      // The agent's idle timeout also fires on a busy socket: ours decides for a request in flight.
      req.on('timeout', () => {});
      req.end(body, 'utf8');
    });
  }
  return {
    post,
    close() {
      agent.destroy();
    },
  };
}
