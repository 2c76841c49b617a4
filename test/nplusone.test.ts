import { randomUUID } from 'node:crypto';
import { desc, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, parties } from '../subgraphs/cases/db/schema';
import { documents, dossiers } from '../subgraphs/dossiers/db/schema';
import { cases as demoCases } from '../demo/cases';
import { reencryptAll } from '../subgraphs/cases/personalData';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const QUERY = /* GraphQL */ `
  query($first: Int) {
    cases(first: $first) {
      nodes {
        number
        parties { kind }
        handlingAgency { name division { name } }
        dossier { version documents { kind sha256 } }
      }
    }
  }
`;

describe(`SQL statements per request do not grow with the list (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ login: 'wang.li.zj-proc' }); // supervises the whole province
    // Top the demo province up to well over 100 cases, each with a party and a dossier with a document.
    const template = demoCases[0]!;
    const now = Date.now();
    const extra = Array.from({ length: 120 }, (_, i) => ({ id: randomUUID(), i }));
    await graph.subgraphs.cases!.db.insert(cases).values(
      extra.map(({ id, i }) => ({
        id,
        number: `XF-TEST-${i}`,
        title: `test case ${i}`,
        sector: template.sector,
        status: 'DRAFT' as const,
        handlingAgencyId: template.handlingAgencyId,
        divisionCode: template.divisionCode,
        facts: 'facts',
        amountInvolved: 1000,
        createdBy: 'test',
        createdAt: new Date(now + i * 1000),
        updatedAt: new Date(now + i * 1000),
      })),
    );
    await graph.subgraphs.cases!.db.insert(parties).values(
      extra.map(({ id }) => ({ id: randomUUID(), caseId: id, position: 0, kind: 'COMPANY' as const, name: '某公司', creditCode: template.parties[0]!.creditCode })),
    );
    await reencryptAll(graph.subgraphs.cases!.db); // clear rows, as by an older version: the backfill encrypts them
    await graph.subgraphs.dossiers!.db.insert(dossiers).values(extra.map(({ id }) => ({ id: `ds-${id}`, caseId: id, handlingAgencyId: template.handlingAgencyId, divisionCode: template.divisionCode, createdBy: 'test', createdAt: new Date(now) })));
    await graph.subgraphs.dossiers!.db.insert(documents).values(
      extra.map(({ id }) => ({ id: randomUUID(), dossierId: `ds-${id}`, kind: 'TRANSFER_LETTER' as const, title: 't', sha256: 'a'.repeat(64), size: 1, createdAt: new Date(now) })),
    );
  });
  afterAll(() => graph?.close());
  // One read first: it brings the demo dossiers' stored scope up to their cases' statements (one
  // UPDATE, measured in the second test) and runs each subgraph's first-request work.
  beforeAll(async () => {
    expect((await graph.query(QUERY, { first: 100 }, { token })).errors).toBeUndefined();
  });

  async function countFor(first: number) {
    const before = await Promise.all(['agencies', 'cases', 'dossiers'].map((s) => graph.sqlCount(s)));
    const res = await graph.query(QUERY, { first }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.cases.nodes).toHaveLength(first);
    const after = await Promise.all(['agencies', 'cases', 'dossiers'].map((s) => graph.sqlCount(s)));
    return after.map((n, i) => n - before[i]!);
  }

  it('10 cases and 100 cases cost the same statements in every subgraph', async () => {
    const ten = await countFor(10);
    const hundred = await countFor(100);
    expect(hundred).toEqual(ten);
    // agencies: agencies + divisions; cases: the page + parties (the scope statements need only the
    // parties) + one access-log insert; dossiers: dossiers + documents + one access-log insert.
    // Under the national profile too (lowered by hand from [2, 8, 8], decision 100): the service
    // computes the SM3 chain from the head its writer last left and sends rows, entries and the head
    // in one statement that moves the head only if it is still that one; the first request (above)
    // read the head. Before, each request locked it in a transaction of six statements (decision 93).
    expect(ten).toEqual([2, 3, 3]);
  });

  it('dossiers whose stored scope is older than their cases’ statements are brought up to them in one UPDATE, whatever the list size', async () => {
    const steady = await countFor(100);
    // A step on every listed case raises its scope statement's seq above the dossiers' stored one.
    const listed = (await graph.subgraphs.cases!.db.select({ id: cases.id }).from(cases).orderBy(desc(cases.createdAt)).limit(100)).map((r) => r.id);
    await graph.subgraphs.cases!.db.update(cases).set({ timelineLength: sql`${cases.timelineLength} + 1` }).where(inArray(cases.id, listed));
    const plusUpdate = [steady[0], steady[1], steady[2]! + 1];
    expect(await countFor(10)).toEqual(plusUpdate);
    expect(await countFor(100)).toEqual(plusUpdate);
    // Confirmed: reading through the case again writes nothing.
    expect(await countFor(100)).toEqual(steady);
    const stored = await graph.subgraphs.dossiers!.db.select({ seq: dossiers.scopeSeq }).from(dossiers).where(inArray(dossiers.caseId, listed));
    const seqs = await graph.subgraphs.cases!.db.select({ id: cases.id, seq: cases.timelineLength }).from(cases).where(inArray(cases.id, listed));
    expect(stored.map((r) => r.seq).sort()).toEqual(seqs.map((r) => r.seq).sort());
  });
});
