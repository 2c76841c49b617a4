import { standardClassRules } from '../kit/classRules';

/**
 * Field rules come from each field's @sensitivity class (schema.graphql) and the caller's
 * relationship to the row (kit/classRules.ts); this subgraph adds no rules of its own.
 */
export const classRules = standardClassRules;
