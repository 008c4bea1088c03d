/**
 * Span-end attributes of a Responses `Response` or a Chat `ChatCompletion` (or the equivalent
 * assembled from a stream): ids, model, finish reasons, usage (incl. cached and reasoning tokens),
 * OpenAI service tier / fingerprint and the server-side `conv_…` id. Structural reads, every field
 * optional.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_OPENAI_CONVERSATION_ID,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
} from '../../semconv/attributes.ts';
import { setStringAttribute as setStr, setUsageAttributes } from '../../semconv/chat-attributes.ts';
import { chatFinishReason, responsesFinishReason } from '../../semconv/finish-reasons.ts';
import { conversationIdOf } from './request-attributes.ts';

type Obj = Record<string, unknown>;

/** What the metrics need from a result, next to the span attributes. */
export interface ResultSummary {
  /** Attributes to set on the span. */
  attributes: Attributes;
  /** `gen_ai.response.model`, if the result named one. */
  responseModel: string | undefined;
  /** Input tokens, if reported. */
  inputTokens: number | undefined;
  /** Output tokens, if reported. */
  outputTokens: number | undefined;
  /** Input tokens read from the provider's cache, if reported. */
  cacheReadTokens: number | undefined;
  /** Input tokens written to the provider's cache, if reported. */
  cacheWriteTokens: number | undefined;
  /** Reasoning output tokens, if reported. */
  reasoningTokens: number | undefined;
  /** Set when the result itself reports a failure (Responses `status: "failed"`): the `error.type`. */
  failure: string | undefined;
}

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' ? (v as Obj) : undefined;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Usage into the span attributes and the metric inputs of `summary`. */
function setUsage(
  summary: ResultSummary,
  input: unknown,
  output: unknown,
  cacheRead: unknown,
  cacheWrite: unknown,
  reasoning: unknown,
): void {
  summary.inputTokens = finite(input);
  summary.outputTokens = finite(output);
  summary.cacheReadTokens = finite(cacheRead);
  summary.cacheWriteTokens = finite(cacheWrite);
  summary.reasoningTokens = finite(reasoning);
  setUsageAttributes(summary.attributes, input, output, cacheRead, cacheWrite, reasoning);
}

/** A summary holding the response id and model of `r`; an empty one when the result is not an object. */
function baseSummary(r: Obj | undefined): ResultSummary {
  const attributes: Attributes = {};
  const summary: ResultSummary = {
    attributes,
    responseModel: undefined,
    inputTokens: undefined,
    outputTokens: undefined,
    cacheReadTokens: undefined,
    cacheWriteTokens: undefined,
    reasoningTokens: undefined,
    failure: undefined,
  };
  if (r) {
    setStr(attributes, ATTR_GEN_AI_RESPONSE_ID, r.id);
    summary.responseModel = setStr(attributes, ATTR_GEN_AI_RESPONSE_MODEL, r.model);
  }
  return summary;
}

/** Attributes and metric inputs of a Responses API `Response` object. */
export function responsesResultSummary(result: unknown): ResultSummary {
  const r = asObj(result);
  const summary = baseSummary(r);
  if (!r) return summary;
  const { attributes } = summary;
  const finish = responsesFinishReason(r);
  if (finish) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [finish];
  setStr(attributes, ATTR_OPENAI_RESPONSE_SERVICE_TIER, r.service_tier);
  const conv = conversationIdOf(r.conversation);
  if (conv) attributes[ATTR_OPENAI_CONVERSATION_ID] = conv;
  const usage = asObj(r.usage);
  if (usage) {
    const inDetails = asObj(usage.input_tokens_details);
    setUsage(
      summary,
      usage.input_tokens,
      usage.output_tokens,
      inDetails?.cached_tokens,
      inDetails?.cache_write_tokens,
      asObj(usage.output_tokens_details)?.reasoning_tokens,
    );
  }
  if (r.status === 'failed') {
    const code = asObj(r.error)?.code;
    summary.failure = typeof code === 'string' && code !== '' ? code : 'response_failed';
  }
  return summary;
}

/** Attributes and metric inputs of a `ChatCompletion` (or one assembled from stream chunks). */
export function chatResultSummary(result: unknown): ResultSummary {
  const r = asObj(result);
  const summary = baseSummary(r);
  if (!r) return summary;
  const { attributes } = summary;
  setStr(attributes, ATTR_OPENAI_RESPONSE_SERVICE_TIER, r.service_tier);
  setStr(attributes, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, r.system_fingerprint);
  const choices = r.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const reasons: string[] = [];
    for (const c of choices) {
      const fr = asObj(c)?.finish_reason;
      if (typeof fr === 'string') reasons.push(chatFinishReason(fr));
    }
    if (reasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = reasons;
  }
  const usage = asObj(r.usage);
  if (usage) {
    setUsage(
      summary,
      usage.prompt_tokens,
      usage.completion_tokens,
      asObj(usage.prompt_tokens_details)?.cached_tokens,
      undefined,
      asObj(usage.completion_tokens_details)?.reasoning_tokens,
    );
  }
  return summary;
}
