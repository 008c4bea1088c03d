/**
 * How a `chat` span's values become attributes, shared by both paths that make one (the agent for
 * models without their own spans, `agent/model-call.ts`, and the OpenAI client instrumentation), so
 * a chat span has the same attributes whichever path made it. Setters write into a caller-owned
 * `Attributes` object (no intermediate objects on the instrumented hot path).
 */
import { type Attributes, diag } from '@opentelemetry/api';
import type { ModelMessage, ModelResponse } from '../messages/types.ts';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from './attributes.ts';
import { messagesAttribute, partsAttribute } from './content.ts';
import { toGenAIMessages, toGenAIOutputMessages } from './messages.ts';
import { genAISemconv } from './stability.ts';

/** Sets `key` to `v` when it is a finite number; returns what was set. */
export function setNumberAttribute(attrs: Attributes, key: string, v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) {
    attrs[key] = v;
    return v;
  }
  return undefined;
}

/** Sets `key` to `v` when it is a non-empty string; returns what was set. */
export function setStringAttribute(attrs: Attributes, key: string, v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') {
    attrs[key] = v;
    return v;
  }
  return undefined;
}

/** `gen_ai.request.stream`: set only for a streamed request (absent means not streamed). */
export function setStreamAttribute(attrs: Attributes, stream: boolean): void {
  if (stream) attrs[ATTR_GEN_AI_REQUEST_STREAM] = true;
}

function setPositive(attrs: Attributes, key: string, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) attrs[key] = v;
}

/**
 * Token usage: input and output whenever reported; cache read / cache write / reasoning only when
 * above zero (a zero there means "none" or "not reported", which providers do not tell apart). The
 * cache-write key follows `OTEL_SEMCONV_STABILITY_OPT_IN` (`stability.ts`).
 */
export function setUsageAttributes(
  attrs: Attributes,
  input: unknown,
  output: unknown,
  cacheRead: unknown,
  cacheWrite: unknown,
  reasoning: unknown,
): void {
  setNumberAttribute(attrs, ATTR_GEN_AI_USAGE_INPUT_TOKENS, input);
  setNumberAttribute(attrs, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, output);
  setPositive(attrs, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
  setPositive(attrs, genAISemconv().usageCacheWriteInputTokens, cacheWrite);
  setPositive(attrs, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
}

/**
 * Opt-in content of a chat span made from convtrace's own messages: `gen_ai.input.messages` and
 * `gen_ai.system_instructions` of the history sent. Never throws (content is the user's data).
 */
export function setInputContentAttributes(attrs: Attributes, messages: readonly ModelMessage[]): void {
  try {
    const { messages: input, systemInstructions } = toGenAIMessages(messages);
    attrs[ATTR_GEN_AI_INPUT_MESSAGES] = messagesAttribute(input);
    if (systemInstructions.length > 0)
      attrs[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = partsAttribute(systemInstructions);
  } catch (err) {
    diag.warn('convtrace: could not capture input messages', err);
  }
}

/** Opt-in `gen_ai.output.messages` of one model response. Never throws. */
export function setOutputContentAttributes(attrs: Attributes, response: ModelResponse): void {
  try {
    attrs[ATTR_GEN_AI_OUTPUT_MESSAGES] = messagesAttribute(toGenAIOutputMessages(response), undefined, true);
  } catch (err) {
    diag.warn('convtrace: could not capture output messages', err);
  }
}
