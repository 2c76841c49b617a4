import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { and, desc, isNull, sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import {
  CIPHER_KEY_BYTES,
  decrypt,
  encrypt,
  generateCipherKey,
  loadCryptoProfile,
  mac,
  type CipherAlgorithm,
  type CryptoProfile,
  type MacAlgorithm,
} from './cryptoProfile';
import type { Database } from './db';

/**
 * Field encryption at rest (envelope encryption, docs/decisions.md "Personal data encrypted at rest").
 * A key-encryption key (KEK) from configuration wraps the subgraph's data keys, which live in its own
 * `data_keys` table: cipher keys (versioned; the newest unretired one encrypts) and one MAC key (the
 * keyed hashes that exact-match lookups use instead of clear values).
 *
 * A stored value is self-describing: `ce1:<key version>:<A|S>:<base64url(iv‖ciphertext‖tag)>`
 * (A = AES-256-GCM, S = SM4-GCM), so rows written under either profile and any key version decrypt.
 * The AAD names the value's place (`table.column:rowId`): a ciphertext moved to another row or
 * column fails authentication instead of decrypting to another row's data.
 */
export const dataKeys = pgTable('data_keys', {
  version: integer('version').primaryKey(),
  /** `cipher` (encrypts values) or `mac` (keyed hashes for lookups). */
  purpose: text('purpose').$type<'cipher' | 'mac'>().notNull(),
  algorithm: text('algorithm').$type<CipherAlgorithm | MacAlgorithm>().notNull(),
  /** The key wrapped by the KEK: base64 of iv‖ciphertext‖tag under `wrap_alg`. */
  wrapped: text('wrapped').notNull(),
  wrapAlg: text('wrap_alg').$type<CipherAlgorithm>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** Set when a newer cipher key replaced it; it stays readable until no row uses it. */
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});

const PREFIX = 'ce1';
const ALG_CODE: Record<CipherAlgorithm, string> = { 'AES-256-GCM': 'A', 'SM4-GCM': 'S' };
const CODE_ALG: Record<string, CipherAlgorithm> = { A: 'AES-256-GCM', S: 'SM4-GCM' };
const KEK_BYTES = 32;

/** Whether a stored value is a ciphertext of this module (clear rows from before are not). */
export const isSealed = (stored: string | null | undefined): stored is string => typeof stored === 'string' && stored.startsWith(`${PREFIX}:`);

/** The key version a stored ciphertext was made with (null: not a ciphertext). */
export function keyVersionOf(stored: string | null | undefined): number | null {
  if (!isSealed(stored)) return null;
  return Number(stored.split(':', 3)[1]);
}

/** A value that cannot be decrypted: never returned as data, always this error (INTERNAL_SERVER_ERROR to callers). */
export class FieldDecryptionError extends GraphQLError {
  constructor(place: string, why: string) {
    super(`cannot decrypt ${place}: ${why}`, { extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'DECRYPTION_FAILED', place } });
    this.name = 'FieldDecryptionError';
  }
}

/** Where the KEK comes from: `<PREFIX>_KEK` (base64, 32 bytes), `<PREFIX>_KEK_FILE`, else a demo key file in keysDir. */
export interface KekSource {
  subgraph: string;
  env?: NodeJS.ProcessEnv;
  keysDir: string;
}

function parseKek(text: string, where: string): Buffer {
  const kek = Buffer.from(text.trim(), 'base64');
  if (kek.length !== KEK_BYTES) throw new Error(`${where} must be ${KEK_BYTES} bytes in base64 (openssl rand -base64 32), got ${kek.length} bytes`);
  return kek;
}

export function loadKek({ subgraph, env = process.env, keysDir }: KekSource): Buffer {
  const name = `${subgraph.toUpperCase()}_KEK`;
  if (env[name]) return parseKek(env[name]!, name);
  if (env[`${name}_FILE`]) return parseKek(readFileSync(env[`${name}_FILE`]!, 'utf8'), `${name}_FILE (${env[`${name}_FILE`]})`);
  const file = join(keysDir, `${subgraph}-kek.base64`);
  if (!existsSync(file)) {
    mkdirSync(keysDir, { recursive: true });
    try {
      writeFileSync(file, generateCipherKey('AES-256-GCM').toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseKek(readFileSync(file, 'utf8'), file);
}

/** The key that wraps data keys of an algorithm: the KEK itself for AES-256, its SM3-HMAC-derived 16 bytes for SM4. */
function wrappingKey(kek: Buffer, alg: CipherAlgorithm): Buffer {
  return alg === 'AES-256-GCM' ? kek : mac('HMAC-SM3', kek, 'caselink/kek/SM4-GCM').subarray(0, CIPHER_KEY_BYTES['SM4-GCM']);
}

const wrapAad = (subgraph: string, version: number, purpose: string, algorithm: string) => `caselink:${subgraph}:data_keys:${version}:${purpose}:${algorithm}`;

type KeyRow = typeof dataKeys.$inferSelect;
type Db = Database<Record<string, unknown>>;

interface CipherKey {
  version: number;
  algorithm: CipherAlgorithm;
  key: Buffer;
}

/** A keyring's current keys as plain data (Keyring.material). */
export interface KeyringMaterial {
  subgraph: string;
  profile: CryptoProfile;
  mac: { algorithm: MacAlgorithm; key: string };
  cipher: { version: number; algorithm: CipherAlgorithm; key: string };
}

/** The subgraph's unwrapped keys, kept in memory: encrypt, decrypt, keyed hash. */
export class Keyring {
  private cipherKeys = new Map<number, CipherKey>();
  private current!: CipherKey;
  private macKey!: { algorithm: MacAlgorithm; key: Buffer };

  constructor(
    private readonly db: Db,
    private readonly subgraph: string,
    private readonly kek: Buffer,
    readonly profile: CryptoProfile,
  ) {}

  /**
   * The current keys as plain data, for worker threads that encrypt rows they generate (the bulk
   * seed, scripts/seed): handed over in memory, never written anywhere.
   */
  material(): KeyringMaterial {
    return {
      subgraph: this.subgraph,
      profile: this.profile,
      mac: { algorithm: this.macKey.algorithm, key: this.macKey.key.toString('base64') },
      cipher: { version: this.current.version, algorithm: this.current.algorithm, key: this.current.key.toString('base64') },
    };
  }

  /** A keyring that seals and looks up with given keys, without a database (it cannot refresh). */
  static fromMaterial(m: KeyringMaterial): Keyring {
    const ring = new Keyring(null as unknown as Db, m.subgraph, Buffer.alloc(0), m.profile);
    ring.macKey = { algorithm: m.mac.algorithm, key: Buffer.from(m.mac.key, 'base64') };
    ring.current = { version: m.cipher.version, algorithm: m.cipher.algorithm, key: Buffer.from(m.cipher.key, 'base64') };
    ring.cipherKeys.set(ring.current.version, ring.current);
    return ring;
  }

  /** Reads every key from the table (after another replica rotated). */
  async refresh(): Promise<void> {
    if (!this.db) throw new Error(`${this.subgraph}: a keyring made from key material cannot reload keys`);
    const rows = await this.db.select().from(dataKeys);
    this.load(rows);
  }

  private load(rows: KeyRow[]) {
    for (const r of rows) {
      const wrapped = Buffer.from(r.wrapped, 'base64');
      let key: Buffer;
      try {
        key = decrypt(r.wrapAlg, wrappingKey(this.kek, r.wrapAlg), wrapped, wrapAad(this.subgraph, r.version, r.purpose, r.algorithm));
      } catch {
        throw new Error(`${this.subgraph}: data key version ${r.version} does not unwrap with the configured KEK (${this.subgraph.toUpperCase()}_KEK): wrong key-encryption key?`);
      }
      if (r.purpose === 'mac') this.macKey = { algorithm: r.algorithm as MacAlgorithm, key };
      else this.cipherKeys.set(r.version, { version: r.version, algorithm: r.algorithm as CipherAlgorithm, key });
    }
    const active = rows.filter((r) => r.purpose === 'cipher' && !r.retiredAt).sort((a, b) => b.version - a.version)[0];
    if (active) this.current = this.cipherKeys.get(active.version)!;
  }

  /**
   * Makes sure a MAC key and a cipher key of the profile's algorithm exist (a replica racing this
   * one makes the same rows: the primary key keeps one), then loads them.
   */
  async init(now: Date): Promise<this> {
    let rows = await this.db.select().from(dataKeys);
    const wanted: { purpose: 'cipher' | 'mac'; algorithm: CipherAlgorithm | MacAlgorithm }[] = [];
    if (!rows.some((r) => r.purpose === 'mac')) wanted.push({ purpose: 'mac', algorithm: this.profile.mac });
    const active = rows.filter((r) => r.purpose === 'cipher' && !r.retiredAt).sort((a, b) => b.version - a.version)[0];
    // A profile switch starts a new cipher key of the profile's algorithm; older ones stay readable.
    if (!active || active.algorithm !== this.profile.cipher) wanted.push({ purpose: 'cipher', algorithm: this.profile.cipher });
    for (const w of wanted) await this.addKey(w.purpose, w.algorithm, now, { unlessPresent: true });
    if (wanted.length) rows = await this.db.select().from(dataKeys);
    this.load(rows);
    return this;
  }

  /**
   * A new key version (the previous cipher key retired in the same transaction); returns its
   * version. `unlessPresent`: none if another replica made one of this purpose and algorithm meanwhile.
   */
  async addKey(purpose: 'cipher' | 'mac', algorithm: CipherAlgorithm | MacAlgorithm, now: Date, o: { unlessPresent?: boolean } = {}): Promise<number> {
    const raw = purpose === 'mac' ? generateCipherKey('AES-256-GCM') : generateCipherKey(algorithm as CipherAlgorithm);
    const wrapAlg = this.profile.cipher;
    return this.db.transaction(async (tx) => {
      // One key change at a time across replicas, for this transaction only.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`caselink:${this.subgraph}:data_keys`}))`);
      const present = await tx.select().from(dataKeys).where(purpose === 'mac' ? sql`${dataKeys.purpose} = 'mac'` : and(sql`${dataKeys.purpose} = 'cipher'`, isNull(dataKeys.retiredAt), sql`${dataKeys.algorithm} = ${algorithm}`));
      // One MAC key ever (lookups must keep matching); one current cipher key per start unless rotating.
      if (present.length && (purpose === 'mac' || o.unlessPresent)) return present[0]!.version;
      const [last] = await tx.select({ v: dataKeys.version }).from(dataKeys).orderBy(desc(dataKeys.version)).limit(1);
      const version = (last?.v ?? 0) + 1;
      const wrapped = encrypt(wrapAlg, wrappingKey(this.kek, wrapAlg), raw, wrapAad(this.subgraph, version, purpose, algorithm)).toString('base64');
      if (purpose === 'cipher') await tx.update(dataKeys).set({ retiredAt: now }).where(and(sql`${dataKeys.purpose} = 'cipher'`, isNull(dataKeys.retiredAt)));
      await tx.insert(dataKeys).values({ version, purpose, algorithm, wrapped, wrapAlg, createdAt: now });
      return version;
    });
  }

  get currentVersion(): number {
    return this.current.version;
  }

  /** Encrypts with the current key; null stays null. `place` is the AAD: `table.column:rowId`. */
  seal(value: string, place: string): string;
  seal(value: string | null | undefined, place: string): string | null;
  seal(value: string | null | undefined, place: string): string | null {
    if (value == null) return null;
    const k = this.current;
    return `${PREFIX}:${k.version}:${ALG_CODE[k.algorithm]}:${encrypt(k.algorithm, k.key, value, place).toString('base64url')}`;
  }

  /** Decrypts a stored value made for `place`; a clear value (a row from before) is returned as it is. */
  open(stored: string, place: string): string;
  open(stored: string | null | undefined, place: string): string | null;
  open(stored: string | null | undefined, place: string): string | null {
    if (stored == null || !isSealed(stored)) return stored ?? null;
    const [, v, code, body] = stored.split(':');
    const algorithm = CODE_ALG[code!];
    const k = this.cipherKeys.get(Number(v));
    if (!algorithm || body === undefined) throw new FieldDecryptionError(place, 'not a well-formed ciphertext');
    if (!k) throw new FieldDecryptionError(place, `key version ${v} is unknown to this subgraph`);
    if (k.algorithm !== algorithm) throw new FieldDecryptionError(place, `key version ${v} is ${k.algorithm}, the value says ${algorithm}`);
    try {
      return decrypt(algorithm, k.key, Buffer.from(body, 'base64url'), place).toString('utf8');
    } catch {
      throw new FieldDecryptionError(place, `authentication failed (key version ${v}, ${algorithm}): the value was altered or belongs to another row or column`);
    }
  }

  /** Reloads the keys when a stored value names a version this replica has not loaded yet (rotation elsewhere). */
  async ensureVersions(stored: Iterable<string | null | undefined>): Promise<void> {
    for (const s of stored) {
      const v = keyVersionOf(s);
      if (v !== null && !this.cipherKeys.has(v)) return this.refresh();
    }
  }

  /** The keyed hash of a value for exact-match lookups (base64url); null stays null. */
  lookup(value: string): string;
  lookup(value: string | null | undefined): string | null;
  lookup(value: string | null | undefined): string | null {
    return value == null ? null : mac(this.macKey.algorithm, this.macKey.key, value).toString('base64url');
  }

  /** Cipher key versions older than the current one (rotation moves their rows forward). */
  get olderVersions(): number[] {
    return [...this.cipherKeys.keys()].filter((v) => v !== this.current.version);
  }
}

/**
 * One subgraph's field encryption: the keyring of each database it serves, made on first use (a
 * process can serve several databases: tests start many graphs).
 */
export function createFieldCrypto(options: { subgraph: string; kek: () => Buffer; profile?: () => CryptoProfile; now?: () => Date }) {
  const rings = new WeakMap<object, Promise<Keyring>>();
  return {
    subgraph: options.subgraph,
    ring(db: Db): Promise<Keyring> {
      let ring = rings.get(db);
      if (!ring) {
        const profile = (options.profile ?? loadCryptoProfile)();
        ring = new Keyring(db, options.subgraph, options.kek(), profile).init((options.now ?? (() => new Date()))());
        ring.catch(() => rings.delete(db));
        rings.set(db, ring);
      }
      return ring;
    },
  };
}
export type FieldCrypto = ReturnType<typeof createFieldCrypto>;
