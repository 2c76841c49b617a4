import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../../schema/vocabulary';
import type { KeySet } from '../../kit/jws';
import { verifySignedStatement } from '../../kit/signedStatement';
import { refuseInput } from '../messages';
import { checkPackageInDossier, type VerifiedSeal } from '../transferPackage/seal';
import type { StepInput } from './inputs';

/**
 * The dossier's document statement (dossiers subgraph, Dossier.documentStatement): a compact JWS,
 * ES256 or SM2SM3 (the crypto profile it was made under), typ caselink-dossier-documents+jws, signed with the dossiers subgraph's key, listing the
 * current documents of the case's dossier. A step that names documents must come with one, and each
 * document it names must be listed there with the same hash (and kind, and id when given): a step
 * refers to documents of the case's dossier, not to any 64 hex characters.
 */
export const DOCUMENTS_TYP = 'caselink-dossier-documents+jws';
export const FIELD = 'input.documentStatement';
/** A statement issued later than this after our clock is refused (clock skew between services). */
const MAX_SKEW_MS = 5 * 60_000;

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp');

export const documentStatementPayload = z.object({
  dossierId: z.string().min(1),
  caseId: z.string().min(1),
  version: z.number().int().positive(),
  documents: z.array(z.object({ id: z.string().min(1), kind: z.enum(DOCUMENT_KINDS), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  issuedAt: timestamp,
  expiresAt: timestamp,
});
export type DocumentStatement = z.infer<typeof documentStatementPayload>;

/** Where each named document came from, as the step's event records it (`data.dossierDocuments`). */
export interface DocumentSource {
  dossierId: string;
  dossierVersion: number;
  sha256: string;
}
/** A named document as found in the statement. */
export interface MatchedDocument extends DocumentSource {
  documentId: string;
}

const NOT_VERIFIED_ZH = '案卷文书声明未通过卷宗子系统密钥验证：请原样提交 Case.dossier.documentStatement';

/** The verified statement about `caseId`; BAD_USER_INPUT naming input.documentStatement otherwise. */
export async function verifyDocumentStatement(jws: string, keys: KeySet, expected: { caseId: string; now: Date }): Promise<DocumentStatement> {
  let s: DocumentStatement;
  try {
    s = await verifySignedStatement(jws.trim(), keys, {
      schema: documentStatementPayload,
      field: FIELD,
      typ: DOCUMENTS_TYP,
      notVerified: 'does not verify with the dossiers subgraph’s key: pass Case.dossier.documentStatement unchanged',
    });
  } catch (err) {
    const e = err as GraphQLError;
    if (e.extensions?.code !== 'BAD_USER_INPUT') throw err;
    throw refuseInput(FIELD, NOT_VERIFIED_ZH, e.message.slice(FIELD.length + 2));
  }
  if (s.caseId !== expected.caseId) {
    throw refuseInput(FIELD, `该案卷文书声明属于案件${s.caseId}，不属于本案：请读取本案的 Case.dossier.documentStatement`, `is about the dossier of case ${s.caseId}, not of this case`);
  }
  const now = expected.now.getTime();
  if (Date.parse(s.expiresAt) <= now) {
    throw refuseInput(FIELD, `案卷文书声明已于${s.expiresAt}过期：请重新读取 Case.dossier.documentStatement 后再提交`, `expired at ${s.expiresAt}: read Case.dossier.documentStatement again`);
  }
  if (Date.parse(s.issuedAt) > now + MAX_SKEW_MS) {
    throw refuseInput(FIELD, `案卷文书声明的签发时间（${s.issuedAt}）晚于当前时间`, `is issued in the future (${s.issuedAt})`);
  }
  return s;
}

/**
 * Checks each named document against the statement: listed with the same SHA-256 (by id when the
 * step names one), of the same kind. Returns, in the order named, where each came from.
 */
export function matchDocuments(statement: DocumentStatement, named: NonNullable<StepInput['documents']>): MatchedDocument[] {
  return named.map((d, i) => {
    const at = `input.documents.${i}`;
    const n = i + 1;
    let found;
    if (d.documentId) {
      found = statement.documents.find((x) => x.id === d.documentId);
      if (!found) throw refuseInput(`${at}.documentId`, `第${n}份文书：本案卷宗的当前版本中没有编号为${d.documentId}的文书`, `document ${d.documentId} is not a current document of the case’s dossier (version ${statement.version})`);
      if (found.sha256 !== d.sha256) throw refuseInput(`${at}.sha256`, `第${n}份文书的SHA-256与卷宗中文书${d.documentId}的不一致`, `does not match document ${d.documentId} of the case’s dossier (${found.sha256})`);
    } else {
      const same = statement.documents.filter((x) => x.sha256 === d.sha256);
      if (!same.length) throw refuseInput(`${at}.sha256`, `第${n}份文书（SHA-256 ${d.sha256}）不在本案卷宗的当前版本中：请先将文书上传至卷宗`, `no current document of the case’s dossier (version ${statement.version}) has this SHA-256: upload the document to the dossier first`);
      found = same.find((x) => x.kind === d.kind) ?? same[0]!;
    }
    if (found.kind !== d.kind) throw refuseInput(`${at}.kind`, `第${n}份文书在卷宗中的类型是${found.kind}，不是${d.kind}`, `is ${found.kind} in the case’s dossier, not ${d.kind}`);
    return { dossierId: statement.dossierId, dossierVersion: statement.version, sha256: found.sha256, documentId: found.id };
  });
}

/**
 * The documents a step names, checked against the dossier's statement: none named (and no seal),
 * nothing to check; otherwise the statement is required and verified, the transfer package (when
 * the step sends one) checked against the dossier's current documents, and each named document matched.
 */
export async function checkStepDocuments(
  input: Pick<StepInput, 'documents' | 'documentStatement'>,
  keys: KeySet,
  expected: { caseId: string; now: Date },
  seal: VerifiedSeal | null,
): Promise<MatchedDocument[]> {
  const named = input.documents ?? [];
  if (!named.length && !seal) return [];
  if (!input.documentStatement) {
    throw refuseInput(
      FIELD,
      seal ? '移送案件须同时提交本案卷宗的文书声明（Case.dossier.documentStatement），以核对移送材料仍在卷宗中' : '附上文书时须同时提交本案卷宗的文书声明（Case.dossier.documentStatement），以证明文书在本案卷宗中',
      `is required ${seal ? 'to send the transfer package' : 'with documents'}: pass Case.dossier.documentStatement, read just before the step`,
    );
  }
  const statement = await verifyDocumentStatement(input.documentStatement, keys, expected);
  if (seal) checkPackageInDossier(seal, statement);
  return matchDocuments(statement, named);
}
