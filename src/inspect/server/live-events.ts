import type { ChangeEvent } from '../model/api-types.ts';
import type { ChangeFeed } from './change-feed.ts';

/** Changes within this window go out as one event (a burst of batches re-renders the page once). */
const COALESCE_MS = 100;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * A `text/event-stream` body for `/api/events`: one `data:` event (a {@link ChangeEvent}) per burst of
 * stored batches, listing the conversations that changed. Ends when the client goes away (`signal`)
 * or the server closes the connection.
 */
export function changeStream(feed: ChangeFeed, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = (): void => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const pending = new Set<string>();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const send = (text: string): void => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const flush = (): void => {
        timer = undefined;
        const event: ChangeEvent = { conversations: [...pending] };
        pending.clear();
        send(`data: ${JSON.stringify(event)}\n\n`);
      };
      const unsubscribe = feed.subscribe((ids) => {
        for (const id of ids) pending.add(id);
        timer ??= setTimeout(flush, COALESCE_MS);
      });
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref?.();
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener('abort', onAbort);
      send('retry: 1000\n: connected\n\n');
    },
    cancel() {
      cleanup();
    },
  });
}
