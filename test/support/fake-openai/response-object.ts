/** Builds Responses API objects (Response, output items, usage) with the fields the live API sends. */
import { isObject } from './http.ts';
import { ids, nowSeconds } from './ids.ts';
import type { ResolvedReply } from './script.ts';
import type { JsonObject, JsonValue } from './types.ts';

/** The parts of a Response decided before the model answers. */
export interface ResponseFrame {
  id: string;
  createdAt: number;
  model: string;
  body: JsonObject;
  conversationId: string | undefined;
}

/** Output items of a reply, with their final (completed) shapes. */
export function buildOutputItems(resolved: ResolvedReply, incomplete: boolean): JsonObject[] {
  const output: JsonObject[] = [];
  if (resolved.reasoning !== undefined) {
    output.push({
      id: ids.reasoning(),
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: resolved.reasoning }],
    });
  }
  if (resolved.text !== undefined) {
    output.push({
      id: ids.message(),
      type: 'message',
      status: incomplete ? 'incomplete' : 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: resolved.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of resolved.toolCalls) {
    output.push({
      id: ids.functionCall(),
      type: 'function_call',
      status: 'completed',
      arguments: call.arguments,
      call_id: call.callId,
      name: call.name,
    });
  }
  return output;
}

/** The `usage` object (`cache_write_tokens` only when scripted). */
export function buildUsage(resolved: ResolvedReply): JsonObject {
  const u = resolved.usage;
  const inputDetails: JsonObject = { cached_tokens: u.cachedTokens };
  if (u.cacheWriteTokens !== undefined) inputDetails.cache_write_tokens = u.cacheWriteTokens;
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: inputDetails,
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

function echo(body: JsonObject, key: string, fallback: JsonValue): JsonValue {
  const value = body[key];
  return value === undefined ? fallback : value;
}

/** Overrides of the mutable parts of a Response. */
export interface ResponseState {
  status: 'in_progress' | 'completed' | 'failed' | 'incomplete';
  output: JsonObject[];
  usage: JsonObject | null;
  error?: JsonObject | null;
  incompleteReason?: string;
  model?: string;
}

/** The full Response object; `conversation` is present only when a conversation was used. */
export function buildResponse(frame: ResponseFrame, state: ResponseState): JsonObject {
  const body = frame.body;
  const reasoning = isObject(body.reasoning) ? body.reasoning : {};
  const text = isObject(body.text) ? body.text : {};
  const finished = state.status !== 'in_progress';
  const response: JsonObject = {
    id: frame.id,
    object: 'response',
    created_at: frame.createdAt,
    status: state.status,
    background: echo(body, 'background', false),
    billing: { payer: 'developer' },
    completed_at: state.status === 'completed' ? nowSeconds() : null,
    error: state.error ?? null,
    frequency_penalty: echo(body, 'frequency_penalty', 0),
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: echo(body, 'instructions', null),
    max_output_tokens: echo(body, 'max_output_tokens', null),
    max_tool_calls: echo(body, 'max_tool_calls', null),
    metadata: echo(body, 'metadata', {}),
    model: state.model ?? frame.model,
    moderation: null,
    output: state.output,
    parallel_tool_calls: echo(body, 'parallel_tool_calls', true),
    presence_penalty: echo(body, 'presence_penalty', 0),
    previous_response_id: echo(body, 'previous_response_id', null),
    prompt_cache_key: echo(body, 'prompt_cache_key', null),
    prompt_cache_retention: echo(body, 'prompt_cache_retention', 'in_memory'),
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: echo(body, 'safety_identifier', null),
    service_tier: finished ? 'default' : echo(body, 'service_tier', 'auto'),
    store: echo(body, 'store', true),
    temperature: echo(body, 'temperature', 1),
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: echo(body, 'tool_choice', 'auto'),
    tools: echo(body, 'tools', []),
    top_logprobs: echo(body, 'top_logprobs', 0),
    top_p: echo(body, 'top_p', 1),
    truncation: echo(body, 'truncation', 'disabled'),
    usage: state.usage,
    user: echo(body, 'user', null),
  };
  if (frame.conversationId !== undefined) response.conversation = { id: frame.conversationId };
  return response;
}

/** The in-progress shape of an output item (as `response.output_item.added` carries it). */
export function inProgressItem(item: JsonObject): JsonObject {
  if (item.type === 'message') return { ...item, status: 'in_progress', content: [] };
  if (item.type === 'function_call') return { ...item, status: 'in_progress', arguments: '' };
  if (item.type === 'reasoning') return { ...item, summary: [] };
  return { ...item };
}
