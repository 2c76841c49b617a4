import { describe, it, expect } from 'vitest';
import {
  isValidResidentId,
  residentIdCheckChar,
  makeResidentId,
  isValidCreditCode,
  creditCodeCheckChar,
  makeCreditCode,
  isValidDivisionCode,
  divisionLevel,
  divisionScopePrefix,
  maskName,
  maskResidentId,
  maskPhone,
  maskAddress,
  maskCreditCode,
} from './identifiers';

/** Replace the character at index i with another one from `pool` (the first one that differs). */
function changeAt(s: string, i: number, pool: string): string {
  const other = [...pool].find((c) => c !== s[i])!;
  return s.slice(0, i) + other + s.slice(i + 1);
}

describe('GB 11643 resident identity number', () => {
  // The worked example of GB 11643-1999 (check char X).
  const sample = '11010519491231002X';

  it('accepts the standard example and computes its check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(isValidResidentId(sample)).toBe(true);
  });

  it('builds valid numbers with makeResidentId', () => {
    const id = makeResidentId('330106', '19900101', '123');
    expect(id).toHaveLength(18);
    expect(id.slice(0, 17)).toBe('33010619900101123');
    expect(id[17]).toBe(residentIdCheckChar('33010619900101123'));
    expect(isValidResidentId(id)).toBe(true);
    expect(isValidResidentId(makeResidentId('330212', '20100615', '007'))).toBe(true);
  });

  it('rejects a number with any single digit changed', () => {
    const id = makeResidentId('330106', '19850317', '041');
    // Changing any of the first 17 digits breaks the MOD 11-2 check (a single substitution is always caught).
    for (let i = 0; i < 17; i++) {
      const bad = changeAt(id, i, '0123456789');
      expect(isValidResidentId(bad), `changed position ${i}: ${bad}`).toBe(false);
    }
    expect(isValidResidentId(changeAt(id, 17, '0123456789X'))).toBe(false);
  });

  it('rejects a wrong check digit even when the rest is plausible', () => {
    const first17 = '33010619900101123';
    const good = first17 + residentIdCheckChar(first17);
    const wrong = first17 + ('0123456789X'.split('').find((c) => c !== good[17]) as string);
    expect(isValidResidentId(good)).toBe(true);
    expect(isValidResidentId(wrong)).toBe(false);
  });

  it('rejects impossible birth dates even with a correct check digit', () => {
    const withCheck = (f: string) => f + residentIdCheckChar(f);
    expect(isValidResidentId(withCheck('33010619900230123'))).toBe(false); // 30 February
    expect(isValidResidentId(withCheck('33010619901301123'))).toBe(false); // month 13
    expect(isValidResidentId(withCheck('33010619900100123'))).toBe(false); // day 0
    expect(isValidResidentId(withCheck('33010618991231123'))).toBe(false); // before 1900
    expect(isValidResidentId(withCheck('33010621010101123'))).toBe(false); // after 2100
    expect(isValidResidentId(withCheck('33010619000229123'))).toBe(false); // 1900 not a leap year
    expect(isValidResidentId(withCheck('33010620000229123'))).toBe(true); // 2000 is
    expect(() => makeResidentId('330106', '19900230', '001')).toThrow(RangeError);
  });

  it('rejects an implausible division code even with a correct check digit', () => {
    const withCheck = (f: string) => f + residentIdCheckChar(f);
    expect(isValidResidentId(withCheck('00010619900101123'))).toBe(false);
    expect(isValidResidentId(withCheck('99010619900101123'))).toBe(false);
    expect(isValidResidentId(withCheck('10010619900101123'))).toBe(false);
  });

  it('rejects wrong length, lowercase x and non-digits', () => {
    expect(isValidResidentId(sample.slice(0, 17))).toBe(false);
    expect(isValidResidentId(sample + '0')).toBe(false);
    expect(isValidResidentId('')).toBe(false);
    expect(isValidResidentId('11010519491231002x')).toBe(false);
    expect(isValidResidentId('1101051949123100AX')).toBe(false);
    expect(isValidResidentId(' 11010519491231002X')).toBe(false);
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RangeError);
  });
});

describe('GB 32100-2015 unified social credit code', () => {
  const real = '91350100M000100Y43'; // a published, valid code

  it('accepts a known real code and computes its check character', () => {
    expect(creditCodeCheckChar(real.slice(0, 17))).toBe('3');
    expect(isValidCreditCode(real)).toBe(true);
  });

  it('builds valid codes with makeCreditCode', () => {
    const code = makeCreditCode('91330106MA2H3K4L5');
    expect(code).toHaveLength(18);
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('rejects a code with any single character changed', () => {
    for (let i = 0; i < 18; i++) {
      const bad = changeAt(real, i, '0123456789ABCDEFGHJKLMNPQRTUWXY');
      expect(isValidCreditCode(bad), `changed position ${i}: ${bad}`).toBe(false);
    }
  });

  it('rejects characters outside the alphabet (I, O, Z, S, V, lowercase)', () => {
    for (const c of ['I', 'O', 'Z', 'S', 'V']) {
      expect(isValidCreditCode(real.slice(0, 8) + c + real.slice(9))).toBe(false);
    }
    expect(isValidCreditCode(real.toLowerCase())).toBe(false);
    expect(() => creditCodeCheckChar('91350100O000100Y4')).toThrow(RangeError);
  });

  it('rejects wrong length and a bad division part', () => {
    expect(isValidCreditCode(real.slice(0, 17))).toBe(false);
    expect(isValidCreditCode(real + '0')).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
    const badDivision = '91990100M000100Y4';
    expect(isValidCreditCode(badDivision + creditCodeCheckChar(badDivision))).toBe(false);
    expect(() => makeCreditCode(badDivision)).toThrow(RangeError);
  });
});

describe('GB/T 2260 division codes', () => {
  it('validates format and province part', () => {
    for (const ok of ['330000', '330100', '330106', '110101', '650000', '710000', '810000', '820000']) {
      expect(isValidDivisionCode(ok), ok).toBe(true);
    }
    for (const bad of ['000000', '000106', '100000', '990000', '660000', '3301', '3301060', '33010A', '', ' 33010']) {
      expect(isValidDivisionCode(bad), bad).toBe(false);
    }
  });

  it('derives the level and scope prefix', () => {
    expect(divisionLevel('330000')).toBe('PROVINCE');
    expect(divisionLevel('330100')).toBe('CITY');
    expect(divisionLevel('330106')).toBe('COUNTY');
    expect(divisionScopePrefix('330000')).toBe('33');
    expect(divisionScopePrefix('330100')).toBe('3301');
    expect(divisionScopePrefix('330106')).toBe('330106');
    expect('330106'.startsWith(divisionScopePrefix('330100'))).toBe(true);
    expect('330212'.startsWith(divisionScopePrefix('330100'))).toBe(false);
    expect(() => divisionLevel('990000')).toThrow(RangeError);
  });
});

describe('C3 masking', () => {
  it('masks names', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John')).toBe('J***');
    expect(maskName('杭州某某贸易有限公司')).toBe('杭*********');
  });

  it('masks resident id numbers, phones, addresses and credit codes', () => {
    expect(maskResidentId('330106199001011234')).toBe('330106********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskAddress('浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市****');
    expect(maskAddress('西湖区')).toBe('西湖*');
    expect(maskCreditCode('91350100M000100Y43')).toBe('91350100********43');
  });

  it('never returns the clear value for a non-trivial input', () => {
    expect(maskResidentId('11010519491231002X')).not.toContain('19491231');
    expect(maskPhone('15900001111')).not.toContain('0000');
  });

  it('returns null, undefined and empty input unchanged', () => {
    for (const f of [maskName, maskResidentId, maskPhone, maskAddress, maskCreditCode]) {
      expect(f(null)).toBeNull();
      expect(f(undefined)).toBeUndefined();
      expect(f('')).toBe('');
    }
  });
});
