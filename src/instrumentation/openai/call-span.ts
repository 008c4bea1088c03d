/**
 * One instrumented `create` call: starts the CLIENT `chat {model}` span, observes the SDK's own
 * `APIPromise` (neither replaced nor written to — see `api-promise-hooks.ts`) and, for `stream: true`,
 * the SDK's `Stream`; ends the span exactly once — on the parsed result, an HTTP/transport error, a
 * mid-stream error, stream exhaustion, an early `break`, an abort, or a raw `asResponse()` read.
 * Observation is lazy: nothing is parsed that the caller did not ask for (`asResponse()` keeps an
 * unread body).
 */
import { type Attributes, type Context, diag, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
} from '../../semconv/attributes.ts';
import { messagesAttribute, partsAttribute } from '../../semconv/content.ts';
import { type ApiPromiseObserver, observeApiPromise } from './api-promise-hooks.ts';
import {
  chatInputMessages,
  chatOutputMessages,
  responsesInputMessages,
  responsesOutputMessages,
  responsesSystemInstructions,
} from './content-capture.ts';
import { errorDescriptionOf, errorTypeOf } from './error-type.ts';
import type { GenAIClientMetrics } from './metrics.ts';
import { chatResultAttributes, responsesFailure, responsesResultAttributes } from './response-attributes.ts';
import type { InstrumentationRuntime } from './runtime.ts';
import { ChatStreamState, ResponsesStreamState, type StreamState } from './stream-state.ts';
import { isStreamLike, observeStream, type StreamSink } from './stream-wrapper.ts';
import type { ApiPromiseLike, OpenAIApiType } from './types.ts';

/** `error.type` for a stream aborted through the caller's `AbortSignal` (matches the SDK's error class). */
export const ABORT_ERROR_TYPE = 'APIUserAbortError';

/** The span owner of one call: observes its `APIPromise` and, for `stream: true`, its `Stream`. */
export class OpenAICall implements StreamSink, ApiPromiseObserver {
  readonly span: Span;
  private readonly api: OpenAIApiType;
  private readonly runtime: InstrumentationRuntime;
  /**
   * The metric instruments and the call's base attributes for them, when metrics are on. The base is
   * built at the start; the call keeps no reference to the span's start attributes: openai v7 keeps
   * each request's objects (and so this call, through its promise) alive across young-generation
   * GCs, and a kept attribute object was measured +0.4 KiB a call in promoted bytes.
   */
  private readonly metrics: { instruments: GenAIClientMetrics; base: Attributes } | undefined;
  /** `performance.now()` at the start, taken only when a duration will be reported (metrics, time to first chunk). */
  private readonly startTime: number;
  private readonly streaming: boolean;
  private readonly userSignal: AbortSignal | undefined;
  private firstChunkAt = 0;
  private streamState: StreamState | undefined;
  private ended = false;
  /** The caller parsed the result or read the raw response (so a transport error reaches it). */
  private consumed = false;

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
    this.streaming = (body as { stream?: unknown } | null)?.stream === true;
    const signal = (options as { signal?: unknown } | null | undefined)?.signal;
    this.userSignal = signal instanceof AbortSignal ? signal : undefined;
    const instruments = runtime.metrics();
    this.metrics = instruments && { instruments, base: metricBaseOf(startAttrs) };
    this.startTime = this.metrics !== undefined || this.streaming ? performance.now() : 0;
    this.span = runtime.tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes: startAttrs }, parent);
    if (runtime.captureContent) this.captureInput(body);
  }

  private captureInput(body: unknown): void {
    try {
      const max = this.runtime.maxContentLength;
      const responses = this.api === 'responses';
      const input = responses ? responsesInputMessages(body) : chatInputMessages(body);
      this.span.setAttribute(ATTR_GEN_AI_INPUT_MESSAGES, messagesAttribute(input, max));
      const system = responses ? responsesSystemInstructions(body) : undefined;
      if (system) this.span.setAttribute(ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, partsAttribute(system, max));
    } catch (err) {
      diag.error('convtrace: could not capture openai input messages', err);
    }
  }

  /**
   * Observes `p` (see `api-promise-hooks.ts`) and returns it unchanged. A transport or HTTP error is
   * recorded even when the caller never parses: a side branch on `responsePromise`. That branch marks
   * the SDK's promise handled, so for a call nobody consumed it raises the same reason as a new
   * unhandled rejection: what the app sees (its `unhandledRejection`, or the crash) stays as it was.
   */
  observe<P extends ApiPromiseLike>(p: P): P {
    if (!observeApiPromise(p, this)) {
      diag.debug('convtrace: openai create() returned an unexpected promise; span ends now');
      this.endWithoutResult();
      return p;
    }
    p.responsePromise.then(undefined, (err: unknown) => {
      this.fail(err);
      if (!this.consumed) void Promise.reject(err);
    });
    return p;
  }

  /** @inheritdoc */
  onParse(parsed: Promise<unknown>): void {
    this.consumed = true;
    parsed.then(
      (v) => this.onResult(v),
      (err: unknown) => this.fail(err),
    );
  }

  /** @inheritdoc */
  onRawResponse(raw: Promise<unknown>): void {
    this.consumed = true;
    raw.then(() => this.endWithoutResult(), noop);
  }

  /** The parsed value: a `Stream` for `stream: true` (hooked in place), else the result object. */
  private onResult(v: unknown): void {
    try {
      if (this.streaming && isStreamLike(v)) {
        // A stream reached through a derived promise too is observed once.
        if (this.streamState !== undefined || this.ended) return;
        this.streamState =
          this.api === 'responses'
            ? new ResponsesStreamState()
            : new ChatStreamState(this.runtime.captureContent);
        observeStream(v, this);
        return;
      }
      this.finish(v, 'complete');
    } catch (err) {
      diag.error('convtrace: openai result observer failed', err);
      this.end(undefined);
    }
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
    // A consumer that stops once the terminal event arrived (the Responses model returns on
    // `response.completed`) has the whole answer: record it as complete, not as cancelled.
    const state = this.streamState;
    this.finish(state?.result(), state?.complete() ? 'complete' : 'cancelled');
  }

  /** @inheritdoc */
  onAbort(): void {
    if (this.ended) return;
    if (this.userSignal?.aborted) {
      const partial = this.resultAttributes(this.streamState?.result());
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

  private resultAttributes(result: unknown): Attributes {
    return this.api === 'responses' ? responsesResultAttributes(result) : chatResultAttributes(result);
  }

  /**
   * Sets the result attributes (and output content) and ends the span. `truncated`: the stream ended
   * without its terminal event (finish reason `error`); `cancelled`: the consumer stopped reading (no
   * finish reason, no output content — the answer was never complete).
   */
  private finish(result: unknown, outcome: 'complete' | 'truncated' | 'cancelled'): void {
    if (this.ended) return;
    const attrs = this.resultAttributes(result);
    if (outcome === 'truncated') attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = ['error'];
    else if (outcome === 'cancelled') delete attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
    if (this.firstChunkAt !== 0) {
      attrs[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = (this.firstChunkAt - this.startTime) / 1000;
    }
    this.span.setAttributes(attrs);
    if (this.runtime.captureContent && result !== undefined && outcome !== 'cancelled') {
      this.captureOutput(result, attrs);
    }
    const failure = this.api === 'responses' ? responsesFailure(result) : undefined;
    if (failure) {
      this.span.setAttribute(ATTR_ERROR_TYPE, failure);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    }
    this.end(failure, attrs);
  }

  private captureOutput(result: unknown, attrs: Attributes): void {
    try {
      const finish = attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
      const first = Array.isArray(finish) && typeof finish[0] === 'string' ? finish[0] : undefined;
      const output =
        this.api === 'responses' ? responsesOutputMessages(result, first) : chatOutputMessages(result);
      this.span.setAttribute(
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        messagesAttribute(output, this.runtime.maxContentLength, true),
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

  private end(errorType: string | undefined, result?: Attributes): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const metrics = this.metrics;
      if (metrics) {
        const endTime = performance.now();
        metrics.instruments.record({
          base: metrics.base,
          durationSeconds: (endTime - this.startTime) / 1000,
          result,
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

/** The span's start attributes the client metrics are keyed by. */
function metricBaseOf(a: Attributes): Attributes {
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
  return base;
}
