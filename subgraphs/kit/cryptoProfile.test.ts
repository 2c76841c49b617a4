import { createCipheriv } from 'node:crypto';
import { sm3 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { decrypt, digest, encrypt, loadCryptoProfile, mac, sm2PublicJwk, sm2PublicKeyFromJwk, sm2PublicKeyOf, sm2Sign, sm2Verify, generateSm2KeyPair } from './cryptoProfile';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('published test vectors', () => {
  it('SM3, GB/T 32905-2016 annex A: "abc" and the 512-bit message', () => {
    expect(digest('SM3', 'abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(digest('SM3', 'abcd'.repeat(16)).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('SHA-256, FIPS 180-2 "abc"', () => {
    expect(digest('SHA-256', 'abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('SM4-GCM, RFC 8998 appendix A.1', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const iv = hex('00001234567800000000ABCD');
    const aad = hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2');
    const plain = hex('AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA');
    const sealed = encrypt('SM4-GCM', key, plain, aad, iv);
    expect(sealed.subarray(12, -16).toString('hex').toUpperCase()).toBe(
      '17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D',
    );
    expect(sealed.subarray(-16).toString('hex').toUpperCase()).toBe('83DE3541E4C2B58177E065A9BF7B62EC');
    expect(decrypt('SM4-GCM', key, sealed, aad)).toEqual(plain);
  });

  it('SM4 block cipher, GB/T 32907-2016 annex A.1 (the cipher SM4-GCM is built on, via OpenSSL)', () => {
    const c = createCipheriv('sm4-ecb', hex('0123456789abcdeffedcba9876543210'), null).setAutoPadding(false);
    expect(c.update(hex('0123456789abcdeffedcba9876543210')).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('AES-256-GCM, McGrew–Viega test case 15', () => {
    const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
    const iv = hex('cafebabefacedbaddecaf888');
    const plain = hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
    const sealed = encrypt('AES-256-GCM', key, plain, '', iv);
    expect(sealed.subarray(12, -16).toString('hex')).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
    );
    expect(sealed.subarray(-16).toString('hex')).toBe('b094dac5d93471bdec1a502270e3cc6c');
  });

  it('SM2 signature, GM/T 0003.5-2012 annex A (recommended curve, user id 1234567812345678, "message digest")', () => {
    const privateKey = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
    const publicKey = sm2PublicKeyOf(privateKey);
    expect(publicKey).toBe(
      '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    );
    const signature = hex('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3' + 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA');
    expect(sm2Verify(publicKey, 'message digest', signature)).toBe(true);
    expect(sm2Verify(publicKey, 'message digesT', signature)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[40] ^= 1;
    expect(sm2Verify(publicKey, 'message digest', flipped)).toBe(false);
  });

  it('HMAC-SM3 agrees with a second implementation (sm-crypto-v2 in JavaScript; ours is OpenSSL)', () => {
    const key = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    for (const data of ['', 'abc', 'x'.repeat(200)]) expect(mac('HMAC-SM3', key, data).toString('hex')).toBe(sm3(data, { key, mode: 'hmac' }));
  });

  it('HMAC-SHA-256, RFC 4231 test case 2', () => {
    expect(mac('HMAC-SHA-256', Buffer.from('Jefe'), 'what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('use', () => {
  it('refuses a ciphertext moved to another place (aad) or altered, under both ciphers', () => {
    for (const [alg, len] of [['AES-256-GCM', 32], ['SM4-GCM', 16]] as const) {
      const key = Buffer.alloc(len, 7);
      const sealed = encrypt(alg, key, '张三', 'parties.name:1');
      expect(decrypt(alg, key, sealed, 'parties.name:1').toString()).toBe('张三');
      expect(() => decrypt(alg, key, sealed, 'parties.name:2')).toThrow();
      const bent = Buffer.from(sealed);
      bent[14] ^= 1;
      expect(() => decrypt(alg, key, bent, 'parties.name:1')).toThrow();
      expect(() => encrypt(alg, Buffer.alloc(len + 1), 'x')).toThrow(/byte key/);
    }
  });

  it('signs and verifies with a fresh SM2 key, and round-trips its JWK', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const sig = sm2Sign(privateKey, 'caselink');
    expect(sig).toHaveLength(64);
    expect(sm2Verify(publicKey, 'caselink', sig)).toBe(true);
    expect(sm2Verify(generateSm2KeyPair().publicKey, 'caselink', sig)).toBe(false);
    expect(sm2PublicKeyFromJwk(sm2PublicJwk(publicKey))).toBe(publicKey);
  });

  it('reads the profile from CASELINK_CRYPTO_PROFILE, international by default, and names a bad value', () => {
    expect(loadCryptoProfile({}).signature).toBe('ES256');
    expect(loadCryptoProfile({ CASELINK_CRYPTO_PROFILE: 'national' })).toEqual({ name: 'national', digest: 'SM3', mac: 'HMAC-SM3', cipher: 'SM4-GCM', signature: 'SM2SM3' });
    expect(() => loadCryptoProfile({ CASELINK_CRYPTO_PROFILE: 'sm' })).toThrow(/CASELINK_CRYPTO_PROFILE must be international or national, got "sm"/);
  });
});
