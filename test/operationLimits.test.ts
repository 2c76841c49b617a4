/**
 * The kit's operation measure (subgraphs/kit/operationLimits.ts) on its own: linear in the document
 * (fragments measured once, spreads multiply), saturating instead of overflowing, bounded nesting,
 * and abstract types costed by their dearest concrete type. Property runs compare the measure with a
 * naive reference that expands every fragment at every use (written here, exponential, small inputs
 * only) and bound the measure's work by the document's size. Fixed seed (FC_SEED, FC_RUNS to explore).
 */
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  parse,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkLimits, DEFAULT_LIMITS } from '../gateway/limits';
import { DEFAULT_LIST_SIZE, MAX_NESTING, MEASURE_CAP, measureOperation, measureOperationWork, SUBGRAPH_LIMITS, type OperationMeasures } from '../subgraphs/kit/operationLimits';

const FC = { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: Number(process.env.FC_RUNS ?? 150) };

const schema = buildSchema(/* GraphQL */ `
  type Query { node(id: ID!): Node  search(text: String, first: Int = 10): [Result!]!  case(id: ID!): Case  cases(first: Int = 20): CaseConnection }
  interface Node { id: ID! }
  type Case implements Node { id: ID! number: String parties: [Party!]! agency: Agency timeline: [Event!]! }
  type Agency implements Node { id: ID! name: String cases(first: Int = 20, last: Int): CaseConnection officers: [Officer!]! }
  type Officer implements Node { id: ID! name: String }
  type Party { name: String }
  type Event { at: String }
  type CaseConnection { nodes: [Case!]! }
  union Result = Case | Agency | Officer
`);

const operationOf = (document: DocumentNode) => document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query, { maxTokens: 100_000 });
  return measureOperation(schema, document, operationOf(document), variables);
}
function work(query: string) {
  const document = parse(query, { maxTokens: 100_000 });
  return measureOperationWork(schema, document, operationOf(document)).work.selectionsVisited;
}

/** `{ case { ...F0 } }` where F0..F(n-1) each spread the next twice and Fn selects `leaf`: 2^n copies of it. */
function doublingChain(n: number, leaf = 'a: number') {
  let doc = '{ case(id: "1") { ...F0 } }\n';
  for (let i = 0; i < n; i++) doc += `fragment F${i} on Case { ...F${i + 1} ...F${i + 1} }\n`;
  return `${doc}fragment F${n} on Case { ${leaf} }\n`;
}

describe('fragments are measured once, spreads multiply', () => {
  it('a chain of fragments each spreading the next twice: exact measures, without expanding it', () => {
    // F3 holds one aliased leaf; F0 expands to 2^3 = 8 of them. case(id) is no list: cost 1 + 8.
    expect(measure(doublingChain(3))).toEqual({ depth: 2, aliases: 8, rootFields: 1, cost: 9 });
    // 40 levels: 2^40 = 1099511627776 aliased leaves; measured in one visit per selection.
    const t0 = performance.now();
    expect(measure(doublingChain(40))).toEqual({ depth: 2, aliases: 1_099_511_627_776, rootFields: 1, cost: 1_099_511_627_777 });
    expect(performance.now() - t0).toBeLessThan(200);
    const refusal = checkLimits(measure(doublingChain(40)), DEFAULT_LIMITS);
    expect(refusal?.message).toBe('aliases 1099511627776 exceeds the limit of 30');
    expect(refusal?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxAliases', value: 1_099_511_627_776, max: 30 });
  });

  it('work is one visit per selection per pass: 4n + 6 for the doubling chain of n', () => {
    // Each pass visits: case (1), ...F0 (1), two spreads in each of F0..F(n-1) (2n), the leaf (1).
    expect(work(doublingChain(3))).toBe(18);
    expect(work(doublingChain(40))).toBe(166);
    expect(work(doublingChain(400))).toBe(1606);
  });

  it('saturates at MEASURE_CAP instead of overflowing; the message says "at least"', () => {
    // 2^60 leaves; past 2^53 - 1 the sums stop growing.
    const m = measure(doublingChain(60));
    expect(m).toEqual({ depth: 2, aliases: MEASURE_CAP, rootFields: 1, cost: MEASURE_CAP });
    expect(checkLimits(m, DEFAULT_LIMITS)?.message).toBe('aliases at least 9007199254740991 exceeds the limit of 30');
    expect(checkLimits({ ...m, aliases: 0 }, DEFAULT_LIMITS)?.message).toBe('estimated cost at least 9007199254740991 exceeds the limit of 20000');
    // A page size no Int holds, from a variable (not yet coerced when measured): saturated, not Infinity or NaN.
    const huge = measure('query($n: Int) { cases(first: $n) { nodes { agency { cases(first: $n) { nodes { id } } } } } }', { n: 1e300 });
    expect(huge.cost).toBe(MEASURE_CAP);
  });

  it('a fragment used under a page and elsewhere is measured for each (a list under a page is the page)', () => {
    // under cases(first: 5): nodes is the page (x1); under case(id): parties is a list of 20
    const q = '{ cases(first: 5) { nodes { ...P } } case(id: "1") { ...P } } fragment P on Case { parties { name } }';
    // cases: 1 + 5 * (nodes: 1 + 1 * (parties: 1 + 20 * 1)) = 1 + 5 * 22 = 111; case: 1 + 21 = 22
    expect(measure(q)).toEqual({ depth: 4, aliases: 0, rootFields: 2, cost: 133 });
  });

  it('a page asked for backward (last) costs its size like one asked for forward', () => {
    // cases(last: 50): 1 + 50 * (nodes: 1 + 1 * (number: 1)) = 101
    const q = '{ case(id: "1") { agency { cases(last: 50) { nodes { number } } } } }';
    // case: 1 + (agency: 1 + (cases: 101)) = 103
    expect(measure(q).cost).toBe(103);
    // the larger of first and last when both are given (the subgraph refuses that, but the measure comes first)
    expect(measure('{ case(id: "1") { agency { cases(first: 2, last: 50) { nodes { number } } } } }').cost).toBe(103);
    // neither given: the schema default of first (20): 1 + (1 + (1 + 20 * 2)) = 43
    expect(measure('{ case(id: "1") { agency { cases { nodes { number } } } } }').cost).toBe(43);
  });
});

describe('documents that cannot be measured are refused, never overflow the stack', () => {
  const refusal = (query: string) => {
    try {
      measure(query);
    } catch (err) {
      return err as { message: string; extensions: Record<string, unknown> };
    }
    throw new Error('measured');
  };

  it(`a chain of 2000 fragments: nested more than ${MAX_NESTING} levels`, () => {
    let doc = '{ case(id: "1") { ...F0 } }\n';
    for (let i = 0; i < 2000; i++) doc += `fragment F${i} on Case { ...F${i + 1} }\n`;
    doc += 'fragment F2000 on Case { id }';
    const err = refusal(doc);
    expect(err.message).toBe('selections nested more than 500 levels deep (fields, inline fragments and fragment spreads)');
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'nesting', max: 500 });
  });

  it('selection sets nested 1000 deep (inline fragments): the same refusal', () => {
    // (graphql-js's parser itself overflows the stack a few thousand levels down: a parse error.)
    const doc = `{ case(id: "1") { ${'... on Case { '.repeat(1000)} id ${'} '.repeat(1000)} } }`;
    expect(refusal(doc).extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'nesting' });
  });

  it('nesting at the bound is measured, one level more is refused', () => {
    // root set (1), case's set (2), then 498 inline fragments (3..500): 500 levels.
    const ok = `{ case(id: "1") { ${'... on Case { '.repeat(498)} id ${'} '.repeat(498)} } }`;
    expect(measure(ok)).toEqual({ depth: 2, aliases: 0, rootFields: 1, cost: 2 });
    const over = `{ case(id: "1") { ${'... on Case { '.repeat(499)} id ${'} '.repeat(499)} } }`;
    expect(refusal(over).extensions).toMatchObject({ limit: 'nesting' });
  });

  it('fragment cycles (a document that skipped validation) are refused at once', () => {
    expect(refusal('{ case(id: "1") { ...A } } fragment A on Case { ...B } fragment B on Case { id ...A }').message).toBe('fragments spread each other in a cycle');
    expect(refusal('{ case(id: "1") { ...A } } fragment A on Case { ...A ...A }').extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('unknown fragments and fields count as plain fields', () => {
    expect(measure('{ case(id: "1") { ...Nope nope { deeper } } }')).toEqual({ depth: 3, aliases: 0, rootFields: 1, cost: 1 + (1 + 1) });
  });
});

describe('abstract types: the dearest concrete type counts, not every branch', () => {
  // Result = Case | Agency | Officer, all three implement Node.
  const search = (first: number) => `{ search(text: "x", first: ${first}) {
    __typename
    ... on Node { id }
    ... on Case { number agency { cases(first: 40) { nodes { number } } } }
    ... on Agency { name cases(first: 50) { nodes { number } } }
    ... on Officer { name }
  } }`;

  it('a union: each item is one of its types', () => {
    // Case:    id 1 + number 1 + agency (1 + cases(40): 1 + 40 * (nodes 1 + number 1)) = 1 + 1 + 82 = 84
    // Agency:  id 1 + name 1 + cases(50): 1 + 50 * 2 = 103
    // Officer: id 1 + name 1 = 2
    // search(first: 150): 1 + 150 * 103 = 15451 (every branch summed: 1 + 150 * (1 + 83 + 102 + 1) = 28051)
    expect(measure(search(150))).toEqual({ depth: 5, aliases: 0, rootFields: 1, cost: 15_451 });
    expect(checkLimits(measure(search(150)), DEFAULT_LIMITS)).toBeNull();
  });

  it('an interface, with a named fragment on one implementation', () => {
    const q = `{ node(id: "1") { id ... on Case { timeline { at } parties { name } } ... on Agency { officers { name } } ...AgencyCases } }
      fragment AgencyCases on Agency { cases(first: 30) { nodes { number } } }`;
    // Case: id 1 + timeline (1 + 20) + parties (1 + 20) = 43; Agency: id 1 + officers 21 + cases(30) (1 + 30 * 2) = 83; Officer: id 1.
    // node is no list: 1 + 83 = 84 (every branch summed: 1 + 1 + 42 + 21 + 61 = 126)
    expect(measure(q)).toEqual({ depth: 4, aliases: 0, rootFields: 1, cost: 84 });
  });

  it('a fragment on an interface applies to each implementation inside a union', () => {
    const q = '{ search(first: 2) { ...Named ... on Officer { name } } } fragment Named on Node { id }';
    // Case and Agency: id 1; Officer: id 1 + name 1 = 2. 1 + 2 * 2 = 5
    expect(measure(q).cost).toBe(5);
  });

  it('aliases still count every branch: they are what the document asks for', () => {
    expect(measure('{ search { ... on Case { a: id } ... on Agency { b: id c: name } } }').aliases).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated fragment graphs against a naive reference.

type Item =
  | { kind: 'leaf'; pick: number; alias: boolean }
  | { kind: 'spread'; pick: number }
  | { kind: 'field'; pick: number; alias: boolean; first: number | null; items: Item[] }
  | { kind: 'inline'; pick: number; items: Item[] };

const { item } = fc.letrec<{ item: Item }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('leaf' as const), pick: fc.nat(99), alias: fc.boolean() }),
    fc.record({ kind: fc.constant('spread' as const), pick: fc.nat(99) }),
    fc.record({ kind: fc.constant('field' as const), pick: fc.nat(99), alias: fc.boolean(), first: fc.option(fc.nat(30)), items: fc.array(tie('item'), { maxLength: 4 }) }),
    fc.record({ kind: fc.constant('inline' as const), pick: fc.nat(99), items: fc.array(tie('item'), { maxLength: 4 }) }),
  ),
}));
const CONDITIONS = ['Case', 'Agency', 'Officer', 'Node', 'Result', 'Party'];
const graphArb = fc.record({
  operation: fc.array(item, { minLength: 1, maxLength: 4 }),
  fragments: fc.array(fc.record({ condition: fc.nat(CONDITIONS.length - 1), items: fc.array(item, { minLength: 1, maxLength: 5 }) }), { maxLength: 7 }),
});

/** Renders generated items as selections on `typeName`; fragment i may spread only fragments after it (a DAG). */
function render(items: Item[], typeName: string, fragmentCount: number, from: number): string {
  const type = schema.getType(typeName)!;
  const fields = isObjectType(type) || 'getFields' in type ? Object.values((type as GraphQLObjectType).getFields()) : [];
  const leaves = fields.filter((f) => !f.args.length && !isObjectLike(getNamedType(f.type)));
  const composites = fields.filter((f) => isObjectLike(getNamedType(f.type)));
  const parts = items.map((it): string => {
    switch (it.kind) {
      case 'leaf': {
        const name = leaves.length ? leaves[it.pick % leaves.length]!.name : '__typename';
        return `${it.alias ? `x${it.pick}: ` : ''}${name}`;
      }
      case 'spread':
        return fragmentCount > from ? `...F${from + (it.pick % (fragmentCount - from))}` : '';
      case 'field': {
        if (!composites.length) return '__typename';
        const f = composites[it.pick % composites.length]!;
        const args = [f.args.some((a) => a.name === 'id') ? 'id: "1"' : '', it.first !== null && f.args.some((a) => a.name === 'first') ? `first: ${it.first}` : ''].filter(Boolean);
        const inner = render(it.items, getNamedType(f.type).name, fragmentCount, from);
        return `${it.alias ? `y${it.pick}: ` : ''}${f.name}${args.length ? `(${args.join(', ')})` : ''} { ${inner} }`;
      }
      case 'inline': {
        const on = CONDITIONS[it.pick % CONDITIONS.length]!;
        return `... on ${on} { ${render(it.items, on, fragmentCount, from)} }`;
      }
    }
  });
  const text = parts.filter(Boolean).join(' ');
  return text || '__typename';
}
const isObjectLike = (t: GraphQLNamedType) => isObjectType(t) || isAbstractType(t);

function renderDocument(g: { operation: Item[]; fragments: { condition: number; items: Item[] }[] }): string {
  const n = g.fragments.length;
  const op = `{ ${render(g.operation, 'Query', n, 0)} }`;
  const frags = g.fragments.map((f, i) => {
    const on = CONDITIONS[f.condition]!;
    return `fragment F${i} on ${on} { ${render(f.items, on, n, i + 1)} }`;
  });
  return [op, ...frags].join('\n');
}

/**
 * The reference: every spread expanded where it is used, every concrete type of an abstract field
 * measured from scratch. Same rules as the doc comment of measureOperation, no memo, no shortcuts.
 */
function naiveMeasure(document: DocumentNode, variables: Record<string, unknown> = {}): OperationMeasures {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const cap = (x: number) => Math.min(x, MEASURE_CAP);
  const condition = (node: { typeCondition?: { name: { value: string } } | undefined }) => (node.typeCondition ? schema.getType(node.typeCondition.name.value) : undefined);
  const bodyOf = (sel: SelectionSetNode['selections'][number]) => (sel.kind === Kind.INLINE_FRAGMENT ? sel : sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : undefined);

  /** Every field of the set with all fragments expanded, whatever their type condition. */
  const allFields = (set: SelectionSetNode): FieldNode[] =>
    set.selections.flatMap((sel) => (sel.kind === Kind.FIELD ? [sel] : bodyOf(sel) ? allFields(bodyOf(sel)!.selectionSet) : []));
  /** The fields an item of the object type gets (graphql-js's collectFields, without merging). */
  const fieldsFor = (set: SelectionSetNode, runtime: GraphQLObjectType): FieldNode[] =>
    set.selections.flatMap((sel) => {
      if (sel.kind === Kind.FIELD) return [sel];
      const body = bodyOf(sel);
      const on = body && condition(body);
      if (!body || (on && on !== runtime && !(isAbstractType(on) && schema.isSubType(on, runtime)))) return [];
      return fieldsFor(body.selectionSet, runtime);
    });
  const aliases = (set: SelectionSetNode): number => allFields(set).reduce((sum, f) => cap(sum + (f.alias ? 1 : 0) + (f.selectionSet ? aliases(f.selectionSet) : 0)), 0);

  function one(set: SelectionSetNode, runtime: GraphQLObjectType, paged: boolean): { depth: number; cost: number } {
    let depth = 0;
    let cost = 0;
    for (const f of fieldsFor(set, runtime)) {
      if (f.name.value === '__schema' || f.name.value === '__type') continue;
      depth = Math.max(depth, 1);
      if (!f.selectionSet) {
        cost = cap(cost + (f.name.value === '__typename' ? 0 : 1));
        continue;
      }
      const def = runtime.getFields()[f.name.value]!;
      const sizeArgs = def.args.filter((a) => a.name === 'first' || a.name === 'last');
      let size: number | null = null;
      if (sizeArgs.length) {
        const given = sizeArgs.map((a) => {
          const node = f.arguments?.find((x) => x.name.value === a.name);
          return node ? valueFromAST(node.value, a.type, variables) : undefined;
        });
        const numbers = given.filter((v): v is number => typeof v === 'number');
        const fallback = sizeArgs.find((a) => typeof a.defaultValue === 'number')?.defaultValue;
        size = numbers.length ? Math.max(...numbers) : typeof fallback === 'number' ? fallback : DEFAULT_LIST_SIZE;
      }
      const multiplier = size ?? (isListType(getNullableType(def.type)) && !paged ? DEFAULT_LIST_SIZE : 1);
      const child = item(f.selectionSet, getNamedType(def.type), size !== null);
      depth = Math.max(depth, 1 + child.depth);
      cost = cap(cost + cap(1 + cap(multiplier * child.cost)));
    }
    return { depth, cost };
  }
  function item(set: SelectionSetNode, declared: GraphQLNamedType, paged: boolean) {
    const types = isAbstractType(declared) ? schema.getPossibleTypes(declared) : [declared as GraphQLObjectType];
    const each = types.map((t) => one(set, t, paged));
    return { depth: Math.max(0, ...each.map((m) => m.depth)), cost: Math.max(0, ...each.map((m) => m.cost)) };
  }

  const op = operationOf(document);
  const root = item(op.selectionSet, schema.getQueryType()!, false);
  return { depth: root.depth, aliases: aliases(op.selectionSet), rootFields: allFields(op.selectionSet).filter((f) => f.name.value !== '__typename').length, cost: root.cost };
}

/** Selections written in the document (fields, inline fragments, spreads), in every definition. */
function selectionCount(document: DocumentNode): number {
  let n = 0;
  const count = (set: SelectionSetNode) => {
    for (const sel of set.selections) {
      n++;
      if (sel.kind !== Kind.FRAGMENT_SPREAD && sel.selectionSet) count(sel.selectionSet);
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) count(d.selectionSet);
  return n;
}

describe('generated fragment graphs', () => {
  it('the memoised measure equals the naive expansion', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const document = parse(renderDocument(g));
        expect(measureOperation(schema, document, operationOf(document))).toEqual(naiveMeasure(document));
      }),
      FC,
    );
  });

  it('work is bounded by the document: at most (1 + 2 x object types) visits per selection written, however often fragments expand', () => {
    // Pass 1 visits each selection set once; pass 2 once per (runtime object type, under a page or not).
    const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__')).length;
    expect(objectTypes).toBe(7);
    fc.assert(
      fc.property(graphArb, (g) => {
        const document = parse(renderDocument(g));
        const { work } = measureOperationWork(schema, document, operationOf(document));
        expect(work.selectionsVisited).toBeLessThanOrEqual((1 + 2 * objectTypes) * selectionCount(document));
      }),
      FC,
    );
  });

  it('adding fragments to a doubling chain adds a constant amount of work, while the expansion doubles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5 }), (n, width) => {
        // each fragment spreads the next `width` times: width^n expanded leaves
        let doc = '{ case(id: "1") { ...F0 } }\n';
        for (let i = 0; i < n; i++) doc += `fragment F${i} on Case { ${` ...F${i + 1}`.repeat(width)} }\n`;
        doc += `fragment F${n} on Case { a: number }`;
        const document = parse(doc);
        const { measures, work } = measureOperationWork(schema, document, operationOf(document));
        expect(work.selectionsVisited).toBe(2 * (3 + width * n));
        expect(measures.aliases).toBe(Math.min(width ** n, MEASURE_CAP));
      }),
      FC,
    );
  });
});

describe('the subgraph limits still hold an operation the gateway lets through', () => {
  it('the doubling chain of 7 with four aliases is 512 aliases: over a subgraph limit of 500', () => {
    const m = measure(doublingChain(7, 'a: number b: id c: number d: id'));
    expect(m.aliases).toBe(512);
    expect(checkLimits(m, SUBGRAPH_LIMITS)?.message).toBe('aliases 512 exceeds the limit of 500');
  });
});
