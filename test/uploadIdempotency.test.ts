import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '../subgraphs/dossiers/db/schema';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { makeCreditCode } from '../subgraphs/kit/identifiers';
import { caseInput, createCase, openDossier, uploadDocument, type FileAnswer } from './dossierClient';

/*
 * Issue 10: a retried document upload must not add a second document. Uploads carry an optional
 * `Idempotency-Key` header, through the gateway's /files pass-through to the dossiers subgraph.
 */
describe(`document uploads with an Idempotency-Key, through the gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const tokens: Record<string, string> = {};
  let dossierId: string;

  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const send = (who: string, key: string | null, body: string, params: Record<string, string> = {}) =>
    uploadDocument(graph, tokens[who]!, dossierId, { kind: 'INSPECTION_RECORD', title: '现场照片', ...params }, body, {
      contentType: 'application/pdf',
      headers: key === null ? {} : { 'idempotency-key': key },
    });
  const rowsUnder = (key: string) =>
    graph.subgraphs.dossiers!.db.select().from(documents).where(and(eq(documents.dossierId, dossierId), eq(documents.idempotencyKey, key)));
  const version = async () => {
    const res = await graph.query(`query($id: ID!) { dossier(id: $id) { version } }`, { id: dossierId }, { token: tokens.officer! });
    expect(res.errors).toBeUndefined();
    return res.data.dossier.version as number;
  };
  const expectConflict = (a: FileAnswer, key: string, differs: string[]) => {
    expect(a.status, JSON.stringify(a.body)).toBe(409);
    expect(a.headers.get('content-type')).toMatch(/json/);
    expect(a.body.errors).toHaveLength(1);
    expect(a.body.errors[0].extensions).toEqual({ code: 'CONFLICT', idempotencyKey: key, differs });
    expect(a.body.errors[0].message).toContain(JSON.stringify(key));
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    for (const [who, login] of Object.entries({ officer: 'xu.chunyan.hz-msa', colleague: 'lin.chenyang.hz-msa' })) tokens[who] = await graph.token({ login });
    const caseId = await createCase(graph, tokens.officer!, caseInput([{ kind: 'COMPANY', name: '杭州某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') }]));
    const res = await openDossier(graph, tokens.officer!, caseId);
    expect(res.errors).toBeUndefined();
    dossierId = res.data.openDossier.id;
  });
  afterAll(() => graph?.close());

  it('a replay with the same key and content returns the first document: 200, Idempotency-Replayed, one row, one version', async () => {
    const key = randomUUID();
    const before = await version();
    const first = await send('officer', key, 'photo 1');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    expect(first.body).toMatchObject({ replayed: false, document: { sha256: sha('photo 1'), addedInVersion: before + 1 } });

    const again = await send('officer', key, 'photo 1');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await rowsUnder(key)).toHaveLength(1);
    expect(await version()).toBe(before + 1);

    // The key is trimmed like the workflow's: the same key with spaces around it is the same key.
    expect((await send('officer', `  ${key} `, 'photo 1')).status).toBe(200);
    // Without a key, the same bytes are a new document, as before.
    const keyless = await send('officer', null, 'photo 1');
    expect(keyless.status).toBe(201);
    expect(keyless.body.document.id).not.toBe(first.body.document.id);
  });

  it('the same key with other content, or other parameters, is CONFLICT naming the key; nothing is added', async () => {
    const key = `conflict-${randomUUID()}`;
    expect((await send('officer', key, 'statement v1')).status).toBe(201);
    const before = await version();
    expectConflict(await send('officer', key, 'statement v2'), key, ['content']);
    expectConflict(await send('officer', key, 'statement v1', { title: '询问笔录' }), key, ['title']);
    expectConflict(await send('officer', key, 'statement v1', { kind: 'OTHER_MATERIAL' }), key, ['kind']);
    expectConflict(await send('officer', key, 'statement v1', { sensitivity: 'C3' }), key, ['sensitivity']);
    expect(await rowsUnder(key)).toHaveLength(1);
    expect(await version()).toBe(before);
  });

  it('concurrent identical uploads with one key make one document; every answer names it', async () => {
    const key = randomUUID();
    const before = await version();
    // Four at once: the gateway admits at most four uploads per caller at a time (RATE_LIMITED beyond).
    const answers = await Promise.all(Array.from({ length: 4 }, () => send('officer', key, 'seized items list')));
    for (const a of answers) expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.document.id)).size).toBe(1);
    expect(answers.filter((a) => a.status === 200).every((a) => a.headers.get('idempotency-replayed') === 'true')).toBe(true);
    expect(await rowsUnder(key)).toHaveLength(1);
    expect(await version()).toBe(before + 1);
  });

  it('concurrent uploads with one key and different content: one document, the others CONFLICT', async () => {
    const key = randomUUID();
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((x) => send('officer', key, `inspection report ${x}`)));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) expectConflict(a, key, ['content']);
    expect(await rowsUnder(key)).toHaveLength(1);
  });

  it('keys are per officer and per dossier: a colleague using the same key adds his own document', async () => {
    const key = `shared-${randomUUID()}`;
    const mine = await send('officer', key, 'notes');
    const theirs = await send('colleague', key, 'notes');
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.document.id).not.toBe(mine.body.document.id);
    expect(await rowsUnder(key)).toHaveLength(2);
  });

  it('a retried replacement returns the first replacement, though the replaced document is no longer current', async () => {
    const original = await send('officer', null, 'draft letter', { kind: 'TRANSFER_LETTER', title: '移送书' });
    expect(original.status).toBe(201);
    const key = randomUUID();
    const params = { kind: 'TRANSFER_LETTER', title: '移送书', replaces: original.body.document.id, reason: '更正日期' };
    const first = await send('officer', key, 'final letter', params);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await send('officer', key, 'final letter', params);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.document).toEqual(first.body.document);
    expectConflict(await send('officer', key, 'final letter', { ...params, reason: '另一个理由' }), key, ['reason']);
    // Without the key it is a new request, refused as before: nothing current to replace.
    const keyless = await send('officer', null, 'final letter', params);
    expect(keyless.status).toBe(409);
  });

  it.each([
    ['too short', 'abc'],
    ['blank', '        '],
    ['too long', 'k'.repeat(201)],
    ['not visible ASCII', 'schlüssel-0001'],
    ['with a space inside', 'my key 0001'],
  ])('a key %s is BAD_USER_INPUT naming the header; nothing is read or added', async (_label, key) => {
    const before = await version();
    const a = await send('officer', key, 'photo');
    expect(a.status, JSON.stringify(a.body)).toBe(400);
    expect(a.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'idempotency-key' });
    expect(a.body.errors[0].message).toMatch(/^idempotency-key: /);
    expect(await version()).toBe(before);
  });
});
