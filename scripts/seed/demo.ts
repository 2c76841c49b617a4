/**
 * npm start's generated cases: on a first start, after the hand-written demo cases (demo/cases.ts),
 * a province of a few thousand generated cases (scripts/seed, appended) so that analysts' statistics
 * have groups above the minimum cell size and lists need paging. Appended once: only to a cases
 * database that holds exactly the hand-written demo cases, so a restart on the same data, or a
 * graph already in use, is left as it is.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `DEMO_GENERATED_CASES` | `3000` | generated cases appended on a first start (`0`: the hand-written demo only) |
 */
import { inArray, not } from 'drizzle-orm';
import { cases as demoCases } from '../../demo/cases';
import { cases } from '../../subgraphs/cases/db/schema';
import { appendProvince, type ProvinceDatabases, type SeedOptions, type SeedReport } from './run';

/** @default 3000: about 80 cases a month over three years, enough for most month-by-sector cells. */
export const DEMO_GENERATED_CASES = 3000;
const MAX_GENERATED_CASES = 100_000;
/** The generated demo's PRNG seed: the same start time gives the same cases. */
export const DEMO_SEED = 1;

export interface DemoProvinceConfig {
  /** Generated cases to append on a first start; 0: none. */
  cases: number;
}

export function loadDemoProvinceConfig(env: NodeJS.ProcessEnv = process.env): DemoProvinceConfig {
  const raw = env.DEMO_GENERATED_CASES;
  if (raw === undefined || raw === '') return { cases: DEMO_GENERATED_CASES };
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_GENERATED_CASES) {
    throw new Error(`DEMO_GENERATED_CASES must be a whole number from 0 to ${MAX_GENERATED_CASES} (0: no generated cases), got ${JSON.stringify(raw)}`);
  }
  return { cases: n };
}

export interface DemoProvinceOptions extends Pick<SeedOptions, 'asOf' | 'blobs' | 'materials' | 'casesConfig' | 'warnings' | 'workers' | 'log'> {
  /** The running graph's databases (the demo seed has run on them). */
  databases: ProvinceDatabases;
  cases: number;
}

/**
 * Appends the generated demo cases when the cases database holds the hand-written demo cases and
 * nothing else; null when it did not (none asked for, or not a first start).
 */
export async function appendDemoProvince(options: DemoProvinceOptions): Promise<SeedReport | null> {
  if (options.cases === 0) return null;
  const db = options.databases.cases;
  const demoIds = demoCases.map((c) => c.id);
  const [others] = await db.select({ id: cases.id }).from(cases).where(not(inArray(cases.id, demoIds))).limit(1);
  const demo = await db.select({ id: cases.id }).from(cases).where(inArray(cases.id, demoIds));
  if (others || demo.length !== demoIds.length) return null;
  const report = await appendProvince(options.databases, {
    cases: options.cases,
    seed: DEMO_SEED,
    asOf: options.asOf,
    years: 3,
    batch: 1000,
    blobs: options.blobs,
    materials: options.materials,
    casesConfig: options.casesConfig,
    warnings: options.warnings,
    workers: options.workers ?? 0,
    log: options.log,
  });
  return report;
}
