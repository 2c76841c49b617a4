import { createHash } from 'node:crypto';

/**
 * Merkle trees as Certificate Transparency defines them (RFC 6962 §2.1, RFC 9162 §2.1): leaf hash
 * SHA-256(0x00 || data), interior node SHA-256(0x01 || left || right), the split at the largest
 * power of two below n, so a tree of n leaves has one shape and its root one value. Checked against
 * the published reference vectors (test/merkle.test.ts).
 */
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const EMPTY_ROOT = createHash('sha256').digest();

export const leafHash = (data: string | Uint8Array): Buffer =>
  createHash('sha256')
    .update(LEAF)
    .update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .digest();

export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => createHash('sha256').update(NODE).update(left).update(right).digest();

/** The root over leaves fed one at a time, in O(log n) memory (a stack of perfect subtrees). */
export class StreamingRoot {
  private readonly stack: { hash: Buffer; size: number }[] = [];
  size = 0;

  push(leaf: Buffer): void {
    let top = { hash: leaf, size: 1 };
    while (this.stack.length && this.stack[this.stack.length - 1]!.size === top.size) {
      const left = this.stack.pop()!;
      top = { hash: nodeHash(left.hash, top.hash), size: left.size * 2 };
    }
    this.stack.push(top);
    this.size++;
  }

  root(): Buffer {
    if (!this.stack.length) return EMPTY_ROOT;
    let r = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i]!.hash, r);
    return r;
  }
}

export function rootOf(leaves: readonly Buffer[]): Buffer {
  const s = new StreamingRoot();
  for (const l of leaves) s.push(l);
  return s.root();
}

const splitOf = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** RFC 6962 PATH(m, D[n]): the sibling hashes from leaf `index` up to the root, leaf side first. */
export function inclusionPath(leaves: readonly Buffer[], index: number): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is outside a tree of ${leaves.length}`);
  const path: Buffer[] = [];
  let lo = 0;
  let hi = leaves.length;
  const siblings: Buffer[] = [];
  let m = index;
  while (hi - lo > 1) {
    const k = splitOf(hi - lo);
    if (m < k) {
      siblings.push(rootOf(leaves.slice(lo + k, hi)));
      hi = lo + k;
    } else {
      siblings.push(rootOf(leaves.slice(lo, lo + k)));
      lo += k;
      m -= k;
    }
  }
  for (let i = siblings.length - 1; i >= 0; i--) path.push(siblings[i]!);
  return path;
}

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to (null when the path cannot fit the size). */
export function rootFromPath(leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[]): Buffer | null {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export const verifyInclusion = (leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): boolean => {
  const r = rootFromPath(leaf, index, size, path);
  return !!r && r.equals(root);
};
