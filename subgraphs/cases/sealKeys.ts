import { keySetFrom, type KeySet, type KeySource } from '../kit/jws';

/**
 * The public key(s) the transfer package seals are verified with: the dossiers subgraph's
 * (architecture.md, "No subgraph calls another"). By default the JWKS at `DOSSIERS_JWKS_URL`
 * (config.ts); a process that runs the dossiers subgraph itself (npm start, whole-graph tests)
 * hands its public JWK set in with `setDossiersKeys`, which then wins over the configured source.
 */
let override: KeySource | null = null;
const cache = new WeakMap<KeySource, KeySet>();

export function setDossiersKeys(source: KeySource | null): void {
  override = source;
}

/** The key set for seals: the override if one is set, else the configured source. */
export function dossiersKeySet(configured: KeySource): KeySet {
  const source = override ?? configured;
  let keys = cache.get(source);
  if (!keys) {
    keys = keySetFrom(source);
    cache.set(source, keys);
  }
  return keys;
}
