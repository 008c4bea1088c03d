/**
 * `convtrace/node-sdk`: convtrace inside an app that owns its OpenTelemetry SDK (`NodeSDK` or its own
 * `TracerProvider`), on OTel JS 2.x or 3.x. Nothing here registers globals; the app's SDK does.
 *
 * ```ts
 * const sdk = new NodeSDK({
 *   serviceName: 'app',
 *   ...convtraceSdkConfig({ export: new BatchSpanProcessor({ exporter }) }),
 * });
 * sdk.start();
 * ```
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import { type BaggagePolicy, resolveBaggagePolicy } from '../conversation/baggage-policy.ts';
import type { BackendProfile } from '../conversation/profiles.ts';
import { conversationSamplerFromEnv } from '../conversation/sampling.ts';
import { convtraceProcessors } from '../otel/processors.ts';
import { createPropagator } from '../otel/propagator.ts';
import {
  type ConvtraceInstrumentationsOptions,
  convtraceInstrumentations,
} from '../tracing/instrumentations.ts';

export { type ConvtraceInstrumentationsOptions, convtraceInstrumentations };

/** Options of {@link convtraceSpanProcessors}. */
export interface ConvtraceSpanProcessorsOptions {
  /** More baggage keys to copy onto spans, beyond the three run keys. */
  extraBaggageKeys?: string[];
  /** Whose inbound baggage reaches spans (`incoming`); default from `CONVTRACE_BAGGAGE_*`. */
  baggagePolicy?: BaggagePolicy;
  /** Backend profiles (`session.id` for Phoenix, `langfuse.session.id`); default `CONVTRACE_PROFILES`. */
  profiles?: BackendProfile[];
}

/**
 * The span processors convtrace needs, to put FIRST in the SDK's `spanProcessors` (before the
 * export processor, so the ids are on each span when it is exported): the run-baggage processor that
 * copies `gen_ai.agent.name`, `gen_ai.agent.call.id` and `gen_ai.conversation.id` from the context's
 * baggage onto every span — the app's own, HTTP, DB and convtrace's — and the backend profiles.
 * {@link convtraceSdkConfig} also places the export processor, which a conversation sampler needs.
 */
export function convtraceSpanProcessors(options: ConvtraceSpanProcessorsOptions = {}): SpanProcessor[] {
  return convtraceProcessors({ ...options, baggagePolicy: resolveBaggagePolicy(options.baggagePolicy) });
}

/** Options of {@link convtraceSdkConfig}. */
export interface ConvtraceSdkConfigOptions extends ConvtraceSpanProcessorsOptions {
  /** The app's export processor (e.g. a `BatchSpanProcessor`); placed after convtrace's processors. */
  export?: SpanProcessor;
  /**
   * The head sampler. Default: a `ConversationSampler` when `OTEL_TRACES_SAMPLER` is
   * `convtrace_conversation_ratio` (ratio in `OTEL_TRACES_SAMPLER_ARG`), else none (the SDK's own).
   */
  sampler?: Sampler;
  /** Which default instrumentations to leave out. */
  instrumentations?: ConvtraceInstrumentationsOptions;
}

/** The part of a `NodeSDK` configuration {@link convtraceSdkConfig} fills. */
export interface ConvtraceSdkConfig {
  /** convtrace's processors, then the export processor (wrapped for a conversation sampler). */
  spanProcessors: SpanProcessor[];
  /** W3C tracecontext + baggage, the baggage sent to internal hosts only unless the policy says more. */
  textMapPropagator: TextMapPropagator;
  /** `node:http`, `fetch` and the `openai` client. */
  instrumentations: Instrumentation[];
  /** Present when a sampler was given or configured for convtrace. */
  sampler?: Sampler;
}

/**
 * Everything `setupTracing()` gives, as `NodeSDK` options to spread into the app's own: the span
 * processors (ids on every span, profiles, inbound baggage policy), the export processor (completing
 * a conversation sampler's deferred decisions), the sampler, the baggage-policy propagator (NodeSDK's
 * default sends the run's baggage to every host) and the instrumentations. Every default reads the
 * same environment variables as `setupTracing()`.
 */
export function convtraceSdkConfig(options: ConvtraceSdkConfigOptions = {}): ConvtraceSdkConfig {
  const baggagePolicy = resolveBaggagePolicy(options.baggagePolicy);
  const sampler = options.sampler ?? conversationSamplerFromEnv();
  return {
    spanProcessors: convtraceProcessors({
      extraBaggageKeys: options.extraBaggageKeys,
      profiles: options.profiles,
      baggagePolicy,
      exporting: options.export,
      sampler,
    }),
    textMapPropagator: createPropagator(baggagePolicy),
    instrumentations: convtraceInstrumentations(options.instrumentations),
    ...(sampler ? { sampler } : {}),
  };
}
