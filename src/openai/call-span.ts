/**
 * One instrumented `create` call: starts the CLIENT `chat {model}` span, hooks the SDK's own
 * `APIPromise` (without replacing it) and, for `stream: true`, the SDK's `Stream`; ends the span
 * exactly once — on the parsed result, an HTTP/transport error, a mid-stream error, stream
 * exhaustion, an early `break`, an abort, or a raw `asResponse()` read.
 *
 * Hooks, all on the returned instance: `responsePromise` is replaced by a `.then` that records
 * transport/HTTP errors and rethrows (same settlement, so unhandled-rejection behaviour is unchanged);
 * `parseResponse` is wrapped to see the parsed value (lazy, so nothing is parsed that the caller did
 * not ask for — `asResponse()` keeps an unread body); `asResponse` ends the span when the caller takes
 * the raw `Response` without parsing. `_thenUnwrap` (used by `.parse()` and the stream helpers) reads
 * `this.parseResponse`, so derived promises are observed too.
 */
import { type Attributes, type Context, diag, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../otel/attributes.ts';
import {
  cappedJson,
  chatInputMessages,
  chatOutputMessages,
  responsesInputMessages,
  responsesOutputMessages,
  responsesSystemInstructions,
} from './content-capture.ts';
import { errorDescriptionOf, errorTypeOf } from './error-type.ts';
import { recordCallMetrics } from './metrics.ts';
import { chatResultSummary, type ResultSummary, responsesResultSummary } from './response-attributes.ts';
import type { InstrumentationRuntime } from './runtime.ts';
import { ChatStreamState, ResponsesStreamState, type StreamState } from './stream-state.ts';
import { isStreamLike, observeStream, type StreamSink } from './stream-wrapper.ts';
import type { ApiPromiseLike, OpenAIApiType } from './types.ts';

/** `error.type` for a stream aborted through the caller's `AbortSignal` (matches the SDK's error class). */
export const ABORT_ERROR_TYPE = 'APIUserAbortError';

/** Whether `value` has the `APIPromise` members the hooks need. */
export function isApiPromiseLike(value: unknown): value is ApiPromiseLike {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Partial<ApiPromiseLike>;
  return (
    typeof p.parseResponse === 'function' &&
    typeof p.asResponse === 'function' &&
    typeof p.responsePromise?.then === 'function'
  );
}

/** The span owner of one call. Implements {@link StreamSink} for `stream: true`. */
export class OpenAICall implements StreamSink {
  readonly span: Span;
  private readonly api: OpenAIApiType;
  private readonly runtime: InstrumentationRuntime;
  private readonly startAttrs: Attributes;
  private readonly startTime: number;
  private readonly streaming: boolean;
  private readonly userSignal: AbortSignal | undefined;
  private firstChunkAt = 0;
  private streamState: StreamState | undefined;
  private ended = false;

  /**
   * Starts the span as a child of `parent`. `startAttrs` already holds operation, provider, model,
   * server, request params and the run baggage; `body` is only read here when content capture is on.
   */
  constructor(
    api: OpenAIApiType,
    runtime: InstrumentationRuntime,
    name: string,
    startAttrs: Attributes,
    body: unknown,
    options: unknown,
    parent: Context,
  ) {
    this.api = api;
    this.runtime = runtime;
    this.startAttrs = startAttrs;
    this.streaming = (body as { stream?: unknown } | null)?.stream === true;
    const signal = (options as { signal?: unknown } | null | undefined)?.signal;
    this.userSignal = signal instanceof AbortSignal ? signal : undefined;
    this.startTime = performance.now();
    this.span = runtime.tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes: startAttrs }, parent);
    if (runtime.captureContent) this.captureInput(body);
  }

  private captureInput(body: unknown): void {
    try {
      const max = this.runtime.maxContentLength;
      const responses = this.api === 'responses';
      const input = responses ? responsesInputMessages(body) : chatInputMessages(body);
      this.span.setAttribute(ATTR_GEN_AI_INPUT_MESSAGES, cappedJson(input, max));
      const system = responses ? responsesSystemInstructions(body) : undefined;
      if (system) this.span.setAttribute(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, cappedJson(system, max));
    } catch (err) {
      diag.error('convtrace: could not capture openai input messages', err);
    }
  }

  /**
   * Hooks the SDK's `APIPromise` in place (see the file comment) and returns it. `derived` is set for
   * promises made by `_thenUnwrap`, which share the original request (its errors are already observed).
   */
  hook<P extends ApiPromiseLike>(p: P, derived = false): P {
    if (!derived) {
      // A side branch (not a replacement): the caller's own promise chain is left exactly as it was.
      p.responsePromise.then(undefined, (err: unknown) => this.fail(err));
    }
    const originalParse = p.parseResponse;
    p.parseResponse = (client, props) => this.parsed(originalParse(client, props));
    const originalAsResponse = p.asResponse;
    const call = this;
    p.asResponse = function asResponse(this: ApiPromiseLike) {
      const raw = originalAsResponse.call(this);
      // withResponse() parses first; only a raw-only read ends the span here.
      if (this.parsedPromise === undefined) raw.then(() => call.endWithoutResult(), noop);
      return raw;
    };
    // openai v7 gives each promise its own `_thenUnwrap` closure over the *original* parser, used by
    // `.parse()` and the stream helpers: hook the promises it derives as well.
    if (Object.hasOwn(p, '_thenUnwrap') && typeof p._thenUnwrap === 'function') {
      const originalThenUnwrap = p._thenUnwrap;
      p._thenUnwrap = function thenUnwrap(this: unknown, ...args: unknown[]) {
        const next = originalThenUnwrap.apply(this, args);
        return isApiPromiseLike(next) ? call.hook(next, true) : next;
      };
    }
    return p;
  }

  private parsed(value: unknown): Promise<unknown> {
    return Promise.resolve(value).then(
      (v) => {
        try {
          if (this.streaming && isStreamLike(v)) {
            this.streamState =
              this.api === 'responses'
                ? new ResponsesStreamState()
                : new ChatStreamState(this.runtime.captureContent);
            return observeStream(v, this);
          }
          this.finish(v, 'complete');
        } catch (err) {
          diag.error('convtrace: openai result observer failed', err);
          this.end(undefined);
        }
        return v;
      },
      (err: unknown) => {
        this.fail(err);
        throw err;
      },
    );
  }

  /** @inheritdoc */
  onChunk(item: unknown): void {
    if (this.firstChunkAt === 0) this.firstChunkAt = performance.now();
    this.streamState?.observe(item);
  }

  /** @inheritdoc */
  onDone(): void {
    if (this.ended) return;
    this.finish(this.streamState?.result(), this.streamState?.complete() ? 'complete' : 'truncated');
  }

  /** @inheritdoc */
  onError(err: unknown): void {
    this.fail(err);
  }

  /** @inheritdoc */
  onCancel(): void {
    if (this.ended) return;
    this.finish(this.streamState?.result(), 'cancelled');
  }

  /** @inheritdoc */
  onAbort(): void {
    if (this.ended) return;
    if (this.userSignal?.aborted) {
      const partial = this.summarize(this.streamState?.result()).attributes;
      delete partial[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
      this.span.setAttributes(partial);
      this.fail(
        Object.assign(new Error('Request was aborted.'), { name: ABORT_ERROR_TYPE }),
        ABORT_ERROR_TYPE,
      );
      return;
    }
    // The SDK aborts its own controller on break, cancel and mid-stream errors too; those reach the
    // iterator hooks within this turn. What is left after it is the consumer calling
    // `stream.controller.abort()` without iterating on: end the span then, as a cancel.
    setImmediate(() => this.onCancel());
  }

  private summarize(result: unknown): ResultSummary {
    return this.api === 'responses' ? responsesResultSummary(result) : chatResultSummary(result);
  }

  /**
   * Sets the result attributes (and output content) and ends the span. `truncated`: the stream ended
   * without its terminal event (finish reason `error`); `cancelled`: the consumer stopped reading (no
   * finish reason, no output content — the answer was never complete).
   */
  private finish(result: unknown, outcome: 'complete' | 'truncated' | 'cancelled'): void {
    if (this.ended) return;
    const summary = this.summarize(result);
    const attrs = summary.attributes;
    if (outcome === 'truncated') attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = ['error'];
    else if (outcome === 'cancelled') delete attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
    if (this.firstChunkAt !== 0) {
      attrs[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = (this.firstChunkAt - this.startTime) / 1000;
    }
    this.span.setAttributes(attrs);
    if (this.runtime.captureContent && result !== undefined && outcome !== 'cancelled') {
      this.captureOutput(result, attrs);
    }
    if (summary.failure) {
      this.span.setAttribute(ATTR_ERROR_TYPE, summary.failure);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: summary.failure });
    }
    this.end(summary.failure, summary);
  }

  private captureOutput(result: unknown, attrs: Attributes): void {
    try {
      const finish = attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
      const first = Array.isArray(finish) && typeof finish[0] === 'string' ? finish[0] : undefined;
      const output =
        this.api === 'responses' ? responsesOutputMessages(result, first) : chatOutputMessages(result);
      this.span.setAttribute(
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        cappedJson(output, this.runtime.maxContentLength, true),
      );
    } catch (err) {
      diag.error('convtrace: could not capture openai output messages', err);
    }
  }

  /** Records `err` as `error.type` + ERROR status and ends the span (no-op once ended). */
  fail(err: unknown, type = errorTypeOf(err)): void {
    if (this.ended) return;
    try {
      this.span.setAttribute(ATTR_ERROR_TYPE, type);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorDescriptionOf(err, type) });
    } catch (e) {
      diag.error('convtrace: could not record openai error', e);
    }
    this.end(type);
  }

  /** Ends the span without result attributes (raw `asResponse()` read, unrecognised return value). */
  endWithoutResult(): void {
    this.end(undefined);
  }

  private end(errorType: string | undefined, summary?: ResultSummary): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const metrics = this.runtime.metrics();
      if (metrics) {
        const endTime = performance.now();
        const a = this.startAttrs;
        const base: Attributes = {
          [ATTR_GEN_AI_OPERATION_NAME]: a[ATTR_GEN_AI_OPERATION_NAME],
          [ATTR_GEN_AI_PROVIDER_NAME]: a[ATTR_GEN_AI_PROVIDER_NAME],
        };
        if (a[ATTR_GEN_AI_REQUEST_MODEL] !== undefined)
          base[ATTR_GEN_AI_REQUEST_MODEL] = a[ATTR_GEN_AI_REQUEST_MODEL];
        if (a[ATTR_SERVER_ADDRESS] !== undefined) {
          base[ATTR_SERVER_ADDRESS] = a[ATTR_SERVER_ADDRESS];
          base[ATTR_SERVER_PORT] = a[ATTR_SERVER_PORT];
        }
        recordCallMetrics(metrics, {
          base,
          durationSeconds: (endTime - this.startTime) / 1000,
          responseModel: summary?.responseModel,
          inputTokens: summary?.inputTokens,
          outputTokens: summary?.outputTokens,
          errorType,
        });
      }
    } catch (err) {
      diag.error('convtrace: could not record openai metrics', err);
    }
    this.span.end();
  }
}

function noop(): void {}
