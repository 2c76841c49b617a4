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

export const createCaseInput = z.object({
  title: text(200),
  sector: z.enum(SECTORS),
  facts: text(20_000),
  amountInvolved: z.number().finite().nonnegative('must not be negative').max(1e13, 'is implausibly large'),
  parties: z.array(partyInput).min(1, 'a case needs at least one party').max(50, 'at most 50 parties'),
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;

/** Whether a person born on the date in a resident ID number is under 18 at `at`. */
export function isJuvenile(idNumber: string, at: Date): boolean {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const adulthood = Date.UTC(y + 18, m - 1, d);
  return at.getTime() < adulthood;
}
