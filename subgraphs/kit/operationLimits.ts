import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  isAbstractType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { appError } from './errors';

/**
 * Limits every operation must keep before it runs, measured the same way at both doors: the
 * gateway (gateway/limits.ts sets its defaults; a query that breaks one costs the subgraphs
 * nothing) and every subgraph (createSubgraph, SUBGRAPH_LIMITS), so that a caller assertion
 * captured in transit cannot carry an operation the gateway would have refused. Body size and
 * batch size are checked earlier, on the HTTP request; tokens while parsing.
 */
export interface OperationLimits {
  /** Deepest field nesting; root fields are depth 1. Introspection subtrees do not count. @default 10 */
  maxDepth: number;
  /** Aliased fields in the whole operation, fragments included. @default 30 */
  maxAliases: number;
  /** Fields selected at the root of the operation (`__typename` excluded). @default 10 */
  maxRootFields: number;
  /** Lexical tokens in the document; parsing stops at the first one over. @default 3000 */
  maxTokens: number;
  /** Estimated cost (see `measureOperation`). @default 20000 */
  maxCost: number;
}

/** List size assumed for a list field whose size no `first`/`last` argument states. */
export const DEFAULT_LIST_SIZE = 20;

export interface OperationMeasures {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

/** Measures stop growing here: sums and products saturate instead of overflowing to Infinity or NaN. */
export const MEASURE_CAP = Number.MAX_SAFE_INTEGER;

/**
 * Selection sets (fields' selections, inline fragments, fragment bodies) nested deeper than this are
 * refused before they are measured: it bounds the measure's recursion, so no document can drive it
 * to a stack overflow. Far above any depth limit; a chain of fragments that only spread the next counts too.
 */
export const MAX_NESTING = 500;

/**
 * More fragment definitions than MAX_NESTING are refused before graphql-js validates the document:
 * its NoFragmentCyclesRule recurses once per spread of a chain, and a chain of a few thousand
 * fragments overflows the stack before any measure can run (HTTP 500). A scan of the text, cheap and
 * cautious (a `fragment X` inside a string counts too: no real document needs hundreds).
 */
export function tooManyFragments(query: unknown): GraphQLError | null {
  if (typeof query !== 'string') return null;
  let count = 0;
  for (const _ of query.matchAll(/(?<![_A-Za-z0-9])fragment\s+(?!on\b)[_A-Za-z]/g)) if (++count > MAX_NESTING) break;
  if (count <= MAX_NESTING) return null;
  return appError('BAD_USER_INPUT', `the document defines more than ${MAX_NESTING} fragments`, { limit: 'fragments', max: MAX_NESTING, http: { status: 400 } });
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

const add = (a: number, b: number) => Math.min(a + b, MEASURE_CAP);
const times = (a: number, b: number) => Math.min(a * b, MEASURE_CAP);

/** Depth and cost of a selection set for one runtime type: what one item of it costs. */
interface TypedMeasure {
  depth: number;
  cost: number;
}

/** What a selection set holds whatever the runtime type: aliases below it, fields at its top, how deep it nests. */
interface PlainMeasure {
  aliases: number;
  topFields: number;
  nesting: number;
}

/** How much work a measure did: selections visited, summed over both passes (for the linearity tests and bench). */
export interface MeasureWork {
  selectionsVisited: number;
}

/**
 * Measures one operation of a document, in time linear in the document's size: a fragment's body
 * and a field's selections are measured once per context they are reached in (runtime object type,
 * under a page or not; at most 2 x the schema's object types, in practice one or two), an inline
 * fragment as part of the selections that hold it, and a fragment spread adds the remembered
 * measure of the fragment (a fragment spread twice counts twice, without being walked twice).
 * Sums and products saturate at MEASURE_CAP, so a message never shows Infinity or NaN.
 *
 * Apollo runs this after validation (didResolveOperation), so fragment cycles and unknown fields
 * are refused before; on a document that was not validated a cycle or a nesting deeper than
 * MAX_NESTING is refused with BAD_USER_INPUT, and unknown fields and fragments count as plain fields.
 *
 * - Depth: field nesting from the root (root fields are depth 1).
 * - Aliases: aliased fields in the document as the operation expands it, every branch of an
 *   abstract type's fragments counted (a count of what the document asks, not of what one item returns).
 * - Root fields: fields at the root with fragments expanded, `__typename` excluded.
 * - Cost: every field costs 1, plus its children's cost times its multiplier. A field with a `first`
 *   or `last` argument multiplies by its value (its schema default, else DEFAULT_LIST_SIZE, when
 *   absent); a list field directly under such a field is that page (multiplier 1); any other list
 *   field multiplies by DEFAULT_LIST_SIZE. Introspection (`__schema`, `__type`) is answered by the
 *   gateway alone and costs nothing; graphql-js's MaxIntrospectionDepthRule bounds it instead.
 * - Abstract types: the selections on a field of interface or union type are alternatives. One item
 *   is of one concrete type and gets the fields selected on the abstract type itself plus those of
 *   every fragment whose type condition it satisfies (the object type, or an interface or union it
 *   belongs to). Cost and depth are computed per possible concrete type and the most expensive one
 *   counts, which is exact: the fields common to all types plus the dearest branch, not every branch.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasures {
  return measureOperationWork(schema, document, operation, variables).measures;
}

/**
 * measureOperation, with the work it did, and whether the measures depend on the variables (a
 * `first`/`last` given as a variable, or as a list or object that could hold one): when they do not,
 * they are the same for every request of this operation.
 */
export function measureOperationWork(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): { measures: OperationMeasures; work: MeasureWork; readsVariables: boolean } {
  let readsVariables = false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(d.name.value)) fragments.set(d.name.value, d);
  const work: MeasureWork = { selectionsVisited: 0 };

  // Pass 1, whatever the types: aliases, top fields, nesting. Refuses cycles and deep nesting
  // before pass 2 recurses along the same edges. Only fragment bodies are reached more than once.
  const shapes = new Map<FragmentDefinitionNode, PlainMeasure | 'measuring'>();
  function fragmentShape(fragment: FragmentDefinitionNode, level: number): PlainMeasure {
    const known = shapes.get(fragment);
    if (known === 'measuring') throw appError('BAD_USER_INPUT', 'fragments spread each other in a cycle', { http: { status: 400 } });
    if (known) return known;
    shapes.set(fragment, 'measuring');
    const m = plain(fragment.selectionSet, level);
    shapes.set(fragment, m);
    return m;
  }
  function plain(set: SelectionSetNode, level: number): PlainMeasure {
    if (level > MAX_NESTING) throw tooDeep();
    const m: PlainMeasure = { aliases: 0, topFields: 0, nesting: 1 };
    for (const sel of set.selections) {
      work.selectionsVisited++;
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) m.aliases = add(m.aliases, 1);
        if (sel.name.value !== '__typename') m.topFields = add(m.topFields, 1);
        if (sel.selectionSet) {
          const child = plain(sel.selectionSet, level + 1);
          m.aliases = add(m.aliases, child.aliases);
          m.nesting = Math.max(m.nesting, 1 + child.nesting);
        }
        continue;
      }
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : undefined;
      if (sel.kind === Kind.FRAGMENT_SPREAD && !fragment) continue;
      const inner = fragment ? fragmentShape(fragment, level + 1) : plain((sel as InlineFragmentNode).selectionSet, level + 1);
      m.aliases = add(m.aliases, inner.aliases);
      m.topFields = add(m.topFields, inner.topFields);
      m.nesting = Math.max(m.nesting, 1 + inner.nesting);
    }
    return m;
  }

  function fieldDef(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
    return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
  }

  /** The page size a field asks for: the larger of `first` and `last` as given, else a default. */
  function sizeArgument(def: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
    const args = def.args.filter((a) => a.name === 'first' || a.name === 'last');
    if (!args.length) return null;
    let size: number | null = null;
    for (const arg of args) {
      const given = node.arguments?.find((a) => a.name.value === arg.name);
      if (given && (given.value.kind === Kind.VARIABLE || given.value.kind === Kind.LIST || given.value.kind === Kind.OBJECT)) readsVariables = true;
      const value = given ? valueFromAST(given.value, arg.type, variables) : undefined;
      if (typeof value === 'number' && value >= 0) size = Math.max(size ?? 0, Math.min(Math.ceil(value), MEASURE_CAP));
    }
    if (size !== null) return size;
    const withDefault = args.find((a) => typeof a.defaultValue === 'number');
    return withDefault ? (withDefault.defaultValue as number) : DEFAULT_LIST_SIZE;
  }

  /** Whether a fragment with this type condition applies to an item of the concrete type. */
  function applies(condition: GraphQLNamedType | undefined, concrete: GraphQLObjectType): boolean {
    if (!condition || condition === concrete) return true;
    return isAbstractType(condition) && schema.isSubType(condition, concrete);
  }

  // Pass 2: depth and cost of one item, per runtime type (an object type; or the declared type, or
  // none, where the document names something the schema lacks) and whether the parent field is a
  // page (`first`/`last`). Remembered for a field's selections (a parent measured once per concrete
  // type of a union reaches them once per type) and for fragments; an inline fragment is measured
  // as part of the selection set it is in.
  const itemsMemo = new Map<SelectionSetNode, Remembered[]>();
  const fragmentMemo = new Map<FragmentDefinitionNode, Remembered[]>();

  /** Adds the set's selections that apply to an item of `runtime` into `m`. */
  function walk(set: SelectionSetNode, runtime: GraphQLNamedType | undefined, paged: boolean, m: TypedMeasure): void {
    for (const sel of set.selections) {
      work.selectionsVisited++;
      if (sel.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(sel.name.value)) continue;
        m.depth = Math.max(m.depth, 1);
        if (!sel.selectionSet) {
          if (sel.name.value !== '__typename') m.cost = add(m.cost, 1);
          continue;
        }
        const def = fieldDef(runtime, sel.name.value);
        const size = def ? sizeArgument(def, sel) : null;
        const isList = def ? isListType(getNullableType(def.type)) : false;
        const multiplier = size ?? (isList && !paged ? DEFAULT_LIST_SIZE : 1);
        const child = items(sel.selectionSet, def ? getNamedType(def.type) : undefined, size !== null);
        m.depth = Math.max(m.depth, 1 + child.depth);
        m.cost = add(m.cost, add(1, times(multiplier, child.cost)));
        continue;
      }
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : undefined;
      const body = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragment;
      if (!body) continue;
      const conditionName = body.typeCondition?.name.value;
      const condition = conditionName === undefined ? undefined : schema.getType(conditionName);
      let inner: TypedMeasure;
      if (runtime && isObjectType(runtime)) {
        if (!applies(condition, runtime)) continue;
        if (!fragment) {
          walk(body.selectionSet, runtime, paged, m);
          continue;
        }
        inner = recall(fragmentMemo, fragment, runtime, paged) ?? remember(fragmentMemo, fragment, runtime, paged, measureSet(fragment.selectionSet, runtime, paged));
      } else inner = items(body.selectionSet, condition ?? runtime, paged);
      m.depth = Math.max(m.depth, inner.depth);
      m.cost = add(m.cost, inner.cost);
    }
  }

  function measureSet(set: SelectionSetNode, runtime: GraphQLNamedType | undefined, paged: boolean): TypedMeasure {
    const m: TypedMeasure = { depth: 0, cost: 0 };
    walk(set, runtime, paged, m);
    return m;
  }

  /** One item of the declared type: for an abstract type, the dearest of its possible concrete types. */
  function items(set: SelectionSetNode, declared: GraphQLNamedType | undefined, paged: boolean): TypedMeasure {
    const known = recall(itemsMemo, set, declared, paged);
    if (known) return known;
    const possible = declared && isAbstractType(declared) ? schema.getPossibleTypes(declared) : [];
    if (possible.length === 0) return remember(itemsMemo, set, declared, paged, measureSet(set, declared, paged));
    const m: TypedMeasure = { depth: 0, cost: 0 };
    for (const concrete of possible) {
      const one = measureSet(set, concrete, paged);
      m.depth = Math.max(m.depth, one.depth);
      m.cost = Math.max(m.cost, one.cost);
    }
    return remember(itemsMemo, set, declared, paged, m);
  }

  const shape = plain(operation.selectionSet, 1);
  if (shape.nesting > MAX_NESTING) throw tooDeep();
  const rootType = schema.getRootType(operation.operation) ?? undefined;
  const { depth, cost } = items(operation.selectionSet, rootType, false);
  return { measures: { depth, aliases: shape.aliases, rootFields: shape.topFields, cost }, work, readsVariables };
}

/** A measure remembered for one (type, paged) context; a node has one or two in practice. */
interface Remembered {
  type: GraphQLNamedType | undefined;
  paged: boolean;
  measure: TypedMeasure;
}

function recall<K>(memo: Map<K, Remembered[]>, key: K, type: GraphQLNamedType | undefined, paged: boolean): TypedMeasure | undefined {
  const entries = memo.get(key);
  if (entries) for (const e of entries) if (e.type === type && e.paged === paged) return e.measure;
  return undefined;
}

function remember<K>(memo: Map<K, Remembered[]>, key: K, type: GraphQLNamedType | undefined, paged: boolean, measure: TypedMeasure): TypedMeasure {
  const entries = memo.get(key);
  if (entries) entries.push({ type, paged, measure });
  else memo.set(key, [{ type, paged, measure }]);
  return measure;
}

function tooDeep() {
  return appError('BAD_USER_INPUT', `selections nested more than ${MAX_NESTING} levels deep (fields, inline fragments and fragment spreads)`, {
    limit: 'nesting',
    max: MAX_NESTING,
    http: { status: 400 },
  });
}

const CHECKS = [
  ['depth', 'maxDepth', 'query depth'],
  ['aliases', 'maxAliases', 'aliases'],
  ['rootFields', 'maxRootFields', 'root fields'],
  ['cost', 'maxCost', 'estimated cost'],
] as const satisfies readonly (readonly [keyof OperationMeasures, keyof OperationLimits, string])[];

/** The first limit the measures break, as BAD_USER_INPUT naming the limit and both values; null when within all. */
export function checkLimits(measures: OperationMeasures, limits: OperationLimits) {
  for (const [measure, limit, label] of CHECKS) {
    if (measures[measure] > limits[limit]) return limitExceeded(label, limit, measures[measure], limits[limit]);
  }
  return null;
}

function limitExceeded(label: string, limit: keyof OperationLimits, value: number, max: number) {
  const shown = value >= MEASURE_CAP ? `at least ${MEASURE_CAP}` : String(value);
  return appError('BAD_USER_INPUT', `${label} ${shown} exceeds the limit of ${max}`, { limit, value, max, http: { status: 400 } });
}

/**
 * Refuses, before planning, an operation over any limit (tokens excepted: parsing enforces those).
 * Apollo keeps one parsed and validated DocumentNode per query text, so an operation's measures are
 * remembered on its node (for its schema) when no variable enters them: a gateway's fetches repeat a
 * handful of documents with other variables (an `_entities` fetch's representations count nowhere).
 */
export function useOperationLimits(limits: OperationLimits): ApolloServerPlugin {
  const measured = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; document: DocumentNode; measures: OperationMeasures }>();
  const measuresOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>) => {
    const known = measured.get(operation);
    if (known && known.schema === schema && known.document === document) return known.measures;
    const { measures, readsVariables } = measureOperationWork(schema, document, operation, variables);
    if (!readsVariables) measured.set(operation, { schema, document, measures });
    return measures;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // @apollo/gateway reports an operation name the document lacks as a 500 (INVALID_GRAPHQL).
          if (!operation) {
            const named = request.operationName ? `no operation named ${JSON.stringify(request.operationName.slice(0, 100))} in the document` : 'the document has several operations: name the one to run (operationName)';
            throw new GraphQLError(named, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          const error = checkLimits(measuresOf(schema, document, operation, request.variables ?? {}), limits);
          if (error) throw error;
        },
      };
    },
  };
}

/**
 * What a subgraph accepts whoever sends it: far above what the gateway's defaults let through
 * (its fetches for a client operation of depth 10 and cost 20000 stay well within), low enough that
 * one request cannot exhaust the process (a 40-level nested list is 20^40 fields).
 */
export const SUBGRAPH_LIMITS: OperationLimits = { maxDepth: 24, maxAliases: 500, maxRootFields: 100, maxTokens: 50_000, maxCost: 2_000_000 };
