import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect, vi } from 'vitest';
import { AGENCY_KINDS, CASE_STATUSES, DOCUMENT_KINDS, ROLES, SECTORS } from '../schema/vocabulary';
import {
  divisionLevel,
  divisionScopePrefix,
  isValidCreditCode,
  isValidDivisionCode,
  isValidResidentId,
} from '../subgraphs/kit/identifiers';
import { agencies, divisions, officers } from './province';
import { cases, dossiers, isPastApproval, REQUIRED_TRANSFER_MATERIALS } from './cases';
import { ideDemoOfficers } from './tokens';

const divisionByCode = new Map(divisions.map((d) => [d.code, d]));
const agencyById = new Map(agencies.map((a) => [a.id, a]));
const countyCodes = divisions.filter((d) => d.level === 'COUNTY').map((d) => d.code);

function unique<T>(xs: T[]): boolean {
  return new Set(xs).size === xs.length;
}

describe('demo divisions', () => {
  it('are real-format GB/T 2260 codes with consistent levels and parents', () => {
    expect(unique(divisions.map((d) => d.code))).toBe(true);
    expect(divisions.map((d) => d.code).sort()).toEqual(
      ['330000', '330100', '330200', '330300', '330102', '330106', '330110', '330203', '330212', '330302'].sort(),
    );
    for (const d of divisions) {
      expect(isValidDivisionCode(d.code), d.code).toBe(true);
      expect(divisionLevel(d.code)).toBe(d.level);
      if (d.level === 'PROVINCE') {
        expect(d.parentCode).toBeNull();
      } else {
        const parent = divisionByCode.get(d.parentCode ?? '');
        expect(parent, d.code).toBeDefined();
        expect(d.code.startsWith(divisionScopePrefix(parent!.code))).toBe(true);
        expect(parent!.level).toBe(d.level === 'CITY' ? 'PROVINCE' : 'CITY');
      }
    }
    expect(divisionByCode.get('330106')?.name).toBe('西湖区');
    expect(divisionByCode.get('330000')?.name).toBe('浙江省');
  });
});

describe('demo agencies', () => {
  it('have unique ids, known kinds, existing divisions and parents', () => {
    expect(unique(agencies.map((a) => a.id))).toBe(true);
    expect(unique(agencies.map((a) => a.name))).toBe(true);
    for (const a of agencies) {
      expect(AGENCY_KINDS).toContain(a.kind);
      expect(divisionByCode.has(a.divisionCode), a.id).toBe(true);
      expect(a.id.startsWith(`ag-${a.divisionCode}-`)).toBe(true);
      // A sector exactly for administrative agencies.
      if (a.kind === 'ADMINISTRATIVE') expect(SECTORS).toContain(a.sector);
      else expect(a.sector).toBeNull();
      if (a.parentId !== null) {
        const parent = agencyById.get(a.parentId);
        expect(parent, `${a.id} → ${a.parentId}`).toBeDefined();
        expect(parent!.kind).toBe(a.kind);
        expect(parent!.sector).toBe(a.sector);
        expect(parent!.divisionCode).toBe(divisionByCode.get(a.divisionCode)!.parentCode);
      }
    }
  });

  it('cover every county, city and the province with the required agencies', () => {
    for (const code of countyCodes) {
      for (const suffix of ['msa', 'eco', 'em', 'psb', 'proc']) {
        expect(agencyById.has(`ag-${code}-${suffix}`), `ag-${code}-${suffix}`).toBe(true);
      }
      expect(agencyById.get(`ag-${code}-psb`)!.kind).toBe('PUBLIC_SECURITY');
      expect(agencyById.get(`ag-${code}-psb`)!.parentId).toBe(`ag-${code.slice(0, 4)}00-psb`);
    }
    for (const d of divisions.filter((x) => x.level === 'CITY')) {
      for (const suffix of ['psb', 'proc', 'msa', 'just']) {
        expect(agencyById.has(`ag-${d.code}-${suffix}`), `ag-${d.code}-${suffix}`).toBe(true);
      }
    }
    expect(agencyById.get('ag-330000-proc')?.kind).toBe('PROCURATORATE');
    expect(agencyById.get('ag-330000-plc')?.kind).toBe('POLITICAL_LEGAL');
    expect(agencyById.get('ag-330000-just')?.kind).toBe('JUSTICE_ADMIN');
    expect(agencies.some((a) => a.sector === 'TAX')).toBe(true);
  });
});

describe('demo officers', () => {
  it('have unique ids and unique lowercase ascii logins', () => {
    expect(unique(officers.map((o) => o.id))).toBe(true);
    expect(unique(officers.map((o) => o.login))).toBe(true);
    for (const o of officers) {
      expect(o.id).toMatch(/^of-\d{4}$/);
      expect(o.login).toMatch(/^[a-z0-9.-]+$/);
      expect(o.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(agencyById.has(o.agencyId), o.id).toBe(true);
      expect(o.roles.length).toBeGreaterThan(0);
      for (const r of o.roles) expect(ROLES).toContain(r);
    }
  });

  it('staff every agency as required', () => {
    const count = (agencyId: string, role: string) =>
      officers.filter((o) => o.agencyId === agencyId && o.roles.includes(role as never)).length;
    for (const a of agencies) {
      if (a.kind === 'ADMINISTRATIVE' || a.kind === 'PUBLIC_SECURITY') {
        expect(count(a.id, 'CASE_OFFICER'), a.id).toBeGreaterThanOrEqual(2);
        expect(count(a.id, 'APPROVER'), a.id).toBeGreaterThanOrEqual(1);
      }
      if (a.kind === 'PROCURATORATE') {
        expect(count(a.id, 'SUPERVISOR'), a.id).toBeGreaterThanOrEqual(1);
        expect(count(a.id, 'CASE_OFFICER'), a.id).toBeGreaterThanOrEqual(1);
      }
      if (a.kind === 'POLITICAL_LEGAL' || a.kind === 'JUSTICE_ADMIN') {
        expect(count(a.id, 'ANALYST'), a.id).toBeGreaterThanOrEqual(1);
      }
    }
    expect(officers.some((o) => o.roles.includes('ADMIN'))).toBe(true);
  });
});

describe('demo cases', () => {
  it('number about 40 with unique ids and well-formed case numbers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(cases.length).toBeLessThanOrEqual(45);
    expect(unique(cases.map((c) => c.id))).toBe(true);
    expect(unique(cases.map((c) => c.number))).toBe(true);
    for (const c of cases) {
      const m = /^XF-(\d{6})-2026-\d{4}$/.exec(c.number);
      expect(m, c.number).not.toBeNull();
      expect(m![1]).toBe(c.divisionCode);
    }
  });

  it('reference existing agencies: an administrative handler and, once transferred, the county police', () => {
    for (const c of cases) {
      const handler = agencyById.get(c.handlingAgencyId);
      expect(handler, c.id).toBeDefined();
      expect(handler!.kind).toBe('ADMINISTRATIVE');
      expect(c.divisionCode).toBe(handler!.divisionCode);
      expect(c.sector).toBe(handler!.sector);
      expect(isValidDivisionCode(c.divisionCode)).toBe(true);
      expect(divisionByCode.has(c.divisionCode)).toBe(true);
      if (isPastApproval(c.status)) {
        const receiver = agencyById.get(c.receivingAgencyId ?? '');
        expect(receiver, c.id).toBeDefined();
        expect(receiver!.kind).toBe('PUBLIC_SECURITY');
        expect(receiver!.divisionCode).toBe(c.divisionCode);
      } else {
        expect(c.receivingAgencyId, c.id).toBeNull();
      }
    }
  });

  it('cover every status, every county and every administrative sector present', () => {
    const statuses = new Set(cases.map((c) => c.status));
    for (const s of CASE_STATUSES) expect(statuses.has(s), s).toBe(true);
    const counties = new Set(cases.map((c) => c.divisionCode));
    for (const code of countyCodes) expect(counties.has(code), code).toBe(true);
    const sectors = new Set(cases.map((c) => c.sector));
    for (const a of agencies.filter((x) => x.kind === 'ADMINISTRATIVE' && x.divisionCode.slice(4) !== '00')) {
      expect(sectors.has(a.sector!), a.sector!).toBe(true);
    }
    // Most cases sit in early and middle states.
    const early = cases.filter((c) => CASE_STATUSES.indexOf(c.status) <= CASE_STATUSES.indexOf('MATERIALS_REQUESTED'));
    expect(early.length).toBeGreaterThan(cases.length / 2);
  });

  it('have dates in the 2026 window, integer amounts, and facts in Chinese', () => {
    for (const c of cases) {
      expect(c.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(c.createdAt >= '2026-09-01T00:00:00.000Z' && c.createdAt < '2026-11-26T00:00:00.000Z', c.createdAt).toBe(true);
      expect(Number.isInteger(c.amountInvolved) && c.amountInvolved > 0).toBe(true);
      expect(c.title).toMatch(/^[\u4e00-\u9fa5（）、]+案$/);
      expect(c.facts.length).toBeGreaterThan(40);
    }
  });

  it('have 1–3 parties with valid identifiers', () => {
    const partyIds = cases.flatMap((c) => c.parties.map((p) => p.id));
    expect(unique(partyIds)).toBe(true);
    const numbers: string[] = [];
    for (const c of cases) {
      expect(c.parties.length, c.id).toBeGreaterThanOrEqual(1);
      expect(c.parties.length, c.id).toBeLessThanOrEqual(3);
      for (const p of c.parties) {
        if (p.phone !== null) expect(p.phone).toMatch(/^1[358]\d{9}$/);
        if (p.kind === 'PERSON') {
          expect(p.creditCode).toBeNull();
          expect(isValidResidentId(p.idNumber ?? ''), p.idNumber ?? p.id).toBe(true);
          expect(countyCodes).toContain(p.idNumber!.slice(0, 6));
          const year = Number(p.idNumber!.slice(6, 10));
          if (p.juvenile) expect(year).toBe(2010);
          else expect(year >= 1960 && year <= 2005, p.idNumber!).toBe(true);
          numbers.push(p.idNumber!);
        } else {
          expect(p.idNumber).toBeNull();
          expect(p.juvenile).toBe(false);
          expect(isValidCreditCode(p.creditCode ?? ''), p.creditCode ?? p.id).toBe(true);
          expect(p.creditCode!.slice(0, 2)).toBe('91');
          expect(countyCodes).toContain(p.creditCode!.slice(2, 8));
          numbers.push(p.creditCode!);
        }
        // Titles and facts never carry personal data.
        expect(c.title.includes(p.name) || c.facts.includes(p.name)).toBe(false);
      }
    }
    expect(unique(numbers)).toBe(true);
    const juveniles = cases.flatMap((c) => c.parties).filter((p) => p.juvenile);
    expect(juveniles.length).toBeGreaterThanOrEqual(1);
    expect(juveniles.length).toBeLessThanOrEqual(2);
    const kinds = new Set(cases.flatMap((c) => c.parties.map((p) => p.kind)));
    expect(kinds).toEqual(new Set(['PERSON', 'COMPANY']));
  });
});

describe('demo dossiers', () => {
  it('exist once per case with 0–6 content-addressed documents', () => {
    expect(dossiers.length).toBe(cases.length);
    expect(unique(dossiers.map((d) => d.caseId))).toBe(true);
    expect(unique(dossiers.flatMap((d) => d.documents.map((x) => x.id)))).toBe(true);
    const caseIds = new Set(cases.map((c) => c.id));
    for (const d of dossiers) {
      expect(caseIds.has(d.caseId)).toBe(true);
      expect(d.id).toBe(`ds-${d.caseId.slice('cs-'.length)}`);
      expect(d.documents.length).toBeLessThanOrEqual(6);
      for (const doc of d.documents) {
        expect(DOCUMENT_KINDS).toContain(doc.kind);
        expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(Number.isInteger(doc.size) && doc.size > 1000).toBe(true);
        expect(doc.title.length).toBeGreaterThan(0);
      }
    }
  });

  it('hold the full transfer package for every case past APPROVED', () => {
    const byCase = new Map(dossiers.map((d) => [d.caseId, d]));
    for (const c of cases.filter((x) => isPastApproval(x.status))) {
      const kinds = byCase.get(c.id)!.documents.map((d) => d.kind);
      for (const k of REQUIRED_TRANSFER_MATERIALS) expect(kinds, `${c.id} ${c.status}`).toContain(k);
    }
  });
});

describe('determinism', () => {
  it('yields identical data on a fresh import', async () => {
    vi.resetModules();
    const again = await import('./cases');
    const provinceAgain = await import('./province');
    expect(again.cases).toEqual(cases);
    expect(again.dossiers).toEqual(dossiers);
    expect(provinceAgain.officers).toEqual(officers);
  });
});

describe('the IDE demo officers (npm start)', () => {
  const listed = ideDemoOfficers();
  const logins = listed.map((o) => o.login);

  it("include every officer the README's commands name, the walk-through's first", () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    // `t <login>` (the walk-through's helper) and `npm run token -- --officer <login>`.
    const named = [...readme.matchAll(/(?:^|\$\()t (\S+)\)|--officer "?([a-z0-9.-]+)/gm)].map((m) => m[1] ?? m[2]!).filter((l) => l !== '$1');
    expect(named).toEqual(expect.arrayContaining(['song.wenjie.xh-msa', 'huang.fang.xh-msa', 'he.tingting.xh-psb', 'wang.wenjie.xh-psb', 'zhao.xiuying.xh-proc', 'hu.xiuying.zj-plc']));
    for (const login of named) expect(logins, login).toContain(login);
    expect(logins.slice(0, 8)).toEqual([
      'song.wenjie.xh-msa', 'yu.xiuying.xh-msa', 'huang.fang.xh-msa',
      'he.tingting.xh-psb', 'tang.yongqiang.xh-psb', 'wang.wenjie.xh-psb',
      'zhao.xiuying.xh-proc', 'hu.fang.xh-proc',
    ]);
  });

  it('offer each officer once, and every role', () => {
    expect(unique(listed.map((o) => o.id))).toBe(true);
    expect(new Set(listed.flatMap((o) => o.roles))).toEqual(new Set(ROLES));
    expect(listed.length).toBeLessThanOrEqual(20);
  });
});
