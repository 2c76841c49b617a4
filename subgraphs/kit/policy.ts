import {
  GraphQLError,
  getNamedType,
  isObjectType,
  isIntrospectionType,
  type GraphQLField,
  type GraphQLResolveInfo,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ConstDirectiveNode,
} from 'graphql';
import { allow, deny, shield, type IRule, type IRules } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';
import { SENSITIVITY_CLASSES, type SensitivityClass } from '../../schema/vocabulary';

/**
 * Policy is declared once, next to the field: `@sensitivity(class: C2)` on a field, or on its
 * type as the default for the type's fields; C3 fields name how they are masked
 * (`@sensitivity(class: C3, mask: NAME)`). This module reads those declarations and compiles them
 * into graphql-shield rules, deny by default. A field with no class is a start-up error.
 */
export const SENSITIVITY_DIRECTIVE = 'sensitivity';

export const MASK_KINDS = ['NAME', 'ID_NUMBER', 'CREDIT_CODE', 'PHONE', 'ADDRESS', 'REDACT'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

/** The SDL every subgraph (ours or an agency's) gets at its top to declare classes. */
export const POLICY_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://caselink.dev/policy/v1.0", import: ["@sensitivity", "SensitivityClass", "MaskKind"])
    @federation__composeDirective(name: "@sensitivity")

  "Data sensitivity class (shared/domain.md): C0 statistics, C1 flow metadata, C2 case content, C3 personal data, C4 investigation details after filing."
  enum SensitivityClass { C0 C1 C2 C3 C4 }

  "How a C3 field is masked for callers who may not see it in clear: 张* (NAME), 330106********1234 (ID_NUMBER), 91330106********1X (CREDIT_CODE), 138****5678 (PHONE), first characters of an ADDRESS, or REDACT (all hidden)."
  enum MaskKind { NAME ID_NUMBER CREDIT_CODE PHONE ADDRESS REDACT }

  "The sensitivity class of a field (or default for a type's fields), and for C3 how it is masked. The graph's access policy is compiled from it."
  directive @sensitivity(class: SensitivityClass!, mask: MaskKind) on FIELD_DEFINITION | OBJECT
`;

/** Federation's own plumbing: always allowed, or composition and entity resolution break. */
const FEDERATION_FIELDS: Record<string, string[]> = { Query: ['_service', '_entities'], _Service: ['sdl'] };

interface Declared {
  sensitivity: SensitivityClass;
  mask: MaskKind | null;
}

function enumArg(node: ConstDirectiveNode, name: string): string | null {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  return arg.value.kind === 'EnumValue' || arg.value.kind === 'StringValue' ? arg.value.value : null;
}

function declared(directives: readonly ConstDirectiveNode[] | undefined): Declared | null {
  const node = directives?.find((d) => d.name.value === SENSITIVITY_DIRECTIVE);
  if (!node) return null;
  const sensitivity = enumArg(node, 'class');
  if (!sensitivity || !(SENSITIVITY_CLASSES as readonly string[]).includes(sensitivity)) {
    throw new Error(`unknown sensitivity class ${JSON.stringify(sensitivity)}`);
  }
  const mask = enumArg(node, 'mask');
  if (mask !== null && !(MASK_KINDS as readonly string[]).includes(mask)) throw new Error(`unknown mask ${JSON.stringify(mask)}`);
  return { sensitivity: sensitivity as SensitivityClass, mask: mask as MaskKind | null };
}

function typeDirectives(type: GraphQLNamedType): ConstDirectiveNode[] {
  return [...(type.astNode?.directives ?? []), ...type.extensionASTNodes.flatMap((n) => n.directives ?? [])];
}

export interface FieldClass {
  type: string;
  field: string;
  sensitivity: SensitivityClass;
  /** How the field is masked when the caller may not see it in clear (C3; REDACT when undeclared). */
  mask: MaskKind | null;
}

/** Every object field of the subgraph with its declared class; throws naming each undeclared field. */
export function readSensitivity(schema: GraphQLSchema): FieldClass[] {
  const out: FieldClass[] = [];
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type) || type.name === '_Service') continue;
    const typeDefault = declared(typeDirectives(type));
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (FEDERATION_FIELDS[type.name]?.includes(field.name)) continue;
      const own = declared(field.astNode?.directives);
      const d = own ?? typeDefault;
      if (!d) {
        missing.push(`${type.name}.${field.name}`);
        continue;
      }
      const mask = own?.mask ?? (own ? null : typeDefault?.mask ?? null);
      out.push({ type: type.name, field: field.name, sensitivity: d.sensitivity, mask: d.sensitivity === 'C3' ? mask ?? 'REDACT' : null });
    }
  }
  if (missing.length) {
    throw new Error(`fields without a @sensitivity class (declare one on the field or its type): ${missing.join(', ')}`);
  }
  return out;
}

/** A shield rule: a plain rule or a logic rule (and/or/allow/deny). */
export type ShieldRule = IRule | typeof allow;
export type ClassRules = Record<SensitivityClass, ShieldRule>;

/** Compiles the declarations into a shield rule tree: one rule per class, federation plumbing allowed. */
export function compilePolicy(fields: FieldClass[], classRules: ClassRules): IRules {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const { type, field, sensitivity } of fields) {
    (tree[type] ??= {})[field] = classRules[sensitivity];
  }
  for (const [type, names] of Object.entries(FEDERATION_FIELDS)) {
    for (const field of names) (tree[type] ??= {})[field] = allow;
  }
  return tree;
}

/**
 * Whether a field of class `field` on a row is readable by everyone who could reach the row through
 * a field of class `guard`. When it is, the field's rule can never deny and is decided at compile
 * time (no runtime check, so the field keeps its plain, synchronous resolver).
 */
export type ClassImplied = (field: SensitivityClass, guard: SensitivityClass) => boolean;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function isEntity(schema: GraphQLSchema, typeName: string): boolean {
  const type = schema.getType(typeName);
  return Boolean(type && typeDirectives(type).some((d) => d.name.value === 'key'));
}

/**
 * The classes of the ways into each type: the fields that return it and, for entities,
 * `_entities` (which only the gateway calls, for rows a C1 field has led to).
 */
export function entryClasses(schema: GraphQLSchema, fields: FieldClass[]): Map<string, Set<SensitivityClass>> {
  const entry = new Map<string, Set<SensitivityClass>>();
  const consider = (typeName: string, cls: SensitivityClass) => {
    let classes = entry.get(typeName);
    if (!classes) entry.set(typeName, (classes = new Set()));
    classes.add(cls);
  };
  for (const f of fields) {
    const parent = schema.getType(f.type);
    if (!parent || !isObjectType(parent)) continue;
    const returned = getNamedType(parent.getFields()[f.field]!.type);
    if (isObjectType(returned)) consider(returned.name, f.sensitivity);
  }
  for (const name of entry.keys()) if (isEntity(schema, name)) consider(name, 'C1');
  return entry;
}

/**
 * Fields whose rule can never deny, given the guard on every way into their type: C0 fields when
 * C0 is open to every caller, and fields whose class is implied by the class of each way in.
 */
export function staticallyAllowed(schema: GraphQLSchema, fields: FieldClass[], implied: ClassImplied, c0Open = true): Set<string> {
  const entry = entryClasses(schema, fields);
  const out = new Set<string>();
  for (const f of fields) {
    if (f.sensitivity === 'C0') {
      if (c0Open) out.add(`${f.type}.${f.field}`);
    } else if (ROOT_TYPES.has(f.type)) continue;
    else if (entry.has(f.type) && [...entry.get(f.type)!].every((guard) => implied(f.sensitivity, guard))) out.add(`${f.type}.${f.field}`);
  }
  return out;
}

/** A rule's decision as a synchronous function, for rules that are one (see withSyncCheck). */
export type SyncCheck = (parent: unknown, ctx: unknown, info: GraphQLResolveInfo) => boolean;
const SYNC_CHECK = Symbol.for('caselink.policy.syncCheck');

/**
 * Marks a shield rule whose function is synchronous and pure (no cache, no fragment): `check` is that
 * function. The policy middleware then evaluates it in place of graphql-shield's wrapper, which is
 * asynchronous whatever the rule (an `async` function and three awaits per field read). Same rule,
 * same answers: a rule that throws denies, as in shield; a rule without the mark runs in shield.
 */
export function withSyncCheck<T extends object>(rule: T, check: SyncCheck): T {
  return Object.assign(rule, { [SYNC_CHECK]: check });
}

function syncCheckOf(rule: unknown): SyncCheck | undefined {
  return rule && typeof rule === 'object' ? (rule as { [SYNC_CHECK]?: SyncCheck })[SYNC_CHECK] : undefined;
}

/** The error a denied field read answers with: FORBIDDEN, naming the field. */
function notAllowed(info: GraphQLResolveInfo): GraphQLError {
  const field = `${info.parentType.name}.${info.fieldName}`;
  return new GraphQLError(`not allowed to read ${field}`, { extensions: { code: 'FORBIDDEN', field } });
}

type Resolve = (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;

/** shield's field middleware for a synchronous rule, without the promises: allow resolves, deny answers FORBIDDEN. */
function syncRuleMiddleware(check: SyncCheck) {
  return (resolve: Resolve, parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => {
    let allowed = false;
    try {
      allowed = check(parent, ctx, info) === true;
    } catch {
      allowed = false; // as graphql-shield: a rule that throws denies
    }
    return allowed ? resolve(parent, args, ctx, info) : notAllowed(info);
  };
}

/**
 * The shield middleware: anything not in the tree is denied with a FORBIDDEN naming the field.
 * Fields in `decided` are left out of the generated middleware: their rule was proven to allow at
 * compile time (see staticallyAllowed), which spares graphql-shield's per-field async wrapper.
 * Fields whose rule is synchronous (withSyncCheck, as the kit's standard rules are) get a
 * synchronous wrapper evaluating that rule; all others keep graphql-shield's.
 */
export function policyMiddleware(schema: GraphQLSchema, fields: FieldClass[], classRules: ClassRules, decided: Set<string> = new Set()) {
  const tree = compilePolicy(fields, classRules);
  const rules = tree as Record<string, Record<string, unknown>>;
  const generated = shieldFor(tree).generate(schema) as Record<string, Record<string, unknown>>;
  for (const [type, map] of Object.entries(generated)) {
    for (const field of Object.keys(map)) {
      if (decided.has(`${type}.${field}`)) {
        delete map[field];
        continue;
      }
      const check = syncCheckOf(rules[type]?.[field]);
      if (check) map[field] = syncRuleMiddleware(check);
    }
  }
  return generated as Parameters<typeof applyMiddleware>[1];
}

function shieldFor(tree: IRules) {
  return shield(tree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (thrown, _parent, _args, _ctx, info) => {
      if (thrown instanceof GraphQLError) return thrown;
      // A non-GraphQL error thrown inside a rule is a bug: do not leak it.
      if (thrown) return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      return notAllowed(info);
    },
  });
}

export { applyMiddleware };
