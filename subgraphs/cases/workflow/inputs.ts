import { z } from 'zod';
import { DOCUMENT_KINDS, PARTY_KINDS } from '../../../schema/vocabulary';
import { creditCode, residentIdNumber, text, yuanAmount } from '../validation';
import { RECONSIDERATION_OUTCOMES, type Requirement } from './transitions';

/**
 * The shape of every workflow mutation's `input`, as one schema: each GraphQL input type
 * (schema.graphql) carries the subset its verb uses. Which fields a step *needs* is the
 * `requires` column of the transition table, checked by engine.ts, so a missing reason is a
 * BAD_USER_INPUT naming `input.reasons` whatever the verb.
 */

export const documentRef = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be a hex SHA-256 (64 characters)')
    .transform((s) => s.toLowerCase()),
  documentId: text(200).nullish(),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a calendar date');

const fine = yuanAmount('amountYuan', 'amount', 1e12);
export const penaltyInput = z
  .object({
    decisionNumber: text(100),
    ...fine.shape,
    decidedOn: isoDate,
    partyKind: z.enum(PARTY_KINDS),
    partyName: text(200),
    partyIdNumber: residentIdNumber,
    partyCreditCode: creditCode,
  })
  .superRefine((p, ctx) => {
    if (p.partyKind === 'PERSON' && !p.partyIdNumber) ctx.addIssue({ code: 'custom', path: ['partyIdNumber'], message: 'is required for a person' });
    if (p.partyKind === 'PERSON' && p.partyCreditCode) ctx.addIssue({ code: 'custom', path: ['partyCreditCode'], message: 'is for companies only' });
    if (p.partyKind === 'COMPANY' && !p.partyCreditCode) ctx.addIssue({ code: 'custom', path: ['partyCreditCode'], message: 'is required for a company' });
    if (p.partyKind === 'COMPANY' && p.partyIdNumber) ctx.addIssue({ code: 'custom', path: ['partyIdNumber'], message: 'is for persons only' });
    fine.check(p, ctx);
  })
  .transform(({ amountYuan, ...p }) => ({ ...p, amount: fine.value({ amountYuan, amount: p.amount }) }));
export type PenaltyInput = z.infer<typeof penaltyInput>;

export const opinionInput = z.object({
  facts: text(20_000),
  evidence: text(20_000),
  proposedPenalty: text(5_000),
  seizedProperty: text(5_000),
});

export const informantInput = z.object({
  name: text(200),
  idNumber: residentIdNumber,
  phone: z.string().regex(/^[0-9+\-() ]{5,20}$/, 'not a phone number').nullish(),
  address: text(500).nullish(),
});

export const stepInput = z.object({
  reasons: text(5_000).nullish(),
  documents: z.array(documentRef).max(50, 'at most 50 documents').nullish(),
  documentStatement: z.string().trim().min(1, 'must not be empty').max(500_000, 'is too long for a document statement').nullish(),
  taskGroup: z.array(text(100)).max(20, 'at most 20 officers').nullish(),
  receivingAgencyId: text(100).nullish(),
  seal: z.string().trim().min(1, 'must not be empty').max(50_000, 'is too long for a seal').nullish(),
  materials: z.array(text(500)).max(50, 'at most 50 materials').nullish(),
  outcome: z.enum(RECONSIDERATION_OUTCOMES).nullish(),
  penalties: z.array(penaltyInput).max(20, 'at most 20 penalties in one step').nullish(),
  opinion: opinionInput.nullish(),
  result: text(5_000).nullish(),
  correctsSeq: z.number().int().min(1, 'must be an event number (1 or more)').nullish(),
  goodsSeized: z.boolean().nullish(),
  informant: informantInput.nullish(),
});
export type StepInput = z.infer<typeof stepInput>;

/** What a missing requirement tells the caller. */
export const REQUIREMENT_MESSAGES: Record<Requirement, string> = {
  reasons: 'is required: this step must record its reasons',
  documents: 'is required: attach the documents of this step by kind and SHA-256',
  taskGroup: 'is required: the task group of at least 2 officers of the agency, the submitting officer among them (Decree 310 art. 5)',
  receivingAgencyId: 'is required: the police unit the case goes to',
  seal: 'is required: the transfer package seal from the dossiers subgraph (sealTransferPackage)',
  materials: 'is required: the materials the police are missing',
  penalties: 'is required: at least one penalty decision',
  opinion: 'is required: facts, evidence, proposed penalty and seized property',
  result: 'is required: the written result of the agency’s handling',
  correctsSeq: 'is required: the number of the event this corrects',
  informant: 'is required: the informant’s name (and identity number, phone, address when known)',
};

/** Whether a required input is present and not empty. */
export function isProvided(input: StepInput, requirement: Requirement): boolean {
  const v = input[requirement];
  if (v == null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}
