import { type Attributes, type Span, SpanKind } from '@opentelemetry/api';
import { getRunBaggageAttributes } from '../conversation/baggage.ts';
import type { ModelMessage, ModelResponse } from '../messages/types.ts';
import type { Model, ModelRequestParameters, ModelSettings, ModelStreamEvent } from '../models/model.ts';
import { withSpan } from '../run/span.ts';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  GEN_AI_OPERATION,
} from '../semconv/attributes.ts';
import {
  setInputContentAttributes,
  setNumberAttribute,
  setOutputContentAttributes,
  setStreamAttribute,
  setStringAttribute,
  setUsageAttributes,
} from '../semconv/chat-attributes.ts';
import { setRunIdAliases } from '../semconv/stability.ts';

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
  };
  setRunIdAliases(a);
  setStreamAttribute(a, stream);
  setNumberAttribute(a, ATTR_GEN_AI_REQUEST_TEMPERATURE, settings?.temperature);
  setNumberAttribute(a, ATTR_GEN_AI_REQUEST_MAX_TOKENS, settings?.maxTokens);
  setNumberAttribute(a, ATTR_GEN_AI_REQUEST_TOP_P, settings?.topP);
  setNumberAttribute(a, ATTR_GEN_AI_REQUEST_SEED, settings?.seed);
  return a;
}

function endAttributes(span: Span, response: ModelResponse, captureContent: boolean): void {
  const a: Attributes = {};
  setStringAttribute(a, ATTR_GEN_AI_RESPONSE_MODEL, response.model_name);
  setStringAttribute(a, ATTR_GEN_AI_RESPONSE_ID, response.provider_response_id);
  if (response.finish_reason) a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [response.finish_reason];
  const u = response.usage;
  if (u) {
    setUsageAttributes(
      a,
      u.input_tokens,
      u.output_tokens,
      u.cache_read_tokens,
      u.cache_write_tokens,
      u.details?.reasoning_tokens,
    );
  }
  if (captureContent) setOutputContentAttributes(a, response);
  span.setAttributes(a);
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
  if (options.captureContent) setInputContentAttributes(attributes, messages);
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
