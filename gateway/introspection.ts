import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Role } from '../schema/vocabulary';
import type { Caller } from '../subgraphs/kit/caller';
import { appError } from '../subgraphs/kit/errors';

/** Who may introspect the schema: every verified caller, or callers holding one of these roles. */
export type IntrospectionRoles = '*' | readonly Role[];

/** Production default: the roles that use the IDE's schema browser (analysts, administrators). */
export const PRODUCTION_INTROSPECTION_ROLES: readonly Role[] = ['ADMIN', 'ANALYST'];

/** Whether this caller may read the schema (introspection, GET /schema.graphql). */
export function mayIntrospect(caller: Pick<Caller, 'roles'>, roles: IntrospectionRoles): boolean {
  return roles === '*' || caller.roles.some((r) => roles.includes(r));
}

/** The refusal for a caller who may not read the schema. */
export const introspectionRefused = (roles: readonly Role[]) =>
  appError('FORBIDDEN', `introspection is limited to callers with role ${roles.join(' or ') || '(none)'}`, { http: { status: 403 } });

/** True when the selection (fragments at the root followed) asks for `__schema` or `__type`. */
export function asksIntrospection(document: DocumentNode, set: SelectionSetNode): boolean {
  return set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
    if (s.kind === Kind.INLINE_FRAGMENT) return asksIntrospection(document, s.selectionSet);
    const frag = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
    return frag?.kind === Kind.FRAGMENT_DEFINITION ? asksIntrospection(document, frag.selectionSet) : false;
  });
}

/**
 * Introspection only for the allowed roles (`__typename` is always allowed). Apollo Server's own
 * switch would turn it off for everyone in production; the gateway keeps it on and decides here.
 */
export function useIntrospectionGate(roles: IntrospectionRoles): ApolloServerPlugin<{ caller: Caller }> {
  return {
    async requestDidStart() {
      if (roles === '*') return {};
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation || !asksIntrospection(document, operation.selectionSet)) return;
          if (mayIntrospect(contextValue.caller, roles)) return;
          throw introspectionRefused(roles);
        },
      };
    },
  };
}
