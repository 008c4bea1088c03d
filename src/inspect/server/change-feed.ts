import { conversationKeys } from '../model/span-conversation.ts';
import type { SpanRecord } from '../model/span-record.ts';

/** Receives the ids of conversations that just got spans. */
export type ChangeListener = (conversationIds: string[]) => void;

/**
 * Tells the page which conversations changed: the receiver publishes each stored batch, the page's
 * event stream (`/api/events`) subscribes. In-process only (spans written by another process to the
 * same store are seen on the next load, not live).
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  /** Announces a stored batch (call after the store committed it). */
  publish(spans: readonly SpanRecord[]): void {
    if (this.listeners.size === 0) return;
    const ids = new Set<string>();
    for (const s of spans) for (const k of conversationKeys(s.attributes)) ids.add(k);
    if (ids.size === 0) return;
    const list = [...ids];
    for (const l of this.listeners) l(list);
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Number of subscribers (open event streams). */
  get subscribers(): number {
    return this.listeners.size;
  }
}
