/**
 * Operation limits against documents built to make the measure expensive, through the real gateway
 * and straight to a subgraph (the kit's check): chains of fragments each spreading the next twice
 * (2^n expansions in a few hundred bytes), long chains and deep nesting (a clear 400, never a 500),
 * and a subgraph's `_Entity` union costed by its dearest member instead of every branch at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../subgraphs/kit/caller';
import { asGateway } from './asGateway';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const SUBGRAPHS = ['agencies', 'cases', 'dossiers'];
const SUPERVISOR: Caller = {
  sub: 'of-limits', agencyId: 'ag-330300-proc', agencyKind: 'PROCURATORATE', division: '330300',
  roles: ['SUPERVISOR'], purpose: 'SUPERVISION', requestId: 'req-operation-limits',
};

/** `{ cases(first: 1) { nodes { ...F0 } } }` where F0..F(n-1) each spread the next twice and Fn selects `leaf`. */
function doublingChain(n: number, leaf: string) {
  let doc = '{ cases(first: 1) { nodes { ...F0 } } }\n';
  for (let i = 0; i < n; i++) doc += `fragment F${i} on Case { ...F${i + 1} ...F${i + 1} }\n`;
  return `${doc}fragment F${n} on Case { ${leaf} }\n`;
}
const FOUR_ALIASES = 'a: number b: title c: status d: stage';

describe(`operation limits against expensive documents (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ login: 'wang.li.zj-proc' });
  });
  afterAll(() => graph?.close());

  const subgraphWork = async () => (await Promise.all(SUBGRAPHS.flatMap((s) => [graph.operationsCount(s), graph.sqlCount(s)]))).reduce((a, b) => a + b, 0);

  /** Sends through the gateway; expects a 400 BAD_USER_INPUT with the message, in under a second, no subgraph reached. */
  async function expectRefusedAtGateway(query: string, message: string, limit: string) {
    const before = await subgraphWork();
    const started = performance.now();
    const res = await graph.query(query, {}, { token });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toBe(message);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    expect(res.data ?? null).toBeNull();
    expect(elapsed).toBeLessThan(1000);
    expect(await subgraphWork()).toBe(before);
  }

  describe('at the gateway', () => {
    it('a chain of 2 doublings with four aliases is 16 aliases: answered', async () => {
      const res = await graph.query(doublingChain(2, FOUR_ALIASES), {}, { token });
      expect(res.errors).toBeUndefined();
      expect(Object.keys(res.data.cases.nodes[0]).sort()).toEqual(['a', 'b', 'c', 'd']);
    });

    it('3 doublings with four aliases is 32 aliases: refused, naming the limit and the exact count', async () => {
      await expectRefusedAtGateway(doublingChain(3, FOUR_ALIASES), 'aliases 32 exceeds the limit of 30', 'maxAliases');
    });

    it('40 doublings (1.6 KB): 2^40 aliases, refused at once', async () => {
      const doc = doublingChain(40, 'a: number');
      expect(doc.length).toBeLessThan(1700);
      await expectRefusedAtGateway(doc, 'aliases 1099511627776 exceeds the limit of 30', 'maxAliases');
    });

    it('40 doublings without aliases: the cost, exact (cases(first: 1): 1 + (nodes: 1 + 2^40 numbers))', async () => {
      await expectRefusedAtGateway(doublingChain(40, 'number'), 'estimated cost 1099511627778 exceeds the limit of 20000', 'maxCost');
    });

    it('70 doublings: the count saturates, the message says so', async () => {
      await expectRefusedAtGateway(doublingChain(70, 'number'), 'estimated cost at least 9007199254740991 exceeds the limit of 20000', 'maxCost');
    });

    it('other callers are answered while such documents arrive', async () => {
      const hostile = Array.from({ length: 10 }, () => graph.query(doublingChain(60, 'a: number'), {}, { token }));
      const started = performance.now();
      const plain = await graph.query('{ cases(first: 1) { nodes { number } } }', {}, { token });
      expect(plain.errors).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(2000);
      for (const res of await Promise.all(hostile)) expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('a chain of 350 fragments each spreading the next (2,800 tokens): measured and answered', async () => {
      let doc = '{ cases(first: 1) { nodes { ...F0 } } }\n';
      for (let i = 0; i < 350; i++) doc += `fragment F${i} on Case { ...F${i + 1} }\n`;
      doc += 'fragment F350 on Case { number }';
      const res = await graph.query(doc, {}, { token });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.cases.nodes).toHaveLength(1);
    });

    it('inline fragments nested 550 deep: refused as too deeply nested, not a 500', async () => {
      const doc = `{ cases(first: 1) { nodes { ${'... on Case { '.repeat(550)} id ${'} '.repeat(550)} } } }`;
      await expectRefusedAtGateway(doc, 'selections nested more than 500 levels deep (fields, inline fragments and fragment spreads)', 'nesting');
    });
  });

  describe("straight to a subgraph (the kit's check)", () => {
    /** Sends to the cases subgraph as the gateway would; expects a 400 BAD_USER_INPUT naming the limit, no SQL run. */
    async function expectRefusedAtSubgraph(query: string, message: string, limit: string, variables: Record<string, unknown> = {}) {
      const sql = await graph.sqlCount('cases');
      const started = performance.now();
      const res = await asGateway(graph, 'cases', SUPERVISOR, query, variables);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.message).toBe(message);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
      expect(await graph.sqlCount('cases')).toBe(sql);
    }

    it('7 doublings with four aliases: 512 aliases, over the subgraph limit of 500', async () => {
      await expectRefusedAtSubgraph(doublingChain(7, FOUR_ALIASES), 'aliases 512 exceeds the limit of 500', 'maxAliases');
    });

    it('40 doublings: refused at once', async () => {
      await expectRefusedAtSubgraph(doublingChain(40, 'a: number'), 'aliases 1099511627776 exceeds the limit of 500', 'maxAliases');
    });

    it('a chain of 450 fragments, each two inline fragments deep (1,350 levels): refused as too deeply nested', async () => {
      let doc = '{ cases(first: 1) { nodes { ...F0 } } }\n';
      for (let i = 0; i < 450; i++) doc += `fragment F${i} on Case { ... on Case { ... on Case { ...F${i + 1} } } }\n`;
      doc += 'fragment F450 on Case { number }';
      await expectRefusedAtSubgraph(doc, 'selections nested more than 500 levels deep (fields, inline fragments and fragment spreads)', 'nesting');
    });

    it('a chain of 5,000 fragments (40,000 tokens): refused before validation, whose cycle check would overflow the stack', async () => {
      let doc = '{ cases(first: 1) { nodes { ...F0 } } }\n';
      for (let i = 0; i < 5000; i++) doc += `fragment F${i} on Case { ...F${i + 1} }\n`;
      doc += 'fragment F5000 on Case { number }';
      await expectRefusedAtSubgraph(doc, 'the document defines more than 500 fragments', 'fragments');
    });

    it('inline fragments nested 1,000 deep: refused as too deeply nested', async () => {
      const doc = `{ cases(first: 1) { nodes { ${'... on Case { '.repeat(1000)} id ${'} '.repeat(1000)} } } }`;
      await expectRefusedAtSubgraph(doc, 'selections nested more than 500 levels deep (fields, inline fragments and fragment spreads)', 'nesting');
    });

    it("nested 8,000 deep (40,000 tokens): graphql-js's parser gives up first, a 400 parse error", async () => {
      const doc = `{ cases(first: 1) { nodes { ${'... on Case { '.repeat(8000)} id ${'} '.repeat(8000)} } } }`;
      const res = await asGateway(graph, 'cases', SUPERVISOR, doc);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });

    it("an entity fetch for a Case and an Agency: the _Entity union costs its dearest member, not both", async () => {
      const page = await asGateway(graph, 'cases', SUPERVISOR, '{ cases(first: 1) { nodes { id handlingAgency { id } } } }');
      const node = page.data.cases.nodes[0];
      const representations = [{ __typename: 'Case', id: node.id }, { __typename: 'Agency', id: node.handlingAgency.id }];
      const inner = 'cases(first: 20) { nodes { number timeline { seq } deadlines { state } } }';
      const query = `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Case { handlingAgency { cases(first: 100) { nodes { handlingAgency { ${inner} } } } } }
        ... on Agency { cases(first: 100) { nodes { handlingAgency { ${inner} } } } }
      } }`;
      // inner nodes: 1 + number 1 + timeline (1 + 20 * 1) + deadlines (1 + 20 * 1) = 44
      // inner cases(first: 20): 1 + 20 * 44 = 881; handlingAgency 882; outer nodes 883
      // Agency: cases(first: 100) = 1 + 100 * 883 = 88301; Case: handlingAgency + that = 88302
      // _entities (a list of 20 assumed): 1 + 20 * 88302 = 1766041 <= 2000000.
      // Every branch summed, as before: 1 + 20 * (88302 + 88301) = 3532061, which was refused.
      const res = await asGateway(graph, 'cases', SUPERVISOR, query, { r: representations });
      expect(res.errors?.filter((e) => e.extensions?.code === 'BAD_USER_INPUT')).toEqual(undefined);
      expect(res.status).toBe(200);
      expect(res.data._entities).toHaveLength(2);
      // One branch more than the limit allows is still refused: the dearest member alone at 2,000,000+.
      const dearer = query.replace('... on Agency { cases(first: 100)', '... on Agency { cases(first: 114)');
      // Agency: 1 + 114 * 883 = 100663; 1 + 20 * 100663 = 2013261
      await expectRefusedAtSubgraph(dearer, 'estimated cost 2013261 exceeds the limit of 2000000', 'maxCost', { r: representations });
    });

    it('one document, its page size a variable: measured with each request\'s value, never one remembered from an earlier request', async () => {
      const query = 'query($n: Int!) { cases(first: $n) { nodes { number } } }';
      const answered = async (n: number) => {
        const res = await asGateway(graph, 'cases', SUPERVISOR, query, { n });
        expect(res.errors).toBeUndefined();
        expect(res.status).toBe(200);
      };
      await answered(1);
      // 1 + n * (nodes 1 + number 1) = 1 + 2n
      await expectRefusedAtSubgraph(query, 'estimated cost 2000001 exceeds the limit of 2000000', 'maxCost', { n: 1_000_000 });
      await answered(2);
      await expectRefusedAtSubgraph(query, 'estimated cost 2000003 exceeds the limit of 2000000', 'maxCost', { n: 1_000_001 });
    });

    it('one document with its page size written in: refused every time it is sent, not only the first', async () => {
      const query = '{ cases(first: 1000000) { nodes { number } } }';
      await expectRefusedAtSubgraph(query, 'estimated cost 2000001 exceeds the limit of 2000000', 'maxCost');
      await expectRefusedAtSubgraph(query, 'estimated cost 2000001 exceeds the limit of 2000000', 'maxCost');
    });
  });
});
