import type { TracingHandle } from './options.ts';

/**
 * Delivers buffered spans when the process ends, without taking the exit away from the app:
 * - `beforeExit` (the event loop ran dry): shut down, bounded by the exporter's shutdown timeout;
 * - SIGTERM / SIGINT with no other listener: shut down, then re-raise the signal (the default exit);
 * - SIGTERM / SIGINT the app listens to itself: only flush; the app drains (its spans still export)
 *   and exits when it decides, which ends in `beforeExit` or the app's own `process.exit()` (call
 *   `forceFlush()` on the handle before that one).
 */
export function flushOnExit(handle: TracingHandle): void {
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= handle.shutdown();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const appHandles = process.listeners(signal).some((l) => l !== onSignal);
    if (appHandles) {
      void handle.forceFlush().catch(() => {});
      return;
    }
    void close().finally(() => {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Fires again once the shutdown's own work is done; the memoized promise ends it there.
  process.on('beforeExit', () => void close());
}
