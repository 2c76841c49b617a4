import { createDigest, DIGEST_ALGORITHMS, digest, loadCryptoProfile, type CryptoProfile, type DigestAlgorithm } from './cryptoProfile';

/**
 * The digest new records are made with, and the digest of a recorded algorithm. A service reads
 * the profile at start (createSubgraph); scripts and unit tests read it from the environment on
 * first use. Verification never asks this: it follows the algorithm each record names.
 */
let active: CryptoProfile | null = null;

export function useCryptoProfile(profile: CryptoProfile): void {
  active = profile;
}

export const activeProfile = (): CryptoProfile => (active ??= loadCryptoProfile());
export const activeDigest = (): DigestAlgorithm => activeProfile().digest;

export const isDigestAlgorithm = (value: unknown): value is DigestAlgorithm => (DIGEST_ALGORITHMS as readonly unknown[]).includes(value);

/** Hex digest of UTF-8 text or bytes with the named algorithm. */
export const digestHex = (algorithm: DigestAlgorithm, data: string | Uint8Array): string => digest(algorithm, data).toString('hex');

export { createDigest };
