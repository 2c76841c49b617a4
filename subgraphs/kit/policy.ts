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
 * type as the default for the type's fields. This module reads those declarations and compiles
 * them into graphql-shield rules, deny by default. A field with no class is a start-up error.
 */
export const SENSITIVITY_DIRECTIVE = 'sensitivity';

/** The SDL every subgraph (ours or an agency's) puts at its top to declare classes. */
export const POLICY_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://caselink.dev/policy/v1.0", import: ["@sensitivity", "SensitivityClass"])
    @federation__composeDirective(name: "@sensitivity")

  "Data sensitivity class (shared/domain.md): C0 statistics, C1 flow metadata, C2 case content, C3 personal data, C4 investigation details."
  enum SensitivityClass { C0 C1 C2 C3 C4 }

  "The sensitivity class of a field (or default for a type's fields); the gateway's policy is compiled from it."
  directive @sensitivity(class: SensitivityClass!) on FIELD_DEFINITION | OBJECT
`;

/** Federation's own plumbing: always allowed, or composition and entity resolution break. */
const FEDERATION_FIELDS: Record<string, string[]> = { Query: ['_service', '_entities'], _Service: ['sdl'] };

function classOf(directives: readonly ConstDirectiveNode[] | undefined): SensitivityClass | null {
  const node = directives?.find((d) => d.name.value === SENSITIVITY_DIRECTIVE);
  const arg = node?.arguments?.find((a) => a.name.value === 'class');
  if (!arg) return null;
  const value = arg.value.kind === 'EnumValue' || arg.value.kind === 'StringValue' ? arg.value.value : null;
  if (!value || !(SENSITIVITY_CLASSES as readonly string[]).includes(value)) {
    throw new Error(`unknown sensitivity class ${JSON.stringify(value)}`);
  }
  return value as SensitivityClass;
}

function typeDirectives(type: GraphQLNamedType): ConstDirectiveNode[] {
  return [...(type.astNode?.directives ?? []), ...type.extensionASTNodes.flatMap((n) => n.directives ?? [])];
}

export interface FieldClass {
  type: string;
  field: string;
  sensitivity: SensitivityClass;
}

/** Every object field of the subgraph with its declared class; throws naming each undeclared field. */
export function readSensitivity(schema: GraphQLSchema): FieldClass[] {
  const out: FieldClass[] = [];
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type) || type.name === '_Service') continue;
    const typeClass = classOf(typeDirectives(type));
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (FEDERATION_FIELDS[type.name]?.includes(field.name)) continue;
      const sensitivity = classOf(field.astNode?.directives) ?? typeClass;
      if (sensitivity) out.push({ type: type.name, field: field.name, sensitivity });
      else missing.push(`${type.name}.${field.name}`);
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
export function compilePolicy(schema: GraphQLSchema, classRules: ClassRules): IRules {
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const { type, field, sensitivity } of readSensitivity(schema)) {
    (tree[type] ??= {})[field] = classRules[sensitivity];
  }
  for (const [type, fields] of Object.entries(FEDERATION_FIELDS)) {
    for (const field of fields) (tree[type] ??= {})[field] = allow;
  }
  return tree;
}

/** Applies the compiled policy; anything not in the tree is denied with a FORBIDDEN naming the field. */
export function applyPolicy(schema: GraphQLSchema, classRules: ClassRules): GraphQLSchema {
  const permissions = shield(compilePolicy(schema, classRules), {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (thrown, _parent, _args, _ctx, info) => {
      if (thrown instanceof GraphQLError) return thrown;
      // A non-GraphQL error thrown inside a rule is a bug: do not leak it.
      if (thrown) return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      return new GraphQLError(`not allowed to read ${info.parentType.name}.${info.fieldName}`, {
        extensions: { code: 'FORBIDDEN', field: `${info.parentType.name}.${info.fieldName}` },
      });
    },
  });
  return applyMiddleware(schema, permissions);
}
