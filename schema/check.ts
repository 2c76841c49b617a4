import { Supergraph } from '@apollo/federation-internals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  Kind,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNamedType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  isIntrospectionType,
  isUnionType,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
} from 'graphql';
import { subgraphDocument } from '../subgraphs/kit/createSubgraph';
import { readSensitivity } from '../subgraphs/kit/policy';
import { composeSupergraph, normalizeSubgraphSdl } from './compose';
import { parseEntry } from './registry';

/**
 * The checks a subgraph passes before it joins the graph, or before one leaves it (README,
 * "Publish your subgraph"): it composes with the others; the graph's clients lose nothing they use
 * (breaking changes against the supergraph being served); every field declares a sensitivity
 * class; and no subgraph re-declares or takes over a field of another owner's subgraph. Pure
 * functions over SDL text; scripts/schema-check.ts and scripts/compose.ts are their command lines.
 */

/** error: the change may not join; warning: allowed by a flag, still reported; info: for the record. */
export type Severity = 'error' | 'warning' | 'info';
export type Rule =
  | 'registry' // the entry itself (name, URL, owner)
  | 'sdl' // the SDL does not build as a subgraph
  | 'composition' // does not compose with the other subgraphs
  | 'breaking' // clients of the current graph would break
  | 'addition' // safe additions to the graph
  | 'unclassified' // a field without a sensitivity class
  | 'takeover' // @override of another owner's field
  | 'redeclaration' // repeats another owner's field or type
  | 'deprecation'; // a field, argument, input field or enum value deprecated, or removed after its deprecation

export interface Finding {
  severity: Severity;
  rule: Rule;
  message: string;
  /** Schema coordinate the finding is about (`Case.number`, `Query.cases(first:)`), when there is one. */
  coordinate?: string;
}

export interface CheckReport {
  /** No errors: the change may go ahead. */
  ok: boolean;
  findings: Finding[];
  /** The supergraph after the change, when it composes. */
  supergraphSdl: string | null;
}

/** A subgraph as the checks see it: a registry entry with its SDL text. */
export interface SubgraphEntry {
  name: string;
  url: string;
  owner: string;
  typeDefs: string;
}

const error = (rule: Rule, message: string, coordinate?: string): Finding => ({ severity: 'error', rule, message, coordinate });
const info = (rule: Rule, message: string, coordinate?: string): Finding => ({ severity: 'info', rule, message, coordinate });
const warning = (rule: Rule, message: string, coordinate?: string): Finding => ({ severity: 'warning', rule, message, coordinate });

/** Something clients can select or send, with its deprecation (graphql-js keeps `@deprecated(reason:)` as deprecationReason). */
interface Deprecatable {
  name: string;
  deprecationReason?: string | null;
}

/**
 * A deprecation is the announced first half of a rename or a removal: clients keep working, so it
 * is a warning (never an error). Newly deprecated: tell the clients what to use instead.
 */
function newlyDeprecated(what: string, at: string, before: Deprecatable, after: Deprecatable, out: Finding[]): void {
  if (after.deprecationReason != null && before.deprecationReason == null) {
    out.push(warning('deprecation', `${what} ${at} is deprecated: ${after.deprecationReason} Clients should move off it before it is removed.`, at));
  }
}

/**
 * Something clients use is gone: the second half of a deprecation (a warning: clients were told),
 * or a breaking change when it was never deprecated.
 */
function removed(what: string, at: string, before: Deprecatable, breaking: string, out: Finding[]): void {
  if (before.deprecationReason != null) {
    out.push(warning('deprecation', `${what} ${at} was removed after its deprecation ("${before.deprecationReason}"): clients still selecting it fail.`, at));
  } else out.push(error('breaking', breaking, at));
}

// ---------------------------------------------------------------------------------------------
// Breaking changes: the API schema (what clients see) before and after
// ---------------------------------------------------------------------------------------------

/** The schema clients see through the gateway: the supergraph without federation's machinery. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** Whether clients that read a field of type `before` still get what they expect from `after`. */
function outputChangeSafe(before: GraphQLOutputType, after: GraphQLOutputType): boolean {
  if (isListType(before)) {
    return (isListType(after) && outputChangeSafe(before.ofType, after.ofType)) || (isNonNullType(after) && outputChangeSafe(before, after.ofType));
  }
  if (isNonNullType(before)) return isNonNullType(after) && outputChangeSafe(before.ofType, after.ofType);
  return (isNamedType(after) && before.name === after.name) || (isNonNullType(after) && outputChangeSafe(before, after.ofType));
}

/** Whether every value clients send for an argument or input field of type `before` is still accepted. */
function inputChangeSafe(before: GraphQLInputType, after: GraphQLInputType): boolean {
  if (isListType(before)) return isListType(after) && inputChangeSafe(before.ofType, after.ofType);
  if (isNonNullType(before)) {
    return (isNonNullType(after) && inputChangeSafe(before.ofType, after.ofType)) || (!isNonNullType(after) && inputChangeSafe(before.ofType, after));
  }
  return isNamedType(after) && before.name === after.name;
}

const unwrapNonNull = (t: GraphQLType): GraphQLType => (isNonNullType(t) ? t.ofType : t);
const isRequired = (a: { type: GraphQLInputType; defaultValue?: unknown }) => isNonNullType(a.type) && a.defaultValue === undefined;

function kindOf(t: GraphQLNamedType): string {
  if (isObjectType(t)) return 'object type';
  if (isInterfaceType(t)) return 'interface';
  if (isUnionType(t)) return 'union';
  if (isEnumType(t)) return 'enum';
  if (isInputObjectType(t)) return 'input type';
  return 'scalar';
}

function userTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));
}

function compareField(
  typeName: string,
  before: GraphQLField<unknown, unknown>,
  after: GraphQLField<unknown, unknown>,
  out: Finding[],
): void {
  const at = `${typeName}.${before.name}`;
  newlyDeprecated('field', at, before, after, out);
  if (!outputChangeSafe(before.type, after.type)) {
    const nullable = String(unwrapNonNull(before.type)) === String(after.type);
    out.push(
      error(
        'breaking',
        nullable
          ? `${at} may now be null (${before.type} → ${after.type}): clients that rely on a value break.`
          : `${at} changed type from ${before.type} to ${after.type}: clients that select it get values of another shape.`,
        at,
      ),
    );
  }
  const argsAfter = new Map(after.args.map((a) => [a.name, a]));
  for (const arg of before.args) {
    const now = argsAfter.get(arg.name);
    const argAt = `${at}(${arg.name}:)`;
    if (!now) removed('argument', argAt, arg, `argument ${argAt} was removed: queries that pass it fail.`, out);
    else if (!inputChangeSafe(arg.type, now.type)) {
      const required = String(unwrapNonNull(now.type)) === String(arg.type);
      out.push(
        error(
          'breaking',
          required
            ? `argument ${argAt} is now required (${arg.type} → ${now.type}): queries that leave it out fail.`
            : `argument ${argAt} changed type from ${arg.type} to ${now.type}: queries that pass it may fail.`,
          argAt,
        ),
      );
    } else if (isRequired(arg) && !isRequired(now)) out.push(info('addition', `argument ${argAt} is now optional.`, argAt));
    if (now) newlyDeprecated('argument', argAt, arg, now, out);
  }
  const argsBefore = new Set(before.args.map((a) => a.name));
  for (const arg of after.args.filter((a: GraphQLArgument) => !argsBefore.has(a.name))) {
    const argAt = `${at}(${arg.name}:)`;
    if (isRequired(arg)) out.push(error('breaking', `${at} gained a required argument ${arg.name}: ${arg.type}: queries that leave it out fail.`, argAt));
    else out.push(info('addition', `optional argument ${argAt} added.`, argAt));
  }
  if (outputChangeSafe(before.type, after.type) && String(before.type) !== String(after.type)) {
    out.push(info('addition', `${at} changed type from ${before.type} to ${after.type}, which clients accept.`, at));
  }
}

/**
 * Breaking changes (errors), deprecations (warnings) and safe additions (info) between the API
 * schema clients use now and the one they would get: removed or renamed types, fields, arguments
 * and enum values (a warning when they were deprecated first, an error otherwise); changed types;
 * output fields made nullable; arguments made required, required arguments added; fields,
 * arguments, input fields and enum values newly deprecated.
 */
export function compareApiSchemas(before: GraphQLSchema, after: GraphQLSchema): Finding[] {
  const out: Finding[] = [];
  for (const old of userTypes(before)) {
    const now = after.getType(old.name);
    if (!now) {
      out.push(error('breaking', `type ${old.name} was removed: queries that use it fail.`, old.name));
      continue;
    }
    if (kindOf(old) !== kindOf(now)) {
      out.push(error('breaking', `${old.name} changed from ${kindOf(old)} to ${kindOf(now)}: queries that use it fail.`, old.name));
      continue;
    }
    if ((isObjectType(old) || isInterfaceType(old)) && (isObjectType(now) || isInterfaceType(now))) {
      const fieldsAfter = now.getFields();
      const added = Object.values(fieldsAfter).filter((f) => !old.getFields()[f.name]);
      for (const field of Object.values(old.getFields())) {
        const next = fieldsAfter[field.name];
        if (next) compareField(old.name, field, next, out);
        else {
          const renamed = added.find((f) => String(f.type) === String(field.type));
          const hint = renamed
            ? ` (renamed to ${old.name}.${renamed.name}? A rename breaks clients too: add the new field, keep the old one and mark it @deprecated.)`
            : '';
          removed('field', `${old.name}.${field.name}`, field, `${old.name}.${field.name} was removed: queries that select it fail.${hint}`, out);
        }
      }
      for (const f of added) out.push(info('addition', `field ${old.name}.${f.name}: ${f.type} added.`, `${old.name}.${f.name}`));
      const interfacesAfter = new Set(now.getInterfaces().map((i) => i.name));
      for (const i of old.getInterfaces()) {
        if (!interfacesAfter.has(i.name)) out.push(error('breaking', `${old.name} no longer implements ${i.name}: fragments on ${i.name} miss it.`, old.name));
      }
    } else if (isEnumType(old) && isEnumType(now)) {
      const valuesAfter = new Map(now.getValues().map((v) => [v.name, v]));
      const valuesBefore = new Set(old.getValues().map((v) => v.name));
      for (const v of old.getValues()) {
        const at = `${old.name}.${v.name}`;
        const next = valuesAfter.get(v.name);
        if (!next) removed('enum value', at, v, `enum value ${at} was removed: clients that send it, or expect to receive it, break.`, out);
        else newlyDeprecated('enum value', at, v, next, out);
      }
      for (const v of valuesAfter.keys()) {
        if (!valuesBefore.has(v)) out.push(info('addition', `enum value ${old.name}.${v} added (clients that switch over ${old.name} should expect it).`, `${old.name}.${v}`));
      }
    } else if (isUnionType(old) && isUnionType(now)) {
      const membersAfter = new Set(now.getTypes().map((t) => t.name));
      const membersBefore = new Set(old.getTypes().map((t) => t.name));
      for (const m of membersBefore) if (!membersAfter.has(m)) out.push(error('breaking', `${m} was removed from union ${old.name}: fragments on it stop matching.`, old.name));
      for (const m of membersAfter) if (!membersBefore.has(m)) out.push(info('addition', `${m} added to union ${old.name}.`, old.name));
    } else if (isInputObjectType(old) && isInputObjectType(now)) {
      const fieldsAfter = now.getFields();
      for (const field of Object.values(old.getFields())) {
        const at = `${old.name}.${field.name}`;
        const next = fieldsAfter[field.name];
        if (!next) removed('input field', at, field, `input field ${at} was removed: requests that send it fail.`, out);
        else if (!inputChangeSafe(field.type, next.type)) {
          out.push(error('breaking', `input field ${at} changed type from ${field.type} to ${next.type}: requests that send it may fail.`, at));
        }
        if (next) newlyDeprecated('input field', at, field, next, out);
      }
      for (const next of Object.values(fieldsAfter).filter((f) => !old.getFields()[f.name])) {
        const at = `${old.name}.${next.name}`;
        if (isRequired(next)) out.push(error('breaking', `required input field ${at}: ${next.type} added: requests that leave it out fail.`, at));
        else out.push(info('addition', `optional input field ${at} added.`, at));
      }
    }
  }
  for (const t of userTypes(after)) {
    if (!before.getType(t.name)) out.push(info('addition', `${kindOf(t)} ${t.name} added.`, t.name));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sensitivity classes
// ---------------------------------------------------------------------------------------------

/** Builds the subgraph schema the kit would serve; the SDL errors are findings. */
function buildSchema(entry: SubgraphEntry): { schema: GraphQLSchema } | { findings: Finding[] } {
  try {
    return { schema: buildSubgraphSchema({ typeDefs: subgraphDocument(normalizeSubgraphSdl(entry.typeDefs)) }) };
  } catch (err) {
    const causes = (err as { causes?: { message: string }[] }).causes;
    const messages = causes?.length ? causes.map((c) => c.message) : [(err as Error).message];
    return { findings: messages.map((m) => error('sdl', `${entry.name}: the SDL does not build as a subgraph: ${m}`)) };
  }
}

/** Every field must declare a sensitivity class (kit/policy.ts readSensitivity); one finding per field. */
export function unclassifiedFields(entry: SubgraphEntry): Finding[] {
  const built = buildSchema(entry);
  if ('findings' in built) return built.findings;
  try {
    readSensitivity(built.schema);
    return [];
  } catch (err) {
    const message = (err as Error).message;
    const listed = /^fields without a @sensitivity class[^:]*: (.+)$/.exec(message);
    if (!listed) return [error('unclassified', `${entry.name}: ${message}`)];
    return listed[1]!.split(', ').map((at) =>
      error('unclassified', `${entry.name}: ${at} has no sensitivity class: declare @sensitivity(class: C0…C4) on the field or on its type.`, at),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Ownership: an agency may add fields to another's entity, never re-declare or take one over
// ---------------------------------------------------------------------------------------------

interface FieldDecl {
  /** Federation directives on the field, by their federation name (`override`, `shareable`, ...). */
  directives: Map<string, ConstDirectiveNode>;
  /** The named type the field returns. */
  returns: string;
}

interface TypeDecl {
  kind: 'fields' | 'enum' | 'union' | 'input' | 'scalar';
  fields: Map<string, FieldDecl>;
  /** Top-level field names of each @key of the type. */
  keys: Set<string>[];
  /** Enum values, union members or input fields. */
  members: Set<string>;
  shareable: boolean;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/';

/** Maps the names a subgraph uses for federation directives (imports, aliases, `federation__x`) to the spec's names. */
function federationNames(doc: DocumentNode): (name: string) => string {
  const aliases = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const d of def.directives ?? []) {
      const url = d.arguments?.find((a) => a.name.value === 'url')?.value;
      if (d.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.startsWith(FEDERATION_SPEC)) continue;
      const imports = d.arguments?.find((a) => a.name.value === 'import')?.value;
      if (imports?.kind !== Kind.LIST) continue;
      for (const item of imports.values) {
        if (item.kind === Kind.OBJECT) {
          const field = (n: string) => item.fields.find((f) => f.name.value === n)?.value;
          const name = field('name');
          const as = field('as');
          if (name?.kind === Kind.STRING && as?.kind === Kind.STRING) aliases.set(as.value.replace(/^@/, ''), name.value.replace(/^@/, ''));
        }
      }
    }
  }
  return (name) => aliases.get(name) ?? name.replace(/^federation__/, '');
}

function stringArg(d: ConstDirectiveNode, name: string): string | null {
  const v = d.arguments?.find((a) => a.name.value === name)?.value;
  return v?.kind === Kind.STRING ? v.value : null;
}

/** Top-level field names of a federation field set (`"id"`, `"id org { id }"`). */
function fieldSetNames(fields: string): Set<string> {
  try {
    const op = parse(`{${fields}}`).definitions[0] as OperationDefinitionNode;
    return new Set(op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])));
  } catch {
    return new Set();
  }
}

/** What a subgraph's SDL declares, type by type, read from the text (definitions and extensions alike). */
function declarationsOf(typeDefs: string): Map<string, TypeDecl> {
  const doc = parse(normalizeSubgraphSdl(typeDefs));
  const fed = federationNames(doc);
  const types = new Map<string, TypeDecl>();
  const declOf = (name: string, kind: TypeDecl['kind']) => {
    let t = types.get(name);
    if (!t) types.set(name, (t = { kind, fields: new Map(), keys: [], members: new Set(), shareable: false }));
    return t;
  };
  for (const def of doc.definitions) {
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const t = declOf(def.name.value, 'fields');
        for (const d of def.directives ?? []) {
          const name = fed(d.name.value);
          if (name === 'key') t.keys.push(fieldSetNames(stringArg(d, 'fields') ?? ''));
          if (name === 'shareable') t.shareable = true;
        }
        for (const f of def.fields ?? []) {
          let type = f.type;
          while (type.kind !== Kind.NAMED_TYPE) type = type.type;
          t.fields.set(f.name.value, { directives: new Map((f.directives ?? []).map((d) => [fed(d.name.value), d])), returns: type.name.value });
        }
        break;
      }
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        for (const v of def.values ?? []) declOf(def.name.value, 'enum').members.add(v.name.value);
        declOf(def.name.value, 'enum');
        break;
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
        for (const m of def.types ?? []) declOf(def.name.value, 'union').members.add(m.name.value);
        declOf(def.name.value, 'union');
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        for (const f of def.fields ?? []) declOf(def.name.value, 'input').members.add(f.name.value);
        declOf(def.name.value, 'input');
        break;
      default:
        break;
    }
  }
  return types;
}

const who = (s: SubgraphEntry) => `"${s.name}" (owner ${s.owner})`;
const federationMarks = (f: FieldDecl, typeShareable: boolean) =>
  [...['shareable', 'external', 'provides', 'requires', 'override'].filter((d) => f.directives.has(d)), ...(typeShareable && !f.directives.has('shareable') ? ['shareable (on the type)'] : [])]
    .map((d) => `@${d}`)
    .join(', ');

function sameSet(a: Set<string>, b: Set<string>): { missing: string[]; extra: string[] } {
  return { missing: [...a].filter((x) => !b.has(x)), extra: [...b].filter((x) => !a.has(x)) };
}

/**
 * Fields of `candidate` that override (@override) or re-declare a field of a subgraph with another
 * owner. Adding fields to another owner's entity is allowed; repeating one of its fields is not,
 * with or without @shareable, @external or @provides, except the owner's own key fields in an
 * entity stub (`type Case @key(fields: "id") { id: ID! ... }`). Types another owner defines that
 * are not entities (value types, enums, inputs, unions) may not be declared at all, except enums,
 * unions and inputs repeated exactly as the owner has them.
 */
export function ownershipFindings(candidate: SubgraphEntry, registry: SubgraphEntry[]): Finding[] {
  const out: Finding[] = [];
  let mine: Map<string, TypeDecl>;
  try {
    mine = declarationsOf(candidate.typeDefs);
  } catch {
    return out; // the SDL does not parse: reported by the other checks
  }
  const others = registry.filter((s) => s.name !== candidate.name && s.owner !== candidate.owner);
  const byName = new Map(registry.map((s) => [s.name, s]));
  const theirs = others.flatMap((s) => {
    try {
      return [{ entry: s, types: declarationsOf(s.typeDefs) }];
    } catch {
      return [];
    }
  });

  for (const [typeName, t] of mine) {
    // Taking a field over: @override(from:) naming another owner's subgraph; serving another's
    // fields: @provides naming fields another owner defines on the returned type.
    for (const [fieldName, f] of t.fields) {
      const provides = f.directives.get('provides');
      if (provides) out.push(...providesFindings(candidate.name, `${typeName}.${fieldName}`, f.returns, stringArg(provides, 'fields') ?? '', mine, theirs));
      const o = f.directives.get('override');
      const from = o && stringArg(o, 'from');
      const victim = from ? byName.get(from) : undefined;
      if (victim && victim.owner !== candidate.owner) {
        const at = `${typeName}.${fieldName}`;
        out.push(
          error('takeover', `${candidate.name} takes over ${at} from ${who(victim)} with @override: an agency may add fields to another's entity, never take one over.`, at),
        );
      }
    }

    const holders = theirs.filter((x) => x.types.has(typeName));
    if (!holders.length) continue;
    const first = holders[0]!;
    const held = first.types.get(typeName)!;

    if (t.kind !== 'fields' || held.kind !== 'fields') {
      if (t.kind === 'scalar' || t.kind !== held.kind) continue; // custom scalars are shared freely; kind clashes fail composition
      for (const { entry, types } of holders) {
        const { missing, extra } = sameSet(types.get(typeName)!.members, t.members);
        if (!missing.length && !extra.length) continue;
        const diff = [extra.length ? `adds ${extra.join(', ')}` : '', missing.length ? `leaves out ${missing.join(', ')}` : ''].filter(Boolean).join(' and ');
        out.push(
          error(
            'redeclaration',
            `${candidate.name} re-declares ${t.kind} ${typeName} of ${who(entry)} differently (${diff}): repeat it exactly as its owner has it, or use a type of your own.`,
            typeName,
          ),
        );
      }
      continue;
    }

    const ownerKeys = new Set(holders.flatMap((h) => h.types.get(typeName)!.keys.flatMap((k) => [...k])));
    const isEntity = holders.some((h) => h.types.get(typeName)!.keys.length > 0);
    const isRoot = ROOT_TYPES.has(typeName);
    if (!isRoot && !isEntity) {
      out.push(
        error(
          'redeclaration',
          `${candidate.name} declares ${typeName}, a type of ${who(first.entry)} that is not an entity (no @key): only entities can be extended; define a type of your own (e.g. ${pascal(candidate.name)}${typeName}).`,
          typeName,
        ),
      );
      continue;
    }
    const myKeys = new Set(t.keys.flatMap((k) => [...k]));
    for (const [fieldName, f] of t.fields) {
      const at = `${typeName}.${fieldName}`;
      const definedBy = holders.filter((h) => h.types.get(typeName)!.fields.has(fieldName));
      if (!definedBy.length) continue; // a new field on another's entity: allowed
      const stubKey = !isRoot && myKeys.has(fieldName) && ownerKeys.has(fieldName) && !f.directives.has('override') && !f.directives.has('provides');
      if (stubKey) continue;
      if (f.directives.has('override')) continue; // reported as a takeover above, or a same-owner move
      const marks = federationMarks(f, t.shareable);
      const owners = definedBy.map((h) => who(h.entry)).join(', ');
      const keyHint = isRoot
        ? 'name a root field of your own'
        : `add new fields to ${typeName} instead; only the owner's key fields (${[...ownerKeys].join(', ') || 'none'}) may be repeated, in an entity stub`;
      out.push(error('redeclaration', `${candidate.name} re-declares ${at}${marks ? ` (${marks})` : ''}, which ${owners} defines: ${keyHint}.`, at));
    }
  }
  return out;
}

/** @provides on a field of the candidate that names fields another owner defines on the returned type. */
function providesFindings(
  candidate: string,
  at: string,
  returned: string,
  fields: string,
  mine: Map<string, TypeDecl>,
  theirs: { entry: SubgraphEntry; types: Map<string, TypeDecl> }[],
): Finding[] {
  const out: Finding[] = [];
  const myKeys = new Set(mine.get(returned)?.keys.flatMap((k) => [...k]) ?? []);
  for (const name of fieldSetNames(fields)) {
    if (myKeys.has(name)) continue;
    const owners = theirs.filter((h) => h.types.get(returned)?.fields.has(name));
    if (!owners.length) continue;
    out.push(
      error(
        'redeclaration',
        `${candidate} would resolve ${returned}.${name}, which ${owners.map((h) => who(h.entry)).join(', ')} defines, through @provides on ${at}: an agency may not serve another's fields.`,
        `${returned}.${name}`,
      ),
    );
  }
  return out;
}

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// The checks, put together
// ---------------------------------------------------------------------------------------------

export interface CheckContext {
  /** The subgraphs registered now. */
  registry: SubgraphEntry[];
  /** The supergraph being served now; null when there is none yet (no breaking-change check). */
  currentSupergraphSdl: string | null;
  /** Report breaking changes as warnings instead of errors (a planned, announced change). @default false */
  allowBreaking?: boolean;
}

function breakingAgainst(current: string | null, next: string, allowBreaking: boolean): Finding[] {
  if (current === null) return [info('addition', 'no current supergraph: nothing to compare against (first composition).')];
  let before: GraphQLSchema;
  try {
    before = apiSchemaOf(current);
  } catch (err) {
    return [{ severity: 'warning', rule: 'breaking', message: `the current supergraph does not build (${(err as Error).message}); breaking changes were not checked.` }];
  }
  const findings = compareApiSchemas(before, apiSchemaOf(next));
  return allowBreaking ? findings.map((f) => (f.severity === 'error' ? { ...f, severity: 'warning' as const } : f)) : findings;
}

function report(findings: Finding[], supergraphSdl: string | null): CheckReport {
  return { ok: !findings.some((f) => f.severity === 'error'), findings, supergraphSdl };
}

function composeAndCompare(next: SubgraphEntry[], ctx: CheckContext, findings: Finding[]): CheckReport {
  const composed = composeSupergraph(next);
  if (!composed.ok) {
    return report([...findings, ...composed.errors.map((e) => error('composition', `does not compose: ${e}`))], null);
  }
  return report([...findings, ...breakingAgainst(ctx.currentSupergraphSdl, composed.supergraphSdl, ctx.allowBreaking ?? false)], composed.supergraphSdl);
}

/**
 * A candidate subgraph (new, or a new version of a registered one) checked against the graph:
 * its entry, its classes, its ownership, composition with the others, and what clients would lose.
 */
export function checkCandidate(candidate: SubgraphEntry, ctx: CheckContext): CheckReport {
  const findings: Finding[] = [];
  try {
    parseEntry({ name: candidate.name, url: candidate.url, owner: candidate.owner, sdl: '-' });
  } catch (err) {
    findings.push(error('registry', (err as Error).message.replace(/^candidate: subgraphs\[0\]/, 'candidate')));
  }
  const registered = ctx.registry.find((s) => s.name === candidate.name);
  if (registered && registered.owner !== candidate.owner) {
    findings.push(
      error('registry', `subgraph name "${candidate.name}" is registered to ${registered.owner}, not ${candidate.owner}: publish under a name of your own.`),
    );
  }
  findings.push(...unclassifiedFields(candidate), ...ownershipFindings(candidate, ctx.registry));
  const next = registered ? ctx.registry.map((s) => (s.name === candidate.name ? candidate : s)) : [...ctx.registry, candidate];
  return composeAndCompare(next, ctx, findings);
}

/** The registry as it is (what `npm run compose` is about to write): every subgraph's checks, composition, clients. */
export function checkRegistry(ctx: CheckContext): CheckReport {
  // A field two owners both declare shows up from both sides: blame the later-registered subgraph
  // (the registry lists the incumbents first), once.
  const seen = new Set<string>();
  const ownership = [...ctx.registry].reverse().map((s) =>
    ownershipFindings(s, ctx.registry).filter((f) => {
      if (f.rule !== 'redeclaration' || !f.coordinate) return true;
      if (seen.has(f.coordinate)) return false;
      seen.add(f.coordinate);
      return true;
    }),
  );
  ownership.reverse();
  const findings = ctx.registry.flatMap((s, i) => [...unclassifiedFields(s), ...ownership[i]!]);
  return composeAndCompare(ctx.registry, ctx, findings);
}

/** What removing a subgraph would break: composition of the rest, and every type, field and value clients would lose. */
export function checkRemoval(name: string, ctx: CheckContext): CheckReport {
  if (!ctx.registry.some((s) => s.name === name)) {
    return report([error('registry', `no subgraph "${name}" is registered (registered: ${ctx.registry.map((s) => s.name).join(', ')}).`)], null);
  }
  const rest = ctx.registry.filter((s) => s.name !== name);
  if (!rest.length) return report([error('registry', `"${name}" is the only subgraph: a graph without subgraphs cannot be served.`)], null);
  return composeAndCompare(rest, ctx, []);
}

/** A report in plain words, errors first: what the command lines print. */
export function formatReport(title: string, r: CheckReport): string {
  const order: Severity[] = ['error', 'warning', 'info'];
  const label: Record<Severity, string> = { error: 'ERROR', warning: 'WARN ', info: 'INFO ' };
  const lines = [title];
  for (const severity of order) {
    for (const f of r.findings.filter((x) => x.severity === severity)) lines.push(`  ${label[severity]} [${f.rule}] ${f.message}`);
  }
  const count = (s: Severity) => r.findings.filter((f) => f.severity === s).length;
  lines.push(
    r.ok
      ? `passed: ${count('warning')} warning(s), ${count('info')} note(s)`
      : `FAILED: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
  );
  return lines.join('\n');
}
