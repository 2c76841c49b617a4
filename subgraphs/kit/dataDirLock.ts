import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * One process at a time in a PGlite folder. PGlite is PostgreSQL in one process with no shared
 * memory: a second process that opens the same folder (a tool beside `npm start`) writes over the
 * first one's pages, and acknowledged writes are lost or the folder no longer opens. So every opener
 * takes `<dataDir>.lock` (created exclusively, holding pid, host and what holds it) and a second one
 * is refused with a message naming the holder. A lock whose process is gone (a crash) is taken over.
 */
export interface DataDirLockHolder {
  pid: number;
  host: string;
  holder: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly heldBy: DataDirLockHolder,
  ) {
    super(
      `${dataDir} is in use by ${heldBy.holder} (pid ${heldBy.pid} on ${heldBy.host}, since ${heldBy.since}): ` +
        'an embedded database takes one process at a time. Stop that process first (or point this tool at PostgreSQL).',
    );
  }
}

const held = new Map<string, string>(); // lock file -> our content

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): DataDirLockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DataDirLockHolder;
  } catch {
    return null; // vanished or half-written: treat as free
  }
}

/** Takes the lock of `dataDir` for `holder` (e.g. "subgraph cases", "audit:verify"); returns its release. */
export function lockDataDir(dataDir: string, holder: string): () => void {
  const file = `${dataDir}.lock`;
  const content = JSON.stringify({ pid: process.pid, host: hostname(), holder, since: new Date().toISOString() } satisfies DataDirLockHolder);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, content);
      closeSync(fd);
      held.set(file, content);
      return () => release(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = readHolder(file);
      // Another host's process cannot be checked from here: its lock stands.
      if (other && (other.host !== hostname() || alive(other.pid))) throw new DataDirInUseError(dataDir, other);
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        /* someone else took it over first: try again */
      }
    }
  }
  throw new DataDirInUseError(dataDir, readHolder(file) ?? { pid: 0, host: hostname(), holder: 'another process', since: 'now' });
}

function release(file: string) {
  const ours = held.get(file);
  if (ours === undefined) return;
  held.delete(file);
  try {
    if (readFileSync(file, 'utf8') === ours) unlinkSync(file);
  } catch {
    /* already gone */
  }
}

// A process that exits without closing (an error, a signal handled by exit) leaves no lock behind.
process.on('exit', () => {
  for (const file of [...held.keys()]) release(file);
});
