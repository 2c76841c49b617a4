import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { rule } from 'graphql-shield';
import type { SensitivityClass } from '../../schema/vocabulary';
import { accessOf, isStatisticsOnly, type Relation } from './access';
import type { Caller } from './caller';
import { staticallyAllowed, withSyncCheck, type ClassRules, type FieldClass } from './policy';

/**
 * Who may read each class of a case-scoped row, by relationship (shared/domain.md):
 * C1 the parties and supervising organs; C2/C3 the handling agency, receiving police and
 * supervising procuratorate (C3 masked unless `mayUnmask`); C4 police and procuratorate only.
 * C0 (statistics) is open to every verified caller; statistics-only callers get nothing else.
 */
export const CLASS_RELATIONS: Record<Exclude<SensitivityClass, 'C0'>, readonly Relation[]> = {
  C1: ['HANDLING_AGENCY', 'RECEIVING_POLICE', 'SUPERVISING_PROCURATORATE', 'SUPERVISING_ORGAN'],
  C2: ['HANDLING_AGENCY', 'RECEIVING_POLICE', 'SUPERVISING_PROCURATORATE'],
  C3: ['HANDLING_AGENCY', 'RECEIVING_POLICE', 'SUPERVISING_PROCURATORATE'],
  C4: ['RECEIVING_POLICE', 'SUPERVISING_PROCURATORATE'],
};

/** Relations whose officers may see personal data in clear, with a fitting declared purpose. */
const OWN_AGENCIES: readonly Relation[] = ['HANDLING_AGENCY', 'RECEIVING_POLICE'];

/** A declared purpose fits a role: case handling for case officers and approvers, supervision for supervisors. */
export function purposeFitsRole(caller: Caller): boolean {
  if (caller.purpose === 'CASE_HANDLING') return caller.roles.some((r) => r === 'CASE_OFFICER' || r === 'APPROVER');
  if (caller.purpose === 'SUPERVISION') return caller.roles.includes('SUPERVISOR');
  return false;
}

/** Whether a C3 value of this row may be returned in clear to this caller. */
export function mayUnmask(caller: Caller, row: unknown): boolean {
  const access = accessOf(row);
  return Boolean(access && !access.sealed && access.relations.some((r) => OWN_AGENCIES.includes(r)) && purposeFitsRole(caller));
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * The decision for one field read. Root fields are decided by role (their rows are filtered in
 * SQL); fields of case-scoped rows by the relations attached when the row was loaded; fields of
 * rows with no case scope (agency directory, entity stubs) are open up to C1 and closed above it.
 */
export function mayRead(sensitivity: SensitivityClass, caller: Caller | undefined, parent: unknown, info: GraphQLResolveInfo): boolean {
  if (!caller) return false;
  if (sensitivity === 'C0') return true;
  if (isStatisticsOnly(caller)) return false;
  if (ROOT_TYPES.has(info.parentType.name)) return true;
  const access = accessOf(parent);
  if (!access) return sensitivity === 'C1';
  const allowed = CLASS_RELATIONS[sensitivity];
  return access.relations.some((r) => allowed.includes(r));
}

/** A class's rule: a graphql-shield rule, marked synchronous so the kit evaluates it without shield's async wrapper. */
function classRule(sensitivity: SensitivityClass) {
  const check = (parent: unknown, ctx: unknown, info: GraphQLResolveInfo) => mayRead(sensitivity, (ctx as { caller?: Caller }).caller, parent, info);
  return withSyncCheck(
    rule(`class-${sensitivity}`, { cache: 'no_cache' })((parent, _args, ctx, info) => check(parent, ctx, info)),
    check,
  );
}

/** With the standard rules: does every caller who may read `guard` on a row also may read `field`? */
export function standardClassImplied(field: SensitivityClass, guard: SensitivityClass): boolean {
  if (field === 'C0') return true;
  if (guard === 'C0') return false;
  return CLASS_RELATIONS[guard].every((r) => CLASS_RELATIONS[field].includes(r));
}

/**
 * The fields whose rule can never deny under these rules (see staticallyAllowed), decided at compile
 * time. Only implications between classes whose rule is the standard one are known: a subgraph that
 * names the standard rules (as ours do) gets them all; one with a rule of its own for a class gets
 * none that involve that class.
 */
export function decidedAtCompileTime(schema: GraphQLSchema, fields: FieldClass[], rules: ClassRules): Set<string> {
  const standard = (c: SensitivityClass) => rules[c] === standardClassRules[c];
  const implied = (field: SensitivityClass, guard: SensitivityClass) => standard(field) && standard(guard) && standardClassImplied(field, guard);
  return staticallyAllowed(schema, fields, implied, standard('C0'));
}

/** The standard rules every subgraph uses unless it declares its own. */
export const standardClassRules: ClassRules = {
  C0: classRule('C0'),
  C1: classRule('C1'),
  C2: classRule('C2'),
  C3: classRule('C3'),
  C4: classRule('C4'),
};
