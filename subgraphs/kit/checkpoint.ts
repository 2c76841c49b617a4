import { createReadStream, createWriteStream, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import type { JWK } from 'jose';
import { loadCryptoProfile } from './cryptoProfile';
import { demoKeyFile, loadDemoKeyRing, localKeySet, parseSigningKey, signJws, verifyJws, type SigningKey } from './jws';
import type { Logger } from 'pino';
import { canonicalJson, sha256Hex } from './canonicalJson';
import type { Database } from './db';
import { leafHash, StreamingRoot } from './merkle';
import type { DigestAlgorithm } from './cryptoProfile';
import { activeDigest, createDigest, digestHex, isDigestAlgorithm } from './digests';
import { sql } from 'drizzle-orm';

/**
 * Signed checkpoints of a subgraph's chains, kept outside its database (architecture.md, "The record
 * outside the database"; Certificate Transparency's signed tree heads). A checkpoint lists every
 * chain as a leaf — its kind, id, length and head hash (and, for a case, a digest of the record it
 * was opened with) — in one fixed order, and signs the RFC 6962 Merkle root over them with the
 * subgraph's own key. Each checkpoint is a file created once (O_EXCL) in an append-only directory,
 * names the hash of the one before it (so the directory is itself a chain), and has its leaves beside
 * it (gzipped NDJSON, authenticated by the signed root). `audit:verify` compares the database with
 * the latest checkpoint; a case's inclusion proof is its leaf's Merkle path to a signed root.
 */
export interface Leaf {
  /** The kind of chain: `case`, `warning`, `access` (a stripe of the access log) … */
  k: string;
  id: string;
  /** Length of the chain and its last hash. */
  n: number;
  h: string;
  /** Digest of the record the chain belongs to where it must never change (a case's opening record). */
  r?: string;
  /** A name for people (a case's number); not compared. */
  l?: string;
}

/** A subgraph's chains of one kind, in key order (JavaScript string order = COLLATE "C"). */
export interface LeafSource {
  kind: string;
  /** `digest`: the algorithm of the record digests (`r`) the leaves carry, the checkpoint's. */
  leaves(db: Database, digest: DigestAlgorithm): AsyncIterable<Leaf>;
}

export const leafLine = (l: Leaf) => canonicalJson(l);

export interface CheckpointPayload {
  v: 1;
  subgraph: string;
  seq: number;
  at: string;
  /**
   * The digest of this checkpoint's Merkle tree, record digests, `prev` and `leavesSha256` (the name
   * predates the profile). Absent from checkpoints made before it: SHA-256.
   */
  digest?: DigestAlgorithm;
  /** Digest of the previous checkpoint file's JWS (null for the first). */
  prev: string | null;
  size: number;
  root: string;
  /** Per kind: chains and total entries. */
  kinds: Record<string, { chains: number; entries: number }>;
  leaves: string;
  leavesSha256: string;
  /** What this checkpoint found against the previous one (a chain gone, shortened or rewritten). */
  anomalies: string[];
}

export interface CheckpointFile {
  payload: CheckpointPayload;
  /** Compact JWS (ES256 or SM2SM3, as its header says) over the canonical payload. */
  jws: string;
  publicJwk: JWK;
}

// ---- keys ------------------------------------------------------------------------------------

/** A kit/jws signing key: ES256 or SM2SM3, as the crypto profile says. */
export type CheckpointKey = SigningKey;

/**
 * The subgraph's checkpoint key: `<NAME>_CHECKPOINT_KEY` (PKCS#8 PEM or a private JWK, of the crypto
 * profile's algorithm), else a demo key kept in DATA_DIR/keys/<name>-checkpoint[.sm2].private.jwk.json
 * (one per algorithm), its public half written beside it for supervisors (production must pass the
 * key: a demo key lives next to the data it vouches for).
 */
export async function loadCheckpointKey(name: string, env: NodeJS.ProcessEnv, dataDir: string): Promise<CheckpointKey> {
  const variable = `${name.toUpperCase()}_CHECKPOINT_KEY`;
  const alg = loadCryptoProfile(env).signature;
  const given = env[variable];
  if (given) return parseSigningKey(given, variable, alg);
  if (env.NODE_ENV === 'production') throw new Error(`${variable} is required in production`);
  const dir = join(dataDir, 'keys');
  const { key } = loadDemoKeyRing(dir, `${name}-checkpoint`, alg);
  const publicFile = demoPublicKeyFile(dir, name, alg);
  if (!existsSync(publicFile)) writeFileSync(publicFile, JSON.stringify(key.publicJwk, null, 2));
  return key;
}

const demoPublicKeyFile = (dir: string, name: string, alg: SigningKey['alg']) => demoKeyFile(dir, `${name}-checkpoint`, alg).replace(/\.private\.jwk\.json$/, '.public.jwk.json');

// ---- the directory ---------------------------------------------------------------------------

const CHECKPOINT_RE = /^(\d{8})\.checkpoint\.json$/;
const name8 = (seq: number) => String(seq).padStart(8, '0');

/** Checkpoint files of a directory, oldest first. */
export function listCheckpoints(dir: string): { seq: number; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => CHECKPOINT_RE.exec(f))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ seq: Number(m[1]), file: join(dir, m[0]) }))
    .sort((a, b) => a.seq - b.seq);
}

export const readCheckpoint = (file: string): CheckpointFile => JSON.parse(readFileSync(file, 'utf8'));
export const jwsHash = (c: CheckpointFile, alg: DigestAlgorithm = 'SHA-256') => digestHex(alg, c.jws);

/** A checkpoint's digest algorithm (SHA-256 when it names none); throws on an unknown one. */
export function checkpointDigest(payload: Pick<CheckpointPayload, 'digest'>): DigestAlgorithm {
  const alg = payload.digest ?? 'SHA-256';
  if (!isDigestAlgorithm(alg)) throw new Error(`the checkpoint names an unknown digest algorithm ${JSON.stringify(alg)}`);
  return alg;
}

/** Public keys a verifier trusts: one JWK, or a JWK set (the keys of both algorithms, after a profile switch). */
export type TrustedKeys = JWK | { keys: JWK[] };

/** Verifies a checkpoint's signature with a public key the verifier trusts (by its header's alg and kid); returns its payload. */
export async function verifyCheckpointSignature(c: CheckpointFile, trusted: TrustedKeys): Promise<CheckpointPayload> {
  const { payload } = await verifyJws(c.jws, localKeySet('keys' in trusted ? trusted : { keys: [trusted] }));
  const signed = JSON.parse(new TextDecoder().decode(payload)) as CheckpointPayload;
  if (canonicalJson(signed) !== canonicalJson(c.payload)) throw new Error('the checkpoint file’s payload differs from what was signed');
  return signed;
}

/** Reads a checkpoint's leaves back, in order (streamed: constant memory). */
export async function* readLeaves(dir: string, payload: CheckpointPayload): AsyncGenerator<{ line: string; leaf: Leaf }> {
  const lines = createInterface({ input: createReadStream(join(dir, payload.leaves)).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield { line, leaf: JSON.parse(line) as Leaf };
}

/** The root of a checkpoint's leaves file: must equal the signed root. */
export async function leavesRoot(dir: string, payload: CheckpointPayload): Promise<{ root: string; size: number }> {
  const alg = checkpointDigest(payload);
  const s = new StreamingRoot(alg);
  for await (const { line } of readLeaves(dir, payload)) s.push(leafHash(line, alg));
  return { root: s.root().toString('hex'), size: s.size };
}

/** Kind order of the leaves: the order the sources were given in. */
export function compareLeafKeys(kinds: readonly string[], a: Leaf, b: Leaf): number {
  const ka = kinds.indexOf(a.k);
  const kb = kinds.indexOf(b.k);
  if (ka !== kb) return ka - kb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Merges the database's leaves with a checkpoint's, both in key order, and names every chain that
 * does not extend what was checkpointed: gone, shorter, a different head at the same length, a
 * changed record. A grown chain's old head is checked by whoever has its entries (`onGrown`).
 */
export async function* compareWithCheckpoint<T extends Leaf>(
  kinds: readonly string[],
  current: AsyncIterable<T>,
  checkpointed: AsyncIterable<Leaf>,
  label: string,
): AsyncGenerator<{ leaf: Leaf; problem: string } | { leaf: T; grownFrom: Leaf }> {
  const cp = checkpointed[Symbol.asyncIterator]();
  let next = await cp.next();
  for await (const now of current) {
    while (!next.done && compareLeafKeys(kinds, next.value, now) < 0) {
      yield { leaf: next.value, problem: `is in ${label} (${next.value.n} entries) but missing from the database` };
      next = await cp.next();
    }
    if (next.done || compareLeafKeys(kinds, next.value, now) > 0) continue; // new since the checkpoint
    const was = next.value;
    next = await cp.next();
    if (was.r !== undefined && now.r !== was.r) yield { leaf: now, problem: `its record differs from ${label} (changed since it was checkpointed)` };
    if (now.n < was.n) yield { leaf: now, problem: `has ${now.n} entries but ${label} recorded ${was.n} (truncated or rolled back)` };
    else if (now.n === was.n && now.h !== was.h) yield { leaf: now, problem: `its head differs from ${label} at the same length ${was.n} (rewritten)` };
    else if (now.n > was.n) yield { leaf: now, grownFrom: was };
  }
  while (!next.done) {
    yield { leaf: next.value, problem: `is in ${label} (${next.value.n} entries) but missing from the database` };
    next = await cp.next();
  }
}

async function* concat(db: Database, sources: readonly LeafSource[], digest: DigestAlgorithm): AsyncGenerator<Leaf> {
  for (const s of sources) yield* s.leaves(db, digest);
}

export interface TakeCheckpointOptions {
  name: string;
  db: Database;
  key: CheckpointKey;
  dir: string;
  sources: readonly LeafSource[];
  now?: Date;
  /** Also POST the checkpoint file (JSON) here: a second store the database administrator does not hold. */
  publishUrl?: string | null;
  /** Skip writing when nothing changed since the latest checkpoint. @default true */
  skipUnchanged?: boolean;
  /** @default the crypto profile's digest */
  digest?: DigestAlgorithm;
}

/** Takes, signs and writes a checkpoint (null when nothing changed since the last one). */
export async function takeCheckpoint(o: TakeCheckpointOptions): Promise<{ file: string; checkpoint: CheckpointFile } | null> {
  mkdirSync(o.dir, { recursive: true });
  const existing = listCheckpoints(o.dir);
  const last = existing.length ? readCheckpoint(existing[existing.length - 1]!.file) : null;
  const seq = (last?.payload.seq ?? 0) + 1;
  const kinds = o.sources.map((s) => s.kind);
  const digest = o.digest ?? activeDigest();
  const counts: Record<string, { chains: number; entries: number }> = Object.fromEntries(kinds.map((k) => [k, { chains: 0, entries: 0 }]));
  const root = new StreamingRoot(digest);
  const anomalies: string[] = [];
  // The leaves go to a private file first, streamed (constant memory), and are linked into place once signed.
  const leavesName = `${name8(seq)}.leaves.ndjson.gz`;
  const tmp = join(o.dir, `.${leavesName}.${process.pid}.tmp`);
  const gzip = createGzip();
  const out = createWriteStream(tmp, { mode: 0o444 });
  const gzHash = createDigest(digest);
  gzip.on('data', (chunk: Buffer) => gzHash.update(chunk));
  gzip.pipe(out);

  async function* tracked(): AsyncGenerator<Leaf> {
    for await (const l of concat(o.db, o.sources, digest)) {
      const line = leafLine(l);
      root.push(leafHash(line, digest));
      if (!gzip.write(line + '\n')) await once(gzip, 'drain');
      counts[l.k]!.chains++;
      counts[l.k]!.entries += l.n;
      yield l;
    }
  }
  if (last) {
    const label = `checkpoint ${last.payload.seq}`;
    const prevLeaves = (async function* () {
      for await (const { leaf } of readLeaves(o.dir, last.payload)) yield leaf;
    })();
    const lastDigest = checkpointDigest(last.payload);
    let current: AsyncIterable<Leaf> = tracked();
    if (lastDigest !== digest) {
      // After a profile switch, record digests are compared in the previous checkpoint's algorithm, in a pass of their own.
      for await (const _ of tracked());
      current = concat(o.db, o.sources, lastDigest);
    }
    for await (const f of compareWithCheckpoint(kinds, current, prevLeaves, label)) if ('problem' in f) anomalies.push(`${f.leaf.k} ${f.leaf.id} ${f.problem}`);
  } else {
    for await (const _ of tracked());
  }
  gzip.end();
  await once(out, 'close');
  const rootHex = root.root().toString('hex');
  if (last && (o.skipUnchanged ?? true) && last.payload.root === rootHex && !anomalies.length) {
    unlinkSync(tmp);
    return null;
  }
  const payload: CheckpointPayload = {
    v: 1,
    subgraph: o.name,
    seq,
    at: (o.now ?? new Date()).toISOString(),
    digest,
    prev: last ? jwsHash(last, digest) : null,
    size: root.size,
    root: rootHex,
    kinds: counts,
    leaves: leavesName,
    leavesSha256: gzHash.digest('hex'),
    anomalies,
  };
  const jws = signJws(o.key, canonicalJson(payload), 'caselink-checkpoint');
  const checkpoint: CheckpointFile = { payload, jws, publicJwk: o.key.publicJwk };
  // 'wx': created once, never overwritten; a second writer with the same number fails here.
  try {
    linkSync(tmp, join(o.dir, leavesName)); // fails if it exists: never overwritten
  } finally {
    unlinkSync(tmp);
  }
  const file = join(o.dir, `${name8(seq)}.checkpoint.json`);
  writeFileSync(file, JSON.stringify(checkpoint, null, 2) + '\n', { flag: 'wx', mode: 0o444 });
  if (o.publishUrl) {
    const res = await fetch(o.publishUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(checkpoint) });
    if (!res.ok) throw new Error(`checkpoint ${seq} written but the second store refused it: HTTP ${res.status}`);
  }
  return { file, checkpoint };
}

export interface CheckpointsOptions extends Omit<TakeCheckpointOptions, 'now'> {
  /** @default 15 minutes; 0: only on demand and on stop */
  intervalMs?: number;
  log?: Pick<Logger, 'info' | 'error'>;
  now?: () => Date;
  /**
   * Take each checkpoint under a PostgreSQL advisory lock named after the subgraph, reading through the
   * locking transaction: replicas sharing a database and a checkpoint directory take turns, and each
   * one starts from the latest file, so no two write the same number (decision 104). @default false
   */
  lockAcrossReplicas?: boolean;
}

/**
 * Periodic checkpoints for a running subgraph: one every `intervalMs` when something changed, one on
 * demand, and one on stop (so nothing acknowledged before a clean stop is outside one). Runs are
 * serialised: a request while one runs waits for it and then takes its own.
 */
export function startCheckpoints(o: CheckpointsOptions): { checkpointNow(): Promise<string | null>; stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const take = () => {
    const run = running.then(async () => {
      const taken = o.lockAcrossReplicas
        ? await o.db.transaction(async (tx) => {
            await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`caselink:${o.name}:checkpoint`}))`);
            return takeCheckpoint({ ...o, db: tx as unknown as Database, now: o.now?.() });
          })
        : await takeCheckpoint({ ...o, now: o.now?.() });
      if (taken) o.log?.info({ checkpoint: taken.checkpoint.payload.seq, root: taken.checkpoint.payload.root, size: taken.checkpoint.payload.size, anomalies: taken.checkpoint.payload.anomalies.length }, 'checkpoint signed');
      if (taken?.checkpoint.payload.anomalies.length) o.log?.error({ anomalies: taken.checkpoint.payload.anomalies.slice(0, 20) }, 'the database no longer extends the previous checkpoint');
      return taken?.file ?? null;
    });
    running = run.catch(() => {});
    return run;
  };
  const interval = o.intervalMs ?? 15 * 60_000;
  const timer = interval > 0 ? setInterval(() => void take().catch((err) => o.log?.error({ err }, 'checkpoint failed')), interval) : null;
  timer?.unref();
  return {
    checkpointNow: take,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await take();
    },
  };
}

/** Where a subgraph's checkpoints live: CHECKPOINT_DIR/<name>, else DATA_DIR/checkpoints/<name>. */
export function checkpointDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CHECKPOINT_DIR ?? join(env.DATA_DIR ?? './data', 'checkpoints'), name);
}

/**
 * The public keys a verifier trusts for a subgraph: `<NAME>_CHECKPOINT_PUBLIC_KEY` (a JWK, or a JWK set
 * {"keys":[…]} to keep trusting a previous key), else the demo keys' public halves (every algorithm's).
 */
export function trustedCheckpointKey(name: string, env: NodeJS.ProcessEnv = process.env): TrustedKeys | null {
  const given = env[`${name.toUpperCase()}_CHECKPOINT_PUBLIC_KEY`];
  if (given) return JSON.parse(given) as TrustedKeys;
  const dir = join(env.DATA_DIR ?? './data', 'keys');
  const keys = (['ES256', 'SM2SM3'] as const).map((alg) => demoPublicKeyFile(dir, name, alg)).filter((f) => existsSync(f)).map((f) => JSON.parse(readFileSync(f, 'utf8')) as JWK);
  return keys.length ? { keys } : null;
}

export interface VerifiedDirectory {
  latest: { dir: string; payload: CheckpointPayload } | null;
  count: number;
  problems: string[];
  notes: string[];
}

/**
 * Checks a checkpoint directory before the database is compared with it: every file signed by the
 * trusted key, each naming the one before it, numbered without a gap; the anomalies any of them
 * recorded; and the latest one's leaves file matching its signed root.
 */
export async function verifyCheckpointDirectory(name: string, dir: string, trusted: TrustedKeys | null): Promise<VerifiedDirectory> {
  const out: VerifiedDirectory = { latest: null, count: 0, problems: [], notes: [] };
  const files = listCheckpoints(dir);
  out.count = files.length;
  if (!files.length) {
    out.notes.push(`${name}: no checkpoint in ${dir}: deletions, truncations and rewritten chains cannot be checked`);
    return out;
  }
  if (!trusted) out.notes.push(`${name}: no trusted checkpoint key (${name.toUpperCase()}_CHECKPOINT_PUBLIC_KEY): signatures checked with the key each file carries`);
  let prev: CheckpointFile | null = null;
  let expected = 1;
  for (const f of files) {
    const label = `${name} checkpoint ${f.seq}`;
    let c: CheckpointFile;
    try {
      c = readCheckpoint(f.file);
      await verifyCheckpointSignature(c, trusted ?? c.publicJwk);
    } catch (err) {
      out.problems.push(`CHECKPOINT ${label}: not validly signed (${err instanceof Error ? err.message : err})`);
      prev = null;
      continue;
    }
    if (!isDigestAlgorithm(c.payload.digest ?? 'SHA-256')) {
      out.problems.push(`CHECKPOINT ${label}: names an unknown digest algorithm ${JSON.stringify(c.payload.digest)}`);
      prev = null;
      continue;
    }
    if (f.seq !== expected) out.problems.push(`CHECKPOINT ${name}: checkpoints ${expected}–${f.seq - 1} are missing from ${dir}`);
    if (f.seq !== c.payload.seq) out.problems.push(`CHECKPOINT ${label}: its file is named ${f.seq} but it says ${c.payload.seq}`);
    if (prev && c.payload.prev !== jwsHash(prev, checkpointDigest(c.payload))) out.problems.push(`CHECKPOINT ${label}: does not name checkpoint ${prev.payload.seq} before it`);
    for (const a of c.payload.anomalies) out.problems.push(`ANOMALY ${label} found: ${a}`);
    expected = f.seq + 1;
    prev = c;
  }
  if (!prev) return out;
  const { payload } = prev;
  if (!existsSync(join(dir, payload.leaves))) {
    out.problems.push(`CHECKPOINT ${name} checkpoint ${payload.seq}: its leaves file ${payload.leaves} is missing`);
    return out;
  }
  const gzHash = createDigest(checkpointDigest(payload));
  for await (const chunk of createReadStream(join(dir, payload.leaves))) gzHash.update(chunk as Buffer);
  const gzSha = gzHash.digest('hex');
  const { root, size } = await leavesRoot(dir, payload);
  if (gzSha !== payload.leavesSha256 || root !== payload.root || size !== payload.size) {
    out.problems.push(`CHECKPOINT ${name} checkpoint ${payload.seq}: its leaves file does not match its signed root`);
    return out;
  }
  out.latest = { dir, payload };
  return out;
}
