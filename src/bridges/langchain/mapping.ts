/**
 * LangChain callback payloads → GenAI attributes: the model a chat model call names, and what its
 * `LLMResult` reports (usage, response id, finish reason, output). Structural reads — providers fill
 * these fields differently — every field optional.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../../semconv/attributes.ts';
import type { GenAIMessage, GenAIPart } from '../../semconv/messages.ts';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' ? (v as Obj) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The model a chat model / LLM call names (invocation params, then LangSmith metadata). */
export function requestModelOf(extraParams: Obj | undefined, metadata: Obj | undefined): string | undefined {
  const params = obj(extraParams?.invocation_params);
  return str(params?.model) ?? str(params?.model_name) ?? str(metadata?.ls_model_name);
}

/** Start attributes of a chat model call. */
export function chatStartAttributes(model: string | undefined, metadata: Obj | undefined): Attributes {
  const attributes: Attributes = {};
  if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
  const provider = str(metadata?.ls_provider);
  if (provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
  return attributes;
}

/** The first generation's message of an `LLMResult`, if any. */
function firstMessage(output: unknown): Obj | undefined {
  const generations = obj(output)?.generations;
  const first =
    Array.isArray(generations) && Array.isArray(generations[0]) ? obj(generations[0][0]) : undefined;
  return obj(first?.message) ?? undefined;
}

function finishReasonOf(output: unknown, message: Obj | undefined): string {
  const generations = obj(output)?.generations;
  const first =
    Array.isArray(generations) && Array.isArray(generations[0]) ? obj(generations[0][0]) : undefined;
  const info = obj(first?.generationInfo);
  const meta = obj(message?.response_metadata);
  const reason = str(info?.finish_reason) ?? str(meta?.finish_reason) ?? str(meta?.stop_reason);
  if (reason) return reason === 'tool_calls' ? 'tool_call' : reason;
  const calls = message?.tool_calls;
  return Array.isArray(calls) && calls.length > 0 ? 'tool_call' : 'stop';
}

/** End attributes of a chat model call from its `LLMResult`. */
export function chatEndAttributes(output: unknown): Attributes {
  const attributes: Attributes = {};
  const message = firstMessage(output);
  const usage = obj(message?.usage_metadata);
  const legacy = obj(obj(obj(output)?.llmOutput)?.tokenUsage);
  const input = num(usage?.input_tokens) ?? num(legacy?.promptTokens);
  const outputTokens = num(usage?.output_tokens) ?? num(legacy?.completionTokens);
  if (input !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = input;
  if (outputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = outputTokens;
  const cached = num(obj(usage?.input_token_details)?.cache_read);
  if (cached !== undefined) attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = cached;
  const meta = obj(message?.response_metadata);
  const id = str(meta?.id) ?? str(message?.id);
  if (id) attributes[ATTR_GEN_AI_RESPONSE_ID] = id;
  const model = str(meta?.model_name) ?? str(meta?.model);
  if (model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = model;
  attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [finishReasonOf(output, message)];
  return attributes;
}

const ROLES: Record<string, GenAIMessage['role']> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
  system: 'system',
  tool: 'tool',
};

/** A LangChain message (class instance or its serialized form) as a GenAI semconv message. */
export function toGenAIMessage(message: unknown): GenAIMessage {
  const m = obj(message) ?? {};
  const type = typeof m._getType === 'function' ? String((m._getType as () => string)()) : str(m.type);
  const role = ROLES[type ?? ''] ?? ROLES[str(m.role) ?? ''] ?? 'user';
  const parts: GenAIPart[] = [];
  const content = m.content;
  if (typeof content === 'string' && content !== '') parts.push({ type: 'text', content });
  else if (Array.isArray(content)) {
    for (const c of content) {
      const text = str(obj(c)?.text);
      if (text) parts.push({ type: 'text', content: text });
    }
  }
  if (role === 'tool') {
    return {
      role,
      parts: [{ type: 'tool_call_response', id: str(m.tool_call_id) ?? '', response: content }],
    };
  }
  if (Array.isArray(m.tool_calls)) {
    for (const call of m.tool_calls) {
      const c = obj(call);
      parts.push({
        type: 'tool_call',
        id: str(c?.id) ?? '',
        name: str(c?.name) ?? '',
        arguments: c?.args ?? {},
      });
    }
  }
  return { role, parts };
}
