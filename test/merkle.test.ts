/** The kit's Merkle tree is RFC 6962's: the Certificate Transparency reference roots and inclusion paths, and generated trees. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inclusionPath, leafHash, nodeHash, rootFromPath, rootOf, StreamingRoot, verifyInclusion } from '../subgraphs/kit/merkle';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');
const DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const LEAVES = DATA.map((d) => leafHash(d));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const PATHS: { index: number; size: number; path: string[] }[] = [
  { index: 0, size: 8, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, path: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, path: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];

/** The definition itself (RFC 6962 §2.1), recursively: what the streaming root must equal. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return unhex(ROOTS[0]!);
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('Merkle tree (RFC 6962)', () => {
  it('gives the reference tree heads for sizes 0 to 8', () => {
    for (let n = 0; n <= 8; n++) expect(hex(rootOf(LEAVES.slice(0, n))), `size ${n}`).toBe(ROOTS[n]);
  });

  it('gives the reference inclusion paths, and they lead to the reference roots', () => {
    for (const v of PATHS) {
      const path = inclusionPath(LEAVES.slice(0, v.size), v.index);
      expect(path.map(hex), `${v.index} of ${v.size}`).toEqual(v.path);
      expect(verifyInclusion(LEAVES[v.index]!, v.index, v.size, path, unhex(ROOTS[v.size]!))).toBe(true);
    }
  });

  it('streams the same root as the recursive definition, and every path verifies only for its own leaf, index and size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), (n, pick, other) => {
        const leaves = Array.from({ length: n }, (_, i) => leafHash(`leaf ${i}`));
        const s = new StreamingRoot();
        leaves.forEach((l) => s.push(l));
        const root = s.root();
        expect(hex(root)).toBe(hex(mth(leaves)));
        const i = pick % n;
        const path = inclusionPath(leaves, i);
        expect(verifyInclusion(leaves[i]!, i, n, path, root)).toBe(true);
        const j = other % n;
        if (j !== i) expect(verifyInclusion(leaves[j]!, i, n, path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaves[i]!, i, n + 1, path, root)).toBe(rootFromPath(leaves[i]!, i, n + 1, path)?.equals(root) ?? false);
        expect(verifyInclusion(leafHash('not a leaf'), i, n, path, root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
