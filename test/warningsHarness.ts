/**
 * The shared harness of the warning rules' tests (like graphql-js's validation harness): facts of
 * one case built from a few overrides, and `expectLevels(rule, facts, points)` that evaluates a rule
 * at each point in time and compares the levels.
 */
import { expect } from 'vitest';
import { DEFAULT_WARNINGS_CONFIG, type WarningsConfig } from '../subgraphs/cases/warnings/config';
import type { CaseFacts, ClockFact, Level, WarningRule } from '../subgraphs/cases/warnings/types';
import type { ClockName } from '../subgraphs/cases/deadlines/clocks';

export const T0 = new Date('2026-11-02T02:00:00.000Z'); // Monday 10:00 in Beijing
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

/** A running clock started at T0, due after `dueHours`. */
export const clock = (name: ClockName, dueHours: number, extra: Partial<ClockFact> = {}): ClockFact => ({
  clock: name,
  startedAt: T0,
  dueAt: at(dueHours),
  pausedAt: null,
  closedAt: null,
  ...extra,
});

export function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseId: 'cs-test',
    number: 'XF-330106-2026-0001',
    sector: 'MARKET_SUPERVISION',
    stage: 'DRAFT',
    handlingAgencyId: 'ag-330106-msa',
    receivingAgencyId: null,
    divisionCode: '330106',
    clocks: [],
    penalties: [],
    transferred: false,
    partyPenaltySum: 0,
    policeNonFilings: 0,
    partyNonFilings: 0,
    policeLateReceipts: 0,
    goodsReportedMissing: false,
    ...overrides,
  };
}

/** Evaluates `rule` at each [hours after T0, expected level or null] point. */
export function expectLevels(rule: WarningRule, f: CaseFacts, points: [number, Level | null][], config: WarningsConfig = DEFAULT_WARNINGS_CONFIG): void {
  const got = points.map(([h]) => [h, rule.evaluate(f, at(h), config)?.level ?? null]);
  expect(got).toEqual(points);
}

export const level = (rule: WarningRule, f: CaseFacts, hours = 0, config: WarningsConfig = DEFAULT_WARNINGS_CONFIG) => rule.evaluate(f, at(hours), config)?.level ?? null;
