import { z } from 'zod';
import { PARTY_KINDS, SECTORS } from '../../schema/vocabulary';
import { isValidCreditCode, isValidResidentId } from '../kit/identifiers';

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** An optional GB 11643 resident identity number, checked by its check digit. */
export const residentIdNumber = z
  .string()
  .nullish()
  .refine((v) => v == null || isValidResidentId(v), 'not a valid resident identity number (GB 11643: 18 characters, check digit)');

/** An optional GB 32100 unified social credit code, checked by its check character. */
export const creditCode = z
  .string()
  .nullish()
  .refine((v) => v == null || isValidCreditCode(v), 'not a valid unified social credit code (GB 32100: 18 characters, check character)');

export const partyInput = z
  .object({
    kind: z.enum(PARTY_KINDS),
    name: text(200),
    idNumber: residentIdNumber,
    creditCode,
    phone: z.string().regex(/^[0-9+\-() ]{5,20}$/, 'not a phone number').nullish(),
    address: text(500).nullish(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'PERSON' && !p.idNumber) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'is required for a person' });
    if (p.kind === 'PERSON' && p.creditCode) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'is for companies only' });
    if (p.kind === 'COMPANY' && !p.creditCode) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'is required for a company' });
    if (p.kind === 'COMPANY' && p.idNumber) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'is for persons only' });
  });

/**
 * A yuan amount as an input gives it: the Decimal field (text the scalar has normalized, "12345.67"),
 * or its deprecated Float twin, rounded to the fen. One of the two, never both; the result is the
 * number both stores (numeric(16,2)) and the timeline hash take, under the Float's name.
 */
export function yuanAmount<Decimal extends string, Float extends string>(decimalKey: Decimal, floatKey: Float, max: number) {
  const limit = (v: number, ctx: z.RefinementCtx, key: string) => {
    if (v < 0) ctx.addIssue({ code: 'custom', path: [key], message: 'must not be negative' });
    else if (v > max) ctx.addIssue({ code: 'custom', path: [key], message: 'is implausibly large' });
  };
  return {
    shape: {
      [decimalKey]: z.string().nullish(),
      [floatKey]: z.number().finite().nullish(),
    } as Record<Decimal, z.ZodOptional<z.ZodNullable<z.ZodString>>> & Record<Float, z.ZodOptional<z.ZodNullable<z.ZodNumber>>>,
    check(v: Record<string, unknown>, ctx: z.RefinementCtx) {
      const text = v[decimalKey] as string | null | undefined;
      const float = v[floatKey] as number | null | undefined;
      if (text != null && float != null) ctx.addIssue({ code: 'custom', path: [decimalKey], message: `give either ${decimalKey} or the deprecated ${floatKey}, not both` });
      else if (text == null && float == null) ctx.addIssue({ code: 'custom', path: [decimalKey], message: 'is required' });
      else if (text != null) limit(Number(text), ctx, decimalKey);
      else limit(float!, ctx, floatKey);
    },
    value: (v: Record<string, unknown>): number => (v[decimalKey] != null ? Number(v[decimalKey]) : Math.round((v[floatKey] as number) * 100) / 100),
  };
}

const caseAmount = yuanAmount('amountInvolvedYuan', 'amountInvolved', 1e13);
export const createCaseInput = z
  .object({
    title: text(200),
    sector: z.enum(SECTORS),
    facts: text(20_000),
    ...caseAmount.shape,
    parties: z.array(partyInput).min(1, 'a case needs at least one party').max(50, 'at most 50 parties'),
  })
  .superRefine(caseAmount.check)
  .transform(({ amountInvolvedYuan: _decimal, ...v }) => ({ ...v, amountInvolved: caseAmount.value({ amountInvolvedYuan: _decimal, amountInvolved: v.amountInvolved }) }));
export type CreateCaseInput = z.infer<typeof createCaseInput>;

/** Whether a person born on the date in a resident ID number is under 18 at `at`. */
export function isJuvenile(idNumber: string, at: Date): boolean {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const adulthood = Date.UTC(y + 18, m - 1, d);
  return at.getTime() < adulthood;
}
