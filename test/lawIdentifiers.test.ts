/**
 * The identifiers of shared/domain.md ("Identifiers worth validating", docs/law.md R67–R70), with
 * check characters written out by hand (worked with the standards' weights outside the product, not
 * with its functions): a valid number passes, the same number with another check character fails,
 * and every input that carries one refuses a bad one as BAD_USER_INPUT naming the field.
 */
import { describe, expect, it } from 'vitest';
import { isValidCreditCode, isValidDivisionCode, isValidResidentId } from '../subgraphs/kit/identifiers';
import { parseInput } from '../subgraphs/kit/validation';
import { createCaseInput } from '../subgraphs/cases/validation';
import { stepInput } from '../subgraphs/cases/workflow/inputs';

const otherLast = (s: string, pool: string) => s.slice(0, 17) + [...pool].find((c) => c !== s[17])!;

describe('R67 GB 11643 resident identity number: 18 characters, ISO 7064 MOD 11-2 check character', () => {
  // [number, why]
  const valid: [string, string][] = [
    ['11010519491231002X', 'the standard’s worked example, check character X'],
    ['330106198503121231', 'Hangzhou 西湖区, 12 Mar 1985'],
    ['440304200002290014', '29 Feb 2000, a leap year (divisible by 400)'],
    ['330106200801010054', 'a juvenile in 2026'],
    ['350203197001019996', 'check character 6'],
  ];
  it.each(valid)('%s is valid (%s), and not with another check character', (id) => {
    expect(isValidResidentId(id)).toBe(true);
    expect(isValidResidentId(otherLast(id, '0123456789X'))).toBe(false);
  });
  it.each([
    ['110105190002290017', '29 Feb 1900: 1900 is not a leap year (check character right)'],
    ['330106210012310010', 'born in 2100 is allowed …'],
    ['330106189912310012', '… born in 1899 is not'],
    ['11010519491231002x', 'lowercase x'],
    ['11010519491231002', '17 characters'],
    ['000105194912310020', 'no province 00'],
  ])('%s: %s', (id, why) => {
    expect(isValidResidentId(id)).toBe(why.startsWith('born in 2100'));
  });
});

describe('R68 GB 32100 unified social credit code: 18 characters, its own check character', () => {
  const valid: [string, string][] = [
    ['91350100M000100Y43', 'a registered company (Fuzhou)'],
    ['91330106MA2KABCD12', 'a 西湖区 company'],
    ['91110000100000000R', 'check character R'],
    ['123300000024820753', 'an institution of Zhejiang province (registration class 1, type 2)'],
  ];
  it.each(valid)('%s is valid (%s), and not with another check character', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(isValidCreditCode(otherLast(code, '0123456789ABCDEFGHJKLMNPQRTUWXY'))).toBe(false);
  });
  it.each([
    ['91330106MA2KABCDI2', 'I is not in the alphabet'],
    ['91330106MA2KABCD1', '17 characters'],
    ['91000006MA2KABCD12', 'positions 3–8 are no division code'],
    ['91330106ma2kabcd12', 'lowercase'],
  ])('%s is refused: %s', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });
});

describe('R69 GB/T 2260 division code: 6 digits', () => {
  it.each([
    ['330106', true],
    ['330100', true],
    ['330000', true],
    ['810000', true],
    ['33010', false],
    ['3301066', false],
    ['33010a', false],
    ['000000', false],
    ['990106', false],
  ])('%s → %s', (code, ok) => {
    expect(isValidDivisionCode(code)).toBe(ok);
  });
});

describe('R70 an invalid identifier is BAD_USER_INPUT naming the field', () => {
  const person = { kind: 'PERSON', name: '张三', idNumber: '330106198503121231' };
  const company = { kind: 'COMPANY', name: '杭州某某贸易有限公司', creditCode: '91330106MA2KABCD12' };
  const caseInput = (parties: unknown[]) => ({ title: '案', sector: 'MARKET_SUPERVISION', facts: '经查', amountInvolved: 1, parties });
  const penalty = { decisionNumber: '杭西市监罚〔2026〕1号', amount: 1000, decidedOn: '2026-11-01', partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode };
  const fieldOf = (fn: () => unknown) => {
    try {
      fn();
      return 'OK';
    } catch (e: any) {
      return `${e.extensions?.code} ${e.extensions?.field}`;
    }
  };
  it.each([
    ['a party’s ID number', () => parseInput(createCaseInput, caseInput([{ ...person, idNumber: '330106198503121232' }])), 'BAD_USER_INPUT input.parties.0.idNumber'],
    ['a party’s credit code', () => parseInput(createCaseInput, caseInput([person, { ...company, creditCode: '91330106MA2KABCD13' }])), 'BAD_USER_INPUT input.parties.1.creditCode'],
    ['valid parties', () => parseInput(createCaseInput, caseInput([person, company])), 'OK'],
    ['a penalised company’s credit code', () => parseInput(stepInput, { penalties: [{ ...penalty, partyCreditCode: '91330106MA2KABCD13' }] }), 'BAD_USER_INPUT input.penalties.0.partyCreditCode'],
    ['a penalised person’s ID number', () => parseInput(stepInput, { penalties: [{ ...penalty, partyKind: 'PERSON', partyCreditCode: null, partyIdNumber: '11010519491231002x' }] }), 'BAD_USER_INPUT input.penalties.0.partyIdNumber'],
    ['a penalised person without an ID number', () => parseInput(stepInput, { penalties: [{ ...penalty, partyKind: 'PERSON', partyCreditCode: null }] }), 'BAD_USER_INPUT input.penalties.0.partyIdNumber'],
    ['a valid penalty', () => parseInput(stepInput, { penalties: [penalty] }), 'OK'],
    ['an informant’s ID number', () => parseInput(stepInput, { informant: { name: '李四', idNumber: '330106198503121232' } }), 'BAD_USER_INPUT input.informant.idNumber'],
  ])('%s', (_what, fn, expected) => {
    expect(fieldOf(fn)).toBe(expected);
  });
});
