import type { ChangeEvent } from './api.ts';

type Listener = (conversationIds: ReadonlySet<string>) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;

/**
 * Server-sent change events (`/api/events`): `listener` gets the ids of conversations that received
 * spans, until the returned function is called. One connection serves the whole page; the browser
 * reconnects by itself, and a server without live updates answers 204, which ends it.
 */
export function onChanges(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/events');
    source.addEventListener('message', (ev) => {
      let data: ChangeEvent;
      try {
        data = JSON.parse(ev.data as string) as ChangeEvent;
      } catch {
        return;
      }
      const ids = new Set(data.conversations);
      for (const l of listeners) l(ids);
    });
    source.addEventListener('open', () => {
      document.body.dataset.live = 'true';
    });
  }
  return () => {
    listeners.delete(listener);
  };
}
