import { PURPOSES, type Purpose } from '../../schema/vocabulary';

/**
 * References to other subgraphs' entities, as federation resolves them: a resolver returns
 * `{ __typename, id }` and the owning subgraph (agencies, for Officer and Agency) fills the rest.
 * People and agencies are always returned this way, never as bare id strings.
 */
export const agencyRef = (id: string | null | undefined) => (id ? { __typename: 'Agency' as const, id } : null);
/**
 * Actors recorded by id that are not officers: the warning engine, and demo data written by earlier
 * versions. A reference to them would reach the agencies subgraph as an unknown officer and come back
 * as a null the gateway cannot explain, so they are no Officer at all.
 */
export const SYSTEM_ACTOR = 'system';
const NOT_OFFICERS: ReadonlySet<string> = new Set([SYSTEM_ACTOR, 'demo-seed']);
export const officerRef = (id: string | null | undefined) => (id && !NOT_OFFICERS.has(id) ? { __typename: 'Officer' as const, id } : null);
export const caseRef = (id: string | null | undefined) => (id ? { __typename: 'Case' as const, id } : null);

interface AccessRecordRow {
  at: Date;
  subject: string;
  agencyId: string | null;
  purpose: string | null;
}

/**
 * The named fields of AccessRecord (a @shareable type every case-scoped subgraph serves the same
 * way). A purpose outside the vocabulary (an older gateway passed any header on) reads as null.
 */
export const accessRecordResolvers = {
  readAt: (r: AccessRecordRow) => r.at,
  reader: (r: AccessRecordRow) => officerRef(r.subject),
  agency: (r: AccessRecordRow) => agencyRef(r.agencyId),
  declaredPurpose: (r: AccessRecordRow): Purpose | null => ((PURPOSES as readonly string[]).includes(r.purpose ?? '') ? (r.purpose as Purpose) : null),
};
