import { context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  type DetectedResourceAttributes,
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type BatchSpanProcessorOptions,
  type Sampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  type BaggagePolicy,
  BaggagePolicyPropagator,
  baggagePolicyFromEnv,
} from '../conversation/baggage-policy.ts';
import { DeferredSamplingSpanProcessor } from '../conversation/deferred-sampling.ts';
import { ATTR_GEN_AI_AGENT_CALL_ID } from '../conversation/keys.ts';
import {
  type BackendProfile,
  ConversationProfileSpanProcessor,
  profilesFromEnv,
} from '../conversation/profiles.ts';
import { ConversationSampler, conversationSamplerFromEnv } from '../conversation/sampling.ts';
import { RunBaggageSpanProcessor } from '../conversation/span-processor.ts';
import { genAISemconv } from '../semconv/stability.ts';

/** Options of {@link setupTracing}. Everything is optional; the standard OTEL_* env vars fill gaps. */
export interface SetupTracingOptions {
  /** `service.name`; default `OTEL_SERVICE_NAME`, then the SDK's `unknown_service:…`. */
  serviceName?: string;
  /** OTLP/HTTP traces URL (e.g. `http://127.0.0.1:4318/v1/traces`); default from `OTEL_EXPORTER_OTLP_*`. */
  endpoint?: string;
  /** Extra export headers; default from `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`. */
  headers?: Record<string, string>;
  /** Export to this exporter instead of OTLP/HTTP; `false` exports nothing (processors only). */
  exporter?: SpanExporter | false;
  /** Export each span as it ends instead of batching (tests, short scripts). Default false. */
  simpleExport?: boolean;
  /** Batch export tuning (queue size, delay); `exporter` is set for you. */
  batch?: Omit<BatchSpanProcessorOptions, 'exporter'>;
  /** More span processors, run after the run-baggage processor. */
  spanProcessors?: SpanProcessor[];
  /** More resource attributes. */
  resourceAttributes?: DetectedResourceAttributes;
  /** More baggage keys to copy onto spans, beyond the three run keys. */
  extraBaggageKeys?: string[];
  /**
   * Where baggage may be sent and whose inbound baggage reaches spans. Default: sent to internal
   * hosts only (loopback, private addresses, internal names), accepted from anyone; the
   * `CONVTRACE_BAGGAGE_*` env vars (see `baggagePolicyFromEnv`) fill what is not set here.
   */
  baggagePolicy?: BaggagePolicy;
  /**
   * Backend profiles: also write the conversation id as `session.id` (`openinference`: Phoenix) and
   * `langfuse.session.id` (`langfuse`), and on each trace's root span. Default `CONVTRACE_PROFILES`.
   */
  profiles?: BackendProfile[];
  /**
   * The head sampler. A {@link ConversationSampler} keeps whole conversations (and defers roots that
   * start before their conversation id is known). Default: a ConversationSampler when
   * `OTEL_TRACES_SAMPLER=convtrace_conversation_ratio` (ratio in `OTEL_TRACES_SAMPLER_ARG`), else
   * parent-based always-on.
   */
  sampler?: Sampler;
}

/** What {@link setupTracing} returns. */
export interface TracingHandle {
  /** The registered SDK tracer provider. */
  readonly provider: TracerProvider;
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts the provider down and unregisters the globals this call set. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider for convtrace: AsyncLocalStorage context (so ids follow
 * `await`), W3C tracecontext + baggage propagators (so ids reach downstream services), OTLP/HTTP
 * export, and the {@link RunBaggageSpanProcessor} that puts the run's ids on every span. Replaces any
 * globals registered before (call it once, at startup).
 */
export function setupTracing(options: SetupTracingOptions = {}): TracingHandle {
  const baggagePolicy = { ...baggagePolicyFromEnv(), ...options.baggagePolicy };
  const processors: SpanProcessor[] = [
    new RunBaggageSpanProcessor({
      extraKeys: options.extraBaggageKeys ?? [],
      baggagePolicy,
      // Under the semconv opt-in the run id is also written as `gen_ai.agent.invocation.id`.
      aliases: { [ATTR_GEN_AI_AGENT_CALL_ID]: genAISemconv().runIdAliases },
    }),
  ];
  const profiles = options.profiles ?? profilesFromEnv();
  if (profiles.length > 0) processors.push(new ConversationProfileSpanProcessor(profiles));
  // The standard switches: no export when the SDK is disabled or the traces exporter is `none`.
  const envOff =
    process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' ||
    process.env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none';
  const sampler = options.sampler ?? conversationSamplerFromEnv();
  if (options.exporter !== false && !(envOff && options.exporter === undefined)) {
    const exporter =
      options.exporter ??
      new OTLPTraceExporter({
        // Retries of one batch can outlast a collector restart (~15 s); the SDK default (10 s) cannot.
        ...(process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || process.env.OTEL_EXPORTER_OTLP_TIMEOUT
          ? {}
          : { timeoutMillis: 30_000 }),
        ...(options.endpoint ? { url: options.endpoint } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
      });
    const exporting = options.simpleExport
      ? new SimpleSpanProcessor({ exporter })
      : new BatchSpanProcessor({ exporter, ...options.batch });
    processors.push(
      sampler instanceof ConversationSampler
        ? new DeferredSamplingSpanProcessor(exporting, sampler)
        : exporting,
    );
  }
  processors.push(...(options.spanProcessors ?? []));

  let resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  if (options.serviceName)
    resource = resource.merge(resourceFromAttributes({ 'service.name': options.serviceName }));
  if (options.resourceAttributes)
    resource = resource.merge(resourceFromAttributes(options.resourceAttributes));

  const provider = new TracerProvider({
    resource,
    spanProcessors: processors,
    ...(sampler ? { sampler } : {}),
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  // Replace, not add: a second setup (tests, hot reload) must not leave the first one's globals.
  trace.disable();
  context.disable();
  propagation.disable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new BaggagePolicyPropagator(baggagePolicy)],
    }),
  );
  trace.setGlobalTracerProvider(provider);

  let down = false;
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (down) return;
      down = true;
      try {
        await provider.shutdown();
      } catch (err) {
        diag.error('convtrace: tracer provider shutdown failed', err);
      }
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
