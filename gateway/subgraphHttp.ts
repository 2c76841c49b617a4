import http from 'node:http';
import https from 'node:https';

/**
 * The gateway's HTTP client for subgraph fetches: node:http with a keep-alive agent per subgraph,
 * answering with a WHATWG `Response` as fetch would. Node's fetch (undici) spent more CPU per fetch
 * than anything else on the gateway's side of a hop (its Request/Headers/stream machinery around a
 * small JSON body); this sends the same bytes with the same headers (decision 98).
 *
 * A fetch that takes longer than `timeoutMs` fails with an error named `TimeoutError`, as
 * `AbortSignal.timeout` makes fetch fail; a refused or reset connection fails as fetch would.
 */
export interface SubgraphHttpInit {
  method?: string;
  headers: Record<string, string>;
  body?: string;
}

/** Idle connections are closed before a subgraph would close them (Node's server default is 5 s). */
const IDLE_MS = 3_000;

export function createSubgraphHttp(timeoutMs: number) {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: IDLE_MS }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout: IDLE_MS }),
  };
  /**
   * A kept-alive connection the subgraph closed just as it was reused fails with ECONNRESET before
   * any answer: sent again once on a new connection, as Node's documentation advises. The subgraph
   * never read that request; had it read it, the resent assertion (same jti) would be refused as a replay.
   */
  async function send(url: string, init: SubgraphHttpInit): Promise<Response> {
    try {
      return await attempt(url, init);
    } catch (err) {
      if ((err as { reusedSocketReset?: boolean }).reusedSocketReset) return attempt(url, init);
      throw err;
    }
  }
  async function attempt(url: string, init: SubgraphHttpInit): Promise<Response> {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) throw new TypeError(`unsupported protocol ${target.protocol}`);
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    const headers: Record<string, string | number> = { ...init.headers };
    if (body) headers['content-length'] = body.length;
    return new Promise<Response>((resolve, reject) => {
      const req = client.request(target, { method: init.method ?? 'GET', headers, agent: agents[target.protocol as 'http:'] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const x of v) h.append(k, x);
            else if (v !== undefined) h.set(k, v);
          }
          const status = res.statusCode ?? 502;
          const nullBody = status === 204 || status === 205 || status === 304;
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
      });
      const timer = setTimeout(() => {
        const err = new Error(`no answer within ${timeoutMs} ms`);
        err.name = 'TimeoutError';
        req.destroy(err);
      }, timeoutMs);
      let answered = false;
      req.on('response', () => (answered = true));
      req.on('error', (err) => {
        clearTimeout(timer);
        if (req.reusedSocket && !answered && (err as NodeJS.ErrnoException).code === 'ECONNRESET') Object.assign(err, { reusedSocketReset: true });
        reject(err);
      });
      // The agent's idle timeout also fires on a busy socket: ours decides for a request in flight.
      req.on('timeout', () => {});
      req.end(body);
    });
  }
  return {
    fetch: send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
