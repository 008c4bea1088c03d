import { type Attributes, type Span, SpanKind } from '@opentelemetry/api';
import { getRunBaggageAttributes } from '../conversation/baggage.ts';
import type { ModelMessage, ModelResponse } from '../messages/types.ts';
import type { Model, ModelRequestParameters, ModelSettings, ModelStreamEvent } from '../models/model.ts';
import { withSpan } from '../run/span.ts';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
} from '../semconv/attributes.ts';
import { contentAttribute } from '../semconv/content.ts';
import { toGenAiMessages as toGenAIMessages } from '../semconv/messages.ts';

/** How the agent calls a model once. */
export interface ModelCallOptions {
  stream: boolean;
  signal?: AbortSignal;
  captureContent: boolean;
  /** Receives text deltas and tool calls as they stream. */
  onEvent?: (event: ModelStreamEvent) => void;
}

function startAttributes(model: Model, settings: ModelSettings | undefined, stream: boolean): Attributes {
  const a: Attributes = {
    ...getRunBaggageAttributes(),
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.chat,
    [ATTR_GEN_AI_PROVIDER_NAME]: model.system,
    [ATTR_GEN_AI_REQUEST_MODEL]: model.modelName,
    [ATTR_GEN_AI_REQUEST_STREAM]: stream,
  };
  if (typeof settings?.temperature === 'number') a[ATTR_GEN_AI_REQUEST_TEMPERATURE] = settings.temperature;
  if (typeof settings?.maxTokens === 'number') a[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = settings.maxTokens;
  if (typeof settings?.topP === 'number') a[ATTR_GEN_AI_REQUEST_TOP_P] = settings.topP;
  if (typeof settings?.seed === 'number') a[ATTR_GEN_AI_REQUEST_SEED] = settings.seed;
  return a;
}

function endAttributes(span: Span, response: ModelResponse, captureContent: boolean): void {
  if (response.model_name) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, response.model_name);
  if (response.provider_response_id)
    span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, response.provider_response_id);
  if (response.finish_reason)
    span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [response.finish_reason]);
  const u = response.usage;
  if (u) {
    span.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.input_tokens);
    span.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.output_tokens);
    if (u.cache_read_tokens)
      span.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, u.cache_read_tokens);
  }
  if (captureContent) {
    span.setAttribute(ATTR_GEN_AI_OUTPUT_MESSAGES, contentAttribute(toGenAIMessages([response]).messages));
  }
}

async function invoke(
  model: Model,
  messages: ModelMessage[],
  settings: ModelSettings | undefined,
  params: ModelRequestParameters,
  options: ModelCallOptions,
): Promise<ModelResponse> {
  if (!options.stream) return model.request(messages, settings, params, options.signal);
  let final: ModelResponse | undefined;
  for await (const event of model.requestStream(messages, settings, params, options.signal)) {
    if (event.type === 'response') final = event.response;
    else options.onEvent?.(event);
  }
  if (!final) throw new Error(`model ${model.modelName} ended its stream without a response`);
  return final;
}

/**
 * Calls the model once. Models whose client makes its own `chat` span (`emitsChatSpans`) are called
 * as they are; for the others the agent makes the `chat {model}` span (CLIENT; ids from baggage;
 * provider, model and settings at start; response id, finish reason and usage at end).
 */
export function callModel(
  model: Model,
  messages: ModelMessage[],
  settings: ModelSettings | undefined,
  params: ModelRequestParameters,
  options: ModelCallOptions,
): Promise<ModelResponse> {
  if (model.emitsChatSpans) return invoke(model, messages, settings, params, options);
  const attributes = startAttributes(model, settings, options.stream);
  if (options.captureContent) {
    const { messages: input, systemInstructions } = toGenAIMessages(messages);
    attributes[ATTR_GEN_AI_INPUT_MESSAGES] = contentAttribute(input);
    if (systemInstructions.length > 0)
      attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = contentAttribute(systemInstructions);
  }
  return withSpan(
    `${GEN_AI_OPERATION.chat} ${model.modelName}`,
    { kind: SpanKind.CLIENT, attributes },
    async (span) => {
      const response = await invoke(model, messages, settings, params, options);
      endAttributes(span, response, options.captureContent);
      return response;
    },
  );
}
