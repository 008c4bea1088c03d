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

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' ? (v as Obj) : undefined;
}

/** An attributes object holding the response id and model of `r` (empty when `r` is not an object). */
function baseAttributes(r: Obj | undefined): Attributes {
  const attributes: Attributes = {};
  if (r) {
    setStr(attributes, ATTR_GEN_AI_RESPONSE_ID, r.id);
    setStr(attributes, ATTR_GEN_AI_RESPONSE_MODEL, r.model);
  }
  return attributes;
}

/**
 * Span-end attributes of a Responses API `Response` object. The metrics read their token counts from
 * the same object (`metrics.ts`), so span and metrics cannot disagree.
 */
export function responsesResultAttributes(result: unknown): Attributes {
  const r = asObj(result);
  const attributes = baseAttributes(r);
  if (!r) return attributes;
  const finish = responsesFinishReason(r);
  if (finish) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [finish];
  setStr(attributes, ATTR_OPENAI_RESPONSE_SERVICE_TIER, r.service_tier);
  const conv = conversationIdOf(r.conversation);
  if (conv) attributes[ATTR_OPENAI_CONVERSATION_ID] = conv;
  const usage = asObj(r.usage);
  if (usage) {
    const inDetails = asObj(usage.input_tokens_details);
    setUsageAttributes(
      attributes,
      usage.input_tokens,
      usage.output_tokens,
      inDetails?.cached_tokens,
      inDetails?.cache_write_tokens,
      asObj(usage.output_tokens_details)?.reasoning_tokens,
    );
  }
  return attributes;
}

/**
 * The `error.type` of a Responses `Response` that reports its own failure (`status: "failed"`): the
 * error's code, else `response_failed`; `undefined` for any other result.
 */
export function responsesFailure(result: unknown): string | undefined {
  const r = asObj(result);
  if (r?.status !== 'failed') return undefined;
  const code = asObj(r.error)?.code;
  return typeof code === 'string' && code !== '' ? code : 'response_failed';
}

/** The semconv finish reason of one Chat choice, if it has one (streamed choices may not). */
function choiceFinishReason(choice: unknown): string | undefined {
  const fr = asObj(choice)?.finish_reason;
  return typeof fr === 'string' ? chatFinishReason(fr) : undefined;
}

/** Span-end attributes of a `ChatCompletion` (or one assembled from stream chunks). */
export function chatResultAttributes(result: unknown): Attributes {
  const r = asObj(result);
  const attributes = baseAttributes(r);
  if (!r) return attributes;
  setStr(attributes, ATTR_OPENAI_RESPONSE_SERVICE_TIER, r.service_tier);
  setStr(attributes, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, r.system_fingerprint);
  const choices = r.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    // map(): an array of the final size (push() onto [] reserves 16 slots, on every call).
    const reasons = choices.map(choiceFinishReason);
    const known = reasons.includes(undefined) ? reasons.filter((x) => x !== undefined) : reasons;
    if (known.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = known as string[];
  }
  const usage = asObj(r.usage);
  if (usage) {
    setUsageAttributes(
      attributes,
      usage.prompt_tokens,
      usage.completion_tokens,
      asObj(usage.prompt_tokens_details)?.cached_tokens,
      undefined,
      asObj(usage.completion_tokens_details)?.reasoning_tokens,
    );
  }
  return attributes;
}
