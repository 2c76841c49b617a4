import {
  GraphQLError,
  isObjectType,
  isIntrospectionType,
  type GraphQLField,
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

/** The shield middleware: anything not in the tree is denied with a FORBIDDEN naming the field. */
export function policyMiddleware(fields: FieldClass[], classRules: ClassRules) {
  return shield(compilePolicy(fields, classRules), {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (thrown, _parent, _args, _ctx, info) => {
      if (thrown instanceof GraphQLError) return thrown;
      // A non-GraphQL error thrown inside a rule is a bug: do not leak it.
      if (thrown) return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const field = `${info.parentType.name}.${info.fieldName}`;
      return new GraphQLError(`not allowed to read ${field}`, { extensions: { code: 'FORBIDDEN', field } });
    },
  });
}

export { applyMiddleware };
