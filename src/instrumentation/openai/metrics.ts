/**
 * GenAI client metrics: `gen_ai.client.token.usage` and `gen_ai.client.operation.duration`, with the
 * semconv bucket boundaries, recorded once per call when a meter provider is set (global or given).
 */
import type { Attributes, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { ATTR_GEN_AI_RESPONSE_MODEL, ATTR_GEN_AI_TOKEN_TYPE } from '../../semconv/attributes.ts';
import { OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION } from './scope.ts';

/** Token usage histogram name. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
/** Operation duration histogram name. */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';

/** Semconv buckets for token counts: 1, 4, 16, … 67108864 (powers of 4). */
export const TOKEN_USAGE_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, i) => 4 ** i);
/** Semconv buckets for durations in seconds: 0.01, 0.02, … 81.92 (doubling). */
export const OPERATION_DURATION_BUCKETS: readonly number[] = Array.from(
  { length: 14 },
  (_, i) => Math.round(0.01 * 2 ** i * 100) / 100,
);

/** The two histograms, created from one meter. */
export interface GenAIClientMetrics {
  tokenUsage: Histogram;
  duration: Histogram;
}

/** Creates the histograms on `meter` with the semconv units, descriptions and bucket advice. */
export function createGenAIClientMetrics(meter: Meter): GenAIClientMetrics {
  return {
    tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    }),
    duration: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
    }),
  };
}

/** What one finished call contributes to the metrics. */
export interface CallMeasurement {
  /** Operation, provider, request model and server attributes (shared by both histograms). */
  base: Attributes;
  durationSeconds: number;
  responseModel: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  errorType: string | undefined;
}

/** Records one call: its duration (with `error.type` on failure) and the token counts it reported. */
export function recordCallMetrics(m: GenAIClientMetrics, c: CallMeasurement): void {
  const attrs: Attributes = { ...c.base };
  if (c.responseModel) attrs[ATTR_GEN_AI_RESPONSE_MODEL] = c.responseModel;
  m.duration.record(c.durationSeconds, c.errorType ? { ...attrs, [ATTR_ERROR_TYPE]: c.errorType } : attrs);
  if (c.inputTokens !== undefined)
    m.tokenUsage.record(c.inputTokens, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
  if (c.outputTokens !== undefined) {
    m.tokenUsage.record(c.outputTokens, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
  }
}

/** Metric instruments for a meter provider, or `undefined` when it is the API's no-op provider. */
export function metricsFor(provider: MeterProvider): GenAIClientMetrics | undefined {
  if (provider.constructor?.name === 'NoopMeterProvider') return undefined;
  return createGenAIClientMetrics(
    provider.getMeter(OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION),
  );
}
