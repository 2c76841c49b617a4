import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from 'pino';

export interface SupergraphFileOptions {
  /** The supergraph the gateway starts with (already read from `path`). */
  initialSdl: string;
  /** The file to watch; null: serve `initialSdl` and never reload. */
  path: string | null;
  /** How often the file's size and mtime are checked; 0 turns watching off. @default 2000 */
  pollMs: number;
  log: Logger;
  /** Called after the gateway took a new supergraph. */
  onApplied(sdl: string): void;
  /** Called when a changed file was refused (the gateway keeps the previous supergraph). */
  onRefused(error: Error): void;
}

/**
 * The gateway's `supergraphSdl` hook: serves the file's supergraph and, when the file changes on
 * disk, hands the new text to the gateway, which builds it before switching. A file that does not
 * build (bad syntax, not a Federation 2 supergraph) is refused and logged; the old one stays.
 * Polling `stat` rather than `fs.watch` also sees files replaced by rename (editors, ConfigMaps).
 */
export function supergraphFromFile(options: SupergraphFileOptions): SupergraphSdlHook {
  const { path, pollMs, log } = options;
  return async ({ update }) => {
    let current = options.initialSdl;
    if (!path || pollMs <= 0) return { supergraphSdl: current };

    const check = (now: Stats, before: Stats) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
      let sdl: string;
      try {
        sdl = readFileSync(path, 'utf8');
      } catch (err) {
        log.error({ path, err: (err as Error).message }, 'supergraph file unreadable; keeping the current supergraph');
        options.onRefused(err as Error);
        return;
      }
      if (sdl === current) return;
      try {
        update(sdl);
      } catch (err) {
        log.error({ path, err: (err as Error).message }, 'supergraph file refused; keeping the current supergraph');
        options.onRefused(err as Error);
        return;
      }
      current = sdl;
      log.info({ path }, 'supergraph reloaded');
      options.onApplied(sdl);
    };
    watchFile(path, { interval: pollMs, persistent: false }, check);
    return { supergraphSdl: current, cleanup: async () => unwatchFile(path, check) };
  };
}
