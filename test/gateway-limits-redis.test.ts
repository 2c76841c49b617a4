import { openUpload as uploadTo } from './gateway-helpers';
import net, { type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisLimits } from '../gateway/sharedLimits';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/**
 * The per-caller limits shared by replicas through Redis (issue 21.4, decision 103), against the
 * real Redis at REDIS_TEST_URL (default 127.0.0.1:6379; .ci/run starts it). Every test has its own
 * key prefix and deletes its keys afterwards.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const silent = pino({ level: 'silent' });
const Q = '{ cases(first: 1) { nodes { id } } }';

let admin: Redis;
let prefix: string;
const newPrefix = () => (prefix = `caselink-test:${randomBytes(6).toString('hex')}:`);

async function keysOf(p: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${p}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function refusal(err: any) {
  return { code: err?.extensions?.code, retryAfter: err?.extensions?.retryAfter, limit: err?.extensions?.limit, max: err?.extensions?.max, message: err?.message };
}

/** A TCP hop to the real Redis that can be made to swallow everything (Redis hung, or a network partition that drops packets). */
async function silenceableProxy() {
  const target = new URL(REDIS_URL);
  let swallowing = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (d) => void (swallowing || upstream.write(d)));
    upstream.on('data', (d) => void (swallowing || client.write(d)));
    const end = () => (client.destroy(), upstream.destroy());
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    swallow: () => void (swallowing = true),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect(); // fails the file (never skips) when no Redis runs
});
afterEach(async () => {
  const keys = await keysOf(prefix);
  if (keys.length) await admin.del(...keys);
});
afterAll(() => admin?.quit());

describe('shared limits in Redis, without a gateway', () => {
  it('token bucket: burst, then RATE_LIMITED with Retry-After; the key lives until the bucket would be full again', async () => {
    newPrefix();
    const limits = createRedisLimits({ url: REDIS_URL, keyPrefix: prefix }, { log: silent, onError: () => {} });
    await limits.started;
    try {
      const rate = limits.rateLimiter({ perSecond: 2, burst: 3 });
      for (let i = 0; i < 3; i++) await rate.take('of-1');
      const err = await Promise.resolve(rate.take('of-1')).catch((e) => e);
      // One token missing at 2 a second: half a second, said as 1 s.
      expect(refusal(err)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1, message: 'rate limit of 2 operations per second (burst 3) exceeded for this caller; retry in 1 s' });
      expect(err.extensions.http).toMatchObject({ status: 429 });
      expect(err.extensions.http.headers.get('retry-after')).toBe('1');
      expect(await keysOf(prefix)).toEqual([`${prefix}rate:of-1`]);
      // Empty (but for what came back since the first take): full again in 3 / 2 s = 1500 ms; the key
      // expires then (counted from the last take, a few ms ago; 500 ms of slack for a loaded machine).
      const pttl = await admin.pttl(`${prefix}rate:of-1`);
      expect(pttl).toBeGreaterThan(1000);
      expect(pttl).toBeLessThanOrEqual(1500);
      // Another caller has a bucket of their own.
      await rate.take('of-2');
      // A batch larger than the bucket is refused and leaves no key (a full bucket is not kept).
      const tooBig = await Promise.resolve(rate.take('of-3', 4)).catch((e) => e);
      expect(refusal(tooBig)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
      expect(await admin.exists(`${prefix}rate:of-3`)).toBe(0);
    } finally {
      await limits.close();
    }
  });

  it("upload leases: shared per caller, refreshed while held, and a dead holder's expire after the lease time", async () => {
    newPrefix();
    const opts = { url: REDIS_URL, keyPrefix: prefix, uploadLeaseMs: 1000 };
    const a = createRedisLimits(opts, { log: silent, onError: () => {} });
    const b = createRedisLimits(opts, { log: silent, onError: () => {} });
    await Promise.all([a.started, b.started]);
    try {
      const slotsA = a.uploadSlots({ perCaller: 2, total: 64 });
      const slotsB = b.uploadSlots({ perCaller: 2, total: 64 });
      await slotsA.acquire('of-1');
      await slotsA.acquire('of-1');
      const refused = await Promise.resolve(slotsB.acquire('of-1')).catch((e) => e);
      expect(refusal(refused)).toMatchObject({ code: 'RATE_LIMITED', limit: 'uploadsPerCaller', max: 2, message: '2 uploads of this caller are in progress (the limit is 2); send the next when one has finished' });
      expect(await admin.zcard(`${prefix}uploads:of-1`)).toBe(2);
      // Past the lease time, A's uploads still run: refreshed, still counted.
      await sleep(1600);
      expect(refusal(await Promise.resolve(slotsB.acquire('of-1')).catch((e) => e))).toMatchObject({ limit: 'uploadsPerCaller' });
      // A dies (stops refreshing, releases nothing): its leases lapse after the lease time.
      await a.close();
      await sleep(1300);
      const release = await slotsB.acquire('of-1');
      expect(await admin.zcard(`${prefix}uploads:of-1`)).toBe(1);
      release();
      release(); // once only
      await sleep(50);
      expect(await admin.exists(`${prefix}uploads:of-1`)).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe(`shared limits through two gateways (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 0 } } });
    token = await graph.token({ login: 'song.wenjie.xh-msa' });
  });
  afterAll(() => graph?.close());

  const query = (url: string) => graph.query(Q, {}, { token, url });
  const retryAfterOf = async (url: string) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: Q }) })).headers.get('retry-after');

  it('one caller, two gateways, one Redis: ONE bucket (burst 5: five answered across both, the sixth refused on either)', async () => {
    newPrefix();
    const rateLimit = { perSecond: 0.001, burst: 5 };
    const a = await graph.startGateway({ rateLimit, redis: { url: REDIS_URL, keyPrefix: prefix } });
    const b = await graph.startGateway({ rateLimit, redis: { url: REDIS_URL, keyPrefix: prefix } });
    for (const url of [a.url, b.url, a.url, b.url, a.url]) expect((await query(url)).errors).toBeUndefined();
    for (const url of [b.url, a.url]) {
      const res = await query(url);
      expect(res.status).toBe(429);
      expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      const [, seconds] = /^rate limit of 0.001 operations per second \(burst 5\) exceeded for this caller; retry in (\d+) s$/.exec(String(res.errors?.[0]?.message)) ?? [];
      // One token at 0.001 a second: 1000 s, less the seconds since the first operation (a few).
      expect(Number(seconds)).toBeGreaterThanOrEqual(990);
      expect(Number(seconds)).toBeLessThanOrEqual(1000);
    }
    expect(Number(await retryAfterOf(b.url))).toBeGreaterThanOrEqual(990);
    expect(Number(await retryAfterOf(b.url))).toBeLessThanOrEqual(1000);
    expect(await keysOf(prefix)).toHaveLength(1);
  });

  it('without Redis each gateway has its own bucket: 5 + 5', async () => {
    newPrefix();
    const rateLimit = { perSecond: 0.001, burst: 5 };
    const a = await graph.startGateway({ rateLimit });
    const b = await graph.startGateway({ rateLimit });
    for (let i = 0; i < 5; i++) expect((await query(a.url)).errors).toBeUndefined();
    expect((await query(a.url)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    for (let i = 0; i < 5; i++) expect((await query(b.url)).errors).toBeUndefined();
    expect((await query(b.url)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await keysOf(prefix)).toEqual([]);
  });

  describe('uploads in progress, counted across gateways', () => {
    let dossierId: string;
    let colleague: string;
    const path = () => `/files/dossiers/dossiers/${dossierId}/documents?kind=OTHER_MATERIAL&title=shared-limits`;

    const openUpload = (gatewayUrl: string, as: string, length: number) => uploadTo(new URL(path(), gatewayUrl), as, length);

    beforeAll(async () => {
      const res = await graph.query('{ cases(first: 50) { nodes { dossier { id } } } }', {}, { token });
      const ids = (res.data.cases.nodes as { dossier: { id: string } | null }[]).flatMap((c) => (c.dossier ? [c.dossier.id] : []));
      for (const id of ids) {
        dossierId = id;
        const { req, answer } = openUpload(graph.gatewayUrl, token, 5);
        req.end('hello');
        if ((await answer).status === 201) break;
      }
      colleague = await graph.token({ login: 'yu.xiuying.xh-msa' });
    });

    it('two held on one gateway: the third on the other is refused; a colleague is not; released, the next goes', async () => {
      newPrefix();
      const options = { rateLimit: { perSecond: 0 }, uploads: { perCaller: 2, minBytesPerSecond: 0 }, redis: { url: REDIS_URL, keyPrefix: prefix } };
      const a = await graph.startGateway(options);
      const b = await graph.startGateway(options);
      const held = [openUpload(a.url, token, 1000), openUpload(a.url, token, 1000)];
      for (const h of held) h.req.write('x');
      await sleep(200);
      expect(await admin.zcard(`${prefix}uploads:${await subOf(token)}`)).toBe(2);
      const third = openUpload(b.url, token, 5);
      third.req.end('third');
      const refused = await third.answer;
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0]).toMatchObject({
        message: '2 uploads of this caller are in progress (the limit is 2); send the next when one has finished',
        extensions: { code: 'RATE_LIMITED', limit: 'uploadsPerCaller', max: 2 },
      });
      const theirs = openUpload(b.url, colleague, 5);
      theirs.req.end('their');
      expect((await theirs.answer).status).toBe(201);
      for (const h of held) h.req.destroy();
      await Promise.all(held.map((h) => h.answer));
      await sleep(200);
      expect(await keysOf(`${prefix}uploads:`)).toEqual([]); // released, not left to expire
      const next = openUpload(b.url, token, 4);
      next.req.end('next');
      expect((await next.answer).status).toBe(201);
    });

    it('without Redis each gateway counts its own: two held on one, two more go through the other', async () => {
      const options = { rateLimit: { perSecond: 0 }, uploads: { perCaller: 2, minBytesPerSecond: 0 } };
      const a = await graph.startGateway(options);
      const b = await graph.startGateway(options);
      const held = [openUpload(a.url, token, 1000), openUpload(a.url, token, 1000)];
      for (const h of held) h.req.write('x');
      await sleep(200);
      for (const body of ['one', 'two']) {
        const u = openUpload(b.url, token, body.length);
        u.req.end(body);
        expect((await u.answer).status).toBe(201);
      }
      for (const h of held) h.req.destroy();
      await Promise.all(held.map((h) => h.answer));
    });

    it('Redis unreachable (nothing at its port): both limits fail open to this gateway\'s memory, counted; /ready says so and stays 200', async () => {
      newPrefix();
      const port = await closedPort();
      const { url, gateway } = await graph.startGateway({ rateLimit: { perSecond: 0.001, burst: 3 }, uploads: { perCaller: 2, minBytesPerSecond: 0 }, redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: prefix } });
      // The memory bucket still holds: 3 answered, the fourth refused.
      for (let i = 0; i < 3; i++) expect((await query(url)).errors).toBeUndefined();
      expect((await query(url)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(await metric(gateway, 'caselink_gateway_limit_store_errors_total{limit="rate"}')).toBe(4);
      const ready = await fetch(new URL('/ready', url));
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { limits: unknown }).limits).toEqual({ store: 'redis', reachable: false, error: 'unreachable' });
      // Uploads (on a gateway without the rate limit, same dead Redis): this gateway's own count per caller.
      const up = await graph.startGateway({ rateLimit: { perSecond: 0 }, uploads: { perCaller: 2, minBytesPerSecond: 0 }, redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: prefix } });
      const held = [openUpload(up.url, token, 1000), openUpload(up.url, token, 1000)];
      for (const h of held) h.req.write('x');
      await sleep(200);
      const third = openUpload(up.url, token, 5);
      third.req.end('third');
      const refused = await third.answer;
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0]).toMatchObject({ message: '2 uploads of this caller are in progress (the limit is 2); send the next when one has finished', extensions: { code: 'RATE_LIMITED', limit: 'uploadsPerCaller', max: 2 } });
      const theirs = openUpload(up.url, colleague, 5);
      theirs.req.end('their');
      expect((await theirs.answer).status).toBe(201);
      // Two held, the third, the colleague's: four uploads asked Redis and fell back.
      expect(await metric(up.gateway, 'caselink_gateway_limit_store_errors_total{limit="uploads"}')).toBe(4);
      for (const h of held) h.req.destroy();
      await Promise.all(held.map((h) => h.answer));
      expect(await keysOf(prefix)).toEqual([]);
    });

    it('Redis that stops answering mid-way: no request hangs (command timeout), limits fall back to memory', async () => {
      newPrefix();
      const proxy = await silenceableProxy();
      try {
        const redis = { url: proxy.url, keyPrefix: prefix, commandTimeoutMs: 100 };
        const { url, gateway } = await graph.startGateway({ rateLimit: { perSecond: 0.001, burst: 3 }, redis });
        const up = await graph.startGateway({ rateLimit: { perSecond: 0 }, uploads: { perCaller: 2, minBytesPerSecond: 0 }, redis });
        // Through Redis first: two tokens of the shared bucket.
        await waitReady(url);
        for (let i = 0; i < 2; i++) expect((await query(url)).errors).toBeUndefined();
        expect(await keysOf(prefix)).toEqual([`${prefix}rate:${await subOf(token)}`]);
        expect(await metric(gateway, 'caselink_gateway_limit_store_errors_total{limit="rate"}')).toBe(0);
        proxy.swallow();
        // Redis silent: each request waits one command timeout, then this gateway's own bucket (3, untouched so far) answers.
        for (let i = 0; i < 3; i++) expect((await query(url)).errors).toBeUndefined();
        expect((await query(url)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        expect(await metric(gateway, 'caselink_gateway_limit_store_errors_total{limit="rate"}')).toBe(4);
        const ready = await fetch(new URL('/ready', url));
        expect(ready.status).toBe(200);
        expect(((await ready.json()) as { limits: unknown }).limits).toEqual({ store: 'redis', reachable: false, error: 'timeout' });
        // Uploads (a gateway without the rate limit, same silent Redis): per caller in its memory; two held, the third refused, a colleague's goes.
        const held = [openUpload(up.url, token, 1000), openUpload(up.url, token, 1000)];
        for (const h of held) h.req.write('x');
        await sleep(400);
        const third = openUpload(up.url, token, 5);
        third.req.end('third');
        const refused = await third.answer;
        expect(refused.status).toBe(429);
        expect(refused.body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'uploadsPerCaller', max: 2 } });
        const theirs = openUpload(up.url, colleague, 5);
        theirs.req.end('their');
        expect((await theirs.answer).status).toBe(201);
        expect(await metric(up.gateway, 'caselink_gateway_limit_store_errors_total{limit="uploads"}')).toBe(4);
        for (const h of held) h.req.destroy();
        await Promise.all(held.map((h) => h.answer));
      } finally {
        await proxy.close();
      }
    });
  });

  /** The caller subject of a token (its `sub`), as the keys name it. */
  async function subOf(t: string): Promise<string> {
    return JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString('utf8')).sub;
  }

  async function waitReady(url: string) {
    for (let i = 0; i < 50; i++) {
      const body = (await (await fetch(new URL('/ready', url))).json()) as { limits: { reachable?: boolean } };
      if (body.limits.reachable) return;
      await sleep(50);
    }
    throw new Error('Redis behind the proxy never became reachable');
  }
});

/** A sample's value in the gateway's /metrics (0 when absent). */
async function metric(gateway: { metrics: { registry: { metrics(): Promise<string> } } }, sample: string): Promise<number> {
  const text = await gateway.metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
