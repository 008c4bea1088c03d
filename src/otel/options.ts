import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { DetectedResourceAttributes } from '@opentelemetry/resources';
import type {
  BatchSpanProcessorOptions,
  Sampler,
  SpanExporter,
  SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { BaggagePolicy } from '../conversation/baggage-policy.ts';
import type { BackendProfile } from '../conversation/profiles.ts';
import type { DeliveryOptions, DeliveryStats } from './delivery/durable-exporter.ts';

/** Options of `setupTracing`. Everything is optional; the standard OTEL_* env vars fill gaps. */
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
   * Instrumentations to enable. Default: the same as `convtrace/register` — `node:http`, `fetch`
   * (undici) and the `openai` client. `false` enables none; a list replaces the default.
   */
  instrumentations?: false | Instrumentation[];
  /**
   * Durable OTLP delivery (the default exporter only): byte bound of the retry queue, spool
   * directory that survives restarts, bounded wait at shutdown.
   */
  delivery?: DeliveryOptions;
  /**
   * The head sampler. A `ConversationSampler` (`convtrace/conversation`) keeps whole conversations
   * (and defers roots that start before their conversation id is known). Default: a
   * ConversationSampler when `OTEL_TRACES_SAMPLER=convtrace_conversation_ratio` (ratio in
   * `OTEL_TRACES_SAMPLER_ARG`), else parent-based always-on.
   */
  sampler?: Sampler;
  /**
   * Where baggage may be sent and whose inbound baggage reaches spans. Default: sent to internal
   * hosts only (loopback, private addresses, internal names), accepted from anyone; the
   * `CONVTRACE_BAGGAGE_*` env vars fill what is not set here.
   */
  baggagePolicy?: BaggagePolicy;
  /**
   * Backend profiles: also write the conversation id as `session.id` (`openinference`: Phoenix) and
   * `langfuse.session.id` (`langfuse`), and on each trace's root span. Default `CONVTRACE_PROFILES`.
   */
  profiles?: BackendProfile[];
}

/** What `setupTracing` returns. */
export interface TracingHandle {
  /** The registered SDK tracer provider. */
  readonly provider: TracerProvider;
  /**
   * Counters of the default OTLP exporter (delivered, queued, dropped spans); undefined when
   * `exporter` replaced it.
   */
  deliveryStats(): DeliveryStats | undefined;
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts the provider down, disables the instrumentations and unregisters the globals. */
  shutdown(): Promise<void>;
}
