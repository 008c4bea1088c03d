/**
 * `OTEL_SEMCONV_STABILITY_OPT_IN`: the one place that decides which GenAI convention shape convtrace
 * writes. The value is a comma-separated list; `gen_ai_latest_experimental` in it switches to the
 * latest experimental conventions of open-telemetry/semantic-conventions-genai, and without it the
 * output stays the shape convtrace has always written (instrumentations that shipped an older shape
 * SHOULD keep it by default). Other list entries (`http`, `database`, …) belong to other
 * instrumentations and are ignored here.
 *
 * What the opt-in switches:
 * - span attribute `gen_ai.usage.cache_creation.input_tokens` → `gen_ai.usage.cache_write.input_tokens`
 *   (genai#440), on the `chat` spans of both paths;
 * - the run id is also written as `gen_ai.agent.invocation.id` (proposed, genai PR #250) wherever
 *   convtrace writes `gen_ai.agent.call.id` on a span;
 * - client metrics: `gen_ai.client.token.usage` + `gen_ai.client.operation.duration` → the
 *   `gen_ai.client.inference.*` layout (`metric-names.ts`).
 *
 * Read once (at the first span or instrument that needs it) and cached: setters look names up in the
 * resolved object, so the hot path allocates nothing for it.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_GEN_AI_AGENT_CALL_ID } from '../conversation/keys.ts';
import {
  ATTR_GEN_AI_AGENT_INVOCATION_ID,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
} from './attributes.ts';

/** The standard environment variable. */
export const SEMCONV_STABILITY_OPT_IN_ENV = 'OTEL_SEMCONV_STABILITY_OPT_IN';
/** The list entry that switches GenAI output to the latest experimental conventions. */
export const GEN_AI_LATEST_EXPERIMENTAL = 'gen_ai_latest_experimental';

/** `default`: the shape convtrace has always written; `latest_experimental`: the opt-in. */
export type GenAISemconvMode = 'default' | 'latest_experimental';

/**
 * Client metric layout: `token_usage` = `gen_ai.client.token.usage` (by `gen_ai.token.type`) and
 * `gen_ai.client.operation.duration`; `inference` = the `gen_ai.client.inference.*` counters,
 * per-operation histograms and duration.
 */
export type GenAIClientMetricsLayout = 'token_usage' | 'inference';

/** The names one mode writes. */
export interface GenAISemconv {
  /** Which mode this is. */
  readonly mode: GenAISemconvMode;
  /** Span attribute key of cache-written input tokens. */
  readonly usageCacheWriteInputTokens: string;
  /** Further span attribute keys the run id is written under, next to `gen_ai.agent.call.id`. */
  readonly runIdAliases: readonly string[];
  /** Which client metrics are recorded. */
  readonly clientMetrics: GenAIClientMetricsLayout;
}

const MODES: Readonly<Record<GenAISemconvMode, GenAISemconv>> = {
  default: Object.freeze({
    mode: 'default',
    usageCacheWriteInputTokens: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
    runIdAliases: Object.freeze([]),
    clientMetrics: 'token_usage',
  }),
  latest_experimental: Object.freeze({
    mode: 'latest_experimental',
    usageCacheWriteInputTokens: ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
    runIdAliases: Object.freeze([ATTR_GEN_AI_AGENT_INVOCATION_ID]),
    clientMetrics: 'inference',
  }),
};

/** The mode an `OTEL_SEMCONV_STABILITY_OPT_IN` value (comma list, case and blanks ignored) asks for. */
export function semconvModeFromEnv(env: NodeJS.ProcessEnv = process.env): GenAISemconvMode {
  const value = env[SEMCONV_STABILITY_OPT_IN_ENV];
  if (!value) return 'default';
  for (const entry of value.split(','))
    if (entry.trim().toLowerCase() === GEN_AI_LATEST_EXPERIMENTAL) return 'latest_experimental';
  return 'default';
}

/** The names `mode` writes. */
export function genAISemconvFor(mode: GenAISemconvMode): GenAISemconv {
  return MODES[mode];
}

let resolved: GenAISemconv | undefined;

/** The names this process writes: resolved from the environment on first use, then cached. */
export function genAISemconv(): GenAISemconv {
  if (resolved === undefined) resolved = MODES[semconvModeFromEnv()];
  return resolved;
}

/**
 * Forgets the resolved mode, so the next {@link genAISemconv} reads the environment again. For tests
 * that flip `OTEL_SEMCONV_STABILITY_OPT_IN` in-process; metric instruments and span processors made
 * before keep the names they were made with.
 * @internal
 */
export function resetGenAISemconv(): void {
  resolved = undefined;
}

/**
 * Copies `attrs`' `gen_ai.agent.call.id`, when set, to the mode's run-id aliases (none by default,
 * `gen_ai.agent.invocation.id` under the opt-in). Call after the run id is in `attrs`.
 */
export function setRunIdAliases(attrs: Attributes, semconv: GenAISemconv = genAISemconv()): void {
  const aliases = semconv.runIdAliases;
  if (aliases.length === 0) return;
  const runId = attrs[ATTR_GEN_AI_AGENT_CALL_ID];
  if (runId === undefined) return;
  for (const key of aliases) attrs[key] = runId;
}
