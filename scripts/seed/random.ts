import { mulberry32 as demoMulberry32 } from '../../demo/cases';
/**
 * Seeded randomness for the generated province: one PRNG per case, derived from the run's seed and
 * the case's index, so a case is the same whatever the batch size and whichever cases come before.
 */
export type Rng = () => number;

/** mulberry32, the demo's. */
export const mulberry32: (seed: number) => Rng = demoMulberry32;

/** A 32-bit mix of two numbers (murmur3's finaliser): well spread even for neighbouring inputs. */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The PRNG of one thing (a case, a pool party) of a run. */
export const rngFor = (seed: number, stream: number, index: number): Rng => mulberry32(mix(mix(seed, stream), index));

/** Integer in [min, max]. */
export const int = (r: Rng, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const chance = (r: Rng, p: number) => r() < p;

/** One of the values, by weight. */
export function weighted<T>(r: Rng, choices: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let x = r() * total;
  for (const [v, w] of choices) {
    x -= w;
    if (x < 0) return v;
  }
  return choices[choices.length - 1]![0];
}

/** Standard normal (Box–Muller). */
export function normal(r: Rng): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Log-normal around a median, clipped to [min, max]. */
export function logNormal(r: Rng, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, median * Math.exp(sigma * normal(r))));
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** What a generated id names (its second group), so ids of different tables never meet. */
export const ID_KINDS = { CASE: 1, EVENT: 2, CLOCK: 3, PARTY: 4, DOSSIER: 5, DOCUMENT: 6, REGISTER_PENALTY: 7 } as const;

/**
 * A UUID-shaped id that sorts by case index, then by kind and sub-index: generated rows go into
 * their primary-key indexes in order (as time-ordered UUIDs would), and the last group names the run's seed.
 */
export function seedId(kind: number, caseIndex: number, sub: number, seed: number): string {
  return `${hex(caseIndex, 8)}-${hex(kind, 4)}-4${hex(sub, 3)}-8${hex(seed >>> 20, 3)}-5eed${hex(seed & 0xfffff, 8)}`;
}
