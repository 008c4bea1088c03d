import { modelResponse } from '../../messages/build.ts';
import {
  isToolReturnPart,
  latestInstructions,
  retryPromptText as retryText,
  toolCallArgsJson,
  toolReturnText,
} from '../../messages/parts.ts';
import type { ModelMessage, ModelResponse, ModelResponsePart, ToolCallPart } from '../../messages/types.ts';
import { chatFinishReason } from '../../semconv/finish-reasons.ts';
import type { ToolDefinition } from '../model.ts';
import type { WireObject } from './client-types.ts';

const text = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content));

/** Maps messages to Chat Completions messages; instructions become the leading system message. */
export function toChatMessages(messages: readonly ModelMessage[]): WireObject[] {
  const out: WireObject[] = [];
  const instructions = latestInstructions(messages);
  if (instructions) out.push({ role: 'system', content: instructions });
  for (const m of messages) {
    if (m.kind === 'request') {
      for (const p of m.parts) {
        const q = p as WireObject;
        if (p.part_kind === 'system-prompt') out.push({ role: 'system', content: String(q.content) });
        else if (p.part_kind === 'user-prompt') out.push({ role: 'user', content: text(q.content) });
        else if (isToolReturnPart(p))
          out.push({ role: 'tool', tool_call_id: p.tool_call_id, content: toolReturnText(p) });
        else if (p.part_kind === 'retry-prompt') {
          out.push(
            q.tool_name
              ? { role: 'tool', tool_call_id: q.tool_call_id, content: retryText(q.content as string) }
              : { role: 'user', content: retryText(q.content as string) },
          );
        }
      }
      continue;
    }
    let content = '';
    const toolCalls: WireObject[] = [];
    for (const p of m.parts) {
      const q = p as WireObject;
      if (p.part_kind === 'text') content += String(q.content);
      else if (p.part_kind === 'tool-call') {
        toolCalls.push({
          id: q.tool_call_id,
          type: 'function',
          function: { name: q.tool_name, arguments: toolCallArgsJson(p as ToolCallPart) },
        });
      }
    }
    out.push({
      role: 'assistant',
      content: content || null,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    });
  }
  return out;
}

/** Function tools in the Chat (nested) shape. */
export function toChatTools(tools: readonly ToolDefinition[]): WireObject[] {
  return tools.map((t) => ({
    type: 'function',
    function: {
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      parameters: t.parametersJsonSchema,
    },
  }));
}

/** Maps a chat completion (or one assembled from a stream) to a {@link ModelResponse}. */
export function fromChatCompletion(
  c: WireObject,
  providerName: string,
  providerUrl: string | null,
): ModelResponse {
  const choice = ((c.choices as WireObject[] | undefined) ?? [])[0] ?? {};
  const message = (choice.message as WireObject | undefined) ?? {};
  const parts: ModelResponsePart[] = [];
  if (typeof message.content === 'string' && message.content)
    parts.push({ part_kind: 'text', content: message.content, id: null, provider_details: null });
  if (typeof message.refusal === 'string' && message.refusal)
    parts.push({
      part_kind: 'text',
      content: message.refusal,
      id: null,
      provider_details: { refusal: true },
    });
  for (const tc of (message.tool_calls as WireObject[] | undefined) ?? []) {
    const fn = (tc.function as WireObject | undefined) ?? {};
    parts.push({
      part_kind: 'tool-call',
      tool_name: String(fn.name),
      args: String(fn.arguments ?? '{}'),
      tool_call_id: String(tc.id),
      id: null,
      provider_details: null,
    });
  }
  const u = c.usage as WireObject | undefined;
  const cached = Number((u?.prompt_tokens_details as WireObject | undefined)?.cached_tokens ?? 0);
  const reasoning = Number((u?.completion_tokens_details as WireObject | undefined)?.reasoning_tokens ?? 0);
  const raw = (choice.finish_reason as string | null | undefined) ?? null;
  return modelResponse(parts, {
    usage: {
      input_tokens: Number(u?.prompt_tokens ?? 0),
      cache_write_tokens: 0,
      cache_read_tokens: cached,
      output_tokens: Number(u?.completion_tokens ?? 0),
      details: reasoning ? { reasoning_tokens: reasoning } : {},
    },
    model_name: (c.model as string) ?? null,
    provider_name: providerName,
    provider_url: providerUrl,
    provider_details: raw ? { finish_reason: raw } : null,
    provider_response_id: (c.id as string) ?? null,
    finish_reason: raw ? chatFinishReason(raw) : null,
  });
}
