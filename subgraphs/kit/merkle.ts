import { createHash } from 'node:crypto';
import type { DigestAlgorithm } from './cryptoProfile';

/**
 * Merkle trees as Certificate Transparency defines them (RFC 6962 §2.1, RFC 9162 §2.1): leaf hash
 * SHA-256(0x00 || data), interior node SHA-256(0x01 || left || right), the split at the largest
 * power of two below n, so a tree of n leaves has one shape and its root one value. Checked against
 * the published reference vectors (test/merkle.test.ts). The same construction with SM3 in place of
 * SHA-256 under the national profile: every function takes the tree's algorithm (SHA-256 by default).
 */
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

const hasher = (alg: DigestAlgorithm) => createHash(alg === 'SM3' ? 'sm3' : 'sha256');

export const emptyRoot = (alg: DigestAlgorithm = 'SHA-256'): Buffer => hasher(alg).digest();
export const EMPTY_ROOT = emptyRoot();

export const leafHash = (data: string | Uint8Array, alg: DigestAlgorithm = 'SHA-256'): Buffer =>
  hasher(alg)
    .update(LEAF)
    .update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .digest();

export const nodeHash = (left: Uint8Array, right: Uint8Array, alg: DigestAlgorithm = 'SHA-256'): Buffer => hasher(alg).update(NODE).update(left).update(right).digest();

/** The root over leaves fed one at a time, in O(log n) memory (a stack of perfect subtrees). */
export class StreamingRoot {
  private readonly stack: { hash: Buffer; size: number }[] = [];
  size = 0;

  constructor(readonly alg: DigestAlgorithm = 'SHA-256') {}

  push(leaf: Buffer): void {
    let top = { hash: leaf, size: 1 };
    while (this.stack.length && this.stack[this.stack.length - 1]!.size === top.size) {
      const left = this.stack.pop()!;
      top = { hash: nodeHash(left.hash, top.hash, this.alg), size: left.size * 2 };
    }
    this.stack.push(top);
    this.size++;
  }

  root(): Buffer {
    if (!this.stack.length) return emptyRoot(this.alg);
    let r = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i]!.hash, r, this.alg);
    return r;
  }
}

export function rootOf(leaves: readonly Buffer[], alg: DigestAlgorithm = 'SHA-256'): Buffer {
  const s = new StreamingRoot(alg);
  for (const l of leaves) s.push(l);
  return s.root();
}

const splitOf = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** RFC 6962 PATH(m, D[n]): the sibling hashes from leaf `index` up to the root, leaf side first. */
export function inclusionPath(leaves: readonly Buffer[], index: number, alg: DigestAlgorithm = 'SHA-256'): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is outside a tree of ${leaves.length}`);
  const path: Buffer[] = [];
  let lo = 0;
  let hi = leaves.length;
  const siblings: Buffer[] = [];
  let m = index;
  while (hi - lo > 1) {
    const k = splitOf(hi - lo);
    if (m < k) {
      siblings.push(rootOf(leaves.slice(lo + k, hi), alg));
      hi = lo + k;
    } else {
      siblings.push(rootOf(leaves.slice(lo, lo + k), alg));
      lo += k;
      m -= k;
    }
  }
  for (let i = siblings.length - 1; i >= 0; i--) path.push(siblings[i]!);
  return path;
}

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to (null when the path cannot fit the size). */
export function rootFromPath(leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], alg: DigestAlgorithm = 'SHA-256'): Buffer | null {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r, alg);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p, alg);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export const verifyInclusion = (leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array, alg: DigestAlgorithm = 'SHA-256'): boolean => {
  const r = rootFromPath(leaf, index, size, path, alg);
  return !!r && r.equals(root);
};
