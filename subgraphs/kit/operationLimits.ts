import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
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
  /** Estimated cost (see `estimateCost`). @default 20000 */
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

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Measures one operation of a validated document. Fragment spreads are followed (validation has
 * refused cycles already); each spread is measured where it is used.
 *
 * Cost: every field costs 1, plus its children's cost times its multiplier. A field with a `first`
 * or `last` argument multiplies by its value (its schema default, else DEFAULT_LIST_SIZE, when
 * absent); a list field directly under such a field is that page (multiplier 1); any other list
 * field multiplies by DEFAULT_LIST_SIZE. Introspection (`__schema`, `__type`) is answered by the
 * gateway alone and costs nothing; graphql-js's MaxIntrospectionDepthRule bounds it instead.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const rootType = schema.getRootType(operation.operation);
  let aliases = 0;
  let depth = 0;

  /** Fields of a selection set with fragments flattened, each with the type it is selected on. */
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
      if (INTROSPECTION_ROOTS.has(node.name.value)) {
        if (node.selectionSet) countAliases(node.selectionSet);
        continue;
      }
      depth = Math.max(depth, level);
      if (!node.selectionSet) {
        cost += node.name.value === '__typename' ? 0 : 1;
        continue;
      }
      const def = fieldDef(parent, node.name.value);
      const size = def ? sizeArgument(def, node) : null;
      const isList = def ? isListType(getNullableType(def.type)) : false;
      const multiplier = size ?? (isList && !parentSized ? DEFAULT_LIST_SIZE : 1);
      const childType = def ? getNamedType(def.type) : undefined;
      cost += 1 + multiplier * walk(node.selectionSet, childType, level + 1, size !== null);
    }
    return cost;
  }

  function countAliases(set: SelectionSetNode): void {
    for (const { node } of fieldsOf(set, undefined)) {
      if (node.alias) aliases++;
      if (node.selectionSet) countAliases(node.selectionSet);
    }
  }

  const cost = walk(operation.selectionSet, rootType ?? undefined, 1, false);
  const rootFields = fieldsOf(operation.selectionSet, rootType ?? undefined).filter((f) => f.node.name.value !== '__typename').length;
  return { depth, aliases, rootFields, cost };
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
  return appError('BAD_USER_INPUT', `${label} ${value} exceeds the limit of ${max}`, { limit, value, max, http: { status: 400 } });
}

/** Refuses, before planning, an operation over any limit (tokens excepted: parsing enforces those). */
export function useOperationLimits(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // @apollo/gateway reports an operation name the document lacks as a 500 (INVALID_GRAPHQL).
          if (!operation) {
            const named = request.operationName ? `no operation named ${JSON.stringify(request.operationName.slice(0, 100))} in the document` : 'the document has several operations: name the one to run (operationName)';
            throw new GraphQLError(named, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          const error = checkLimits(measureOperation(schema, document, operation, request.variables ?? {}), limits);
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
