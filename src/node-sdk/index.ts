/**
 * `convtrace/node-sdk`: convtrace inside an app that owns its OpenTelemetry SDK (`NodeSDK` or its own
 * `TracerProvider`), on OTel JS 2.x or 3.x. Nothing here registers globals; the app's SDK does.
 *
 * ```ts
 * const sdk = new NodeSDK({
 *   spanProcessors: [...convtraceSpanProcessors(), new BatchSpanProcessor({ exporter })],
 *   instrumentations: [...convtraceInstrumentations()],
 * });
 * sdk.start();
 * ```
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { RunBaggageSpanProcessor } from '../conversation/span-processor.ts';

export {
  type ConvtraceInstrumentationsOptions,
  convtraceInstrumentations,
} from '../tracing/instrumentations.ts';

/** Options of {@link convtraceSpanProcessors}. */
export interface ConvtraceSpanProcessorsOptions {
  /** More baggage keys to copy onto spans, beyond the three run keys. */
  extraBaggageKeys?: string[];
}

/**
 * The span processors convtrace needs, to put FIRST in the SDK's `spanProcessors` (before the
 * export processor, so the ids are on each span when it is exported): the run-baggage processor that
 * copies `gen_ai.agent.name`, `gen_ai.agent.call.id` and `gen_ai.conversation.id` from the context's
 * baggage onto every span — the app's own, HTTP, DB and convtrace's.
 */
export function convtraceSpanProcessors(options: ConvtraceSpanProcessorsOptions = {}): SpanProcessor[] {
  return [new RunBaggageSpanProcessor(options.extraBaggageKeys)];
}
