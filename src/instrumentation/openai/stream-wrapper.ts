/**
 * Wraps an openai-node `Stream` *in place* so the caller keeps the SDK's own object (`tee()`,
 * `toReadableStream()`, `controller`, the `ResponseStream` / `ChatCompletionStream` helpers all keep
 * working): its `iterator` factory is replaced by one that returns an observing iterator. Every path
 * out of the stream reports to the {@link StreamSink} — exhaustion, a thrown mid-stream error, an
 * early `return()` (`break`, readable cancel) and an abort of the stream's controller — and the sink
 * guarantees the span ends exactly once.
 */
import { diag } from '@opentelemetry/api';
import type { StreamLike } from './types.ts';

/** Receives the stream's lifecycle; implemented by the per-call span owner. */
export interface StreamSink {
  /** One yielded item (first call also marks time to first chunk). */
  onChunk(item: unknown): void;
  /** The iterator finished normally. */
  onDone(): void;
  /** The iterator threw `err` (mid-stream `APIError`, network error, malformed SSE). */
  onError(err: unknown): void;
  /** The consumer stopped early (`break`, `return()`, readable cancel). */
  onCancel(): void;
  /** The stream's `AbortController` fired. */
  onAbort(): void;
}

type Result = IteratorResult<unknown>;

/** Observing async iterator: one extra `.then` per item, no other allocation on the hot path. */
class ObservedIterator implements AsyncIterator<unknown> {
  private readonly inner: AsyncIterator<unknown>;
  private readonly sink: StreamSink;
  private readonly onResult: (r: Result) => Result;
  private readonly onFailure: (e: unknown) => never;

  constructor(inner: AsyncIterator<unknown>, sink: StreamSink) {
    this.inner = inner;
    this.sink = sink;
    this.onResult = (r) => {
      try {
        if (r.done) sink.onDone();
        else sink.onChunk(r.value);
      } catch (err) {
        diag.error('convtrace: openai stream observer failed', err);
      }
      return r;
    };
    this.onFailure = (e) => {
      try {
        sink.onError(e);
      } catch (err) {
        diag.error('convtrace: openai stream observer failed', err);
      }
      throw e;
    };
  }

  next(value?: unknown): Promise<Result> {
    // No rest parameter: it allocated an array per item. A generator cannot tell next() from
    // next(undefined), and the SDK's iterators are generators.
    return this.inner.next(value).then(this.onResult, this.onFailure);
  }

  return(value?: unknown): Promise<Result> {
    try {
      this.sink.onCancel();
    } catch (err) {
      diag.error('convtrace: openai stream observer failed', err);
    }
    const ret = this.inner.return;
    return ret ? ret.call(this.inner, value) : Promise.resolve({ done: true, value });
  }

  throw(err?: unknown): Promise<Result> {
    const thr = this.inner.throw;
    if (!thr) return Promise.reject(err);
    return thr.call(this.inner, err).then(this.onResult, this.onFailure);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Whether `value` looks like an openai-node `Stream` (v5–v7). */
export function isStreamLike(value: unknown): value is StreamLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { iterator?: unknown }).iterator === 'function'
  );
}

/**
 * Instruments `stream` in place and returns it. The abort listener is attached to the stream's own
 * controller (shared with `tee()` branches), so an abort ends the span even if nobody iterates.
 */
export function observeStream<S extends StreamLike>(stream: S, sink: StreamSink): S {
  const original = stream.iterator;
  stream.iterator = function observedIterator(this: unknown) {
    return new ObservedIterator(original.call(this), sink);
  };
  const signal = stream.controller?.signal;
  if (signal) {
    if (signal.aborted) sink.onAbort();
    else signal.addEventListener('abort', () => sink.onAbort(), { once: true });
  }
  return stream;
}
