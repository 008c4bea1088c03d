import { InvalidArgumentError } from '../errors.ts';
import { requireTokenBeyondLoopback } from '../http/access.ts';
import { RequestLimitError } from './ingest/errors.ts';
import { type OtlpReceiver, type RequestLimits, startOtlpReceiver } from './ingest/otlp-receiver.ts';
import type { PriceTable } from './model/prices.ts';
import { ChangeFeed } from './server/change-feed.ts';
import { startWebServer } from './server/web-server.ts';
import { JaegerSource } from './sources/jaeger-source.ts';
import type { SpanSource } from './sources/source.ts';
import { StoreSource } from './sources/store-source.ts';
import { BatchTooLargeError } from './store/errors.ts';
import { type RetentionOptions, SpanStore, type SpanStoreOptions } from './store/store.ts';

/**
 * Default data directory of the built-in store, relative to the working directory: shared by the demo,
 * `serve`, `conversations` and `show` (the CLI also reads `CONVTRACE_DATA_DIR`).
 */
export const DEFAULT_DATA_DIR = '.convtrace';
/** Default port of the inspector page. */
export const DEFAULT_WEB_PORT = 4319;
/** Default port of the built-in OTLP/HTTP receiver. */
export const DEFAULT_RECEIVER_PORT = 4318;

/** Options of {@link startInspector}. */
export interface InspectorOptions {
  /** Page port; 0 picks a free one. Default 4319. */
  port?: number;
  /** Bind address of page and receiver. Default `127.0.0.1`. */
  host?: string;
  /** Read from this Jaeger query URL instead of the built-in receiver (then no receiver starts). */
  jaegerUrl?: string;
  /** Store directory of the built-in receiver. Default `.convtrace`. */
  dataDir?: string;
  /** Receiver port; 0 picks a free one. Default 4318. Ignored with `jaegerUrl`. */
  receiverPort?: number;
  /** Jaeger UI base URL for trace links (default with `jaegerUrl`: the query URL). */
  jaegerUiUrl?: string;
  /** With `jaegerUrl`: how far back to search, ms. Default 7 days. */
  jaegerLookbackMs?: number;
  /** With `jaegerUrl`: traces per search (capped searches are split into smaller time windows). Default 500. */
  jaegerSearchDepth?: number;
  /** Retention of the built-in store (age, size). */
  retention?: RetentionOptions;
  /** Sync each acknowledged batch to disk (survives power loss). Default true; see {@link SpanStoreOptions}. */
  fsync?: boolean;
  /** Receiver body limit in bytes. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Receiver per-request limits (spans, attributes per span, parent depth); see {@link RequestLimits}. */
  requestLimits?: RequestLimits;
  /** Prices for the cost columns (e.g. from `loadPriceTable`). Default: the built-in table. */
  prices?: PriceTable;
  /**
   * Access token for page, API and receiver (`Authorization: Bearer <token>`; the page also takes
   * `/?token=<token>` once and keeps it in a cookie). Required when `host` is not loopback.
   */
  token?: string;
}

/** A running inspector. */
export interface Inspector {
  /** The page, e.g. `http://127.0.0.1:4319/`. */
  url: string;
  /** OTLP/HTTP base URL of the built-in receiver (use as `OTEL_EXPORTER_OTLP_ENDPOINT`); undefined with Jaeger. */
  receiverUrl: string | undefined;
  /** The span source the page reads. */
  source: SpanSource;
  /** Page URL of one conversation. */
  conversationUrl(conversationId: string): string;
  /** Stops page and receiver, then closes the store (every acknowledged span is already on disk). */
  close(): Promise<void>;
}

/**
 * Starts the inspector: the web page, and — unless `jaegerUrl` is given — the built-in OTLP/HTTP
 * receiver writing to a persistent store under `dataDir`. Everything binds to 127.0.0.1 by default.
 */
export async function startInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const host = options.host ?? '127.0.0.1';
  requireTokenBeyondLoopback(host, options.token);
  // The page's port, once bound: its origin may post to the receiver.
  const pagePorts: number[] = [];
  let source: SpanSource;
  let receiver: OtlpReceiver | undefined;
  let store: SpanStore | undefined;
  let changes: ChangeFeed | undefined;
  if (options.jaegerUrl) {
    source = new JaegerSource({
      url: options.jaegerUrl,
      uiUrl: options.jaegerUiUrl,
      lookbackMs: options.jaegerLookbackMs,
      searchDepth: options.jaegerSearchDepth,
    });
  } else {
    if (options.dataDir === '') throw new InvalidArgumentError('dataDir', 'must not be empty');
    store = await SpanStore.open({
      dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
      retention: options.retention,
    });
    const s = store;
    const feed = new ChangeFeed();
    changes = feed;
    source = new StoreSource(s, options.jaegerUiUrl);
    try {
      receiver = await startOtlpReceiver({
        host,
        port: options.receiverPort ?? DEFAULT_RECEIVER_PORT,
        maxBodyBytes: options.maxBodyBytes,
        limits: options.requestLimits,
        token: options.token,
        siblingPorts: pagePorts,
        onSpans: async (spans) => {
          const added = await s.append(spans).catch((err: unknown) => {
            if (!(err instanceof BatchTooLargeError)) throw err;
            const unit = err.limit === 'maxSpans' ? 'spans' : 'bytes of span JSON';
            const what = `${unit} in the request (the share of the store's ${err.limit} one write may take)`;
            throw new RequestLimitError('maxEvictShare', err.max, err.actual, what);
          });
          if (added > 0) feed.publish(spans);
          return added;
        },
      });
    } catch (err) {
      s.close();
      throw err;
    }
  }
  let web: Awaited<ReturnType<typeof startWebServer>>;
  try {
    web = await startWebServer({
      source,
      host,
      port: options.port ?? DEFAULT_WEB_PORT,
      prices: options.prices,
      changes,
      token: options.token,
    });
    pagePorts.push(web.port);
  } catch (err) {
    await receiver?.close();
    store?.close();
    throw err;
  }
  return {
    url: web.url,
    receiverUrl: receiver?.url,
    source,
    conversationUrl: (id) => `${web.url}#/c/${encodeURIComponent(id)}`,
    async close() {
      await Promise.all([web.close(), receiver?.close()]);
      store?.close();
    },
  };
}
