import { getNamedType, isLeafType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFunction } from 'graphql-middleware';
import { badInput } from './errors';

/**
 * Arguments no subgraph can use faithfully are refused before any resolver sees them, as
 * BAD_USER_INPUT naming the argument path, never as an internal error from deep inside a query:
 * - text containing U+0000: PostgreSQL's `text` cannot hold it, so the statement would fail;
 * - text that is not well-formed Unicode (a lone surrogate): the driver would store U+FFFD instead,
 *   silently changing what was sent;
 * - values nested deeper than MAX_DEPTH (only `_Any` and JSON-like inputs can nest that far).
 * `_entities` representations must be objects naming an entity type of this subgraph with scalar
 * key values: the gateway only ever sends those, so anything else is crafted.
 */
export const MAX_INPUT_DEPTH = 32;

type Found = { path: string; problem: string };

/** A high surrogate without its low half, or a low one without its high half (ES2024's isWellFormed, in ES2023). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isUsableText = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/** The first value under `root` that no subgraph should accept, or null. Iterative: depth is bounded, not the stack. */
export function findUnusableText(value: unknown, root: string): Found | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, problem: 'must not contain the NUL character (U+0000)' };
      if (LONE_SURROGATE.test(v)) return { path, problem: 'is not well-formed Unicode text (lone surrogate)' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { path, problem: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [k, x] of entries) {
      if (!Array.isArray(v) && !isUsableText(k)) return { path, problem: 'has a key that is not usable text' };
      stack.push({ v: x, path: `${path}.${k}`, depth: depth + 1 });
    }
  }
  return null;
}

/** Checks `_entities(representations:)` against the subgraph's own schema. */
export function checkRepresentations(schema: GraphQLSchema, representations: unknown): void {
  if (!Array.isArray(representations)) throw badInput('representations', 'must be a list of entity representations');
  const entity = schema.getType('_Entity');
  const entityTypes = new Set(isUnionType(entity) ? entity.getTypes().map((t) => t.name) : []);
  representations.forEach((rep, i) => {
    const at = `representations.${i}`;
    if (rep === null || typeof rep !== 'object' || Array.isArray(rep)) throw badInput(at, 'must be an object with __typename and key fields');
    const { __typename: typename, ...keys } = rep as Record<string, unknown>;
    if (typeof typename !== 'string' || !entityTypes.has(typename)) throw badInput(`${at}.__typename`, 'must name an entity type of this subgraph');
    const type = schema.getType(typename);
    if (!isObjectType(type)) throw badInput(`${at}.__typename`, 'must name an entity type of this subgraph');
    const fields = type.getFields();
    for (const [name, v] of Object.entries(keys)) {
      const field = fields[name];
      if (!field || !isLeafType(getNamedType(field.type))) continue; // @requires'd objects are the resolver's business
      if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw badInput(`${at}.${name}`, `must be a scalar (${getNamedType(field.type).name}), not ${Array.isArray(v) ? 'a list' : 'an object'}`);
      }
      const named = getNamedType(field.type).name;
      if ((named === 'ID' || named === 'String') && typeof v !== 'string') throw badInput(`${at}.${name}`, `must be a ${named} (a string)`);
    }
  });
}

/** Middleware for every field that takes arguments (and for `_entities`), nothing else: cheap by construction. */
export function inputGuardMiddleware(schema: GraphQLSchema) {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length) continue;
      const isEntities = type === schema.getQueryType() && field.name === '_entities';
      const guard = (resolve: (...a: unknown[]) => unknown, parent: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => {
        for (const [name, value] of Object.entries(args)) {
          const found = findUnusableText(value, name);
          if (found) throw badInput(found.path, found.problem);
        }
        if (isEntities) checkRepresentations(schema, args.representations);
        return resolve(parent, args, ctx, info);
      };
      (map[type.name] ??= {})[field.name] = guard as unknown as IMiddlewareFunction;
    }
  }
  return map;
}
