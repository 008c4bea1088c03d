/**
 * `instrumentOpenAI(client, options)`: traces one `OpenAI` client instance (also `AzureOpenAI`, and
 * clients derived from it with `withOptions`) without touching the `openai` module.
 *
 * Covered: `responses.create` (incl. `stream: true`, and through it `responses.stream()` /
 * `responses.parse()`), `chat.completions.create` (incl. streaming, and through it
 * `chat.completions.stream()` / `.parse()` / `runTools()`).
 *
 * Not covered, on purpose:
 * - `responses.retrieve` / `cancel` / `delete` / `inputItems` and `conversations.*`: no inference
 *   happens there (semconv has no operation for conversation CRUD; `fetch_response` must not report
 *   tokens), a GenAI span would add noise and cost to every history read, and the HTTP/undici
 *   instrumentation already records them as plain CLIENT spans. The `conv_…` id that links a chat to
 *   an OpenAI conversation is recorded on the `chat` spans as `openai.conversation.id`.
 * - Consequently a background response resumed with `responses.retrieve(id, { stream: true })` (or
 *   `responses.stream({ response_id })`) gets no `chat` span of its own: the span of the `create` that
 *   started it is the inference span.
 *
 * Span lifetime: see `call-span.ts`. A non-streamed call ends at its parsed result (or error); a stream
 * ends on exhaustion, a mid-stream error, `break` / `return()` / readable cancel (status unset, no finish
 * reason), or an abort of the caller's `AbortSignal` (`error.type = APIUserAbortError`). A stream that
 * is never iterated nor aborted keeps its span open, like the HTTP request it holds.
 */
import { diag, type MeterProvider, metrics, trace } from '@opentelemetry/api';
import { MAX_CONTENT_ATTRIBUTE_LENGTH, shouldCaptureContent } from '../../semconv/content.ts';
import { isConvtraceWrapped, ORIGINAL, originalOf, wrapCreate } from './create-wrapper.ts';
import { type GenAIClientMetrics, metricsFor } from './metrics.ts';
import type { InstrumentationRuntime } from './runtime.ts';
import { OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION } from './scope.ts';
import type { ClientLike, OpenAIApiType, OpenAIInstrumentationOptions, ResourceLike } from './types.ts';
import { checkOpenAIVersion } from './version.ts';

/** Resolves options into a runtime; the global providers are looked up lazily (they may be set later). */
export function runtimeFromOptions(options: OpenAIInstrumentationOptions): InstrumentationRuntime {
  const tracer = (options.tracerProvider ?? trace).getTracer(
    OPENAI_INSTRUMENTATION_NAME,
    OPENAI_INSTRUMENTATION_VERSION,
  );
  let lastProvider: MeterProvider | undefined;
  let lastMetrics: GenAIClientMetrics | undefined;
  return {
    tracer: () => tracer,
    metrics: () => {
      const provider = options.meterProvider ?? metrics.getMeterProvider();
      if (provider !== lastProvider) {
        lastProvider = provider;
        lastMetrics = metricsFor(provider);
      }
      return lastMetrics;
    },
    captureContent: shouldCaptureContent(options.captureMessageContent),
    maxContentLength: options.maxContentLength ?? MAX_CONTENT_ATTRIBUTE_LENGTH,
  };
}

function patchResource(
  resource: ResourceLike | undefined,
  api: OpenAIApiType,
  runtime: InstrumentationRuntime,
): boolean {
  if (!resource || typeof resource.create !== 'function') return false;
  resource.create = wrapCreate(api, runtime, originalOf(resource.create));
  return true;
}

/**
 * Instruments `client` in place and returns it. Each `responses.create` / `chat.completions.create`
 * call becomes one CLIENT span `chat {model}` (see the module comment for what is covered).
 *
 * Idempotent: without `options`, a client that is already traced — by an earlier `instrumentOpenAI`
 * or by `OpenAIInstrumentation` on the module — is left as it is (its settings win); with `options`,
 * the client is (re)instrumented with them, still one span per call. A client whose `openai` version
 * is outside `>=5 <8` is left untouched with one `diag.warn`. Never throws.
 */
export function instrumentOpenAI<C extends object>(client: C, options?: OpenAIInstrumentationOptions): C {
  try {
    const c = client as ClientLike;
    if (
      options === undefined &&
      (isConvtraceWrapped(c.responses?.create) || isConvtraceWrapped(c.chat?.completions?.create))
    ) {
      return client;
    }
    let version: string | undefined;
    try {
      version = typeof c.getUserAgent === 'function' ? c.getUserAgent() : undefined;
    } catch {
      version = undefined;
    }
    if (!checkOpenAIVersion(version, 'instrumentOpenAI')) return client;
    const runtime = runtimeFromOptions(options ?? {});
    const responses = patchResource(c.responses, 'responses', runtime);
    const chat = patchResource(c.chat?.completions, 'chat_completions', runtime);
    if (!responses && !chat) {
      diag.warn(
        'convtrace: instrumentOpenAI() got an object without responses.create / chat.completions.create; nothing traced',
      );
      return client;
    }
    if (typeof c.withOptions === 'function') {
      // Clients derived with withOptions() get fresh resource instances: instrument them too.
      const withOptions = originalOf(c.withOptions as never) as unknown as (opts: unknown) => ClientLike;
      const traced = function withOptionsTraced(this: ClientLike, opts: unknown) {
        return instrumentOpenAI(withOptions.call(this, opts), options);
      };
      Object.defineProperty(traced, ORIGINAL, { value: withOptions });
      c.withOptions = traced;
    }
  } catch (err) {
    diag.error('convtrace: instrumentOpenAI failed; the client is left as it was', err);
  }
  return client;
}
