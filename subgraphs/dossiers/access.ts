import { eq, like, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DocumentKind, Role } from '../../schema/vocabulary';
import { isStatisticsOnly, relationsTo, type Relation } from '../kit/access';
import type { Caller } from '../kit/caller';
import { CLASS_RELATIONS, mayUnmask } from '../kit/classRules';
import { divisionScopePrefix, isValidDivisionCode } from '../kit/identifiers';
import { documents, dossiers, type DocumentSensitivity } from './db/schema';
import type { DossierRow } from './loaders';

/**
 * Who may do what with a dossier, beyond reading fields (which the kit's class rules decide):
 * which party produces which kind of document, which documents a caller may see at all, and who may
 * download a document's content. Relations come from the dossier's own columns (kit/access.ts).
 */

const AGENCY: readonly Relation[] = ['HANDLING_AGENCY'];
const POLICE: readonly Relation[] = ['RECEIVING_POLICE'];
const PROCURATORATE: readonly Relation[] = ['SUPERVISING_PROCURATORATE'];

/**
 * Which party adds each kind of document to the dossier (shared/domain.md, "The digital dossier"):
 * the agency its transfer package and its requests and replies; the receiving police their receipt,
 * forward, filing and reconsideration decisions; the procuratorate its notices and opinions.
 * Evidence may come from the agency or, after receipt, the police. Add a kind here with its authors.
 */
export const DOCUMENT_AUTHORS = {
  TRANSFER_LETTER: AGENCY,
  INVESTIGATION_REPORT: AGENCY,
  SEIZED_ITEMS_LIST: AGENCY,
  INSPECTION_REPORT: AGENCY,
  OTHER_MATERIAL: [...AGENCY, ...POLICE, ...PROCURATORATE],
  TRANSFER_REPORT: AGENCY,
  APPROVAL_DECISION: AGENCY,
  RECEIPT: POLICE,
  FORWARD_NOTICE: POLICE,
  FILING_NOTICE: [...POLICE, ...PROCURATORATE],
  NON_FILING_NOTICE: POLICE,
  RECONSIDERATION_REQUEST: AGENCY,
  RECONSIDERATION_DECISION: POLICE,
  SUPERVISION_REQUEST: AGENCY,
  HANDOVER_LIST: AGENCY,
  PROCURATORATE_NOTICE: PROCURATORATE,
  PROCURATORIAL_OPINION: PROCURATORATE,
  AGENCY_REPLY: AGENCY,
  INTERVIEW_RECORD: [...AGENCY, ...POLICE],
  INSPECTION_RECORD: [...AGENCY, ...POLICE],
  AUDIO_VIDEO: [...AGENCY, ...POLICE],
  ELECTRONIC_DATA: [...AGENCY, ...POLICE],
} as const satisfies Record<DocumentKind, readonly Relation[]>;

/** The roles through which a party acts on a dossier: case officers and approvers; at the procuratorate, supervisors too. */
export const ACTING_ROLES: Record<Relation, readonly Role[]> = {
  HANDLING_AGENCY: ['CASE_OFFICER', 'APPROVER'],
  RECEIVING_POLICE: ['CASE_OFFICER', 'APPROVER'],
  SUPERVISING_PROCURATORATE: ['CASE_OFFICER', 'SUPERVISOR'],
  SUPERVISING_ORGAN: [],
};

export const scopeOf = (d: DossierRow) => ({
  caseId: d.caseId,
  handlingAgencyId: d.handlingAgencyId,
  receivingAgencyId: d.receivingAgencyId,
  divisionCode: d.divisionCode,
});

/** The relations through which the caller may act on this dossier (relation held and a role that acts through it). */
export function actingRelations(caller: Caller, dossier: DossierRow): Relation[] {
  return relationsTo(caller, scopeOf(dossier)).filter((r) => ACTING_ROLES[r].some((role) => caller.roles.includes(role)));
}

export function mayAuthor(caller: Caller, dossier: DossierRow, kind: DocumentKind): boolean {
  const authors: readonly Relation[] = DOCUMENT_AUTHORS[kind];
  return actingRelations(caller, dossier).some((r) => authors.includes(r));
}

/** Relations that may see a document of each class at all (C4: police and procuratorate only). */
export const DOCUMENT_CLASS_RELATIONS: Record<DocumentSensitivity, readonly Relation[]> = {
  C2: CLASS_RELATIONS.C2,
  C3: CLASS_RELATIONS.C3,
  C4: CLASS_RELATIONS.C4,
};

/**
 * The SQL condition (over `documents` joined with their `dossiers`) that keeps the documents whose
 * class the caller may see: the C4 rule of kit/classRules.ts as a row filter, so a C4 document is
 * never loaded for the handling agency. Used together with visibleDossiers.
 */
export function readableDocumentsSql(caller: Caller): SQL {
  const facts = readableDocumentsFacts(caller);
  return readableDocumentsShapeSql(facts.shape, facts.values);
}

/**
 * The caller facts readableDocumentsSql binds and its shape (as kit/access.ts rowFilterFacts): ''
 * none readable; 'c' classes below C4 only; 'cr' and C4 as the receiving police; 'cd' and C4 in
 * the procuratorate's jurisdiction. The facts are the placeholders `readerAgency`, `readerDivisions`.
 */
export interface ReadableDocumentsFacts {
  shape: '' | 'c' | 'cr' | 'cd';
  values: { readerAgency: string; readerDivisions: string };
}

export function readableDocumentsFacts(caller: Caller): ReadableDocumentsFacts {
  if (isStatisticsOnly(caller) || !caller.agencyId) return { shape: '', values: { readerAgency: '', readerDivisions: '' } };
  if (caller.agencyKind === 'PUBLIC_SECURITY') return { shape: 'cr', values: { readerAgency: caller.agencyId, readerDivisions: '' } };
  if (caller.agencyKind === 'PROCURATORATE' && caller.division && isValidDivisionCode(caller.division)) {
    return { shape: 'cd', values: { readerAgency: caller.agencyId, readerDivisions: `${divisionScopePrefix(caller.division)}%` } };
  }
  return { shape: 'c', values: { readerAgency: caller.agencyId, readerDivisions: '' } };
}

/** The condition of a shape, its facts as values or, without them, as placeholders (prepared statements). */
export function readableDocumentsShapeSql(shape: ReadableDocumentsFacts['shape'], values?: ReadableDocumentsFacts['values']): SQL {
  if (!shape) return sql`false`;
  const c4: (SQL | undefined)[] = [];
  if (shape === 'cr') c4.push(eq(dossiers.receivingAgencyId, values ? values.readerAgency : sql.placeholder('readerAgency')));
  if (shape === 'cd') c4.push(like(dossiers.divisionCode, values ? values.readerDivisions : sql.placeholder('readerDivisions')));
  return or(ne(documents.sensitivity, 'C4'), ...c4) ?? sql`false`;
}

/**
 * Whether the caller may receive a document's bytes: its class's relations, and for C3 (personal
 * data, which cannot be masked inside a file) the conditions for reading C3 in clear: an officer of
 * the case's own agencies with a declared purpose that fits the role, and never in a case sealed for
 * a juvenile (annotateDossier marks it sealed), as Case.parties are.
 */
export function mayDownload(caller: Caller, annotatedDossier: DossierRow, sensitivity: DocumentSensitivity): boolean {
  const relations = relationsTo(caller, scopeOf(annotatedDossier));
  if (!relations.some((r) => DOCUMENT_CLASS_RELATIONS[sensitivity].includes(r))) return false;
  return sensitivity !== 'C3' || mayUnmask(caller, annotatedDossier);
}
