import { z } from 'zod';
import { PARTY_KINDS, SECTORS } from '../../../schema/vocabulary';
import { creditCode, residentIdNumber, text } from '../validation';

/**
 * One administrative penalty decision as an agency publishes it (the public 行政处罚 register's
 * fields), one by one (publishPenalty's input) or as a row of a bulk import (CSV or JSON text, whose
 * columns are these names). Amounts are yuan with at most two decimals, as text ("40000.00") or,
 * from JSON, numbers; empty CSV cells are absent values.
 */
const MAX_YUAN = 1e13;
const yuan = z.preprocess(
  (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : v),
  z
    .string()
    .regex(/^\d{1,14}(\.\d{1,2})?$/, 'must be an amount in yuan such as 40000 or 40000.50')
    .transform(Number)
    .refine((n) => n <= MAX_YUAN, 'is implausibly large'),
);
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const registerPenaltyInput = z
  .object({
    decisionNumber: text(100),
    sector: z.enum(SECTORS, { message: `must be one of ${SECTORS.join(', ')}` }),
    partyKind: z.enum(PARTY_KINDS, { message: `must be one of ${PARTY_KINDS.join(', ')}` }),
    partyName: text(200),
    partyIdNumber: z.preprocess(blankToNull, residentIdNumber),
    partyCreditCode: z.preprocess(blankToNull, creditCode),
    offence: text(500),
    legalBasis: text(500),
    fineYuan: yuan,
    confiscationYuan: z.preprocess(blankToNull, yuan.nullish()),
    amountInvolvedYuan: z.preprocess(blankToNull, yuan.nullish()),
    decidedOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a calendar date'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.partyKind === 'PERSON' && !p.partyIdNumber) ctx.addIssue({ code: 'custom', path: ['partyIdNumber'], message: 'is required for a person' });
    if (p.partyKind === 'PERSON' && p.partyCreditCode) ctx.addIssue({ code: 'custom', path: ['partyCreditCode'], message: 'is for companies only' });
    if (p.partyKind === 'COMPANY' && !p.partyCreditCode) ctx.addIssue({ code: 'custom', path: ['partyCreditCode'], message: 'is required for a company' });
    if (p.partyKind === 'COMPANY' && p.partyIdNumber) ctx.addIssue({ code: 'custom', path: ['partyIdNumber'], message: 'is for persons only' });
  })
  .transform((p) => ({
    ...p,
    partyIdNumber: p.partyIdNumber ?? null,
    partyCreditCode: p.partyCreditCode ?? null,
    confiscationYuan: p.confiscationYuan ?? 0,
    amountInvolvedYuan: p.amountInvolvedYuan ?? null,
  }));
export type RegisterPenaltyInput = z.infer<typeof registerPenaltyInput>;

/** The columns of a bulk import, in the order the README's example uses. */
export const REGISTER_COLUMNS = [
  'decisionNumber',
  'sector',
  'partyKind',
  'partyName',
  'partyIdNumber',
  'partyCreditCode',
  'offence',
  'legalBasis',
  'fineYuan',
  'confiscationYuan',
  'amountInvolvedYuan',
  'decidedOn',
] as const;

/**
 * What the 以罚代刑 rules compare with the threshold (decision 94): the amount involved (违法经营额 /
 * 货值 / 涉案金额) when the agency gives it, since the prosecution standards are stated in it; else
 * the fine plus the confiscation, the least the conduct involved.
 */
export const comparedAmountOf = (p: Pick<RegisterPenaltyInput, 'fineYuan' | 'confiscationYuan' | 'amountInvolvedYuan'>) =>
  p.amountInvolvedYuan ?? Math.round((p.fineYuan + p.confiscationYuan) * 100) / 100;
