/**
 * What the operation-limit measure costs as documents grow (issue 15): the kit's measureOperation
 * on generated documents of growing size, in one run, against the gateway's API schema (and the
 * cases subgraph's schema for its `_Entity` union). Prints, per document: its bytes and selections,
 * the time per measure, the time per selection (flat when the measure is linear), the selections
 * visited per selection written, and the measure this one replaced (kept below, in this file only),
 * which expanded every fragment at every use: exponential in a chain of fragments. Visits per
 * selection are exact (the linearity the tests assert); times are the best of 15 rounds.
 *
 *   node --import tsx test/bench/operation-limits.ts [--budget-ms 200]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Supergraph } from '@apollo/federation-internals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  parse,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { SUPERGRAPH_PATH } from '../harness';
import { POLICY_SDL } from '../../subgraphs/kit/policy';
import { DEFAULT_LIST_SIZE, measureOperationWork, type OperationMeasures } from '../../subgraphs/kit/operationLimits';

const { values } = parseArgs({ options: { 'budget-ms': { type: 'string', default: '200' } } });
const BUDGET_MS = Number(values['budget-ms']);

const apiSchema = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
const casesSchema = buildSubgraphSchema({ typeDefs: parse(POLICY_SDL + readFileSync(new URL('../../subgraphs/cases/schema.graphql', import.meta.url), 'utf8')) });

// ---- documents -----------------------------------------------------------------------------------

/** Fragments F0..F(n-1) each spreading the next twice: 2^n expanded leaves in O(n) bytes. */
function doublingChain(n: number) {
  let doc = '{ cases(first: 1) { nodes { ...F0 } } }\n';
  for (let i = 0; i < n; i++) doc += `fragment F${i} on Case { ...F${i + 1} ...F${i + 1} }\n`;
  return `${doc}fragment F${n} on Case { a: number }\n`;
}
/** One selection set with k aliased fields. */
const wide = (k: number) => `{ cases(first: 1) { nodes { ${Array.from({ length: k }, (_, i) => `a${i}: number`).join(' ')} } } }`;
/** One fragment of 10 fields, spread under k aliased root fields. */
function fanOut(k: number) {
  const roots = Array.from({ length: k }, (_, i) => `c${i}: case(id: "x${i}") { ...F }`).join(' ');
  return `{ ${roots} } fragment F on Case { number title status stage sector divisionCode handlingAgency { id } receivingAgency { id } timeline { seq } deadlines { state } }`;
}
/** The cases subgraph's `_Entity` union: k inline fragments alternating Case and Agency, each with a nested page. */
function entities(k: number) {
  const branches = Array.from({ length: k }, (_, i) =>
    i % 2 ? `... on Agency { a${i}: cases(first: ${i % 50}) { nodes { number } } }` : `... on Case { c${i}: handlingAgency { id } t${i}: timeline { seq } }`,
  ).join(' ');
  return `query($r: [_Any!]!) { _entities(representations: $r) { ${branches} } }`;
}

const FAMILIES: { name: string; schema: GraphQLSchema; sizes: number[]; build: (n: number) => string; oldUpTo: number }[] = [
  { name: 'doubling chain (n fragments)', schema: apiSchema, sizes: [8, 12, 16, 32, 64, 128, 256, 400], build: doublingChain, oldUpTo: 16 },
  { name: 'wide (k aliased fields)', schema: apiSchema, sizes: [250, 500, 1000, 2000, 4000, 8000], build: wide, oldUpTo: Infinity },
  { name: 'fan-out (one fragment, k spreads)', schema: apiSchema, sizes: [100, 200, 400, 800, 1600, 3200], build: fanOut, oldUpTo: Infinity },
  { name: 'entities union (k branches)', schema: casesSchema, sizes: [50, 100, 200, 400, 800, 1600], build: entities, oldUpTo: Infinity },
];

// ---- timing --------------------------------------------------------------------------------------

/**
 * Milliseconds per call: warmed up, then the best of 15 short rounds (each a mean over the calls
 * filling 1/15 of the budget), so load from elsewhere on a shared machine counts least.
 */
function timePerCall(fn: () => unknown): number {
  const warm = performance.now();
  while (performance.now() - warm < BUDGET_MS / 10) fn();
  let best = Infinity;
  for (let round = 0; round < 15; round++) {
    let calls = 0;
    const start = performance.now();
    while (calls < 2 || performance.now() - start < BUDGET_MS / 15) {
      fn();
      calls++;
    }
    best = Math.min(best, (performance.now() - start) / calls);
  }
  return best;
}

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

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`operation-limit measure, node ${process.version}, budget ${BUDGET_MS} ms per document`);
for (const family of FAMILIES) {
  console.log(`\n${family.name}`);
  console.log(`${pad('size', 6)} ${pad('bytes', 8)} ${pad('selections', 10)} ${pad('µs/measure', 11)} ${pad('ns/selection', 12)} ${pad('visits/sel', 10)} ${pad('old µs/measure', 15)} ${pad('cost', 18)}`);
  for (const size of family.sizes) {
    const text = family.build(size);
    const document = parse(text, { maxTokens: 1_000_000 });
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const selections = selectionCount(document);
    const { measures, work } = measureOperationWork(family.schema, document, operation);
    const ms = timePerCall(() => measureOperationWork(family.schema, document, operation));
    let old = 'skipped (2^n)';
    if (size <= family.oldUpTo) {
      try {
        old = (timePerCall(() => oldMeasureOperation(family.schema, document, operation)) * 1000).toFixed(1);
      } catch (err) {
        old = (err as Error).name;
      }
    }
    console.log(
      `${pad(size, 6)} ${pad(text.length, 8)} ${pad(selections, 10)} ${pad((ms * 1000).toFixed(1), 11)} ${pad(((ms * 1e6) / selections).toFixed(0), 12)} ${pad((work.selectionsVisited / selections).toFixed(2), 10)} ${pad(old, 15)} ${pad(measures.cost, 18)}`,
    );
  }
}

// ---- the measure this one replaced (commit 1bdab88; aliases inside introspection left out), for comparison only ----

function oldMeasureOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): OperationMeasures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const rootType = schema.getRootType(operation.operation);
  let aliases = 0;
  let depth = 0;
  function fieldsOf(set: SelectionSetNode, type: GraphQLNamedType | undefined): { node: FieldNode; parent: GraphQLNamedType | undefined }[] {
    const out: { node: FieldNode; parent: GraphQLNamedType | undefined }[] = [];
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out.push({ node: sel, parent: type });
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) ?? type : type;
        out.push(...fieldsOf(sel.selectionSet, on));
      } else {
        const frag = fragments.get(sel.name.value);
        if (frag) out.push(...fieldsOf(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? type));
      }
    }
    return out;
  }
  function fieldDef(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
    return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
  }
  function sizeArgument(def: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
    const arg = def.args.find((a) => a.name === 'first' || a.name === 'last');
    if (!arg) return null;
    const given = node.arguments?.find((a) => a.name.value === arg.name);
    const value = given ? valueFromAST(given.value, arg.type, variables) : undefined;
    if (typeof value === 'number' && value >= 0) return value;
    return typeof arg.defaultValue === 'number' ? arg.defaultValue : DEFAULT_LIST_SIZE;
  }
  function walk(set: SelectionSetNode, type: GraphQLNamedType | undefined, level: number, parentSized: boolean): number {
    let cost = 0;
    for (const { node, parent } of fieldsOf(set, type)) {
      if (node.alias) aliases++;
      if (node.name.value === '__schema' || node.name.value === '__type') continue;
      depth = Math.max(depth, level);
      if (!node.selectionSet) {
        cost += node.name.value === '__typename' ? 0 : 1;
        continue;
      }
      const def = fieldDef(parent, node.name.value);
      const size = def ? sizeArgument(def, node) : null;
      const isList = def ? isListType(getNullableType(def.type)) : false;
      const multiplier = size ?? (isList && !parentSized ? DEFAULT_LIST_SIZE : 1);
      cost += 1 + multiplier * walk(node.selectionSet, def ? getNamedType(def.type) : undefined, level + 1, size !== null);
    }
    return cost;
  }
  const cost = walk(operation.selectionSet, rootType ?? undefined, 1, false);
  const rootFields = fieldsOf(operation.selectionSet, rootType ?? undefined).filter((f) => f.node.name.value !== '__typename').length;
  return { depth, aliases, rootFields, cost };
}
