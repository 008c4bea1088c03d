/**
 * The resolved settings one set of wrappers runs with (tracer, metrics, content capture). Shared by
 * {@link instrumentOpenAI} and `OpenAIInstrumentation`; read on every call, so changes (e.g.
 * `setTracerProvider`, `setConfig`) apply to clients already patched.
 */
import type { Tracer } from '@opentelemetry/api';
import type { GenAIClientMetrics } from './metrics.ts';

/** What a wrapper needs at call time. */
export interface InstrumentationRuntime {
  /** The tracer spans are started on. */
  tracer(): Tracer;
  /** Metric instruments, or `undefined` to skip metrics. */
  metrics(): GenAIClientMetrics | undefined;
  /** Record message content (opt-in). */
  captureContent: boolean;
  /** Cap for each content attribute, in characters. */
  maxContentLength: number;
}
