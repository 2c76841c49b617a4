/** Closes the given service on SIGTERM or SIGINT, then exits: 0 when it closed cleanly. */
export function closeOnSignal(close: () => Promise<void>, log: (msg: string) => void = console.log): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal} received, closing`);
    try {
      await close();
      process.exit(0);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
