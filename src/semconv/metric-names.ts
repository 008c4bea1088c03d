/**
 * GenAI client metric names and their advised bucket boundaries, both layouts: the v1.37 one
 * (`gen_ai.client.token.usage`, `gen_ai.client.operation.duration`) that dashboards read today, and
 * the latest experimental one of open-telemetry/semantic-conventions-genai (`client-inference.md`,
 * `gen-ai-token-metrics.md`: genai#374 token counters and per-operation histograms, genai#521
 * `gen_ai.client.inference.duration`). Which layout is recorded is decided in `stability.ts`.
 */

/** v1.37: token usage histogram, split by `gen_ai.token.type`. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
/** v1.37: operation duration histogram. */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';

/** Latest: inference duration histogram (replaces `gen_ai.client.operation.duration` for inference). */
export const METRIC_GEN_AI_CLIENT_INFERENCE_DURATION = 'gen_ai.client.inference.duration';
/** Latest: input tokens counter (cached included), by `gen_ai.token.modality`. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS = 'gen_ai.client.inference.usage.input_tokens';
/** Latest: output tokens counter (reasoning included), by `gen_ai.token.modality`. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS =
  'gen_ai.client.inference.usage.output_tokens';
/** Latest: cache-read input tokens counter. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS =
  'gen_ai.client.inference.usage.cache_read.input_tokens';
/** Latest: cache-written input tokens counter. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS =
  'gen_ai.client.inference.usage.cache_write.input_tokens';
/** Latest: reasoning output tokens counter. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS =
  'gen_ai.client.inference.usage.reasoning.output_tokens';
/** Latest: input tokens per operation histogram (no modality: percentiles do not add up). */
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS =
  'gen_ai.client.inference.operation.input_tokens';
/** Latest: output tokens per operation histogram. */
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS =
  'gen_ai.client.inference.operation.output_tokens';

/** Semconv buckets for token counts: 1, 4, 16, … 67108864 (powers of 4). */
export const TOKEN_USAGE_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, i) => 4 ** i);
/** Semconv buckets for durations in seconds: 0.01, 0.02, … 81.92 (doubling). */
export const OPERATION_DURATION_BUCKETS: readonly number[] = Array.from(
  { length: 14 },
  (_, i) => Math.round(0.01 * 2 ** i * 100) / 100,
);
