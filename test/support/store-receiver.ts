/**
 * The inspector's own OTLP/HTTP receiver and span store, for tests where other processes (Python,
 * `node --import convtrace/register`) export spans: protobuf and JSON both land in one store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';

/** A running receiver with its store. */
export interface StoreReceiver {
  receiver: OtlpReceiver;
  store: SpanStore;
  /** The inspector's view of the store. */
  source: StoreSource;
  /**
   * Resolves with the stored spans once `pred` holds: spans of another process arrive when it exports
   * them. Rejects after `limitMs` with what was stored, so a failure shows what did arrive.
   */
  waitFor(pred: (spans: SpanRecord[]) => boolean, limitMs?: number): Promise<SpanRecord[]>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (ephemeral port) writing to a store in a temporary directory. */
export async function startStoreReceiver(): Promise<StoreReceiver> {
  const dir = await mkdtemp(join(tmpdir(), 'convtrace-store-'));
  const store = await SpanStore.open({ dataDir: dir });
  const receiver = await startOtlpReceiver({ port: 0, onSpans: (s) => store.append(s) });
  return {
    receiver,
    store,
    source: new StoreSource(store),
    async waitFor(pred, limitMs = 15_000) {
      const until = Date.now() + limitMs;
      for (;;) {
        const spans = store.recentSpans();
        if (pred(spans)) return spans;
        if (Date.now() > until) {
          const names = spans.map((s) => `${s.serviceName}:${s.name}`).join(', ');
          throw new Error(`spans did not arrive within ${limitMs} ms; stored: ${names}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
