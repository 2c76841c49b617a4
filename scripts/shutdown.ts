/**
 * Closes the given service on SIGTERM or SIGINT, then exits: 0 when it closed cleanly, 1 when closing
 * failed. The services' close() drains first (subgraphs/kit/drain.ts, decision 105): no new
 * connections, requests in flight finish within SHUTDOWN_GRACE_MS, then background jobs and the
 * database. A second signal while closing exits at once (1).
 */
export function closeOnSignal(close: () => Promise<void>, log: (msg: string) => void = console.log): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) {
      log(`${signal} received again while closing: exiting now`);
      process.exit(1);
    }
    closing = true;
    const started = Date.now();
    log(`${signal} received, closing`);
    try {
      await close();
      log(`closed in ${Date.now() - started} ms`);
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
