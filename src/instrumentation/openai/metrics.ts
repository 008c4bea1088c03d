/**
 * GenAI client metrics, recorded once per call when a meter provider is set (global or given), in
 * the layout `OTEL_SEMCONV_STABILITY_OPT_IN` selects (`semconv/stability.ts`): by default
 * `gen_ai.client.token.usage` and `gen_ai.client.operation.duration`; under
 * `gen_ai_latest_experimental` the `gen_ai.client.inference.*` duration, token counters and
 * per-operation token histograms. Semconv units, descriptions and bucket advice either way.
 */
import type { Attributes, Counter, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '../../semconv/attributes.ts';
import {
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  OPERATION_DURATION_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from '../../semconv/metric-names.ts';
import { type GenAISemconv, genAISemconv } from '../../semconv/stability.ts';
import { OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION } from './scope.ts';

export {
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  OPERATION_DURATION_BUCKETS,
  TOKEN_USAGE_BUCKETS,
};

/** What one finished call contributes to the metrics. */
export interface CallMeasurement {
  /** Operation, provider, request model and server attributes (shared by every instrument). */
  base: Attributes;
  durationSeconds: number;
  /**
   * The span's result attributes (`response-attributes.ts`), if the call produced a result: the
   * response model and token counts are read from them, so the metrics say what the span says.
   */
  result: Attributes | undefined;
  errorType: string | undefined;
}

/** A token count of `result` under `key`, when it holds a finite number. */
function tokens(result: Attributes | undefined, key: string): number | undefined {
  const v = result?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The instruments of one layout, created from one meter. */
export interface GenAIClientMetrics {
  /** Records one finished call. */
  record(c: CallMeasurement): void;
}

const tokenHistogram = (meter: Meter, name: string, description: string): Histogram =>
  meter.createHistogram(name, {
    description,
    unit: '{token}',
    advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
  });

const durationHistogram = (meter: Meter, name: string, description: string): Histogram =>
  meter.createHistogram(name, {
    description,
    unit: 's',
    advice: { explicitBucketBoundaries: [...OPERATION_DURATION_BUCKETS] },
  });

const tokenCounter = (meter: Meter, name: string, description: string): Counter =>
  meter.createCounter(name, { description, unit: '{token}' });

function baseAttributes(c: CallMeasurement): Attributes {
  const attrs: Attributes = { ...c.base };
  const model = c.result?.[ATTR_GEN_AI_RESPONSE_MODEL];
  if (typeof model === 'string' && model !== '') attrs[ATTR_GEN_AI_RESPONSE_MODEL] = model;
  return attrs;
}

/** `attrs` plus `error.type` for a failed call (a copy), else `attrs` itself. */
function withErrorType(attrs: Attributes, errorType: string | undefined): Attributes {
  return errorType ? { ...attrs, [ATTR_ERROR_TYPE]: errorType } : attrs;
}

/** The default layout: token usage by `gen_ai.token.type` (reported counts only) and duration. */
class TokenUsageMetrics implements GenAIClientMetrics {
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;

  constructor(meter: Meter) {
    this.tokenUsage = tokenHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
      'Number of input and output tokens used.',
    );
    this.duration = durationHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
      'GenAI operation duration.',
    );
  }

  record(c: CallMeasurement): void {
    const attrs = baseAttributes(c);
    this.duration.record(c.durationSeconds, withErrorType(attrs, c.errorType));
    const input = tokens(c.result, ATTR_GEN_AI_USAGE_INPUT_TOKENS);
    const output = tokens(c.result, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
    if (input !== undefined) this.tokenUsage.record(input, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
    if (output !== undefined)
      this.tokenUsage.record(output, { ...attrs, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
  }
}

/**
 * The latest experimental layout (`gen-ai-token-metrics.md`, `client-inference.md`): every inference
 * call, failed ones included, adds to the token counters (0 when no usage came back) under
 * `gen_ai.token.modality` `unknown` — OpenAI's usage does not split cached or reasoning tokens by
 * modality — and records its per-operation token histograms and duration (with `error.type`).
 */
class InferenceMetrics implements GenAIClientMetrics {
  private readonly duration: Histogram;
  private readonly operationInput: Histogram;
  private readonly operationOutput: Histogram;
  private readonly usageInput: Counter;
  private readonly usageOutput: Counter;
  private readonly usageCacheRead: Counter;
  private readonly usageCacheWrite: Counter;
  private readonly usageReasoning: Counter;
  /** The span attribute the cache-write count is under (this layout's semconv). */
  private readonly cacheWriteKey: string;

  constructor(meter: Meter, semconv: GenAISemconv) {
    this.cacheWriteKey = semconv.usageCacheWriteInputTokens;
    this.duration = durationHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
      'GenAI client inference operation duration.',
    );
    this.operationInput = tokenHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
      'The number of input (prompt) tokens used per inference operation.',
    );
    this.operationOutput = tokenHistogram(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
      'The number of output (completion) tokens used per inference operation.',
    );
    this.usageInput = tokenCounter(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
      'The number of input (prompt) tokens used, including cached tokens.',
    );
    this.usageOutput = tokenCounter(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
      'The number of output (completion) tokens used, including reasoning tokens.',
    );
    this.usageCacheRead = tokenCounter(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
      'The number of input tokens served from a provider-managed cache.',
    );
    this.usageCacheWrite = tokenCounter(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
      'The number of input tokens written to a provider-managed cache.',
    );
    this.usageReasoning = tokenCounter(
      meter,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
      'The number of output tokens used for reasoning.',
    );
  }

  record(c: CallMeasurement): void {
    const attrs = baseAttributes(c);
    const withError = withErrorType(attrs, c.errorType);
    const r = c.result;
    const input = tokens(r, ATTR_GEN_AI_USAGE_INPUT_TOKENS) ?? 0;
    const output = tokens(r, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) ?? 0;
    this.duration.record(c.durationSeconds, withError);
    this.operationInput.record(input, withError);
    this.operationOutput.record(output, withError);
    // A new object: the SDK keeps the recorded attributes by reference.
    const usage: Attributes = { ...attrs, [ATTR_GEN_AI_TOKEN_MODALITY]: 'unknown' };
    this.usageInput.add(input, usage);
    this.usageOutput.add(output, usage);
    this.usageCacheRead.add(tokens(r, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS) ?? 0, usage);
    this.usageCacheWrite.add(tokens(r, this.cacheWriteKey) ?? 0, usage);
    this.usageReasoning.add(tokens(r, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS) ?? 0, usage);
  }
}

/** Creates the instruments of `semconv`'s layout on `meter`. */
export function createGenAIClientMetrics(
  meter: Meter,
  semconv: GenAISemconv = genAISemconv(),
): GenAIClientMetrics {
  return semconv.clientMetrics === 'inference'
    ? new InferenceMetrics(meter, semconv)
    : new TokenUsageMetrics(meter);
}

/** Metric instruments for a meter provider, or `undefined` when it is the API's no-op provider. */
export function metricsFor(provider: MeterProvider): GenAIClientMetrics | undefined {
  if (provider.constructor?.name === 'NoopMeterProvider') return undefined;
  return createGenAIClientMetrics(
    provider.getMeter(OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION),
  );
}
