/**
 * Validation, construction and masking of the identifiers the linkage graph stores
 * (shared/domain.md, "Identifiers worth validating" and "Data sensitivity classes").
 * Pure functions, no dependencies.
 */

// ---------------------------------------------------------------------------
// GB/T 2260 administrative division codes
// ---------------------------------------------------------------------------

/** GB/T 2260 province-level codes (first two digits): 31 mainland provinces, Taiwan, Hong Kong, Macao. */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export type DivisionLevel = 'PROVINCE' | 'CITY' | 'COUNTY';

/** GB/T 2260: exactly 6 digits whose first two are a real province code (11–65, 71, 81, 82). */
export function isValidDivisionCode(s: string): boolean {
  return typeof s === 'string' && /^\d{6}$/.test(s) && PROVINCE_CODES.has(s.slice(0, 2));
}

/** GB/T 2260 level of a division code: XX0000 province, XXXX00 city (prefecture), otherwise county; throws on an invalid code. */
export function divisionLevel(code: string): DivisionLevel {
  if (!isValidDivisionCode(code)) throw new RangeError(`invalid GB/T 2260 division code: ${code}`);
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

/** GB/T 2260 prefix shared by every code inside a division ('33' for 330000, '3301' for 330100, the code itself for a county). */
export function divisionScopePrefix(code: string): string {
  switch (divisionLevel(code)) {
    case 'PROVINCE':
      return code.slice(0, 2);
    case 'CITY':
      return code.slice(0, 4);
    default:
      return code;
  }
}

// ---------------------------------------------------------------------------
// GB 11643-1999 citizen (resident) identity number
// ---------------------------------------------------------------------------

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const RESIDENT_ID_CHECK_CHARS = '10X98765432';

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** GB 11643 birth date: YYYYMMDD, a real calendar date between 1900-01-01 and 2100-12-31. */
function isValidBirthDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const monthDays = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= monthDays[m - 1];
}

/** GB 11643 / ISO 7064 MOD 11-2 check character for the first 17 digits of a resident identity number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('GB 11643: expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i];
  return RESIDENT_ID_CHECK_CHARS[sum % 11];
}

/** GB 11643 resident identity number: 18 chars, division code, birth date 1900–2100, 3-digit sequence, MOD 11-2 check char (uppercase X only). */
export function isValidResidentId(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{17}[\dX]$/.test(s)) return false;
  if (!isValidDivisionCode(s.slice(0, 6))) return false;
  if (!isValidBirthDate(s.slice(6, 14))) return false;
  return residentIdCheckChar(s.slice(0, 17)) === s[17];
}

/** GB 11643: build a valid resident identity number from a division code, a YYYYMMDD birth date and a 3-digit sequence (demo data, tests). */
export function makeResidentId(division: string, birth: string, seq: string): string {
  if (!isValidDivisionCode(division)) throw new RangeError(`GB 11643: invalid division code ${division}`);
  if (!isValidBirthDate(birth)) throw new RangeError(`GB 11643: invalid birth date ${birth}`);
  if (!/^\d{3}$/.test(seq)) throw new RangeError(`GB 11643: sequence must be 3 digits, got ${seq}`);
  const first17 = division + birth + seq;
  return first17 + residentIdCheckChar(first17);
}

// ---------------------------------------------------------------------------
// GB 32100-2015 unified social credit code
// ---------------------------------------------------------------------------

const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CREDIT_CODE_RE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/** GB 32100-2015 check character: (31 − Σ value(cᵢ)·wᵢ mod 31) mod 31, mapped back through the 31-char alphabet. */
export function creditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    throw new RangeError('GB 32100: expected 17 characters');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`GB 32100: character '${first17[i]}' not in the code alphabet`);
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 32100-2015 unified social credit code: 18 chars of 0-9A-Y without I O Z S V, positions 3–8 a GB/T 2260 code (or 100000 national), valid check char. */
export function isValidCreditCode(s: string): boolean {
  if (typeof s !== 'string' || !CREDIT_CODE_RE.test(s)) return false;
  const division = s.slice(2, 8);
  // Organisations registered with a central (national) authority carry 100000.
  if (!isValidDivisionCode(division) && division !== '100000') return false;
  return creditCodeCheckChar(s.slice(0, 17)) === s[17];
}

/** GB 32100-2015: append the check character to 17 code characters (demo data, tests); throws if the result is not a valid code. */
export function makeCreditCode(first17: string): string {
  const code = first17 + creditCodeCheckChar(first17);
  if (!isValidCreditCode(code)) throw new RangeError(`GB 32100: cannot build a valid code from ${first17}`);
  return code;
}

// ---------------------------------------------------------------------------
// Masking of C3 personal data (shared/domain.md; PIPL art. 28, GB/T 35273 de-identification)
// ---------------------------------------------------------------------------

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

/** PIPL / GB/T 35273 name masking: keep the first character, star the rest ('张三丰' → '张**'); null/empty unchanged. */
export function maskName(s: string): string;
export function maskName(s: string | null | undefined): string | null | undefined;
export function maskName(s: string | null | undefined): string | null | undefined {
  if (!s) return s;
  const chars = Array.from(s);
  return chars[0] + stars(chars.length - 1);
}

/** GB 11643 number masking (PIPL / GB/T 35273): keep the first 6 and last 4 characters ('330106********1234'); null/empty unchanged. */
export function maskResidentId(s: string): string;
export function maskResidentId(s: string | null | undefined): string | null | undefined;
export function maskResidentId(s: string | null | undefined): string | null | undefined {
  if (!s) return s;
  if (s.length <= 10) return stars(s.length);
  return s.slice(0, 6) + stars(s.length - 10) + s.slice(-4);
}

/** PIPL / GB/T 35273 mobile number masking: keep the first 3 and last 4 digits ('138****5678'); null/empty unchanged. */
export function maskPhone(s: string): string;
export function maskPhone(s: string | null | undefined): string | null | undefined;
export function maskPhone(s: string | null | undefined): string | null | undefined {
  if (!s) return s;
  if (s.length <= 7) return stars(s.length - 2) + s.slice(-2);
  return s.slice(0, 3) + stars(s.length - 7) + s.slice(-4);
}

/** PIPL / GB/T 35273 address masking: keep the first 6 characters then '****'; an address of 6 chars or fewer keeps only its first 2; null/empty unchanged. */
export function maskAddress(s: string): string;
export function maskAddress(s: string | null | undefined): string | null | undefined;
export function maskAddress(s: string | null | undefined): string | null | undefined {
  if (!s) return s;
  const chars = Array.from(s);
  if (chars.length <= 6) return chars.slice(0, 2).join('') + stars(chars.length - 2);
  return chars.slice(0, 6).join('') + '****';
}

/** GB 32100 code masking: keep the first 8 and last 2 characters, star between ('91330106********3X'); null/empty unchanged. */
export function maskCreditCode(s: string): string;
export function maskCreditCode(s: string | null | undefined): string | null | undefined;
export function maskCreditCode(s: string | null | undefined): string | null | undefined {
  if (!s) return s;
  if (s.length <= 10) return stars(s.length);
  return s.slice(0, 8) + stars(s.length - 10) + s.slice(-2);
}
