import { resolve } from 'node:path';
import type { KeySource } from '../kit/caller';
import { Calendar, type CalendarConfig } from './deadlines/calendar';
import { CLOCKS, CLOCK_NAMES, type ClockName } from './deadlines/clocks';
import { parseDuration, type Duration } from './deadlines/duration';
import { loadCryptoProfile, type SignatureAlgorithm } from '../kit/cryptoProfile';
import { parsePreviousKeys, parseSigningKey, type JWK } from '../kit/jws';
import { shippedHolidays } from './deadlines/holidays';

/**
 * Configuration of the cases subgraph's workflow, from the environment, validated at start.
 * Every message names the variable and the bad value. Defaults are the domain's values
 * (deadlines/clocks.ts), so nothing needs setting.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CASES_DEADLINE_<CLOCK>` | clocks.ts | a clock's period: `24h`, `3d` (calendar days), `10wd` (working days), `2mo` |
 * | `CASES_HOLIDAYS` | none | public holidays added to the shipped notices (deadlines/holidays/cn.json), comma-separated `YYYY-MM-DD` |
 * | `CASES_EXTRA_WORKDAYS` | none | weekend days that are working days (调休), added to the shipped notices; a date here that the file gives off is worked |
 * | `CASES_UTC_OFFSET` | `+08:00` | the offset local days are counted in |
 * | `DOSSIERS_JWKS_URL` | `http://127.0.0.1:4003/.well-known/jwks.json` | where the dossiers subgraph publishes its seal key |
 * | `CASES_SCOPE_KEY` | demo key in `DATA_DIR/keys` | private key (PEM PKCS#8 or JWK; P-256 or SM2, as CASELINK_CRYPTO_PROFILE says) that signs case scope statements (scope/statement.ts) |
 */
export interface CasesConfig {
  deadlines: Record<ClockName, Duration>;
  calendar: CalendarConfig;
  dossiersKeys: KeySource;
  /** CASES_SCOPE_KEY (PEM PKCS#8 or JWK, P-256 or SM2 as the profile says); null: the demo keys in keysDir. */
  scopeKeyPem: string | null;
  /** CASES_SCOPE_PREVIOUS_KEYS: public keys that signed scope statements before, still published. */
  scopePreviousKeys: JWK[];
  /** CASELINK_CRYPTO_PROFILE's signature algorithm. */
  signatureAlg: SignatureAlgorithm;
  /** Where the demo scope key is kept when no key is configured. @default DATA_DIR/keys */
  keysDir: string;
}

const DEADLINE_PREFIX = 'CASES_DEADLINE_';
export const DEFAULT_DOSSIERS_JWKS_URL = 'http://127.0.0.1:4003/.well-known/jwks.json';

function readDeadlines(env: NodeJS.ProcessEnv): Record<ClockName, Duration> {
  const out = Object.fromEntries(CLOCK_NAMES.map((c) => [c, CLOCKS[c].period])) as Record<ClockName, Duration>;
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(DEADLINE_PREFIX) || value === undefined) continue;
    const clock = variable.slice(DEADLINE_PREFIX.length);
    if (!(CLOCK_NAMES as string[]).includes(clock)) {
      throw new Error(`${variable} names no clock: expected ${CLOCK_NAMES.map((c) => DEADLINE_PREFIX + c).join(', ')}`);
    }
    const period = parseDuration(value);
    if (!period) throw new Error(`${variable} must be a period like 24h, 3d, 10wd or 2mo, got ${JSON.stringify(value)}`);
    out[clock as ClockName] = period;
  }
  return out;
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function readDates(variable: string, value: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!value?.trim()) return out;
  for (const part of value.split(',')) {
    const s = part.trim();
    if (!isRealDate(s)) throw new Error(`${variable} must be a comma-separated list of YYYY-MM-DD dates, got ${JSON.stringify(s)}`);
    out.add(s);
  }
  return out;
}

function readOffset(value: string | undefined): number {
  const v = value ?? '+08:00';
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(v);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) throw new Error(`CASES_UTC_OFFSET must look like +08:00, got ${JSON.stringify(v)}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function readJwksUrl(value: string | undefined): KeySource {
  const url = value ?? DEFAULT_DOSSIERS_JWKS_URL;
  if (!URL.canParse(url) || !/^https?:/.test(url)) throw new Error(`DOSSIERS_JWKS_URL must be an http(s) URL, got ${JSON.stringify(url)}`);
  return { jwksUrl: url };
}

/**
 * The calendar: the State Council's notices shipped in deadlines/holidays/cn.json, with the
 * configured dates added. Configuration wins over the file for a date both name (a holiday in
 * CASES_HOLIDAYS that the file makes a working day is a holiday, and the reverse), so a notice
 * amended during the year is one setting away. A year counts as covered when the file holds its
 * notice or the configuration names a date in it.
 */
export function loadCalendarConfig(env: NodeJS.ProcessEnv = process.env): CalendarConfig {
  const addedHolidays = readDates('CASES_HOLIDAYS', env.CASES_HOLIDAYS);
  const addedWorkdays = readDates('CASES_EXTRA_WORKDAYS', env.CASES_EXTRA_WORKDAYS);
  const both = [...addedHolidays].find((d) => addedWorkdays.has(d));
  if (both) throw new Error(`${both} is in both CASES_HOLIDAYS and CASES_EXTRA_WORKDAYS`);
  const shipped = shippedHolidays();
  const holidays = new Set([...[...shipped.holidays].filter((d) => !addedWorkdays.has(d)), ...addedHolidays]);
  const extraWorkdays = new Set([...[...shipped.workdays].filter((d) => !addedHolidays.has(d)), ...addedWorkdays]);
  const coveredYears = new Set([...shipped.years, ...[...addedHolidays, ...addedWorkdays].map((d) => Number(d.slice(0, 4)))]);
  return { utcOffsetMinutes: readOffset(env.CASES_UTC_OFFSET), holidays, extraWorkdays, coveredYears };
}

export function loadCasesConfig(env: NodeJS.ProcessEnv = process.env): CasesConfig {
  const scopeKeyPem = env.CASES_SCOPE_KEY || null;
  const signatureAlg = loadCryptoProfile(env).signature;
  // Parsed here only to refuse a bad key at start, naming the variable.
  if (scopeKeyPem) parseSigningKey(scopeKeyPem, 'CASES_SCOPE_KEY', signatureAlg);
  return {
    deadlines: readDeadlines(env),
    calendar: loadCalendarConfig(env),
    dossiersKeys: readJwksUrl(env.DOSSIERS_JWKS_URL),
    scopeKeyPem,
    scopePreviousKeys: parsePreviousKeys(env.CASES_SCOPE_PREVIOUS_KEYS, 'CASES_SCOPE_PREVIOUS_KEYS'),
    signatureAlg,
    keysDir: resolve(env.DATA_DIR ?? 'data', 'keys'),
  };
}

/** What the workflow needs at run time: periods and the calendar built from the configuration. */
export interface Deadlines {
  periods: Record<ClockName, Duration>;
  calendar: Calendar;
}

export function deadlinesOf(config: Pick<CasesConfig, 'deadlines' | 'calendar'>): Deadlines {
  return { periods: config.deadlines, calendar: new Calendar(config.calendar) };
}

/** The clocks' periods alone, from the environment (the warnings engine times its rules with them). */
export function loadPeriods(env: NodeJS.ProcessEnv = process.env): Record<ClockName, Duration> {
  return readDeadlines(env);
}

/** The periods and calendar alone, from the environment. */
export function loadDeadlines(env: NodeJS.ProcessEnv = process.env): Deadlines {
  return deadlinesOf({ deadlines: readDeadlines(env), calendar: loadCalendarConfig(env) });
}
